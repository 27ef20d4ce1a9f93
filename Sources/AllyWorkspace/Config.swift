import AllyCore
import Foundation
import Yams

/// A project's `.ally.yml`: which rules run, how loud, what is allowed, which files. A nested file
/// extends the one above it (`extended(by:)`) unless it says `root: true`; every value remembers the
/// place it was set, for `ally config`.
public struct Config {
    /// A value and where it was set.
    public struct Item: Sendable {
        public var value: String
        public var origin: SourceLocation
    }

    /// A glob of `include` or `exclude`, relative to the directory of the file that set it.
    public struct PathGlob: Sendable {
        public var pattern: String
        public var directory: String
        public var origin: SourceLocation
    }

    /// An `allow` entry: a phrase left alone for every rule, or for one rule or category.
    public struct Allowance: Sendable {
        public var phrase: String
        public var rule: String?
        public var origin: SourceLocation
    }

    /// The nearest configuration file.
    public var path: String?
    /// Directory of the nearest file.
    public var directory: String
    /// Every file this configuration is made of, outermost first.
    public var files: [String] = []
    /// `root: true`: the files above this one are not read.
    public var root = false
    /// language, fail-on, style and quoted, with where each was set.
    public private(set) var settings: [String: Item] = [:]
    var ruleDirectoryItems: [Item] = []
    /// Each file's `include` list: a path must match one glob of every list.
    var includeGroups: [[PathGlob]] = []
    var excludes: [PathGlob] = []
    /// `only`, when some file sets it (the nearest one wins).
    var onlyItems: [Item]?
    var enableItems: [Item] = []
    var disableItems: [Item] = []
    var severityItems: [(name: String, severity: Severity, origin: SourceLocation)] = []
    public private(set) var allowances: [Allowance] = []
    /// Where each rule id or category was named, to check the names once rules are loaded.
    public private(set) var mentions: [(name: String, location: SourceLocation)] = []

    public var language: String? { settings["language"]?.value }
    public var failOn: String? { settings["fail-on"]?.value }
    public var style: String? { settings["style"]?.value }
    /// `quoted: flag` reports terms written as quoted mentions too.
    public var flagQuoted: Bool? { settings["quoted"].map { $0.value == "flag" } }
    /// `generic-singular: flag` also reports masculine singulars meant generically (the opt-in category).
    public var flagGenericSingular: Bool? { settings["generic-singular"].map { $0.value == "flag" } }
    /// The opt-in category that holds the generic singular rules of German, Spanish and French.
    public static let genericSingularCategory = "gender-singular"
    /// `identifiers: true` reads identifiers in source code (`ipWhitelist`) for tech-terms and the like.
    public var identifiers: Bool? { settings["identifiers"].map { $0.value == "true" } }
    public var ruleDirectories: [String] { ruleDirectoryItems.map(\.value) }
    public var only: [String] { onlyItems?.map(\.value) ?? [] }
    public var enable: [String] { enableItems.map(\.value) }
    public var disable: [String] { disableItems.map(\.value) }
    public var severities: [String: Severity] {
        Dictionary(severityItems.map { ($0.name, $0.severity) }, uniquingKeysWith: { _, b in b })
    }
    /// Phrases left alone for every rule.
    public var allow: [String] { allowances.filter { $0.rule == nil }.map(\.phrase) }

    public static let fileNames = [".ally.yml", ".ally.yaml"]
    public static let keys: Set<String> = [
        "language", "fail-on", "style", "gender-style", "rules", "include", "exclude", "only",
        "enable", "disable", "severity", "allow", "quoted", "root", "identifiers", "generic-singular",
    ]

    public init(directory: String) { self.directory = directory }

