import AllyTestSupport
import Foundation
import XCTest

@testable import AllyCore
@testable import AllyWorkspace

/// What the AsciiDoc extractor reads as prose, construct by construct, and where findings land.
final class AsciiDocProseTests: XCTestCase {
    func adoc(_ text: String) -> [String] { proseBlocks(text, .asciidoc) }

    func testHeaderTitlesAndParagraphs() {
        let text = """
            = Guide for the Guys
            Jane Chairman <jane@example.com>
            v1.0, 2024-01-01: first cut
            :toc: left
            :description: the guys

            == Getting started ==

            The installer asks
            two questions.

            ### Markdown-style title

            .A block title for the guys
            Text under it.
            """
        XCTAssertEqual(
            adoc(text),
            [
                "h1: Guide for the Guys", "h1: Getting started", "p: The installer asks two questions.",
                "h2: Markdown-style title", "other: A block title for the guys", "p: Text under it.",
            ])
    }

    func testListingLiteralPassthroughAndSourceBlocks() {
        let text = """
            [source,python]
            ----
            guys = chairman()
            ----

            ....
            literal guys
            ....

            ++++
            <b>guys</b>
            ++++

            [source]
            chairman = "paragraph with a source style"

              An indented literal paragraph for the guys.

            ```ruby
            guys = 1
            ```

            [listing]
            --
            guys in an open block used as a listing
            --

            After all that, the chairman.
            """
        XCTAssertEqual(adoc(text), ["p: After all that, the chairman."])
    }

    func testCommentsAndAttributes() throws {
        let text = """
            // a comment about the guys
            ////
            A comment block with the chairman.
            ////
            :product-name: Guys Tool
            :long-value: first part \\
              second part about the guys

            [NOTE]
            [[anchor-guys]]
            [#id.role]
            Use {product-name} with the guys.
            """
        XCTAssertEqual(adoc(text).map(squeezed), ["p: Use with the guys."])
        XCTAssertEqual(try proseFindings(text, .asciidoc), ["12:29 guys"])
    }

    func testDelimitedProseBlocks() {
        let text = """
            ====
            An example for the guys.

            ----
            code guys
            ----
            ====

            ****
            A sidebar.
            ****

            [quote, The Chairman, Minutes]
            ____
            A quote from the chairman.
            ____

            [NOTE]
            ====
            An admonition block.
            ====
            """
        XCTAssertEqual(
            adoc(text),
            [
                "p: An example for the guys.", "p: A sidebar.", "quotation: A quote from the chairman.",
                "p: An admonition block.",
            ])
    }

    func testListsAndAdmonitionParagraphs() {
        let text = """
            * First guys item
            continues here.
            ** Nested item
            - Dash item
            * [x] Done by the chairman

            . Step one
            .. Step one point one
            1. Explicit number

            CPU:: The brain of the guys.
            RAM::
              Memory for the chairman.
            Disk;; Storage.

            <1> A callout for the guys.

            NOTE: The guys should read this.

            TIP: A tip.
            """
        XCTAssertEqual(
            adoc(text),
            [
                "li: First guys item continues here.", "li: Nested item", "li: Dash item", "li: Done by the chairman",
                "li: Step one", "li: Step one point one", "li: Explicit number",
                "li: CPU", "p: The brain of the guys.", "li: RAM", "p: Memory for the chairman.", "li: Disk",
                "p: Storage.",
                "li: A callout for the guys.", "p: The guys should read this.", "p: A tip.",
            ])
    }

    func testListContinuationAttachesBlocks() {
        let text = """
            * Install the tool
            +
            [source,bash]
            ----
            guys install
            ----
            +
            Then tell the chairman.
            """
        XCTAssertEqual(adoc(text), ["li: Install the tool", "p: Then tell the chairman."])
    }

