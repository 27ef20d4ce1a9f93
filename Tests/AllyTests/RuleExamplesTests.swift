import XCTest

@testable import AllyCore
@testable import AllyJob
@testable import AllyReport
@testable import AllyTestSupport
@testable import AllyWorkspace

/// Every rule and check carries its own examples; this one test runs all of them, in every language.
final class RuleExamplesTests: XCTestCase {
    func testEveryBuiltInRuleFileLoads() throws {
        let loader = sharedCatalog.loadBuiltIn()
        XCTAssertEqual(loader.problems.map(\.description), [], "rule files have problems")
        XCTAssertEqual(loader.packs.keys.sorted(), ["de", "en", "es", "fr"])
    }

    func testAMarkedFlagExampleMustMatchExactlyTheMarkedWords() throws {
        XCTAssertEqual(ExampleRunner.unmarked("Add the [[white list]] now").text, "Add the white list now")
        XCTAssertEqual(ExampleRunner.unmarked("Add the [[white list]] now").spans, [8..<18])
        let set = try makeRules("category: gender\nrules:\n" + rule("gender.chair", patterns: ["chairman"]))
        XCTAssertEqual(
            try ExampleRunner(rules: set).run().map(\.description),
            [
                "test.yml:3:5: gender.chair: flag example is not flagged: \"x\""
            ])
        let marked = try makeRules(
            """
            category: gender
            rules:
              - {id: gender.man, severity: warning, message: m, why: w, suggest: [], source: s, patterns: ["{man|chairman}"],
                 examples: {flag: ["The [[chair]]man spoke."], pass: ["y"]}}
            """)
        XCTAssertEqual(
            try ExampleRunner(rules: marked).run().map(\.description),
            [
                "test.yml:3:5: gender.man: flag example should match [[chair]] but matched [[chairman]]: \"The [[chair]]man spoke.\""
            ])
    }

    func testEveryRuleHasWhySuggestionsSourceAndExamples() throws {
        for (_, pack) in sharedCatalog.loadBuiltIn().packs {
            for rule in pack.rules {
                XCTAssertFalse(rule.why.isEmpty, rule.id)
                XCTAssertFalse(rule.source.isEmpty, rule.id)
                XCTAssertFalse(rule.examples.flag.isEmpty, rule.id)
                XCTAssertFalse(rule.examples.pass.isEmpty, rule.id)
                XCTAssertTrue(builtInCategories.contains { $0.id == rule.category }, rule.id)
            }
        }
    }

    func testARuleWithoutExamplesDoesNotLoad() {
        var loader = RuleLoader(categories: builtInCategories)
        loader.load(
            text: """
                category: gender
                rules:
                  - id: gender.no-examples
                    severity: warning
                    message: m
                    why: w
                    suggest: []
                    source: s
                    patterns: [chairman]
                """, file: "bad.yml", language: "en")
        XCTAssertEqual(loader.packs["en"]?.rules.count ?? 0, 0)
        XCTAssertEqual(
            loader.problems.map(\.description),
            ["bad.yml:3:5: gender.no-examples: missing 'examples' (a rule without examples does not load)"])
    }

    func testRuleFileProblemsNameLineAndColumn() {
        var loader = RuleLoader(categories: builtInCategories)
        loader.load(
            text: """
                category: gender
                rules:
                  - id: gender.typo
                    severity: warnin
                    mesage: m
                    why: w
                    suggest: []
                    source: s
                    patterns: ["{he|she"]
                    examples: {flag: [a], pass: [b]}
                """, file: "typo.yml", language: "en")
        let problems = loader.problems.map(\.description)
        XCTAssertTrue(
            problems.contains(
                "typo.yml:5:5: unknown field 'mesage' in a rule (expected one of: aliases, case, category, examples, fix, id, inflect, message, not_followed_by, only_after, only_before, patterns, severity, source, suggest, unless, unless_after, unless_before, why, window, within)"
            ), "\(problems)")
        XCTAssertTrue(
            problems.contains(
                "typo.yml:4:15: gender.typo: severity must be error, warning or suggestion, not 'warnin'"),
            "\(problems)")
        XCTAssertTrue(
            problems.contains { $0.hasPrefix("typo.yml:9:15: gender.typo: bad pattern '{he|she': missing '}'") },
            "\(problems)")
    }

    func testAliasBombsAndDeepNestingAreRejectedBeforeParsing() {
        var bomb = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1..<12 {
            bomb += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ") + "]\n"
        }
        bomb += "rules: *a11\n"
        var loader = RuleLoader(categories: builtInCategories)
        loader.load(text: bomb, file: "bomb.yml", language: "en")
        XCTAssertEqual(
            loader.problems.map(\.description),
            ["bomb.yml:1:1: YAML aliases are not supported in ally files (anchor or alias here)"])
        var deep = RuleLoader(categories: builtInCategories)
        deep.load(
            text: "rules: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000),
            file: "deep.yml", language: "en")
        XCTAssertEqual(deep.problems.map(\.description), ["deep.yml:1:1: YAML nested deeper than 64 levels"])
    }

    func testDuplicateIdsAreReported() {
        var loader = RuleLoader(categories: builtInCategories)
        let one =
            "  - {id: gender.a, severity: warning, message: m, why: w, suggest: [], source: s, patterns: [x], examples: {flag: [x], pass: [y]}}\n"
        loader.load(text: "category: gender\nrules:\n" + one + one, file: "dup.yml", language: "en")
        XCTAssertEqual(
            loader.problems.map(\.description),
            ["dup.yml:4:5: duplicate rule id 'gender.a' (first defined at dup.yml:3:5)"])
    }

    func testExamplesThatFailAreReported() throws {
        let set = try makeRules(
            """
            category: gender
            rules:
              - id: gender.chairman
                severity: warning
                message: m
                why: w
                suggest: [chair]
                fix: safe
                source: s
                patterns: [chairman]
                examples:
                  flag: ["The chair spoke."]
                  pass: ["The chairman spoke."]
                  fix: [{from: "The chairman spoke.", to: "The chairperson spoke."}]
            """)
        let problems = try ExampleRunner(rules: set).run().map(\.description)
        XCTAssertEqual(
            problems,
            [
                "test.yml:3:5: gender.chairman: flag example is not flagged: \"The chair spoke.\"",
                "test.yml:3:5: gender.chairman: pass example is flagged: \"The chairman spoke.\"",
                "test.yml:3:5: gender.chairman: fix example gives \"The chair spoke.\", expected \"The chairperson spoke.\"",
            ])
    }
}
