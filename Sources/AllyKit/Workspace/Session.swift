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
    public var readStandardInput = false
    public var standardInputName = "<stdin>"
    public var inputFormat: InputFormat?
    /// Walking a directory also collects source files, for their comments.
    public var includeSource = false
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
    public var jobs = ProcessInfo.processInfo.activeProcessorCount

    public init() {}
}

/// What linting one file produced, handed to reporters in input order.
public struct FileOutcome {
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
    public var genderCoding: GenderCoding.Result?
    /// Under `ally job`: whether the language's rules check for what a posting leaves out.
    public var missingChecked = false
    /// For standard input read in pieces: where this piece starts, and whether it continues the last.
    public var baseOffset = 0
    public var baseLine = 0
    public var baseColumn = 1
    public var isContinuation = false

    /// The report reporters see for this outcome.
    public var report: FileReport {
        var r = FileReport(path: path, bytes: bytes, findings: findings, notes: notes)
        r.baseOffset = baseOffset
        r.baseLine = baseLine
        r.baseColumn = baseColumn
        r.isContinuation = isContinuation
        return r
    }
}

/// A lint run over files or standard input: configuration, languages, workers, fixes.
public final class Session: @unchecked Sendable {
    public let options: SessionOptions
    private var engines: [String: Engine] = [:]
    private var configs: [String: (Config?, [RuleProblem])] = [:]
    private var configByDirectory: [String: String?] = [:]
    private var reportedProblems = Set<String>()
    /// Problems with configuration or rules, each reported once.
    public private(set) var problems: [String] = []
    private let lock = NSLock()
    private var stopwordCache: [String: Set<String>]?

    public init(options: SessionOptions) {
        self.options = options
    }

    private var problemsTaken = 0
    /// How many files the current run lints (known once `run` has expanded the paths).
    public private(set) var fileCount = 0

    /// Problems recorded since the last call, for reporting as they appear.
    public func problemsSinceLastCheck() -> [String] {
        lock.lock()
        defer { lock.unlock() }
        let new = Array(problems[problemsTaken...])
        problemsTaken = problems.count
        return new
    }

    private func problem(_ message: String) {
        lock.lock()
        if reportedProblems.insert(message).inserted { problems.append(message) }
        lock.unlock()
    }

    /// The files the paths expand to, after configuration include/exclude.
    public func files() -> (files: [String], problems: [Input.Problem]) {
        var walker = FileWalker()
        walker.includeSource = options.includeSource
        for p in options.paths where p != "-" { walker.add(p) }
        let kept = walker.files.filter { config(for: $0)?.admits($0) ?? true }
        return (kept, walker.problems)
    }

