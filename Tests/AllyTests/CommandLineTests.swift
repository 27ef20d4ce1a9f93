import Foundation
import XCTest

@testable import AllyCore
@testable import AllyJob
@testable import AllyReport
@testable import AllyTestSupport
@testable import AllyWorkspace

/// Runs the built `ally` binary as a user would.
final class CommandLineTests: XCTestCase {
    var dir = ""
    /// A small rule directory so these tests do not depend on the shipped packs' wording.
    var rules = ""

    override func setUpWithError() throws {
        dir = try temporaryDirectory()
        rules = dir + "/rules/en"
        try FileManager.default.createDirectory(atPath: rules, withIntermediateDirectories: true)
        try """
        category: gender
        rules:
          - id: gender.test-guys
            severity: warning
            message: "“{match}” test"
            why: w
            suggest: [everyone, folks]
            fix: safe
            source: s
            patterns: ["guys"]
            inflect: none
            examples: {flag: ["Hi guys"], pass: ["Hi all"]}
          - id: gender.test-chairman
            severity: error
            message: "“{match}” test"
            why: w
            suggest: [chair]
            fix: safe
            source: s
            patterns: ["chairman"]
            examples: {flag: ["The chairman"], pass: ["The chair"]}
        """.write(toFile: rules + "/test.yml", atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// Arguments that use only the test rules.
    func args(_ extra: [String]) -> [String] {
        ["--rules", dir + "/rules", "--only", "gender.test-guys,gender.test-chairman"] + extra
    }

    func write(_ name: String, _ text: String) throws -> String {
        let path = dir + "/" + name
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testStandardInputFindingsAndExitStatus() throws {
        let run = try allyWithOwnRules(args(["-"]), stdin: "Hey guys, the chairman is here.\n")
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stdout.contains("<stdin>:1:5: warning: “guys” test [gender.test-guys]\n"), run.stdout)
        XCTAssertTrue(run.stdout.contains("<stdin>:1:15: error: “chairman” test [gender.test-chairman]\n"), run.stdout)
        XCTAssertTrue(run.stdout.contains("try: everyone, folks"), run.stdout)
        XCTAssertTrue(run.stdout.contains("2 findings (1 error, 1 warning, 0 suggestions) in 1 file."), run.stdout)
    }

    func testPipedInputWithoutPathIsRead() throws {
        let run = try allyWithOwnRules(args([]), stdin: "Hey guys")
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stdout.contains("<stdin>:1:5"), run.stdout)
    }

    func testCleanInputExitsZero() throws {
        let run = try allyWithOwnRules(args(["-"]), stdin: "Hello everyone.\n")
        XCTAssertEqual(run.status, 0)
        XCTAssertTrue(run.stdout.contains("No findings in 1 file."), run.stdout)
    }

    func testFailOnThreshold() throws {
        XCTAssertEqual(try allyWithOwnRules(args(["--fail-on", "error", "-"]), stdin: "Hey guys").status, 0)
        XCTAssertEqual(try allyWithOwnRules(args(["--fail-on", "error", "-"]), stdin: "The chairman").status, 1)
        XCTAssertEqual(try allyWithOwnRules(args(["--fail-on", "bogus", "-"]), stdin: "x").status, 2)
    }

    func testJSONShape() throws {
        let run = try allyWithOwnRules(
            args(["--format", "json", "--stdin-filename", "docs/a.md", "-"]), stdin: "Hey guys\n")
        XCTAssertEqual(run.status, 1)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["version"] as? Int, 1)
        let files = try XCTUnwrap(json["files"] as? [[String: Any]])
        XCTAssertEqual(files.first?["path"] as? String, "docs/a.md")
        let d = try XCTUnwrap((files.first?["diagnostics"] as? [[String: Any]])?.first)
        XCTAssertEqual(d["rule"] as? String, "gender.test-guys")
        XCTAssertEqual(d["category"] as? String, "gender")
        XCTAssertEqual(d["severity"] as? String, "warning")
        XCTAssertEqual(d["match"] as? String, "guys")
        XCTAssertEqual(d["suggestions"] as? [String], ["everyone", "folks"])
        let range = try XCTUnwrap(d["range"] as? [String: [String: Int]])
        XCTAssertEqual(range["start"], ["line": 1, "column": 5, "offset": 4])
        XCTAssertEqual(range["end"], ["line": 1, "column": 9, "offset": 8])
        XCTAssertEqual(json["summary"] as? [String: Int], ["files": 1, "errors": 0, "warnings": 1, "suggestions": 0])
    }

