import AllyCore
import Foundation

/// How fixes are handled in a run.
public enum FixMode: Sendable {
    case none
    /// Apply fixes (safe ones, or unsafe ones too) and write them.
    case apply(unsafe: Bool)
    /// Print a unified diff of the fixes and write nothing.
    case diff(unsafe: Bool)

    var unsafe: Bool {
        switch self {
        case .none: return false
        case .apply(let u), .diff(let u): return u
        }
    }
}

/// Everything a lint run needs to know, from the command line.
public struct SessionOptions: Sendable {
    public var paths: [String] = []
    /// Where the built-in rules and the rule cache are.
    public var rules = RuleSources(builtIn: nil)
    public var readStandardInput = false
    public var standardInputName = "<stdin>"
    public var inputFormat: InputFormat?
    /// Walking a directory also collects source files, for their comments.
    public var includeSource = false
    /// `--identifiers`: read identifiers in source code for the categories that ask for it.
    public var identifiers = false
    /// `--lang`: a language code or `auto`.
    public var language: String?
    public var ruleDirectories: [String] = []
    public var configPath: String?
    /// `--style`: which suggestion list comes first where a rule has several.
    public var style: String?
    public var only: [String] = []
    public var disable: [String] = []
    public var enable: [String] = []
    public var failOn: Severity?? = .none
    public var inlineConfig = true
    /// Run `ally job`'s checks and gendered-wording count.
    public var job = false
    public var fix: FixMode = .none
    /// Worker threads the caller runs (the command line uses one per core).
    public var jobs = 1

    public init() {}
}

/// What linting one file produced, handed to reporters in input order.
public struct FileOutcome: Sendable {
    public var path: String
    /// The file's bytes after any fixes (positions of findings refer to these).
    public var bytes: [UInt8] = []
    public var findings: [Finding] = []
    public var notes: [(range: Range<Int>, message: String)] = []
    /// Why the file could not be linted (reported on standard error, exit 2 unless a skip).
    public var problem: String?
    public var isSkip = false
    public var fixesApplied = 0
    public var diff: String?
    /// Fixed text of standard input, printed instead of written.
    public var fixedStandardInput: [UInt8]?
    /// The lowest severity that fails this file (from the command line or its configuration).
    public var failOn: Severity?
    public var language = "en"
    /// The format the input was read as.
    public var format = InputFormat.text
    /// Under `ally job`: the language's gender-coded word list, when it has one.
    public var genderCodingList: GenderCodingList?
    /// Under `ally job`: whether the language's rules check for what a posting leaves out.
    public var missingChecked = false
    /// For standard input read in pieces: where this piece starts, and whether it continues the last.
    public var baseOffset = 0
    public var baseLine = 0
    public var baseColumn = 1
    public var isContinuation = false

    public init(path: String, problem: String? = nil) {
        self.path = path
        self.problem = problem
    }
}

/// A problem with configuration, rules or languages (not with one input file): where, when known, and what.
public struct RunProblem: Sendable, Hashable, CustomStringConvertible {
    public var location: SourceLocation?
    public var message: String

    public init(_ location: SourceLocation?, _ message: String) {
        self.location = location
        self.message = message
    }

    public init(_ problem: RuleProblem) { self.init(problem.location, problem.message) }

    public var description: String { location.map { "\($0.description): \(message)" } ?? message }
}

/// A lint run over files or standard input: configuration, languages, rule sets and fixes, shared
/// by the caller's threads; each thread lints through its own `Session.Worker`.
public final class Session: @unchecked Sendable {
    // @unchecked: the caches below are only touched under `lock`; options never change.
    public let options: SessionOptions
    private var catalogs: [String: RuleCatalog] = [:]
    private var configs: [String: (Config?, [RuleProblem])] = [:]
    private var reportedProblems = Set<String>()
    /// Problems with configuration or rules, each reported once.
    public private(set) var problems: [RunProblem] = []
    /// Notes that do not fail the run (a renamed rule named by its old id), each reported once.
    public private(set) var notes: [String] = []
    private var notesTaken = 0
    private let lock = NSLock()
    private var stopwordCache: [String: Set<String>]?

