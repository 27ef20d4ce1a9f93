import Foundation
import XCTest

@testable import AllyCore
@testable import AllyJob
@testable import AllyReport
@testable import AllyTestSupport
@testable import AllyWorkspace

// Helpers shared by MarkdownProseTests and HTMLProseTests.

/// A small rule pack of its own, so these tests do not depend on the shipped rules.
let proseRulePack =
    "rules:\n"
    + rule("gender.guys", patterns: ["guys"], extra: "inflect: none")
    + rule("gender.chairman", patterns: ["chairman"])
    + rule("gender.man-hours", patterns: ["man hours"])
    + rule("tech-terms.whitelist", patterns: ["white~list"], extra: "inflect: [noun, verb]", category: "tech-terms")

func proseRules(file: StaticString = #filePath, line: UInt = #line) throws -> RuleSet {
    try makeRules(proseRulePack, file: file, line: line)
}

/// Findings as "line:column match" (column in Unicode scalars, as reporters print it).
func proseFindings(_ text: String, _ format: InputFormat, rules: RuleSet? = nil) throws -> [String] {
    try proseFindings(bytes: Array(text.utf8), format, rules: rules).map(\.where)
}

/// Findings with their byte ranges.
func proseFindings(bytes: [UInt8], _ format: InputFormat, rules: RuleSet? = nil) throws -> [(
    where: String, range: Range<Int>, rule: String
)] {
    let linter = try Linter(rules: rules ?? proseRules())
    let result = linter.lint(Document.parse(path: "t", bytes: bytes, format: format))
    let lines = LineIndex(bytes)
    return result.findings.map { f in
        let p = lines.position(f.range.lowerBound)
        return ("\(p.line):\(p.column) \(f.match)", f.range, f.ruleID)
    }
}

/// Each block as "kind: text", its runs joined as the linter joins them (line breaks read as spaces).
func proseBlocks(_ text: String, _ format: InputFormat) -> [String] {
    let bytes = Array(text.utf8)
    return proseBlocks(Document.parse(path: "t", bytes: bytes, format: format))
}

func proseBlocks(_ document: Document) -> [String] {
    var out: [String] = []
    var block = -1
    for run in document.prose {
        var piece = String(decoding: document.bytes[run.bytes], as: UTF8.self)
        piece = String(piece.map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" || $0 == "\t" ? " " : $0 })
        if run.block != block {
            block = run.block
            let tag: String
            switch document.blockKinds[block] {
            case .heading(let level): tag = "h\(level)"
            case .paragraph: tag = "p"
            case .listItem: tag = "li"
            case .tableCell: tag = "td"
            case .other: tag = "other"
            case .identifier: tag = "identifier"
            case .quotation: tag = "quotation"
            }
            out.append(tag + ": " + piece)
        } else {
            out[out.count - 1] += (run.spaceBefore ? " " : "") + piece
        }
    }
    return out
}

/// Checks what every extractor must guarantee: runs inside the file, on character boundaries, in
/// file order without overlap, blocks that exist; directives inside the file.
func assertValidProse(
    _ document: Document, _ context: @autoclosure () -> String, file: StaticString = #filePath, line: UInt = #line
) {
    let bytes = document.bytes
    var previous = 0
    for run in document.prose {
        let r = run.bytes
        let ok =
            r.lowerBound >= previous && r.lowerBound < r.upperBound && r.upperBound <= bytes.count
            && bytes[r.lowerBound] & 0xC0 != 0x80 && (r.upperBound == bytes.count || bytes[r.upperBound] & 0xC0 != 0x80)
            && document.blockKinds.indices.contains(run.block)
        if !ok {
            XCTFail("bad run \(r) (after \(previous)) in \(context())", file: file, line: line)
            return
        }
        previous = r.upperBound
    }
    for d in document.directives where d.bytes.upperBound > bytes.count || d.bytes.isEmpty {
        XCTFail("bad directive \(d) in \(context())", file: file, line: line)
    }
}

/// A fixture file's bytes.
func proseFixture(_ path: String) throws -> [UInt8] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    return Array(try Data(contentsOf: root.appendingPathComponent("Fixtures/" + path)))
}

final class MarkdownProseTests: XCTestCase {
    func md(_ text: String) throws -> [String] { try proseFindings(text, .markdown) }

