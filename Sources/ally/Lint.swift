import AllyCore
import AllyJob
import AllyReport
import AllyWorkspace
import ArgumentParser
import Foundation

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, sarif, github, checkstyle

    func reporter(color: Bool, quiet: Bool, statistics: Bool = false) -> any Reporter {
        switch self {
        case .text: return TextReporter(color: color, quiet: quiet, statistics: statistics)
        case .json: return JSONReporter(statistics: statistics)
        case .sarif: return SARIFReporter(version: Ally.configuration.version)
        case .github: return GitHubReporter()
        case .checkstyle: return CheckstyleReporter()
        }
    }
}

/// `--color`: whether the text output is coloured.
enum ColorMode: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never

    /// Whether text written to `fd` is coloured: the flag, then FORCE_COLOR (any value but "0"),
    /// then NO_COLOR (any value), then a terminal that is not `TERM=dumb`.
    func enabled(for fd: Int32, environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            if let force = environment["FORCE_COLOR"], !force.isEmpty { return force != "0" }
            if let no = environment["NO_COLOR"], !no.isEmpty { return false }
            return isatty(fd) == 1 && environment["TERM"] != "dumb"
        }
    }
}

/// Options shared by `lint` and `job`.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: OutputFormat = .text

    @Flag(name: .shortAndLong, help: "Print findings only: no source lines, suggestions or summary.")
    var quiet = false

    @Option(
        name: .long,
        help:
            "Colour the text output: auto (a terminal, unless NO_COLOR or TERM=dumb; FORCE_COLOR forces), always, never."
    )
    var color: ColorMode = .auto

    @Option(
        name: .customLong("fail-on"),
        help: "Lowest severity that makes the exit status 1: error, warning, suggestion, never.")
    var failOn: String?

    @Option(name: .customLong("rules"), help: "A directory of extra rule files (repeatable).")
    var ruleDirectories: [String] = []

    @Option(name: .long, help: "Only these categories or rule ids (comma-separated).")
    var only: String?

    @Option(name: .long, help: "Turn off these rule ids or categories (comma-separated).")
    var disable: String?

    @Option(name: .long, help: "Turn on opt-in categories or rules, such as job-posting (comma-separated).")
    var enable: String?

    @Option(name: .long, help: "Language of the rules: en, de, es, fr, or auto (recognised per file).")
    var lang: String?

    @Option(name: .long, help: "Use this configuration file instead of the nearest .ally.yml.")
    var config: String?

    @Option(
        name: .long,
        help:
            "Writing style for suggestions: neutral, star, colon, underscore, internal-i (German), median-point (French), doublet (Spanish)."
    )
    var style: String?

    @Option(name: .customLong("stdin-filename"), help: "Name to report for standard input.")
    var stdinFilename: String?

    @Option(
        name: .customLong("input-format"),
        help: "Read input as markdown, html, text, rst, asciidoc or source (default: from the file name).")
    var inputFormat: String?

    @Flag(
        name: .customLong("include-source"),
        help: "In directories, also lint the comments of source files (.swift, .py, .js…).")
    var includeSource = false

    @Flag(
        name: .customLong("identifiers"),
        help: "In source files, also read identifiers (ipWhitelist, MASTER_HOST) for technical terms.")
    var identifiers = false

    @Flag(
        name: .customLong("no-inline-config"),
        help: "Ignore ally-disable / ally-ignore directives in the text (for audits).")
    var noInlineConfig = false

    @Option(name: .shortAndLong, help: "Worker threads (default: one per core).")
    var jobs: Int?

    func list(_ s: String?) -> [String] {
        (s ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Session options from these flags; throws usage errors.
    func sessionOptions(paths: [String]) throws -> SessionOptions {
        var o = SessionOptions()
        o.rules = Environment.ruleSources()
        o.jobs = ProcessInfo.processInfo.activeProcessorCount
        if let failOn {
            if failOn == "never" || failOn == "none" {
                o.failOn = .some(nil)
            } else {
                guard let s = Severity(rawValue: failOn) else {
                    throw ValidationError("--fail-on takes error, warning, suggestion or never, not '\(failOn)'")
                }
                o.failOn = .some(s)
            }
        }
        if let inputFormat, inputFormat != "jsonl" {
            guard let f = InputFormat(rawValue: inputFormat) else {
                throw ValidationError("--input-format takes \(InputFormat.names) or jsonl, not '\(inputFormat)'")
            }
            o.inputFormat = f
        }
        if let jobs {
            guard jobs >= 1 else { throw ValidationError("--jobs takes a number of workers, 1 or more") }
            o.jobs = jobs
        }
        o.ruleDirectories = ruleDirectories
        o.only = list(only)
        o.disable = list(disable)
        o.enable = list(enable)
        o.language = lang
        o.style = style
        o.inlineConfig = !noInlineConfig
        o.includeSource = includeSource
        o.identifiers = identifiers
        if let config {
            guard FileManager.default.fileExists(atPath: config) else {
                throw ValidationError("--config: no such file '\(config)'")
            }
            o.configPath = config
        }
        o.readStandardInput = paths == ["-"] || (paths.isEmpty && isatty(0) == 0)
        if paths.isEmpty && !o.readStandardInput {
            throw ValidationError("give files or directories to lint, or pipe text in (see ally --help)")
        }
        if paths.contains("-") && paths.count > 1 {
            throw ValidationError("'-' (standard input) cannot be mixed with paths")
        }
        o.paths = o.readStandardInput ? [] : paths
        o.standardInputName = stdinFilename ?? "<stdin>"
        if o.readStandardInput, o.inputFormat == nil, let name = stdinFilename {
            o.inputFormat = InputFormat.guess(path: name)
        }
        return o
    }

    /// Whether the text output written to `fd` is coloured.
    func useColor(on fd: Int32) -> Bool { format == .text && color.enabled(for: fd) }
}

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Lint files, directories or standard input (the default command).")

    @OptionGroup var options: CommonOptions

    @Flag(name: .long, help: "Apply safe fixes in place (standard input: print the fixed text).")
    var fix = false

    @Flag(name: .customLong("unsafe-fixes"), help: "Also apply fixes that may need a human look.")
    var unsafeFixes = false

    @Flag(name: .long, help: "Print the fixes as a unified diff; write nothing.")
    var diff = false

    @Flag(name: .long, help: "After the report, count the findings by rule, most first.")
    var statistics = false

    @Option(name: .long, help: "Report only findings not in this baseline file (see `ally baseline write`).")
    var baseline: String?

    @Argument(help: "Files or directories; '-' or nothing (with piped input) reads standard input.")
    var paths: [String] = []

    func run() throws {
        var o = try options.sessionOptions(paths: paths)
        if options.inputFormat == "jsonl" {
            if baseline != nil { throw ValidationError("--baseline applies to files, not to --input-format jsonl") }
            return try stream(o)
        }
        let known: BaselineFilter?
        do { known = try baseline.map { BaselineFilter(try Baseline.load($0)) } } catch {
            warn("ally: \(error)")
            throw ExitCode(Status.trouble)
        }
        var linted = Set<String>()
        if diff {
            o.fix = .diff(unsafe: unsafeFixes)
        } else if fix || unsafeFixes {
            o.fix = .apply(unsafe: unsafeFixes)
        }
        let session = Session(options: o)
        try session.checkCommandLine()
        let runner = Runner(session: session)
        // With fixed standard input on standard output, the report goes to standard error.
        let fixingStdin = o.readStandardInput && (fix || unsafeFixes) && !diff
        func out(_ text: String) {
            if !fixingStdin { return emit(text) }
            Output.message(text)
        }
        // Fixed standard input is held until the end and written whole, or not at all.
        var fixedText: [UInt8] = []
        var inputIncomplete = false
        var reporter = options.format.reporter(
            color: options.useColor(on: fixingStdin ? 2 : 1), quiet: options.quiet, statistics: statistics)
        var summary = Summary()
        var failed = false
        var trouble = false
        out(reporter.begin(rules: nil))
        var progress = Progress(enabled: Progress.wanted && !o.readStandardInput)
        // Problems of the run go to standard error and, in the formats that carry errors, into the report.
        func reportProblems() {
            for n in session.notesSinceLastCheck() { warn(n) }
            for p in session.problemsSinceLastCheck() {
                progress.clear()
                warn(p.description)
                trouble = true
                if !diff { out(reporter.problem(RunError(location: p.location, message: p.message))) }
            }
        }
        runner.run { given in
            defer { progress.update(done: summary.files, total: runner.fileCount, findings: summary.total) }
            reportProblems()
            var outcome = given
            if let known, outcome.problem == nil {
                linted.insert(outcome.path)
                outcome.findings = known.newFindings(
                    path: outcome.path, findings: outcome.findings, bytes: outcome.bytes)
            }
            var errors: [String] = []
            if let problem = outcome.problem {
                progress.clear()
                warn("ally: " + problem)
                if !outcome.isSkip {
                    trouble = true
                    // The report names the file itself; the error says what is wrong with it.
                    let prefix = outcome.path + ": "
                    errors.append(problem.hasPrefix(prefix) ? String(problem.dropFirst(prefix.count)) : problem)
                }
                if outcome.fixedStandardInput == nil { inputIncomplete = true }
                if outcome.bytes.isEmpty && outcome.findings.isEmpty {
                    if !errors.isEmpty && !diff {
                        var report = outcome.report
                        report.errors = errors
                        out(reporter.file(report))
                    }
                    return
                }
            }
            if !outcome.isContinuation { summary.files += 1 }
            summary.add(outcome.findings)
            summary.fixesApplied += outcome.fixesApplied
            if let failOn = outcome.failOn, outcome.findings.contains(where: { $0.severity >= failOn }) {
                failed = true
            }
            if let diff = outcome.diff {
                progress.clear()
                emit(diff)
            }
            if let fixed = outcome.fixedStandardInput { fixedText += fixed }
            if outcome.diff == nil {
                var report = outcome.report
                report.errors = errors
                let text = reporter.file(report)
                if !text.isEmpty { progress.clear() }
                out(text)
            }
        }
        progress.clear()
        reportProblems()
        if !diff { out(reporter.end(summary)) }
        if let known {
            let (count, gone) = known.summary(linted: linted)
            warn(
                "ally: \(count) known finding\(count == 1 ? "" : "s") from the baseline not shown"
                    + (gone.isEmpty
                        ? ""
                        : "; \(gone.count) baseline entr\(gone.count == 1 ? "y is" : "ies are") gone"
                            + " (fixed or reworded; `ally baseline write` refreshes the file)"))
        }
        // Formats other programs parse keep standard output to themselves; the counts go to standard error.
        if statistics, ![.text, .json].contains(options.format) { warn(Statistics.text(summary), terminator: "") }
        if fixingStdin {
            if inputIncomplete {
                warn("ally: the fixed text was not written: standard input could not be read whole")
                trouble = true
            } else if let failure = Output.whole(fixedText) {
                warn("ally: " + failure)
                trouble = true
            }
        }
        if trouble { throw ExitCode(Status.trouble) }
        if failed { throw ExitCode(Status.findings) }
    }
}

