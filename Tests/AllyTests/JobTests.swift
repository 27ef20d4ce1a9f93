import Foundation
import XCTest

@testable import AllyCore
@testable import AllyJob
@testable import AllyReport
@testable import AllyTestSupport
@testable import AllyWorkspace

/// Job postings and commitment statements, with the built-in English rules.
final class JobTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    func lint(_ fixture: String, job: Bool) throws -> [Finding] {
        var options = testOptions()
        options.paths = [JobTests.root + "/Fixtures/" + fixture]
        options.job = job
        options.jobs = 1
        var found: [Finding] = []
        lintAll(Session(options: options)) { outcome in
            XCTAssertNil(outcome.problem)
            found += outcome.findings
        }
        return found
    }

    func testEmptyCommitmentIsFlaggedAndConcreteOneIsNot() throws {
        let empty = try lint("statements/empty-commitment.md", job: false)
        XCTAssertTrue(empty.contains { $0.ruleID == "performative.commitment-without-action" })
        let concrete = try lint("statements/concrete-commitment.md", job: false)
        XCTAssertFalse(
            concrete.contains { $0.category == "performative" }, concrete.map(\.ruleID).joined(separator: ", "))
    }

    func testEqualOpportunityPostingWithConcreteCommitmentsHasNoPerformativeFinding() throws {
        let found = try lint("jobs/eeo-concrete.txt", job: true)
        XCTAssertFalse(found.contains { $0.category == "performative" }, found.map(\.ruleID).joined(separator: ", "))
        XCTAssertFalse(found.contains(where: \.isMissing), "pay, accommodations and flexibility are stated")
    }

    func testExclusionaryPostingGetsFindingsAndMissingItems() throws {
        let found = try lint("jobs/senior-backend-engineer.md", job: true)
        let ids = Set(found.map(\.ruleID))
        for id in [
            "job-posting.rockstar", "job-posting.native-english", "job-posting.candidate-he",
            "job-posting.top-university",
            "job.salary-range", "job.accommodations", "job.flexible-work", "job.too-many-requirements",
        ] {
            XCTAssertTrue(ids.contains(id), id)
        }
        // Outside `ally job`, posting-only rules stay quiet.
        XCTAssertFalse(
            try lint("jobs/senior-backend-engineer.md", job: false).contains {
                $0.category == "job-posting" || $0.ruleID.hasPrefix("job.")
            })
    }

    func testGenderDecoderVerdicts() {
        XCTAssertEqual(GenderCoding.verdict(masculine: 0, feminine: 0), .neutral)
        XCTAssertEqual(GenderCoding.verdict(masculine: 2, feminine: 2), .neutral)
        XCTAssertEqual(GenderCoding.verdict(masculine: 1, feminine: 4), .feminine)
        XCTAssertEqual(GenderCoding.verdict(masculine: 0, feminine: 4), .stronglyFeminine)
        XCTAssertEqual(GenderCoding.verdict(masculine: 3, feminine: 0), .masculine)
        XCTAssertEqual(GenderCoding.verdict(masculine: 4, feminine: 0), .stronglyMasculine)
    }

    func testGenderDecoderWordSplitting() throws {
        let list = GenderCodingList(
            masculine: ["domina", "dominant", "lead", "self-relian"], feminine: ["support", "co-operat"],
            source: "s", location: SourceLocation(file: "t", line: 1, column: 1))
        let text =
            "First-class team. We need a dominant, self-reliant lead—and “support” for co-operative, well-led work."
        let result = GenderCoding.analyze(Document.parse(path: "t", bytes: Array(text.utf8), format: .text), list: list)
        // "dominant" counts twice (two stems), "well-led" splits into "led" (not "lead"), "lead—and" splits at the dash.
        XCTAssertEqual(result.masculine.map(\.stem), ["domina", "dominant", "self-relian", "lead"])
        XCTAssertEqual(result.feminine.map(\.stem), ["support", "co-operat"])
        XCTAssertEqual(result.verdict, .masculine)
    }

    func testAPostingInALanguageWithoutJobChecksSaysWhatWasNotChecked() throws {
        let run = try ally(["job", JobTests.root + "/Fixtures/de/stellenanzeige.md"])
        XCTAssertTrue(run.stdout.contains("Gendered wording: not checked"), run.stdout)
        XCTAssertTrue(run.stdout.contains("Not checked: the rules for de have no checks for pay"), run.stdout)
        XCTAssertFalse(run.stdout.contains("Nothing: pay, accommodations and flexibility are covered"), run.stdout)
        let english = try ally(["job", JobTests.root + "/Fixtures/jobs/eeo-concrete.txt"])
        XCTAssertTrue(
            english.stdout.contains("Nothing: pay, accommodations and flexibility are covered"), english.stdout)
        XCTAssertFalse(english.stdout.contains("not checked"), english.stdout)
    }
}
