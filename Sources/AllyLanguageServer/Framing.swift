/// The base protocol's framing: `Content-Length: N\r\n` (and optionally `Content-Type`) header
/// lines, an empty line, then N bytes of UTF-8 JSON.
public enum Frame: Equatable, Sendable {
    /// The body of one message.
    case message([UInt8])
    /// Bytes that are not a well-formed message; they were skipped and reading goes on.
    case malformed(String)
}

/// Cuts a byte stream into message bodies. Bytes arrive in pieces of any size; a broken header is
/// reported once and skipped up to the next `Content-Length:`, so one bad message costs only itself.
public struct FrameDecoder: Sendable {
    /// A body longer than this is refused (and skipped): no editor sends 64 MB in one message.
    public static let maxLength = 64 << 20
    /// A header block longer than this without its closing empty line is not a header.
    static let maxHeader = 8192

    private var buffer: [UInt8] = []
    private var start = 0

    public init() {}

    public mutating func append(_ bytes: some Sequence<UInt8>) {
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// Bytes received but not yet returned.
    public var pending: Int { buffer.count - start }

    /// The next frame, or nil until more bytes arrive.
    public mutating func next() -> Frame? {
        // Line breaks between messages are tolerated.
        while start < buffer.count, buffer[start] == 0x0D || buffer[start] == 0x0A { start += 1 }
        guard start < buffer.count else { return nil }
        guard let headerEnd = find([0x0D, 0x0A, 0x0D, 0x0A], from: start) else {
            if buffer.count - start > FrameDecoder.maxHeader {
                return skipBroken(from: start + 1, "a header of more than \(FrameDecoder.maxHeader) bytes")
            }
            return nil
        }
        let header = String(decoding: buffer[start..<headerEnd], as: UTF8.self)
        let bodyStart = headerEnd + 4
        var length: Int?
        var problem: String?
        for line in header.split(separator: "\r\n", omittingEmptySubsequences: false) {
            guard let colon = line.firstIndex(of: ":") else {
                problem = "a header line without ':' (\(String(line.prefix(40)).debugDescription))"
                continue
            }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch name {
            case "content-length":
                guard let n = Int(value), n >= 0, value.allSatisfy(\.isASCII) else {
                    problem = "Content-Length is not a number (\(value.prefix(40).debugDescription))"
                    continue
                }
                length = n
            case "content-type":
                let charset = value.lowercased().split(separator: ";").dropFirst().first {
                    $0.trimmingCharacters(in: .whitespaces).hasPrefix("charset=")
                }.map { $0.trimmingCharacters(in: .whitespaces).dropFirst("charset=".count) }
                if let charset, charset != "utf-8", charset != "utf8" {
                    problem = "charset \(charset) is not supported (only utf-8)"
                }
            default: continue
            }
        }
        guard let length else {
            return skipBroken(from: start + 1, problem ?? "a header without Content-Length")
        }
        if length > FrameDecoder.maxLength {
            return skipBroken(from: bodyStart, "a message of \(length) bytes (the limit is \(FrameDecoder.maxLength))")
        }
        guard buffer.count - bodyStart >= length else { return nil }
        start = bodyStart + length
        if let problem { return .malformed(problem) }
        return .message(Array(buffer[bodyStart..<(bodyStart + length)]))
    }

    /// Drops everything before the next `Content-Length:` at or after `from`.
    private mutating func skipBroken(from: Int, _ reason: String) -> Frame {
        let marker = Array("content-length:".utf8)
        var i = max(from, start + 1)
        var found: Int?
        while i + marker.count <= buffer.count {
            var k = 0
            while k < marker.count, FrameDecoder.lower(buffer[i + k]) == marker[k] { k += 1 }
            if k == marker.count {
                found = i
                break
            }
            i += 1
        }
        // Without a marker, keep a tail that could be the start of one still arriving.
        start = found ?? max(max(from, start + 1), buffer.count - marker.count + 1)
        start = min(start, buffer.count)
        return .malformed("malformed message skipped: " + reason)
    }

    static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

    private func find(_ needle: [UInt8], from: Int) -> Int? {
        guard buffer.count >= needle.count else { return nil }
        var i = from
        let last = buffer.count - needle.count
        while i <= last {
            if buffer[i] == needle[0] {
                var k = 1
                while k < needle.count, buffer[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// A body framed for the wire.
    public static func frame(_ body: [UInt8]) -> [UInt8] {
        Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
    }
}
