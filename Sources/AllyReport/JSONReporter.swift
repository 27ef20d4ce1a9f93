import AllyCore

/// `--format json`: the versioned contract other tools read. Each diagnostic is encoded from the wire
/// model; the document around them is written as files arrive, so output streams.
public struct JSONReporter: Reporter {
    private var first = true
    /// Add `statistics`: the findings counted by rule, most first (`--statistics`).
    public var statistics: Bool

    public init(statistics: Bool = false) { self.statistics = statistics }

    public mutating func begin(rules: RuleSet?) -> String { "{\"version\": 1,\n \"files\": [" }

    private var open = false
    private var diagnosticsInFile = 0
    /// Errors of the open file, written when it closes; errors of the run, written at the end.
    private var fileErrors: [String] = []
    private var runErrors: [RunError] = []

    public mutating func file(_ report: FileReport) -> String {
        let diagnostics = report.findings.map { JSONReporter.diagnostic($0, report) }
        var out = ""
        // Pieces of one input stream go into the same file object.
        if !(report.isContinuation && open) {
            out += close()
            out += (first ? "\n  " : ",\n  ") + "{\"path\": \(Wire.encode(report.path)),\n   \"diagnostics\": ["
            first = false
            open = true
            diagnosticsInFile = 0
        }
        for d in diagnostics {
            out += (diagnosticsInFile == 0 ? "" : ",\n    ") + d
            diagnosticsInFile += 1
        }
        fileErrors += report.errors
        return out
    }

    public mutating func problem(_ error: RunError) -> String {
        runErrors.append(error)
        return ""
    }

    private mutating func close() -> String {
        guard open else { return "" }
        open = false
        // `errors` appears only on files that have some, so consumers of version 1 see no change.
        let errors = fileErrors.map { Wire.Error(message: $0) }
        fileErrors = []
        return errors.isEmpty ? "]}" : "],\n   \"errors\": " + Wire.encode(errors) + "}"
    }

    public mutating func end(_ summary: Summary) -> String {
        let counts = Wire.Summary(
            files: summary.files, errors: summary.errors, warnings: summary.warnings,
            suggestions: summary.suggestions,
            fixesApplied: summary.fixesApplied > 0 ? summary.fixesApplied : nil)
        var out = close() + "],\n "
        if !runErrors.isEmpty { out += "\"errors\": " + Wire.encode(runErrors.map(Wire.Error.init)) + ",\n " }
        out += "\"summary\": " + Wire.encode(counts)
        if statistics {
            out +=
                ",\n \"statistics\": "
                + Wire.encode(summary.countsByRule.map { Wire.RuleCount(rule: $0.rule, count: $0.count) })
        }
        return out + "}\n"
    }

    /// One diagnostic object, shared with `ally job --format json` and the JSON Lines stream.
    public static func diagnostic(_ f: Finding, _ report: FileReport) -> String {
        Wire.encode(Wire.Diagnostic(f, in: report))
    }
}
