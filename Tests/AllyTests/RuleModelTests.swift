import AllyWorkspace
import Foundation
import XCTest

@testable import AllyCore

/// The rule model is the one definition of a rule: schemas, categories and renames follow from it.
final class RuleModelTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws { dir = try temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    func schema(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/Rules/" + name))
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func properties(_ object: Any?) -> Set<String> {
        Set(((object as? [String: Any])?["properties"] as? [String: Any])?.keys.map { $0 } ?? [])
    }

    func testSchemasDescribeExactlyTheFieldsTheLoaderReads() throws {
        let rules = try schema("rules.schema.json")
        let definitions = try XCTUnwrap(rules["definitions"] as? [String: Any])
        XCTAssertEqual(properties(definitions["rule"]), Rule.yamlFields)
        XCTAssertEqual(properties(definitions["check"]), DocumentCheck.yamlFields)
        XCTAssertEqual(properties(definitions["category"]), Set(Category.CodingKeys.allCases.map(\.rawValue)))
        XCTAssertEqual(properties(definitions["examples"]), Set(Examples.CodingKeys.allCases.map(\.rawValue)))
        XCTAssertEqual(properties(rules), RuleLoader.fileFields)
        XCTAssertEqual(properties(try schema("config.schema.json")), Config.keys)
    }

    func testANewCategoryIsOneYAMLEdit() throws {
        try FileManager.default.createDirectory(atPath: dir + "/rules/en", withIntermediateDirectories: true)
        try """
        categories:
          - {id: house-style, title: House style, opt_in: true, description: Our own words.}
        """.write(toFile: dir + "/rules/categories.yml", atomically: true, encoding: .utf8)
        try """
        category: house-style
        rules:
          - {id: house-style.utilize, severity: warning, message: "Say use.", why: Plain words., suggest: [use],
             source: our guide, patterns: [utilize], inflect: verb, examples: {flag: ["We [[utilize]] it."], pass: [We use it.]}}
        """.write(toFile: dir + "/rules/en/house.yml", atomically: true, encoding: .utf8)
        let off = try allyWithOwnRules(["--rules", dir + "/rules", "--lang", "en", "-"], stdin: "We utilize caches.\n")
        XCTAssertEqual(off.status, 0, "an opt-in category is off by default: \(off.stdout)\(off.stderr)")
        let on = try allyWithOwnRules(
            ["--rules", dir + "/rules", "--lang", "en", "--enable", "house-style", "-"],
            stdin: "We utilize caches.\n")
        XCTAssertEqual(on.status, 1, on.stderr)
        XCTAssertTrue(on.stdout.contains("[house-style.utilize]"), on.stdout)
        let check = try allyWithOwnRules(["rules", "check", dir + "/rules"])
        XCTAssertEqual(check.status, 0, check.stdout)
    }

    func testARenamedRuleKeepsWorkingUnderItsOldIdWithANote() throws {
        try FileManager.default.createDirectory(atPath: dir + "/rules/en", withIntermediateDirectories: true)
        try """
        category: gender
        rules:
          - {id: gender.test-chair, aliases: [gender.test-chairman], severity: warning, message: m, why: w, suggest: [chair],
             source: s, patterns: [chairman], examples: {flag: ["The [[chairman]] spoke."], pass: [The chair spoke.]}}
        """.write(toFile: dir + "/rules/en/r.yml", atomically: true, encoding: .utf8)
        try "disable: [gender.test-chairman]\n".write(toFile: dir + "/.ally.yml", atomically: true, encoding: .utf8)
        try "The chairman spoke.\n".write(toFile: dir + "/a.md", atomically: true, encoding: .utf8)
        let configured = try allyWithOwnRules(["--rules", dir + "/rules", "--lang", "en", "a.md"], cwd: dir)
        XCTAssertEqual(configured.status, 0, configured.stdout + configured.stderr)
        XCTAssertTrue(
            configured.stderr.contains("'gender.test-chairman' is now 'gender.test-chair'"), configured.stderr)
        try FileManager.default.removeItem(atPath: dir + "/.ally.yml")
        let text = "<!-- ally-disable-next-line gender.test-chairman -->\nThe chairman spoke.\n\nThe chairman left.\n"
        try text.write(toFile: dir + "/b.md", atomically: true, encoding: .utf8)
        let directive = try allyWithOwnRules(
            ["--rules", dir + "/rules", "--lang", "en", "--format", "json", "b.md"], cwd: dir)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(directive.stdout.utf8)) as? [String: Any])
        let diagnostics = try XCTUnwrap((json["files"] as? [[String: Any]])?.first?["diagnostics"] as? [[String: Any]])
        XCTAssertEqual(
            diagnostics.map {
                ($0["range"] as? [String: Any]).flatMap { $0["start"] as? [String: Any] }?["line"] as? Int
            },
            [4], "the directive under the old id silences line 2 only")
        XCTAssertEqual(diagnostics.map { $0["rule"] as? String }, ["gender.test-chair"])
    }

    func testTheRuleCacheRoundTripsEveryField() throws {
        let set = try XCTUnwrap(sharedCatalog.ruleSet(language: "en"))
        let bytes = RuleSetArchive.bytes(of: set)
        let back = try XCTUnwrap(bytes.withUnsafeBytes { RuleSetArchive.ruleSet(from: $0) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        XCTAssertEqual(try encoder.encode(back.rules), try encoder.encode(set.rules))
        XCTAssertEqual(try encoder.encode(back.checks), try encoder.encode(set.checks))
        XCTAssertEqual(back.categories, set.categories)
        var damaged = bytes
        damaged[damaged.count / 2] ^= 0xFF
        damaged.removeLast(16)
        XCTAssertNil(damaged.withUnsafeBytes { RuleSetArchive.ruleSet(from: $0) }, "a damaged cache is refused")
    }
}

/// Names that contain a flagged word are data: built in (`Rules/names.yml`) and in rule directories.
final class KnownNamesTests: XCTestCase {
    func testBuiltInNamesAreLeftAloneAndTheWordStillCountsElsewhere() throws {
        let run = try ally(
            ["--lang", "en", "--format", "json", "-"],
            stdin: "Install Watchman first. Ask the watchman at the gate. Build it with the Ninja build system.\n")
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let diagnostics = try XCTUnwrap((json["files"] as? [[String: Any]])?.first?["diagnostics"] as? [[String: Any]])
        XCTAssertEqual(diagnostics.compactMap { $0["match"] as? String }, ["watchman"])
    }

    func testARuleDirectoryCanNameItsOwnProducts() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/rules/en", withIntermediateDirectories: true)
        try "names: [Chairman Kit]\n".write(toFile: dir + "/rules/names.yml", atomically: true, encoding: .utf8)
        try """
        category: gender
        rules:
          - {id: gender.t-chairman, severity: warning, message: m, why: w, suggest: [chair], source: s,
             patterns: [chairman], examples: {flag: [The chairman], pass: [The chair]}}
        """.write(toFile: dir + "/rules/en/r.yml", atomically: true, encoding: .utf8)
        let run = try allyWithOwnRules(
            ["--rules", dir + "/rules", "--lang", "en", "--quiet", "-"], stdin: "Chairman Kit helps the chairman.\n")
        XCTAssertEqual(run.stdout.split(separator: "\n").count, 1, run.stdout)
        XCTAssertTrue(run.stdout.contains(":1:24:"), run.stdout)
    }
}
