import AllyCore
import AllyWorkspace
import Foundation

/// What the editor may set, in `initializationOptions` or `workspace/didChangeConfiguration`
/// (`{"ally": {…}}`); it is applied after the nearest `.ally.yml`, as command-line options are.
public struct Settings: Equatable, Sendable {
    public var language: String?
    public var only: [String] = []
    public var disable: [String] = []
    public var enable: [String] = []
    public var severities: [String: Severity] = [:]
    public var allow: [String] = []
    public var style: String?
    public var inlineConfig = true
    /// Extra rule directories.
    public var rules: [String] = []
    /// How long to wait after a change before linting, so fast typing lints once.
    public var debounceMilliseconds = 50

    public init() {}

    /// The keys `init(json:problems:)` reads.
    public static let keys: Set<String> = [
        "language", "only", "disable", "enable", "allow", "rules", "style", "inlineConfig", "debounceMilliseconds",
        "severity",
    ]

    /// Reads settings, ignoring keys it does not know; `problems` names values of the wrong kind.
    public init(json: JSON?, problems: inout [String]) {
        self.init()
        guard var json, json.object != nil else { return }
        if let nested = json["ally"], nested.object != nil { json = nested }
        func strings(_ key: String) -> [String] {
            guard let value = json[key], !value.isNull else { return [] }
            if let s = value.string { return s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            guard let list = value.array, list.allSatisfy({ $0.string != nil }) else {
                problems.append("setting '\(key)' must be a list of strings")
                return []
            }
            return list.compactMap(\.string)
        }
        language = json["language"]?.string
        only = strings("only")
        disable = strings("disable")
        enable = strings("enable")
        allow = strings("allow")
        rules = strings("rules")
        style = json["style"]?.string
        if let b = json["inlineConfig"]?.bool { inlineConfig = b }
        if let ms = json["debounceMilliseconds"]?.int { debounceMilliseconds = max(0, min(ms, 5000)) }
        if let map = json["severity"]?.object {
            for (k, v) in map {
                guard let s = v.string.flatMap(Severity.init(rawValue:)) else {
                    problems.append("setting 'severity.\(k)' must be error, warning or suggestion")
                    continue
                }
                severities[k] = s
            }
        }
    }
}

/// One lint of one document version, kept so that hovers and code actions need not lint again.
struct LintOutcome {
    var bytes: [UInt8]
    /// Nil when the document was not linted (excluded by its configuration, no rules).
    var result: LintResult?
    var format: InputFormat
    var language: String
    /// How to lint this text again under the same rules, configuration and settings (fixes use it).
    var relint: (([UInt8]) -> LintResult)?

    var findings: [Finding] { result?.findings ?? [] }
    var notes: [(range: Range<Int>, message: String)] { result?.notes ?? [] }
}

/// Rules, configurations and linters for the server. Used from one thread only (the server's
/// work queue): a linter keeps buffers between calls.
final class LintEngine {
    let sources: RuleSources
    var settings = Settings()
    /// Reports a problem with rules or configuration once (the server shows it to the user).
    var report: (String) -> Void = { _ in }

    private var catalogs: [String: RuleCatalog] = [:]
    private var linters: [ObjectIdentifier: Linter] = [:]
    private var configs: [String: (stamp: FileStamp, config: Config?)] = [:]
    private var stopwordCache: [String: Set<String>]?
    private var reported = Set<String>()

    init(sources: RuleSources) {
        self.sources = sources
    }

    /// A file's identity and version on disk: a configuration is read again when it changes.
    struct FileStamp: Equatable {
        var inode: UInt64
        var size: Int64
        var seconds: Int
        var nanoseconds: Int

        init?(path: String) {
            var st = stat()
            guard stat(path, &st) == 0 else { return nil }
            inode = UInt64(st.st_ino)
            size = Int64(st.st_size)
            seconds = Int(st.st_mtim.tv_sec)
            nanoseconds = Int(st.st_mtim.tv_nsec)
        }
    }

    private func once(_ message: String) {
        if reported.insert(message).inserted { report(message) }
    }

    /// The nearest `.ally.yml` above `path`, read again whenever its modification time, size or
    /// inode changed since the last lint.
    func config(for path: String?) -> Config? {
        guard let path, let found = Config.discover(from: path) else { return nil }
        guard let stamp = FileStamp(path: found) else { return nil }
        if let cached = configs[found], cached.stamp == stamp { return cached.config }
        let (config, problems) = Config.load(path: found)
        for p in problems { once(p.description) }
        configs[found] = (stamp, config)
        return config
    }

    private func catalog(for config: Config?) -> RuleCatalog {
        let dirs = settings.rules + (config?.ruleDirectories ?? [])
        let key = dirs.joined(separator: "\u{0}")
        if let c = catalogs[key] { return c }
        var s = sources
        s.extra += dirs
        let c = RuleCatalog(sources: s)
        catalogs[key] = c
        return c
    }

    private var stopwords: [String: Set<String>] {
        if let stopwordCache { return stopwordCache }
        var s = sources
        s.extra += settings.rules
        let words = RuleCatalog(sources: s).stopwords()
        stopwordCache = words
        return words
    }

    /// The settings changed: rule directories may differ, so catalogs are built anew.
    func update(_ new: Settings) {
        if new.rules != settings.rules {
            catalogs = [:]
            linters = [:]
            stopwordCache = nil
        }
        settings = new
    }