    public init(options: SessionOptions) {
        self.options = options
    }

    private var problemsTaken = 0
    /// How many files the current run lints (known once `run` has expanded the paths).
    public private(set) var fileCount = 0

    /// Problems recorded since the last call, for reporting as they appear.
    public func problemsSinceLastCheck() -> [RunProblem] {
        lock.lock()
        defer { lock.unlock() }
        let new = Array(problems[problemsTaken...])
        problemsTaken = problems.count
        return new
    }

    /// Notes recorded since the last call.
    public func notesSinceLastCheck() -> [String] {
        lock.lock()
        defer { lock.unlock() }
        let new = Array(notes[notesTaken...])
        notesTaken = notes.count
        return new
    }

    private func note(_ message: String) {
        lock.lock()
        if reportedProblems.insert(message).inserted { notes.append(message) }
        lock.unlock()
    }

    private func problem(_ problem: RunProblem) {
        lock.lock()
        if reportedProblems.insert(problem.description).inserted { problems.append(problem) }
        lock.unlock()
    }

    /// The files the paths expand to, after configuration include/exclude. Files governed by a
    /// configuration with errors are left out, with one problem per such configuration.
    public func files() -> (files: [String], problems: [Input.Problem]) {
        var walker = FileWalker()
        walker.includeSource = options.includeSource
        for p in options.paths where p != "-" { walker.add(p) }
        var kept: [String] = []
        var blocked: [[String]: Int] = [:]
        var blockedOrder: [[String]] = []
        for file in walker.files {
            let resolved = resolvedConfig(for: file)
            if !resolved.failed.isEmpty {
                if blocked[resolved.failed] == nil { blockedOrder.append(resolved.failed) }
                blocked[resolved.failed, default: 0] += 1
                continue
            }
            if resolved.config?.admits(file) ?? true { kept.append(file) }
        }
        for failed in blockedOrder {
            let n = blocked[failed]!
            problem(
                RunProblem(
                    nil,
                    "\(n) file\(n == 1 ? "" : "s") not linted: \(failed.joined(separator: ", "))"
                        + " \(failed.count == 1 ? "has" : "have") errors"))
        }
        return (kept, walker.problems)
    }

    /// A configuration as it applies to a file, and the configuration files with errors that keep
    /// the file from being linted (empty when there are none).
    public struct ResolvedConfig {
        public var config: Config?
        public var failed: [String] = []
    }

    private var resolvedByChain: [[String]: ResolvedConfig] = [:]

    /// The configuration that applies to a file (or to the working directory for standard input);
    /// nil when there is none or when it has errors (see `resolvedConfig`).
    public func config(for path: String?) -> Config? {
        let resolved = resolvedConfig(for: path)
        return resolved.failed.isEmpty ? resolved.config : nil
    }

    /// The configuration files that apply to a path, outermost first: `--config`, or every
    /// `.ally.yml` from the repository root down to the path's directory, starting at the nearest
    /// one that says `root: true`.
    public func configChain(for path: String?) -> [String] {
        if let explicit = options.configPath { return [explicit] }
        let dir =
            path.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
            ?? FileManager.default.currentDirectoryPath
        lock.lock()
        let cached = chainByDirectory[dir]
        lock.unlock()
        if let cached { return cached }
        var chain: [String] = []
        for file in Config.discoverAll(from: path ?? FileManager.default.currentDirectoryPath + "/") {
            chain.insert(file, at: 0)
            if load(file).0?.root ?? false { break }
        }
        lock.lock()
        chainByDirectory[dir] = chain
        lock.unlock()
        return chain
    }

    private var chainByDirectory: [String: [String]] = [:]

