import AllyCore
import Foundation

/// The text of `ally explain`, with its labels in the rule's own language.
public enum Explanation {
    static let labels: [String: [String: String]] = [
        "en": [
            "instead": "Instead", "fix": "Fix", "safe": "safe, applied by --fix",
            "unsafe": "unsafe, applied by --unsafe-fixes",
            "matches": "Matches", "unless": "Not when", "flag": "Flagged", "pass": "Fine", "source": "Source",
            "check": "document check",
        ],
        "de": [
            "instead": "Stattdessen", "fix": "Korrektur", "safe": "sicher, mit --fix",
            "unsafe": "unsicher, mit --unsafe-fixes",
            "matches": "Findet", "unless": "Nicht bei", "flag": "Wird markiert", "pass": "In Ordnung",
            "source": "Quelle", "check": "Dokumentprüfung",
        ],
        "es": [
            "instead": "En su lugar", "fix": "Corrección", "safe": "segura, con --fix",
            "unsafe": "insegura, con --unsafe-fixes",
            "matches": "Detecta", "unless": "Salvo", "flag": "Se marca", "pass": "Correcto", "source": "Fuente",
            "check": "revisión del documento",
        ],
        "fr": [
            "instead": "À la place", "fix": "Correction", "safe": "sûre, avec --fix",
            "unsafe": "à vérifier, avec --unsafe-fixes",
            "matches": "Repère", "unless": "Sauf", "flag": "Signalé", "pass": "Correct", "source": "Source",
            "check": "vérification du document",
        ],
    ]

    static func label(_ key: String, _ language: String) -> String {
        labels[language]?[key] ?? labels["en"]![key]!
    }

    public static func text(rule: Rule) -> String {
        let l = { (key: String) in label(key, rule.language) }
        var out =
            "\(rule.id)  (\(rule.category), \(rule.severity.rawValue))\n\n\(rule.message.replacingOccurrences(of: "{match}", with: "…"))\n\n"
        out += wrap(rule.why) + "\n\n"
        for s in rule.suggestions.styles where !s.alternatives.isEmpty {
            let style = s.style
            let alternatives = s.alternatives
            out +=
                (style.isEmpty ? l("instead") : "\(l("instead")) (\(style))") + ": "
                + alternatives.joined(separator: ", ") + "\n"
        }
        if let fix = rule.fix { out += "\(l("fix")): \(fix == .safe ? l("safe") : l("unsafe"))\n" }
        out += "\(l("matches")): " + rule.patterns.joined(separator: "; ") + "\n"
        if !rule.unless.isEmpty { out += "\(l("unless")): " + rule.unless.joined(separator: "; ") + "\n" }
        out += "\n\(l("flag")):\n" + rule.examples.flag.map { "  ✗ \($0)" }.joined(separator: "\n") + "\n"
        out += "\(l("pass")):\n" + rule.examples.pass.map { "  ✓ \($0)" }.joined(separator: "\n") + "\n"
        out += "\n\(l("source")): \(rule.source)\n"
        return out
    }

    public static func text(check: DocumentCheck) -> String {
        let l = { (key: String) in label(key, check.language) }
        var out =
            "\(check.id)  (\(check.category), \(check.severity.rawValue), \(l("check")): \(check.kind.rawValue))\n\n\(check.message)\n\n"
        out += wrap(check.why) + "\n\n"
        let alternatives = check.suggestions.alternatives(style: nil)
        if !alternatives.isEmpty { out += "\(l("instead")): " + alternatives.joined(separator: "; ") + "\n" }
        out += "\n\(l("source")): \(check.source)\n"
        return out
    }

    /// Wraps prose at 88 columns for the terminal.
    public static func wrap(_ text: String, width: Int = 88) -> String {
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
