// @unchecked: nothing changes once the set is built; its ICU breaker breaks text only while the
// set is being built (checking pattern words), and each tokenizer gets its own copy.
/// The rules and checks of one language compiled into one automaton, shared read-only by workers.
public final class RuleSet: @unchecked Sendable {
    public let language: String
    public let rules: [Rule]
    public let checks: [DocumentCheck]
    public let genderCoding: GenderCodingList?
    let automaton: Automaton
    private let breaker: Breaker
    /// Rule index by id (and by each earlier id a rule lists as an alias).
    public let index: [String: Int]
    /// The categories rules may be filed under, by id.
    public let categories: [String: Category]
    /// Names that contain a flagged word (`Rules/names.yml`, extra rule directories): never findings.
    public let knownNames: [String]
    /// Whether each rule (by index) is in an opt-in category, looked up once.
    let ruleIsOptIn: [Bool]
    /// Whether each rule (by index) reads identifiers' words (its category says `identifiers: true`).
    let ruleReadsIdentifiers: [Bool]
    /// Old rule ids and the ids that replaced them.
    public let renamed: [String: String]
    /// Patterns that could not be compiled (their rules run without them).
    public private(set) var problems: [RuleProblem] = []

    /// Compiles a pack; problems in patterns come back in `problems` (their rules run without them).
    public convenience init(pack: RulePack) throws {
        let automaton = Automaton()
        var problems: [RuleProblem] = []
        let rules = pack.rules
        let checks = pack.checks
        let language = pack.language
        for (i, rule) in rules.enumerated() {
            for p in rule.patterns {
                do {
                    try automaton.add(
                        p, owner: Owner(role: .rule, index: Int32(i), form: .base), inflect: rule.inflect,
                        caseSensitive: rule.caseSensitive, withinSuffix: rule.withinSuffix,
                        withinPrefix: rule.withinPrefix)
                } catch { problems.append(RuleProblem(rule.location, "\(rule.id): bad pattern '\(p)': \(error)")) }
            }
            for p in rule.unless {
                do {
                    try automaton.add(
                        p, owner: Owner(role: .exception, index: Int32(i), form: .base), inflect: [],
                        caseSensitive: false, withinSuffix: rule.withinSuffix, withinPrefix: rule.withinPrefix)
                } catch { problems.append(RuleProblem(rule.location, "\(rule.id): bad pattern '\(p)': \(error)")) }
            }
            let context: [(Owner.Role, [String])] = [
                (.unlessBefore, rule.context.unlessBefore), (.unlessAfter, rule.context.unlessAfter),
                (.onlyBefore, rule.context.onlyBefore), (.onlyAfter, rule.context.onlyAfter),
            ]
            for (role, list) in context {
                for p in list {
                    do {
                        try automaton.add(
                            p, owner: Owner(role: role, index: Int32(i), form: .base), inflect: [],
                            caseSensitive: false)
                    } catch {
                        problems.append(RuleProblem(rule.location, "\(rule.id): bad pattern '\(p)': \(error)"))
                    }
                }
            }
        }
        for (i, check) in checks.enumerated() {
            let groups: [(Owner.Role, [String])] = [
                (.claim, check.claims), (.evidence, check.evidence), (.claimException, check.unless),
                (.required, check.any), (.heading, check.headings),
            ]
            for (role, list) in groups {
                for p in list {
                    do {
                        try automaton.add(
                            p, owner: Owner(role: role, index: Int32(i), form: .base),
                            inflect: role == .evidence && language == "en" ? [.noun, .verb] : [],
                            caseSensitive: false)
                    } catch {
                        problems.append(RuleProblem(check.location, "\(check.id): bad pattern '\(p)': \(error)"))
                    }
                }
            }
        }
        automaton.finish()
        try self.init(pack: pack, automaton: automaton)
        self.problems = problems + checkPatternWords(pack: pack)
    }

    /// Pattern words must each be one ICU word, or they could never match.
    private func checkPatternWords(pack: RulePack) -> [RuleProblem] {
        var problems: [RuleProblem] = []
        var seen = Set<String>()
        func check(_ pattern: String, _ location: SourceLocation, _ id: String) {
            guard let sequences = try? Pattern.expand(pattern, inflect: []) else { return }
            for s in sequences {
                for item in s.items {
                    guard case .word(let w) = item, seen.insert(w).inserted else { continue }
                    var count = 0
                    var whole = false
                    let units = Array(w.utf16)
                    units.withUnsafeBufferPointer { buf in
                        breaker.words(buf) { start, end, _ in
                            count += 1
                            whole = start == 0 && end == units.count
                        }
                    }
                    if count != 1 || !whole {
                        problems.append(
                            RuleProblem(
                                location,
                                "\(id): '\(w)' in pattern '\(pattern)' is not a single word to ICU, so it can never match"
                            ))
                    }
                }
            }
        }
        for r in pack.rules {
            let c = r.context
            for p in r.patterns + r.unless + c.unlessBefore + c.unlessAfter + c.onlyBefore + c.onlyAfter {
                check(p, r.location, r.id)
            }
        }
        for c in pack.checks {
            for p in c.claims + c.evidence + c.unless + c.any + c.headings { check(p, c.location, c.id) }
        }
        return problems
    }

    /// A rule set whose automaton was compiled before (the rule cache).
    init(pack: RulePack, automaton: Automaton) throws {
        self.automaton = automaton
        language = pack.language
        rules = pack.rules
        checks = pack.checks
        genderCoding = pack.genderCoding
        var index: [String: Int] = [:]
        var renamed: [String: String] = [:]
        for (i, r) in rules.enumerated() {
            index[r.id] = i
            for old in r.aliases where index[old] == nil {
                index[old] = i
                renamed[old] = r.id
            }
        }
        self.index = index
        self.renamed = renamed
        categories = Dictionary(pack.categories.map { ($0.id, $0) }, uniquingKeysWith: { $1 })
        knownNames = pack.knownNames
        ruleIsOptIn = rules.map { [categories] r in categories[r.category]?.optIn ?? false }
        ruleReadsIdentifiers = rules.map { [categories] r in categories[r.category]?.identifiers ?? false }
        breaker = try Breaker(locale: RuleSet.icuLocale(pack.language))
    }

    /// Whether a name is a rule id (or an alias), a check id or a category of this set.
    public func knows(_ name: String) -> Bool {
        index[name] != nil || categories[name] != nil || checks.contains { $0.id == name }
    }

    /// A name with a renamed rule's old id replaced by its current one.
    public func canonical(_ name: String) -> String { renamed[name] ?? name }

    /// Whether a category runs only when asked for.
    public func isOptIn(category: String) -> Bool { categories[category]?.optIn ?? false }

    static func icuLocale(_ language: String) -> String { language }

    /// A tokenizer for one worker thread.
    public func makeTokenizer() throws -> Tokenizer {
        Tokenizer(breaker: try breaker.copy(), words: automaton.words, keepFolded: automaton.hasCompounds)
    }

    func owner(_ i: Int32) -> Owner { automaton.owners[Int(i)] }

    /// Sizes of the compiled automaton.
    public var statistics: String { automaton.statistics }
}