    /// Reads one configuration file; problems carry file, line and column. Every problem in the file
    /// is reported, and a file with any problem is not used.
    public static func load(path: String) -> (Config?, [RuleProblem]) {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            return (
                nil,
                [
                    RuleProblem(
                        SourceLocation(file: path, line: 1, column: 1),
                        "cannot read the configuration file as UTF-8 text")
                ]
            )
        }
        var config = Config(directory: URL(fileURLWithPath: path).deletingLastPathComponent().path)
        config.path = path
        config.files = [path]
        var y = YAMLReader(file: path)
        guard let root = y.root(text) else {
            // An empty file is a valid (empty) configuration.
            return y.problems.isEmpty ? (config, []) : (nil, y.problems)
        }
        guard case .mapping(let mapping) = root else {
            y.problem(root, "the configuration must be a mapping")
            return (nil, y.problems)
        }
        var top: [String: Node] = [:]
        for (k, v) in mapping {
            guard let key = k.string else {
                y.problem(k, "keys must be strings")
                continue
            }
            guard keys.contains(key) else {
                let hint =
                    Names.closest(to: key, among: keys).map { "; did you mean '\($0)'?" }
                    ?? " (expected one of: \(keys.sorted().joined(separator: ", ")))"
                y.problem(k, "unknown field '\(key)' in the configuration" + hint)
                continue
            }
            if top[key] != nil { y.problem(k, "duplicate field '\(key)'") }
            top[key] = v
        }
        func setting(_ key: String, _ node: Node?) {
            guard let node, let value = y.string(node, key) else { return }
            config.settings[key] = Item(value: value, origin: y.location(node))
        }
        setting("language", top["language"])
        setting("fail-on", top["fail-on"])
        if let f = config.failOn, Severity(rawValue: f) == nil, f != "never" {
            y.problem(top["fail-on"], "fail-on must be error, warning, suggestion or never, not '\(f)'")
        }
        setting("style", top["style"] ?? top["gender-style"])
        setting("quoted", top["quoted"])
        if let quoted = config.settings["quoted"]?.value, quoted != "flag", quoted != "skip" {
            y.problem(top["quoted"], "quoted must be skip or flag, not '\(quoted)'")
        }
        setting("generic-singular", top["generic-singular"])
        if let value = config.settings["generic-singular"]?.value, value != "flag", value != "skip" {
            y.problem(top["generic-singular"], "generic-singular must be skip or flag, not '\(value)'")
        }
        setting("identifiers", top["identifiers"])
        if let value = config.settings["identifiers"]?.value, value != "true", value != "false" {
            y.problem(top["identifiers"], "identifiers must be true or false, not '\(value)'")
        }
        if let node = top["root"] {
            switch y.string(node, "root") {
            case "true": config.root = true
            case "false", nil: break
            case let other?: y.problem(node, "root must be true or false, not '\(other)'")
            }
        }
        /// The entries of a list with their positions (a single text is a list of one).
        func items(_ key: String) -> [Item]? {
            guard let node = top[key], let values = y.strings(node, key) else { return nil }
            return values.enumerated().map { i, value in
                var at = y.location(node)
                if case .sequence(let seq) = node, i < seq.count { at = y.location(seq[i]) }
                return Item(value: value, origin: at)
            }
        }
        config.ruleDirectoryItems = (items("rules") ?? []).map {
            Item(value: $0.value.hasPrefix("/") ? $0.value : config.directory + "/" + $0.value, origin: $0.origin)
        }
        let include = (items("include") ?? []).map {
            PathGlob(pattern: $0.value, directory: config.directory, origin: $0.origin)
        }
        if !include.isEmpty { config.includeGroups = [include] }
        config.excludes = (items("exclude") ?? []).map {
            PathGlob(pattern: $0.value, directory: config.directory, origin: $0.origin)
        }
        config.onlyItems = items("only")
        config.enableItems = items("enable") ?? []
        config.disableItems = items("disable") ?? []
        for item in (config.onlyItems ?? []) + config.enableItems + config.disableItems {
            config.mentions.append((item.value, item.origin))
        }
        if let node = top["severity"] {
            if case .mapping(let m) = node {
                for (k, v) in m {
                    guard let name = k.string else { continue }
                    guard let value = v.string, let s = Severity(rawValue: value) else {
                        y.problem(v, "severity of '\(name)' must be error, warning or suggestion")
                        continue
                    }
                    config.severityItems.append((name, s, y.location(k)))
                    config.mentions.append((name, y.location(k)))
                }
            } else {
                y.problem(node, "severity must map rule ids or categories to error, warning or suggestion")
            }
        }
        if let node = top["allow"] { config.allowances = allowances(node, &y, &config.mentions) }
        return y.problems.isEmpty ? (config, []) : (nil, y.problems)
    }

    /// `allow:` is a list of phrases, a mapping of rule ids or categories to phrases, or a list of both.
    static func allowances(
        _ node: Node, _ y: inout YAMLReader, _ mentions: inout [(name: String, location: SourceLocation)]
    )
        -> [Allowance]
    {
        var out: [Allowance] = []
        func phrase(_ node: Node, rule: String?) {
            guard let text = y.string(node, "each allowed phrase"), !text.trimmingCharacters(in: .whitespaces).isEmpty
            else {
                if node.string?.isEmpty ?? false { y.problem(node, "an allowed phrase cannot be empty") }
                return
            }
            out.append(Allowance(phrase: text, rule: rule, origin: y.location(node)))
        }
        func perRule(_ m: Node.Mapping) {
            for (k, v) in m {
                guard let rule = k.string else {
                    y.problem(k, "keys of allow must be rule ids or categories")
                    continue
                }
                mentions.append((rule, y.location(k)))
                switch v {
                case .scalar: phrase(v, rule: rule)
                case .sequence(let seq): for item in seq { phrase(item, rule: rule) }
                default: y.problem(v, "the phrases allowed for '\(rule)' must be a list of texts")
                }
            }
        }
        switch node {
        case .scalar: phrase(node, rule: nil)
        case .mapping(let m): perRule(m)
        case .sequence(let seq):
            for item in seq {
                switch item {
                case .scalar: phrase(item, rule: nil)
                case .mapping(let m): perRule(m)
                default: y.problem(item, "each entry of allow must be a phrase or a mapping of rule ids to phrases")
                }
            }
        default:
            y.problem(node, "allow must be a list of phrases or a mapping of rule ids to phrases")
        }
        return out
    }

    /// This configuration with a nested one applied over it: settings and `only` of the nested file
    /// win, lists add up, and a name the nested file enables is no longer disabled (and the reverse).
    public func extended(by child: Config) -> Config {
        var out = self
        out.path = child.path
        out.directory = child.directory
        out.files += child.files
        out.root = child.root
        for (k, v) in child.settings { out.settings[k] = v }
        out.ruleDirectoryItems += child.ruleDirectoryItems
        out.includeGroups += child.includeGroups
        out.excludes += child.excludes
        if let only = child.onlyItems { out.onlyItems = only }
        let enabled = Set(child.enable)
        let disabled = Set(child.disable)
        out.disableItems = out.disableItems.filter { !enabled.contains($0.value) } + child.disableItems
        out.enableItems = out.enableItems.filter { !disabled.contains($0.value) } + child.enableItems
        let overridden = Set(child.severityItems.map(\.name))
        out.severityItems = out.severityItems.filter { !overridden.contains($0.name) } + child.severityItems
        out.allowances += child.allowances
        out.mentions += child.mentions
        return out
    }

    /// The nearest configuration above `path`, stopping at the repository root.
    public static func discover(from path: String) -> String? { discoverAll(from: path).first }

    /// Every configuration file above `path` up to the repository root, nearest first.
    public static func discoverAll(from path: String) -> [String] {
        var dir = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        if !(FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDirectory) && isDirectory.boolValue) {
            dir = dir.deletingLastPathComponent()
        }
        var found: [String] = []
        while true {
            for name in fileNames {
                let candidate = dir.appendingPathComponent(name).path
                if FileManager.default.fileExists(atPath: candidate) {
                    found.append(candidate)
                    break
                }
            }
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent(".git").path) { return found }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { return found }
            dir = parent
        }
    }

    /// Notes for names of renamed rules: they still work, under their new id.
    public func renamedNames(in rules: RuleSet) -> [String] {
        mentions.compactMap { m in
            rules.renamed[m.name].map {
                "\(m.location.description): note: '\(m.name)' is now '\($0)'; please use the new id"
            }
        }
    }

    /// Applies the configuration to a policy (command-line options are applied after, and win).
    public func apply(to policy: inout Policy) {
        if !only.isEmpty { policy.only = Set(only) }
        policy.disabled.subtract(enable)
        policy.enabled.formUnion(enable)
        policy.disabled.formUnion(disable)
        for (k, v) in severities { policy.severities[k] = v }
        for a in allowances {
            if let rule = a.rule {
                policy.allowByRule[rule, default: []].append(a.phrase)
            } else {
                policy.allow.append(a.phrase)
            }
        }
        if let style { policy.style = style }
        if let flagQuoted { policy.flagQuoted = flagQuoted }
        switch flagGenericSingular {
        case true?:
            policy.enabled.insert(Config.genericSingularCategory)
            policy.disabled.remove(Config.genericSingularCategory)
        case false?: policy.enabled.remove(Config.genericSingularCategory)
        case nil: break
        }
        if let identifiers { policy.identifiers = identifiers }
    }

    /// Whether the configuration lets a file through its include/exclude globs.
    public func admits(_ file: String) -> Bool { excludedBy(file) == nil }

    /// Why a file is left out: the glob that excludes it, or the `include` list it matches nothing of.
    public func excludedBy(_ file: String) -> String? {
        let absolute = URL(fileURLWithPath: file).standardizedFileURL.path
        func relative(_ directory: String) -> String {
            absolute.hasPrefix(directory + "/") ? String(absolute.dropFirst(directory.count + 1)) : file
        }
        for group in includeGroups where !group.contains(where: { Glob.matches($0.pattern, relative($0.directory)) }) {
            return "not in include (\(group.map(\.pattern).joined(separator: ", ")), \(group[0].origin.description))"
        }
        if let glob = excludes.first(where: { Glob.matches($0.pattern, relative($0.directory)) }) {
            return "excluded by \(glob.pattern) (\(glob.origin.description))"
        }
        return nil
    }

    /// The effective configuration as YAML, each value followed by where it was set, for `ally config`.
    public func describe() -> String {
        var out = ""
        func line(_ text: String, _ origin: String) {
            let padded = text.count < 40 ? text + String(repeating: " ", count: 40 - text.count) : text + "  "
            out += padded + "# " + origin + "\n"
        }
        func list(_ key: String, _ items: [(String, String)], empty: String) {
            if items.isEmpty { return line("\(key): []", empty) }
            out += "\(key):\n"
            for (value, origin) in items { line("  - \(value)", origin) }
        }
        let defaults = [
            "language": "auto", "fail-on": "warning", "quoted": "skip", "identifiers": "false",
            "generic-singular": "skip",
        ]
        for key in ["language", "fail-on", "style", "quoted", "identifiers", "generic-singular"] {
            if let item = settings[key] {
                line("\(key): \(Config.yaml(item.value))", item.origin.description)
            } else if let value = defaults[key] {
                line("\(key): \(value)", "default")
            } else {
                line("# \(key): not set", "default: each rule's first list of suggestions")
            }
        }
        if let onlyItems {
            list("only", onlyItems.map { (Config.yaml($0.value), $0.origin.description) }, empty: "")
        } else {
            line("only: []", "default: every rule that is not opt-in")
        }
        list("enable", enableItems.map { (Config.yaml($0.value), $0.origin.description) }, empty: "default")
        list("disable", disableItems.map { (Config.yaml($0.value), $0.origin.description) }, empty: "default")
        if severityItems.isEmpty {
            line("severity: {}", "default: each rule's own")
        } else {
            out += "severity:\n"
            for s in severityItems { line("  \(Config.yaml(s.name)): \(s.severity.rawValue)", s.origin.description) }
        }
        list(
            "allow",
            allowances.map { a in
                (
                    a.rule.map { "{\(Config.yaml($0)): \(Config.yaml(a.phrase))}" } ?? Config.yaml(a.phrase),
                    a.origin.description
                )
            }, empty: "default")
        list(
            "include",
            includeGroups.flatMap { $0 }.map {
                (Config.yaml($0.pattern), "\($0.origin.description) (in \($0.directory))")
            },
            empty: "default: every file")
        list(
            "exclude", excludes.map { (Config.yaml($0.pattern), "\($0.origin.description) (in \($0.directory))") },
            empty: "default")
        list("rules", ruleDirectoryItems.map { (Config.yaml($0.value), $0.origin.description) }, empty: "default")
        return out
    }

    /// A text as a YAML scalar: plain when YAML reads it back the same, quoted otherwise.
    static func yaml(_ s: String) -> String {
        let special = Set("-?:,[]{}#&*!|>'\"%@`")
        let plain =
            !s.isEmpty && !special.contains(s.first!) && !s.contains(": ") && !s.contains(" #")
            && s.trimmingCharacters(in: .whitespaces) == s && !["true", "false", "null", "~"].contains(s)
        return plain ? s : String(decoding: (try? JSONEncoder().encode(s)) ?? Data(), as: UTF8.self)
    }

    /// A commented starter configuration for `ally init`.
    public static let starter = """
        # ally configuration: https://github.com/ (see the README's Configuration section)
        # The .ally.yml files above a file apply to it, the nearest last; `root: true` stops the search.
        # `--config FILE` overrides them all.

        # Language of the rules: en, de, es, fr, or auto (recognised per file; short texts read as English).
        language: auto

        # Lowest severity that fails the run (exit 1): error, warning, suggestion or never.
        fail-on: warning

        # Categories or rule ids to switch off, or on (job-posting runs only when enabled or under `ally job`).
        disable: []
        #  - tech-terms
        #  - gender.guys
        enable: []

        # Change how loud a rule or a category is.
        severity: {}
        #  gender.guys: suggestion

        # Exact phrases never flagged, such as a product literally called "Master" (case-sensitive when
        # written with a capital). Per rule: allow: {tech-terms.sanity-check: ["ansible-test sanity"]}
        allow: []

        # Paths to skip (globs relative to this file); `include`, when set, lints only matching paths.
        exclude:
          - "CHANGELOG.md"
          - "vendor/**"

        # Extra rule directories, relative to this file.
        rules: []

        # Writing style for suggestions in German, French and Spanish (neutral, star, colon, median-point…).
        # style: neutral

        # A term written in quotation marks is a mention ("rename “whitelist”") and is skipped;
        # `flag` reports it too. Slurs are reported either way.
        # quoted: skip

        # A masculine singular meant for anyone (l'utilisateur, el usuario, der Nutzer) in German, French
        # and Spanish: skip (the default) or flag. Generic plurals are always reported.
        # generic-singular: skip

        """
}
