import AllyCore

/// One linted file as reporters see it.
public struct FileReport {
    public var path: String
    public var bytes: [UInt8]
    public var findings: [Finding]
    public var notes: [(range: Range<Int>, message: String)] = []
    public let lines: LineIndex
    /// For standard input read in pieces: where this piece starts in the whole stream.
    public var baseOffset = 0
    public var baseLine = 0
    /// Column (1-based) where this piece starts on its first line, when a piece begins mid-line.
    public var baseColumn = 1
    /// A later piece of the same input as the previous report.
    public var isContinuation = false
    /// Why the file, or part of it, could not be linted or fixed (no such file, not UTF-8, read-only).
    public var errors: [String] = []

    public init(path: String, bytes: [UInt8], findings: [Finding], notes: [(range: Range<Int>, message: String)] = []) {
        self.path = path
        self.bytes = bytes
        self.findings = findings
        self.notes = notes
        lines = LineIndex(bytes)
    }

    /// 1-based positions of a finding's start and end (end exclusive), in the whole input.
    public func positions(_ f: Finding) -> (start: (line: Int, column: Int), end: (line: Int, column: Int)) {
        (position(f.range.lowerBound), position(f.range.upperBound))
    }

    /// 1-based line and column, in the whole input, of an offset in this report's bytes.
    public func position(_ offset: Int) -> (line: Int, column: Int) {
        let p = lines.position(offset)
        return (p.line + baseLine, p.line == 1 ? p.column + baseColumn - 1 : p.column)
    }

    /// Byte offset in the whole input of an offset in this report's bytes.
    public func offset(_ local: Int) -> Int { local + baseOffset }
}

/// Counts for the closing summary.
public struct Summary {
    public var files = 0
    public var errors = 0
    public var warnings = 0
    public var suggestions = 0
    public var fixesApplied = 0
    public var fixable = 0
    /// Findings per rule id.
    public var byRule: [String: Int] = [:]

    public init() {}

    public mutating func add(_ findings: [Finding]) {
        for f in findings {
            byRule[f.ruleID, default: 0] += 1
            switch f.severity {
            case .error: errors += 1
            case .warning: warnings += 1
            case .suggestion: suggestions += 1
            }
            if f.fix?.applicability == .safe { fixable += 1 }
        }
    }

    public var total: Int { errors + warnings + suggestions }

    /// Rule ids with their number of findings, most first (then by id).
    public var countsByRule: [(rule: String, count: Int)] {
        byRule.map { (rule: $0.key, count: $0.value) }.sorted { ($1.count, $0.rule) < ($0.count, $1.rule) }
    }
}

/// `--statistics` as text: the findings counted by rule, most first.
public enum Statistics {
    public static func text(_ summary: Summary) -> String {
        let counts = summary.countsByRule
        guard !counts.isEmpty else { return "Findings by rule: none\n" }
        let width = max(7, String(counts[0].count).count + 2)
        return "Findings by rule:\n"
            + counts.map { String(repeating: " ", count: width - String($0.count).count) + "\($0.count)  \($0.rule)\n" }
            .joined()
    }
}

/// A problem with the run rather than with one file: a rule or configuration file that is wrong
/// (with its position), a language without rules.
public struct RunError: Sendable {
    public var location: SourceLocation?
    public var message: String

    public init(location: SourceLocation?, message: String) {
        self.location = location
        self.message = message
    }
}

/// Writes findings in one output format; files arrive in order, one at a time, so output streams.
public protocol Reporter {
    mutating func begin(rules: RuleSet?) -> String
    mutating func file(_ report: FileReport) -> String
    /// A problem with the run; formats that carry errors keep it (the text format leaves it to
    /// standard error).
    mutating func problem(_ error: RunError) -> String
    mutating func end(_ summary: Summary) -> String
}

extension Reporter {
    public mutating func problem(_ error: RunError) -> String { "" }
}
