import Foundation

/// How serious a finding is; ordered so that `.error > .warning > .suggestion`.
public enum Severity: String, Comparable, CaseIterable, Sendable {
    case suggestion, warning, error
    var rank: Int { self == .error ? 2 : self == .warning ? 1 : 0 }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// Whether a fix may be applied without a human looking at it (ruff's applicability).
public enum Applicability: String, Sendable {
    /// Meaning unchanged and grammar intact: applied by `--fix`.
    case safe
    /// Probably right but may need a look (a verb to agree, a sentence to recast): `--unsafe-fixes`.
    case unsafe
}

/// The categories rules are filed under.
public enum Category {
    public static let all = ["gender", "race-ethnicity", "disability", "mental-health", "age", "lgbtq", "religion",
                             "socioeconomic", "violence", "tech-terms", "performative", "job-posting"]
    /// Categories that run only when asked for (by `ally job` or configuration).
    public static let optIn: Set<String> = ["job-posting"]
}

/// Where something was written in a rule or configuration file.
public struct SourceLocation: Sendable, Hashable {
    public var file: String
    public var line: Int
    public var column: Int
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }
    public var description: String { "\(file):\(line):\(column)" }
}

/// A rule's own test texts: what it must flag, what it must leave alone, and fixes it must make.
public struct Examples: Sendable {
    public var flag: [String] = []
    public var pass: [String] = []
    public var fixes: [(from: String, to: String)] = []
}

/// Suggested alternatives; some languages keep one list per writing style (`neutral`, `star`, …).
public struct Suggestions: Sendable {
    /// (style, alternatives) in the order written; a plain list has the single style "".
    public var styles: [(style: String, alternatives: [String])]

    public init(_ plain: [String]) { styles = [("", plain)] }
    public init(styles: [(String, [String])]) { self.styles = styles.map { (style: $0.0, alternatives: $0.1) } }

    /// The alternatives for a style, falling back to the first list.
    public func alternatives(style: String?) -> [String] {
        if let style, let hit = styles.first(where: { $0.style == style }) { return hit.alternatives }
        return styles.first?.alternatives ?? []
    }
}

/// A phrase-level rule, as written in a YAML rule file.
public struct Rule: Sendable {
    public var id: String
    public var category: String
    public var severity: Severity
    public var message: String
    public var why: String
    public var suggestions: Suggestions
    public var fix: Applicability?
    public var source: String
    public var patterns: [String]
    public var unless: [String] = []
    public var inflect: Set<Inflection.Kind>
    public var caseSensitive = false
    public var withinSuffix = false
    public var withinPrefix = false
    public var notFollowedBy: [String] = []
    public var examples = Examples()
    public var language: String
    public var location: SourceLocation

    /// The message with `{match}` filled in (line breaks inside the match shown as spaces).
    public func message(for match: String) -> String {
        message.replacingOccurrences(of: "{match}", with: match.collapsingWhitespace)
    }
}

/// A document-level check (claims without evidence, something required, an overlong list).
public struct DocumentCheck: Sendable {
    public enum Kind: String, Sendable { case claimNeedsEvidence = "claim-needs-evidence", required, listLength = "list-length" }
    public var id: String
    public var category: String
    public var kind: Kind
    public var severity: Severity
    public var message: String
    public var why: String
    public var suggestions: Suggestions
    public var source: String
    /// `job` for checks that run only under `ally job`.
    public var scope: String?
    public var claims: [String] = []
    public var evidence: [String] = []
    public var window = 2
    public var unless: [String] = []
    public var any: [String] = []
    public var headings: [String] = []
    public var max = 6
    public var examples = Examples()
    public var language: String
    public var location: SourceLocation
}

/// Masculine- and feminine-coded word stems for job postings (Gaucher, Friesen & Kay 2011).
public struct GenderCodingList: Sendable {
    public var masculine: [String]
    public var feminine: [String]
    public var source: String
    public var location: SourceLocation
}

/// All rules, checks and word lists of one language.
public struct RulePack: Sendable {
    public var language: String
    public var rules: [Rule] = []
    public var checks: [DocumentCheck] = []
    public var genderCoding: GenderCodingList?
    /// The language's most frequent function words, for `--lang auto`.
    public var stopwords: Set<String> = []
    /// The language's name in itself ("Deutsch").
    public var name: String?

    public init(language: String) { self.language = language }
}

/// A problem found in a rule or configuration file, with its position.
public struct RuleProblem: Error, Sendable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String
    public init(_ location: SourceLocation, _ message: String) {
        self.location = location
        self.message = message
    }
    public var description: String { "\(location.description): \(message)" }
}

/// Errors that stop a run (as opposed to findings).
public enum AllyError: Error, CustomStringConvertible {
    case icu(String)
    case usage(String)
    case io(String)
    case rules([RuleProblem])

    public var description: String {
        switch self {
        case .icu(let m), .usage(let m), .io(let m): return m
        case .rules(let problems): return problems.map(\.description).joined(separator: "\n")
        }
    }
}

extension String {
    /// Runs of white space (line breaks included) as one space.
    var collapsingWhitespace: String {
        guard contains(where: { $0.isWhitespace && $0 != " " }) || contains("  ") else { return self }
        return split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
