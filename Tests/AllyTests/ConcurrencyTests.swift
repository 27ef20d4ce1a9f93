import Foundation
import XCTest

/// Parallel linting must give byte-identical output to sequential linting.
final class ConcurrencyTests: XCTestCase {
    func testParallelOutputIsIdenticalToSequential() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/rules/en", withIntermediateDirectories: true)
        try """
        category: gender
        rules:
          - {id: gender.c-guys, severity: warning, message: m, why: w, suggest: [everyone], fix: safe, source: s,
             patterns: [guys], inflect: none, examples: {flag: [guys], pass: [all]}}
          - {id: gender.c-chairman, severity: error, message: m, why: w, suggest: [chair], source: s,
             patterns: [chairman], examples: {flag: [chairman], pass: [chair]}}
        """.write(toFile: dir + "/rules/en/c.yml", atomically: true, encoding: .utf8)
        let texts = [
            "Hey guys, the chairman is here.\n", "Nothing here.\n", "# Title\n\nThe *chair*man and `guys` in code.\n",
            "<p>Hi guys</p><pre>guys</pre>\n", String(repeating: "Long text with guys. ", count: 400) + "\n",
        ]
        let names = ["a.md", "b.txt", "c.markdown", "d.html", "e.md"]
        for i in 0..<24 {
            let sub = dir + "/tree/part\(i % 4)"
            try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
            try texts[i % texts.count].write(
                toFile: "\(sub)/\(i)-\(names[i % names.count])", atomically: true, encoding: .utf8)
        }
        let common = [
            "--format", "json", "--fail-on", "never", "--lang", "en", "--rules", dir + "/rules",
            "--only", "gender.c-guys,gender.c-chairman", dir + "/tree",
        ]
        let sequential = try allyWithOwnRules(["--jobs", "1"] + common)
        XCTAssertEqual(sequential.status, 0, sequential.stderr)
        XCTAssertTrue(sequential.stdout.contains("gender.c-chairman"))
        for run in 0..<10 {  // Scripts/test-limits repeats this 1,000 times with the release build
            let parallel = try allyWithOwnRules(["--jobs", "2"] + common)
            if parallel.stdout != sequential.stdout {
                XCTFail("run \(run): parallel output differs from sequential")
                break
            }
        }
    }
}
