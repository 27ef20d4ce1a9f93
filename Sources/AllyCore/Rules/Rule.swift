import Foundation

/// How serious a finding is; ordered so that `.error > .warning > .suggestion`.
public enum Severity: String, Comparable, CaseIterable, Sendable, Codable {
    case suggestion, warning, error
    var rank: Int { self == .error ? 2 : self == .warning ? 1 : 0 }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// Whether a fix may be applied without a human looking at it (ruff's applicability).
public enum Applicability: String, Sendable, Codable, CaseIterable {
    /// Meaning unchanged and grammar intact: applied by `--fix`.
    case safe
    /// Probably right but may need a look (a verb to agree, a sentence to recast): `--unsafe-fixes`.
    case unsafe
}

/// A category rules are filed under, as declared in `Rules/categories.yml` (or a rule pack's own).
public struct Category: Codable, Sendable, Hashable {
    public var id: String
    public var title: String
    /// Off unless asked for (by `ally job`, `enable:` or `--enable`).
    public var optIn: Bool
    public var description: String
    /// Its rules also read the words of identifiers in code when `identifiers: true` asks for it.
    public var identifiers: Bool

    public init(id: String, title: String, optIn: Bool = false, description: String = "", identifiers: Bool = false) {
        self.id = id
        self.title = title
        self.optIn = optIn
        self.description = description
        self.identifiers = identifiers
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, title, description, identifiers
        case optIn = "opt_in"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        title = try c.decode(String.self, forKey: .title)
        optIn = try c.decodeIfPresent(Bool.self, forKey: .optIn) ?? false
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
        identifiers = try c.decodeIfPresent(Bool.self, forKey: .identifiers) ?? false
    }
}

/// Where something was written in a rule or configuration file.
public struct SourceLocation: Sendable, Hashable, Codable {
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
/// A flag text may mark the words the rule must match with `[[…]]`: `Add it to the [[whitelist]].`
public struct Examples: Sendable, Codable {
    public var flag: [String] = []
    public var pass: [String] = []
    public var fixes: [Fix] = []

    /// A fix example: the text before and after `--fix`.
    public struct Fix: Sendable, Codable, Hashable {
        public var from: String
        public var to: String
        public init(from: String, to: String) {
            self.from = from
            self.to = to
        }
    }

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case flag, pass
        case fixes = "fix"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        flag = try c.decodeIfPresent([String].self, forKey: .flag) ?? []
        pass = try c.decodeIfPresent([String].self, forKey: .pass) ?? []
        fixes = try c.decodeIfPresent([Fix].self, forKey: .fixes) ?? []
    }
}

/// Suggested alternatives; some languages keep one list per writing style (`neutral`, `star`, …).
public struct Suggestions: Sendable, Codable {
    /// One writing style's alternatives.
    public struct Style: Sendable, Codable, Hashable {
        public var style: String
        public var alternatives: [String]
    }

    /// The styles in the order written; a plain list has the single style "".
    public var styles: [Style]

    public init(_ plain: [String]) { styles = [Style(style: "", alternatives: plain)] }
    public init(styles: [(String, [String])]) { self.styles = styles.map { Style(style: $0.0, alternatives: $0.1) } }

    /// The alternatives for a style, falling back to the first list.
    public func alternatives(style: String?) -> [String] {
        if let style, let hit = styles.first(where: { $0.style == style }) { return hit.alternatives }
        return styles.first?.alternatives ?? []
    }
}

/// A phrase-level rule, as written in a YAML rule file. The coding keys are the YAML field names:
/// this one definition serves the rule loader, the rule cache, the JSON Schema test and `ally explain`.
public struct Rule: Sendable, Codable {
    public var id: String
    /// Earlier ids of this rule: configuration and directives naming one still work.
    public var aliases: [String] = []
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
    /// The words around a match: patterns that cancel it when they occur within `window` words before or
    /// after it in the same clause (a negation: "not looking for a rockstar"), and patterns of which one
    /// must occur there for the match to stand ("merge into master").
    public var context = Context()
    public var examples = Examples()
    public var language: String
    public var location: SourceLocation

    /// Conditions on the words before and after a match, within one clause.
    public struct Context: Sendable, Codable, Hashable {
        public var unlessBefore: [String] = []
        public var unlessAfter: [String] = []
        public var onlyBefore: [String] = []
        public var onlyAfter: [String] = []
        /// How many words away a context pattern may end (before) or start (after).
        public var window = 4
        public init() {}
        public var isEmpty: Bool {
            unlessBefore.isEmpty && unlessAfter.isEmpty && onlyBefore.isEmpty && onlyAfter.isEmpty
        }
    }

    public init(
        id: String, aliases: [String] = [], category: String, severity: Severity, message: String, why: String,
        suggestions: Suggestions, fix: Applicability?, source: String, patterns: [String], unless: [String] = [],
        inflect: Set<Inflection.Kind>, caseSensitive: Bool = false, withinSuffix: Bool = false,
        withinPrefix: Bool = false, notFollowedBy: [String] = [], examples: Examples = Examples(),
        language: String, location: SourceLocation
    ) {
        self.id = id
        self.aliases = aliases
        self.category = category
        self.severity = severity
        self.message = message
        self.why = why
        self.suggestions = suggestions
        self.fix = fix
        self.source = source
        self.patterns = patterns
        self.unless = unless
        self.inflect = inflect
        self.caseSensitive = caseSensitive
        self.withinSuffix = withinSuffix
        self.withinPrefix = withinPrefix
        self.notFollowedBy = notFollowedBy
        self.examples = examples
        self.language = language
        self.location = location
    }

