import Foundation
import XCTest

@testable import AllyCore
@testable import AllyJob
@testable import AllyReport
@testable import AllyTestSupport
@testable import AllyWorkspace

/// HTML extraction (helpers in MarkdownProseTests.swift).
final class HTMLProseTests: XCTestCase {
    func html(_ text: String) throws -> [String] { try proseFindings(text, .html) }

    func testBlockAndInlineElements() {
        let text = """
            <h1>Title</h1><h3>Sub</h3><p>One <b>bold</b> white<i>list</i> <span>span</span></p>
            <ul><li>a</li><li><p>b</p><p>c</p></li></ul>
            <table><tr><th>h</th><td>d</td></tr></table>
            <div>div text<p>inner</p>tail</div><dl><dt>term</dt><dd>def</dd></dl>
            <p>line<br>break</p>
            """
        XCTAssertEqual(
            proseBlocks(text, .html),
            [
                "h1: Title", "h3: Sub", "p: One bold whitelist span", "li: a", "li: b", "p: c", "td: h", "td: d",
                "p: div text", "p: inner", "p: tail", "p: term", "p: def", "p: line break",
            ])
    }

    func testPhrasesDoNotCrossBlocks() throws {
        XCTAssertEqual(try html("<p>man</p><p>hours</p><td>man</td><td>hours</td><li>man<li>hours"), [])
        XCTAssertEqual(try html("<p>man<br>hours</p>"), ["1:4 man<br>hours"])
        XCTAssertEqual(try html("<p>man <em>hours</em></p>"), ["1:4 man <em>hours"])
        XCTAssertEqual(try html("<p>chair<b>man</b></p>"), ["1:4 chair<b>man"])
    }

    func testNotProseElements() throws {
        let text = """
            <script>var guys = "<p>guys</p>"; // chairman</script><style>.guys{}</style>
            <pre>the guys</pre><p>the guys</p>
            <p><code>guys</code> <kbd>guys</kbd> <samp>guys</samp> <textarea>guys</textarea></p>
            <template><p>guys</p></template><svg><text>guys</text></svg><math><mi>guys</mi></math>
            <noscript>Enable scripts, guys.</noscript>
            """
        XCTAssertEqual(try html(text), ["2:27 guys", "5:27 guys"])
    }

    func testEntitiesAndPositions() throws {
        let text = "<p>caf&eacute; guys &amp; guys&nbsp;guys &#169; guys &unknown; guys &#x1F600;guys</p>"
        let bytes = Array(text.utf8)
        let found = try proseFindings(bytes: bytes, .html)
        XCTAssertEqual(
            found.map(\.where), ["1:16 guys", "1:27 guys", "1:37 guys", "1:49 guys", "1:64 guys", "1:78 guys"])
        for f in found { XCTAssertEqual(String(decoding: bytes[f.range], as: UTF8.self), "guys", f.where) }
        XCTAssertEqual(proseBlocks(text, .html), ["p: caf guys   guys guys   guys &unknown; guys  guys"])
        XCTAssertEqual(try html("<p>man&nbsp;hours</p>"), ["1:4 man&nbsp;hours"])
    }

    func testDirectivesInComments() throws {
        let text = """
            <!-- ally-disable gender.guys -->
            <p>Hi guys, chairman.</p>
            <!--ally-enable-->
            <!-- ally-disable-next-line -->
            <p>Hi guys.</p>
            <p>Hi guys.</p> <!-- ally-ignore gender -->
            <p>Hi guys <!-- ally-disable --> chairman</p>
            """
        let document = Document.parse(path: "t.html", bytes: Array(text.utf8), format: .html)
        XCTAssertEqual(document.directives.map(\.kind), [.disable, .enable, .disableNextLine, .ignoreLine, .disable])
        XCTAssertEqual(document.directives.map(\.targets), [["gender.guys"], [], [], ["gender"], []])
        XCTAssertEqual(document.directives.first?.bytes, 0..<33)
        XCTAssertEqual(try html(text), ["2:13 chairman", "7:7 guys"])
    }