    /// The configuration that applies to a file (or to the working directory for standard input).
    public func config(for path: String?) -> Config? {
        let configPath: String?
        if let explicit = options.configPath {
            configPath = explicit
        } else {
            let dir = path.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path } ?? FileManager.default.currentDirectoryPath
            lock.lock()
            let cached = configByDirectory[dir]
            lock.unlock()
            if let cached { configPath = cached } else {
                let found = Config.discover(from: path ?? FileManager.default.currentDirectoryPath + "/")
                lock.lock()
                configByDirectory[dir] = found
                lock.unlock()
                configPath = found
            }
        }
        guard let configPath else { return nil }
        lock.lock()
        let cached = configs[configPath]
        lock.unlock()
        if let cached { return cached.0 }
        let loaded = Config.load(path: configPath)
        lock.lock()
        configs[configPath] = loaded
        lock.unlock()
        for p in loaded.1 { problem(p.description) }
        return loaded.0
    }

    private func engine(for config: Config?) -> Engine {
        let dirs = options.ruleDirectories + (config?.ruleDirectories ?? [])
        let key = dirs.joined(separator: "\u{0}")
        lock.lock()
        defer { lock.unlock() }
        if let e = engines[key] { return e }
        let e = Engine(extraRuleDirectories: dirs)
        engines[key] = e
        return e
    }

    /// Compiled rules for a language under a configuration; problems are recorded.
    public func ruleSet(language: String, config: Config?) -> RuleSet? {
        let engine = engine(for: config)
        let set = engine.ruleSet(language: language)
        for p in engine.problems { problem(p.description) }
        if let set, let config { for p in config.unknownNames(in: set) { problem(p.description) } }
        return set
    }

    var stopwords: [String: Set<String>] {
        lock.lock()
        defer { lock.unlock() }
        if let stopwordCache { return stopwordCache }
        var out: [String: Set<String>] = [:]
        if let root = BuiltInRules.directory {
            for language in RuleLoader.builtInLanguages {
                var loader = RuleLoader()
                let file = root + "/" + language + "/language.yml"
                if let text = try? String(contentsOfFile: file, encoding: .utf8) {
                    loader.load(text: text, file: file, language: language)
                    if let words = loader.packs[language]?.stopwords, !words.isEmpty { out[language] = words }
                }
            }
        }
        for dir in options.ruleDirectories {
            for file in RuleLoader.ruleFiles(dir) where file.hasSuffix("/language.yml") {
                var loader = RuleLoader()
                loader.load(path: file)
                for (language, pack) in loader.packs where !pack.stopwords.isEmpty { out[language] = pack.stopwords }
            }
        }
        stopwordCache = out
        return out
    }

    /// The policy for a file: configuration first, then the command line.
    func policy(_ config: Config?) -> Policy {
        var p = Policy()
        config?.apply(to: &p)
        if !options.only.isEmpty { p.only = Set(options.only) }
        p.disabled.formUnion(options.disable)
        p.enabled.formUnion(options.enable)
        p.inlineConfig = options.inlineConfig
        p.job = options.job
        if let style = options.style { p.style = style }
        return p
    }

    func failOn(_ config: Config?) -> Severity? {
        if case .some(let cli) = options.failOn { return cli }
        if let f = config?.failOn { return f == "never" ? nil : Severity(rawValue: f) }
        return .warning
    }

    /// Lints one input; `linters` caches one Linter per rule set for the calling thread.
    public func lint(path: String, bytes read: Result<[UInt8], Input.Problem>, isStandardInput: Bool,
                     linters: inout [ObjectIdentifier: Linter], format explicitFormat: InputFormat? = nil,
                     language forcedLanguage: String? = nil) -> FileOutcome {
        var outcome = FileOutcome(path: path)
        let bytes: [UInt8]
        switch read {
        case .failure(let p):
            outcome.problem = p.description
            outcome.isSkip = p.isSkip
            return outcome
        case .success(let b): bytes = b
        }
        let config = self.config(for: isStandardInput ? nil : path)
        outcome.failOn = failOn(config)
        let format = explicitFormat ?? options.inputFormat ?? InputFormat.guess(path: path)
        let document = Document.parse(path: path, bytes: bytes, format: format)
        let fallback = config?.language.flatMap { $0 == "auto" ? nil : $0 } ?? "en"
        // Without a choice, each file's language is recognised; short or unclear texts stay English.
        var language = options.language ?? config?.language ?? "auto"
        if options.language == nil || options.language == "auto", let declared = document.declaredLanguage { language = declared }
        if language == "auto" { language = LanguageGuess.guess(document, stopwords: stopwords, fallback: fallback) }
        if let forcedLanguage { language = forcedLanguage }
        outcome.language = language
        guard let rules = ruleSet(language: language, config: config) else {
            problem("no rules for language '\(language)' (installed: \(RuleLoader.builtInLanguages.joined(separator: ", ")))")
            outcome.problem = "\(path): not linted (no rules for language '\(language)')"
            return outcome
        }
        let linter: Linter
        if let cached = linters[ObjectIdentifier(rules)] { linter = cached } else {
            do { linter = try Linter(rules: rules) } catch {
                outcome.problem = "\(path): \(error)"
                return outcome
            }
            linters[ObjectIdentifier(rules)] = linter
        }
        let policy = self.policy(config)
        var result = linter.lint(document, policy: policy)
        var current = bytes
        if case .none = options.fix {} else {
            let passes = Fixer.repeatedly(bytes, result: result, unsafe: options.fix.unsafe) {
                linter.lint(Document.parse(path: path, bytes: $0, format: format), policy: policy)
            }
            let firstEdits = passes.applied.first?.flatMap { $0.fix!.edits } ?? []
            outcome.fixesApplied = passes.applied.reduce(0) { $0 + $1.count }
            current = passes.bytes
            result = passes.result
            if case .diff = options.fix {
                outcome.diff = passes.applied.count == 1 ? Diff.unified(path: path, old: bytes, edits: firstEdits) : Diff.whole(path: path, old: bytes, new: current)
                // Nothing is written: the findings stand as they are in the file.
                result = linter.lint(Document.parse(path: path, bytes: bytes, format: format), policy: policy)
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
                    result = linter.lint(Document.parse(path: path, bytes: bytes, format: format), policy: policy)
                }
            }
        }
        if options.job { outcome.missingChecked = rules.checks.contains { $0.kind == .required && $0.scope == "job" } }
        if options.job, let list = rules.genderCoding {
            outcome.genderCoding = GenderCoding.analyze(Document.parse(path: path, bytes: current, format: format), list: list)
        }
        outcome.bytes = current
        outcome.findings = result.findings
        outcome.notes = result.notes
        return outcome
    }

    /// Standard input: Markdown and text are read and linted in pieces (bounded memory, findings as
    /// they are found); HTML, job reviews and diffs need the whole text at once.
    func runStandardInput(_ each: (FileOutcome) -> Void) {
        var linters: [ObjectIdentifier: Linter] = [:]
        let name = options.standardInputName
        let format = options.inputFormat ?? .text
        var wholeInput = !format.canBeReadInPieces || options.job
        if case .none = options.fix {} else { wholeInput = wholeInput || !isFixingStandardInputInPieces }
        if wholeInput {
            each(lint(path: name, bytes: Input.readStandardInput(name: name), isStandardInput: true, linters: &linters))
            return
        }
        runInPieces(fd: 0, name: name, format: format, isStandardInput: true, linters: &linters, each)
    }

    /// Fixed standard input is written piece by piece as well (each piece is fixed on its own).
    private var isFixingStandardInputInPieces: Bool {
        if case .apply = options.fix { return true }
        return false
    }

    /// Files above this size are linted in pieces, like standard input, so memory stays flat.
    static let pieceThreshold = 8 << 20

    /// Whether a file is linted in pieces: large Markdown or text, not being fixed, not a job review.
    func linksInPieces(_ path: String) -> Bool {
        guard case .none = options.fix, !options.job else { return false }
        let format = options.inputFormat ?? InputFormat.guess(path: path)
        guard format.canBeReadInPieces else { return false }
        var st = stat()
        return stat(path, &st) == 0 && Int(st.st_size) > Session.pieceThreshold
    }

    /// Reads `fd` in pieces that end at paragraph breaks and lints each as it arrives.
    func runInPieces(fd: Int32, name: String, format: InputFormat, isStandardInput: Bool,
                     linters: inout [ObjectIdentifier: Linter], _ each: (FileOutcome) -> Void) {
        var reader = ChunkReader(fd: fd, markdown: format == .markdown)
        var base = 0, baseLine = 0, baseColumn = 1, language: String?
        while true {
            let piece: [UInt8]
            do {
                guard let next = try reader.next() else { break }
                piece = next
            } catch {
                each(FileOutcome(path: name, problem: "\(error)"))
                return
            }
            var outcome = lint(path: name, bytes: Input.check(piece, path: name), isStandardInput: isStandardInput, linters: &linters,
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
        if base == 0 { each(lint(path: name, bytes: .success([]), isStandardInput: isStandardInput, linters: &linters, format: format)) }
    }

    /// A large file, linted in pieces on the calling thread.
    func runLargeFile(_ path: String, linters: inout [ObjectIdentifier: Linter], _ each: (FileOutcome) -> Void) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            each(FileOutcome(path: path, problem: "\(path): \(String(cString: strerror(errno)).lowercased())"))
            return
        }
        defer { close(fd) }
        runInPieces(fd: fd, name: path, format: options.inputFormat ?? InputFormat.guess(path: path), isStandardInput: false,
                    linters: &linters, each)
    }

    /// Lints every input, calling `each` in input order from the calling thread; files are spread
    /// over `options.jobs` worker threads.
    public func run(_ each: (FileOutcome) -> Void) {
        if options.readStandardInput {
            runStandardInput(each)
            return
        }
        let (files, walkProblems) = self.files()
        fileCount = files.count
        for p in walkProblems { each(FileOutcome(path: p.path, problem: p.description)) }
        let workers = max(1, min(options.jobs, files.count))
        let large = Set(files.indices.filter { linksInPieces(files[$0]) })
        if workers == 1 {
            var linters: [ObjectIdentifier: Linter] = [:]
            for (i, f) in files.enumerated() {
                if large.contains(i) { runLargeFile(f, linters: &linters, each); continue }
                each(lint(path: f, bytes: Input.read(f), isStandardInput: false, linters: &linters))
            }
            return
        }
        // Workers take the next file; results are handed over in order, at most `window` ahead.
        final class Handoff: @unchecked Sendable {
            let condition = NSCondition()
            var next = 0, emitted = 0
            var results: [Int: FileOutcome] = [:]
        }
        let shared = Handoff()
        let window = 64
        for _ in 0..<workers {
            let t = Thread {
                var linters: [ObjectIdentifier: Linter] = [:]
                while true {
                    shared.condition.lock()
                    while shared.next < files.count && shared.next >= shared.emitted + window { shared.condition.wait() }
                    guard shared.next < files.count else { shared.condition.unlock(); break }
                    let i = shared.next
                    shared.next += 1
                    shared.condition.unlock()
                    // Large files are linted in pieces by the thread that writes the output, in turn.
                    let outcome = large.contains(i) ? FileOutcome(path: files[i])
                        : self.lint(path: files[i], bytes: Input.read(files[i]), isStandardInput: false, linters: &linters)
                    shared.condition.lock()
                    shared.results[i] = outcome
                    shared.condition.broadcast()
                    shared.condition.unlock()
                }
            }
            t.stackSize = 8 << 20
            t.start()
        }
        var emitted = 0
        var mainLinters: [ObjectIdentifier: Linter] = [:]
        while emitted < files.count {
            shared.condition.lock()
            while shared.results[emitted] == nil { shared.condition.wait() }
            let outcome = shared.results.removeValue(forKey: emitted)!
            emitted += 1
            shared.emitted = emitted
            shared.condition.broadcast()
            shared.condition.unlock()
            if large.contains(emitted - 1) {
                runLargeFile(files[emitted - 1], linters: &mainLinters, each)
                continue
            }
            each(outcome)
        }
    }
}