    func testFilesWithoutFindingsStillAppearInJSON() throws {
        let a = try write("a.md", "Hello all.\n")
        let b = try write("b.md", "Hi guys.\n")
        let run = try allyWithOwnRules(args(["--format", "json", a, b]))
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let files = try XCTUnwrap(json["files"] as? [[String: Any]])
        XCTAssertEqual(files.map { $0["path"] as? String }, [a, b])
        XCTAssertEqual((files[0]["diagnostics"] as? [Any])?.count, 0)
        XCTAssertEqual((files[1]["diagnostics"] as? [Any])?.count, 1)
    }

    func testDirectoriesAreWalkedInSortedOrder() throws {
        _ = try write("docs/b.md", "Hi guys\n")
        _ = try write("docs/a.txt", "Hi guys\n")
        _ = try write("docs/sub/c.markdown", "Hi guys\n")
        _ = try write("docs/image.png", "Hi guys\n")
        let run = try allyWithOwnRules(args(["--quiet", dir + "/docs"]))
        let paths = run.stdout.split(separator: "\n").map { String($0.split(separator: ":")[0]) }
        XCTAssertEqual(paths, [dir + "/docs/a.txt", dir + "/docs/b.md", dir + "/docs/sub/c.markdown"])
    }

    func testBadInputsAreReportedAndOthersStillLinted() throws {
        let good = try write("good.md", "Hi guys\n")
        let binary = dir + "/bin.txt"
        FileManager.default.createFile(atPath: binary, contents: Data([0x48, 0x00, 0x49]))
        let latin1 = dir + "/latin1.txt"
        FileManager.default.createFile(atPath: latin1, contents: Data([0x48, 0x0A, 0x63, 0x61, 0x66, 0xE9, 0x0A]))
        let run = try allyWithOwnRules(args([dir + "/missing.md", binary, latin1, good]))
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("\(dir)/missing.md: no such file or directory"), run.stderr)
        XCTAssertTrue(run.stderr.contains("\(binary): binary file (NUL byte at line 1), skipped"), run.stderr)
        XCTAssertTrue(run.stderr.contains("\(latin1): not valid UTF-8 (line 2, byte offset 5)"), run.stderr)
        XCTAssertTrue(run.stdout.contains("\(good):1:4"), run.stdout)
        XCTAssertFalse(run.stderr.contains("Fatal"), run.stderr)
    }

    func testSymlinkLoopDoesNotHang() throws {
        _ = try write("loop/a.md", "Hi guys\n")
        try FileManager.default.createSymbolicLink(atPath: dir + "/loop/self", withDestinationPath: dir + "/loop")
        let run = try allyWithOwnRules(args(["--quiet", dir + "/loop"]))
        XCTAssertEqual(run.stdout.split(separator: "\n").count, 1, run.stdout)
    }

    func testMalformedRuleFileNamesFileLineAndColumn() throws {
        let bad = dir + "/badrules/en"
        try FileManager.default.createDirectory(atPath: bad, withIntermediateDirectories: true)
        try "category: gender\nrules:\n  - id: gender.x\n    severity: loud\n".write(
            toFile: bad + "/x.yml", atomically: true, encoding: .utf8)
        let run = try allyWithOwnRules(["--rules", dir + "/badrules", "-"], stdin: "hello")
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(
            run.stderr.contains(
                "\(bad)/x.yml:4:15: gender.x: severity must be error, warning or suggestion, not 'loud'"), run.stderr)
    }

    func testRulesCheckReportsProblems() throws {
        let bad = dir + "/check"
        try FileManager.default.createDirectory(atPath: bad, withIntermediateDirectories: true)
        try """
        category: gender
        rules:
          - id: gender.bad-example
            severity: warning
            message: m
            why: w
            suggest: []
            source: s
            patterns: [chairman]
            examples: {flag: ["no match here"], pass: ["chairman"]}
        """.write(toFile: bad + "/r.yml", atomically: true, encoding: .utf8)
        let run = try ally(["rules", "check", bad])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(
            run.stdout.contains("\(bad)/r.yml:3:5: gender.bad-example: flag example is not flagged: \"no match here\""),
            run.stdout)
        XCTAssertTrue(
            run.stdout.contains("\(bad)/r.yml:3:5: gender.bad-example: pass example is flagged: \"chairman\""),
            run.stdout)
        XCTAssertEqual(try ally(["rules", "check", rules]).status, 0)
    }

    func testExplainPrintsWhyAndExamples() throws {
        let run = try ally(["explain", "gender.test-chairman", "--rules", dir + "/rules"])
        XCTAssertEqual(run.status, 0)
        XCTAssertTrue(run.stdout.contains("gender.test-chairman  (gender, error)"), run.stdout)
        XCTAssertTrue(run.stdout.contains("Instead: chair"), run.stdout)
        XCTAssertTrue(run.stdout.contains("✗ The chairman"), run.stdout)
        XCTAssertEqual(try ally(["explain", "no.such-rule"]).status, 2)
    }

    func testColorIsChosenByFlagThenEnvironment() throws {
        let escape = "\u{1B}["
        func colored(_ extra: [String], _ env: [String: String] = [:]) throws -> Bool {
            let run = try allyWithOwnRules(args(extra + ["-"]), stdin: "Hey guys\n", env: env)
            XCTAssertEqual(run.status, 1, run.stderr)
            return run.stdout.contains(escape)
        }
        // The helper sets NO_COLOR=1, and output is a pipe: auto means no colour.
        XCTAssertFalse(try colored([]))
        XCTAssertFalse(try colored(["--color", "auto"], ["NO_COLOR": ""]))
        XCTAssertTrue(try colored(["--color", "always"]))
        XCTAssertTrue(try colored(["--color", "auto"], ["FORCE_COLOR": "1"]), "FORCE_COLOR beats NO_COLOR")
        XCTAssertFalse(try colored(["--color", "auto"], ["FORCE_COLOR": "0", "NO_COLOR": ""]))
        XCTAssertFalse(try colored(["--color", "never"], ["FORCE_COLOR": "1"]), "the flag beats the environment")
        XCTAssertTrue(try colored(["--color", "always"], ["TERM": "dumb"]))
        XCTAssertFalse(try colored(["--color", "always", "--format", "json"]), "colour is for text only")
        XCTAssertEqual(try allyWithOwnRules(args(["--color", "sometimes", "-"]), stdin: "x").status, 2)
    }

    func testStatisticsCountFindingsByRuleMostFirst() throws {
        let text = "Hi guys, the chairman and the guys.\n"
        let run = try allyWithOwnRules(args(["--statistics", "-"]), stdin: text)
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(
            run.stdout.hasSuffix("\nFindings by rule:\n      2  gender.test-guys\n      1  gender.test-chairman\n"),
            run.stdout)
        let quiet = try allyWithOwnRules(args(["--statistics", "--quiet", "-"]), stdin: text)
        XCTAssertTrue(
            quiet.stdout.hasSuffix("Findings by rule:\n      2  gender.test-guys\n      1  gender.test-chairman\n"))
        let json = try allyWithOwnRules(args(["--statistics", "--format", "json", "-"]), stdin: text)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let statistics = try XCTUnwrap(object["statistics"] as? [[String: Any]])
        XCTAssertEqual(statistics.map { $0["rule"] as? String }, ["gender.test-guys", "gender.test-chairman"])
        XCTAssertEqual(statistics.map { $0["count"] as? Int }, [2, 1])
        // Formats that other programs parse keep standard output to themselves.
        let sarif = try allyWithOwnRules(args(["--statistics", "--format", "sarif", "-"]), stdin: text)
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)))
        XCTAssertTrue(sarif.stderr.contains("      2  gender.test-guys"), sarif.stderr)
    }

    func testExplainFindsARuleByItsTerm() throws {
        let byTerm = try allyWithOwnRules(["explain", "Chairmen", "--rules", dir + "/rules"])
        XCTAssertEqual(byTerm.status, 0, byTerm.stderr)
        XCTAssertTrue(byTerm.stdout.hasPrefix("gender.test-chairman  (gender, error)"), byTerm.stdout)
        let typo = try allyWithOwnRules(["explain", "gender.test-chairmen", "--rules", dir + "/rules"])
        XCTAssertEqual(typo.status, 2)
        XCTAssertTrue(typo.stderr.contains("did you mean 'gender.test-chairman'?"), typo.stderr)
    }

    func testExplainWhitelistFindsTheBuiltInRule() throws {
        let run = try ally(["explain", "whitelist"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.hasPrefix("tech-terms.whitelist  (tech-terms, "), run.stdout)
    }

    func testUsageErrorsExitTwo() throws {
        XCTAssertEqual(try ally(["--format", "yaml", "-"], stdin: "x").status, 2)
        XCTAssertEqual(try ally(["--lang", "xx", "-"], stdin: "x").status, 2)
    }
}

