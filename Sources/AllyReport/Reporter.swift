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

    public init() {}

    public mutating func add(_ findings: [Finding]) {
        for f in findings {
            switch f.severity {
            case .error: errors += 1
            case .warning: warnings += 1
            case .suggestion: suggestions += 1
            }
            if f.fix?.applicability == .safe { fixable += 1 }
        }
    }

    public var total: Int { errors + warnings + suggestions }
}

/// Writes findings in one output format; files arrive in order, one at a time, so output streams.
public protocol Reporter {
    mutating func begin(rules: RuleSet?) -> String
    mutating func file(_ report: FileReport) -> String
    mutating func end(_ summary: Summary) -> String
}
