/// A JSON value, as JSON-RPC carries it. Written here rather than through `JSONSerialization`
/// because that one turns `true` and `1` into the same `NSNumber` on Linux and LSP tells them apart.
public enum JSON: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    public subscript(key: String) -> JSON? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// An integer, also from a double without a fraction (some clients send `1.0`).
    public var int: Int? {
        switch self {
        case .int(let i): return i
        case .double(let d) where d.rounded() == d && abs(d) < 9e15: return Int(d)
        default: return nil
        }
    }

    public var bool: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var array: [JSON]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var object: [String: JSON]? {
        if case .object(let o) = self { return o }
        return nil
    }

    public var isNull: Bool { self == .null }
}

extension JSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSON)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, b in b }))
    }
    public init(nilLiteral: ()) { self = .null }
}

/// Why a text is not JSON, with the byte offset where reading stopped.
public struct JSONError: Error, CustomStringConvertible, Equatable {
    public var offset: Int
    public var reason: String
    public var description: String { "\(reason) at byte \(offset)" }
}

extension JSON {
    /// Nesting deeper than this is refused: a hostile message must not exhaust the stack.
    static let maxDepth = 256

    /// Parses UTF-8 bytes holding exactly one JSON value (whitespace around it allowed).
    public static func parse(_ bytes: [UInt8]) throws -> JSON {
        var parser = JSONParser(bytes: bytes)
        parser.skipSpace()
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.at == bytes.count else { throw parser.error("unexpected text after the JSON value") }
        return value
    }

    public static func parse(_ text: String) throws -> JSON { try parse(Array(text.utf8)) }

    /// Compact UTF-8 serialisation; object keys sorted, so output is deterministic.
    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(to: &out)
        return out
    }

    public var text: String { String(decoding: serialized(), as: UTF8.self) }

    func write(to out: inout [UInt8]) {
        switch self {
        case .null: out += Array("null".utf8)
        case .bool(let b): out += Array((b ? "true" : "false").utf8)
        case .int(let i): out += Array(String(i).utf8)
        case .double(let d):
            if !d.isFinite {
                out += Array("null".utf8)
            } else if d.rounded() == d, abs(d) < 9e15 {
                out += Array(String(Int(d)).utf8)
            } else {
                out += Array(String(d).utf8)
            }
        case .string(let s): JSON.writeString(s, to: &out)
        case .array(let a):
            out.append(0x5B)
            for (i, v) in a.enumerated() {
                if i > 0 { out.append(0x2C) }
                v.write(to: &out)
            }
            out.append(0x5D)
        case .object(let o):
            out.append(0x7B)
            for (i, key) in o.keys.sorted().enumerated() {
                if i > 0 { out.append(0x2C) }
                JSON.writeString(key, to: &out)
                out.append(0x3A)
                o[key]!.write(to: &out)
            }
            out.append(0x7D)
        }
    }

    static func writeString(_ s: String, to out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(0x22)
        for b in s.utf8 {
            switch b {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case 0..<0x20: out += [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]]
            default: out.append(b)
            }
        }
        out.append(0x22)
    }
}

/// A recursive-descent reader over bytes.
struct JSONParser {
    let bytes: [UInt8]
    var at = 0

    func error(_ reason: String) -> JSONError { JSONError(offset: at, reason: reason) }

    mutating func skipSpace() {
        while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x0A || bytes[at] == 0x0D || bytes[at] == 0x09 {
            at += 1
        }
    }

    mutating func value(depth: Int) throws -> JSON {
        guard depth < JSON.maxDepth else { throw error("nesting deeper than \(JSON.maxDepth) levels") }
        guard at < bytes.count else { throw error("unexpected end of input") }
        switch bytes[at] {
        case 0x7B: return try object(depth: depth)
        case 0x5B: return try array(depth: depth)
        case 0x22: return .string(try string())
        case 0x74: return try literal("true", .bool(true))
        case 0x66: return try literal("false", .bool(false))
        case 0x6E: return try literal("null", .null)
        case 0x2D, 0x30...0x39: return try number()
        default: throw error("unexpected character")
        }
    }

    mutating func literal(_ word: String, _ value: JSON) throws -> JSON {
        let w = Array(word.utf8)
        guard at + w.count <= bytes.count, Array(bytes[at..<(at + w.count)]) == w else {
            throw error("unexpected character")
        }
        at += w.count
        return value
    }