    /// One configuration file, read once; its problems are recorded.
    private func load(_ file: String) -> (Config?, [RuleProblem]) {
        lock.lock()
        let cached = configs[file]
        lock.unlock()
        if let cached { return cached }
        let loaded = Config.load(path: file)
        lock.lock()
        configs[file] = loaded
        lock.unlock()
        for p in loaded.1 { problem(RunProblem(p)) }
        return loaded
    }

    /// The effective configuration for a path: its files merged, every name it uses checked.
    public func resolvedConfig(for path: String?) -> ResolvedConfig {
        resolve(chain: configChain(for: path))
    }

    /// The effective configuration of a chain of files (outermost first).
    public func resolve(chain: [String]) -> ResolvedConfig {
        guard !chain.isEmpty else { return ResolvedConfig() }
        lock.lock()
        let cached = resolvedByChain[chain]
        lock.unlock()
        if let cached { return cached }
        var merged: Config?
        var failed: [String] = []
        for file in chain {
            let (config, problems) = load(file)
            guard let config, problems.isEmpty else {
                failed.append(file)
                continue
            }
            merged = merged.map { $0.extended(by: config) } ?? config
        }
        if failed.isEmpty, let config = merged {
            let problems = nameProblems(config)
            for p in problems { problem(RunProblem(p)) }
            failed = chain.filter { file in problems.contains { $0.location.file == file } }
            if !problems.isEmpty && failed.isEmpty { failed = [chain.last!] }
        }
        let resolved = ResolvedConfig(config: merged, failed: failed)
        lock.lock()
        resolvedByChain[chain] = resolved
        lock.unlock()
        return resolved
    }

    /// Rule ids, categories and the style a configuration names that no language's rules know,
    /// each with the closest known name; renamed rules' old ids give a note.
    func nameProblems(_ config: Config) -> [RuleProblem] {
        let catalog = catalog(for: config)
        var out: [RuleProblem] = []
        let first = [options.language, config.language].compactMap { $0 }.first { $0 != "auto" }
        for m in config.mentions {
            if let problem = unknownName(m.name, catalogs: [catalog], first: first) {
                out.append(RuleProblem(m.location, problem))
            }
        }
        if let style = config.settings["style"], let problem = unknownStyle(style.value, catalogs: [catalog]) {
            out.append(RuleProblem(style.origin, problem))
        }
        if out.isEmpty, let set = ruleSets(catalog, first: first).first(where: { _ in true }) {
            for n in config.renamedNames(in: set) { note(n) }
        }
        return out
    }

    /// Rule sets of every language of a catalog, the likeliest first, compiled as they are reached.
    private func ruleSets(_ catalog: RuleCatalog, first: String?) -> some Sequence<RuleSet> {
        let languages = catalog.languages
        let start = first ?? "en"
        let ordered = (languages.contains(start) ? [start] : []) + languages.filter { $0 != start }
        return ordered.lazy.compactMap { catalog.ruleSet(language: $0) }
    }

    /// Why a name is unknown to every language of the catalogs, with a suggestion; nil when known.
    func unknownName(_ name: String, catalogs: [RuleCatalog], first: String?) -> String? {
        for catalog in catalogs {
            if catalog.categories.contains(where: { $0.id == name }) { return nil }
            if ruleSets(catalog, first: first).contains(where: { $0.knows(name) }) { return nil }
        }
        var known = Set<String>()
        for catalog in catalogs {
            known.formUnion(catalog.categories.map(\.id))
            for set in ruleSets(catalog, first: first) { known.formUnion(set.names) }
        }
        return "unknown rule or category '\(name)'" + Names.suggestion(for: name, among: known)
    }

