import AllyCore
import Foundation

/// Reads standard input in pieces that end at a paragraph break (outside fenced code), so a
/// stream of any size is linted in bounded memory and findings are written as they are found.
struct ChunkReader {
    let fd: Int32
    let markdown: Bool
    /// Pieces are cut once this much is buffered (at the next paragraph break).
    var target = 1 << 20
    private var buffer: [UInt8] = []
    private var done = false
    private var inFence = false
    private var scanned = 0
    private var lastBreak = -1

    init(fd: Int32, markdown: Bool) {
        self.fd = fd
        self.markdown = markdown
    }

    /// The next piece, or nil at the end of input; a read error is thrown as its message.
    mutating func next() throws -> [UInt8]? {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            if let cut = cutPoint() {
                let piece = Array(buffer[0..<cut])
                buffer.removeSubrange(0..<cut)
                scanned = 0
                lastBreak = -1
                return piece
            }
            if done {
                if buffer.isEmpty { return nil }
                defer { buffer = [] }
                return buffer
            }
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Input.Problem(
                    path: "<stdin>", reason: "cannot read standard input: \(String(cString: strerror(errno)))")
            }
            if n == 0 { done = true } else { buffer.append(contentsOf: chunk[0..<n]) }
        }
    }

    /// Where to cut: after a blank line outside a code fence once enough is buffered; failing that
    /// (one huge paragraph), after any line break; failing that, after a space.
    private mutating func cutPoint() -> Int? {
        // Track fences line by line over the newly read part.
        var i = scanned
        var lineStart = i
        while i < buffer.count {
            if buffer[i] == 0x0A {
                let line = buffer[lineStart..<i]
                if markdown, isFence(line) { inFence.toggle() }
                if !inFence, i + 1 < buffer.count,
                    buffer[i + 1] == 0x0A || (buffer[i + 1] == 0x0D && i + 2 < buffer.count && buffer[i + 2] == 0x0A)
                {
                    lastBreak = i + 1
                }
                lineStart = i + 1
            }
            i += 1
        }
        scanned = lineStart
        guard buffer.count >= target else { return nil }
        if lastBreak > 0 { return lastBreak }
        guard buffer.count >= 4 * target else { return nil }
        // No paragraph break in a long stretch: cut at a line break, else a space, never inside a character.
        if let nl = buffer[..<buffer.count].lastIndex(of: 0x0A), nl > 0 { return nl + 1 }
        if let sp = buffer.lastIndex(of: 0x20), sp > 0 { return sp + 1 }
        var cut = buffer.count
        while cut > 0, buffer[cut - 1] & 0xC0 == 0x80 { cut -= 1 }
        return max(cut - 1, 1)
    }

    private func isFence(_ line: ArraySlice<UInt8>) -> Bool {
        let trimmed = line.drop { $0 == 0x20 }
        guard line.count - trimmed.count < 4, trimmed.count >= 3 else { return false }
        let c = trimmed.first!
        return (c == 0x60 || c == 0x7E) && trimmed.prefix(3).allSatisfy { $0 == c }
    }
}
