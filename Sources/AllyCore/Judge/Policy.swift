/// Which rules run and how loud they are: from the command line and `.ally.yml`.
public struct Policy: Sendable {
    /// When set, only these categories (or rule ids) run.
    public var only: Set<String>?
    /// Rule ids or categories switched off.
    public var disabled: Set<String> = []
    /// Opt-in categories or rules switched on (`job-posting`).
    public var enabled: Set<String> = []
    /// Severity per rule id or category.
    public var severities: [String: Severity] = [:]
    /// Exact phrases whose findings are not reported (a product literally called "Master"); see `Allow`.
    public var allow: [String] = []
    /// Phrases allowed for one rule id or category only.
    public var allowByRule: [String: [String]] = [:]
    /// Run the checks that belong to `ally job`.
    public var job = false
    /// The writing style whose suggestions come first (`star`, `colon`, `median-point`…).
    public var style: String?
    /// Honour inline directives.
    public var inlineConfig = true
    /// Flag terms written as quoted mentions (skipped by default; see `Linter.isQuotedMention`).
    public var flagQuoted = false
    /// Read the words of identifiers in source code too, for the categories that ask for it
    /// (`identifiers: true` in categories.yml): `ipWhitelist`, `MASTER_HOST`, `slave_lag`.
    public var identifiers = false

    public init() {}

    /// The same policy with renamed rules' old ids replaced by their current ones.
    public func resolved(in rules: RuleSet) -> Policy {
        guard !rules.renamed.isEmpty else { return self }
        var p = self
        p.only = only.map { Set($0.map(rules.canonical)) }
        p.disabled = Set(disabled.map(rules.canonical))
        p.enabled = Set(enabled.map(rules.canonical))
        p.severities = Dictionary(
            severities.map { (rules.canonical($0.key), $0.value) }, uniquingKeysWith: { a, _ in a })
        return p
    }

    /// Whether a rule (by id and category) runs under this policy.
    public func runs(id: String, category: String, optIn: Bool, scope: String? = nil) -> Bool {
        if scope == "job" && !job { return false }
        if let only, !only.contains(category), !only.contains(id) { return false }
        if disabled.contains(id) || disabled.contains(category) { return false }
        if optIn {
            return job || enabled.contains(category) || enabled.contains(id) || (only?.contains(category) ?? false)
                || (only?.contains(id) ?? false)
        }
        return true
    }

    /// The severity after overrides (a rule's own override beats its category's).
    public func severity(id: String, category: String, default value: Severity) -> Severity {
        severities[id] ?? severities[category] ?? value
    }
}
