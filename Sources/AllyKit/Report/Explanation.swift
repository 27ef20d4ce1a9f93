import Foundation

/// The text of `ally explain`.
public enum Explanation {
    public static func text(rule: Rule) -> String {
        var out = "\(rule.id)  (\(rule.category), \(rule.severity.rawValue))\n\n\(rule.message.replacingOccurrences(of: "{match}", with: "…"))\n\n"
        out += wrap(rule.why) + "\n\n"
        for (style, alternatives) in rule.suggestions.styles where !alternatives.isEmpty {
            out += (style.isEmpty ? "Instead" : "Instead (\(style))") + ": " + alternatives.joined(separator: ", ") + "\n"
        }
        if let fix = rule.fix { out += "Fix: \(fix == .safe ? "safe, applied by --fix" : "unsafe, applied by --unsafe-fixes")\n" }
        out += "Matches: " + rule.patterns.joined(separator: "; ") + "\n"
        if !rule.unless.isEmpty { out += "Not when: " + rule.unless.joined(separator: "; ") + "\n" }
        out += "\nFlagged:\n" + rule.examples.flag.map { "  ✗ \($0)" }.joined(separator: "\n") + "\n"
        out += "Fine:\n" + rule.examples.pass.map { "  ✓ \($0)" }.joined(separator: "\n") + "\n"
        out += "\nSource: \(rule.source)\n"
        return out
    }

    public static func text(check: DocumentCheck) -> String {
        var out = "\(check.id)  (\(check.category), \(check.severity.rawValue), document check: \(check.kind.rawValue))\n\n\(check.message)\n\n"
        out += wrap(check.why) + "\n\n"
        let alternatives = check.suggestions.alternatives(style: nil)
        if !alternatives.isEmpty { out += "Instead: " + alternatives.joined(separator: "; ") + "\n" }
        out += "\nSource: \(check.source)\n"
        return out
    }

    /// Wraps prose at 88 columns for the terminal.
    static func wrap(_ text: String, width: Int = 88) -> String {
        var lines: [String] = []
        var line = ""
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            if !line.isEmpty && line.count + word.count + 1 > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n")
    }
}
