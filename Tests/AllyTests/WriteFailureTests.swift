import Foundation
import XCTest

/// Standard output and standard error that cannot be written (a full disk, `/dev/full`, a file size
/// limit): one clear line and exit status 2, never a crash; fixed standard input whole or not at all.
final class WriteFailureTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = try temporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir + "/rules/en", withIntermediateDirectories: true)
        try """
        category: tech-terms
        rules:
          - {id: tech-terms.w-whitelist, severity: warning, message: m, why: w, suggest: [allowlist], fix: safe,
             source: s, patterns: ["white~list"], inflect: [noun, verb], examples: {flag: [whitelist], pass: [allowlist]}}
        """.write(toFile: dir + "/rules/en/w.yml", atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    /// Runs ally through the shell, so that its output can go to /dev/full or under a size limit.
    func sh(_ script: String, stdin: String) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        let args = "--rules '\(dir)/rules' --only tech-terms.w-whitelist"
        let script = script.replacingOccurrences(of: "ALLY", with: "'\(allyBinary())' \(args)")
            .replacingOccurrences(of: "BIN", with: "'\(allyBinary())'")
        process.arguments = ["-c", script]
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["ALLY_RULES_DIR"] = minimalRules
        process.environment = environment
        let input = dir + "/input"
        try stdin.write(toFile: input, atomically: true, encoding: .utf8)
        process.standardInput = FileHandle(forReadingAtPath: input)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
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
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errBox.data, as: UTF8.self))
    }

    func assertOneClearLine(_ run: Run, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(run.status, 2, run.stderr, file: file, line: line)
        XCTAssertFalse(run.stderr.contains("Fatal"), run.stderr, file: file, line: line)
        XCTAssertFalse(run.stderr.contains("Backtrac"), run.stderr, file: file, line: line)
        XCTAssertTrue(run.stderr.contains(expected), run.stderr, file: file, line: line)
    }

    func testReportToAFullDeviceIsOneLineAndExitTwo() throws {
        for format in ["text", "json", "sarif", "github", "checkstyle"] {
            let run = try sh("ALLY --format \(format) - > /dev/full", stdin: "Add it to the whitelist.\n")
            assertOneClearLine(run, "ally: cannot write to standard output: no space left on device")
            XCTAssertEqual(run.stderr.split(separator: "\n").count, 1, run.stderr)
        }
    }

    func testOtherCommandsToAFullDevice() throws {
        let rules = try sh("BIN rules list --rules '\(dir)/rules' > /dev/full", stdin: "")
        assertOneClearLine(rules, "ally: cannot write to standard output")
        let explain = try sh("BIN explain tech-terms.w-whitelist --rules '\(dir)/rules' > /dev/full", stdin: "")
        assertOneClearLine(explain, "ally: cannot write to standard output")
        let stream = try sh("ALLY --input-format jsonl > /dev/full", stdin: "{\"text\": \"whitelist\"}\n")
        assertOneClearLine(stream, "ally: cannot write to standard output")
    }

    func testWarningsToAFullStandardErrorExitTwo() throws {
        // A binary input is skipped with a message on standard error (exit status 0 when it is shown).
        let shown = try sh("ALLY -", stdin: "a\u{0}b")
        XCTAssertEqual(shown.status, 0, shown.stderr)
        XCTAssertTrue(shown.stderr.contains("binary file"), shown.stderr)
        let lost = try sh("ALLY - 2> /dev/full", stdin: "a\u{0}b")
        XCTAssertEqual(lost.status, 2, "a message that could not be written is a failure")
    }

    func testFixedStandardInputIsWrittenWholeWhenTheReportCannotBe() throws {
        // The report of `--fix -` goes to standard error; losing it must not lose the fixed text.
        let run = try sh("ALLY --fix - 2> /dev/full", stdin: "Add it to the whitelist.\n")
        XCTAssertEqual(run.stdout, "Add it to the allowlist.\n")
        XCTAssertEqual(run.status, 2)
    }

    func testFixedStandardInputToAFullDeviceIsNotWritten() throws {
        let run = try sh("ALLY --fix - > /dev/full", stdin: "Add it to the whitelist.\n")
        assertOneClearLine(run, "ally: the fixed text was not written: no space left on device")
    }

    func testFixedStandardInputOverAFileSizeLimitIsWrittenWholeOrNotAtAll() throws {
        // Far more than the limit: a plain write would leave the first part of the text in the file.
        let text = String(repeating: "Add it to the whitelist, then check the whitelist again.\n\n", count: 4000)
        let out = dir + "/fixed.md"
        let run = try sh("ulimit -f 16; ALLY --fix --input-format markdown - > '\(out)'", stdin: text)
        assertOneClearLine(run, "ally: the fixed text was not written")
        let written = try Data(contentsOf: URL(fileURLWithPath: out))
        XCTAssertEqual(written.count, 0, "a part of the fixed text was left in the file")
        // Under the limit, it is written whole.
        let small = try sh("ulimit -f 16; ALLY --fix - > '\(out)'", stdin: "the whitelist\n")
        XCTAssertEqual(small.status, 0, small.stderr)
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), "the allowlist\n")
    }

    func testFixedStandardInputThatCannotBeReadWholeIsNotWritten() throws {
        // Invalid UTF-8 after the first piece: printing the pieces before it would cut the text short.
        var bytes = Array(String(repeating: "The whitelist.\n\n", count: 80_000).utf8)
        bytes += [0x63, 0x61, 0x66, 0xE9, 0x0A]
        let input = dir + "/bad.txt"
        FileManager.default.createFile(atPath: input, contents: Data(bytes))
        let run = try sh("ALLY --fix - < '\(input)'", stdin: "")
        XCTAssertEqual(run.status, 2)
        XCTAssertEqual(run.stdout, "", "half of the fixed text was written")
        XCTAssertTrue(run.stderr.contains("the fixed text was not written"), run.stderr)
    }
}
