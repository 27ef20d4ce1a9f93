/// One replacement: the bytes in `range` become `replacement`.
public struct Edit: Equatable, Sendable {
    public var range: Range<Int>
    public var replacement: String
    public init(range: Range<Int>, replacement: String) {
        self.range = range
        self.replacement = replacement
    }
}

/// A fix for a finding: its edits and whether they may be applied without a human look.
public struct Fix: Equatable, Sendable {
    public var edits: [Edit]
    public var applicability: Applicability
}

/// Something ally reports: a rule, where it matched, why it matters and what to write instead.
public struct Finding: Sendable {
    public var ruleID: String
    public var category: String
    public var severity: Severity
    public var message: String
    /// The matched text, exactly as written.
    public var match: String
    /// Byte offsets in the file; empty at 0 for findings about the whole document.
    public var range: Range<Int>
    public var suggestions: [String]
    public var fix: Fix?
    /// The rule's teaching sentence (reporters that carry rule help use it).
    public var why = ""
    /// True for document checks that report something missing rather than something written.
    public var isMissing = false
}

extension Finding {
    /// The message followed by the alternatives, for formats with a single text field.
    public var messageWithSuggestions: String {
        guard !suggestions.isEmpty else { return message }
        let stop = message.last.map { ".!?".contains($0) } ?? false ? "" : "."
        return message + stop + " Instead: " + suggestions.joined(separator: ", ") + "."
    }
}

/// Line and column of byte offsets, built once per document and used only for reported findings.
/// Queries usually come in increasing order (findings are sorted), so the column count resumes from
/// the previous answer: many findings on one enormous line cost one pass over it, not one each.
public final class LineIndex {
    private let starts: [Int]
    private let bytes: [UInt8]
    private var last: (line: Int, offset: Int, column: Int) = (0, 0, 1)
    /// For long lines: the column at every `step` bytes from the line's start.
    private var marks: [Int: [Int]] = [:]
    static let step = 4096

    private func checkpoints(line: Int) -> [Int] {
        if let known = marks[line] { return known }
        let start = starts[line]
        let end = line + 1 < starts.count ? starts[line + 1] : bytes.count
        var out = [1]
        var column = 1
        bytes.withUnsafeBufferPointer { b in
            var i = start
            while i < end {
                if b[i] & 0xC0 != 0x80 { column += 1 }
                i += 1
                if (i - start) % LineIndex.step == 0 { out.append(column) }
            }
        }
        marks[line] = out
        return out
    }

    public init(_ bytes: [UInt8]) {
        var starts = [0]
        bytes.withUnsafeBufferPointer { b in
            for i in 0..<b.count where b[i] == 0x0A { starts.append(i + 1) }
        }
        self.starts = starts
        self.bytes = bytes
    }

    /// 1-based line and column (column in Unicode scalars) of a byte offset.
    public func position(_ offset: Int) -> (line: Int, column: Int) {
        var lo = 0
        var hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        var column = 1
        var i = starts[lo]
        if last.line == lo, last.offset <= offset, last.offset >= i {
            column = last.column
            i = last.offset
        } else if offset - i > LineIndex.step {
            // A long line: start from the nearest checkpoint, so that findings in any order on a line of
            // megabytes cost the same as on a short one.
            let marks = checkpoints(line: lo)
            let k = min((offset - i) / LineIndex.step, marks.count - 1)
            column = marks[k]
            i += k * LineIndex.step
        }
        let end = min(offset, bytes.count)
        bytes.withUnsafeBufferPointer { b in
            while i < end {
                if b[i] & 0xC0 != 0x80 { column += 1 }
                i += 1
            }
        }
        last = (lo, max(i, starts[lo]), column)
        // A UTF-8 byte order mark on the first line is not a column.
        if lo == 0, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF, offset >= 3 { column -= 1 }
        return (lo + 1, column)
    }

    /// 1-based line of a byte offset.
    public func line(_ offset: Int) -> Int { position(offset).line }

    /// Byte range of a 1-based line, without its line break.
    public func lineRange(_ line: Int) -> Range<Int> {
        let lo = starts[max(0, min(line - 1, starts.count - 1))]
        var hi = line < starts.count ? starts[line] - 1 : bytes.count
        if hi > lo, hi - 1 < bytes.count, bytes[hi - 1] == 0x0D { hi -= 1 }
        return lo..<max(lo, hi)
    }

    public var lineCount: Int { starts.count }
}

extension Finding {
    /// A stable fingerprint (baselines, SARIF `partialFingerprints`): its rule, its words and the words of its line, with case,
    /// spacing and the line's position left out (FNV-1a, 64 bits, as 16 hexadecimal digits).
    public func fingerprint(in bytes: [UInt8]) -> String {
        let finding = self
        var lo = min(finding.range.lowerBound, bytes.count)
        while lo > 0, bytes[lo - 1] != 0x0A { lo -= 1 }
        var hi = min(finding.range.upperBound, bytes.count)
        while hi < bytes.count, bytes[hi] != 0x0A { hi += 1 }
        // Long lines (a minified file, one-paragraph text) count only the neighbourhood of the match.
        lo = max(lo, finding.range.lowerBound - 120)
        hi = min(hi, finding.range.upperBound + 120)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ b: UInt8) {
            hash ^= UInt64(b)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        func addWords<C: Collection>(_ text: C) where C.Element == UInt8 {
            var space = false
            var started = false
            for b in text {
                if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
                    space = started
                    continue
                }
                if space { add(0x20) }
                started = true
                space = false
                add(b >= 0x41 && b <= 0x5A ? b + 0x20 : b)
            }
            add(0)
        }
        addWords(Array(finding.ruleID.utf8))
        addWords(bytes[min(finding.range.lowerBound, bytes.count)..<min(finding.range.upperBound, bytes.count)])
        if lo < hi { addWords(bytes[lo..<hi]) }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
