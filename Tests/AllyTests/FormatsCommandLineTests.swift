import Foundation
import XCTest

/// reStructuredText, AsciiDoc and source files through the `ally` binary: each fixture in
/// Fixtures/formats has one flagged word in prose and the same word in code, literals, URLs,
/// roles or strings; only the prose one may be reported, at its line and column.
final class FormatsCommandLineTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    var rules = ""

    override func setUpWithError() throws {
        rules = try temporaryDirectory()
        try FileManager.default.createDirectory(atPath: rules + "/en", withIntermediateDirectories: true)
        try """
        category: gender
        rules:
          - id: gender.test-chairman
            severity: warning
            message: "“{match}” test"
            why: w
            suggest: [chair]
            source: s
            patterns: ["chairman"]
            examples: {flag: ["The chairman"], pass: ["The chair"]}
        """.write(toFile: rules + "/en/test.yml", atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: rules)
    }

    /// `path:line:column` of each finding `ally` prints for the arguments (run from the repository root).
    func locations(_ arguments: [String], stdin: String? = nil) throws -> [String] {
        let run = try ally(
            ["--rules", rules, "--only", "gender.test-chairman", "--quiet", "--lang", "en"] + arguments,
            stdin: stdin, cwd: FormatsCommandLineTests.root)
        XCTAssertNotEqual(run.status, 2, run.stderr)
        return run.stdout.split(separator: "\n").compactMap { line in
            line.split(separator: " ").first.map { String($0.dropLast()) }
        }.sorted()
    }

    func testOnlyTheProseOccurrenceIsReported() throws {
        let files = ["guide.rst", "guide.adoc", "greet.py", "Greeter.swift"].map { "Fixtures/formats/" + $0 }
        XCTAssertEqual(
            try locations(files),
            [
                "Fixtures/formats/Greeter.swift:1:24", "Fixtures/formats/greet.py:4:31",
                "Fixtures/formats/guide.adoc:3:9",
                "Fixtures/formats/guide.rst:4:9",
            ])
    }

    func testDirectoryWalkTakesSourceFilesOnlyWhenAsked() throws {
        XCTAssertEqual(
            try locations(["Fixtures/formats"]),
            [
                "Fixtures/formats/guide.adoc:3:9",
                "Fixtures/formats/guide.rst:4:9",
            ])
        XCTAssertEqual(
            try locations(["--include-source", "Fixtures/formats"]),
            [
                "Fixtures/formats/Greeter.swift:1:24", "Fixtures/formats/greet.py:4:31",
                "Fixtures/formats/guide.adoc:3:9",
                "Fixtures/formats/guide.rst:4:9",
            ])
    }

    func testStandardInputWithAnInputFormatOrAFileName() throws {
        let rst = "Call ``chairman`` and\nthe chairman.\n"
        XCTAssertEqual(try locations(["--input-format", "rst", "-"], stdin: rst), ["<stdin>:2:5"])
        XCTAssertEqual(
            try locations(["--input-format", "asciidoc", "-"], stdin: "`chairman` and the chairman\n"),
            ["<stdin>:1:20"])
        XCTAssertEqual(
            try locations(["--stdin-filename", "x.py", "-"], stdin: "x = 'chairman'  # the chairman\n"),
            ["x.py:1:23"])
        let bad = try ally(["--input-format", "restructured", "-"], stdin: "x")
        XCTAssertEqual(bad.status, 2, bad.stderr)
        XCTAssertTrue(bad.stderr.contains("rst, asciidoc, source"), bad.stderr)
    }
}
