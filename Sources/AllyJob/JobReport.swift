import AllyCore
import AllyReport

/// One posting reviewed: its findings and what is missing, plus the gendered-wording count.
public struct JobReview: Sendable {
    public var path: String
    public var bytes: [UInt8]
    public var findings: [Finding]
    public var language: String
    /// Whether the language's rules check for what a posting leaves out.
    public var missingChecked: Bool
    /// Nil when the language has no list of gender-coded words.
    public var genderCoding: GenderCoding.Result?

    /// Reviews a linted posting: `list` is the language's gender-coded words, when it has them.
    public init(
        path: String, bytes: [UInt8], format: InputFormat, findings: [Finding], language: String,
        missingChecked: Bool, list: GenderCodingList?
    ) {
        self.path = path
        self.bytes = bytes
        self.findings = findings
        self.language = language
        self.missingChecked = missingChecked
        genderCoding = list.map {
            GenderCoding.analyze(Document.parse(path: path, bytes: bytes, format: format), list: $0)
        }
    }
}

/// The report of `ally job`: verdict first, then coded words, findings by category, what is missing.
public enum JobReport {
    static func label(_ v: GenderCoding.Verdict) -> String {
        switch v {
        case .stronglyFeminine: return "strongly feminine-coded"
        case .feminine: return "feminine-coded"
        case .neutral: return "neutral"
        case .masculine: return "masculine-coded"
        case .stronglyMasculine: return "strongly masculine-coded"
        }
    }

    public static func text(_ outcome: JobReview, color: Bool) -> String {
        func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
        let report = FileReport(path: outcome.path, bytes: outcome.bytes, findings: outcome.findings)
        var out = paint("Job posting review: \(outcome.path)", "1") + "\n\n"
        if let coding = outcome.genderCoding {
            out += paint("Gendered wording: \(label(coding.verdict))", "1") + "\n"
            switch coding.verdict {
            case .masculine, .stronglyMasculine:
                out +=
                    Explanation.wrap(
                        "Research by Gaucher, Friesen & Kay (2011) found that postings with more masculine-coded words were less appealing to women and signalled they would not belong. Swap some of the words below for neutral ones (\"competitive\" → \"motivated\", \"dominant\" → \"leading\"), or balance them.",
                        width: 90
                    ).split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n"
            case .feminine, .stronglyFeminine:
                out +=
                    "  Feminine-coded wording is not known to put men off in the same way; no change is needed for balance.\n"
            case .neutral:
                out += "  Masculine- and feminine-coded words balance out (or there are none).\n"
            }
            func list(_ name: String, _ hits: [GenderCoding.Hit]) -> String {
                guard !hits.isEmpty else { return "  \(name): none\n" }
                let items = hits.map { h -> String in "\(h.word) (line \(report.lines.line(h.range.lowerBound)))" }
                return "  \(name) (\(hits.count)): " + items.joined(separator: ", ") + "\n"
            }
            out += list("masculine-coded", coding.masculine) + list("feminine-coded", coding.feminine) + "\n"
        } else {
            // Say so rather than let silence read as a neutral verdict.
            out += paint("Gendered wording: not checked", "1") + "\n"
            out +=
                "  The rules for \(outcome.language) have no list of gender-coded words (the published lists are English).\n\n"
        }
        let written = outcome.findings.filter { !$0.isMissing }
        let missing = outcome.findings.filter { $0.isMissing }
        out += paint("Wording", "1") + "\n"
        if written.isEmpty { out += "  Nothing to change.\n" }
        var categories: [String] = []
        for f in written where !categories.contains(f.category) { categories.append(f.category) }
        for category in categories {
            let group = written.filter { $0.category == category }
            out += "  \(category) (\(group.count))\n"
            for f in group {
                let p = report.positions(f)
                out +=
                    "    line \(p.start.line):\(p.start.column)  \(f.severity.rawValue)  \(f.message)  [\(f.ruleID)]\n"
                if !f.suggestions.isEmpty { out += "      try: " + f.suggestions.joined(separator: ", ") + "\n" }
            }
        }
        out += "\n" + paint("What is missing", "1") + "\n"
        if !outcome.missingChecked {
            out +=
                "  Not checked: the rules for \(outcome.language) have no checks for pay, accommodations or flexible work.\n"
        } else if missing.isEmpty {
            out += "  Nothing: pay, accommodations and flexibility are covered.\n"
        }
        for f in missing {
            out += "  ✗ \(f.message)  [\(f.ruleID)]\n"
            for s in f.suggestions { out += "      → \(s)\n" }
        }
        var summary = Summary()
        summary.add(outcome.findings)
        out +=
            "\n\(summary.errors) error\(summary.errors == 1 ? "" : "s"), \(summary.warnings) warning\(summary.warnings == 1 ? "" : "s"), \(summary.suggestions) suggestion\(summary.suggestions == 1 ? "" : "s").\n"
        return out
    }

    /// `ally job --format json`: one posting's review, encoded from `JobReport.Wire`.
    public static func json(_ outcome: JobReview) -> String {
        let report = FileReport(path: outcome.path, bytes: outcome.bytes, findings: outcome.findings)
        var summary = Summary()
        summary.add(outcome.findings)
        let wire = Posting(
            path: outcome.path,
            genderCoding: outcome.genderCoding.map {
                Coding(
                    verdict: $0.verdict.rawValue, masculine: $0.masculine.map(\.word), feminine: $0.feminine.map(\.word)
                )
            },
            diagnostics: outcome.findings.filter { !$0.isMissing }.map { Wire.Diagnostic($0, in: report) },
            missing: outcome.findings.filter { $0.isMissing }.map {
                Missing(
                    check: $0.ruleID, severity: $0.severity.rawValue, message: $0.message, suggestions: $0.suggestions)
            },
            missingChecked: outcome.missingChecked, language: outcome.language,
            summary: Counts(errors: summary.errors, warnings: summary.warnings, suggestions: summary.suggestions))
        return Wire.encode(wire) + "\n"
    }

    /// The JSON of one reviewed posting (version 1).
    struct Posting: Encodable {
        var version = 1
        var path: String
        var genderCoding: Coding?
        var diagnostics: [Wire.Diagnostic]
        var missing: [Missing]
        var missingChecked: Bool
        var language: String
        var summary: Counts

        enum CodingKeys: String, CodingKey {
            case version, path, genderCoding, diagnostics, missing, missingChecked, language, summary
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(version, forKey: .version)
            try c.encode(path, forKey: .path)
            // Present as null when the language has no coded-word list, so readers see it was not checked.
            try c.encode(genderCoding, forKey: .genderCoding)
            try c.encode(diagnostics, forKey: .diagnostics)
            try c.encode(missing, forKey: .missing)
            try c.encode(missingChecked, forKey: .missingChecked)
            try c.encode(language, forKey: .language)
            try c.encode(summary, forKey: .summary)
        }
    }

    struct Coding: Encodable {
        var verdict: String
        var masculine: [String]
        var feminine: [String]
    }

    struct Missing: Encodable {
        var check: String
        var severity: String
        var message: String
        var suggestions: [String]
    }

    struct Counts: Encodable {
        var errors: Int
        var warnings: Int
        var suggestions: Int
    }
}
