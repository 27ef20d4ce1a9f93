import Foundation
import XCTest

@testable import AllyCore
@testable import AllyWorkspace

/// The severity policy in Rules/README.md ("Severity") holds for the rule files of every language.
final class SeverityPolicyTests: XCTestCase {
    static let languages = ["en", "de", "es", "fr"]

    /// One row of the policy table: a kind of finding, its severity, and its rules per language
    /// (rule ids, or file names standing for every rule in that file).
    struct Kind {
        var name: String
        var severity: String
        var members: [String: [String]]
    }

    /// A rule as the policy sees it.
    struct RuleFacts {
        var id: String
        var severity: String
        var file: String
    }

    /// Reads the table under "## Severity" in Rules/README.md.
    static func policy(_ readme: String) -> [Kind] {
        let text = "\n" + readme
        guard let start = text.range(of: "\n## Severity\n") else { return [] }
        let section = text[start.upperBound...]
        var kinds: [Kind] = []
        var inTable = false
        for line in section.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") || line.hasPrefix("### ") { break }
            guard line.hasPrefix("|") else {
                if inTable { break }
                continue
            }
            inTable = true
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 2 + languages.count, cells[0] != "kind", !cells[0].hasPrefix("---") else { continue }
            var members: [String: [String]] = [:]
            for (i, language) in languages.enumerated() {
                members[language] = cells[2 + i].split(separator: "`", omittingEmptySubsequences: false).enumerated()
                    .filter { $0.offset % 2 == 1 }
                    .map { String($0.element) }
            }
            kinds.append(Kind(name: cells[0], severity: cells[1], members: members))
        }
        return kinds
    }

    /// Every way the rules break the policy, as readable lines.
    static func violations(_ kinds: [Kind], rules: [String: [RuleFacts]]) -> [String] {
        var out: [String] = []
        var seen: [String: String] = [:]
        for kind in kinds {
            if Severity(rawValue: kind.severity) == nil {
                out.append("\(kind.name): '\(kind.severity)' is not a severity")
            }
            for language in languages {
                let names = kind.members[language] ?? []
                if names.isEmpty { out.append("\(kind.name): no \(language) rule named") }
                let pack = rules[language] ?? []
                for name in names {
                    let members =
                        name.hasSuffix(".yml")
                        ? pack.filter { $0.file.hasSuffix("/" + language + "/" + name) }
                        : pack.filter { $0.id == name }
                    if members.isEmpty { out.append("\(kind.name): \(language) has no rule or rule file '\(name)'") }
                    for rule in members {
                        if rule.severity != kind.severity {
                            out.append(
                                "\(kind.name): \(language) \(rule.id) is \(rule.severity), the policy says \(kind.severity)"
                            )
                        }
                        if let other = seen[language + " " + rule.id], other != kind.name {
                            out.append("\(language) \(rule.id) is in two kinds: \(other) and \(kind.name)")
                        }
                        seen[language + " " + rule.id] = kind.name
                    }
                }
            }
        }
        return out
    }

    /// The built-in rules of one language, read from its folder.
    static func builtInRules(_ language: String) -> [RuleFacts] {
        var loader = RuleLoader(categories: builtInCategories)
        // Word lists first, as the catalog reads them: patterns may name them.
        let files = RuleLoader.ruleFiles(repositoryRoot + "/Rules/" + language)
        for file in files.filter({ $0.hasSuffix("/lists.yml") }) + files.filter({ !$0.hasSuffix("/lists.yml") }) {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { continue }
            loader.load(text: text, file: file, language: language)
        }
        return (loader.packs[language]?.rules ?? []).map {
            RuleFacts(id: $0.id, severity: $0.severity.rawValue, file: $0.location.file)
        }
    }

    func testTheSameKindOfFindingHasTheSameSeverityInEveryLanguage() throws {
        let readme = try String(contentsOfFile: repositoryRoot + "/Rules/README.md", encoding: .utf8)
        let kinds = Self.policy(readme)
        XCTAssertGreaterThanOrEqual(kinds.count, 3, "the Severity table in Rules/README.md was not found")
        XCTAssertTrue(kinds.contains { $0.name.hasPrefix("generic masculine") })
        var rules: [String: [RuleFacts]] = [:]
        for language in Self.languages { rules[language] = Self.builtInRules(language) }
        XCTAssertEqual(Self.violations(kinds, rules: rules), [])
    }

    func testTheCheckCatchesARuleThatStrays() {
        let readme = """
            ## Severity

            | kind | severity | en | de | es | fr |
            | --- | --- | --- | --- | --- | --- |
            | greeting | warning | `gender.hey-guys` | `gender.hallo-jungs` | `gender.hola-chicos` | `gender.salut-les-gars` |
            | generic | suggestion | `gender.generic-he` | `generic-masculine.yml` | `gender.missing` | |

            """
        let kinds = Self.policy(readme)
        XCTAssertEqual(kinds.map(\.name), ["greeting", "generic"])
        let rules: [String: [RuleFacts]] = [
            "en": [
                RuleFacts(id: "gender.hey-guys", severity: "warning", file: "R/en/gender.yml"),
                RuleFacts(id: "gender.generic-he", severity: "suggestion", file: "R/en/gender.yml"),
            ],
            "de": [
                RuleFacts(id: "gender.hallo-jungs", severity: "warning", file: "R/de/gender.yml"),
                RuleFacts(id: "gender.nutzer", severity: "warning", file: "R/de/generic-masculine.yml"),
            ],
            "es": [RuleFacts(id: "gender.hola-chicos", severity: "suggestion", file: "R/es/gender.yml")],
            "fr": [RuleFacts(id: "gender.salut-les-gars", severity: "warning", file: "R/fr/gender.yml")],
        ]
        XCTAssertEqual(
            Self.violations(kinds, rules: rules),
            [
                "greeting: es gender.hola-chicos is suggestion, the policy says warning",
                "generic: de gender.nutzer is warning, the policy says suggestion",
                "generic: es has no rule or rule file 'gender.missing'",
                "generic: no fr rule named",
            ])
    }
}