    func testInlineMarkup() throws {
        let text = """
            Ask *the* **chair**man about `guys()` and ``guys`` and +guys+ and pass:[guys] and {guys}.
            See <<guys-section>> or <<guys-section,the guys>> or xref:doc.adoc#guys[the chairman].
            Visit https://example.com/guys[the guys site] or https://example.com/chairman or link:guys.html[Guys page].
            An image:guys.png[Chairman photo] and kbd:[Ctrl+G] and footnote:[A note for the guys.] and "`quoted guys`".
            """
        XCTAssertEqual(
            adoc(text).map(squeezed),
            [
                "p: Ask the chairman about and and and and . See or the guys or the chairman . Visit the guys site or or "
                    + "Guys page . An Chairman photo and and A note for the guys. and quoted guys."
            ])
        XCTAssertEqual(
            try proseFindings(text, .asciidoc),
            [
                "1:13 chair**man", "2:44 guys", "2:77 chairman", "3:36 guys", "3:97 Guys", "4:19 Chairman",
                "4:81 guys", "4:101 guys",
            ])
    }

    func testTablesCellByCell() throws {
        let text = """
            [cols="1,2"]
            |===
            |Name |Role

            |Ann
            |The chairman of
            the board

            2+|Spanning guys cell
            m|guys_code
            a|
            * A list in a cell for the guys
            l|literal chairman
            |===

            ,===
            guys,chairman
            ,===
            """
        XCTAssertEqual(
            adoc(text),
            [
                "td: Name", "td: Role", "td: Ann", "td: The chairman of the board", "td: Spanning guys cell",
                "li: A list in a cell for the guys", "td: guys", "td: chairman",
            ])
        XCTAssertEqual(
            try proseFindings(text, .asciidoc),
            [
                "6:6 chairman", "9:13 guys", "12:28 guys", "17:1 guys",
                "17:6 chairman",
            ])
    }

    func testBlockMacros() {
        let text = """
            image::guys.png[The chairman at work, 300, 200]
            image::guys.png[]
            include::guys.adoc[]
            video::guys.mp4[]
            ifdef::guys[]
            Conditional text for the guys.
            endif::[]
            More text.
            """
        XCTAssertEqual(adoc(text), ["other: The chairman at work", "p: Conditional text for the guys. More text."])
    }

    func testDirectivesInComments() throws {
        let text = """
            // ally-disable-next-line gender.guys
            Hello guys and the chairman.

            ////
            ally-disable gender.chairman
            ////

            The chairman and the guys.
            """
        let document = Document.parse(path: "t.adoc", bytes: Array(text.utf8), format: .asciidoc)
        XCTAssertEqual(document.directives.map(\.kind), [.disableNextLine, .disable])
        // The next line's guys and the region's chairman are silenced.
        XCTAssertEqual(try proseFindings(text, .asciidoc), ["2:20 chairman", "8:22 guys"])
    }

    func testLanguageAttributeAndArmor() {
        let document = Document.parse(path: "t.adoc", bytes: Array(":lang: de\n\nHallo.".utf8), format: .asciidoc)
        XCTAssertEqual(document.declaredLanguage, "de")
        let armor = "-----BEGIN PGP SIGNATURE-----\n\niQEzBAABCAAdFiEE\n-----END PGP SIGNATURE-----\n"
        XCTAssertEqual(adoc(armor), [])
    }

    func testRangesHoldOnOddInput() {
        let inputs = [
            "", "=", "= ", "==", "|===", "|===\n|", "|===\n2+|", "a|", "----", "[", "[]", ".", ". ", "::", "a::",
            "a:: ",
            "*", "* ", "`", "``", "+", "++", "{", "{a}", "<<", "<<a", "((", "(((", "link:", "link:x[", "https://[",
            "\\",
            "image::[", "image::x[a", "* [ ] ", "NOTE: x", "CPU:: ", "////\nx", ":a: \\", ":a: \\\n", "NOTE: ",
            "[source]\n", "\u{FEFF}= T\nA\n",
            (0..<200).map { _ in "====" + String(repeating: "=", count: 1) }.joined(separator: "\n"),
        ]
        for input in inputs {
            let document = Document.parse(path: "t.adoc", bytes: Array(input.utf8), format: .asciidoc)
            assertValidProse(document, input)
            XCTAssertNil(Invariants.prose(document), input)
        }
    }
}
