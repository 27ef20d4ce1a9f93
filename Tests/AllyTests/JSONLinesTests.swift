import Foundation
import XCTest

/// `--input-format jsonl`: one result line per input line, in order; any line that cannot be
/// linted makes the exit status 2.
final class JSONLinesTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = try temporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir + "/rules/en", withIntermediateDirectories: true)
        try """
        category: gender
        rules:
          - {id: gender.j-guys, severity: warning, message: m, why: w, suggest: [everyone], source: s,
             patterns: [guys], inflect: none, examples: {flag: [guys], pass: [all]}}
        """.write(toFile: dir + "/rules/en/j.yml", atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    func stream(_ lines: String) throws -> (Run, [[String: Any]]) {
        let run = try allyWithOwnRules(
            ["--rules", dir + "/rules", "--only", "gender.j-guys", "--input-format", "jsonl"], stdin: lines)
        let objects = try run.stdout.split(separator: "\n").map {
            try XCTUnwrap(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        return (run, objects)
    }

    func testEveryInputLineGetsOneResultLineBlankOnesToo() throws {
        let (run, results) = try stream(
            "{\"id\": 1, \"text\": \"Hi guys\"}\n\n   \n{\"id\": 4, \"text\": \"Hi all\"}\n")
        XCTAssertEqual(results.map { $0["id"] as? Int }, [1, nil, nil, 4], run.stdout)
        XCTAssertEqual(results.map { $0["line"] as? Int }, [nil, 2, 3, nil])
        XCTAssertEqual(results.map { $0["error"] as? String }, [nil, "blank line", "blank line", nil])
        XCTAssertEqual(run.status, 2, "a line without a result is trouble")
    }

    func testMalformedLinesAloneExitTwo() throws {
        let (run, results) = try stream("{\"id\": 1, \"text\": \"Hi all\"}\nnot json\n{\"id\": 3}\n")
        XCTAssertEqual(results.map { $0["error"] as? String }, [nil, "invalid JSON", "missing \"text\" (a string)"])
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.contains("2 of 3 lines could not be linted"), run.stderr)
    }

    func testACleanStreamExitsZeroAndFindingsExitOne() throws {
        XCTAssertEqual(try stream("{\"text\": \"Hi all\"}\n").0.status, 0)
        XCTAssertEqual(try stream("{\"text\": \"Hi guys\"}\n{\"text\": \"Hi all\"}").0.status, 1)
        let empty = try stream("")
        XCTAssertEqual(empty.0.status, 0)
        XCTAssertEqual(empty.1.count, 0)
    }
}