/// A progress line on standard error while a large tree is linted: only on a terminal, never in
/// pipes or CI, and only when the run is long enough to need one.
struct Progress {
    var enabled: Bool
    private var last = Date.distantPast
    private var shown = false

    init(enabled: Bool) { self.enabled = enabled }

    static var wanted: Bool {
        let env = ProcessInfo.processInfo.environment
        return isatty(2) == 1 && env["CI"] == nil && env["TERM"] != "dumb"
    }

    mutating func update(done: Int, total: Int, findings: Int) {
        guard enabled, total >= 50 else { return }
        let now = Date()
        guard now.timeIntervalSince(last) > 0.1 || done == total else { return }
        last = now
        shown = true
        Output.message("\r\u{1B}[K ally: \(done)/\(total) files, \(findings) finding\(findings == 1 ? "" : "s")")
    }

    mutating func clear() {
        if shown { Output.message("\r\u{1B}[K") }
        shown = false
    }
}

extension Lint {
    /// `--input-format jsonl`: a stream of JSON objects in, a stream of results out.
    func stream(_ o: SessionOptions) throws {
        guard o.readStandardInput else { throw ValidationError("--input-format jsonl reads standard input only") }
        if fix || unsafeFixes || diff {
            throw ValidationError("--input-format jsonl reports fixes in its output; --fix and --diff do not apply")
        }
        let session = Session(options: o)
        try session.checkCommandLine()
        let stream = JSONLStream(session: session)
        let result = stream.run(input: FileHandle.standardInput) { emit($0) }
        var trouble = false
        for p in session.problemsSinceLastCheck() {
            warn(p.description)
            trouble = true
        }
        if result.errors > 0 {
            warn(
                "ally: \(result.errors) of \(result.lines) line\(result.lines == 1 ? "" : "s") could not be linted"
                    + " (see their \"error\" results)")
            trouble = true
        }
        if trouble { throw ExitCode(Status.trouble) }
        if result.failed { throw ExitCode(Status.findings) }
    }
}

extension Session {
    /// Unknown rule ids, categories and styles on the command line stop the run before it starts.
    func checkCommandLine() throws {
        let problems = commandLineProblems()
        guard !problems.isEmpty else { return }
        for p in problems { warn("ally: " + p) }
        throw ExitCode(Status.trouble)
    }
}

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a commented starter .ally.yml in the current directory.")

    func run() throws {
        let path = FileManager.default.currentDirectoryPath + "/.ally.yml"
        if FileManager.default.fileExists(atPath: path) {
            warn("ally: .ally.yml already exists; not overwriting it")
            throw ExitCode(Status.trouble)
        }
        guard FileManager.default.createFile(atPath: path, contents: Config.starter.data(using: .utf8)) else {
            warn("ally: cannot write \(path)")
            throw ExitCode(Status.trouble)
        }
        emit("Wrote .ally.yml\n")
    }
}
