import AllyTestSupport
import Foundation
import XCTest

@testable import AllyCore
@testable import AllyWorkspace

/// What the source-comment extractor reads as prose in each language family, and where findings land.
final class SourceCommentProseTests: XCTestCase {
    /// Blocks of a source file named `path` (the name picks the comment syntax).
    func blocks(_ text: String, _ path: String) -> [String] {
        let document = Document.parse(path: path, bytes: Array(text.utf8), format: .source)
        assertValidProse(document, path)
        return proseBlocks(document)
    }

    /// Findings as "line:column match" in a source file named `path`.
    func found(_ text: String, _ path: String) throws -> [String] {
        let bytes = Array(text.utf8)
        let linter = try Linter(rules: proseRules())
        let lines = LineIndex(bytes)
        return linter.lint(Document.parse(path: path, bytes: bytes, format: .source)).findings.map { f in
            let p = lines.position(f.range.lowerBound)
            return "\(p.line):\(p.column) \(f.match)"
        }
    }

    func testFormatAndSyntaxFromTheFileName() {
        for path in [
            "a.swift", "a.c", "a.h", "a.cpp", "a.m", "a.java", "a.kt", "a.go", "a.rs", "a.js", "a.tsx", "a.cs",
            "a.scala", "a.dart", "a.php", "a.py", "a.rb", "a.sh", "a.zsh", "a.pl", "a.r", "a.yml", "a.yaml",
            "a.toml", "a.conf", "a.cfg", "a.ini", "Makefile", "dir/Dockerfile", "a.sql", "a.lua", "a.hs",
            "a.xml", "a.vue", "a.svelte",
        ] {
            XCTAssertEqual(InputFormat.guess(path: path), .source, path)
        }
        XCTAssertEqual(InputFormat.guess(path: "notes.txt"), .text)
        XCTAssertEqual(InputFormat.guess(path: "guide.rst"), .restructuredText)
        XCTAssertEqual(InputFormat.guess(path: "guide.asciidoc"), .asciidoc)
        XCTAssertEqual(InputFormat(rawValue: "rst"), .restructuredText)
    }

