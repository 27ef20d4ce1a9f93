import XCTest

@testable import AllyCore
@testable import AllyJob
@testable import AllyReport
@testable import AllyTestSupport
@testable import AllyWorkspace

final class MatcherTests: XCTestCase {
    func set(_ rules: String...) throws -> RuleSet {
        try makeRules("rules:\n" + rules.joined())
    }

    func matches(_ text: String, _ rules: RuleSet, policy: Policy = Policy()) throws -> [String] {
        try findings(text, rules, policy: policy).map(\.match)
    }

    func testInflectionsFromOneEntry() throws {
        let rules = try set(
            rule("gender.chairman", patterns: ["chairman"]), rule("gender.policeman", patterns: ["policeman"]))
        XCTAssertEqual(
            try matches("The chairman, two chairmen, the chairman's note, the chairmen's votes.", rules),
            ["chairman", "chairmen", "chairman's", "chairmen's"])
        XCTAssertEqual(try matches("Policemen and a policeman’s badge", rules), ["Policemen", "policeman’s"])
        XCTAssertEqual(try matches("The chair and the chairs", rules), [])
    }

    func testVerbInflections() throws {
        let rules = try set(
            rule(
                "tech-terms.blacklist", patterns: ["black~list"], extra: "inflect: [noun, verb]", category: "tech-terms"
            ))
        XCTAssertEqual(
            try matches("We blacklisted it, are blacklisting more, and keep two blacklists.", rules),
            ["blacklisted", "blacklisting", "blacklists"])
    }

    func testSpellingVariants() throws {
        let rules = try set(rule("tech-terms.whitelist", patterns: ["white~list"], category: "tech-terms"))
        XCTAssertEqual(
            try matches("whitelist, white-list, white list, White List", rules),
            ["whitelist", "white-list", "white list", "White List"])
        XCTAssertEqual(try matches("the white, listed items", rules), [])
    }

    func testPhrasesSpanLineBreaksAndSpacesButNotSentences() throws {
        let rules = try set(rule("gender.man-hours", patterns: ["man hours"]))
        XCTAssertEqual(try matches("It took forty man\nhours.", rules), ["man\nhours"])
        XCTAssertEqual(try matches("It took forty man   hours.", rules), ["man   hours"])
        XCTAssertEqual(try matches("Ask the man. Hours later he left.", rules), [])
        XCTAssertEqual(try matches("Ask the man; hours later he left.", rules), [])
        XCTAssertEqual(try matches("the man (hours later)", rules), [])
    }

    func testAlternationAndOptionalWords() throws {
        let rules = try set(
            rule("gender.he-she", patterns: ["{he|she} {is|was} a"], extra: "inflect: none"),
            rule("tech-terms.master-branch", patterns: ["[the] master branch"], category: "tech-terms"))
        XCTAssertEqual(try matches("He was a nurse and she is a pilot", rules), ["He was a", "she is a"])
        XCTAssertEqual(
            try matches("Merge into the master branch or master branches", rules),
            ["the master branch", "master branches"])
    }

    func testExceptionsByContext() throws {
        let rules = try set(
            rule(
                "tech-terms.master", patterns: ["master"],
                extra: "unless: [\"master's degree\", \"masters degree\", \"master of {ceremonies|arts|science}\"]",
                category: "tech-terms"))
        XCTAssertEqual(try matches("She holds a master's degree and a Master of Science.", rules), [])
        XCTAssertEqual(try matches("The master of ceremonies spoke to the master node.", rules), ["master"])
    }

    func testCaseSensitivePatterns() throws {
        let rules = try set(
            rule("race-ethnicity.test", patterns: ["Oriental"], extra: "case: sensitive", category: "race-ethnicity"))
        XCTAssertEqual(try matches("An Oriental rug, an oriental something, ORIENTAL", rules), ["Oriental"])
    }

