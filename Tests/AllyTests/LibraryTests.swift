import AllyCore
import AllyWorkspace
import Foundation
import XCTest

/// The engine as other Swift programs use it: no command line, no environment.
final class LibraryTests: XCTestCase {
    /// The ten lines a program needs to lint a string with the built-in rules.
    func testLintingAStringThroughTheLibraryAlone() throws {
        let catalog = RuleCatalog(sources: RuleSources(builtIn: repositoryRoot + "/Rules"))
        guard let rules = catalog.ruleSet(language: "en") else { return XCTFail("\(catalog.problems)") }
        let linter = try AllyLinter(rules: rules)
        let result = linter.lint("Hey guys, please update the whitelist.", format: .text)
        for finding in result.findings {
            print(finding.ruleID, finding.match, finding.suggestions.first ?? "")
        }
        XCTAssertEqual(result.findings.map(\.match), ["Hey guys", "whitelist"])
        XCTAssertEqual(linter.fixed("Please update the whitelist.", format: .text), "Please update the allowlist.")
    }

    func testRulesWrittenInlineNeedNoFiles() throws {
        let rules = try RuleSet(
            yaml: """
                categories: [{id: house-style, title: House style}]
                category: house-style
                rules:
                  - id: house-style.utilize
                    severity: suggestion
                    message: "Say “use” rather than “{match}”."
                    why: Plain words read faster.
                    suggest: [use]
                    fix: safe
                    source: house style guide
                    patterns: [utilize]
                    inflect: verb
                    examples: {flag: ["We [[utilize]] caches."], pass: ["We use caches."]}
                """, language: "en")
        let result = try AllyLinter(rules: rules).lint("It utilizes a cache.", format: .markdown)
        XCTAssertEqual(result.findings.map(\.ruleID), ["house-style.utilize"])
        XCTAssertThrowsError(try RuleSet(yaml: "rules: [{id: x}]", language: "en"))
    }
}
