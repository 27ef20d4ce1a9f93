import Foundation
import Yams

/// Reads rule files (YAML) into rule packs, collecting every problem with its position.
public struct RuleLoader {
    public private(set) var problems: [RuleProblem] = []
    public private(set) var packs: [String: RulePack] = [:]
    /// Categories declared by the files read (`categories:`), in the order read.
    public private(set) var categories: [Category] = []
    /// Names declared by the files read (`names:`): products, places and works left alone.
    public private(set) var names: [String] = []
    private var firstSeen: [String: SourceLocation] = [:]
    /// Named word lists per language (`lists:`), for `<list:NAME>` in patterns.
    public private(set) var lists: [String: [String: [String]]] = [:]

    /// A loader that knows these categories already (rules may name only declared categories), and
    /// the word lists of the built-in languages, which extra rule directories may use too.
    public init(categories: [Category] = [], names: [String] = [], lists: [String: [String: [String]]] = [:]) {
        self.categories = categories
        self.names = names
        self.lists = lists
    }

    public static let fileFields: Set<String> = [
        "category", "language", "rules", "checks", "source", "method", "masculine", "feminine",
        "stopwords", "name", "categories", "names", "lists",
    ]
    static let idShape = try! NSRegularExpression(pattern: "^[a-z0-9][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+$")

    /// Records a problem found outside the text itself (an unreadable file).
    public mutating func report(_ problem: RuleProblem) { problems.append(problem) }

    /// Loads one file's text.
    public mutating func load(text: String, file: String, language defaultLanguage: String) {
        var y = YAMLReader(file: file)
        defer { problems += y.problems }
        guard let root = y.root(text) else {
            if y.problems.isEmpty { y.problem(nil, "empty rule file") }
            return
        }
        guard let top = y.mapping(root, allowed: RuleLoader.fileFields, what: "a rule file") else { return }
        if let list = top["categories"] {
            readCategories(list, &y)
            if top["rules"] == nil && top["checks"] == nil && top["names"] == nil { return }
        }
        if let list = top["names"] {
            // Names of products, places and works that contain a flagged word: never findings.
            names += (y.strings(list, "names") ?? []).filter { !$0.isEmpty }
            for language in packs.keys { packs[language]?.knownNames = names }
            if top["rules"] == nil && top["checks"] == nil { return }
        }
        let language = y.string(top["language"], "language") ?? defaultLanguage
        // Lists named in a file are visible to its own rules and, from `lists.yml`, to the whole language.
        let shared = lists[language] ?? [:]
        var visible = shared
        if let node = top["lists"] {
            let own = readLists(node, &y, visible: shared)
            visible.merge(own) { _, new in new }
            if file.hasSuffix("/lists.yml") || file == "lists.yml" { lists[language] = visible }
            if top["rules"] == nil && top["checks"] == nil { return }
        }
        currentLists = visible
        defer { currentLists = [:] }
        var pack = packs[language] ?? RulePack(language: language)
        defer {
            pack.categories = categories
            pack.knownNames = names
            packs[language] = pack
        }

        if let words = top["stopwords"] {
            pack.stopwords = Set((y.strings(words, "stopwords") ?? []).map { $0.lowercased() })
            pack.name = y.string(top["name"], "name")
            if pack.stopwords.count < 20 { y.problem(words, "a language file needs at least 20 stop words") }
            return
        }
        if top["masculine"] != nil || top["feminine"] != nil {
            let masculine = y.strings(top["masculine"], "masculine") ?? []
            let feminine = y.strings(top["feminine"], "feminine") ?? []
            if masculine.isEmpty || feminine.isEmpty {
                y.problem(root, "a gender-coding file needs both 'masculine' and 'feminine' lists")
            }
            let source = y.string(top["source"], "source") ?? ""
            if source.isEmpty { y.problem(root, "a gender-coding file needs a 'source'") }
            pack.genderCoding = GenderCodingList(
                masculine: masculine.map { $0.lowercased() }, feminine: feminine.map { $0.lowercased() },
                source: source, location: y.location(root))
            return
        }
        let fileCategory = y.string(top["category"], "category")
        if let c = fileCategory, !isCategory(c) {
            y.problem(top["category"], "unknown category '\(c)' (\(knownCategoriesHint))")
        }
        if top["rules"] == nil && top["checks"] == nil {
            y.problem(root, "a rule file needs a 'rules' or 'checks' list")
        }
        for node in y.sequence(top["rules"], "rules") ?? [] {
            // A rule with any problem does not load: half a rule would flag the wrong things.
            let before = y.problems.count
            if let rule = readRule(node, &y, category: fileCategory, language: language), y.problems.count == before,
                claim(rule.id, rule.location, language, &y)
            {
                pack.rules.append(rule)
            }
        }
        for node in y.sequence(top["checks"], "checks") ?? [] {
            let before = y.problems.count
            if let check = readCheck(node, &y, category: fileCategory, language: language), y.problems.count == before,
                claim(check.id, check.location, language, &y)
            {
                pack.checks.append(check)
            }
        }
    }