    /// Why a writing style is unknown to every language's suggestions; nil when known.
    func unknownStyle(_ style: String, catalogs: [RuleCatalog]) -> String? {
        for catalog in catalogs where ruleSets(catalog, first: nil).contains(where: { $0.styles.contains(style) }) {
            return nil
        }
        var styles = Set<String>()
        for catalog in catalogs { for set in ruleSets(catalog, first: nil) { styles.formUnion(set.styles) } }
        let hint =
            Names.closest(to: style, among: styles).map { "; did you mean '\($0)'?" }
            ?? (styles.isEmpty ? " (no rules have styles)" : " (styles: \(styles.sorted().joined(separator: ", ")))")
        return "unknown style '\(style)'" + hint
    }

    /// Rule ids, categories and styles on the command line that the rules do not know, as messages
    /// naming the option, each with the closest known name. Rules added by the configuration of the
    /// paths (or of the working directory) count.
    public func commandLineProblems() -> [String] {
        guard !options.only.isEmpty || !options.disable.isEmpty || !options.enable.isEmpty || options.style != nil
        else { return [] }
        var catalogs = [catalog(for: nil)]
        let places: [String?] = options.readStandardInput || options.paths.isEmpty ? [nil] : options.paths
        for place in places {
            if let config = config(for: place), !config.ruleDirectories.isEmpty {
                catalogs.append(catalog(for: config))
            }
        }
        let first = options.language.flatMap { $0 == "auto" ? nil : $0 }
        var out: [String] = []
        for (option, names) in [("--only", options.only), ("--disable", options.disable), ("--enable", options.enable)]
        {
            for name in names {
                if let problem = unknownName(name, catalogs: catalogs, first: first) {
                    out.append("\(option): \(problem)")
                }
            }
        }
        if let style = options.style, let problem = unknownStyle(style, catalogs: catalogs) {
            out.append("--style: \(problem)")
        }
        return out
    }

    private func catalog(for config: Config?) -> RuleCatalog {
        let dirs = options.ruleDirectories + (config?.ruleDirectories ?? [])
        let key = dirs.joined(separator: "\u{0}")
        lock.lock()
        defer { lock.unlock() }
        if let c = catalogs[key] { return c }
        var sources = options.rules
        sources.extra += dirs
        let c = RuleCatalog(sources: sources)
        catalogs[key] = c
        return c
    }

    /// The catalog of rules that applies without any configuration file.
    public var catalog: RuleCatalog { catalog(for: nil) }

    /// Compiled rules for a language under a configuration; problems are recorded.
    public func ruleSet(language: String, config: Config?) -> RuleSet? {
        let catalog = catalog(for: config)
        let set = catalog.ruleSet(language: language)
        for p in catalog.problems { problem(RunProblem(p)) }
        return set
    }

    var stopwords: [String: Set<String>] {
        lock.lock()
        defer { lock.unlock() }
        if let stopwordCache { return stopwordCache }
        var sources = options.rules
        sources.extra += options.ruleDirectories
        let words = RuleCatalog(sources: sources).stopwords()
        stopwordCache = words
        return words
    }

    /// The policy for a file: configuration first, then the command line.
    func policy(_ config: Config?) -> Policy {
        var p = Policy()
        config?.apply(to: &p)
        if !options.only.isEmpty { p.only = Set(options.only) }
        // What the command line enables is on even where a configuration disabled it.
        p.disabled.subtract(options.enable)
        p.disabled.formUnion(options.disable)
        p.enabled.formUnion(options.enable)
        p.inlineConfig = options.inlineConfig
        p.job = options.job
        if options.identifiers { p.identifiers = true }
        if let style = options.style { p.style = style }
        return p
    }

    func failOn(_ config: Config?) -> Severity? {
        if case .some(let cli) = options.failOn { return cli }
        if let f = config?.failOn { return f == "never" ? nil : Severity(rawValue: f) }
        return .warning
    }

    /// A worker for one thread: it keeps a linter (tokenizer and buffers) per rule set.
    public func worker() -> Worker { Worker(session: self) }

    /// Lints inputs of a session on one thread.
    public final class Worker {
        public let session: Session
        private var linters: [ObjectIdentifier: Linter] = [:]

        init(session: Session) { self.session = session }

