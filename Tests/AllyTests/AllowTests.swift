import Foundation
import XCTest

@testable import AllyCore

/// `allow`: exact phrases of the text, not any word of a finding.
final class AllowTests: XCTestCase {
    static let rules: RuleSet? = try? makeRules(
        """
        category: tech-terms
        rules:
        \(rule("tech-terms.a-master-branch", patterns: ["master branch"], category: "tech-terms"))
        \(rule("tech-terms.a-master", patterns: ["master"], extra: "inflect: none", category: "tech-terms"))
        \(rule("tech-terms.a-slave", patterns: ["master/slave"], category: "tech-terms"))
        \(rule("tech-terms.a-sanity", patterns: ["sanity"], extra: "inflect: none", category: "tech-terms"))
        """)

    func found(_ text: String, allow: [String] = [], byRule: [String: [String]] = [:]) throws -> [String] {
        var policy = Policy()
        policy.allow = allow
        policy.allowByRule = byRule
        return try findings(text, XCTUnwrap(AllowTests.rules), policy: policy).map { "\($0.ruleID):\($0.match)" }
    }

    func testAWordOfAFindingIsNotEnough() throws {
        let text = "Master ships today. Use the master branch. A master/slave pair."
        XCTAssertEqual(
            try found(text, allow: ["Master"]),
            ["tech-terms.a-master-branch:master branch", "tech-terms.a-slave:master/slave"])
        XCTAssertEqual(try found(text).count, 3)
    }

    func testCaseMattersOnlyWhenThePhraseHasACapital() throws {
        XCTAssertEqual(try found("the master node", allow: ["Master"]), ["tech-terms.a-master:master"])
        XCTAssertEqual(try found("the MASTER node", allow: ["master"]), [])
        XCTAssertEqual(try found("the Master node", allow: ["master node"]), [])
    }

    func testTheFindingMustLieInsideAnOccurrence() throws {
        // The phrase occurs elsewhere in the text: that does not allow this finding.
        XCTAssertEqual(
            try found("Master Control is ours; the master branch is not.", allow: ["Master Control"]),
            ["tech-terms.a-master-branch:master branch"])
        // Word boundaries: "bathe master" holds the letters of "the master" but not the phrase.
        XCTAssertEqual(try found("bathe master node", allow: ["the master"]), ["tech-terms.a-master:master"])
        XCTAssertEqual(try found("the master node", allow: ["the master"]), [])
    }

    func testWhiteSpaceAndApostrophesInPhrases() throws {
        XCTAssertEqual(try found("the master\n  branch", allow: ["master branch"]), [])
        XCTAssertEqual(try found("Bob’s master branch", allow: ["Bob's master branch"]), [])
    }

    func testPerRulePhrasesAndRenamedIds() throws {
        let text = "Run ansible-test sanity, then a sanity pass."
        XCTAssertEqual(
            try found(text, byRule: ["tech-terms.a-sanity": ["ansible-test sanity"]]), ["tech-terms.a-sanity:sanity"])
        XCTAssertEqual(try found(text, byRule: ["tech-terms": ["ansible-test sanity"]]), ["tech-terms.a-sanity:sanity"])
        XCTAssertEqual(try found(text, byRule: ["tech-terms.a-master": ["ansible-test sanity"]]).count, 2)
    }
}

/// Known names: a finding that starts inside a name is about the name, even when it runs past it.
final class KnownNameTests: XCTestCase {
    func testAFindingThatBeginsInsideANameIsDropped() throws {
        let rules = try makeRules(
            "names: [Salt master, Jenkins]\ncategory: tech-terms\nrules:\n"
                + rule("tech-terms.m", patterns: ["master {daemon|node}", "jenkins master"], category: "tech-terms"))
        let text = "The Salt master daemon starts first. The master node waits. Restart the Jenkins master."
        XCTAssertEqual(try findings(text, rules).map(\.match), ["master node", "Jenkins master"])
    }
}
