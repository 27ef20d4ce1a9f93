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
          - {id: gender.t-guys, aliases: [gender.t-fellas], severity: warning, message: m, why: w, suggest: [everyone],
             fix: safe, source: s, patterns: [guys], inflect: none, examples: {flag: [guys], pass: [all]}}
          - {id: gender.t-chairman, severity: warning, message: m, why: w, suggest: [chair], source: s,
             patterns: [chairman], examples: {flag: [chairman], pass: [chair]}}
          - {id: tech-terms.t-master, category: tech-terms, severity: warning, message: m, why: w, suggest: [main], source: s,
             patterns: ["master branch"], examples: {flag: [master branch], pass: [main branch]}}
          - {id: tech-terms.t-master-word, category: tech-terms, severity: warning, message: m, why: w, suggest: [main],
             source: s, patterns: ["master"], inflect: none, examples: {flag: [master], pass: [main]}}
          - {id: tech-terms.t-sanity, category: tech-terms, severity: suggestion, message: m, why: w, suggest: [check],
             source: s, patterns: ["sanity"], inflect: none, examples: {flag: [sanity], pass: [check]}}
          - {id: gender.t-staffer, severity: warning, message: m, why: w, source: s,
             suggest: {neutral: [staff member], star: [staffer*in]}, patterns: [staffer], examples: {flag: [staffer], pass: [staff]}}
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

    func testNestedConfigExtendsItsParentUnlessItIsTheRoot() throws {
        try write(".ally.yml", "disable: [gender.t-guys]\nseverity: {gender.t-chairman: error}\n")
        try write("docs/.ally.yml", "disable: [tech-terms.t-master]\n")
        try write("docs/a.md", "Hi guys, the chairman of the master branch.\n")
        try write("b.md", "Hi guys, the chairman of the master branch.\n")
        // docs/ adds to the top-level file: both disables and the severity apply.
        XCTAssertEqual(try lint(["docs/a.md"]).stdout, "docs/a.md:1:14: error: m [gender.t-chairman]\n")
        XCTAssertEqual(rulesIn(try lint(["b.md"])), ["gender.t-chairman", "tech-terms.t-master"])
        // A nested file may switch back on what its parent switched off.
        try write("docs/.ally.yml", "enable: [gender.t-guys]\n")
        XCTAssertEqual(rulesIn(try lint(["docs/a.md"])), ["gender.t-guys", "gender.t-chairman", "tech-terms.t-master"])
        // `root: true` stops the search: the parent is not read.
        try write("docs/.ally.yml", "root: true\ndisable: [tech-terms.t-master]\n")
        XCTAssertEqual(rulesIn(try lint(["docs/a.md"])), ["gender.t-guys", "gender.t-chairman"])
        XCTAssertTrue(try lint(["docs/a.md"]).stdout.contains(": warning: m [gender.t-chairman]"))
    }

    func testAnInvalidConfigStopsTheFilesItGovernsWithSuggestions() throws {
        try write("docs/.ally.yml", "disabel: [gender.t-guys]\nfail-on: warning\n")
        try write("docs/a.md", "Hi guys\n")
        try write("b.md", "Hi guys\n")
        let run = try lint(["docs/a.md", "b.md"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(
            run.stderr.contains(
                "\(dir)/docs/.ally.yml:1:1: unknown field 'disabel' in the configuration; did you mean 'disable'?"),
            run.stderr)
        XCTAssertTrue(run.stderr.contains("1 file not linted: \(dir)/docs/.ally.yml has errors"), run.stderr)
        // Not linted with half a configuration, nor with none: docs/a.md is not reported at all.
        XCTAssertEqual(run.stdout, "b.md:1:4: warning: m [gender.t-guys]\n")
        // Standard input is governed by the configuration of the working directory.
        try write(".ally.yml", "disable: [gender.t-guy]\n")
        let stdin = try allyWithOwnRules(
            ["--rules", dir + "/rules", "--only", "gender.t-guys", "-"], stdin: "Hi guys\n", cwd: dir)
        XCTAssertEqual(stdin.status, 2)
        XCTAssertTrue(
            stdin.stderr.contains(
                "\(dir)/.ally.yml:1:11: unknown rule or category 'gender.t-guy'; did you mean 'gender.t-guys'?"),
            stdin.stderr)
        XCTAssertFalse(stdin.stdout.contains("[gender.t-guys]"), stdin.stdout)
    }

    func testNamesInConfigurationAreCheckedWithSuggestions() throws {
        try write("a.md", "Hi guys\n")
        try write(".ally.yml", "style: starr\n")
        let style = try lint(["a.md"])
        XCTAssertEqual(style.status, 2)
        XCTAssertTrue(style.stderr.contains(".ally.yml:1:8: unknown style 'starr'; did you mean 'star'?"), style.stderr)
        try write(".ally.yml", "severity: {gender.t-guy: error}\n")
        let severity = try lint(["a.md"])
        XCTAssertTrue(severity.stderr.contains("did you mean 'gender.t-guys'?"), severity.stderr)
        // An old id of a renamed rule is known: a note, not an error.
        try write(".ally.yml", "disable: [gender.t-fellas]\n")
        let renamed = try lint(["a.md"])
        XCTAssertEqual(renamed.status, 0, renamed.stderr)
        XCTAssertTrue(renamed.stderr.contains("'gender.t-fellas' is now 'gender.t-guys'"), renamed.stderr)
    }

    func testUnknownNamesOnTheCommandLineAreErrorsWithSuggestions() throws {
        try write("a.md", "Hi guys\n")
        func check(_ args: [String], _ expected: String, file: StaticString = #filePath, line: UInt = #line) throws {
            let run = try allyWithOwnRules(["--rules", dir + "/rules"] + args + ["a.md"], cwd: dir)
            XCTAssertEqual(run.status, 2, run.stdout, file: file, line: line)
            XCTAssertTrue(run.stderr.contains(expected), run.stderr, file: file, line: line)
            XCTAssertEqual(run.stdout, "", "nothing is linted", file: file, line: line)
        }
        try check(["--only", "tech-term"], "--only: unknown rule or category 'tech-term'; did you mean 'tech-terms'?")
        try check(
            ["--disable", "gender,gender.t-guy"],
            "--disable: unknown rule or category 'gender.t-guy'; did you mean 'gender.t-guys'?")
        try check(
            ["--enable", "job-postings"],
            "--enable: unknown rule or category 'job-postings'; did you mean 'job-posting'?")
        try check(["--style", "starr"], "--style: unknown style 'starr'; did you mean 'star'?")
        try check(["--only", "zzz"], "--only: unknown rule or category 'zzz'")
        // Old ids of renamed rules count.
        let alias = try allyWithOwnRules(["--rules", dir + "/rules", "--only", "gender.t-fellas", "a.md"], cwd: dir)
        XCTAssertEqual(alias.status, 1, alias.stderr)
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
        try write(".ally.yml", "severity:\n  gender.t-guys: suggestion\nallow: [Master branch]\nfail-on: warning\n")
        try write("a.md", "Hi guys. Push to the Master branch.\n")
        let run = try lint(["a.md"])
        XCTAssertEqual(run.stdout, "a.md:1:4: suggestion: m [gender.t-guys]\n")
        XCTAssertEqual(run.status, 0, "a suggestion does not fail at fail-on: warning")
    }

    func allowed(_ config: String, _ text: String) throws -> [String] {
        try write(".ally.yml", config)
        try write("a.md", text)
        let run = try allyWithOwnRules(
            ["--rules", dir + "/rules", "--only", "tech-terms", "--quiet", "a.md"], cwd: dir)
        XCTAssertNotEqual(run.status, 2, run.stderr)
        return run.stdout.split(separator: "\n").map { line in
            let parts = line.split(separator: " ")
            return "\(parts[0].dropLast()) \(parts.last!)"
        }
    }

    func testAllowIsAnExactPhraseNotAnyWordOfAFinding() throws {
        let text = "Master is our product.\nPush to the master branch.\nThe master server.\n"
        // "Master" with a capital is the product's name: only that exact text is left alone.
        XCTAssertEqual(
            try allowed("allow: [Master]\n", text),
            ["a.md:2:13 [tech-terms.t-master]", "a.md:3:5 [tech-terms.t-master-word]"])
        // Written in lower case, a phrase is matched whatever its case, but only where it occurs.
        XCTAssertEqual(
            try allowed("allow: [master branch]\n", text + "MASTER BRANCH\n"),
            ["a.md:1:1 [tech-terms.t-master-word]", "a.md:3:5 [tech-terms.t-master-word]"])
        // A finding inside an allowed phrase is left alone; one that only shares a word is not.
        XCTAssertEqual(
            try allowed("allow: [\"The master server\"]\n", text),
            ["a.md:1:1 [tech-terms.t-master-word]", "a.md:2:13 [tech-terms.t-master]"])
    }

    func testAllowPerRule() throws {
        let text = "Run the ansible-test sanity suite.\nA sanity pass.\nThe master of ansible-test sanity.\n"
        XCTAssertEqual(
            try allowed("allow: {tech-terms.t-sanity: [\"ansible-test sanity\"]}\n", text),
            ["a.md:2:3 [tech-terms.t-sanity]", "a.md:3:5 [tech-terms.t-master-word]"])
        // Per-rule phrases do not silence other rules; both forms can be combined in a list.
        XCTAssertEqual(
            try allowed("allow: [{tech-terms.t-master-word: [\"ansible-test sanity\"]}, A sanity pass]\n", text),
            [
                "a.md:1:22 [tech-terms.t-sanity]", "a.md:3:5 [tech-terms.t-master-word]",
                "a.md:3:28 [tech-terms.t-sanity]",
            ])
        // The rule is checked like every name in the configuration.
        try write(".ally.yml", "allow: {tech-terms.t-sanit: [x]}\n")
        let run = try lint(["a.md"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("did you mean 'tech-terms.t-sanity'?"), run.stderr)
    }

    func testAllyConfigPrintsTheEffectiveConfigurationAndWhereEachValueComesFrom() throws {
        try write(".ally.yml", "language: en\ndisable: [gender.t-guys]\nallow: [Master]\nexclude: [\"vendor/**\"]\n")
        try write("docs/.ally.yml", "fail-on: suggestion\ndisable: [tech-terms.t-master]\nseverity: {gender: error}\n")
        try write("docs/a.md", "x\n")
        let run = try allyWithOwnRules(["config", "--rules", dir + "/rules", "docs/a.md"], cwd: dir)
        XCTAssertEqual(run.status, 0, run.stderr)
        let lines = run.stdout.split(separator: "\n").map { $0.replacingOccurrences(of: dir + "/", with: "") }
        func line(_ prefix: String) -> String? { lines.first { $0.hasPrefix(prefix) } }
        XCTAssertEqual(lines.first, "# Configuration for docs/a.md: .ally.yml, docs/.ally.yml")
        XCTAssertTrue(line("language: en")?.hasSuffix("# .ally.yml:1:11") ?? false, run.stdout)
        XCTAssertTrue(line("fail-on: suggestion")?.hasSuffix("# docs/.ally.yml:1:10") ?? false, run.stdout)
        XCTAssertTrue(line("quoted: skip")?.hasSuffix("# default") ?? false, run.stdout)
        XCTAssertTrue(line("  - gender.t-guys")?.hasSuffix("# .ally.yml:2:11") ?? false, run.stdout)
        XCTAssertTrue(line("  - tech-terms.t-master")?.hasSuffix("# docs/.ally.yml:2:11") ?? false, run.stdout)
        XCTAssertTrue(line("  gender: error")?.hasSuffix("# docs/.ally.yml:3:12") ?? false, run.stdout)
        XCTAssertTrue(line("  - Master")?.hasSuffix("# .ally.yml:3:9") ?? false, run.stdout)
        XCTAssertTrue(line("  - vendor/**")?.contains("# .ally.yml:4:11") ?? false, run.stdout)
        XCTAssertEqual(lines.last, "# docs/a.md is linted.")
        // A broken configuration is reported with exit status 2.
        try write("docs/.ally.yml", "fail-on: sometimes\n")
        let broken = try allyWithOwnRules(["config", "--rules", dir + "/rules", "docs/a.md"], cwd: dir)
        XCTAssertEqual(broken.status, 2)
        XCTAssertTrue(broken.stderr.contains("fail-on must be error, warning, suggestion or never"), broken.stderr)
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
        try write("b.txt", "Hi guys ally-ignore: gender.t-guy\n")
        let typo = try lint(["b.txt"])
        XCTAssertTrue(
            typo.stdout.contains(
                "b.txt:1:1: warning: unknown rule or category 'gender.t-guy' in ally-ignore directive;"
                    + " did you mean 'gender.t-guys'?"), typo.stdout)
        XCTAssertNotEqual(typo.status, 2, "a directive's unknown name is a warning")
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