    func testBrokenHTMLNeverCrashes() throws {
        let inputs = [
            "", "<", "<<<>>>", "<p", "<p>guys", "</p>guys", "<!--", "<!-- guys", "<!---->guys", "<!-->guys",
            "<![CDATA[guys]]>",
            "<?xml guys?>", "<a href=\"x>guys", "<a href='>'>guys</a>", "<script>guys", "<style>", "<div <p>guys",
            "a < b guys",
            "&", "&#;", "&#xFFFFFFFF; guys", "&#0;guys", "<p>\u{0}</p>", "<table><td>guys<tr>x",
            "<html><html><body><body>guys",
            String(repeating: "<div>", count: 5000) + "deep guys", String(repeating: "<b>", count: 3000) + "guys",
            "<p>" + String(repeating: "&amp;", count: 2000) + "guys", "\u{FEFF}<p>bom guys</p>",
            "<p>guys</p></html>after guys",
            "<meta charset=\"iso-8859-1\"><p>Zürich guys</p>",
        ]
        let rules = try proseRules()
        for input in inputs {
            let document = Document.parse(path: "t.html", bytes: Array(input.utf8), format: .html)
            assertValidProse(document, input.prefix(80).debugDescription)
            _ = try Linter(rules: rules).lint(document)
        }
        XCTAssertEqual(try html("<p>guys"), ["1:4 guys"])
        XCTAssertEqual(try html("a < b guys"), ["1:7 guys"])
        XCTAssertEqual(try html("<!-- guys"), [])
        // Deeper than libxml2's default limit of 256.
        XCTAssertEqual(try html(String(repeating: "<div>", count: 5000) + "deep guys"), ["1:25006 guys"])
        XCTAssertEqual(try html("<p>guys</p></html>after guys"), ["1:4 guys", "1:25 guys"])
        // A declared charset does not change how the bytes are read.
        XCTAssertEqual(try html("<meta charset=\"iso-8859-1\"><p>Zürich guys</p>"), ["1:38 guys"])
    }

    func testMultibyteTextAndCRLF() throws {
        let lf = "<h2>Café 😀 guys</h2>\n<p>日本語のguys\nand é\nguys</p>\n<table><tr><td>👩🏽‍💻 guys</td></tr></table>\n"
        let expected = ["1:12 guys", "2:8 guys", "4:1 guys", "5:21 guys"]
        XCTAssertEqual(try html(lf), expected)
        XCTAssertEqual(try html(lf.replacingOccurrences(of: "\n", with: "\r\n")), expected)
        let bytes = Array(lf.utf8)
        // "<h2>Café 😀 " is 4 + 5 + 1 + 4 + 1 = 15 bytes.
        XCTAssertEqual(try proseFindings(bytes: bytes, .html).first?.range, 15..<19)
    }

    func testLanguageAttribute() {
        XCTAssertEqual(
            Document.parse(path: "t.html", bytes: Array("<html lang=\"de-AT\"><p>x</p></html>".utf8), format: .html)
                .declaredLanguage, "de")
        XCTAssertNil(
            Document.parse(path: "t.html", bytes: Array("<html><p>x</p></html>".utf8), format: .html).declaredLanguage)
        XCTAssertNil(
            Document.parse(path: "t.html", bytes: Array("<p lang=\"fr\">x</p>".utf8), format: .html).declaredLanguage)
    }

    func testURLsInTextAreNotProse() throws {
        let text =
            "<p>Visit https://example.com/guys, www.guys.example.com or mailto:guys@example.org; thanks guys.</p>"
        XCTAssertEqual(try html(text), ["1:92 guys"])
        XCTAssertEqual(
            try html("<p><a href=\"https://x.org/guys\">https://x.org/guys</a> and <a href=\"/\">the guys</a></p>"),
            ["1:76 guys"])
    }

    func testFixturePage() throws {
        let bytes = try proseFixture("html/careers.html")
        let document = Document.parse(path: "careers.html", bytes: bytes, format: .html)
        assertValidProse(document, "careers.html")
        XCTAssertEqual(document.declaredLanguage, "en")
        XCTAssertEqual(
            try proseFindings(bytes: bytes, .html).map { "\($0.where) \($0.rule)" },
            [
                "5:46 guys gender.guys",
                "18:40 guys gender.guys",
                "19:42 chair<b>man gender.chairman",
                "22:24 white<em>list tech-terms.whitelist",
                "23:28 guys gender.guys",
                "28:22 guys gender.guys",
                "41:41 guys gender.guys",
            ])
        let blocks = proseBlocks(document)
        XCTAssertTrue(blocks.contains("li: Pair with the guys on call"), "\(blocks)")
        XCTAssertTrue(blocks.contains("p: Second paragraph of this item."), "\(blocks)")
        XCTAssertTrue(blocks.contains("other: Careers at Lantern   join the guys"), "\(blocks)")
    }

    func testRandomHTMLKeepsRangesValid() {
        var seed: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(seed >> 33)
        }
        let atoms = [
            "guys", "é", "😀", "日本", " ", "\n", "\r\n", "<p>", "</p>", "<div>", "</div>", "<b>", "</b>", "<li>", "<td>",
            "<br>",
            "<code>", "</code>", "<script>", "</script>", "<style>", "<!--", "-->", "<!-- ally-disable -->", "&amp;",
            "&nbsp;",
            "&#233;", "&bogus;", "&", "<", ">", "\"", "'", "=", "<a href=\"", "<img alt='", "/>", "<!DOCTYPE html>",
            "<?", "]]>",
            "<![CDATA[", "<pre>", "</pre>", "<table>", "<tr>", "<svg>", "https://x.org/guys", "\t", "</", "<h2>",
        ]
        for round in 0..<1500 {
            var text = ""
            for _ in 0..<(next() % 40) { text += atoms[next() % atoms.count] }
            let document = Document.parse(path: "f.html", bytes: Array(text.utf8), format: .html)
            assertValidProse(document, "round \(round): \(text.debugDescription)")
        }
    }
}
