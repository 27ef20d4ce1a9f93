import AllyCore
import Foundation
import Yams

/// A project's `.ally.yml`: which rules run, how loud, what is allowed, which files.
public struct Config {
    public var path: String?
    /// Directory the file lives in; globs and rule directories are relative to it.
    public var directory: String
    public var language: String?
    public var failOn: String?
    public var style: String?
    public var ruleDirectories: [String] = []
    public var include: [String] = []
    public var exclude: [String] = []
    public var only: [String] = []
    public var enable: [String] = []
    public var disable: [String] = []
    public var severities: [String: Severity] = [:]
    public var allow: [String] = []
    /// `quoted: flag` reports terms written as quoted mentions too.
    public var flagQuoted: Bool?
    /// Where each rule id or category was named, to report unknown ones once rules are loaded.
    var mentions: [(name: String, location: SourceLocation)] = []

    public static let fileNames = [".ally.yml", ".ally.yaml"]
    public static let keys: Set<String> = [
        "language", "fail-on", "style", "gender-style", "rules", "include", "exclude", "only",
        "enable", "disable", "severity", "allow", "quoted",
    ]

    public init(directory: String) { self.directory = directory }

    /// Reads a configuration file; problems carry file, line and column.
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
        var y = YAMLReader(file: path)
        guard let root = y.root(text) else {
            // An empty file is a valid (empty) configuration.
            return y.problems.isEmpty ? (config, []) : (nil, y.problems)
        }
        guard let top = y.mapping(root, allowed: keys, what: "the configuration") else { return (nil, y.problems) }
        config.language = y.string(top["language"], "language")
        config.failOn = y.string(top["fail-on"], "fail-on")
        if let f = config.failOn, Severity(rawValue: f) == nil, f != "never" {
            y.problem(top["fail-on"], "fail-on must be error, warning, suggestion or never, not '\(f)'")
        }
        config.style = y.string(top["style"] ?? top["gender-style"], "style")
        config.ruleDirectories = (y.strings(top["rules"], "rules") ?? []).map {
            $0.hasPrefix("/") ? $0 : config.directory + "/" + $0
        }
        config.include = y.strings(top["include"], "include") ?? []
        config.exclude = y.strings(top["exclude"], "exclude") ?? []
        for key in ["only", "enable", "disable"] {
            guard let node = top[key] else { continue }
            let names = y.strings(node, key) ?? []
            switch key {
            case "only": config.only = names
            case "enable": config.enable = names
            default: config.disable = names
            }
            for (i, name) in names.enumerated() {
                var at = y.location(node)
                if case .sequence(let seq) = node, i < seq.count { at = y.location(seq[i]) }
                config.mentions.append((name, at))
            }
        }
        if let node = top["severity"] {
            if case .mapping(let m) = node {
                for (k, v) in m {
                    guard let name = k.string else { continue }
                    guard let value = v.string, let s = Severity(rawValue: value) else {
                        y.problem(v, "severity of '\(name)' must be error, warning or suggestion")
                        continue
                    }
                    config.severities[name] = s
                    config.mentions.append((name, y.location(k)))
                }
            } else {
                y.problem(node, "severity must map rule ids or categories to error, warning or suggestion")
            }
        }
        config.allow = y.strings(top["allow"], "allow") ?? []
        if let quoted = y.string(top["quoted"], "quoted") {
            if quoted == "flag" || quoted == "skip" {
                config.flagQuoted = quoted == "flag"
            } else {
                y.problem(top["quoted"], "quoted must be skip or flag, not '\(quoted)'")
            }
        }
        return y.problems.isEmpty ? (config, []) : (nil, y.problems)
    }

    /// The nearest configuration above `path`, stopping at the repository root.
    public static func discover(from path: String) -> String? {
        var dir = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        if !(FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDirectory) && isDirectory.boolValue) {
            dir = dir.deletingLastPathComponent()
        }
        while true {
            for name in fileNames {
                let candidate = dir.appendingPathComponent(name).path
                if FileManager.default.fileExists(atPath: candidate) { return candidate }
            }
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent(".git").path) { return nil }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { return nil }
            dir = parent
        }
    }

    /// Rule ids or categories the configuration names that the rule set does not have.
    public func unknownNames(in rules: RuleSet) -> [RuleProblem] {
        mentions.compactMap { m in
            rules.knows(m.name) ? nil : RuleProblem(m.location, "unknown rule or category '\(m.name)'")
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
        policy.enabled.formUnion(enable)
        policy.disabled.formUnion(disable)
        for (k, v) in severities { policy.severities[k] = v }
        policy.allow += allow
        if let style { policy.style = style }
        if let flagQuoted { policy.flagQuoted = flagQuoted }
    }

    /// Whether the configuration lets a file through its include/exclude globs.
    public func admits(_ file: String) -> Bool {
        let absolute = URL(fileURLWithPath: file).standardizedFileURL.path
        let relative = absolute.hasPrefix(directory + "/") ? String(absolute.dropFirst(directory.count + 1)) : file
        if !include.isEmpty && !include.contains(where: { Glob.matches($0, relative) }) { return false }
        return !exclude.contains { Glob.matches($0, relative) }
    }

    /// A commented starter configuration for `ally init`.
    public static let starter = """
        # ally configuration: https://github.com/ (see the README's Configuration section)
        # The nearest .ally.yml above a file applies to it; `--config FILE` overrides.

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

        # Terms never flagged, such as a product literally called "Master".
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

        """
}
