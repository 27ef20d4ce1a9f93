/// A place in a document as LSP counts it: a 0-based line and a 0-based offset in UTF-16 code units.
public struct Position: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var character: Int

    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }

    public var description: String { "\(line):\(character)" }

    public var json: JSON { ["line": .int(line), "character": .int(character)] }

    public init?(json: JSON?) {
        guard let line = json?["line"]?.int, let character = json?["character"]?.int else { return nil }
        self.init(line: line, character: character)
    }
}

/// A span between two positions (end exclusive).
public struct TextRange: Equatable, Sendable {
    public var start: Position
    public var end: Position

    public init(start: Position, end: Position) {
        self.start = start
        self.end = end
    }

    public var json: JSON { ["start": start.json, "end": end.json] }

    public init?(json: JSON?) {
        guard let start = Position(json: json?["start"]), let end = Position(json: json?["end"]) else { return nil }
        self.init(start: start, end: end)
    }
}

/// An open document's text as UTF-8 bytes, the form the linter reads and its findings point into,
/// with the line starts that translate byte offsets to LSP positions and back. Lines end at `\n`,
/// `\r\n` or a lone `\r`, as the protocol says.
public struct TextDocument: Sendable {
    public private(set) var bytes: [UInt8]
    /// Byte offset of each line's first byte; the first is 0.
    public private(set) var lineStarts: [Int] = [0]

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        indexLines()
    }

    public init(text: String) { self.init(bytes: Array(text.utf8)) }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public var lineCount: Int { lineStarts.count }

    private mutating func indexLines() {
        var starts = [0]
        starts.reserveCapacity(lineStarts.count + 16)
        bytes.withUnsafeBufferPointer { b in
            var i = 0
            let n = b.count
            while i < n {
                let c = b[i]
                if c == 0x0A {
                    starts.append(i + 1)
                } else if c == 0x0D {
                    if i + 1 < n, b[i + 1] == 0x0A { i += 1 }
                    starts.append(i + 1)
                }
                i += 1
            }
        }
        lineStarts = starts
    }

    /// Bytes of a line without its line break (an empty range past the last line).
    public func lineContent(_ line: Int) -> Range<Int> {
        guard line >= 0, line < lineStarts.count else { return bytes.count..<bytes.count }
        let lo = lineStarts[line]
        var hi = line + 1 < lineStarts.count ? lineStarts[line + 1] : bytes.count
        if hi > lo, bytes[hi - 1] == 0x0A { hi -= 1 }
        if hi > lo, bytes[hi - 1] == 0x0D { hi -= 1 }
        return lo..<hi
    }

    /// The line holding a byte offset.
    public func line(of offset: Int) -> Int {
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// UTF-16 code units of the UTF-8 character starting with `lead` (0 for a continuation byte).
    @inline(__always) static func units(_ lead: UInt8) -> Int {
        lead & 0xC0 == 0x80 ? 0 : (lead >= 0xF0 ? 2 : 1)
    }

    /// The byte offset of a position. A character past the end of its line means the line's end, a
    /// line past the last means the end of the text; a position inside a surrogate pair means the
    /// start of its character.
    public func offset(_ p: Position) -> Int {
        if p.line < 0 { return 0 }
        if p.line >= lineStarts.count { return bytes.count }
        let content = lineContent(p.line)
        var i = content.lowerBound
        var units = 0
        while i < content.upperBound {
            let u = TextDocument.units(bytes[i])
            if units + u > p.character { break }
            units += u
            i += 1
            while i < content.upperBound, bytes[i] & 0xC0 == 0x80 { i += 1 }
        }
        return i
    }

    /// The position of a byte offset (inside a character: of that character's start).
    public func position(_ offset: Int) -> Position {
        var cursor = PositionCursor()
        return cursor.position(offset, in: self)
    }

    /// Applies one change of `textDocument/didChange`: a range and its new text, or, without a
    /// range, the whole new text.
    public mutating func apply(_ range: TextRange?, _ text: String) {
        guard let range else {
            bytes = Array(text.utf8)
            indexLines()
            return
        }
        var lo = offset(range.start)
        var hi = offset(range.end)
        if hi < lo { swap(&lo, &hi) }
        bytes.replaceSubrange(lo..<hi, with: Array(text.utf8))
        indexLines()
    }

    /// The LSP range of a byte range.
    public func range(_ bytes: Range<Int>) -> TextRange {
        var cursor = PositionCursor()
        return cursor.range(bytes, in: self)
    }
}

/// Converts many byte offsets of one document to positions, resuming from the previous answer
/// when offsets come in order: many findings on one long line cost one pass over it.
public struct PositionCursor {
    private var line = -1
    private var offset = 0
    private var units = 0

    public init() {}

    public mutating func position(_ at: Int, in document: TextDocument) -> Position {
        let bytes = document.bytes
        var target = max(0, min(at, bytes.count))
        while target > 0, target < bytes.count, bytes[target] & 0xC0 == 0x80 { target -= 1 }
        let l = document.line(of: target)
        let content = document.lineContent(l)
        target = min(target, content.upperBound)
        var i = content.lowerBound
        var u = 0
        if l == line, offset <= target, offset >= i {
            i = offset
            u = units
        }
        bytes.withUnsafeBufferPointer { b in
            while i < target {
                u += TextDocument.units(b[i])
                i += 1
            }
        }
        line = l
        offset = i
        units = u
        return Position(line: l, character: u)
    }

    public mutating func range(_ r: Range<Int>, in document: TextDocument) -> TextRange {
        let start = position(r.lowerBound, in: document)
        return TextRange(start: start, end: position(r.upperBound, in: document))
    }
}
