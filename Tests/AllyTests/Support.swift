import Foundation
import XCTest

@testable import AllyCore
@testable import AllyJob
@testable import AllyReport
@testable import AllyTestSupport
@testable import AllyWorkspace

/// The repository's root folder.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// Where the rules of this checkout are, for the library under test (the command finds them itself).
let builtInRules = RuleSources(
    builtIn: repositoryRoot + "/Rules", cacheDirectory: NSTemporaryDirectory() + "ally-test-cache")

/// One catalog of the built-in rules for the whole test process: each language compiles once.
let sharedCatalog = RuleCatalog(sources: builtInRules)

/// The built-in categories.
var builtInCategories: [Category] { sharedCatalog.categories }

/// Session options that read this checkout's rules, linting on one thread.
func testOptions() -> SessionOptions {
    var o = SessionOptions()
    o.rules = builtInRules
    return o
}

/// Lints every input of a session in order on the calling thread (the command line adds threads).
func lintAll(_ session: Session, _ each: (FileOutcome) -> Void) {
    let worker = session.worker()
    let (files, problems) = session.files()
    for p in problems { each(FileOutcome(path: p.path, problem: p.description)) }
    for f in files { each(worker.lint(path: f, bytes: Input.read(f), isStandardInput: false)) }
}

/// Compiles a rule pack written inline in a test.
func makeRules(_ yaml: String, language: String = "en", file: StaticString = #filePath, line: UInt = #line) throws
    -> RuleSet
{
    var loader = RuleLoader(categories: builtInCategories)
    loader.load(text: yaml, file: "test.yml", language: language)
    XCTAssertEqual(loader.problems.map(\.description), [], file: file, line: line)
    let pack = try XCTUnwrap(loader.packs[language], file: file, line: line)
    let set = try RuleSet(pack: pack)
    XCTAssertEqual(set.problems.map(\.description), [], file: file, line: line)
    return set
}

/// Findings for a text under a rule set.
func findings(_ text: String, _ rules: RuleSet, format: InputFormat = .text, policy: Policy = Policy()) throws
    -> [Finding]
{
    let linter = try Linter(rules: rules)
    return linter.lint(Document.parse(path: "t", bytes: Array(text.utf8), format: format), policy: policy).findings
}

/// A rule in YAML with the fields every rule needs, for tests that only care about patterns.
func rule(_ id: String, patterns: [String], extra: String = "", category: String = "gender") -> String {
    let list = patterns.map { "\"\($0)\"" }.joined(separator: ", ")
    return """
          - id: \(id)
            category: \(category)
            severity: warning
            message: "“{match}” test"
            why: Testing.
            suggest: [replacement]
            source: test
            patterns: [\(list)]
        \(extra.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
            examples: {flag: ["x"], pass: ["y"]}

        """
}

/// The path of the built `ally` binary next to the test bundle.
func allyBinary() -> String {
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
        let candidate = dir.appendingPathComponent("ally").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    return root.appendingPathComponent(".build/debug/ally").path
}

/// Runs the `ally` binary with arguments and optional standard input.
struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
}

@discardableResult
func ally(_ arguments: [String], stdin: String? = nil, cwd: String? = nil, env: [String: String] = [:]) throws -> Run {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: allyBinary())
    process.arguments = arguments
    if let cwd { process.currentDirectoryURL = URL(fileURLWithPath: cwd) }
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    for (k, v) in env { environment[k] = v }
    process.environment = environment
    let out = Pipe()
    let err = Pipe()
    let input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(stdin.data(using: .utf8)!) }
    try input.fileHandleForWriting.close()
    // Read both pipes concurrently so a full stderr cannot block the child.
    final class Box: @unchecked Sendable { var data = Data() }
    let errBox = Box()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errBox.data = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    let errData = errBox.data
    process.waitUntilExit()
    return Run(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
}

/// A fresh temporary directory.
func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "ally-test-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// A built-in rules folder with the categories and language files but no rules, for command-line
/// tests that bring their own rules: the command then has nothing large to compile.
let minimalRules: String = {
    let dir = NSTemporaryDirectory() + "ally-minimal-rules-" + UUID().uuidString
    let fm = FileManager.default
    try? fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try? fm.copyItem(atPath: repositoryRoot + "/Rules/categories.yml", toPath: dir + "/categories.yml")
    for language in (try? fm.contentsOfDirectory(atPath: repositoryRoot + "/Rules")) ?? [] {
        let file = repositoryRoot + "/Rules/\(language)/language.yml"
        guard fm.fileExists(atPath: file) else { continue }
        try? fm.createDirectory(atPath: dir + "/" + language, withIntermediateDirectories: true)
        try? fm.copyItem(atPath: file, toPath: dir + "/\(language)/language.yml")
    }
    return dir
}()

/// Runs `ally` with only the test's own rules (`--rules`) and no built-in ones.
@discardableResult
func allyWithOwnRules(_ arguments: [String], stdin: String? = nil, cwd: String? = nil, env: [String: String] = [:])
    throws -> Run
{
    try ally(arguments, stdin: stdin, cwd: cwd, env: env.merging(["ALLY_RULES_DIR": minimalRules]) { a, _ in a })
}