    mutating func object(depth: Int) throws -> JSON {
        at += 1
        var out: [String: JSON] = [:]
        skipSpace()
        if at < bytes.count, bytes[at] == 0x7D {
            at += 1
            return .object(out)
        }
        while true {
            skipSpace()
            guard at < bytes.count, bytes[at] == 0x22 else { throw error("expected a string key") }
            let key = try string()
            skipSpace()
            guard at < bytes.count, bytes[at] == 0x3A else { throw error("expected ':'") }
            at += 1
            skipSpace()
            out[key] = try value(depth: depth + 1)
            skipSpace()
            guard at < bytes.count else { throw error("unexpected end of input") }
            if bytes[at] == 0x2C {
                at += 1
                continue
            }
            guard bytes[at] == 0x7D else { throw error("expected ',' or '}'") }
            at += 1
            return .object(out)
        }
    }

    mutating func array(depth: Int) throws -> JSON {
        at += 1
        var out: [JSON] = []
        skipSpace()
        if at < bytes.count, bytes[at] == 0x5D {
            at += 1
            return .array(out)
        }
        while true {
            skipSpace()
            out.append(try value(depth: depth + 1))
            skipSpace()
            guard at < bytes.count else { throw error("unexpected end of input") }
            if bytes[at] == 0x2C {
                at += 1
                continue
            }
            guard bytes[at] == 0x5D else { throw error("expected ',' or ']'") }
            at += 1
            return .array(out)
        }
    }

    mutating func string() throws -> String {
        at += 1
        var start = at
        var pieces: [UInt8] = []
        var escaped = false
        while true {
            guard at < bytes.count else { throw error("unterminated string") }
            let b = bytes[at]
            if b == 0x22 { break }
            if b < 0x20 { throw error("control character in a string") }
            if b != 0x5C {
                at += 1
                continue
            }
            escaped = true
            pieces += bytes[start..<at]
            at += 1
            guard at < bytes.count else { throw error("unterminated string") }
            let e = bytes[at]
            at += 1
            switch e {
            case 0x22, 0x5C, 0x2F: pieces.append(e)
            case 0x62: pieces.append(0x08)
            case 0x66: pieces.append(0x0C)
            case 0x6E: pieces.append(0x0A)
            case 0x72: pieces.append(0x0D)
            case 0x74: pieces.append(0x09)
            case 0x75:
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar), at + 6 <= bytes.count, bytes[at] == 0x5C,
                    bytes[at + 1] == 0x75
                {
                    let save = at
                    at += 2
                    let low = try hex4()
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        at = save
                    }
                }
                // A lone surrogate cannot be UTF-8: it becomes U+FFFD.
                let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                pieces += Array(String(Character(u)).utf8)
            default: throw error("unknown escape")
            }
            start = at
        }
        let end = at
        at += 1
        if !escaped { return String(decoding: bytes[start..<end], as: UTF8.self) }
        pieces += bytes[start..<end]
        return String(decoding: pieces, as: UTF8.self)
    }

    mutating func hex4() throws -> UInt32 {
        guard at + 4 <= bytes.count else { throw error("short \\u escape") }
        var v: UInt32 = 0
        for k in 0..<4 {
            let c = bytes[at + k]
            let d: UInt8
            switch c {
            case 0x30...0x39: d = c - 0x30
            case 0x41...0x46: d = c - 0x41 + 10
            case 0x61...0x66: d = c - 0x61 + 10
            default: throw error("bad \\u escape")
            }
            v = v << 4 | UInt32(d)
        }
        at += 4
        return v
    }

    mutating func number() throws -> JSON {
        let start = at
        if bytes[at] == 0x2D { at += 1 }
        func digits() -> Int {
            let s = at
            while at < bytes.count, bytes[at] >= 0x30, bytes[at] <= 0x39 { at += 1 }
            return at - s
        }
        guard at < bytes.count, digits() > 0 else { throw error("bad number") }
        var integral = true
        if at < bytes.count, bytes[at] == 0x2E {
            integral = false
            at += 1
            guard digits() > 0 else { throw error("bad number") }
        }
        if at < bytes.count, bytes[at] == 0x65 || bytes[at] == 0x45 {
            integral = false
            at += 1
            if at < bytes.count, bytes[at] == 0x2B || bytes[at] == 0x2D { at += 1 }
            guard digits() > 0 else { throw error("bad number") }
        }
        let text = String(decoding: bytes[start..<at], as: UTF8.self)
        if integral, let i = Int(text) { return .int(i) }
        guard let d = Double(text) else { throw error("bad number") }
        return .double(d)
    }
}