    func testSwiftCommentsStringsAndDocComments() throws {
        let text = #"""
            /// Greets the guys.
            ///
            /// - Parameter chairman: Who opens the meeting.
            /// - Parameters:
            ///   - guys: The people invited.
            /// - Returns: A `guys` list for the chairman.
            ///
            /// ```swift
            /// greet(guys)
            /// ```
            func greet(chairman: String) -> String {
                let url = "https://example.com/guys // not a comment"
                let raw = #"a "quoted" /* not a comment */ guys"#
                /* Outer /* nested guys */ still the comment */
                return "guys" // trailing note for the chairman
            }
            """#
        XCTAssertEqual(
            blocks(text, "greet.swift").map(squeezed),
            [
                "p: Greets the guys.", "p: Who opens the meeting.", "p: The people invited.",
                "p: A list for the chairman.",
                "p: Outer /* nested guys */ still the comment", "p: trailing note for the chairman",
            ])
        XCTAssertEqual(
            try found(text, "greet.swift"),
            [
                "1:16 guys", "6:38 chairman", "14:24 guys", "15:44 chairman",
            ])
    }

    func testConsecutiveLineCommentsFormOneBlock() {
        let text = """
            // The chairman said the
            // guys would come.
            //
            // Second paragraph.
            let a = 1 // one trailing
            let b = 2 // another trailing
            //////////////////
            /// doc marker differs
            """
        XCTAssertEqual(
            blocks(text, "a.swift"),
            [
                "p: The chairman said the guys would come.", "p: Second paragraph.", "p: one trailing",
                "p: another trailing",
                "p: doc marker differs",
            ])
    }

    func testJavadocTagsAndHTML() {
        let text = """
            /**
             * Returns the {@code guys} for a <b>chairman</b>.
             * <p>
             * Use <code>guys()</code> instead of {@link Chairman#guys}.
             *
             * @param chairman the person who asks
             * @return the list of guys
             * @throws GuysException when the chairman is away
             * @see Guys
             * @since 1.2 guys
             */
            char quote = '"'; // a char literal with a quote, then the chairman
            String s = "escaped \\" // still a string";
            // commented-out code: guys();
            """
        XCTAssertEqual(
            blocks(text, "Guys.java").map(squeezed),
            [
                "p: Returns the for a chairman .", "p: Use instead of .", "p: the person who asks",
                "p: the list of guys",
                "p: when the chairman is away", "p: a char literal with a quote, then the chairman",
            ])
    }

    func testRustLifetimesCharsAndRawStrings() {
        let text = """
            //! Crate docs for the guys.
            fn pick<'a>(x: &'a str) -> char {
                let c = '"'; // quote char, chairman
                let r = r#"raw "string" // guys"#;
                let b = b'\\''; // byte literal, guys
                /* block /* nested */ chairman */
                'outer: loop { break 'outer; } // a label
                x.chars().next().unwrap_or('\\u{1F600}')
            }
            """
        XCTAssertEqual(
            blocks(text, "lib.rs"),
            [
                "p: Crate docs for the guys.", "p: quote char, chairman", "p: byte literal, guys",
                "p: block /* nested */ chairman", "p: a label",
            ])
    }

    func testGoJavaScriptAndCSharpStrings() {
        XCTAssertEqual(blocks("s := `raw \\` // go comment about guys", "a.go"), ["p: go comment about guys"])
        XCTAssertEqual(blocks("const t = `a // b ${x} guys`; // js guys", "a.ts"), ["p: js guys"])
        XCTAssertEqual(
            blocks("var p = @\"C:\\dir\\\"; // cs guys\nvar q = @\"say \"\"hi\"\" // no\";", "a.cs"),
            ["p: cs guys"])
        XCTAssertEqual(blocks("auto r = R\"x(// not)x\"; // cpp guys", "a.cpp"), ["p: cpp guys"])
    }

    func testJSDocParametersAndExamples() {
        let text = """
            /**
             * Invite the guys.
             * @param {string} chairman - Who signs the invitation.
             * @param {number} [count=2] How many guys.
             * @example
             * invite("guys", 2)
             * @returns {Promise} Resolves when the chairman answers.
             */
            """
        XCTAssertEqual(
            blocks(text, "invite.js"),
            [
                "p: Invite the guys.", "p: Who signs the invitation.", "p: How many guys.",
                "p: Resolves when the chairman answers.",
            ])
    }

    func testPythonCommentsAndDocstrings() throws {
        let text = #"""
            #!/usr/bin/env python3
            """Module docstring for the guys.

            Example::

                chairman = Guys()

            >>> guys()
            1
            """
            import os

            # A comment about the chairman.
            HASH = "#not a comment guys"

            class Guys:
                '''Class docstring with ``guys`` code and :class:`Chairman` role.'''

                def greet(self, chairman):
                    """Greet the chairman.

                    :param chairman: The chairman to greet.
                    :returns: Nothing for the guys.
                    """
                    query = """
                    SELECT guys  -- not a docstring
                    """
                    return call("""not a docstring either, guys""")  # trailing guys
            """#
        XCTAssertEqual(
            blocks(text, "guys.py").map(squeezed),
            [
                "p: Module docstring for the guys.", "p: Example", "p: A comment about the chairman.",
                "p: Class docstring with code and role.", "p: Greet the chairman.", "p: The chairman to greet.",
                "p: Nothing for the guys.", "p: trailing guys",
            ])
        XCTAssertEqual(
            try found(text, "guys.py"),
            [
                "2:29 guys", "13:23 chairman", "20:22 chairman", "22:30 chairman", "23:35 guys", "28:69 guys",
            ])
    }

    func testShellHeredocsAndSpecialHashes() {
        let text = """
            #!/bin/sh
            # Set up the guys.
            echo "$#" ${#list} 'a # b' "c # d" # count for the chairman
            cat <<EOF > config
            # not a comment: guys
            EOF
            cat <<-'END'
            \t# also not a comment
            \tEND
            url=http://x/#anchor # real comment
            """
        XCTAssertEqual(
            blocks(text, "setup.sh"),
            [
                "p: Set up the guys.", "p: count for the chairman",
                "p: real comment",
            ])
    }

    func testYAMLAndConfigurationFiles() {
        let yaml = """
            # Settings for the guys.
            title: Don't panic # chairman's note
            link: http://example.com/#frag
            quoted: '# not a comment'
            run: |
              # a shell comment inside a block scalar
              echo guys
            after: 1 # the end
            """
        XCTAssertEqual(blocks(yaml, "ci.yml"), ["p: Settings for the guys.", "p: chairman's note", "p: the end"])
        XCTAssertEqual(
            blocks("; ini comment for the guys\nkey = value ; not a comment\n# hash too", "a.ini"),
            ["p: ini comment for the guys", "p: hash too"])
        XCTAssertEqual(blocks("a = \"#x\" # toml guys\nb = '''\n# not\n'''", "a.toml"), ["p: toml guys"])
        XCTAssertEqual(blocks("FROM x\n# docker guys\nRUN echo \"#\" # shell", "Dockerfile"), ["p: docker guys"])
        XCTAssertEqual(
            blocks("# make guys\nall:\n\techo \"#x\" # recipe note", "Makefile"),
            [
                "p: make guys",
                "p: recipe note",
            ])
    }

    func testDashFamilies() {
        XCTAssertEqual(
            blocks("SELECT 'it''s -- no' -- sql guys\n/* block guys */", "q.sql"),
            [
                "p: sql guys",
                "p: block guys",
            ])
        XCTAssertEqual(
            blocks("local s = [[ -- no ]] -- lua guys\n--[[ long\nguys ]]", "a.lua"),
            [
                "p: lua guys",
                "p: long guys",
            ])
        let haskell = "x --> y = 1 -- haskell guys\n{- block {- nested -} guys -}\n{-# LANGUAGE X #-}\nf x' = 'a'"
        XCTAssertEqual(
            blocks(haskell, "a.hs"),
            ["p: haskell guys", "p: block {- nested -} guys"])
    }

    func testMarkupAndComponents() {
        XCTAssertEqual(blocks("<a><!-- xml guys --><![CDATA[ <!-- no --> ]]></a>", "a.xml"), ["p: xml guys"])
        let vue = """
            <template><!-- template guys --><p>Visible text is not a comment</p></template>
            <script>
            const url = "http://example.com"; // script guys
            </script>
            <style>
            a { content: "/* no */"; } /* style guys */
            </style>
            """
        XCTAssertEqual(blocks(vue, "Guys.vue"), ["p: template guys", "p: script guys", "p: style guys"])
    }

    func testRubyAndPerlDocumentationBlocks() {
        XCTAssertEqual(
            blocks(
                "x = 1 # ruby guys\n=begin\nBlock for the chairman.\n=end\ny = <<~EOS\n  # no\nEOS\n",
                "a.rb"),
            ["p: ruby guys", "p: Block for the chairman."])
        XCTAssertEqual(
            blocks("my $n = $#list; # perl guys\n=head1 Chairman notes\n\nText.\n\n=cut\n", "a.pl"),
            ["p: perl guys", "p: Chairman notes", "p: Text."])
    }

    func testDirectivesInComments() throws {
        let text = """
            // ally-disable-next-line gender.chairman
            // The chairman decides.
            // The chairman again, ally-ignore
            /* ally-disable gender.guys */
            // Hello guys.
            /* ally-enable */
            # not a comment in Swift, guys
            """
        let document = Document.parse(path: "a.swift", bytes: Array(text.utf8), format: .source)
        XCTAssertEqual(document.directives.map(\.kind), [.disableNextLine, .ignoreLine, .disable, .enable])
        XCTAssertEqual(try found(text, "a.swift"), [])
        XCTAssertEqual(
            try found("x = 1  # ally-ignore\n# Hi guys\n# ally-disable-next-line\n# chairman", "a.py"),
            ["2:6 guys"])
    }

    func testRangesHoldOnOddInput() {
        let inputs = [
            "", "/", "//", "/*", "/**/", "/*/", "\"", "'", "`", "'\\", "r#\"", "#\"", "R\"(", "@\"", "\"\"\"", "'''",
            "#", "#!",
            "<<", "<<EOF", "<<<", "=begin", "=pod\n", "--", "--[[", "--[==[", "{-", "{-#", "<!--", "<script>",
            "<style>x",
            "/** @param", "/** @param {x", "/// - Parameter", "/// - Parameters:\n///   - ", "// ```", "// <code>",
            "// `a",
            "\r\n// a\r\n// b\r\n", "x: |\n  a\n#b", "\u{FEFF}// bom",
        ]
        for path in [
            "a.swift", "a.rs", "a.cpp", "a.cs", "a.js", "a.go", "a.py", "a.sh", "a.rb", "a.pl", "a.yml",
            "a.toml",
            "a.ini", "a.sql", "a.lua", "a.hs", "a.vue", "a.xml", "Makefile", "a.dart", "a.php",
        ] {
            for input in inputs {
                let document = Document.parse(path: path, bytes: Array(input.utf8), format: .source)
                assertValidProse(document, "\(path): \(input)")
                XCTAssertNil(Invariants.prose(document), "\(path): \(input)")
            }
        }
    }
}

/// `identifiers: true`: the words of identifiers in code, for the categories that ask for them.
final class IdentifierModeTests: XCTestCase {
    let source = """
        let ipWhitelist = ["10.0.0.1"]  // the whitelist comment is prose either way
        let MASTER_HOST = "slave host in a string"
        func slave_lag() -> Int { HTTPServerMaster.count }
        var masterNode: Node  // a crazy idea
        """

    func testIdentifiersAreSplitIntoWordsAtTheirOwnBytes() {
        let document = Document.parse(path: "t.swift", bytes: Array(source.utf8), format: .source, identifiers: true)
        let words = document.prose.filter { document.blockKinds[$0.block] == .identifier }
            .map { String(decoding: document.bytes[$0.bytes], as: UTF8.self) }
        for expected in [
            "ip", "Whitelist", "MASTER", "HOST", "slave", "lag", "HTTP", "Server", "Master", "master", "Node",
        ] {
            XCTAssertTrue(words.contains(expected), "\(expected) not among \(words)")
        }
        // Strings and comments are not identifiers.
        XCTAssertFalse(words.contains("host"), "\(words)")
        XCTAssertFalse(words.contains("comment"), "\(words)")
        let plain = Document.parse(path: "t.swift", bytes: Array(source.utf8), format: .source)
        XCTAssertFalse(plain.blockKinds.contains(.identifier))
    }

    func testOnlyCategoriesThatReadIdentifiersReportThemWithTheirPosition() throws {
        let rules = try XCTUnwrap(sharedCatalog.ruleSet(language: "en"))
        let linter = try AllyLinter(rules: rules)
        var policy = Policy()
        policy.identifiers = true
        let found = linter.lint(source, format: .source, path: "t.swift", policy: policy).findings
        let code = found.filter { $0.ruleID.hasPrefix("tech-terms.") }.map(\.match)
        XCTAssertTrue(code.contains("Whitelist"), "\(code)")
        XCTAssertTrue(code.contains("MASTER_HOST"), "\(code)")
        XCTAssertTrue(code.contains("slave_lag"), "\(code)")
        XCTAssertTrue(code.contains("masterNode"), "\(code)")
        // The comment's words are prose as before; the identifier finding carries no fix.
        XCTAssertTrue(found.contains { $0.ruleID.hasPrefix("mental-health.") && $0.match == "crazy" })
        XCTAssertTrue(
            found.filter { source.utf8.count > $0.range.upperBound && $0.match == "Whitelist" }.allSatisfy {
                $0.fix == nil
            })
        let whitelist = try XCTUnwrap(found.first { $0.match == "Whitelist" })
        XCTAssertEqual(whitelist.range, 6..<15)
        // Without the mode, code stays code.
        let plain = linter.lint(source, format: .source, path: "t.swift").findings
        XCTAssertEqual(plain.filter { $0.ruleID.hasPrefix("tech-terms.") }.map(\.match), ["whitelist"])
    }

    func testTheCommandLineAndTheConfigurationTurnTheModeOn() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "let ipWhitelist = 1\n".write(toFile: dir + "/a.py", atomically: true, encoding: .utf8)
        XCTAssertEqual(try ally(["--format", "json", dir + "/a.py"]).status, 0)
        let flagged = try ally(["--identifiers", "--format", "json", dir + "/a.py"])
        XCTAssertEqual(flagged.status, 1)
        XCTAssertTrue(flagged.stdout.contains("\"tech-terms.whitelist\""), flagged.stdout)
        try "identifiers: true\n".write(toFile: dir + "/.ally.yml", atomically: true, encoding: .utf8)
        XCTAssertEqual(try ally(["a.py"], cwd: dir).status, 1)
        try "identifiers: maybe\n".write(toFile: dir + "/.ally.yml", atomically: true, encoding: .utf8)
        let bad = try ally(["a.py"], cwd: dir)
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("identifiers must be true or false, not 'maybe'"), bad.stderr)
    }
}