    func testBlocksOfADocument() {
        let text = """
            # Title *here*

            Setext heading
            --------------

            A paragraph
            with a soft break and a hard\\
            break.

            - tight item
            - loose item

              second paragraph of the item

            > quoted
            > > nested quote

            | a | b |
            |---|---|
            | c | d |

            Text[^n].

            [^n]: The note.
            """
        XCTAssertEqual(
            proseBlocks(text, .markdown),
            [
                "h1: Title here",
                "h2: Setext heading",
                "p: A paragraph with a soft break and a hard break.",
                "li: tight item",
                "li: loose item",
                "p: second paragraph of the item",
                "p: quoted",
                "p: nested quote",
                "td: a", "td: b", "td: c", "td: d",
                "p: Text .",
                "p: The note.",
            ])
    }

    func testTableCellsHaveExactPositions() throws {
        let text = """
            | Team | Notes |
            |:-----|------:|
            |  guys | café guys \\| white**list** |
            | 日本語 guys | a &amp; b guys |
            | man | hours |
            """
        XCTAssertEqual(try md(text), ["3:4 guys", "3:16 guys", "3:24 white**list", "4:7 guys", "4:24 guys"])
        let found = try proseFindings(bytes: Array(text.utf8), .markdown)
        let bytes = Array(text.utf8)
        for f in found {
            XCTAssertTrue(["guys", "white**list"].contains(String(decoding: bytes[f.range], as: UTF8.self)), f.where)
        }
        // Neighbouring cells are separate blocks: no "man hours" across them.
        XCTAssertFalse(found.contains { $0.rule == "gender.man-hours" })
        XCTAssertEqual(try md("| man hours |\n|---|\n| x |"), ["1:3 man hours"])
    }

    func testNestedListsWithCodeBlocks() throws {
        let text = """
            - Setup for the guys:
              1. Run the script:

                 ```sh
                 ./whitelist --guys
                 ```

                 Then tell the chairman.
              2. Indented code:

                     guys = whitelist()

            - Last guys item
            """
        XCTAssertEqual(try md(text), ["1:17 guys", "8:20 chairman", "13:8 guys"])
        XCTAssertEqual(
            proseBlocks(text, .markdown),
            [
                "li: Setup for the guys:", "li: Run the script:", "p: Then tell the chairman.", "li: Indented code:",
                "li: Last guys item",
            ])
    }

    func testEmphasisInsideWordsJoins() throws {
        XCTAssertEqual(
            try md("the *chair*man and white**list** and white~~list~~ and __white__list"),
            ["1:6 chair*man", "1:20 white**list", "1:38 white~~list"])
        // (`__white__list`: `__` inside a word is not emphasis in CommonMark, so that is one word.)
        let found = try proseFindings(bytes: Array("the *chair*man".utf8), .markdown)
        XCTAssertEqual(found.map(\.range), [5..<14])
        // A soft hyphen entity inside a word joins it too.
        XCTAssertEqual(try md("a chair&shy;man"), ["1:3 chair&shy;man"])
    }

    func testYAMLFrontMatterIsSkippedButItsTitleAndSetsTheLanguage() throws {
        // The title is what a reader sees first (a posting's job title): it is read as a heading.
        let text = "---\ntitle: Hi guys\nlang: de-CH\n---\n\nHallo guys.\n"
        XCTAssertEqual(try md(text), ["2:11 guys", "6:7 guys"])
        let document = Document.parse(path: "t.md", bytes: Array(text.utf8), format: .markdown)
        XCTAssertEqual(document.declaredLanguage, "de")
        XCTAssertEqual(proseBlocks(document), ["h1: Hi guys", "p: Hallo guys."])
        XCTAssertEqual(try md("---\ntitle: \"Hey guys\"\ndescription: guys\n---\n"), ["2:13 guys"])
        // With a byte order mark, `...` as the end, and `language:`.
        let withBOM = "\u{FEFF}---\nlanguage: \"fr\"\n...\nSalut guys"
        XCTAssertEqual(
            Document.parse(path: "t.md", bytes: Array(withBOM.utf8), format: .markdown).declaredLanguage, "fr")
        XCTAssertEqual(try md(withBOM), ["4:7 guys"])
        // No language key: none declared.
        XCTAssertNil(
            Document.parse(path: "t.md", bytes: Array("---\ntitle: x\n---\ntext".utf8), format: .markdown)
                .declaredLanguage)
    }