    func testWildcardAndCommaInPatterns() throws {
        let rules = try set(
            rule(
                "job-posting.work-hard", patterns: ["work hard, play hard"], extra: "inflect: none",
                category: "performative"),
            rule(
                "performative.best-friends", patterns: ["some of my best friends are"], extra: "inflect: none",
                category: "performative"),
            rule(
                "performative.not-but", patterns: ["i'm not * , but"], extra: "inflect: none", category: "performative")
        )
        XCTAssertEqual(
            try matches("We work hard, play hard. We work hard play hard.", rules),
            ["work hard, play hard", "work hard play hard"])
        XCTAssertEqual(try matches("I'm not racist, but", rules), ["I'm not racist, but"])
        XCTAssertEqual(try matches("I’m not sure, but", rules), ["I’m not sure, but"])
        XCTAssertEqual(try matches("I'm not sure. But", rules), [])
    }

    func testNumbersAndMoney() throws {
        let rules = try set(
            rule("performative.salary", patterns: ["pay <money>"], extra: "inflect: none", category: "performative"))
        XCTAssertEqual(
            try matches("We pay $90,000 and pay 90,000 EUR but pay 5 people", rules), ["pay $90,000", "pay 90,000"])
    }

    func testPositionsAfterMultibyteText() throws {
        let rules = try set(rule("gender.guys", patterns: ["guys"], extra: "inflect: none"))
        let text = "Café 😀 日本語 guys"
        let found = try findings(text, rules)
        XCTAssertEqual(found.count, 1)
        let f = try XCTUnwrap(found.first)
        XCTAssertEqual(String(decoding: Array(text.utf8)[f.range], as: UTF8.self), "guys")
        XCTAssertEqual(f.range.lowerBound, "Café 😀 日本語 ".utf8.count)
        let report = FileReport(path: "t", bytes: Array(text.utf8), findings: found)
        XCTAssertEqual(report.positions(f).start.column, 12)
        XCTAssertEqual(report.positions(f).end.column, 16)
    }

    func testCamelCaseIdentifiersAreNotProse() throws {
        let rules = try set(rule("tech-terms.whitelist", patterns: ["white~list"], category: "tech-terms"))
        XCTAssertEqual(
            try matches("Call setWhitelist or whiteList, then edit the WHITELIST and the Whitelist.", rules),
            ["WHITELIST", "Whitelist"])
    }

    func testEndOfPhrase() throws {
        let rules = try set(
            rule(
                "performative.stand", patterns: ["we stand with {you|them} <end>"], extra: "inflect: none",
                category: "performative"))
        XCTAssertEqual(try matches("We stand with you. We stand with you and donated", rules), ["We stand with you"])
        XCTAssertEqual(try matches("we stand with them", rules), ["we stand with them"])
        XCTAssertThrowsError(try Pattern.expand("a <end> b", inflect: []))
    }

    func testPrefixMark() throws {
        let rules = try set(
            rule("performative.hashtag-ally", patterns: ["#ally"], extra: "inflect: none", category: "performative"))
        XCTAssertEqual(try matches("Proud #ally here, an ally there", rules), ["ally"])
    }

    func testCompoundsInsideWords() throws {
        let yaml = """
            rules:
            \(rule("gender.mitarbeiter", patterns: ["{mitarbeiter|mitarbeitern}"], extra: "inflect: none\nwithin: [suffix, prefix]\nnot_followed_by: [\"in\", \"*in\", \":in\", \"_in\"]"))
            """
        let rules = try makeRules(yaml, language: "de")
        XCTAssertEqual(
            try matches("Unsere Mitarbeiter und Projektmitarbeiter danken den Mitarbeitern.", rules),
            ["Mitarbeiter", "mitarbeiter", "Mitarbeitern"])
        XCTAssertEqual(
            try matches(
                "Mitarbeiterinnen, Mitarbeiter*innen, Mitarbeiter:innen, MitarbeiterInnen und Mitarbeitende", rules), []
        )
    }

    func testLongerMatchWinsOverContainedOne() throws {
        let rules = try set(
            rule("gender.guys", patterns: ["guys"], extra: "inflect: none"),
            rule("gender.you-guys", patterns: ["you guys"], extra: "inflect: none"))
        XCTAssertEqual(try findings("Thank you guys", rules).map(\.ruleID), ["gender.you-guys"])
    }

