import Foundation
import XCTest

@testable import AllyCore
@testable import AllyWorkspace

/// German, Spanish and French generic masculine through the command line with the built-in rules:
/// the generic-singular setting and a posting's front-matter title.
final class GenericMasculineTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = try temporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir + "/.git", withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    func write(_ name: String, _ text: String) throws -> String {
        let path = dir + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func rules(_ run: Run) -> [String] {
        run.stdout.split(separator: "\n").compactMap { line in
            line.range(of: #"\[[a-z-]+\.[a-z0-9-]+\]$"#, options: .regularExpression).map {
                String(line[$0].dropFirst().dropLast())
            }
        }
    }

    func testSingularGenericsWaitForTheSettingPluralsDoNot() throws {
        let text = "Dans ce cas, l'utilisateur doit saisir son mot de passe. Les développeurs relisent le code.\n"
        let file = try write("guide.md", text)
        let plain = try ally(["--lang", "fr", "-q", file], cwd: dir)
        XCTAssertEqual(rules(plain), ["gender.developpeurs"], plain.stdout)

        _ = try write(".ally.yml", "generic-singular: flag\n")
        let flagged = try ally(["--lang", "fr", "-q", file], cwd: dir)
        XCTAssertEqual(rules(flagged), ["gender-singular.utilisateur", "gender.developpeurs"], flagged.stdout)

        _ = try write(".ally.yml", "generic-singular: skip\n")
        XCTAssertEqual(rules(try ally(["--lang", "fr", "-q", file], cwd: dir)), ["gender.developpeurs"])
    }

    func testGermanSingularsAfterASingularDeterminerAreTheSingularRules() throws {
        let file = try write(
            "de.md", "Wenn der Nutzer sein Passwort vergisst, hilft der Support. Die Nutzer melden sich an.\n")
        XCTAssertEqual(rules(try ally(["--lang", "de", "-q", file], cwd: dir)), ["gender.nutzer"])
        let flagged = try ally(["--lang", "de", "-q", "--enable", "gender-singular", file], cwd: dir)
        XCTAssertEqual(rules(flagged), ["gender-singular.nutzer", "gender.nutzer"], flagged.stdout)
    }

    func testABadGenericSingularValueNamesTheFileAndLine() throws {
        let config = try write(".ally.yml", "fail-on: warning\ngeneric-singular: sometimes\n")
        let file = try write("guide.md", "Bonjour.\n")
        let run = try ally(["--lang", "fr", file], cwd: dir)
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(
            run.stderr.contains(config + ":2:19: generic-singular must be skip or flag, not 'sometimes'"), run.stderr)
    }

    func testJobReportsAMasculineOnlyTitleInFrenchFrontMatter() throws {
        let posting = try write(
            "poste.md",
            """
            ---
            title: Rédacteur technique
            ---
            # L'équipe

            Notre service aide les collectivités à publier leurs données.

            """)
        let run = try ally(["job", posting], cwd: dir)
        XCTAssertEqual(run.status, 1, run.stdout + run.stderr)
        XCTAssertTrue(run.stdout.contains("line 2:8  warning  « Rédacteur technique »"), run.stdout)
        XCTAssertTrue(run.stdout.contains("[gender.annonce-intitule-masculin]"), run.stdout)

        let inclusive = try write(
            "poste2.md", "---\ntitle: Rédacteur ou rédactrice technique\n---\n# L'équipe\n\nTexte du poste.\n")
        let clean = try ally(["job", "--lang", "fr", inclusive], cwd: dir)
        XCTAssertFalse(clean.stdout.contains("annonce-intitule-masculin"), clean.stdout)
    }

    func testDoubletsAndInclusiveFormsAreNotFlagged() throws {
        let lines = [
            ("fr", "Le candidat idéal ou la candidate idéale maîtrise Git."),
            ("fr", "Les utilisatrices et utilisateurs reçoivent un courriel."),
            ("es", "Los usuarios y las usuarias pueden cambiar su contraseña."),
            ("de", "Entwicklerinnen und Entwickler finden die Beispiele im Ordner."),
            ("fr", "Les développeur·ses relisent le code."),
        ]
        for (language, text) in lines {
            let file = try write("t.md", text + "\n")
            let run = try ally(["--lang", language, "-q", file], cwd: dir)
            XCTAssertEqual(rules(run), [], "\(language): \(text)\n\(run.stdout)")
        }
    }
}