        /// Lints one input (a file's bytes, a piece of standard input, a record of a stream).
        public func lint(
            path: String, bytes: Result<[UInt8], Input.Problem>, isStandardInput: Bool,
            format: InputFormat? = nil, language: String? = nil
        ) -> FileOutcome {
            session.lint(
                path: path, bytes: bytes, isStandardInput: isStandardInput, linters: &linters, format: format,
                language: language)
        }

        /// Lints a readable stream in pieces that end at paragraph breaks, handing each piece's outcome over as it comes.
        public func lintInPieces(
            fd: Int32, name: String, format: InputFormat, isStandardInput: Bool,
            _ each: (FileOutcome) -> Void
        ) {
            session.runInPieces(
                fd: fd, name: name, format: format, isStandardInput: isStandardInput, linters: &linters, each)
        }
    }

    func lint(
        path: String, bytes read: Result<[UInt8], Input.Problem>, isStandardInput: Bool,
        linters: inout [ObjectIdentifier: Linter], format explicitFormat: InputFormat? = nil,
        language forcedLanguage: String? = nil
    ) -> FileOutcome {
        var outcome = FileOutcome(path: path)
        let bytes: [UInt8]
        switch read {
        case .failure(let p):
            outcome.problem = p.description
            outcome.isSkip = p.isSkip
            return outcome
        case .success(let b): bytes = b
        }
        let resolved = resolvedConfig(for: isStandardInput ? nil : path)
        guard resolved.failed.isEmpty else {
            let files = resolved.failed.joined(separator: ", ")
            outcome.problem = "\(path): not linted: \(files) \(resolved.failed.count == 1 ? "has" : "have") errors"
            return outcome
        }
        let config = resolved.config
        outcome.failOn = failOn(config)
        let format = explicitFormat ?? options.inputFormat ?? InputFormat.guess(path: path)
        let policy = self.policy(config)
        let document = Document.parse(path: path, bytes: bytes, format: format, identifiers: policy.identifiers)
        let fallback = config?.language.flatMap { $0 == "auto" ? nil : $0 } ?? "en"
        // Without a choice, each file's language is recognised; short or unclear texts stay English.
        var language = options.language ?? config?.language ?? "auto"
        if options.language == nil || options.language == "auto", let declared = document.declaredLanguage {
            language = declared
        }
        if language == "auto" { language = LanguageGuess.guess(document, stopwords: stopwords, fallback: fallback) }
        if let forcedLanguage { language = forcedLanguage }
        outcome.language = language
        guard let rules = ruleSet(language: language, config: config) else {
            let installed = catalog(for: config).builtInLanguages.joined(separator: ", ")
            problem(RunProblem(nil, "no rules for language '\(language)' (installed: \(installed))"))
            outcome.problem = "\(path): not linted (no rules for language '\(language)')"
            return outcome
        }
        let linter: Linter
        if let cached = linters[ObjectIdentifier(rules)] {
            linter = cached
        } else {
            do { linter = try Linter(rules: rules) } catch {
                outcome.problem = "\(path): \(error)"
                return outcome
            }
            linters[ObjectIdentifier(rules)] = linter
        }
        let original = linter.lint(document, policy: policy)
        var result = original
        var current = bytes
        if case .none = options.fix {
        } else {
            let passes = Fixer.repeatedly(bytes, result: result, unsafe: options.fix.unsafe) {
                linter.lint(
                    Document.parse(path: path, bytes: $0, format: format, identifiers: policy.identifiers),
                    policy: policy)
            }
            let firstEdits = passes.applied.first?.flatMap { $0.fix!.edits } ?? []
            outcome.fixesApplied = passes.applied.reduce(0) { $0 + $1.count }
            current = passes.bytes
            result = passes.result
            if case .diff = options.fix {
                outcome.diff =
                    passes.applied.count == 1
                    ? Diff.unified(path: path, old: bytes, edits: firstEdits)
                    : Diff.whole(path: path, old: bytes, new: current)
                // Nothing is written: the findings stand as they are in the file.
                result = original
                current = bytes
                outcome.fixesApplied = 0
            } else if isStandardInput {
                outcome.fixedStandardInput = current
            } else if current != bytes {
                do {
                    try AtomicWrite.replace(path, expected: bytes, with: current)
                } catch {
                    outcome.problem = "\(path): \(error)"
                    outcome.fixesApplied = 0
                    current = bytes
                    result = original
                }
            }
        }
        if options.job { outcome.missingChecked = rules.checks.contains { $0.kind == .required && $0.scope == "job" } }
        outcome.format = format
        outcome.genderCodingList = options.job ? rules.genderCoding : nil
        outcome.bytes = current
        outcome.findings = result.findings
        outcome.notes = Session.suggestingNames(result.notes, directives: document.directives, rules: rules)
        return outcome
    }

