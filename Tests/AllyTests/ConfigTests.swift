import Foundation
import XCTest

@testable import AllyCore
@testable import AllyJob
@testable import AllyReport
@testable import AllyTestSupport
@testable import AllyWorkspace

/// `.ally.yml` discovery, precedence and errors, and inline directives, through the command line.
final class ConfigTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = try temporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir + "/.git", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/rules/en", withIntermediateDirectories: true)
        try """
        category: gender
        rules:
          - {id: gender.t-guys, severity: warning, message: m, why: w, suggest: [everyone], fix: safe, source: s,
             patterns: [guys], inflect: none, examples: {flag: [guys], pass: [all]}}
          - {id: gender.t-chairman, severity: warning, message: m, why: w, suggest: [chair], source: s,
             patterns: [chairman], examples: {flag: [chairman], pass: [chair]}}
          - {id: tech-terms.t-master, category: tech-terms, severity: warning, message: m, why: w, suggest: [main], source: s,
             patterns: ["master branch"], examples: {flag: [master branch], pass: [main branch]}}
        """.write(toFile: dir + "/rules/en/t.yml", atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    func write(_ name: String, _ text: String) throws {
        let path = dir + "/" + name
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func lint(_ args: [String]) throws -> Run {
        try allyWithOwnRules(
            ["--rules", dir + "/rules", "--only", "gender.t-guys,gender.t-chairman,tech-terms.t-master", "--quiet"]
                + args, cwd: dir)
    }

    func rulesIn(_ run: Run) -> [String] {
        run.stdout.split(separator: "\n").compactMap { line in
            line.split(separator: "[").last.map { String($0.dropLast()) }
        }
    }

    func testNearestConfigWinsAndDisablesRules() throws {
        try write(".ally.yml", "disable: [gender.t-guys]\n")
        try write("docs/.ally.yml", "disable: [gender.t-chairman]\n")
        try write("docs/a.md", "Hi guys, the chairman.\n")
        try write("b.md", "Hi guys, the chairman.\n")
        XCTAssertEqual(rulesIn(try lint(["docs/a.md"])), ["gender.t-guys"])
        XCTAssertEqual(rulesIn(try lint(["b.md"])), ["gender.t-chairman"])
    }

    func testCommandLineConfigOverridesDiscovery() throws {
        try write(".ally.yml", "disable: [gender.t-guys]\n")
        try write("other.yml", "disable: [gender.t-chairman]\n")
        try write("a.md", "Hi guys, the chairman.\n")
        XCTAssertEqual(rulesIn(try lint(["--config", dir + "/other.yml", "a.md"])), ["gender.t-guys"])
    }

    func testQuotedMentionsAreSkippedUnlessTheConfigurationFlagsThem() throws {
        try write("a.md", "Replace “master branch” with “main branch”. Hi guys.\n")
        XCTAssertEqual(rulesIn(try lint(["a.md"])), ["gender.t-guys"])
        try write(".ally.yml", "quoted: flag\n")
        XCTAssertEqual(rulesIn(try lint(["a.md"])), ["tech-terms.t-master", "gender.t-guys"])
        try write(".ally.yml", "quoted: sometimes\n")
        let bad = try lint(["a.md"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains(".ally.yml:1:9: quoted must be skip or flag, not 'sometimes'"), bad.stderr)
    }

    func testSeverityAllowAndFailOn() throws {
        try write(".ally.yml", "severity:\n  gender.t-guys: suggestion\nallow: [Master]\nfail-on: warning\n")
        try write("a.md", "Hi guys. Push to the Master branch.\n")
        let run = try lint(["a.md"])
        XCTAssertEqual(run.stdout, "a.md:1:4: suggestion: m [gender.t-guys]\n")
        XCTAssertEqual(run.status, 0, "a suggestion does not fail at fail-on: warning")
    }

    func testExcludeGlobs() throws {
        try write(".ally.yml", "exclude: [\"vendor/**\", \"CHANGELOG.md\"]\n")
        try write("vendor/lib/a.md", "Hi guys\n")
        try write("CHANGELOG.md", "Hi guys\n")
        try write("docs/a.md", "Hi guys\n")
        let run = try lint(["."])
        XCTAssertEqual(run.stdout.split(separator: "\n").map { String($0.split(separator: ":")[0]) }, ["./docs/a.md"])
    }

    func testConfigErrorsNameFileLineAndKey() throws {
        try write(".ally.yml", "language: en\ndisabel: [gender.t-guys]\nseverity:\n  gender.nope: error\n")
        try write("a.md", "Hi guys\n")
        let run = try lint(["a.md"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(
            run.stderr.contains("\(dir)/.ally.yml:2:1: unknown field 'disabel' in the configuration"), run.stderr)
        try write(".ally.yml", "disable: [gender.nope]\n")
        let second = try lint(["a.md"])
        XCTAssertEqual(second.status, 2)
        XCTAssertTrue(
            second.stderr.contains("\(dir)/.ally.yml:1:11: unknown rule or category 'gender.nope'"), second.stderr)
    }

    func testInitWritesStarterOnceAndItLoads() throws {
        let first = try ally(["init"], cwd: dir)
        XCTAssertEqual(first.status, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/.ally.yml"))
        let second = try ally(["init"], cwd: dir)
        XCTAssertEqual(second.status, 2)
        XCTAssertTrue(second.stderr.contains("already exists"))
        let (config, problems) = Config.load(path: dir + "/.ally.yml")
        XCTAssertEqual(config?.language, "auto")
        XCTAssertEqual(problems.map(\.description), [])
        // The commented examples are valid too, once uncommented.
        let uncommented = Config.starter.replacingOccurrences(of: "# quoted: skip", with: "quoted: skip")
            .replacingOccurrences(of: "# style: neutral", with: "style: neutral")
        try write("uncommented.yml", uncommented)
        let (loaded, more) = Config.load(path: dir + "/uncommented.yml")
        XCTAssertEqual(more.map(\.description), [])
        XCTAssertEqual(loaded?.flagQuoted, false)
    }

    func testPlainTextIgnoreDirective() throws {
        try write("a.txt", "Hi guys ally-ignore\nHi guys\nThe chairman, guys # ally-ignore: gender.t-chairman\n")
        XCTAssertEqual(
            try lint(["a.txt"]).stdout.split(separator: "\n").map { String($0.split(separator: " ")[0]) },
            ["a.txt:2:4:", "a.txt:3:15:"])
        let audit = try lint(["--no-inline-config", "a.txt"])
        // Every "guys" and the prose "chairman"; the rule id in the directive is an identifier, not prose.
        XCTAssertEqual(audit.stdout.split(separator: "\n").count, 4)
    }

    func testUnknownRuleInDirectiveIsAWarning() throws {
        try write("a.txt", "Hi guys ally-ignore: gender.nope\n")
        let run = try lint(["a.txt"])
        XCTAssertTrue(
            run.stdout.contains("a.txt:1:1: warning: unknown rule or category 'gender.nope' in ally-ignore directive"),
            run.stdout)
    }

    func testCommitMessageCommentsAndScissorsAreIgnored() throws {
        try write(
            ".git/COMMIT_EDITMSG",
            "Fix the guys page\n\n# Please enter the commit message, guys.\n# ------------------------ >8 ------------------------\n# Do not modify or remove the line above.\ndiff --git a/x b/x\n+Hi guys\n"
        )
        let run = try lint(["--input-format", "text", ".git/COMMIT_EDITMSG"])
        XCTAssertEqual(run.stdout, ".git/COMMIT_EDITMSG:1:9: warning: m [gender.t-guys]\n")
    }

    func testLanguageGuessOnShortAndMixedTexts() {
        let stopwords: [String: Set<String>] = [
            "en": ["the", "and", "of", "to", "is", "we", "a", "in", "for", "with", "our"],
            "de": ["der", "die", "das", "und", "ist", "wir", "ein", "zu", "mit", "für", "unsere"],
            "fr": ["le", "la", "les", "et", "est", "nous", "un", "de", "pour", "avec", "l'"],
        ]
        func guess(_ text: String, fallback: String = "en") -> String {
            LanguageGuess.guess(
                Document.parse(path: "t", bytes: Array(text.utf8), format: .text), stopwords: stopwords,
                fallback: fallback)
        }
        XCTAssertEqual(guess("Wir suchen eine Entwicklerin für das Team."), "de")
        XCTAssertEqual(guess("Nous cherchons une personne pour l'équipe et le projet."), "fr")
        XCTAssertEqual(guess("Hi"), "en", "too little text keeps the fallback")
        XCTAssertEqual(guess("Danke!", fallback: "fr"), "fr")
        // Mostly German with an English quote: German wins; an even mix keeps the fallback.
        XCTAssertEqual(
            guess(
                "Wir haben das Projekt mit unseren Kunden und der Stadt geplant, und es ist \"the best of the year\"."),
            "de")
        XCTAssertEqual(guess("the and der und"), "en")
    }

    func testLanguageAutoPicksPackPerFile() throws {
        try FileManager.default.createDirectory(atPath: dir + "/rules/de", withIntermediateDirectories: true)
        try """
        category: gender
        rules:
          - {id: gender.t-mitarbeiter, severity: warning, message: m, why: w, suggest: [Mitarbeitende], source: s,
             patterns: [Mitarbeiter], examples: {flag: [Mitarbeiter], pass: [Mitarbeitende]}}
        """.write(toFile: dir + "/rules/de/t.yml", atomically: true, encoding: .utf8)
        try
            "stopwords: [der, die, das, und, mit, uns, an, diesem, haben, wir, allen, den, ist, nicht, ein, eine, zu, von, auf, für, sich]\n"
            .write(toFile: dir + "/rules/de/language.yml", atomically: true, encoding: .utf8)
        try write(
            "de.md",
            "Wir danken allen Mitarbeiter und der Geschäftsführung, die mit uns an diesem Projekt gearbeitet haben.\n")
        try write("en.md", "We thank the guys and the chairman who worked on this project with us.\n")
        // auto is the default; `language:` in the configuration (or --lang) pins one pack.
        for chosen in [["--lang", "auto"], []] {
            let run = try allyWithOwnRules(
                ["--rules", dir + "/rules", "--quiet", "--only", "gender", "de.md", "en.md"] + chosen, cwd: dir)
            XCTAssertTrue(run.stdout.contains("[gender.t-mitarbeiter]"), run.stdout + run.stderr)
            XCTAssertTrue(run.stdout.contains("[gender.t-guys]"), run.stdout + run.stderr)
        }
        try write(".ally.yml", "language: en\n")
        let pinned = try allyWithOwnRules(
            ["--rules", dir + "/rules", "--quiet", "--only", "gender", "de.md"], cwd: dir)
        XCTAssertFalse(pinned.stdout.contains("[gender.t-mitarbeiter]"), pinned.stdout + pinned.stderr)
    }
}
