/// `--format json`: the versioned contract other tools read.
public struct JSONReporter: Reporter {
    private var first = true
    public init() {}

    public mutating func begin(rules: RuleSet?) -> String { "{\"version\": 1,\n \"files\": [" }

    public mutating func file(_ report: FileReport) -> String {
        let diagnostics = report.findings.map { JSONReporter.diagnostic($0, report) }
        let body = "{\"path\": \(JSON.string(report.path)),\n   \"diagnostics\": [" + diagnostics.joined(separator: ",\n    ") + "]}"
        defer { first = false }
        return (first ? "\n  " : ",\n  ") + body
    }

    public mutating func end(_ summary: Summary) -> String {
        "],\n \"summary\": {\"files\": \(summary.files), \"errors\": \(summary.errors), \"warnings\": \(summary.warnings), \"suggestions\": \(summary.suggestions)\(summary.fixesApplied > 0 ? ", \"fixesApplied\": \(summary.fixesApplied)" : "")}}\n"
    }

    /// One diagnostic object, shared with `ally job --format json` and the JSON Lines stream.
    public static func diagnostic(_ f: Finding, _ report: FileReport) -> String {
        let p = report.positions(f)
        var s = "{\"rule\": \(JSON.string(f.ruleID)), \"category\": \(JSON.string(f.category)), \"severity\": \(JSON.string(f.severity.rawValue)), "
        s += "\"message\": \(JSON.string(f.message)), \"match\": \(JSON.string(f.match)), "
        s += "\"range\": {\"start\": {\"line\": \(p.start.line), \"column\": \(p.start.column), \"offset\": \(f.range.lowerBound)}, "
        s += "\"end\": {\"line\": \(p.end.line), \"column\": \(p.end.column), \"offset\": \(f.range.upperBound)}}, "
        s += "\"suggestions\": \(JSON.strings(f.suggestions))"
        if let fix = f.fix {
            let edits = fix.edits.map { e -> String in
                let a = report.lines.position(e.range.lowerBound), b = report.lines.position(e.range.upperBound)
                return "{\"range\": {\"start\": {\"line\": \(a.line), \"column\": \(a.column), \"offset\": \(e.range.lowerBound)}, \"end\": {\"line\": \(b.line), \"column\": \(b.column), \"offset\": \(e.range.upperBound)}}, \"replacement\": \(JSON.string(e.replacement))}"
            }
            s += ", \"fix\": {\"applicability\": \(JSON.string(fix.applicability.rawValue)), \"edits\": \(JSON.array(edits))}"
        }
        return s + "}"
    }
}
