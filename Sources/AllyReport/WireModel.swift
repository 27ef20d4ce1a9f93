import AllyCore
import Foundation

/// The JSON contract other tools read (`--format json`, JSON Lines, `ally job --format json`), as
/// `Encodable` types: version 1. Keys are written in alphabetical order, so output is byte-for-byte
/// repeatable (the encoder's own order follows a per-process hash seed).
public enum Wire {
    /// A 1-based line and column (columns count Unicode scalars) and a UTF-8 byte offset.
    public struct Position: Encodable, Sendable {
        public var line: Int
        public var column: Int
        public var offset: Int
    }

    /// A range; `end` is exclusive.
    public struct Range: Encodable, Sendable {
        public var start: Position
        public var end: Position
    }

    /// One replacement of a fix.
    public struct Edit: Encodable, Sendable {
        public var range: Range
        public var replacement: String
    }

    /// A fix and whether it may be applied without a look.
    public struct Fix: Encodable, Sendable {
        public var applicability: String
        public var edits: [Edit]
    }

    /// One finding.
    public struct Diagnostic: Encodable, Sendable {
        public var rule: String
        public var category: String
        public var severity: String
        public var message: String
        public var match: String
        public var range: Range
        public var suggestions: [String]
        public var fix: Fix?

        /// A finding of a report, positioned in the whole input.
        public init(_ f: Finding, in report: FileReport) {
            rule = f.ruleID
            category = f.category
            severity = f.severity.rawValue
            message = f.message
            match = f.match
            range = Wire.range(f.range, report)
            suggestions = f.suggestions
            fix = f.fix.map { fix in
                Fix(
                    applicability: fix.applicability.rawValue,
                    edits: fix.edits.map { Edit(range: Wire.range($0.range, report), replacement: $0.replacement) })
            }
        }
    }

    /// The closing counts.
    public struct Summary: Encodable, Sendable {
        public var files: Int
        public var errors: Int
        public var warnings: Int
        public var suggestions: Int
        public var fixesApplied: Int?
    }

    /// Why a file, or the run, could not be linted: the message, and where for a run's problem
    /// in a rule or configuration file.
    public struct Error: Encodable, Sendable {
        public var message: String
        public var file: String?
        public var line: Int?
        public var column: Int?

        public init(message: String, file: String? = nil, line: Int? = nil, column: Int? = nil) {
            self.message = message
            self.file = file
            self.line = line
            self.column = column
        }

        public init(_ error: RunError) {
            self.init(
                message: error.message, file: error.location?.file, line: error.location?.line,
                column: error.location?.column)
        }
    }

    /// How many findings one rule made (`--statistics`).
    public struct RuleCount: Encodable, Sendable {
        public var rule: String
        public var count: Int
    }

    static func position(_ offset: Int, _ report: FileReport) -> Position {
        let p = report.position(offset)
        return Position(line: p.line, column: p.column, offset: report.offset(offset))
    }

    static func range(_ r: Swift.Range<Int>, _ report: FileReport) -> Range {
        Range(start: position(r.lowerBound, report), end: position(r.upperBound, report))
    }

    /// Compact JSON of a value (keys sorted, slashes left alone).
    public static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding these plain value types cannot fail.
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }
}
