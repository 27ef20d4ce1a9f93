import Foundation
import XCTest

/// Files that cannot be linted, and problems with rules or configuration, are part of the JSON,
/// SARIF and GitHub outputs, not only lines on standard error a pipeline never reads.
final class MachineErrorsTests: XCTestCase {
    var dir = ""
    var good = ""
    var latin1 = ""
    var missing = ""

    override func setUpWithError() throws {
        dir = try temporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir + "/rules/en", withIntermediateDirectories: true)
        try """
        category: gender
        rules:
          - {id: gender.m-guys, severity: warning, message: m, why: w, suggest: [everyone], source: s,
             patterns: [guys], inflect: none, examples: {flag: [guys], pass: [all]}}
        """.write(toFile: dir + "/rules/en/m.yml", atomically: true, encoding: .utf8)
        good = dir + "/good.md"
        try "Hi guys\n".write(toFile: good, atomically: true, encoding: .utf8)
        latin1 = dir + "/latin1.txt"
        FileManager.default.createFile(atPath: latin1, contents: Data([0x48, 0x0A, 0x63, 0x61, 0x66, 0xE9, 0x0A]))
        missing = dir + "/missing.md"
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    func lint(_ format: String, _ paths: [String], rules: String? = nil) throws -> Run {
        try allyWithOwnRules(["--rules", rules ?? dir + "/rules", "--format", format] + paths)
    }

    /// A rule directory with one malformed rule (severity: loud at line 4, column 15).
    func badRules() throws -> String {
        let bad = dir + "/badrules/en"
        try FileManager.default.createDirectory(atPath: bad, withIntermediateDirectories: true)
        try "category: gender\nrules:\n  - id: gender.x\n    severity: loud\n".write(
            toFile: bad + "/x.yml", atomically: true, encoding: .utf8)
        return dir + "/badrules"
    }

    func testJSONCarriesFileErrorsAndRunErrors() throws {
        let run = try lint("json", [latin1, missing, good])
        XCTAssertEqual(run.status, 2)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let files = try XCTUnwrap(json["files"] as? [[String: Any]])
        func errors(_ path: String) -> [String]? {
            (files.first { $0["path"] as? String == path }?["errors"] as? [[String: Any]])?.compactMap {
                $0["message"] as? String
            }
        }
        XCTAssertEqual(errors(latin1), ["not valid UTF-8 (line 2, byte offset 5)"], run.stdout)
        XCTAssertEqual(errors(missing), ["no such file or directory"], run.stdout)
        XCTAssertNil(files.first { $0["path"] as? String == good }?["errors"], "a good file has no errors")
        XCTAssertNil(json["errors"], "no run errors")

        let rules = try lint("json", [good], rules: try badRules())
        XCTAssertEqual(rules.status, 2)
        let top = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(rules.stdout.utf8)) as? [String: Any])
        let runErrors = try XCTUnwrap(top["errors"] as? [[String: Any]], rules.stdout)
        let first = try XCTUnwrap(runErrors.first)
        XCTAssertEqual(first["file"] as? String, dir + "/badrules/en/x.yml")
        XCTAssertEqual(first["line"] as? Int, 4)
        XCTAssertEqual(first["column"] as? Int, 15)
        XCTAssertEqual(
            first["message"] as? String, "gender.x: severity must be error, warning or suggestion, not 'loud'")
    }

    func testSARIFCarriesToolExecutionNotifications() throws {
        func invocation(_ run: Run) throws -> [String: Any] {
            let log = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            let runs = try XCTUnwrap(log["runs"] as? [[String: Any]])
            return try XCTUnwrap((runs.first?["invocations"] as? [[String: Any]])?.first, run.stdout)
        }
        let clean = try invocation(try lint("sarif", [good]))
        XCTAssertEqual(clean["executionSuccessful"] as? Bool, true)
        let run = try lint("sarif", [latin1, good])
        XCTAssertEqual(run.status, 2)
        let failed = try invocation(run)
        XCTAssertEqual(failed["executionSuccessful"] as? Bool, false)
        let notifications = try XCTUnwrap(failed["toolExecutionNotifications"] as? [[String: Any]])
        XCTAssertEqual(notifications.count, 1)
        XCTAssertEqual(notifications[0]["level"] as? String, "error")
        XCTAssertEqual(
            (notifications[0]["message"] as? [String: Any])?["text"] as? String,
            "not valid UTF-8 (line 2, byte offset 5)")
        let location = (notifications[0]["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
        XCTAssertEqual((location?["artifactLocation"] as? [String: Any])?["uri"] as? String, SARIFURI(latin1))
    }

    func SARIFURI(_ path: String) -> String { path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)! }

    func testGitHubAnnotatesErrors() throws {
        let run = try lint("github", [latin1, good])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(
            run.stdout.contains("::error file=\(latin1)::not valid UTF-8 (line 2, byte offset 5)\n"), run.stdout)
        let rules = try lint("github", [good], rules: try badRules())
        XCTAssertTrue(
            rules.stdout.contains(
                "::error file=\(dir)/badrules/en/x.yml,line=4,col=15::gender.x: severity must be error, warning or suggestion, not 'loud'\n"
            ), rules.stdout)
    }
}
