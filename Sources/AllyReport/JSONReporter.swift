import AllyCore
/// `--format json`: the versioned contract other tools read.
public struct JSONReporter: Reporter {
    private var first = true
    public init() {}

    public mutating func begin(rules: RuleSet?) -> String { "{\"version\": 1,\n \"files\": [" }

    private var open = false
    private var diagnosticsInFile = 0

    public mutating func file(_ report: FileReport) -> String {
        let diagnostics = report.findings.map { JSONReporter.diagnostic($0, report) }
        var out = ""
        // Pieces of one input stream go into the same file object.
        if !(report.isContinuation && open) {
            out += close()
            out += (first ? "\n  " : ",\n  ") + "{\"path\": \(JSON.string(report.path)),\n   \"diagnostics\": ["
            first = false
            open = true
            diagnosticsInFile = 0
        }
        for d in diagnostics {
            out += (diagnosticsInFile == 0 ? "" : ",\n    ") + d
            diagnosticsInFile += 1
        }
        return out
    }

    private mutating func close() -> String {
        guard open else { return "" }
        open = false
        return "]}"
    }

    public mutating func end(_ summary: Summary) -> String {
        close() + "],\n \"summary\": {\"files\": \(summary.files), \"errors\": \(summary.errors), \"warnings\": \(summary.warnings), \"suggestions\": \(summary.suggestions)\(summary.fixesApplied > 0 ? ", \"fixesApplied\": \(summary.fixesApplied)" : "")}}\n"
    }

    /// One diagnostic object, shared with `ally job --format json` and the JSON Lines stream.
    public static func diagnostic(_ f: Finding, _ report: FileReport) -> String {
        let p = report.positions(f)
        let lo = report.offset(f.range.lowerBound), hi = report.offset(f.range.upperBound)
        var s = "{\"rule\": \(JSON.string(f.ruleID)), \"category\": \(JSON.string(f.category)), \"severity\": \(JSON.string(f.severity.rawValue)), "
        s += "\"message\": \(JSON.string(f.message)), \"match\": \(JSON.string(f.match)), "
        s += "\"range\": {\"start\": {\"line\": \(p.start.line), \"column\": \(p.start.column), \"offset\": \(lo)}, "
        s += "\"end\": {\"line\": \(p.end.line), \"column\": \(p.end.column), \"offset\": \(hi)}}, "
        s += "\"suggestions\": \(JSON.strings(f.suggestions))"
        if let fix = f.fix {
            let edits = fix.edits.map { e -> String in
                let a = report.position(e.range.lowerBound), b = report.position(e.range.upperBound)
                return "{\"range\": {\"start\": {\"line\": \(a.line), \"column\": \(a.column), \"offset\": \(report.offset(e.range.lowerBound))}, \"end\": {\"line\": \(b.line), \"column\": \(b.column), \"offset\": \(report.offset(e.range.upperBound))}}, \"replacement\": \(JSON.string(e.replacement))}"
            }
            s += ", \"fix\": {\"applicability\": \(JSON.string(fix.applicability.rawValue)), \"edits\": \(JSON.array(edits))}"
        }
        return s + "}"
    }
}