    /// The YAML fields (`language` and `location` are filled in by the loader, not written).
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case id, aliases, category, severity, message, why, fix, source, patterns, unless, inflect, within, examples
        case suggestions = "suggest"
        case caseSensitive = "case"
        case notFollowedBy = "not_followed_by"
        case unlessBefore = "unless_before"
        case unlessAfter = "unless_after"
        case onlyBefore = "only_before"
        case onlyAfter = "only_after"
        case window
        case language = "_language"
        case location = "_location"
    }

    /// The fields a rule file may use.
    public static var yamlFields: Set<String> { Set(CodingKeys.allCases.map(\.rawValue).filter { !$0.hasPrefix("_") }) }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        aliases = try c.decodeIfPresent([String].self, forKey: .aliases) ?? []
        category = try c.decode(String.self, forKey: .category)
        severity = try c.decode(Severity.self, forKey: .severity)
        message = try c.decode(String.self, forKey: .message)
        why = try c.decode(String.self, forKey: .why)
        suggestions = try c.decode(Suggestions.self, forKey: .suggestions)
        fix = try c.decodeIfPresent(Applicability.self, forKey: .fix)
        source = try c.decode(String.self, forKey: .source)
        patterns = try c.decode([String].self, forKey: .patterns)
        unless = try c.decodeIfPresent([String].self, forKey: .unless) ?? []
        inflect = Set(try c.decode([Inflection.Kind].self, forKey: .inflect))
        caseSensitive = try c.decodeIfPresent(String.self, forKey: .caseSensitive) == "sensitive"
        let within = try c.decodeIfPresent([String].self, forKey: .within) ?? []
        withinSuffix = within.contains("suffix")
        withinPrefix = within.contains("prefix")
        notFollowedBy = try c.decodeIfPresent([String].self, forKey: .notFollowedBy) ?? []
        context.unlessBefore = try c.decodeIfPresent([String].self, forKey: .unlessBefore) ?? []
        context.unlessAfter = try c.decodeIfPresent([String].self, forKey: .unlessAfter) ?? []
        context.onlyBefore = try c.decodeIfPresent([String].self, forKey: .onlyBefore) ?? []
        context.onlyAfter = try c.decodeIfPresent([String].self, forKey: .onlyAfter) ?? []
        context.window = try c.decodeIfPresent(Int.self, forKey: .window) ?? 4
        examples = try c.decode(Examples.self, forKey: .examples)
        language = try c.decode(String.self, forKey: .language)
        location = try c.decode(SourceLocation.self, forKey: .location)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        if !aliases.isEmpty { try c.encode(aliases, forKey: .aliases) }
        try c.encode(category, forKey: .category)
        try c.encode(severity, forKey: .severity)
        try c.encode(message, forKey: .message)
        try c.encode(why, forKey: .why)
        try c.encode(suggestions, forKey: .suggestions)
        try c.encodeIfPresent(fix, forKey: .fix)
        try c.encode(source, forKey: .source)
        try c.encode(patterns, forKey: .patterns)
        if !unless.isEmpty { try c.encode(unless, forKey: .unless) }
        try c.encode(inflect.map(\.rawValue).sorted(), forKey: .inflect)
        if caseSensitive { try c.encode("sensitive", forKey: .caseSensitive) }
        let within = (withinSuffix ? ["suffix"] : []) + (withinPrefix ? ["prefix"] : [])
        if !within.isEmpty { try c.encode(within, forKey: .within) }
        if !notFollowedBy.isEmpty { try c.encode(notFollowedBy, forKey: .notFollowedBy) }
        if !context.unlessBefore.isEmpty { try c.encode(context.unlessBefore, forKey: .unlessBefore) }
        if !context.unlessAfter.isEmpty { try c.encode(context.unlessAfter, forKey: .unlessAfter) }
        if !context.onlyBefore.isEmpty { try c.encode(context.onlyBefore, forKey: .onlyBefore) }
        if !context.onlyAfter.isEmpty { try c.encode(context.onlyAfter, forKey: .onlyAfter) }
        if !context.isEmpty { try c.encode(context.window, forKey: .window) }
        try c.encode(examples, forKey: .examples)
        try c.encode(language, forKey: .language)
        try c.encode(location, forKey: .location)
    }

    /// The message with `{match}` filled in (line breaks inside the match shown as spaces).
    public func message(for match: String) -> String {
        message.replacingOccurrences(of: "{match}", with: match.collapsingWhitespace)
    }
}

/// A document-level check (claims without evidence, something required, an overlong list).
public struct DocumentCheck: Sendable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case claimNeedsEvidence = "claim-needs-evidence"
        case required
        case listLength = "list-length"
    }
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

    /// The YAML fields (`language` and `location` are filled in by the loader, not written).
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case id, kind, category, severity, message, why, source, scope, claims, evidence, window, unless, any, headings
        case max, examples
        case suggestions = "suggest"
        case language = "_language"
        case location = "_location"
    }

    /// The fields a check may use.
    public static var yamlFields: Set<String> { Set(CodingKeys.allCases.map(\.rawValue).filter { !$0.hasPrefix("_") }) }
}

/// Masculine- and feminine-coded word stems for job postings (Gaucher, Friesen & Kay 2011).
public struct GenderCodingList: Sendable, Codable {
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
    /// Every category the pack's rules may be filed under.
    public var categories: [Category] = []
    /// Names that contain a flagged word (a product, a place, a work): never findings.
    public var knownNames: [String] = []

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
