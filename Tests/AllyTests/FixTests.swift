import Foundation
import XCTest

@testable import AllyCore
@testable import AllyJob
@testable import AllyReport
@testable import AllyTestSupport
@testable import AllyWorkspace

final class FixTests: XCTestCase {
    var rules: RuleSet!

    override func setUpWithError() throws {
        rules = try makeRules(
            """
            rules:
              - {id: gender.chairman, category: gender, severity: warning, message: m, why: w, suggest: [chairperson, chair], fix: safe,
                 source: s, patterns: [chairman], examples: {flag: [chairman], pass: [chair]}}
              - {id: tech-terms.whitelist, category: tech-terms, severity: warning, message: m, why: w, suggest: [allowlist], fix: safe,
                 source: s, patterns: ["white~list"], inflect: [noun, verb], examples: {flag: [whitelist], pass: [allowlist]}}
              - {id: gender.he, category: gender, severity: suggestion, message: m, why: w, suggest: [they], fix: unsafe,
                 source: s, patterns: ["he"], inflect: none, examples: {flag: [he], pass: [they]}}
              - {id: gender.policeman, category: gender, severity: warning, message: m, why: w, suggest: [police officer], fix: safe,
                 source: s, patterns: ["policeman"], examples: {flag: [policeman], pass: [officer]}}
            """)
    }

