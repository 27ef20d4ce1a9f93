// Shared pieces of the line-oriented extractors (reStructuredText, AsciiDoc, source comments):
// lines seen from a left edge, blocks whose lines are read as one text, and a collector that adds
// what was found to the document in file order.

/// A line of a file seen from a left edge (the line start, a list item's text, a table cell's
/// border): where its text starts and ends and how far it is indented.
struct MarkupLine: Equatable {
    /// First byte that is not a space or tab (`hi` on a blank line).
    var lo: Int
    /// End of the text: trailing blanks and the line break excluded.
    var hi: Int
    /// Columns of blanks before `lo`, counted from the left edge (a tab moves to the next multiple of 8).
    var indent: Int

    var isBlank: Bool { lo >= hi }

    /// A blank line at `offset`, used to keep two pieces of a body apart.
    static func blank(at offset: Int) -> MarkupLine { MarkupLine(lo: offset, hi: offset, indent: 0) }

    /// The lines of `bytes` (LF, CRLF or CR breaks; a leading byte order mark is not text).
    static func split(_ bytes: [UInt8]) -> [MarkupLine] {
        let lines = SourceLines(bytes)
        var out: [MarkupLine] = []
        out.reserveCapacity(lines.count)
        for k in 0..<lines.count {
            var start = lines.starts[k]
            if k == 0, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
            out.append(view(bytes, start, max(start, lines.end(line: k + 1))))
        }
        return out
    }

    /// The bytes `start..<end` of one line as a line of its own, indentation counted from `start`.
    static func view(_ bytes: [UInt8], _ start: Int, _ end: Int, column: Int = 0) -> MarkupLine {
        var lo = start
        var indent = column
        while lo < end, bytes[lo] == 0x20 || bytes[lo] == 0x09 {
            indent = bytes[lo] == 0x09 ? (indent / 8 + 1) * 8 : indent + 1
            lo += 1
        }
        var hi = end
        while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09 || bytes[hi - 1] == 0x0C { hi -= 1 }
        return MarkupLine(lo: lo, hi: hi, indent: indent)
    }
}

/// Byte tests the extractors share.
enum Bytes {
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C }
    static func isAlnum(_ b: UInt8) -> Bool { SourceText.isASCIIAlphanumeric(b) }
    static func isIdentifier(_ b: UInt8) -> Bool { isAlnum(b) || b == 0x5F }
    static func isPunctuation(_ b: UInt8) -> Bool { SourceText.isASCIIPunctuation(b) }

    /// Whether the character ending just before `at` is a letter or digit (any script).
    static func wordBefore(_ t: [UInt8], _ at: Int) -> Bool {
        guard at > 0 else { return false }
        var k = at - 1
        if t[k] < 0x80 { return isAlnum(t[k]) }
        while k > 0, t[k] & 0xC0 == 0x80 { k -= 1 }
        return SourceText.isWordCharacter(t, k)
    }

    /// Whether the character starting at `at` is a letter or digit (any script).
    static func wordAt(_ t: [UInt8], _ at: Int) -> Bool {
        guard at < t.count else { return false }
        return t[at] < 0x80 ? isAlnum(t[at]) : SourceText.isWordCharacter(t, at)
    }

    /// Whether `t` holds `s` at `at`.
    static func has(_ t: [UInt8], _ at: Int, _ s: StaticString) -> Bool {
        s.withUTF8Buffer { p in
            guard at >= 0, at + p.count <= t.count else { return false }
            for k in 0..<p.count where t[at + k] != p[k] { return false }
            return true
        }
    }

    /// Number of characters in `t[range]` (a column count).
    static func columns(_ t: [UInt8], _ range: Range<Int>) -> Int {
        var n = 0
        for k in range where t[k] & 0xC0 != 0x80 { n += 1 }
        return n
    }
}

/// The lines of one block read as one text, joined by line feeds, with the way back to the file.
struct JoinedText {
    let segments: [Range<Int>]
    private(set) var text: [UInt8] = []
    /// Where each segment starts in `text`.
    private var starts: [Int] = []