    func testRuleCostDoesNotDependOnUnknownWords() throws {
        // Words that no pattern mentions never become candidates.
        let rules = try set(rule("gender.chairman", patterns: ["chairman"]))
        var block = TokenizedBlock()
        let tokenizer = try rules.makeTokenizer()
        let text = Array("The quick brown fox chairman".utf8)
        text.withUnsafeBufferPointer { block.append($0, 0..<text.count) }
        tokenizer.tokenize(&block)
        XCTAssertEqual(block.ids.filter { $0 >= 0 }.count, 1)
        XCTAssertEqual(block.count, 5)
    }

    func testAQuotedTermIsAMentionNotAUse() throws {
        let rules = try set(
            rule("tech-terms.whitelist", patterns: ["white~list"], category: "tech-terms"),
            rule("gender.hey-guys", patterns: ["hey guys"]))
        XCTAssertEqual(
            try matches("Rename “whitelist” to “allowlist”, 'whitelist' too, and \"Hey guys\" is a greeting.", rules),
            [])
        XCTAssertEqual(
            try matches("„Whitelist“, «whitelist», « whitelist », »whitelist«, ‘whitelist’ and `whitelist`.", rules), []
        )
        // Quoting only part of a phrase, or a quote that is not closed right after, is still a use.
        XCTAssertEqual(
            try matches("Add it to the whitelist, then say “hey guys, welcome”.", rules), ["whitelist", "hey guys"])
        XCTAssertEqual(
            try matches("the \"whitelist file\" and the whitelist's owner", rules), ["whitelist", "whitelist's"])
        // Quoting the first or last words of a phrase names the phrase: don't call it the "ghetto" fix.
        let phrase = try set(rule("gender.t-man-hours", patterns: ["man hours"]))
        XCTAssertEqual(
            try matches("Stop counting “man” hours, or man \"hours\". Count man hours' cost, not man hours.", phrase),
            ["man hours", "man hours"])
        var audit = Policy()
        audit.flagQuoted = true
        XCTAssertEqual(try matches("Rename “whitelist”.", rules, policy: audit), ["whitelist"])
    }

    func testAQuotedSlurIsStillFlagged() throws {
        let slur = rule("race-ethnicity.t-slur", patterns: ["zorblax"], category: "race-ethnicity")
            .replacingOccurrences(of: "severity: warning", with: "severity: error")
        let rules = try set(slur)
        XCTAssertEqual(try matches("He shouted “zorblax” at the driver.", rules), ["zorblax"])
    }

    func testAPlusGluedToAWordDoesNotBreakAPhrase() throws {
        let rules = try set(
            rule("lgbtq.t-agenda", patterns: ["LGBTQ agenda"], category: "lgbtq"),
            rule("tech-terms.t-c-master", patterns: ["c master"], category: "tech-terms"))
        XCTAssertEqual(try matches("They warned of an LGBTQ+ agenda.", rules), ["LGBTQ+ agenda"])
        // A plus after a space, or a second plus, still separates: arithmetic and C++ stay apart.
        XCTAssertEqual(try matches("LGBTQ + agenda, C++ master, C+ + master", rules), [])
    }
}

/// Named word lists: `lists:` in a file or in a language's `lists.yml`, used as `<list:NAME>`.
final class WordListTests: XCTestCase {
    func testAFileListStandsForAnyOfItsEntries() throws {
        let rules = try makeRules(
            """
            lists:
              roles: [developer, maintainer, "release manager"]
              openers: ["<list:roles>s say", "the <list:roles>"]
            rules:
            """ + "\n" + rule("gender.role-he", patterns: ["<list:roles> {said|says} he"])
                + rule("gender.opener", patterns: ["when <list:openers>"]))
        let found = try findings(
            "The maintainer says he will merge it. The release manager said he agreed. When the developer left.",
            rules)
        XCTAssertEqual(found.map(\.match), ["maintainer says he", "release manager said he", "When the developer"])
        XCTAssertEqual(try findings("The tester says he will.", rules).map(\.match), [])
    }

