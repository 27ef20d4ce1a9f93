import AllyTestSupport
import Foundation
import XCTest

@testable import AllyCore
@testable import AllyWorkspace

/// What the reStructuredText extractor reads as prose, construct by construct (blocks as
/// "kind: text", see `proseBlocks`), and that findings land on the right line and column.
/// A block with runs of spaces squeezed to one (cut-out markup leaves its neighbours' spaces).
func squeezed(_ s: String) -> String {
    s.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
}

final class RestructuredTextProseTests: XCTestCase {
    func rst(_ text: String) -> [String] { proseBlocks(text, .restructuredText) }

    func testTitlesParagraphsAndTransitions() {
        let text = """
            ==============
             Release notes
            ==============

            Getting started
            ===============

            The installer asks
            two questions.

            ----------

            Upgrading
            ---------

            Nothing to do.
            """
        XCTAssertEqual(
            rst(text),
            [
                "h1: Release notes", "h2: Getting started", "p: The installer asks two questions.", "h3: Upgrading",
                "p: Nothing to do.",
            ])
    }

    func testLiteralBlocksAfterDoubleColon() {
        let text = """
            Run the whitelist tool::

                whitelist --guys
                chairman = true

            Expanded form:

            ::

                guys()

            Quoted form::

            > guys here
            > chairman

            Back to the guys.
            """
        XCTAssertEqual(
            rst(text),
            [
                "p: Run the whitelist tool", "p: Expanded form:", "p: Quoted form",
                "p: Back to the guys.",
            ])
    }

    func testCodeDirectivesAndOptionsAreNotProse() {
        let text = """
            .. code-block:: python
               :linenos:
               :caption: the guys

               chairman = 1

            .. literalinclude:: guys.py
               :language: python

            .. math::

               guys^2

            .. raw:: html

               <b>guys</b>

            .. highlight:: guys

            .. only:: html

               Shown to the guys.

            .. image:: guys.png
               :alt: the chairman
            """
        XCTAssertEqual(rst(text), ["p: Shown to the guys."])
    }

    func testAdmonitionsAndTitledDirectives() {
        let text = """
            .. note:: The guys
               agree.

               Second paragraph.

            .. warning::
               :class: big

               Ask the chairman.

            .. admonition:: A title for the guys

               Body text.

            .. versionchanged:: 2.1
               The chairman role was renamed.

            .. deprecated:: 3.0 Use the chair instead.

            .. figure:: diagram.png
               :width: 200

               A caption for the guys.
            """
        XCTAssertEqual(
            rst(text),
            [
                "p: The guys agree.", "p: Second paragraph.", "p: Ask the chairman.", "other: A title for the guys",
                "p: Body text.", "p: The chairman role was renamed.", "p: Use the chair instead.",
                "p: A caption for the guys.",
            ])
    }

    func testCommentsTargetsSubstitutionsAndFootnotes() {
        let text = """
            .. This comment mentions the guys
               over two lines.

            .. _guys-target: https://example.com/guys

            .. |chairman| replace:: the chairman

            .. [#guys] A footnote about the chairman.

            .. [CIT2002] A citation.

            __ https://example.com/anonymous

            ..

               A block quote after an empty comment.
            """
        XCTAssertEqual(
            rst(text),
            [
                "p: A footnote about the chairman.", "p: A citation.", "p: A block quote after an empty comment.",
            ])
    }

    func testInlineMarkup() throws {
        let text = """
            Ask *the* **chairman** about ``guys()`` and :ref:`the guys <guys>` or :func:`guys`
            and `the guys`_ or `Guys site <https://example.com/guys>`_ and |guys| plus [#]_ and
            `guys`:py:func: and `default role` then https://example.com/guys too, chairman_ and `chair`.
            """
        // Emphasis keeps its words; literals, roles, link targets, substitutions, footnote references,
        // interpreted text and URLs are gone (spaces squeezed for reading).
        XCTAssertEqual(
            rst(text).map(squeezed),
            [
                "p: Ask the chairman about and or and the guys or Guys site and plus and and then too, chairman and ."
            ])
        XCTAssertEqual(
            try proseFindings(text, .restructuredText),
            [
                "1:13 chairman", "2:10 guys", "2:21 Guys",
                "3:71 chairman",
            ])
    }

    func testEmphasisJoinsLikeMarkdown() throws {
        XCTAssertEqual(
            try proseFindings("The *man* hours and white\\ **list**.", .restructuredText),
            ["1:6 man* hours", "1:21 white\\ **list"])
        // Not markup: a star inside a word, or followed by a space.
        XCTAssertEqual(rst("2 * 3 * 4 and a*b*c"), ["p: 2 * 3 * 4 and a*b*c"])
    }

    func testListsOfEveryKind() {
        let text = """
            - First guys item
              continues here.

              Second paragraph of it.
            * Star item

            1. Numbered chairman
            #. Auto-numbered
            (a) Lettered
            iv) Roman

            Term for the guys
               Its definition.

            term : classifier
               Definition two.

            :Author: The chairman
            :param guys: Who to greet.
            :returns: nothing

            -v, --verbose  Tell the guys more.
            --output FILE
                Where the chairman writes.
            """
        XCTAssertEqual(
            rst(text),
            [
                "li: First guys item continues here.", "p: Second paragraph of it.", "li: Star item",
                "li: Numbered chairman", "li: Auto-numbered", "li: Lettered", "li: Roman",
                "li: Term for the guys", "p: Its definition.", "li: term : classifier", "p: Definition two.",
                "p: The chairman", "p: Who to greet.", "p: nothing",
                "p: Tell the guys more.", "p: Where the chairman writes.",
            ])
    }