    /// The lists visible to the file being read.
    private var currentLists: [String: [String]] = [:]
    static let listName = try! NSRegularExpression(pattern: "^[a-z0-9][a-z0-9-]*$")
    static let listReference = try! NSRegularExpression(pattern: "<list:([^>]*)>")

    /// `lists:` in a file: name → words or phrases (pattern fragments, which may name earlier lists).
    private func readLists(_ node: Node, _ y: inout YAMLReader, visible: [String: [String]]) -> [String: [String]] {
        guard case .mapping(let m) = node else {
            y.problem(node, "'lists' must map list names to lists of words")
            return [:]
        }
        var out: [String: [String]] = [:]
        for (k, v) in m {
            let name = k.string ?? ""
            if RuleLoader.listName.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) == nil {
                y.problem(k, "list name '\(name)' must be lowercase words joined by hyphens")
                continue
            }
            let entries = (y.strings(v, "lists") ?? []).map { $0.trimmingCharacters(in: .whitespaces) }
            if entries.isEmpty || entries.contains(where: \.isEmpty) {
                y.problem(v, "list '\(name)' needs words, and no empty entry")
                continue
            }
            var scope = visible
            scope.merge(out) { _, new in new }
            guard let resolved = resolveLists(entries, v, &y, owner: "list '\(name)'", lists: scope) else { continue }
            out[name] = resolved
        }
        return out
    }

    /// Replaces each `<list:NAME>` in patterns with the alternation of the list's entries.
    private func resolveLists(
        _ patterns: [String], _ node: Node?, _ y: inout YAMLReader, owner: String, lists: [String: [String]]? = nil
    ) -> [String]? {
        let lists = lists ?? currentLists
        var out: [String] = []
        var ok = true
        for p in patterns {
            guard p.contains("<list:") else {
                out.append(p)
                continue
            }
            var text = p
            let matches = RuleLoader.listReference.matches(in: p, range: NSRange(p.startIndex..., in: p))
            for m in matches.reversed() {
                guard let whole = Range(m.range, in: p), let nameRange = Range(m.range(at: 1), in: p) else { continue }
                let name = String(p[nameRange])
                guard let entries = lists[name] else {
                    let known = lists.keys.sorted()
                    y.problem(
                        node,
                        "\(owner): no list named '\(name)'"
                            + (known.isEmpty
                                ? " (declare it under 'lists:' in this file or in lists.yml)"
                                : " (known: " + known.joined(separator: ", ") + ")"))
                    ok = false
                    continue
                }
                text.replaceSubrange(whole, with: "{" + entries.joined(separator: "|") + "}")
            }
            out.append(text)
        }
        return ok ? out : nil
    }

    private func isCategory(_ id: String) -> Bool { categories.contains { $0.id == id } }

    private var knownCategoriesHint: String {
        categories.isEmpty
            ? "no categories are declared; see Rules/categories.yml"
            : "expected one of: " + categories.map(\.id).joined(separator: ", ")
    }

    /// `categories:` in a file: each with an id, a title, and whether it is opt-in.
    private mutating func readCategories(_ node: Node, _ y: inout YAMLReader) {
        let allowed = Set(Category.CodingKeys.allCases.map(\.rawValue))
        for item in y.sequence(node, "categories") ?? [] {
            guard let f = y.mapping(item, allowed: allowed, what: "a category") else { continue }
            guard let id = y.string(f["id"], "id"), !id.isEmpty else {
                y.problem(item, "a category needs an 'id'")
                continue
            }
            guard let title = y.string(f["title"], "title"), !title.isEmpty else {
                y.problem(item, "category '\(id)' needs a 'title'")
                continue
            }
            var flags: [String: Bool] = [:]
            var bad = false
            for key in ["opt_in", "identifiers"] {
                guard let text = y.string(f[key], key) else { continue }
                guard let value = Bool(text) else {
                    y.problem(f[key], "\(key) must be true or false")
                    bad = true
                    continue
                }
                flags[key] = value
            }
            if bad { continue }
            let category = Category(
                id: id, title: title, optIn: flags["opt_in"] ?? false,
                description: y.string(f["description"], "description") ?? "", identifiers: flags["identifiers"] ?? false
            )
            if let k = categories.firstIndex(where: { $0.id == id }) {
                categories[k] = category
            } else {
                categories.append(category)
            }
        }
        for language in packs.keys { packs[language]?.categories = categories }
    }

    private mutating func claim(_ id: String, _ at: SourceLocation, _ language: String, _ y: inout YAMLReader) -> Bool {
        let key = language + "\u{0}" + id
        if let first = firstSeen[key] {
            y.problems.append(RuleProblem(at, "duplicate rule id '\(id)' (first defined at \(first.description))"))
            return false
        }
        firstSeen[key] = at
        return true
    }

    private func common(_ f: [String: Node], _ node: Node, _ y: inout YAMLReader, category fileCategory: String?)
        -> (
            id: String, category: String, severity: Severity, message: String, why: String, suggest: Suggestions,
            source: String
        )?
    {
        let id = y.string(f["id"], "id") ?? ""
        if id.isEmpty {
            y.problem(node, "missing 'id'")
            return nil
        }
        if RuleLoader.idShape.firstMatch(in: id, range: NSRange(id.startIndex..., in: id)) == nil {
            y.problem(f["id"], "id '\(id)' must be lowercase words joined by dots, such as 'gender.chairman'")
        }
        let category = y.string(f["category"], "category") ?? fileCategory ?? ""
        if category.isEmpty {
            y.problem(node, "\(id): no category (set 'category' in the file or the rule)")
        } else if !isCategory(category) {
            y.problem(f["category"] ?? node, "\(id): unknown category '\(category)'")
        }
        var severity = Severity.warning
        if let s = y.string(f["severity"], "severity") {
            if let v = Severity(rawValue: s) {
                severity = v
            } else {
                y.problem(f["severity"], "\(id): severity must be error, warning or suggestion, not '\(s)'")
            }
        } else {
            y.problem(node, "\(id): missing 'severity'")
        }
        let message = y.string(f["message"], "message") ?? ""
        if message.isEmpty { y.problem(node, "\(id): missing 'message'") }
        let why = y.string(f["why"], "why") ?? ""
        if why.isEmpty { y.problem(node, "\(id): missing 'why'") }
        var suggest = Suggestions([])
        if let s = f["suggest"] {
            if case .mapping(let m) = s {
                var styles: [(String, [String])] = []
                for (k, v) in m { styles.append((k.string ?? "", y.strings(v, "suggest") ?? [])) }
                suggest = Suggestions(styles: styles)
            } else {
                suggest = Suggestions(y.strings(s, "suggest") ?? [])
            }
        } else {
            y.problem(node, "\(id): missing 'suggest' (use [] when no substitution fits)")
        }
        let source = y.string(f["source"], "source") ?? ""
        if source.isEmpty { y.problem(node, "\(id): missing 'source'") }
        return (id, category, severity, message, why, suggest, source)
    }

    private func readExamples(_ node: Node?, _ y: inout YAMLReader, id: String, owner: Node) -> Examples {
        var examples = Examples()
        guard let node else {
            y.problem(owner, "\(id): missing 'examples' (a rule without examples does not load)")
            return examples
        }
        guard let f = y.mapping(node, allowed: ["flag", "pass", "fix"], what: "examples") else { return examples }
        examples.flag = y.strings(f["flag"], "flag") ?? []
        examples.pass = y.strings(f["pass"], "pass") ?? []
        if examples.flag.isEmpty { y.problem(node, "\(id): examples need at least one 'flag' text") }
        if examples.pass.isEmpty { y.problem(node, "\(id): examples need at least one 'pass' text") }
        for item in y.sequence(f["fix"], "fix") ?? [] {
            guard let pair = y.mapping(item, allowed: ["from", "to"], what: "a fix example"),
                let from = y.string(pair["from"], "from"), let to = y.string(pair["to"], "to")
            else {
                y.problem(item, "\(id): a fix example needs 'from' and 'to'")
                continue
            }
            examples.fixes.append(Examples.Fix(from: from, to: to))
        }
        return examples
    }

    private func readRule(_ node: Node, _ y: inout YAMLReader, category: String?, language: String) -> Rule? {
        guard let f = y.mapping(node, allowed: Rule.yamlFields, what: "a rule"),
            let c = common(f, node, &y, category: category)
        else { return nil }
        var inflect: Set<Inflection.Kind> = language == "en" ? [.noun] : []
        if let n = f["inflect"] {
            inflect = []
            for v in y.strings(n, "inflect") ?? [] where v != "none" {
                if let k = Inflection.Kind(rawValue: v) {
                    inflect.insert(k)
                } else {
                    y.problem(n, "\(c.id): inflect must be noun, verb or none, not '\(v)'")
                }
            }
        }
        var fix: Applicability?
        if let s = y.string(f["fix"], "fix"), s != "none" {
            if let a = Applicability(rawValue: s) {
                fix = a
            } else {
                y.problem(f["fix"], "\(c.id): fix must be safe, unsafe or none, not '\(s)'")
            }
            if c.suggest.alternatives(style: nil).isEmpty {
                y.problem(f["fix"], "\(c.id): a fix needs at least one suggestion")
            }
        }
        var caseSensitive = false
        if let s = y.string(f["case"], "case") {
            if s == "sensitive" {
                caseSensitive = true
            } else if s != "insensitive" {
                y.problem(f["case"], "\(c.id): case must be sensitive or insensitive")
            }
        }
        var suffix = false
        var prefix = false
        for w in y.strings(f["within"], "within") ?? [] {
            if w == "suffix" {
                suffix = true
            } else if w == "prefix" {
                prefix = true
            } else {
                y.problem(f["within"], "\(c.id): within must be suffix or prefix, not '\(w)'")
            }
        }
        let patterns = resolveLists(y.strings(f["patterns"], "patterns") ?? [], f["patterns"], &y, owner: c.id) ?? []
        if patterns.isEmpty && f["patterns"] == nil { y.problem(node, "\(c.id): missing 'patterns'") }
        let unless = resolveLists(y.strings(f["unless"], "unless") ?? [], f["unless"], &y, owner: c.id) ?? []
        // Validate the pattern language now, so the problem points at the line that has it.
        for (key, list) in [("patterns", patterns), ("unless", unless)] {
            for p in list {
                do { _ = try Pattern.expand(p, inflect: key == "patterns" ? inflect : []) } catch {
                    y.problem(f[key], "\(c.id): bad pattern '\(p)': \(error)")
                }
            }
        }
        if suffix || prefix {
            for p in patterns where ((try? Pattern.expand(p, inflect: []))?.contains { $0.items.count != 1 }) ?? false {
                y.problem(f["patterns"], "\(c.id): 'within' needs single-word patterns, not '\(p)'")
            }
        }
        var context = Rule.Context()
        context.unlessBefore =
            resolveLists(y.strings(f["unless_before"], "unless_before") ?? [], f["unless_before"], &y, owner: c.id)
            ?? []
        context.unlessAfter =
            resolveLists(y.strings(f["unless_after"], "unless_after") ?? [], f["unless_after"], &y, owner: c.id) ?? []
        context.onlyBefore =
            resolveLists(y.strings(f["only_before"], "only_before") ?? [], f["only_before"], &y, owner: c.id) ?? []
        context.onlyAfter =
            resolveLists(y.strings(f["only_after"], "only_after") ?? [], f["only_after"], &y, owner: c.id) ?? []
        if let w = f["window"] {
            let n = y.int(w, "window") ?? 0
            if !(0...12).contains(n) { y.problem(w, "\(c.id): window must be a number of words from 0 to 12") }
            context.window = max(0, min(12, n))
            if context.isEmpty {
                y.problem(w, "\(c.id): window applies to unless_before, unless_after, only_before or only_after")
            }
        }
        for (key, list) in [
            ("unless_before", context.unlessBefore), ("unless_after", context.unlessAfter),
            ("only_before", context.onlyBefore), ("only_after", context.onlyAfter),
        ] {
            for p in list {
                do { _ = try Pattern.expand(p, inflect: []) } catch {
                    y.problem(f[key], "\(c.id): bad pattern '\(p)': \(error)")
                }
            }
        }
        let examples = readExamples(f["examples"], &y, id: c.id, owner: node)
        let aliases = y.strings(f["aliases"], "aliases") ?? []
        var rule = Rule(
            id: c.id, aliases: aliases, category: c.category, severity: c.severity, message: c.message, why: c.why,
            suggestions: c.suggest,
            fix: fix, source: c.source, patterns: patterns, unless: unless, inflect: inflect,
            caseSensitive: caseSensitive,
            withinSuffix: suffix, withinPrefix: prefix,
            notFollowedBy: (y.strings(f["not_followed_by"], "not_followed_by") ?? []).map { $0.lowercased() },
            examples: examples, language: language, location: y.location(node))
        rule.context = context
        return rule
    }

    private func readCheck(_ node: Node, _ y: inout YAMLReader, category: String?, language: String) -> DocumentCheck? {
        guard let f = y.mapping(node, allowed: DocumentCheck.yamlFields, what: "a check"),
            let c = common(f, node, &y, category: category)
        else { return nil }
        guard let kindName = y.string(f["kind"], "kind") else {
            y.problem(node, "\(c.id): missing 'kind'")
            return nil
        }
        guard let kind = DocumentCheck.Kind(rawValue: kindName) else {
            y.problem(
                f["kind"], "\(c.id): kind must be claim-needs-evidence, required or list-length, not '\(kindName)'")
            return nil
        }
        var check = DocumentCheck(
            id: c.id, category: c.category, kind: kind, severity: c.severity, message: c.message, why: c.why,
            suggestions: c.suggest, source: c.source, scope: y.string(f["scope"], "scope"),
            language: language, location: y.location(node))
        func patterns(_ key: String) -> [String] {
            resolveLists(y.strings(f[key], key) ?? [], f[key], &y, owner: c.id) ?? []
        }
        check.claims = patterns("claims")
        check.evidence = patterns("evidence")
        check.unless = patterns("unless")
        check.any = patterns("any")
        check.headings = patterns("headings")
        check.window = y.int(f["window"], "window") ?? 2
        check.max = y.int(f["max"], "max") ?? 6
        if let scope = check.scope, scope != "job" { y.problem(f["scope"], "\(c.id): scope must be 'job'") }
        switch kind {
        case .claimNeedsEvidence:
            if check.claims.isEmpty || check.evidence.isEmpty {
                y.problem(node, "\(c.id): claim-needs-evidence needs 'claims' and 'evidence'")
            }
        case .required:
            if check.any.isEmpty { y.problem(node, "\(c.id): a required check needs 'any'") }
        case .listLength:
            if check.headings.isEmpty { y.problem(node, "\(c.id): list-length needs 'headings'") }
        }
        for (key, list) in [
            ("claims", check.claims), ("evidence", check.evidence), ("unless", check.unless), ("any", check.any),
            ("headings", check.headings),
        ] {
            for p in list {
                do { _ = try Pattern.expand(p, inflect: []) } catch {
                    y.problem(f[key], "\(c.id): bad pattern '\(p)': \(error)")
                }
            }
        }
        check.examples = readExamples(f["examples"], &y, id: c.id, owner: node)
        return check
    }
}
