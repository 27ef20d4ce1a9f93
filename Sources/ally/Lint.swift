import AllyKit
import ArgumentParser
import Foundation

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Options shared by `lint` and `job`.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: OutputFormat = .text

    @Flag(name: .shortAndLong, help: "Print findings only: no source lines, suggestions or summary.")
    var quiet = false

    @Option(name: .customLong("fail-on"), help: "Lowest severity that makes the exit status 1: error, warning, suggestion.")
    var failOn: String?

    @Option(name: .customLong("rules"), help: "A directory of extra rule files (repeatable).")
    var ruleDirectories: [String] = []

    @Option(name: .long, help: "Only these categories or rule ids (comma-separated).")
    var only: String?

    @Option(name: .long, help: "Turn off these rule ids or categories (comma-separated).")
    var disable: String?

    @Option(name: .long, help: "Language of the rules: en, de, es, fr, or auto.")
    var lang: String?

    @Option(name: .customLong("stdin-filename"), help: "Name to report for standard input.")
    var stdinFilename: String?

    @Option(name: .customLong("input-format"), help: "Read input as markdown, html or text (default: from the file name).")
    var inputFormat: String?

    @Flag(name: .customLong("no-inline-config"), help: "Ignore ally-disable / ally-ignore directives in the text.")
    var noInlineConfig = false

    func failThreshold() throws -> Severity? {
        guard let failOn else { return .warning }
        if failOn == "never" || failOn == "none" { return nil }
        guard let s = Severity(rawValue: failOn) else {
            throw ValidationError("--fail-on takes error, warning, suggestion or never, not '\(failOn)'")
        }
        return s
    }

    func list(_ s: String?) -> [String] {
        (s ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func policy() -> Policy {
        var p = Policy()
        let only = list(only)
        if !only.isEmpty { p.only = Set(only) }
        p.disabled = Set(list(disable))
        p.inlineConfig = !noInlineConfig
        return p
    }

    func format(for path: String) throws -> InputFormat {
        if let inputFormat {
            guard let f = InputFormat(rawValue: inputFormat) else {
                throw ValidationError("--input-format takes markdown, html or text, not '\(inputFormat)'")
            }
            return f
        }
        return InputFormat.guess(path: path)
    }

    var color: Bool {
        format == .text && isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
    }
}

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Lint files, directories or standard input (the default command).")

    @OptionGroup var options: CommonOptions

    @Argument(help: "Files or directories; '-' or nothing (with piped input) reads standard input.")
    var paths: [String] = []

    func run() throws {
        let failOn = try options.failThreshold()
        let engine = Engine(extraRuleDirectories: options.ruleDirectories)
        let language = options.lang ?? "en"
        var trouble = false

        var inputs: [String] = paths
        let useStdin = paths == ["-"] || (paths.isEmpty && isatty(0) == 0)
        if paths.isEmpty && !useStdin {
            throw ValidationError("give files or directories to lint, or pipe text in (see ally --help)")
        }
        var walker = FileWalker()
        if !useStdin {
            for p in inputs where p != "-" { walker.add(p) }
            inputs = walker.files
        }
        for problem in walker.problems {
            warn("ally: \(problem.description)")
            trouble = true
        }

        guard let rules = engine.ruleSet(language: language) else {
            for p in engine.problems { warn(p.description) }
            warn("ally: no rules for language '\(language)' (installed: \(engine.languages.joined(separator: ", ")))")
            throw ExitCode(Status.trouble)
        }
        for p in engine.problems { warn(p.description) }
        if !engine.problems.isEmpty { trouble = true }
        let linter = try Linter(rules: rules)
        let policy = options.policy()

        var reporter: any Reporter = options.format == .json ? JSONReporter() as any Reporter
            : TextReporter(color: options.color, quiet: options.quiet) as any Reporter
        var summary = Summary()
        var failed = false
        emit(reporter.begin(rules: rules))

        func lintOne(path: String, bytes: [UInt8], format: InputFormat) {
            let document = Document.parse(path: path, bytes: bytes, format: format)
            let result = linter.lint(document, policy: policy)
            summary.files += 1
            summary.add(result.findings)
            if let failOn, result.findings.contains(where: { $0.severity >= failOn }) { failed = true }
            emit(reporter.file(FileReport(path: path, bytes: bytes, findings: result.findings, notes: result.notes)))
        }

        if useStdin {
            let name = options.stdinFilename ?? "<stdin>"
            switch Input.readStandardInput(name: name) {
            case .success(let bytes): lintOne(path: name, bytes: bytes, format: try options.format(for: options.stdinFilename ?? ""))
            case .failure(let problem):
                warn("ally: \(problem.description)")
                trouble = true
            }
        } else {
            for path in inputs {
                switch Input.read(path) {
                case .success(let bytes): lintOne(path: path, bytes: bytes, format: try options.format(for: path))
                case .failure(let problem):
                    warn("ally: \(problem.description)")
                    if !problem.isSkip { trouble = true }
                }
            }
        }
        emit(reporter.end(summary))
        if trouble { throw ExitCode(Status.trouble) }
        if failed { throw ExitCode(Status.findings) }
    }
}
