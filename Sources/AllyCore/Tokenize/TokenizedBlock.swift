/// How two neighbouring words are separated, which decides whether a phrase may span them.
public enum Gap: UInt8 {
    /// Spaces, line breaks, quotes, a joining hyphen or a slash.
    case soft = 0
    /// A comma (patterns may allow it explicitly).
    case comma = 1
    /// Anything else: sentence punctuation, brackets, a dash, the start of the block.
    case hard = 2
}

/// Token classes beyond the word itself, as bits.
public struct TokenClass: OptionSet, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let number = TokenClass(rawValue: 1)
    public static let money = TokenClass(rawValue: 2)
    public static let percent = TokenClass(rawValue: 4)
    public static let year = TokenClass(rawValue: 8)
}

/// One block of prose (a paragraph, heading, table cell…) as UTF-16 text and its word tokens.
/// Buffers are reused from block to block to avoid allocating per token.
public struct TokenizedBlock {
    /// The text handed to ICU; line breaks are spaces so a phrase can span them.
    public internal(set) var units: [UInt16] = []
    /// Byte offset in the original file where each unit's character starts.
    public internal(set) var unitToByte: [Int32] = []
    public internal(set) var starts: [Int32] = []
    public internal(set) var ends: [Int32] = []
    /// Word id per token (see `WordTable`), -1 when no pattern uses the word.
    public internal(set) var ids: [Int32] = []
    public internal(set) var classes: [TokenClass] = []
    /// The gap before each token.
    public internal(set) var gaps: [Gap] = []
    /// Folded text of every token, when compound matching needs it.
    var folded: [UInt16] = []
    var foldedStarts: [Int32] = []
    /// Index of the block in its document and its kind.
    public internal(set) var blockIndex = 0
    public internal(set) var kind: BlockKind = .paragraph

    public var count: Int { starts.count }

    mutating func reset() {
        units.removeAll(keepingCapacity: true)
        unitToByte.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        ids.removeAll(keepingCapacity: true)
        classes.removeAll(keepingCapacity: true)
        gaps.removeAll(keepingCapacity: true)
        folded.removeAll(keepingCapacity: true)
        foldedStarts.removeAll(keepingCapacity: true)
    }

    /// Appends the UTF-8 text bytes[range] (valid UTF-8) to the unit buffer.
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            let b0 = bytes[i]
            if b0 < 0x80 {
                // Line breaks and tabs become spaces: ICU would end a sentence at every line break.
                units.append(b0 == 0x0A || b0 == 0x0D || b0 == 0x09 ? 0x20 : UInt16(b0))
                unitToByte.append(Int32(i))
                i += 1
                continue
            }
            var scalar: UInt32
            var n: Int
            if b0 < 0xE0 {
                scalar = UInt32(b0 & 0x1F)
                n = 2
            } else if b0 < 0xF0 {
                scalar = UInt32(b0 & 0x0F)
                n = 3
            } else {
                scalar = UInt32(b0 & 0x07)
                n = 4
            }
            if i + n > end { n = end - i }
            for k in 1..<max(n, 1) { scalar = (scalar << 6) | UInt32(bytes[i + k] & 0x3F) }
            if scalar >= 0x10000 {
                let v = scalar - 0x10000
                units.append(UInt16(0xD800 + (v >> 10)))
                unitToByte.append(Int32(i))
                units.append(UInt16(0xDC00 + (v & 0x3FF)))
                unitToByte.append(Int32(i))
            } else {
                // U+2028/2029 separators act like line breaks.
                units.append(scalar == 0x2028 || scalar == 0x2029 ? 0x20 : UInt16(scalar))
                unitToByte.append(Int32(i))
            }
            i += max(n, 1)
        }
    }

    /// Fills the block with the prose ranges of one block of `document`, starting at range `i`;
    /// returns the index of the first range of the next block.
    mutating func fill(from document: Document, _ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let prose = document.prose
        let index = prose[i].block
        reset()
        blockIndex = index
        kind = document.blockKinds.indices.contains(index) ? document.blockKinds[index] : .paragraph
        var k = i
        while k < prose.count, prose[k].block == index {
            if prose[k].spaceBefore, !units.isEmpty { appendSpace(at: prose[k].bytes.lowerBound) }
            append(bytes, prose[k].bytes)
            k += 1
        }
        return k
    }

    /// Appends a synthetic space (between inline pieces that need one), mapped to `byte`.
    mutating func appendSpace(at byte: Int) {
        units.append(0x20)
        unitToByte.append(Int32(byte))
    }

    /// Byte range in the file of tokens first...last.
    public func byteRange(_ first: Int, _ last: Int) -> Range<Int> {
        byteRange(units: Int(starts[first]), Int(ends[last]))
    }

    /// Byte range in the file of units a..<b (b > a).
    public func byteRange(units a: Int, _ b: Int) -> Range<Int> {
        let lo = Int(unitToByte[a])
        return lo..<max(lo, endByte(ofUnit: b - 1))
    }

    /// The byte just past the character that unit u belongs to (u is not a high surrogate).
    @inline(__always)
    func endByte(ofUnit u: Int) -> Int {
        let v = units[u]
        let length: Int
        if v < 0x80 {
            length = 1
        } else if v < 0x800 {
            length = 2
        } else if v >= 0xDC00 && v < 0xE000 {
            length = 4
        } else {
            length = 3
        }
        return Int(unitToByte[u]) + length
    }

    /// Text of token i as a String (only for candidates).
    public func text(ofToken i: Int) -> String {
        String(decoding: units[Int(starts[i])..<Int(ends[i])], as: UTF16.self)
    }

    /// Text of units a..<b.
    public func text(units a: Int, _ b: Int) -> String {
        String(decoding: units[max(0, a)..<min(b, units.count)], as: UTF16.self)
    }

    func foldedToken(_ i: Int) -> ArraySlice<UInt16> {
        folded[Int(foldedStarts[i])..<Int(i + 1 < foldedStarts.count ? foldedStarts[i + 1] : Int32(folded.count))]
    }
}
