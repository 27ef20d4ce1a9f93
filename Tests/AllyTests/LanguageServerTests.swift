import Foundation
import XCTest

@testable import AllyCore
@testable import AllyLanguageServer

/// The pieces of `ally lsp` that can break quietly: framing, JSON, UTF-16 positions, edits.
final class LanguageServerFramingTests: XCTestCase {
    func frame(_ body: String) -> [UInt8] { FrameDecoder.frame(Array(body.utf8)) }

    func drain(_ d: inout FrameDecoder) -> [Frame] {
        var out: [Frame] = []
        while let f = d.next() { out.append(f) }
        return out
    }

    func testMessagesSplitAnywhereComeOutWhole() {
        let stream = frame(#"{"a":1}"#) + frame(#"{"b":"é😀"}"#) + frame("{}")
        // Every split point, including inside the header and inside a multi-byte character.
        for cut in 0...stream.count {
            var d = FrameDecoder()
            d.append(stream[..<cut])
            var frames = drain(&d)
            d.append(stream[cut...])
            frames += drain(&d)
            XCTAssertEqual(
                frames,
                [.message(Array(#"{"a":1}"#.utf8)), .message(Array(#"{"b":"é😀"}"#.utf8)), .message([0x7B, 0x7D])],
                "cut at \(cut)")
            XCTAssertEqual(d.pending, 0)
        }
    }

    func testContentLengthCountsBytesNotCharacters() {
        let body = #"{"t":"ä😀"}"#
        XCTAssertEqual(String(decoding: frame(body), as: UTF8.self).hasPrefix("Content-Length: 14\r\n\r\n"), true)
    }

    func testHeaderWithContentTypeAndOddCase() {
        var d = FrameDecoder()
        d.append(Array("content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}".utf8))
        XCTAssertEqual(drain(&d), [.message([0x7B, 0x7D])])
    }

    func testBrokenHeaderIsReportedAndTheNextMessageStillArrives() {
        var d = FrameDecoder()
        d.append(Array("Content-Lenght: 7\r\n\r\n{\"x\":1}".utf8) + frame(#"{"ok":true}"#))
        let frames = drain(&d)
        XCTAssertEqual(frames.count, 2)
        guard case .malformed(let why) = frames[0] else { return XCTFail("\(frames)") }
        XCTAssertTrue(why.contains("Content-Length"), why)
        XCTAssertEqual(frames[1], .message(Array(#"{"ok":true}"#.utf8)))
    }

    func testNonNumericLengthAndUnknownCharsetAreMalformed() {
        var d = FrameDecoder()
        d.append(Array("Content-Length: ten\r\n\r\n".utf8) + frame("{}"))
        var frames = drain(&d)
        XCTAssertEqual(frames.count, 2)
        XCTAssertEqual(frames.last, .message([0x7B, 0x7D]))
        d = FrameDecoder()
        d.append(Array("Content-Length: 2\r\nContent-Type: text/plain; charset=latin1\r\n\r\n{}".utf8) + frame("[]"))
        frames = drain(&d)
        guard case .malformed = frames.first else { return XCTFail("\(frames)") }
        XCTAssertEqual(frames.last, .message([0x5B, 0x5D]))
    }

    func testGarbageWithoutHeaderEndIsSkippedOnceItIsTooLong() {
        var d = FrameDecoder()
        d.append([UInt8](repeating: 0x41, count: 10000))
        guard case .malformed = d.next() else { return XCTFail("garbage accepted") }
        d.append(frame("{}"))
        XCTAssertEqual(drain(&d).last, .message([0x7B, 0x7D]))
    }

    func testOversizedMessageIsRefused() {
        var d = FrameDecoder()
        d.append(Array("Content-Length: \(FrameDecoder.maxLength + 1)\r\n\r\n".utf8))
        guard case .malformed(let why) = d.next() else { return XCTFail("accepted") }
        XCTAssertTrue(why.contains("limit"), why)
    }

    func testJSONRoundTripsEscapesSurrogatesAndNumbers() throws {
        let v = try JSON.parse(
            #"{"s":"a\"b\\c\n\u00e9\ud83d\ude00\/","i":-12,"d":1.5e-1,"f":0.25,"b":[true,false,null]}"#)
        XCTAssertEqual(v["s"]?.string, "a\"b\\c\né😀/")
        XCTAssertEqual(v["i"], .int(-12))
        XCTAssertEqual(v["d"], .double(0.15))
        XCTAssertEqual(try JSON.parse("2.5e2").int, 250)
        XCTAssertEqual(v["f"], .double(0.25))
        XCTAssertEqual(v["b"], [true, false, nil])
        XCTAssertEqual(try JSON.parse(v.text), v)
        XCTAssertEqual(JSON.string("tab\there\u{1}").text, #""tab\there\u0001""#)
        // A lone surrogate becomes U+FFFD rather than an invalid string.
        XCTAssertEqual(try JSON.parse(#""\ud800x""#).string, "\u{FFFD}x")
    }

    func testMalformedJSONIsAnErrorNotACrash() {
        for bad in [
            "", "{", #"{"a"}"#, "[1,]", "tru", #""\x""#, "01x", "{} {}", String(repeating: "[", count: 100_000),
        ] {
            XCTAssertThrowsError(try JSON.parse(bad), bad.prefix(20).description)
        }
    }
}

final class LanguageServerPositionTests: XCTestCase {
    func testUTF16ColumnsWithEmojiAndAccents() {
        // "é" is one UTF-16 unit (two UTF-8 bytes), "😀" two units (four bytes).
        let doc = TextDocument(text: "é😀 guys\nnext")
        let guys = Array(doc.bytes).firstIndex(of: 0x67)!
        XCTAssertEqual(guys, 7)
        XCTAssertEqual(doc.position(guys), Position(line: 0, character: 4))
        XCTAssertEqual(doc.offset(Position(line: 0, character: 4)), guys)
        XCTAssertEqual(doc.offset(Position(line: 0, character: 1)), 2)
        // Inside the surrogate pair: the emoji's start.
        XCTAssertEqual(doc.offset(Position(line: 0, character: 2)), 2)
        XCTAssertEqual(doc.position(4), Position(line: 0, character: 1))
        XCTAssertEqual(doc.offset(Position(line: 1, character: 2)), doc.bytes.count - 2)
    }

    func testDecomposedAccentsCountEachScalar() {
        // "e" + combining acute: two scalars, two UTF-16 units.
        let doc = TextDocument(text: "cafe\u{301} guys")
        XCTAssertEqual(doc.position(7), Position(line: 0, character: 6))
    }

    func testLineBreaksCRLFAndLoneCR() {
        let doc = TextDocument(text: "a\r\nbb\rccc\nd")
        XCTAssertEqual(doc.lineCount, 4)
        XCTAssertEqual(doc.lineStarts, [0, 3, 6, 10])
        XCTAssertEqual(doc.lineContent(0), 0..<1)
        XCTAssertEqual(doc.lineContent(1), 3..<5)
        XCTAssertEqual(doc.position(4), Position(line: 1, character: 1))
        // Between \r and \n is the end of the line.
        XCTAssertEqual(doc.position(2), Position(line: 0, character: 1))
        XCTAssertEqual(doc.offset(Position(line: 2, character: 3)), 9)
    }

    func testPositionsPastTheEndAreClamped() {
        let doc = TextDocument(text: "ab\r\ncd")
        XCTAssertEqual(doc.offset(Position(line: 0, character: 99)), 2)
        XCTAssertEqual(doc.offset(Position(line: 9, character: 0)), 6)
        XCTAssertEqual(doc.offset(Position(line: -1, character: 0)), 0)
        XCTAssertEqual(doc.position(99), Position(line: 1, character: 2))
    }

    func testCursorGivesTheSameAnswersAsFreshLookups() {
        let doc = TextDocument(text: String(repeating: "é😀a\r\n", count: 20) + "guys😀 guys")
        var cursor = PositionCursor()
        for offset in 0...doc.bytes.count {
            XCTAssertEqual(cursor.position(offset, in: doc), doc.position(offset), "offset \(offset)")
        }
    }

    func testIncrementalEditsMatchTheWholeText() {
        var doc = TextDocument(text: "Hey guys 😀\r\nsecond line\nthird")
        doc.apply(TextRange(start: Position(line: 0, character: 4), end: Position(line: 0, character: 8)), "team")
        XCTAssertEqual(doc.text, "Hey team 😀\r\nsecond line\nthird")
        // Delete across a CRLF, from after the emoji to inside line 1.
        doc.apply(TextRange(start: Position(line: 0, character: 11), end: Position(line: 1, character: 7)), " ")
        XCTAssertEqual(doc.text, "Hey team 😀 line\nthird")
        XCTAssertEqual(doc.lineCount, 2)
        // Insert line breaks; the line index follows.
        doc.apply(TextRange(start: Position(line: 1, character: 0), end: Position(line: 1, character: 0)), "é\r\n")
        XCTAssertEqual(doc.text, "Hey team 😀 line\né\r\nthird")
        XCTAssertEqual(doc.position(doc.bytes.count), Position(line: 2, character: 5))
        // A reversed range is read forwards; a change without a range replaces everything.
        doc.apply(TextRange(start: Position(line: 2, character: 5), end: Position(line: 2, character: 0)), "x")
        XCTAssertEqual(doc.text, "Hey team 😀 line\né\r\nx")
        doc.apply(nil, "new")
        XCTAssertEqual(doc.text, "new")
        XCTAssertEqual(doc.lineCount, 1)
    }

    func testInsertingLFAfterCRJoinsTheLineBreak() {
        var doc = TextDocument(text: "a\rb")
        XCTAssertEqual(doc.lineCount, 2)
        doc.apply(TextRange(start: Position(line: 1, character: 0), end: Position(line: 1, character: 0)), "\n")
        XCTAssertEqual(doc.text, "a\r\nb")
        XCTAssertEqual(doc.lineCount, 2)
    }

    func testRandomEditsAgreeWithStringSplicing() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "é", "😀", "\n", "\r\n", "\r", " ", "guys"]
        for _ in 0..<200 {
            var doc = TextDocument(text: (0..<12).map { _ in pieces.randomElement(using: &generator)! }.joined())
            for _ in 0..<5 {
                let a = Int.random(in: 0...doc.bytes.count, using: &generator)
                let b = Int.random(in: a...doc.bytes.count, using: &generator)
                let range = doc.range(a..<b)
                let lo = doc.offset(range.start)
                let hi = doc.offset(range.end)
                let insert = pieces.randomElement(using: &generator)!
                var expected = doc.bytes
                expected.replaceSubrange(lo..<hi, with: Array(insert.utf8))
                doc.apply(range, insert)
                XCTAssertEqual(doc.bytes, expected)
                XCTAssertEqual(doc.lineStarts, TextDocument(bytes: expected).lineStarts)
            }
        }
    }

    func testMinimalEditKeepsWholeCharacters() {
        let old = Array("a é b".utf8)
        let new = Array("a è b".utf8)
        let edit = Features.minimalEdit(from: old, to: new)!
        XCTAssertEqual(edit.range, 2..<4)
        XCTAssertEqual(edit.text, "è")
        XCTAssertNil(Features.minimalEdit(from: old, to: old))
    }
}

/// The "disable on this line" edits, checked by linting the edited text with the real rules.
final class LanguageServerDisableTests: XCTestCase {
    func disabled(_ text: String, _ format: InputFormat, path: String = "t") throws -> String? {
        let rules = try XCTUnwrap(sharedCatalog.ruleSet(language: "en"))
        let linter = try Linter(rules: rules)
        let doc = TextDocument(text: text)
        let findings = linter.lint(Document.parse(path: path, bytes: doc.bytes, format: format)).findings
        let guys = try XCTUnwrap(findings.first { $0.match.lowercased().contains("guys") }, "\(findings.map(\.ruleID))")
        guard let edit = Disable.edit(for: guys, in: doc, format: format, path: path) else { return nil }
        var bytes = doc.bytes
        bytes.replaceSubrange(edit.range, with: Array(edit.text.utf8))
        let after = linter.lint(Document.parse(path: path, bytes: bytes, format: format)).findings
        XCTAssertFalse(after.contains { $0.ruleID == guys.ruleID }, "still flagged after the edit")
        return String(decoding: bytes, as: UTF8.self)
    }

    func testMarkdownGetsACommentLineAbove() throws {
        XCTAssertEqual(
            try disabled("# Title\n\nHey guys, welcome.\n", .markdown),
            "# Title\n\n<!-- ally-disable-next-line gender.hey-guys -->\nHey guys, welcome.\n")
        XCTAssertEqual(
            try disabled("- one\n  - Hey guys\r\n", .markdown),
            "- one\n  <!-- ally-disable-next-line gender.hey-guys -->\r\n  - Hey guys\r\n")
    }

    func testMarkdownInsideAParagraphEndsTheLineAbove() throws {
        // A comment line of its own would split the paragraph in two.
        XCTAssertEqual(
            try disabled("Welcome to the team,  \nHey guys, welcome.\n", .markdown),
            "Welcome to the team, <!-- ally-disable-next-line gender.hey-guys -->  \nHey guys, welcome.\n")
    }

    func testHTMLPlainTextAndMarkupFormats() throws {
        XCTAssertEqual(
            try disabled("<p>\nHey guys\n</p>\n", .html),
            "<p>\n<!-- ally-disable-next-line gender.hey-guys -->\nHey guys\n</p>\n")
        XCTAssertEqual(try disabled("Hey guys, hi\nbye\n", .text), "Hey guys, hi ally-ignore: gender.hey-guys\nbye\n")
        XCTAssertEqual(
            try disabled("Title\n=====\n\nHey guys, hi.\n", .restructuredText),
            "Title\n=====\n\n.. ally-disable-next-line gender.hey-guys\nHey guys, hi.\n")
        XCTAssertEqual(
            try disabled("= Title\n\nHey guys, hi.\n", .asciidoc),
            "= Title\n\n// ally-disable-next-line gender.hey-guys\nHey guys, hi.\n")
    }

    func testSourceCommentsInTheirOwnSyntax() throws {
        XCTAssertEqual(
            try disabled("x = 1\n# Hey guys, this is slow\ny = 2\n", .source, path: "a.py"),
            "x = 1\n# Hey guys, this is slow ally-ignore: gender.hey-guys\ny = 2\n")
        XCTAssertEqual(
            try disabled("/* Hey guys, careful */\nint x;\n", .source, path: "a.c"),
            "/* Hey guys, careful ally-ignore: gender.hey-guys */\nint x;\n")
    }
}

/// The server in-process: its answers to broken and early messages, and version handling.
final class LanguageServerProtocolTests: XCTestCase {
    final class Client: @unchecked Sendable {
        private let lock = NSLock()
        private var received: [JSON] = []
        private var decoder = FrameDecoder()
        var server: LanguageServer!

        init() {
            server = LanguageServer(
                options: .init(rules: builtInRules, version: "test", workingDirectory: NSTemporaryDirectory()),
                send: { [unowned self] bytes in
                    self.lock.lock()
                    self.decoder.append(bytes)
                    while case .message(let body)? = self.decoder.next() {
                        self.received.append(try! JSON.parse(body))
                    }
                    self.lock.unlock()
                })
        }

        func send(_ message: JSON) { server.handle(.message(message.serialized())) }

        func raw(_ text: String) { server.handle(.message(Array(text.utf8))) }

        /// Messages received so far.
        var messages: [JSON] {
            lock.lock()
            defer { lock.unlock() }
            return received
        }

        /// Waits up to 20 s for a message that satisfies `match`.
        func wait(_ what: String, _ match: (JSON) -> Bool) throws -> JSON {
            let deadline = Date().addingTimeInterval(20)
            while Date() < deadline {
                if let m = messages.first(where: match) { return m }
                Thread.sleep(forTimeInterval: 0.005)
            }
            throw NSError(domain: "timeout waiting for \(what): \(messages.map(\.text))", code: 1)
        }

        func response(_ id: Int) throws -> JSON { try wait("response \(id)") { $0["id"] == .int(id) } }

        func initialize(_ options: JSON = [:]) throws {
            send(["jsonrpc": "2.0", "id": 0, "method": "initialize", "params": ["initializationOptions": options]])
            _ = try response(0)
            send(["jsonrpc": "2.0", "method": "initialized", "params": [:]])
        }
    }

    func testErrorsForBrokenAndEarlyMessages() throws {
        let c = Client()
        c.send(["jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": [:]])
        XCTAssertEqual(try c.response(1)["error"]?["code"], .int(ErrorCode.serverNotInitialized))
        try c.initialize()
        c.raw("{not json")
        let parse = try c.wait("parse error") { $0["error"]?["code"] == .int(ErrorCode.parseError) }
        XCTAssertEqual(parse["id"], .null)
        c.send(["jsonrpc": "2.0", "id": 2, "method": "no/such/method"])
        XCTAssertEqual(try c.response(2)["error"]?["code"], .int(ErrorCode.methodNotFound))
        c.send(["jsonrpc": "2.0", "id": 3])
        XCTAssertEqual(try c.response(3)["error"]?["code"], .int(ErrorCode.invalidRequest))
        c.send(["jsonrpc": "2.0", "id": 4, "method": "textDocument/hover", "params": ["textDocument": ["uri": "x"]]])
        XCTAssertEqual(try c.response(4)["error"]?["code"], .int(ErrorCode.invalidParams))
        c.server.handle(.malformed("bad header"))
        _ = try c.wait("log message") { $0["method"] == "window/logMessage" && $0["params"]?["type"] == 1 }
        c.send(["jsonrpc": "2.0", "id": 5, "method": "initialize", "params": [:]])
        XCTAssertEqual(try c.response(5)["error"]?["code"], .int(ErrorCode.invalidRequest))
        // Still serving.
        c.send(["jsonrpc": "2.0", "id": 6, "method": "shutdown"])
        XCTAssertEqual(try c.response(6)["result"], .null)
        c.send(["jsonrpc": "2.0", "method": "exit"])
        XCTAssertEqual(c.server.exitStatus, 0)
    }

    func testOnlyTheNewestVersionIsPublished() throws {
        let c = Client()
        try c.initialize(["debounceMilliseconds": 100])
        let uri = "untitled:notes"
        c.send([
            "jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": ["textDocument": ["uri": .string(uri), "languageId": "markdown", "version": 1, "text": "Hello"]],
        ])
        _ = try c.wait("first publish") { $0["params"]?["version"] == 1 }
        // Ten quick edits: each adds a word; only the last version may be published.
        for v in 2...11 {
            c.send([
                "jsonrpc": "2.0", "method": "textDocument/didChange",
                "params": [
                    "textDocument": ["uri": .string(uri), "version": .int(v)],
                    "contentChanges": [
                        [
                            "range": TextRange(
                                start: Position(line: 0, character: 99), end: Position(line: 0, character: 99)
                            )
                            .json,
                            "text": " guys",
                        ]
                    ],
                ],
            ])
        }
        let last = try c.wait("publish of version 11") { $0["params"]?["version"] == 11 }
        XCTAssertFalse(last["params"]?["diagnostics"]?.array?.isEmpty ?? true)
        Thread.sleep(forTimeInterval: 0.3)
        let versions = c.messages.compactMap {
            $0["method"] == "textDocument/publishDiagnostics" ? $0["params"]?["version"]?.int : nil
        }
        XCTAssertEqual(versions, [1, 11])
    }
}