/// `--fix`, `--unsafe-fixes` and `--diff` as users run them.
final class FixCommandTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = try temporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir + "/rules/en", withIntermediateDirectories: true)
        try """
        category: tech-terms
        rules:
          - {id: tech-terms.f-whitelist, severity: warning, message: m, why: w, suggest: [allowlist], fix: safe, source: s,
             patterns: ["white~list"], inflect: [noun, verb], examples: {flag: [whitelist], pass: [allowlist]}}
          - {id: tech-terms.f-he, severity: suggestion, message: m, why: w, suggest: [they], fix: unsafe, source: s,
             patterns: [he], inflect: none, examples: {flag: [he], pass: [they]}}
        """.write(toFile: dir + "/rules/en/f.yml", atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    func args(_ extra: [String]) -> [String] {
        ["--rules", dir + "/rules", "--only", "tech-terms.f-whitelist,tech-terms.f-he", "--fail-on", "suggestion"]
            + extra
    }

    func testFixWritesSafeFixesAndReportsWhatRemains() throws {
        let path = dir + "/a.md"
        try "He added a whitelist.\r\n\r\n```\nwhitelist\n```\n".write(toFile: path, atomically: true, encoding: .utf8)
        let run = try allyWithOwnRules(args(["--fix", path]))
        XCTAssertEqual(
            try String(contentsOfFile: path, encoding: .utf8), "He added an allowlist.\r\n\r\n```\nwhitelist\n```\n")
        XCTAssertTrue(run.stdout.contains("Applied 1 fix; 1 finding remains."), run.stdout)
        XCTAssertEqual(run.status, 1, "the unsafe finding still fails at --fail-on suggestion")
        _ = try allyWithOwnRules(args(["--unsafe-fixes", path]))
        XCTAssertEqual(
            try String(contentsOfFile: path, encoding: .utf8), "They added an allowlist.\r\n\r\n```\nwhitelist\n```\n")
        XCTAssertEqual(try allyWithOwnRules(args([path])).status, 0, "a second run finds nothing")
    }

    func testDiffWritesNothing() throws {
        let path = dir + "/b.md"
        try "one\nthe whitelist\nthree\n".write(toFile: path, atomically: true, encoding: .utf8)
        let run = try allyWithOwnRules(args(["--diff", path]))
        XCTAssertEqual(
            run.stdout, "--- a/\(path)\n+++ b/\(path)\n@@ -1,3 +1,3 @@\n one\n-the whitelist\n+the allowlist\n three\n")
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "one\nthe whitelist\nthree\n")
    }

    func testStandardInputFixGoesToStandardOutput() throws {
        let run = try allyWithOwnRules(args(["--fix", "-"]), stdin: "Add it to the WHITELIST.\n")
        XCTAssertEqual(run.stdout, "Add it to the ALLOWLIST.\n")
        XCTAssertTrue(run.stderr.contains("Applied 1 fix"), run.stderr)
    }

    func testReadOnlyFileIsReportedNotChanged() throws {
        let path = dir + "/ro.md"
        try "the whitelist\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o444)
        let run = try allyWithOwnRules(args(["--fix", path]))
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("\(path): read-only; fixes not written"), run.stderr)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "the whitelist\n")
    }

    func testAFileThatVanishesDuringTheWalkIsAClearProblem() throws {
        let a = dir + "/a.md"
        let b = dir + "/b.md"
        try "whitelist\n".write(toFile: a, atomically: true, encoding: .utf8)
        try "whitelist\n".write(toFile: b, atomically: true, encoding: .utf8)
        var options = testOptions()
        options.paths = [dir]
        options.ruleDirectories = [dir + "/rules"]
        options.only = ["tech-terms.f-whitelist"]
        let session = Session(options: options)
        let files = session.files().files
        XCTAssertEqual(files.map { ($0 as NSString).lastPathComponent }, ["a.md", "b.md"])
        try FileManager.default.removeItem(atPath: a)
        let worker = session.worker()
        let gone = worker.lint(path: a, bytes: Input.read(a), isStandardInput: false)
        XCTAssertEqual(gone.problem, "\(a): no such file or directory")
        let still = worker.lint(path: b, bytes: Input.read(b), isStandardInput: false)
        XCTAssertEqual(still.findings.count, 1)
    }

    func testJSONCarriesFixEditsWithApplicability() throws {
        let run = try allyWithOwnRules(args(["--format", "json", "-"]), stdin: "He uses a whitelist")
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let diagnostics = try XCTUnwrap((json["files"] as? [[String: Any]])?.first?["diagnostics"] as? [[String: Any]])
        let fixes = diagnostics.compactMap { $0["fix"] as? [String: Any] }
        XCTAssertEqual(fixes.map { $0["applicability"] as? String }, ["unsafe", "safe"])
        let edits = try XCTUnwrap(fixes.last?["edits"] as? [[String: Any]])
        XCTAssertEqual(edits.map { $0["replacement"] as? String }, ["an", "allowlist"])
    }
}
