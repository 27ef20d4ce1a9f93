import XCTest

@testable import AllyCore

/// Code written inside prose, and sentences that talk about a word, are not uses of the word.
final class ContextTests: XCTestCase {
    /// Findings of one rule for `text`; the rule matches `term` and suggests `alternative`.
    func flagged(_ text: String, _ term: String = "master", alternative: String = "main", inflect: String = "none")
        throws
        -> [String]
    {
        let rules = try makeRules(
            "category: tech-terms\nrules:\n"
                + rule(
                    "tech-terms.t", patterns: [term],
                    extra: "inflect: \(inflect)", category: "tech-terms"
                )
                .replacingOccurrences(of: "suggest: [replacement]", with: "suggest: [\(alternative)]"))
        return try findings(text, rules).map(\.match)
    }

    func testIdentifiersPathsAndRefsAreCode() throws {
        for text in [
            "Compare with origin/master first.", "It lives in refs/heads/master now.", "Set MASTER_HOST to it.",
            "Edit /etc/postfix/master.cf today.", "See https://example.org/master/guide for it.",
            "Mail master@example.org about it.", "The k8s-master job.", "The v1alpha3-master-job runs.",
            "Topic jk/http-master-namespaces was merged.", "Use <master-branch-name> here.", "Run it as $master.",
        ] {
            XCTAssertEqual(try flagged(text), [], text)
        }
    }

    func testProseAroundCodeIsStillProse() throws {
        for text in [
            "Merge it into master today.", "The master/slave pair.", "A well-known master branch.",
            "Pay $90,000 to the master.", "(master) is the default.",
        ] {
            XCTAssertEqual(try flagged(text), ["master"], text)
        }
        XCTAssertEqual(try flagged("The five-year-old master of chess.", "five"), ["five"])
        XCTAssertEqual(try flagged("The tabs-versus-master war.", "master"), ["master"])
    }

    func testQuotedCommandsAreCode() throws {
        XCTAssertEqual(try flagged("Run \"git push origin master\" to publish."), [])
        XCTAssertEqual(try flagged("Note that 'git rerere' leaves it, so check master by hand."), ["master"])
    }

    func testSentencesAboutTheWordAreMentions() throws {
        for text in [
            "Avoid “master” in new docs.", "Bad example: master", "We are renaming the master branch.",
            "Change the default from 'master' to 'main'.", "Use main instead of master.",
            "Terms like master are on the list.",
        ] {
            XCTAssertEqual(try flagged(text), [], text)
        }
        for text in [
            "Instead of pushing to master, open a pull request.", "Push to master to deploy.",
            "Avoid the downsides of the master approach.",
        ] {
            XCTAssertEqual(try flagged(text), ["master"], text)
        }
    }

    func testSingleQuotesAroundATermMakeItAMentionButAnApostropheDoesNot() throws {
        XCTAssertEqual(try flagged("Fixes on the 'master' branch."), [])
        XCTAssertEqual(try flagged("Fixes on the master's branch.", inflect: "noun"), ["master's"])
        XCTAssertEqual(try flagged("The master’s voice.", inflect: "noun"), ["master’s"])
    }
}

/// Word lists, pages about renaming a term, and one finding per phrase.
final class MentionContextTests: XCTestCase {
    func findingsOf(_ text: String, format: InputFormat = .markdown) throws -> [String] {
        let rules = try makeRules(
            "category: tech-terms\nrules:\n"
                + rule("tech-terms.w", patterns: ["whitelist"], extra: "inflect: none", category: "tech-terms")
                .replacingOccurrences(of: "suggest: [replacement]", with: "suggest: [allowlist]")
                + rule("tech-terms.wl", patterns: ["whitelist entries"], extra: "inflect: none", category: "tech-terms")
        )
        return try findings(text, rules, format: format).map { "\($0.ruleID):\($0.match)" }
    }

    func testATermAloneUnderAnAvoidLabelIsAWordList() throws {
        XCTAssertEqual(try findingsOf("##### Avoid\n\n- whitelist\n\n##### Use\n\n- allowlist\n"), [])
        XCTAssertEqual(try findingsOf("| Avoid | Instead |\n| --- | --- |\n| whitelist | allowlist |\n"), [])
        // Without such a label a lone term is still flagged, and so is a term in a heading.
        XCTAssertEqual(try findingsOf("## Features\n\n- whitelist\n"), ["tech-terms.w:whitelist"])
        XCTAssertEqual(try findingsOf("## Avoid\n\n### whitelist\n"), ["tech-terms.w:whitelist"])
    }

    func testAPageTitledWithATermAndItsReplacementMentionsItThroughout() throws {
        let page = "# Replace whitelist with allowlist\n\nThe whitelist came from old firewall docs.\n"
        XCTAssertEqual(try findingsOf(page), [])
        XCTAssertEqual(try findingsOf("# Firewall\n\nThe whitelist came from old docs.\n"), ["tech-terms.w:whitelist"])
    }

    func testEitherHalfOfAPairCanNameTheReplacement() throws {
        XCTAssertEqual(try findingsOf("We are changing blacklist/whitelist to blocklist/allowlist.\n"), [])
    }

    func testOneFindingPerPhrase() throws {
        // Two rules on the same words: the longer match stays, not both.
        XCTAssertEqual(try findingsOf("Remove the whitelist entries now.\n"), ["tech-terms.wl:whitelist entries"])
    }
}

