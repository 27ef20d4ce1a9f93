import Foundation
import XCTest
@testable import AllyKit

/// Parallel linting must give byte-identical output to sequential linting.
final class ConcurrencyTests: XCTestCase {
    func output(_ session: Session) -> String {
        var reporter = JSONReporter()
        var text = reporter.begin(rules: nil)
        var summary = Summary()
        session.run { outcome in
            summary.files += 1
            summary.add(outcome.findings)
            text += reporter.file(outcome.report)
        }
        return text + reporter.end(summary)
    }

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
        let texts = ["Hey guys, the chairman is here.\n", "Nothing here.\n", "# Title\n\nThe *chair*man and `guys` in code.\n",
                     "<p>Hi guys</p><pre>guys</pre>\n", String(repeating: "Long text with guys. ", count: 400) + "\n"]
        let names = ["a.md", "b.txt", "c.markdown", "d.html", "e.md"]
        for i in 0..<24 {
            let sub = dir + "/tree/part\(i % 4)"
            try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
            try texts[i % texts.count].write(toFile: "\(sub)/\(i)-\(names[i % names.count])", atomically: true, encoding: .utf8)
        }
        var options = SessionOptions()
        options.paths = [dir + "/tree"]
        options.ruleDirectories = [dir + "/rules"]
        options.only = ["gender.c-guys", "gender.c-chairman"]
        options.jobs = 1
        let sequential = output(Session(options: options))
        XCTAssertTrue(sequential.contains("gender.c-chairman"))
        options.jobs = 2
        // One session compiles the rules once; each run walks, reads and lints the tree again.
        let session = Session(options: options)
        for run in 0..<50 { // Scripts/test-limits repeats this 1,000 times with the release build
            let parallel = output(session)
            if parallel != sequential {
                XCTFail("run \(run): parallel output differs from sequential")
                break
            }
        }
    }
}
