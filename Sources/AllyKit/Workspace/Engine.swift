import Foundation

/// Loads rule packs (built-in and extra directories) and compiles one rule set per language on demand.
public final class Engine: @unchecked Sendable {
    public let extraRuleDirectories: [String]
    private var sets: [String: RuleSet] = [:]
    private var loaded: [String: RulePack] = [:]
    public private(set) var problems: [RuleProblem] = []
    private let lock = NSLock()

    public init(extraRuleDirectories: [String] = []) {
        self.extraRuleDirectories = extraRuleDirectories
    }

    /// Languages with rules (built in or from extra directories).
    public var languages: [String] {
        lock.lock()
        defer { lock.unlock() }
        var all = Set(RuleLoader.builtInLanguages)
        all.formUnion(loadAll().keys)
        return all.sorted()
    }

    private var extraLoaded: [String: RulePack]?
    private func loadAll() -> [String: RulePack] {
        if let extraLoaded { return extraLoaded }
        var loader = RuleLoader()
        for dir in extraRuleDirectories { loader.load(path: dir) }
        problems += loader.problems
        extraLoaded = loader.packs
        return loader.packs
    }

    /// The compiled rules of a language (nil with problems recorded when it has none).
    public func ruleSet(language: String) -> RuleSet? {
        lock.lock()
        defer { lock.unlock() }
        if let set = sets[language] { return set }
        // The compiled form is cached under a hash of every rule file that could contribute.
        var inputs: [(path: String, bytes: [UInt8])] = []
        let builtInFiles = BuiltInRules.directory.map { RuleLoader.ruleFiles($0 + "/" + language) } ?? []
        for file in builtInFiles + extraRuleDirectories.flatMap(RuleLoader.ruleFiles) {
            if let data = FileManager.default.contents(atPath: file) { inputs.append((file, [UInt8](data))) }
        }
        let key = RuleCache.key(language: language, files: inputs)
        if !inputs.isEmpty, let cached = RuleCache.load(key: key) {
            sets[language] = cached
            return cached
        }
        let problemsBefore = problems.count
        let builtIn = RuleLoader.builtIn(languages: [language])
        problems += builtIn.problems
        var pack = builtIn.packs[language] ?? RulePack(language: language)
        if let extra = loadAll()[language] {
            // A rule from an extra directory replaces the built-in rule with the same id.
            let replaced = Set(extra.rules.map(\.id))
            pack.rules.removeAll { replaced.contains($0.id) }
            pack.rules += extra.rules
            let replacedChecks = Set(extra.checks.map(\.id))
            pack.checks.removeAll { replacedChecks.contains($0.id) }
            pack.checks += extra.checks
            if let coding = extra.genderCoding { pack.genderCoding = coding }
        }
        if pack.rules.isEmpty && pack.checks.isEmpty { return nil }
        do {
            let set = try RuleSet(pack: pack)
            problems += set.problems
            sets[language] = set
            if problems.count == problemsBefore { RuleCache.save(set, key: key) }
            return set
        } catch let AllyError.rules(list) {
            problems += list
            return nil
        } catch {
            problems.append(RuleProblem(SourceLocation(file: "<rules>", line: 1, column: 1), "\(error)"))
            return nil
        }
    }
}
