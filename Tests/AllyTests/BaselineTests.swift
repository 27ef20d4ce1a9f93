import XCTest

@testable import AllyCore
@testable import AllyWorkspace

/// Baselines: adopting ally on a repository with findings, then reporting only new ones.
final class BaselineTests: XCTestCase {
    func finding(_ text: String, _ rules: RuleSet) throws -> (Finding, [UInt8]) {
        let bytes = Array(text.utf8)
        let linter = try AllyLinter(rules: rules)
        return (try XCTUnwrap(linter.lint(bytes: bytes, format: .markdown).findings.first), bytes)
    }

    func testTheFingerprintIgnoresWhereTheLineIsButNotWhatItSays() throws {
        let rules = try XCTUnwrap(sharedCatalog.ruleSet(language: "en"))
        let (a, aBytes) = try finding("Update the whitelist now.\n", rules)
        let (b, bBytes) = try finding("# Title\n\nSome new text.\n\n   Update the   whitelist now.\n", rules)
        let (c, cBytes) = try finding("Update the whitelist later.\n", rules)
        XCTAssertEqual(a.fingerprint(in: aBytes), b.fingerprint(in: bBytes))
        XCTAssertNotEqual(a.fingerprint(in: aBytes), c.fingerprint(in: cBytes))
        XCTAssertEqual(a.fingerprint(in: aBytes).count, 16)
    }

    func testEachEntryCoversOneFindingAndGoneEntriesAreCounted() throws {
        let rules = try XCTUnwrap(sharedCatalog.ruleSet(language: "en"))
        let text = "Update the whitelist.\n\nUpdate the whitelist.\n"
        let bytes = Array(text.utf8)
        let findings = try AllyLinter(rules: rules).lint(bytes: bytes, format: .markdown).findings
        XCTAssertEqual(findings.count, 2)
        // The baseline knew one of the two identical findings and one that is gone.
        var entries = Baseline.entries(path: "a.md", findings: Array(findings.prefix(1)), bytes: bytes)
        entries.append(Baseline.Entry(path: "a.md", rule: "gender.chairman", fingerprint: "0", match: "chairman"))
        let filter = BaselineFilter(Baseline(entries: entries))
        XCTAssertEqual(filter.newFindings(path: "a.md", findings: findings, bytes: bytes).count, 1)
        XCTAssertEqual(filter.newFindings(path: "b.md", findings: findings, bytes: bytes).count, 2)
        let summary = filter.summary(linted: ["a.md"])
        XCTAssertEqual(summary.known, 1)
        XCTAssertEqual(summary.gone.map(\.rule), ["gender.chairman"])
    }

    func testWriteThenLintWithTheBaselineReportsOnlyNewFindings() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/docs", withIntermediateDirectories: true)
        try "Hey guys, welcome.\n\nUpdate the whitelist.\n".write(
            toFile: dir + "/docs/a.md", atomically: true, encoding: .utf8)
        let write = try ally(["baseline", "write", "docs"], cwd: dir)
        XCTAssertEqual(write.status, 0, write.stderr)
        XCTAssertTrue(write.stderr.contains("wrote 2 findings to .ally-baseline.json"), write.stderr)
        let clean = try ally(["--baseline", ".ally-baseline.json", "docs"], cwd: dir)
        XCTAssertEqual(clean.status, 0, clean.stdout + clean.stderr)
        XCTAssertTrue(clean.stderr.contains("2 known findings from the baseline not shown"), clean.stderr)
        // A new paragraph above moves the old line; the new finding alone is reported.
        try "The chairman spoke.\n\nHey guys, welcome.\n\nUpdate the whitelist.\n".write(
            toFile: dir + "/docs/a.md", atomically: true, encoding: .utf8)
        let moved = try ally(["--baseline", ".ally-baseline.json", "--format", "json", "docs"], cwd: dir)
        XCTAssertEqual(moved.status, 1)
        XCTAssertTrue(moved.stdout.contains("gender.chairman"), moved.stdout)
        XCTAssertFalse(moved.stdout.contains("tech-terms.whitelist"), moved.stdout)
        // The whitelist sentence fixed: its entry is gone.
        try "Hey guys, welcome.\n\nUpdate the allowlist.\n".write(
            toFile: dir + "/docs/a.md", atomically: true, encoding: .utf8)
        let gone = try ally(["--baseline", ".ally-baseline.json", "docs"], cwd: dir)
        XCTAssertTrue(gone.stderr.contains("1 baseline entry is gone"), gone.stderr)
    }

    func testABrokenBaselineFileIsAnErrorNamingIt() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "Fine text.\n".write(toFile: dir + "/a.md", atomically: true, encoding: .utf8)
        try "{not json".write(toFile: dir + "/base.json", atomically: true, encoding: .utf8)
        let run = try ally(["--baseline", "base.json", "a.md"], cwd: dir)
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("base.json: not a valid baseline file"), run.stderr)
        let missing = try ally(["--baseline", "nope.json", "a.md"], cwd: dir)
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("nope.json: cannot read the baseline file"), missing.stderr)
    }
}