    func testTOMLFrontMatter() throws {
        let bytes = try proseFixture("markdown/meetup-notes.md")
        let document = Document.parse(path: "meetup-notes.md", bytes: bytes, format: .markdown)
        XCTAssertEqual(document.declaredLanguage, "de")
        XCTAssertEqual(proseBlocks(document), ["p: Protokoll: Die Gäste 👋 trafen sich im Café. Guys, danke!"])
        XCTAssertEqual(try proseFindings(bytes: bytes, .markdown).map(\.where), ["6:45 Guys"])
    }

    func testThematicBreaksAtTheStartAreNotFrontMatter() throws {
        // Not key-like: a thematic break, a paragraph (setext heading here) that is prose.
        XCTAssertEqual(try md("---\nHello guys\n---\n"), ["2:7 guys"])
        // Unclosed: prose.
        XCTAssertEqual(try md("---\ntitle: guys\n\nText"), ["2:8 guys"])
        // Front matter only at the very start.
        XCTAssertEqual(try md("Intro\n\n---\ntitle: guys\n---\n"), ["4:8 guys"])
    }

    func testReferenceLinksAndDefinitions() throws {
        let text = """
            [guide]: https://example.com/guys "Guide for the guys"
            [other]:
              <https://example.com/whitelist>
              'whitelist title'
            Read the [guide for guys][guide] and [other], then the [guys].

            [guys]: /guys
            """
        // Text after definitions (cmark reports it on the definition's line) is still found exactly.
        XCTAssertEqual(try md(text), ["5:21 guys", "5:57 guys"])
        XCTAssertEqual(proseBlocks(text, .markdown), ["p: Read the guide for guys and other, then the guys."])
    }

    func testAutolinksAndBareURLsAreNotProse() throws {
        let text = """
            See <https://example.com/guys>, https://example.com/guys?q=whitelist, www.guys.example.com,
            <mailto:guys@example.com> and guys@example.com. [https://example.com](https://example.com/guys)
            but [the guys](https://example.com/) and ![a chairman](chairman.png "the chairman").
            """
        XCTAssertEqual(try md(text), ["3:10 guys", "3:46 chairman"])
    }

    func testCodeIsNotProse() throws {
        let text = """
            Use `guys` or ``white`list`` or `` `guys` ``; not a guys span.

            ```guys
            guys whitelist chairman
            ```

            ~~~
            guys
            ~~~

                indented guys

            <code>guys</code> and <kbd>guys</kbd> and <pre>guys</pre>, then guys.
            """
        XCTAssertEqual(try md(text), ["1:53 guys", "13:65 guys"])
    }

    func testHTMLBlocksInMarkdown() throws {
        let text = """
            <div class="note">
            Hello guys, white<b>list</b> <code>guys</code>
            <p>The chair&shy;man &amp; guys</p>
            </div>

            > <aside>
            > quoted guys
            > </aside>

            - item

              <p>guys in an item</p>

            <script>
            guys
            </script>
            <!-- guys in a comment -->

            A <span class="x">white</span>list, and <br>guys.
            """
        XCTAssertEqual(
            try md(text),
            [
                "2:7 guys", "2:13 white<b>list", "3:8 chair&shy;man", "3:28 guys", "7:10 guys", "12:6 guys",
                "19:19 white</span>list", "19:45 guys",
            ])
        XCTAssertEqual(
            proseBlocks(text, .markdown),
            [
                "p:  Hello guys, whitelist   ", "p: The chairman   guys", "p:  quoted guys ", "li: item",
                "p: guys in an item", "p: A whitelist, and  guys.",
            ])
    }