    init(_ bytes: [UInt8], _ segments: [Range<Int>]) {
        self.segments = segments
        for (k, s) in segments.enumerated() {
            if k > 0 { text.append(0x0A) }
            starts.append(text.count)
            text.append(contentsOf: bytes[s])
        }
    }

    /// The file pieces of ranges of `text`; a piece that starts a later line is spaced (a soft break).
    func pieces(_ ranges: [(range: Range<Int>, spaceBefore: Bool)]) -> [(range: Range<Int>, spaceBefore: Bool)] {
        var out: [(range: Range<Int>, spaceBefore: Bool)] = []
        var k = 0
        for r in ranges where !r.range.isEmpty {
            while k + 1 < starts.count, starts[k + 1] <= r.range.lowerBound { k += 1 }
            var first = true
            var s = k
            while s < segments.count, starts[s] < r.range.upperBound {
                let lo = max(r.range.lowerBound - starts[s], 0)
                let hi = min(r.range.upperBound - starts[s], segments[s].count)
                if lo < hi {
                    let start = segments[s].lowerBound + lo
                    out.append((start..<(segments[s].lowerBound + hi), (first && r.spaceBefore) || (s > 0 && lo == 0)))
                    first = false
                }
                s += 1
            }
        }
        return out
    }
}

/// Prose blocks, directives and notes found by a line-oriented extractor; `finish` adds them to the
/// document in file order (table cells are found cell by cell, so their lines interleave).
struct ProseCollector {
    let bytes: [UInt8]
    var kinds: [BlockKind] = []
    var runs: [ProseRange] = []
    var directives: [Directive] = []
    var notes: [(bytes: Range<Int>, message: String)] = []
    var language: String?

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// Adds one block of file pieces (bare URLs cut out); nothing when no piece is left.
    mutating func add(_ kind: BlockKind, _ pieces: [(range: Range<Int>, spaceBefore: Bool)]) {
        let cut = SourceText.withoutURLs(pieces, bytes).pieces.filter { !$0.range.isEmpty }
        guard !cut.isEmpty else { return }
        kinds.append(kind)
        for p in cut { runs.append(ProseRange(bytes: p.range, block: kinds.count - 1, spaceBefore: p.spaceBefore)) }
    }

    /// Adds a block whose lines are `segments`, keeping what `inline` says is prose in their joined text.
    mutating func add(
        _ kind: BlockKind, segments: [Range<Int>],
        _ inline: ([UInt8]) -> [(range: Range<Int>, spaceBefore: Bool)]
    ) {
        let lines = segments.filter { !$0.isEmpty }
        guard !lines.isEmpty else { return }
        let joined = JoinedText(bytes, lines)
        add(kind, joined.pieces(inline(joined.text)))
    }

    /// Reads the text of a comment as an ally directive; true when it was one (or a mistyped one).
    @discardableResult
    mutating func comment(_ content: Range<Int>, whole: Range<Int>) -> Bool {
        guard !content.isEmpty, !whole.isEmpty else { return false }
        switch SourceText.directive(comment: bytes[content], range: whole) {
        case .directive(let d): directives.append(d)
        case .note(let message): notes.append((whole, message))
        case .none: return false
        }
        return true
    }

    func finish(_ document: inout Document) {
        let base = document.blockKinds.count
        document.blockKinds += kinds
        var end = 0
        for var run in runs.sorted(by: { $0.bytes.lowerBound < $1.bytes.lowerBound }) {
            // Two blocks never share bytes; should a bug make them, debug builds (and fuzzers) stop here.
            guard run.bytes.lowerBound >= end else {
                assertionFailure("prose runs overlap at \(run.bytes)")
                continue
            }
            end = run.bytes.upperBound
            run.block += base
            document.prose.append(run)
        }
        document.directives += directives.sorted { $0.bytes.lowerBound < $1.bytes.lowerBound }
        document.notes += notes
        if document.declaredLanguage == nil, let language { document.declaredLanguage = language }
    }
}
