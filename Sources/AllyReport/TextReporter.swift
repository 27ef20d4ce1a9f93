import AllyCore

/// The default human output: `file:line:column: severity: message [rule]` (the GNU form editors and
/// CI log parsers read), the line with the match underlined, suggestions, a closing summary. Colour
/// only when asked (see `--color`).
public struct TextReporter: Reporter {
    public var color: Bool
    public var quiet: Bool
    /// Count the findings by rule after the summary (`--statistics`).
    public var statistics: Bool
    private var filesWithFindings = 0

    public init(color: Bool, quiet: Bool, statistics: Bool = false) {
        self.color = color
        self.quiet = quiet
        self.statistics = statistics
    }

    func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

    func label(_ severity: Severity) -> String {
        switch severity {
        case .error: return paint("error", "1;31")
        case .warning: return paint("warning", "1;33")
        case .suggestion: return paint("suggestion", "1;36")
        }
    }

    public mutating func begin(rules: RuleSet?) -> String { "" }

    public mutating func file(_ report: FileReport) -> String {
        var out = ""
        for note in report.notes {
            let p = report.position(note.range.lowerBound)
            out += "\(report.path):\(p.line):\(p.column): \(label(.warning)): \(note.message)\n"
        }
        guard !report.findings.isEmpty else { return out }
        if !report.isContinuation { filesWithFindings += 1 }
        for f in report.findings {
            let p = report.positions(f)
            // Something missing from the document has no line: `file: severity: message [rule]`.
            let place = f.isMissing ? report.path : "\(report.path):\(p.start.line):\(p.start.column)"
            out += "\(paint(place + ":", "1")) \(label(f.severity)): \(f.message) \(paint("[\(f.ruleID)]", "2"))\n"
            if quiet { continue }
            if !f.isMissing {
                out += underline(report, f, p.start)
            }
            if !f.suggestions.isEmpty {
                let fixNote =
                    f.fix.map { $0.applicability == .safe ? "  (fixable with --fix)" : "  (fix with --unsafe-fixes)" }
                    ?? ""
                out +=
                    "    " + paint("try: ", "32") + f.suggestions.joined(separator: ", ") + paint(fixNote, "2") + "\n"
            }
        }
        return out
    }

    /// The source line (shortened around long lines) with the match marked by carets. Only a window
    /// of the line around the match is decoded, so a megabyte-long line costs the same as a short one.
    func underline(_ report: FileReport, _ f: Finding, _ start: (line: Int, column: Int)) -> String {
        let localLine = start.line - report.baseLine
        let lineRange = report.lines.lineRange(localLine)
        let bytes = report.bytes
        let matchStart = min(max(f.range.lowerBound, lineRange.lowerBound), lineRange.upperBound)
        // 40 characters of context take at most 160 bytes; back up to a character boundary.
        var windowStart = max(lineRange.lowerBound, matchStart - 200)
        while windowStart > lineRange.lowerBound, bytes[windowStart] & 0xC0 == 0x80 { windowStart -= 1 }
        var windowEnd = min(lineRange.upperBound, max(matchStart, f.range.upperBound) + 200)
        while windowEnd < lineRange.upperBound, bytes[windowEnd] & 0xC0 == 0x80 { windowEnd += 1 }
        let before = Array(String(decoding: bytes[windowStart..<matchStart], as: UTF8.self).unicodeScalars)
        let scalars =
            before
            + Array(String(decoding: bytes[matchStart..<windowEnd], as: UTF8.self).replacingTabs().unicodeScalars)
        let from = before.count
        let matchLength = max(1, min(f.match.unicodeScalars.count, scalars.count - from))
        // Keep at most 100 characters of context around the match.
        let lo = max(0, from - 40)
        let hi = min(scalars.count, from + matchLength + 40)
        var shown = String(String.UnicodeScalarView(scalars[lo..<hi])).replacingTabs()
        var pad = from - lo
        if lo > 0 || windowStart > lineRange.lowerBound {
            shown = "…" + shown
            pad += 1
        }
        if hi < scalars.count || windowEnd < lineRange.upperBound { shown += "…" }
        let caretLength = f.match.contains("\n") ? max(1, scalars.count - from) : matchLength
        return "    " + shown + "\n    " + String(repeating: " ", count: pad)
            + paint(String(repeating: "^", count: min(caretLength, hi - from)), "31") + "\n"
    }

    public mutating func end(_ summary: Summary) -> String {
        let counts = statistics ? Statistics.text(summary) : ""
        if quiet { return counts }
        let files = summary.files == 1 ? "1 file" : "\(summary.files) files"
        var parts: [String] = []
        if summary.total == 0 {
            parts.append("No findings in \(files).")
        } else {
            parts.append(
                "\(summary.total) finding\(summary.total == 1 ? "" : "s") (\(summary.errors) error\(summary.errors == 1 ? "" : "s"), \(summary.warnings) warning\(summary.warnings == 1 ? "" : "s"), \(summary.suggestions) suggestion\(summary.suggestions == 1 ? "" : "s")) in \(files)."
            )
        }
        if summary.fixesApplied > 0 {
            parts.append(
                "Applied \(summary.fixesApplied) fix\(summary.fixesApplied == 1 ? "" : "es"); \(summary.total) finding\(summary.total == 1 ? " remains" : "s remain")."
            )
        } else if summary.fixable > 0 {
            parts.append("\(summary.fixable) fixable with --fix.")
        }
        return (summary.total > 0 ? "\n" : "") + parts.joined(separator: " ") + "\n"
            + (counts.isEmpty ? "" : "\n" + counts)
    }
}

extension String {
    func replacingTabs() -> String { String(map { $0 == "\t" ? " " : $0 }) }
}