    func testDirectivesInComments() throws {
        let text = """
            <!-- ally-disable gender.guys, race-ethnicity -->
            Hi guys.
            <!-- ally-enable -->
            Hi guys, chairman. <!-- ally-disable-next-line -->
            Hi guys, chairman.
            <!--ally-disable-->

            Hi guys.

            <!-- ally-enable gender -->
            <!-- ally-ignore tech-terms --> whitelist
            """
        let document = Document.parse(path: "t.md", bytes: Array(text.utf8), format: .markdown)
        XCTAssertEqual(
            document.directives.map(\.kind), [.disable, .enable, .disableNextLine, .disable, .enable, .ignoreLine])
        XCTAssertEqual(
            document.directives.map(\.targets),
            [["gender.guys", "race-ethnicity"], [], [], [], ["gender"], ["tech-terms"]])
        let bytes = Array(text.utf8)
        for d in document.directives {
            let comment = String(decoding: bytes[d.bytes], as: UTF8.self)
            XCTAssertTrue(comment.hasPrefix("<!--") && comment.hasSuffix("-->"), comment)
        }
        XCTAssertEqual(try md(text), ["4:4 guys", "4:10 chairman"])
        // Without inline configuration every finding is back.
        var policy = Policy()
        policy.inlineConfig = false
        let all = try Linter(rules: proseRules()).lint(document, policy: policy).findings
        XCTAssertEqual(all.count, 7)
    }

    func testUnknownDirectiveIsANote() {
        let document = Document.parse(
            path: "t.md", bytes: Array("<!-- ally-disabel gender -->\ntext".utf8), format: .markdown)
        XCTAssertEqual(document.directives.count, 0)
        XCTAssertEqual(document.notes.map(\.bytes), [0..<28])
        XCTAssertTrue(document.notes.first?.message.contains("ally-disabel") == true)
    }

    func testMultibyteTextBeforeMatches() throws {
        let text = """
            # Café 😀 guys

            日本語のguys and é guys

            > 👩🏽‍💻 **quoted** guys
            > - ünïcödé guys

            | ☕ | 🎉🎉 guys |
            |----|----|
            """
        XCTAssertEqual(try md(text), ["1:10 guys", "3:5 guys", "3:16 guys", "5:19 guys", "6:13 guys", "8:10 guys"])
        let bytes = Array(text.utf8)
        for f in try proseFindings(bytes: bytes, .markdown) {
            XCTAssertEqual(String(decoding: bytes[f.range], as: UTF8.self), "guys", f.where)
        }
        // Byte offsets: "# Café 😀 " is 2 + 5 + 1 + 4 + 1 = 13 bytes.
        XCTAssertEqual(try proseFindings(bytes: bytes, .markdown).first?.range, 13..<17)
    }

    func testCRLFLineEndings() throws {
        let lf =
            "# Guys\n\nHi guys,\nthe chairman\nand  the man\nhours.\n\n> quoted\n> guys\n\n<div>\nguys\n</div>\n\n| a | guys |\n|---|---|\n"
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        let expected = [
            "1:3 Guys", "3:4 guys", "4:5 chairman", "5:10 man\nhours", "9:3 guys", "12:1 guys", "15:7 guys",
        ]
        XCTAssertEqual(try md(lf), expected)
        XCTAssertEqual(try md(crlf), expected.map { $0.replacingOccurrences(of: "\n", with: "\r\n") })
        // Every range ends before the carriage return of its line.
        let bytes = Array(crlf.utf8)
        for f in try proseFindings(bytes: bytes, .markdown) where f.rule == "gender.guys" {
            XCTAssertEqual(String(decoding: bytes[f.range], as: UTF8.self).lowercased(), "guys")
        }
        // A lone carriage return ends a line too.
        XCTAssertEqual(try md("one\rtwo guys"), ["1:9 guys"])
    }

    func testTextWhereCmarkPositionsAreApproximate() throws {
        let text = """
            > lazy
            continuation guys

            para
               indented continuation guys

            - item
            lazy item guys
            """
        XCTAssertEqual(try md(text), ["2:14 guys", "5:26 guys", "8:11 guys"])
    }

    func testTableInterruptingAParagraph() throws {
        // cmark-gfm reports such a paragraph at 0:0 and the header row on the paragraph's first line.
        let text = "Intro about guys\nsecond line\n| a | guys |\n|---|---|\n| x | chairman |\n\nAfter guys\n"
        XCTAssertEqual(
            proseBlocks(text, .markdown),
            ["p: Intro about guys second line", "td: a", "td: guys", "td: x", "td: chairman", "p: After guys"])
        XCTAssertEqual(try md(text), ["1:13 guys", "3:7 guys", "5:7 chairman", "7:7 guys"])
        let quoted = "> Intro guys\n> | a | guys |\n> |---|---|\n"
        XCTAssertEqual(try md(quoted), ["1:9 guys", "2:9 guys"])
    }