    func testALanguageListsFileIsReadFirstAndSharedByEveryFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ally-lists-\(UUID().uuidString)/en")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        // "a.yml" sorts before "lists.yml": the loader still reads the lists first.
        try ("category: gender\nrules:\n" + rule("gender.guys", patterns: ["<list:greetings> guys"]))
            .write(to: dir.appendingPathComponent("a.yml"), atomically: true, encoding: .utf8)
        try "lists:\n  greetings: [hey, hi, morning]\n"
            .write(to: dir.appendingPathComponent("lists.yml"), atomically: true, encoding: .utf8)
        var loader = RuleLoader(categories: builtInCategories)
        loader.load(path: dir.path)
        XCTAssertEqual(loader.problems.map(\.description), [])
        let set = try RuleSet(pack: try XCTUnwrap(loader.packs["en"]))
        XCTAssertEqual(try findings("Morning guys! Hi guys.", set).map(\.match), ["Morning guys", "Hi guys"])
    }

    func testAnUnknownOrMalformedListIsAProblemAtItsLine() {
        var loader = RuleLoader(categories: builtInCategories)
        loader.load(
            text: """
                lists:
                  Bad Name: [x]
                  empty: []
                  roles: [developer]
                category: gender
                rules:
                """ + "\n" + rule("gender.x", patterns: ["<list:role> said he"]), file: "lists-bad.yml", language: "en")
        XCTAssertEqual(
            loader.problems.map(\.description),
            [
                "lists-bad.yml:2:3: list name 'Bad Name' must be lowercase words joined by hyphens",
                "lists-bad.yml:3:10: list 'empty' needs words, and no empty entry",
                "lists-bad.yml:14:15: gender.x: no list named 'role' (known: roles)",
            ])
        XCTAssertEqual(loader.packs["en"]?.rules.count ?? 0, 0)
    }
}

/// Gaps, sentence anchors and conditions on the words around a match.
final class PatternContextTests: XCTestCase {
    func testAGapSpansUpToItsLengthOfWords() throws {
        let rules = try makeRules("rules:\n" + rule("gender.x", patterns: ["preach <gap:2> choir"]))
        XCTAssertEqual(
            try findings("Preach choir. Preach to the choir. Preach to the whole choir.", rules).map(\.match),
            ["Preach choir", "Preach to the choir"])
        var loader = RuleLoader(categories: builtInCategories)
        loader.load(text: "rules:\n" + rule("gender.y", patterns: ["a <gap:9> b"]), file: "gap.yml", language: "en")
        XCTAssertEqual(
            loader.problems.map(\.description),
            ["gap.yml:9:15: gender.y: bad pattern 'a <gap:9> b': a gap is <gap:N> with N from 1 to 6, not <gap:9>"])
    }

    func testStartAnchorsAPatternToTheStartOfASentence() throws {
        let rules = try makeRules(
            "rules:\n" + rule("gender.guys-opening", patterns: ["<start> guys"], extra: "inflect: none"))
        XCTAssertEqual(
            try findings("Guys, the build is red. We met two guys. “Guys — look.” Note: guys are welcome.", rules).map(
                \.match),
            ["Guys", "Guys", "guys"])
    }

    func testUnlessBeforeCancelsANegatedMatchInTheSameClauseOnly() throws {
        let rules = try makeRules(
            "rules:\n"
                + rule(
                    "gender.rockstar", patterns: ["rockstar"],
                    extra: "unless_before: [\"{not|never|no}\"]\nwindow: 3"))
        XCTAssertEqual(
            try findings(
                "We are not looking for a rockstar. Not now. A rockstar is wanted. We never hired rockstars, honestly.",
                rules
            ).map(\.match), ["rockstar"])
        // Too far: four words between the negation and the match.
        XCTAssertEqual(try findings("No, we are hoping to find a rockstar.", rules).map(\.match), ["rockstar"])
        XCTAssertEqual(try findings("No we are hoping to find a rockstar today.", rules).map(\.match), ["rockstar"])
    }

    func testOnlyBeforeOrAfterMakesAMatchNeedItsContext() throws {
        let rules = try makeRules(
            "rules:\n"
                + rule(
                    "gender.master-branch", patterns: ["master"],
                    extra:
                        "inflect: none\nonly_before: [\"{merge|rebase} <gap:2> {into|onto|on}\"]\nonly_after: [branch]\nwindow: 1"
                ))
        XCTAssertEqual(
            try findings(
                "Merge it into master. Rebase your branch on the master. The master plan. A master branch. Master of arts.",
                rules
            ).map(\.match), ["master", "master", "master"])
    }
}