/// Capitalised names in English prose, and code in plain text.
final class NameAndPlainCodeTests: XCTestCase {
    func chairman(_ text: String, format: InputFormat = .text, language: String = "en") throws -> [String] {
        let rules = try makeRules(
            "category: gender\nrules:\n"
                + rule("gender.c", patterns: ["{chairman|crazy|blacklist}"], extra: "inflect: none"),
            language: language)
        return try findings(text, rules, format: format).map(\.match)
    }

    func testWordsOfAProperNameAreNotFlagged() throws {
        XCTAssertEqual(try chairman("We love the Crazy Egg heatmaps."), [])
        XCTAssertEqual(try chairman("We watched The Blacklist last night."), [])
        XCTAssertEqual(try chairman("Ask the Chairman of the Board."), ["Chairman"])
        XCTAssertEqual(try chairman("Crazy Egg is a tool."), ["Crazy"], "a sentence's first word says nothing")
        XCTAssertEqual(try chairman("Our Chairman spoke."), ["Chairman"])
        XCTAssertEqual(
            try chairman("# Crazy Egg Setup", format: .markdown), ["Crazy"], "headings capitalise every word")
    }

    func testCommandsAfterAPromptAndIndentedCodeInPlainTextAreNotProse() throws {
        let text =
            "$ git checkout blacklist\n\nThen run:\n\n    ./crazy --fast\n    crazy again\n\nThe chairman left.\n"
        XCTAssertEqual(try chairman(text), ["chairman"])
        XCTAssertEqual(try chairman("An indented quote:\n\n    the chairman said no\n\nor not."), [])
        XCTAssertEqual(try chairman("Notes\n\n    the chairman said no\n"), ["chairman"], "only after a colon")
    }
}

/// Quotations, code spans in plain text and acronyms.
final class QuotationAndAcronymTests: XCTestCase {
    func flagged(_ text: String) throws -> [String] {
        let rules = try makeRules(
            "category: disability\nrules:\n"
                + rule(
                    "disability.t", patterns: ["{dumb|lame|voiceless|master}"], extra: "inflect: none",
                    category: "disability"))
        return try findings(text, rules).map(\.match)
    }

    func testAWordInsideAQuotedSentenceIsReportedSpeechButScareQuotesAreAUse() throws {
        XCTAssertEqual(try flagged("Brands claim to 'give a voice to the voiceless' and stop there."), [])
        XCTAssertEqual(try flagged("Servers should \"play dumb\" about it."), ["dumb"])
        XCTAssertEqual(try flagged("Run `git checkout master` first."), [], "a code span in plain text")
    }

    func testCapitalsInMidSentenceAreANameButNotAtTheStart() throws {
        XCTAssertEqual(try flagged("We use LAME to encode the episodes."), [])
        XCTAssertEqual(try flagged("LAME, that demo was."), ["LAME"])
        XCTAssertEqual(try flagged("THAT DEMO WAS LAME."), ["LAME"], "a sentence in capitals is shouting")
    }
}

/// Block quotes that name their speaker are someone else's words: reported speech, not the writer's.
final class AttributedQuotationTests: XCTestCase {
    func lint(_ text: String, _ format: InputFormat, quoted: Bool = false) throws -> [String] {
        let rules = try XCTUnwrap(sharedCatalog.ruleSet(language: "en"))
        var policy = Policy()
        policy.flagQuoted = quoted
        let bytes = Array(text.utf8)
        return try AllyLinter(rules: rules).lint(bytes: bytes, format: format, policy: policy).findings.map {
            "\(bytes[..<$0.range.lowerBound].filter { $0 == 0x0A }.count + 1):\($0.ruleID)"
        }
    }

    func testMarkdownQuotesWithAnAttributionAreMentions() throws {
        let text =
            "> Hey guys, the build is red.\n>\n> — Dana, in the incident channel\n\nHey guys, welcome.\n\n"
            + "> Hey guys, nobody signed this one.\n\n> Hey guys, see you at the retro.\n\n-- the release team\n"
        XCTAssertEqual(try lint(text, .markdown), ["5:gender.hey-guys", "7:gender.hey-guys"])
        XCTAssertEqual(
            try lint(text, .markdown, quoted: true),
            ["1:gender.hey-guys", "5:gender.hey-guys", "7:gender.hey-guys", "9:gender.hey-guys"])
    }

    func testRestructuredTextAttributionAndAsciiDocQuoteBlocks() throws {
        let rst =
            "Intro.\n\n    Hey guys, the build is red.\n\n    -- Dana\n\nHey guys.\n\n    Hey guys, indented only.\n"
        XCTAssertEqual(try lint(rst, .restructuredText), ["7:gender.hey-guys", "9:gender.hey-guys"])
        let adoc = "[quote, Dana]\n____\nHey guys, the build is red.\n____\n\nHey guys.\n"
        XCTAssertEqual(try lint(adoc, .asciidoc), ["6:gender.hey-guys"])
    }

    func testASlurInAQuotationIsStillReported() throws {
        let text = "> They called him a tranny at the meetup.\n>\n> — a witness\n"
        XCTAssertEqual(try lint(text, .markdown), ["1:lgbtq.tranny"])
    }
}