    func testFieldsAndDoctestsEndAParagraph() throws {
        let text = """
            Greet the guys.
            :param chairman: Who opens.
            >>> greet(chairman)
            'the guys'

            Set the tag``chairman=1`` first.
            """
        XCTAssertEqual(rst(text).map(squeezed), ["p: Greet the guys.", "p: Who opens.", "p: Set the tag first."])
        XCTAssertEqual(try proseFindings(text, .restructuredText), ["1:11 guys"])
    }

    func testEnumeratorFollowedByTextIsAParagraph() {
        XCTAssertEqual(rst("A. Smith met the guys\nat the station."), ["p: A. Smith met the guys at the station."])
        XCTAssertEqual(rst("1. Introduction\n===============\n\nText."), ["h1: 1. Introduction", "p: Text."])
    }

    func testBlockQuotesDoctestsAndLineBlocks() {
        let text = """
            Paragraph.

                A quoted chairman.

                -- Attribution Guys

            >>> guys = 1
            >>> chairman()
            2

            | The first line,
            | the second line
              continued.
            """
        XCTAssertEqual(
            rst(text),
            [
                "p: Paragraph.", "quotation: A quoted chairman.", "quotation: -- Attribution Guys",
                "p: The first line, the second line continued.",
            ])
    }

    func testGridTableCells() throws {
        let text = """
            +------------+--------------------+
            | Header one | The guys           |
            +============+====================+
            | chairman   | A cell that        |
            |            | wraps two lines    |
            +------------+--------------------+
            | Spanning cell for the guys      |
            +---------------------------------+
            """
        // A cell's lines are one block even though the lines of its neighbours come between them.
        XCTAssertEqual(
            rst(text),
            [
                "td: Header one", "td: The guys", "td: chairman", "td: A cell that wraps two lines",
                "td: Spanning cell for the guys",
            ])
        XCTAssertEqual(try proseFindings(text, .restructuredText), ["2:20 guys", "4:3 chairman", "7:25 guys"])
    }

    func testSimpleTableCells() throws {
        let text = """
            =====  ===============
            Name   Role
            =====  ===============
            Ann    The chairman of
                   the board
            Bo     Guys wrangler
            =====  ===============

            After the table.
            """
        XCTAssertEqual(
            rst(text),
            [
                "td: Name", "td: Role", "td: Ann", "td: The chairman of the board", "td: Bo", "td: Guys wrangler",
                "p: After the table.",
            ])
        XCTAssertEqual(try proseFindings(text, .restructuredText), ["4:12 chairman", "6:8 Guys"])
    }

    func testDirectivesInComments() throws {
        let text = """
            .. ally-disable-next-line gender.guys

            Hello guys and chairman.

            Hello guys. .. ally-ignore is not a comment here

            .. ally-disable gender.chairman

            The chairman, again.
            """
        let document = Document.parse(path: "t.rst", bytes: Array(text.utf8), format: .restructuredText)
        XCTAssertEqual(document.directives.map(\.kind), [.disableNextLine, .disable])
        XCTAssertEqual(document.directives.map(\.targets), [["gender.guys"], ["gender.chairman"]])
        // disable-next-line covers the line after the comment, which is blank here: nothing silenced on line 3.
        XCTAssertEqual(try proseFindings(text, .restructuredText), ["3:7 guys", "3:16 chairman", "5:7 guys"])
        XCTAssertEqual(try proseFindings(".. ally-disable-next-line gender.guys\nHello guys.", .restructuredText), [])
    }

    func testPositionsWithCRLFAndMultibyteText() throws {
        let text = "Café title\r\n==========\r\n\r\nThe naïve guys\r\nand the chairman.\r\n"
        XCTAssertEqual(rst(text), ["h1: Café title", "p: The naïve guys and the chairman."])
        XCTAssertEqual(try proseFindings(text, .restructuredText), ["4:11 guys", "5:9 chairman"])
    }

    func testRangesHoldOnOddInput() {
        let inputs = [
            "", "::", "..", ".. ", "+", "+-", "+--+\n|", "| ", "===\n", "=== ===\nx", "=", "-", "* ", "1.", ":a:", "`",
            "``",
            "`a <b>`_", ":r:`", "|a|", "[#]_", "\\", "x\n===\ny\n---\n", "+---+---+\n| a |\n+---+\n| b | c |\n",
            "  indented\n    more\n      deeper\n", String(repeating: " ", count: 200) + "deep",
            (0..<300).map { String(repeating: " ", count: $0) + "- x" }.joined(separator: "\n"),
        ]
        for input in inputs {
            let document = Document.parse(path: "t.rst", bytes: Array(input.utf8), format: .restructuredText)
            assertValidProse(document, input)
            XCTAssertNil(Invariants.prose(document), input)
        }
    }
}