    /// Notes on directives that name an unknown rule, with the closest known name added.
    static func suggestingNames(
        _ notes: [(range: Range<Int>, message: String)], directives: [Directive], rules: RuleSet
    ) -> [(range: Range<Int>, message: String)] {
        guard !notes.isEmpty else { return notes }
        var notes = notes
        for d in directives {
            for name in d.targets where !rules.knows(name) {
                let unknown = "unknown rule or category '\(name)'"
                guard
                    let i = notes.firstIndex(where: {
                        $0.range == d.bytes && $0.message.hasPrefix(unknown) && !$0.message.contains("did you mean")
                    })
                else { continue }
                notes[i].message += Names.suggestion(for: name, among: rules.names)
            }
        }
        return notes
    }

    /// Files above this size are linted in pieces, like standard input, so memory stays flat.
    public static let pieceThreshold = 8 << 20

    /// Whether a file is linted in pieces: large Markdown or text, not being fixed, not a job review.
    public func linksInPieces(_ path: String) -> Bool {
        guard case .none = options.fix, !options.job else { return false }
        let format = options.inputFormat ?? InputFormat.guess(path: path)
        guard format.canBeReadInPieces else { return false }
        var st = stat()
        return stat(path, &st) == 0 && Int(st.st_size) > Session.pieceThreshold
    }

    /// Reads `fd` in pieces that end at paragraph breaks and lints each as it arrives.
    func runInPieces(
        fd: Int32, name: String, format: InputFormat, isStandardInput: Bool,
        linters: inout [ObjectIdentifier: Linter], _ each: (FileOutcome) -> Void
    ) {
        var reader = ChunkReader(fd: fd, markdown: format == .markdown)
        var base = 0
        var baseLine = 0
        var baseColumn = 1
        var language: String?
        while true {
            let piece: [UInt8]
            do {
                guard let next = try reader.next() else { break }
                piece = next
            } catch {
                each(FileOutcome(path: name, problem: "\(error)"))
                return
            }
            var outcome = lint(
                path: name, bytes: Input.check(piece, path: name), isStandardInput: isStandardInput, linters: &linters,
                format: format, language: language)
            if let problem = outcome.problem, base > 0 {
                // Name the line in the whole stream, not in the piece.
                outcome.problem = problem + " (in the part starting at line \(baseLine + 1))"
            }
            language = language ?? outcome.language
            outcome.baseOffset = base
            outcome.baseLine = baseLine
            outcome.baseColumn = baseColumn
            outcome.isContinuation = base > 0
            each(outcome)
            if outcome.problem != nil { return }
            base += piece.count
            // A piece cut inside a long line leaves the next one starting mid-line.
            if let lastBreak = piece.lastIndex(of: 0x0A) {
                baseLine += piece.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                baseColumn = 1 + piece[(lastBreak + 1)...].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
            } else {
                baseColumn += piece.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
            }
        }
        if base == 0 {
            each(
                lint(
                    path: name, bytes: .success([]), isStandardInput: isStandardInput, linters: &linters, format: format
                ))
        }
    }
}