    func fixed(_ text: String, unsafe: Bool = false, format: InputFormat = .text) throws -> String {
        var bytes = Array(text.utf8)
        let linter = try Linter(rules: rules)
        for _ in 0..<5 {
            let found = linter.lint(Document.parse(path: "t", bytes: bytes, format: format)).findings
            let chosen = Fixer.selected(found, unsafe: unsafe)
            if chosen.isEmpty { break }
            bytes = Fixer.apply(chosen, to: bytes)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func testCaseAndInflectionArePreserved() throws {
        XCTAssertEqual(try fixed("The chairman met two chairmen."), "The chairperson met two chairpersons.")
        XCTAssertEqual(try fixed("Chairman Lee. CHAIRMAN LEE."), "Chairperson Lee. CHAIRPERSON LEE.")
        XCTAssertEqual(
            try fixed("The chairman's vote and the chairmen's votes."),
            "The chairperson's vote and the chairpersons' votes.")
        XCTAssertEqual(try fixed("The chairman’s vote."), "The chairperson’s vote.")
        XCTAssertEqual(
            try fixed("We whitelisted it, we are whitelisting more."), "We allowlisted it, we are allowlisting more.")
        XCTAssertEqual(try fixed("Two policemen arrived."), "Two police officers arrived.")
    }

    func testArticleBeforeTheReplacementIsCorrected() throws {
        XCTAssertEqual(try fixed("Add a whitelist and A whitelist."), "Add an allowlist and An allowlist.")
        XCTAssertEqual(try fixed("Add an allowlist."), "Add an allowlist.")
    }

    func testMarkdownFixesKeepMarkupAndCode() throws {
        let text =
            "Use the `whitelist` flag to edit the whitelist, not the white**list** or the *chair*man.\n\n```\nwhitelist\n```\n"
        XCTAssertEqual(
            try fixed(text, format: .markdown),
            "Use the `whitelist` flag to edit the allowlist, not the white**list** or the *chair*man.\n\n```\nwhitelist\n```\n"
        )
        let linter = try Linter(rules: rules)
        let found = linter.lint(Document.parse(path: "t.md", bytes: Array(text.utf8), format: .markdown)).findings
        XCTAssertEqual(found.map(\.match), ["whitelist", "white**list", "chair*man"])
        XCTAssertEqual(found.map { $0.fix == nil }, [false, true, true], "markup inside a match gets no fix")
    }

    func testUnsafeFixesOnlyWhenAsked() throws {
        XCTAssertEqual(try fixed("He said the whitelist works."), "He said the allowlist works.")
        XCTAssertEqual(try fixed("He said the whitelist works.", unsafe: true), "They said the allowlist works.")
    }

    func testOnlyFlaggedBytesChange() throws {
        let text = "\u{FEFF}Line one\r\nThe chairman\r\n\r\n```\nchairman in code\n```\nno newline at end"
        let result = try fixed(text, format: .text)
        XCTAssertEqual(
            result, "\u{FEFF}Line one\r\nThe chairperson\r\n\r\n```\nchairman in code\n```\nno newline at end")
    }

    func testFixingTwiceEqualsFixingOnce() throws {
        let once = try fixed("a whitelist, the chairman, the CHAIRMEN and a policeman")
        XCTAssertEqual(try fixed(once), once)
    }

    /// Property test over generated texts: the output differs from the input only inside reported
    /// ranges, and fixing twice equals fixing once.
    func testGeneratedTextsChangeOnlyInsideFindings() throws {
        var rng = SystemRandomNumberGenerator()
        let pieces = [
            "the", "chairman", "Chairmen's", "a", "whitelist", "white-list", "He", "he", "policeman", "déjà", "😀", "日本",
            ",", ".", "\n", "\r\n", "  ", "an", "WHITELIST", "chair", "list", "white",
        ]
        let linter = try Linter(rules: rules)
        for _ in 0..<300 {
            let count = Int.random(in: 1...40, using: &rng)
            var text = ""
            for _ in 0..<count { text += pieces.randomElement(using: &rng)! + (Bool.random(using: &rng) ? " " : "") }
            let bytes = Array(text.utf8)
            let findings = linter.lint(Document.parse(path: "t", bytes: bytes, format: .text)).findings
            let chosen = Fixer.selected(findings, unsafe: true)
            let out = Fixer.apply(chosen, to: bytes)
            // Walk the edits: everything between them is byte-identical.
            var cursor = 0
            var outCursor = 0
            for edit in chosen.flatMap({ $0.fix!.edits }).sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
                let keep = edit.range.lowerBound - cursor
                XCTAssertEqual(
                    Array(bytes[cursor..<edit.range.lowerBound]), Array(out[outCursor..<(outCursor + keep)]), text)
                XCTAssertTrue(
                    findings.contains {
                        $0.range.overlaps(edit.range) || $0.range == edit.range
                            || (edit.range.upperBound <= $0.range.lowerBound)
                    }, text)
                outCursor += keep + edit.replacement.utf8.count
                cursor = edit.range.upperBound
            }
            XCTAssertEqual(Array(bytes[cursor...]), Array(out[outCursor...]), text)
            let again = String(decoding: out, as: UTF8.self)
            XCTAssertEqual(
                try fixed(try fixed(again, unsafe: true), unsafe: true), try fixed(again, unsafe: true), text)
        }
    }

    func testOverlappingFixesAreResolvedDeterministically() throws {
        let set = try makeRules(
            """
            rules:
              - {id: gender.a-long, category: gender, severity: warning, message: m, why: w, suggest: [X], fix: safe, source: s,
                 patterns: ["white list"], inflect: none, examples: {flag: [x], pass: [y]}}
              - {id: gender.b-short, category: gender, severity: warning, message: m, why: w, suggest: [Y], fix: safe, source: s,
                 patterns: ["list"], inflect: none, examples: {flag: [x], pass: [y]}}
            """)
        let linter = try Linter(rules: set)
        let bytes = Array("a white list".utf8)
        let found = linter.lint(Document.parse(path: "t", bytes: bytes, format: .text), keepOverlaps: true).findings
        XCTAssertEqual(found.count, 2)
        let chosen = Fixer.selected(found, unsafe: false)
        XCTAssertEqual(chosen.map(\.ruleID), ["gender.a-long"])
        XCTAssertEqual(Fixer.selected(found.reversed(), unsafe: false).map(\.ruleID), ["gender.a-long"])
    }

    func testDiffShowsOnlyChangedLines() {
        let old = Array("one\ntwo chairman\nthree\n".utf8)
        let start = "one\ntwo ".utf8.count
        let diff = Diff.unified(path: "a.md", old: old, edits: [Edit(range: start..<(start + 8), replacement: "chair")])
        XCTAssertEqual(diff, "--- a/a.md\n+++ b/a.md\n@@ -1,3 +1,3 @@\n one\n-two chairman\n+two chair\n three\n")
    }

    func testAtomicWriteKeepsPermissionsAndRefusesChangedFiles() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/doc.md"
        try "The chairman".write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, 0o640)
        try AtomicWrite.replace(path, expected: Array("The chairman".utf8), with: Array("The chair".utf8))
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "The chair")
        var st = stat()
        stat(path, &st)
        XCTAssertEqual(st.st_mode & 0o777, 0o640)
        XCTAssertThrowsError(
            try AtomicWrite.replace(path, expected: Array("something else".utf8), with: Array("x".utf8)))
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "The chair")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["doc.md"])
    }

    func testInterruptedWriteLeavesTheOriginalIntact() throws {
        let dir = try temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(atPath: dir)
            AtomicWrite.beforeRename = nil
        }
        let path = dir + "/doc.md"
        try "The chairman".write(toFile: path, atomically: false, encoding: .utf8)
        struct Interrupted: Error {}
        AtomicWrite.beforeRename = { _ in throw Interrupted() }
        XCTAssertThrowsError(
            try AtomicWrite.replace(path, expected: Array("The chairman".utf8), with: Array("The chair".utf8)))
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "The chairman")
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: dir), ["doc.md"], "temporary file left behind")
    }
}
