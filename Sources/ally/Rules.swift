import AllyCore
import AllyJob
import AllyReport
import AllyTestSupport
import AllyWorkspace
import ArgumentParser
import Foundation

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List rules, or check rule files with `ally rules check [DIR]`.",
        subcommands: [ListRules.self, CheckRules.self],
        defaultSubcommand: ListRules.self)
}

struct ListRules: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List rule ids, categories and severities.")

    @Option(name: .long, help: "Language of the rules to list.")
    var lang = "en"

    @Option(name: .customLong("rules"), help: "A directory of extra rule files (repeatable).")
    var ruleDirectories: [String] = []

    @Flag(name: .long, help: "Print the size of the compiled matcher.")
    var stats = false

    func run() throws {
        let engine = RuleCatalog(sources: Environment.ruleSources(extra: ruleDirectories))
        guard let set = engine.ruleSet(language: lang) else {
            for p in engine.problems { warn(p.description) }
            warn("ally: no rules for language '\(lang)'")
            throw ExitCode(Status.trouble)
        }
        let width = (set.rules.map(\.id.count) + set.checks.map(\.id.count)).max() ?? 10
        var out = ""
        for r in set.rules.sorted(by: { $0.id < $1.id }) {
            out +=
                r.id.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                + r.category.padding(toLength: 16, withPad: " ", startingAt: 0) + r.severity.rawValue + "\n"
        }
        for c in set.checks.sorted(by: { $0.id < $1.id }) {
            out +=
                c.id.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                + c.category.padding(toLength: 16, withPad: " ", startingAt: 0) + c.severity.rawValue
                + "  (document check)\n"
        }
        out += "\(set.rules.count) rules, \(set.checks.count) document checks (\(lang)).\n"
        if stats { out += "Compiled: \(set.statistics).\n" }
        emit(out)
        if !engine.problems.isEmpty {
            for p in engine.problems { warn(p.description) }
            throw ExitCode(Status.trouble)
        }
    }
}

struct CheckRules: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate rule files and run every rule's own examples; problems print as file:line:column.")

    @Argument(help: "Rule files or directories (default: the built-in rules).")
    var paths: [String] = []

    func run() throws {
        var loader: RuleLoader
        if paths.isEmpty {
            loader = RuleCatalog(sources: Environment.ruleSources()).loadBuiltIn()
        } else {
            // Extra rules may declare categories of their own; the built-in ones are known too.
            loader = RuleCatalog(sources: Environment.ruleSources(extra: paths)).loaderForExtraRules()
            for p in paths { loader.load(path: p, skipping: RuleCatalog.isShared) }
        }
        var problems = loader.problems
        var rulesChecked = 0
        var checksChecked = 0
        for (_, pack) in loader.packs.sorted(by: { $0.key < $1.key }) {
            // When checking a directory of extra rules, built-in checks of the same language are not mixed in.
            do {
                let set = try RuleSet(pack: pack)
                problems += set.problems
                problems += try ExampleRunner(rules: set).run()
                rulesChecked += set.rules.count
                checksChecked += set.checks.count
            } catch {
                problems.append(RuleProblem(SourceLocation(file: "<\(pack.language)>", line: 1, column: 1), "\(error)"))
            }
        }
        for p in problems.sorted(by: { ($0.location.file, $0.location.line) < ($1.location.file, $1.location.line) }) {
            emit(p.description + "\n")
        }
        if problems.isEmpty {
            emit("\(rulesChecked) rules and \(checksChecked) document checks passed.\n")
        } else {
            emit("\(problems.count) problem\(problems.count == 1 ? "" : "s") in the rules.\n")
            throw ExitCode(Status.trouble)
        }
    }
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explain a rule: message, why, suggestions and examples.",
        discussion: "Give a rule id (gender.chairman) or a term a rule flags (`ally explain whitelist`).")

    @Argument(help: "A rule id, such as gender.chairman, or a term, such as whitelist.")
    var ruleID: String

    @Option(name: .long, help: "Language of the rule (default: every installed language is searched).")
    var lang: String?

    @Option(name: .customLong("rules"), help: "A directory of extra rule files (repeatable).")
    var ruleDirectories: [String] = []

    func run() throws {
        let engine = RuleCatalog(sources: Environment.ruleSources(extra: ruleDirectories))
        let languages = lang.map { [$0] } ?? (["en"] + engine.languages.filter { $0 != "en" })
        // Loaded one language at a time: most ids are found in the first.
        let sets = languages.lazy.compactMap { engine.ruleSet(language: $0) }
        for set in sets {
            if let i = set.index[ruleID] {
                emit(Explanation.text(rule: set.rules[i]))
                return
            }
            if let check = set.checks.first(where: { $0.id == ruleID }) {
                emit(Explanation.text(check: check))
                return
            }
        }
        // Not an id: the rules that flag it as a term, in the first language that has any.
        for set in sets {
            let found = Explain.rules(in: set, term: ruleID)
            guard !found.isEmpty else { continue }
            let heading =
                found.count == 1
                ? "" : "\(found.count) rules flag “\(ruleID)”: \(found.map(\.id).joined(separator: ", "))\n\n"
            emit(heading + found.map { Explanation.text(rule: $0) }.joined(separator: "\n"))
            return
        }
        let known = sets.reduce(into: Set<String>()) { $0.formUnion($1.names) }
        warn(
            "ally: no rule '\(ruleID)' and no rule flags it (see `ally rules`)"
                + Names.suggestion(for: ruleID, among: known))
        throw ExitCode(Status.trouble)
    }

    /// Rules with a pattern form that is the term (`whitelist`, `master branch`); failing that, rules
    /// with a pattern form that contains it as a word.
    static func rules(in set: RuleSet, term: String) -> [Rule] {
        let wanted = term.split(whereSeparator: { $0.isWhitespace || $0 == "-" || $0 == "/" })
            .map { Folding.fold(String($0)) }
        guard !wanted.isEmpty else { return [] }
        var phrase: [Rule] = []
        var word: [Rule] = []
        for rule in set.rules {
            var isPhrase = false
            var hasWord = false
            for pattern in rule.patterns {
                guard let forms = try? Pattern.expand(pattern, inflect: rule.inflect) else { continue }
                for form in forms {
                    let words = form.items.compactMap { item -> String? in
                        if case .word(let w) = item { return Folding.fold(w) }
                        return nil
                    }
                    if words == wanted { isPhrase = true }
                    if wanted.count == 1 && words.contains(wanted[0]) { hasWord = true }
                }
                if isPhrase { break }
            }
            if isPhrase {
                phrase.append(rule)
            } else if hasWord {
                word.append(rule)
            }
        }
        return phrase.isEmpty ? word : phrase
    }
}