    func policy(_ config: Config?) -> Policy {
        var p = Policy()
        config?.apply(to: &p)
        if !settings.only.isEmpty { p.only = Set(settings.only) }
        p.disabled.formUnion(settings.disable)
        p.enabled.formUnion(settings.enable)
        for (k, v) in settings.severities { p.severities[k] = v }
        p.allow += settings.allow
        if let style = settings.style { p.style = style }
        p.inlineConfig = settings.inlineConfig
        return p
    }

    /// Lints a document's text. `path` is the file's path (nil for an unsaved buffer); `directory`
    /// is where to look for `.ally.yml` when there is no path; `parsePath` names the file for the
    /// extractors (a source file's extension chooses its comment syntax).
    func lint(bytes: [UInt8], format: InputFormat, path: String?, directory: String?, parsePath name: String)
        -> LintOutcome
    {
        let config = self.config(for: path ?? directory.map { $0 + "/" })
        var empty = LintOutcome(bytes: bytes, result: nil, format: format, language: "en", relint: nil)
        if let path, let config, !config.admits(path) { return empty }
        let document = Document.parse(path: name, bytes: bytes, format: format)
        let fallback = config?.language.flatMap { $0 == "auto" ? nil : $0 } ?? "en"
        var language = settings.language ?? config?.language ?? "auto"
        if settings.language == nil || settings.language == "auto", let declared = document.declaredLanguage {
            language = declared
        }
        if language == "auto" { language = LanguageGuess.guess(document, stopwords: stopwords, fallback: fallback) }
        empty.language = language
        let catalog = catalog(for: config)
        guard let rules = catalog.ruleSet(language: language) else {
            for p in catalog.problems { once(p.description) }
            once("no rules for language '\(language)' (installed: \(catalog.languages.joined(separator: ", ")))")
            return empty
        }
        for p in catalog.problems { once(p.description) }
        if let config {
            for m in config.mentions where !rules.knows(m.name) {
                once("\(m.location.description): unknown rule or category '\(m.name)'")
            }
            for n in config.renamedNames(in: rules) { once(n) }
        }
        let linter: Linter
        if let cached = linters[ObjectIdentifier(rules)] {
            linter = cached
        } else {
            do { linter = try Linter(rules: rules) } catch {
                once("cannot use the rules for '\(language)': \(error)")
                return empty
            }
            linters[ObjectIdentifier(rules)] = linter
        }
        let policy = self.policy(config)
        let result = linter.lint(document, policy: policy)
        return LintOutcome(
            bytes: bytes, result: result, format: format, language: language,
            relint: { linter.lint(Document.parse(path: name, bytes: $0, format: format), policy: policy) })
    }
}

extension InputFormat {
    /// The format of an LSP language id, or of the file name when the id says nothing ally knows.
    public static func from(languageID: String, path: String) -> InputFormat {
        switch languageID.lowercased() {
        case "markdown", "mdx": return .markdown
        case "html", "xhtml": return .html
        case "plaintext", "text", "git-commit", "gitcommit", "git-rebase": return .text
        case "restructuredtext", "rst": return .restructuredText
        case "asciidoc", "adoc": return .asciidoc
        default:
            let guessed = InputFormat.guess(path: path)
            if guessed != .text || InputFormat.isSourceFile(path: path) { return guessed }
            // A source language whose file name ally does not recognise: its comments as C-like code.
            return sourceLanguageIDs.contains(languageID.lowercased()) ? .source : .text
        }
    }

    /// The path the extractors see: a source buffer whose name has no known extension (an unsaved
    /// Python buffer) gets its language's, so its comments are read with the right syntax.
    static func parsePath(languageID: String, path: String, format: InputFormat) -> String {
        guard format == .source, !InputFormat.isSourceFile(path: path) else { return path }
        let ext = sourceExtensions[languageID.lowercased()] ?? "c"
        return path + "." + ext
    }

    static let sourceExtensions: [String: String] = [
        "c": "c", "cpp": "cpp", "csharp": "cs", "dart": "dart", "go": "go", "java": "java", "javascript": "js",
        "javascriptreact": "jsx", "kotlin": "kt", "lua": "lua", "objective-c": "m", "objective-cpp": "mm",
        "perl": "pl", "php": "php", "python": "py", "ruby": "rb", "rust": "rs", "scala": "scala",
        "shellscript": "sh", "sql": "sql", "swift": "swift", "typescript": "ts", "typescriptreact": "tsx",
        "yaml": "yml", "r": "r", "haskell": "hs", "elixir": "ex", "erlang": "erl", "clojure": "clj",
        "fsharp": "fs", "groovy": "groovy", "makefile": "mk", "powershell": "ps1", "dockerfile": "dockerfile",
        "toml": "toml", "zig": "zig", "css": "css", "scss": "scss", "less": "less",
    ]

    /// Language ids (from the LSP specification's list) of programming languages.
    static let sourceLanguageIDs: Set<String> = [
        "c", "cpp", "csharp", "css", "dart", "go", "java", "javascript", "javascriptreact", "kotlin", "less",
        "lua", "objective-c", "objective-cpp", "perl", "php", "python", "ruby", "rust", "scala", "scss",
        "shellscript", "sql", "swift", "typescript", "typescriptreact", "yaml", "r", "haskell", "elixir", "erlang",
        "clojure", "fsharp", "groovy", "makefile", "powershell", "dockerfile", "toml", "zig",
    ]
}
