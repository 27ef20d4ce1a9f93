import Foundation
import XCTest
@testable import AllyKit

/// Compiles a rule pack written inline in a test.
func makeRules(_ yaml: String, language: String = "en", file: StaticString = #filePath, line: UInt = #line) throws -> RuleSet {
    var loader = RuleLoader()
    loader.load(text: yaml, file: "test.yml", language: language)
    XCTAssertEqual(loader.problems.map(\.description), [], file: file, line: line)
    let pack = try XCTUnwrap(loader.packs[language], file: file, line: line)
    let set = try RuleSet(pack: pack)
    XCTAssertEqual(set.problems.map(\.description), [], file: file, line: line)
    return set
}

/// Findings for a text under a rule set.
func findings(_ text: String, _ rules: RuleSet, format: InputFormat = .text, policy: Policy = Policy()) throws -> [Finding] {
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
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
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
    let out = Pipe(), err = Pipe(), input = Pipe()
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
    return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
}

/// A fresh temporary directory.
func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "ally-test-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