    func testEscapesAndEntities() throws {
        let text = "\\*not emphasis\\* guys &amp; guys&nbsp;here &copy; guys &#42;guys&#x2A; caf&eacute; guys \\\\guys"
        let bytes = Array(text.utf8)
        let found = try proseFindings(bytes: bytes, .markdown)
        XCTAssertEqual(
            found.map(\.where), ["1:18 guys", "1:29 guys", "1:51 guys", "1:61 guys", "1:84 guys", "1:91 guys"])
        for f in found { XCTAssertEqual(String(decoding: bytes[f.range], as: UTF8.self), "guys") }
        XCTAssertEqual(
            proseBlocks(text, .markdown), ["p: *not emphasis* guys   guys here   guys  guys  caf guys \\guys"])
        // An entity for a space or punctuation separates words (a phrase may span it). One for a
        // letter is left out of the word (ranges are bytes of the file, which do not spell the letter).
        XCTAssertEqual(try md("man&nbsp;hours"), ["1:1 man&nbsp;hours"])
        XCTAssertEqual(proseBlocks("white&#108;ist", .markdown), ["p: whiteist"])
    }

    func testFixtureDocument() throws {
        let bytes = try proseFixture("markdown/onboarding.md")
        let expected = [
            "7:24 guys gender.guys",
            "9:70 chairman gender.chairman",
            "16:37 white**list tech-terms.whitelist",
            "17:34 guys gender.guys",
            "30:24 chair*man gender.chairman",
            "32:40 whitelist tech-terms.whitelist",
            "33:12 guys gender.guys",
        ]
        XCTAssertEqual(try proseFindings(bytes: bytes, .markdown).map { "\($0.where) \($0.rule)" }, expected)
        // The same document with CRLF line endings: same lines and columns.
        var crlf: [UInt8] = []
        for b in bytes {
            if b == 0x0A { crlf.append(0x0D) }
            crlf.append(b)
        }
        XCTAssertEqual(try proseFindings(bytes: crlf, .markdown).map { "\($0.where) \($0.rule)" }, expected)
        assertValidProse(Document.parse(path: "onboarding.md", bytes: crlf, format: .markdown), "onboarding CRLF")
    }

    func testReleaseNotesFixture() throws {
        let bytes = try proseFixture("markdown/release-notes.md")
        let found = try proseFindings(bytes: bytes, .markdown).map { "\($0.where) \($0.rule)" }
        XCTAssertEqual(
            found,
            [
                "3:53 guys gender.guys",
                "5:35 white-list tech-terms.whitelist",
                "11:62 guys gender.guys",
                "12:40 chair&shy;man gender.chairman",
                "16:32 guys gender.guys",
                "28:29 guys gender.guys",
            ])
    }

    func testRandomDocumentsKeepRangesValid() {
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(seed >> 33)
        }
        let atoms = [
            "guys", "é", "😀", "日本", " ", " ", "\n", "\n", "\r\n", "\n\n", "\r", "> ", "- ", "  ", "    ", "1. ", "*",
            "**", "_",
            "`", "```", "~~", "[", "]", "(", ")", "<", ">", "&amp;", "&nbsp;", "&#x20;", "&bogus;", "&#0;", "\\", "\\*",
            "|",
            "| --- |", "#", "## ", "<div>", "</div>", "<!-- ally-disable -->", "<b>", "</b>", "<code>",
            "https://x.com/guys",
            "www.a.com", "[^1]", "[^1]: ", "[r]: /u", "![", "---", "+++", "\t", "!", "<script>", "</script>", "<p>",
            "&", "-->", "<!--",
        ]
        for round in 0..<1500 {
            var text = ""
            for _ in 0..<(next() % 50) { text += atoms[next() % atoms.count] }
            let document = Document.parse(path: "f.md", bytes: Array(text.utf8), format: .markdown)
            assertValidProse(document, "round \(round): \(text.debugDescription)")
        }
    }
}
