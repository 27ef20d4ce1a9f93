import CLibXML2
import Foundation

/// Prose of an HTML document: the text content of the DOM libxml2 builds, located in the original
/// bytes. Block-level elements start blocks, inline ones do not (`white<b>list</b>` is one word);
/// code, scripts, styles, templates, SVG and MathML are not prose; comments may hold directives.
enum HTMLProse {
    static func extract(_ document: inout Document) {
        let scan = HTMLScanner.scan(document.bytes)
        var block = -1
        for event in scan.events {
            switch event {
            case .block(let kind):
                block = document.newBlock(kind)
            case .run(let range, let spaceBefore):
                if block < 0 { block = document.newBlock(.paragraph) }
                document.prose.append(ProseRange(bytes: range, block: block, spaceBefore: spaceBefore))
            case .directive(let directive):
                document.directives.append(directive)
            case .note(let range, let message):
                document.notes.append((bytes: range, message: message))
            }
        }
        if document.declaredLanguage == nil, let language = scan.language { document.declaredLanguage = language }
    }
}

/// Parses HTML with libxml2 and reports, in document order, where blocks start, the byte ranges of
/// their text, and directives in comments. Byte ranges are offsets into the scanned bytes.
struct HTMLScanner {
    enum Event {
        case block(BlockKind)
        case run(Range<Int>, spaceBefore: Bool)
        case directive(Directive)
        case note(Range<Int>, String)
    }

    /// Elements whose content is not prose. Their text is still located (so the cursor passes it).
    static let notProse: Set<String> = [
        "script", "style", "code", "pre", "template", "svg", "math", "kbd", "samp", "textarea",
    ]
    /// Elements whose content libxml2 reads as raw text (never located: the lexer treats it as markup).
    static let rawText: Set<String> = ["script", "style"]
    /// Inline elements that separate the words around them.
    static let separators: Set<String> = [
        "br", "img", "input", "select", "button", "iframe", "object", "video", "audio", "meter", "progress",
    ]

    /// The kind of block an element starts, or nil for inline elements.
    static func blockKind(_ name: String) -> BlockKind? {
        switch name {
        case "p": return .paragraph
        case "h1", "h2", "h3", "h4", "h5", "h6": return .heading(level: Int(name.utf8.last! - 0x30))
        case "li": return .listItem
        case "td", "th": return .tableCell
        case "title", "summary", "legend", "option", "optgroup": return .other
        case "html", "body", "head", "div", "section", "article", "aside", "header", "footer", "main", "nav",
            "blockquote", "figure", "figcaption", "caption", "dl", "dt", "dd", "ul", "ol", "menu", "dir",
            "table", "thead", "tbody", "tfoot", "tr", "colgroup", "form", "fieldset", "details", "dialog",
            "address", "center", "hgroup", "hr", "search", "noscript", "frameset", "frame", "marquee":
            return .paragraph
        default: return nil
        }
    }

    private static let setUp: Void = { xmlInitParser() }()

    let bytes: [UInt8]
    var events: [Event] = []
    var language: String?
    /// Byte ranges the lexer reads as markup (tags, comments, doctypes, script and style contents).
    private var markup: [Range<Int>] = []
    private var comments: [(whole: Range<Int>, content: Range<Int>)] = []
    private var cursor = 0
    private var markupIndex = 0
    private var commentIndex = 0

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    static func scan(_ bytes: [UInt8]) -> (events: [Event], language: String?) {
        guard !bytes.isEmpty, bytes.count < Int(Int32.max) else { return ([], nil) }
        _ = setUp
        var scanner = HTMLScanner(bytes)
        scanner.lex()
        // XML_PARSE_HUGE lifts libxml2's nesting limit (256), past which it drops content; its
        // parser and xmlFreeDoc do not recurse, so deep nesting is safe.
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_NONET.rawValue | HTML_PARSE_NODEFDTD.rawValue | XML_PARSE_HUGE.rawValue)
        let parsed: htmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                htmlReadMemory($0, Int32(buffer.count), nil, "UTF-8", options)
            }
        }
        guard let doc = parsed else { return ([], nil) }
        defer { xmlFreeDoc(doc) }
        scanner.walk(doc.pointee.children)
        return (scanner.events, scanner.language)
    }

    // MARK: Lexing (only to know where text may start; structure comes from libxml2)

    private mutating func lex() {
        let n = bytes.count
        var i = 0
        while i < n {
            guard bytes[i] == 0x3C, i + 1 < n else {
                i += 1
                continue
            }  // <
            let next = bytes[i + 1]
            if next == 0x21, i + 3 < n, bytes[i + 2] == 0x2D, bytes[i + 3] == 0x2D {  // <!--
                let k = i + 4
                var end = n
                var contentEnd = n
                if k < n, bytes[k] == 0x3E {
                    end = k + 1
                    contentEnd = k
                } else if k + 1 < n, bytes[k] == 0x2D, bytes[k + 1] == 0x3E {
                    end = k + 2
                    contentEnd = k
                } else {
                    var j = k
                    while j + 2 < n {
                        if bytes[j] == 0x2D, bytes[j + 1] == 0x2D, bytes[j + 2] == 0x3E {
                            contentEnd = j
                            end = j + 3
                            break
                        }
                        j += 1
                    }
                }
                markup.append(i..<end)
                comments.append((i..<end, k..<max(k, contentEnd)))
                i = end
            } else if next == 0x21 || next == 0x3F || (next == 0x2F && i + 2 < n && isAlpha(bytes[i + 2])) {
                // <! <? </x
                let end = (bytes[(i + 2)...].firstIndex(of: 0x3E) ?? (n - 1)) + 1
                markup.append(i..<end)
                i = end
            } else if isAlpha(next) {
                var j = i + 1
                while j < n,
                    isAlpha(bytes[j]) || (bytes[j] >= 0x30 && bytes[j] <= 0x39) || bytes[j] == 0x2D || bytes[j] == 0x3A
                { j += 1 }
                let name = String(decoding: bytes[(i + 1)..<j], as: UTF8.self).lowercased()
                var end = n
                var selfClosing = false
                var afterEquals = false
                while j < n {
                    let b = bytes[j]
                    if b == 0x3E {
                        end = j + 1
                        selfClosing = j > i && bytes[j - 1] == 0x2F
                        break
                    }
                    if afterEquals, b == 0x22 || b == 0x27 {
                        j = (bytes[(j + 1)...].firstIndex(of: b) ?? (n - 1)) + 1
                        afterEquals = false
                        continue
                    }
                    if b == 0x3D { afterEquals = true } else if !isSpace(b) { afterEquals = false }
                    j += 1
                }
                var stop = end
                if HTMLScanner.rawText.contains(name), !selfClosing, end < n {
                    // Raw text runs to `</name`.
                    let close = Array("</\(name)".utf8)
                    var k = end
                    stop = n
                    while k + close.count <= n {
                        if bytes[k] == 0x3C, bytes[k + 1] == 0x2F,
                            zip(bytes[k..<(k + close.count)], close).allSatisfy({ lower($0) == $1 })
                        {
                            stop = k
                            break
                        }
                        k += 1
                    }
                }
                markup.append(i..<stop)
                i = stop
            } else {
                i += 1
            }
        }
    }

    private func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    private func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == 0x0C }
    private func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

    // MARK: Locating DOM text in the source

    /// Finds `text` in the source at or after the cursor, starting outside markup, and moves the cursor past it.
    private mutating func locate(_ text: [UInt8]) -> SourceMatch? {
        guard let first = text.first else { return nil }
        while markupIndex < markup.count, markup[markupIndex].upperBound <= cursor { markupIndex += 1 }
        var p = cursor
        var m = markupIndex
        var budget = (1 << 16) + text.count
        while p < bytes.count, budget > 0 {
            while m < markup.count, markup[m].upperBound <= p { m += 1 }
            if m < markup.count, markup[m].lowerBound <= p {
                p = markup[m].upperBound
                continue
            }
            let b = bytes[p]
            if b == first || b == 0x26 || (b == 0x0D && first == 0x0A) {
                let found = SourceText.match(text, bytes, at: p, limit: bytes.count, markdown: false)
                if found.complete {
                    cursor = found.end
                    return found
                }
            }
            p += 1
            budget -= 1
        }
        return nil
    }

    /// The next comment at or after the cursor, preferring one whose content is `content`.
    private mutating func locateComment(_ content: [UInt8]) -> (whole: Range<Int>, content: Range<Int>)? {
        while commentIndex < comments.count, comments[commentIndex].whole.lowerBound < cursor { commentIndex += 1 }
        guard commentIndex < comments.count else { return nil }
        var chosen = commentIndex
        for k in commentIndex..<min(comments.count, commentIndex + 8)
        where bytes[comments[k].content].elementsEqual(content) {
            chosen = k
            break
        }
        commentIndex = chosen + 1
        cursor = comments[chosen].whole.upperBound
        return comments[chosen]
    }

    // MARK: Walking the DOM

    private struct Frame {
        var name: String
        var kind: BlockKind
        var produced = false
    }

    private mutating func walk(_ start: xmlNodePtr?) {
        var stack: [Frame] = []
        var skipDepth = 0
        var needBlock = true
        var pendingSpace = false
        // Elements entered (to leave them in order), with what entering them did.
        var entered: [(node: xmlNodePtr, block: Bool, skip: Bool)] = []

        func leave(_ e: (node: xmlNodePtr, block: Bool, skip: Bool)) {
            if e.skip {
                skipDepth -= 1
                pendingSpace = true
            }
            if e.block {
                stack.removeLast()
                needBlock = true
            }
        }

        var node = start
        while let n = node {
            var descend = false
            switch n.pointee.type {
            case XML_ELEMENT_NODE:
                let name = n.pointee.name.map { String(cString: $0).lowercased() } ?? ""
                if name == "html", language == nil, let lang = attribute(n, "lang") ?? attribute(n, "xml:lang") {
                    language = SourceText.languageCode(lang)
                }
                let skip = HTMLScanner.notProse.contains(name)
                if skip {
                    skipDepth += 1
                    pendingSpace = true
                }
                var isBlock = false
                if let kind = HTMLScanner.blockKind(name) {
                    stack.append(Frame(name: name, kind: kind))
                    needBlock = true
                    isBlock = true
                } else if HTMLScanner.separators.contains(name) {
                    pendingSpace = true
                }
                if n.pointee.children != nil, !HTMLScanner.rawText.contains(name) {
                    entered.append((n, isBlock, skip))
                    descend = true
                } else {
                    leave((n, isBlock, skip))
                }
            case XML_TEXT_NODE:
                let text =
                    n.pointee.content.map {
                        Array(
                            UnsafeBufferPointer(
                                start: $0, count: strlen(UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))))
                    } ?? []
                guard !text.isEmpty, let found = locate(text) else { break }
                if skipDepth > 0 { break }
                let blank = text.allSatisfy { isSpace($0) }
                if needBlock {
                    if blank { break }
                    var kind = stack.last?.kind ?? .paragraph
                    if kind == .paragraph, stack.count >= 2, stack[stack.count - 2].name == "li",
                        !stack[stack.count - 2].produced, stack.last?.name == "p"
                    {
                        kind = .listItem
                    }
                    for k in stack.indices { stack[k].produced = true }
                    events.append(.block(kind))
                    needBlock = false
                    pendingSpace = false
                }
                let cut = SourceText.withoutURLs(found.pieces, bytes)
                for (k, piece) in cut.pieces.enumerated() {
                    events.append(.run(piece.range, spaceBefore: piece.spaceBefore || (k == 0 && pendingSpace)))
                    pendingSpace = false
                }
                pendingSpace = pendingSpace || found.trailingSpace || cut.trailingSpace
            case XML_COMMENT_NODE:
                let content =
                    n.pointee.content.map {
                        Array(
                            UnsafeBufferPointer(
                                start: $0, count: strlen(UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))))
                    } ?? []
                guard let comment = locateComment(content) else { break }
                switch SourceText.directive(comment: bytes[comment.content], range: comment.whole) {
                case .directive(let d): events.append(.directive(d))
                case .note(let message): events.append(.note(comment.whole, message))
                case .none: break
                }
            default:
                break
            }
            if descend {
                node = n.pointee.children
                continue
            }
            // Next sibling, leaving finished elements on the way up.
            var current: xmlNodePtr? = n
            while let c = current, c.pointee.next == nil {
                guard let last = entered.last, last.node == c.pointee.parent else {
                    current = nil
                    break
                }
                entered.removeLast()
                leave(last)
                current = last.node
            }
            node = current?.pointee.next
        }
    }

    /// The value of an attribute (first text child), without allocating through libxml2.
    private func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
        var a = node.pointee.properties
        while let attr = a {
            if let n = attr.pointee.name, String(cString: n).lowercased() == name {
                if let child = attr.pointee.children, let content = child.pointee.content {
                    return String(cString: content)
                }
                return nil
            }
            a = attr.pointee.next
        }
        return nil
    }
}

/// Where a decoded text (a parser's text node) lies in the source: pieces of bytes that spell it,
/// around what the parser decoded (character references, Markdown backslash escapes).
struct SourceMatch {
    var pieces: [(range: Range<Int>, spaceBefore: Bool)] = []
    /// Offset after the last source byte consumed.
    var end: Int
    /// True when the whole text was found.
    var complete = false
    /// How many bytes of the text were found.
    var matched = 0
    /// A reference that decoded to a space or punctuation ended the text: the next run should be spaced.
    var trailingSpace = false
}

enum SourceText {
    /// Matches `text` against `source` from `start`: bytes that are equal are kept, character
    /// references and (in Markdown) backslashes before punctuation are skipped. A reference that
    /// decodes to anything but a letter or digit makes the next piece `spaceBefore`.
    static func match(_ text: [UInt8], _ source: [UInt8], at start: Int, limit: Int, markdown: Bool) -> SourceMatch {
        var result = SourceMatch(end: start)
        var i = 0
        var j = start
        var pieceStart = j
        var space = false
        func close() {
            if j > pieceStart {
                result.pieces.append((pieceStart..<j, space))
                space = false
            }
        }
        while i < text.count, j < limit {
            let s = source[j]
            let t = text[i]
            if markdown, s == 0x5C, j + 1 < limit, isASCIIPunctuation(source[j + 1]), t == source[j + 1] {
                close()
                j += 1
                pieceStart = j
                i += 1
                j += 1
                continue
            }
            if s == 0x26, let (length, decoded) = reference(source, j, limit) {
                if let decoded, i + decoded.count <= text.count, text[i..<(i + decoded.count)].elementsEqual(decoded) {
                    close()
                    if !isWordCharacter(decoded, 0) { space = true }
                    i += decoded.count
                    j += length
                    pieceStart = j
                    continue
                }
                if t != 0x26 {
                    // A reference decoded differently (HTML5 names libxml2 does not know): one or two characters.
                    let after = j + length
                    var k = i
                    var taken = 0
                    var matched = false
                    while taken < 2, k < text.count {
                        k += utf8Length(text[k])
                        taken += 1
                        if k >= text.count
                            || (after < limit
                                && (text[k] == source[after] || source[after] == 0x5C || source[after] == 0x26))
                        {
                            matched = true
                            break
                        }
                    }
                    if matched {
                        close()
                        if !isWordCharacter(text, i) { space = true }
                        i = min(k, text.count)
                        j = after
                        pieceStart = j
                        continue
                    }
                }
            }
            if s == t {
                i += 1
                j += 1
                continue
            }
            if t == 0x0A, s == 0x0D {  // CRLF or CR read as a line feed
                i += 1
                j += 1
                if j < limit, source[j] == 0x0A { j += 1 }
                continue
            }
            // NUL read as U+FFFD
            if s == 0, i + 2 < text.count, text[i] == 0xEF, text[i + 1] == 0xBF, text[i + 2] == 0xBD {
                close()
                i += 3
                j += 1
                pieceStart = j
                space = true
                continue
            }
            break
        }
        close()
        result.end = j
        result.complete = i == text.count
        result.matched = i
        result.trailingSpace = space
        return result
    }

    /// A character reference at `at`: its length in bytes and what it decodes to (nil for a
    /// well-formed named reference libxml2 does not know).
    static func reference(_ source: [UInt8], _ at: Int, _ limit: Int) -> (Int, [UInt8]?)? {
        var k = at + 1
        guard k < limit else { return nil }
        if source[k] == 0x23 {  // &#
            k += 1
            var hex = false
            if k < limit, source[k] | 0x20 == 0x78 {
                hex = true
                k += 1
            }
            var value: UInt32 = 0
            var digits = 0
            while k < limit, digits < (hex ? 6 : 7) {
                let b = source[k]
                if b >= 0x30, b <= 0x39 {
                    value = value * (hex ? 16 : 10) + UInt32(b - 0x30)
                } else if hex, (b | 0x20) >= 0x61, (b | 0x20) <= 0x66 {
                    value = value * 16 + UInt32((b | 0x20) - 0x61 + 10)
                } else {
                    break
                }
                digits += 1
                k += 1
            }
            guard digits > 0, k < limit, source[k] == 0x3B else { return nil }
            let scalar = value == 0 ? nil : Unicode.Scalar(value)
            return (k + 1 - at, Array(String(Character(scalar ?? "\u{FFFD}")).utf8))
        }
        var name: [UInt8] = []
        while k < limit, name.count < 32 {
            let b = source[k]
            guard (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || (b >= 0x30 && b <= 0x39) else { break }
            name.append(b)
            k += 1
        }
        guard !name.isEmpty, k < limit, source[k] == 0x3B else { return nil }
        name.append(0)
        guard let entity = name.withUnsafeBufferPointer({ htmlEntityLookup($0.baseAddress) }),
            let scalar = Unicode.Scalar(entity.pointee.value)
        else {
            return (k + 1 - at, nil)
        }
        return (k + 1 - at, Array(String(Character(scalar)).utf8))
    }

    static func isASCIIPunctuation(_ b: UInt8) -> Bool {
        (b >= 0x21 && b <= 0x2F) || (b >= 0x3A && b <= 0x40) || (b >= 0x5B && b <= 0x60) || (b >= 0x7B && b <= 0x7E)
    }

    static func utf8Length(_ lead: UInt8) -> Int { lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4 }

    /// Whether the character starting at `at` is a letter, digit, combining mark or invisible format
    /// character such as a soft hyphen (all of which join a word rather than end it).
    static func isWordCharacter(_ bytes: [UInt8], _ at: Int) -> Bool {
        guard at < bytes.count else { return false }
        let n = min(utf8Length(bytes[at]), bytes.count - at)
        guard let scalar = String(decoding: bytes[at..<(at + n)], as: UTF8.self).unicodeScalars.first else {
            return false
        }
        let p = scalar.properties
        return p.isAlphabetic || p.numericType != nil
            || [.nonspacingMark, .spacingMark, .format].contains(p.generalCategory)
    }

    /// Pieces with bare URLs (`https://…`, `www.…`, `mailto:…`) cut out; what follows a URL is
    /// spaced, and `trailingSpace` says a URL ended the text.
    static func withoutURLs(_ pieces: [(range: Range<Int>, spaceBefore: Bool)], _ source: [UInt8]) -> (
        pieces: [(range: Range<Int>, spaceBefore: Bool)], trailingSpace: Bool
    ) {
        var out: [(range: Range<Int>, spaceBefore: Bool)] = []
        var carry = false
        for piece in pieces {
            var start = piece.range.lowerBound
            var space = piece.spaceBefore || carry
            carry = false
            var k = start
            let end = piece.range.upperBound
            while k < end {
                let b = source[k] | 0x20
                if b == 0x68 || b == 0x77 || b == 0x66 || b == 0x6D,  // h w f m
                    k == piece.range.lowerBound || (source[k - 1] < 0x80 && !isASCIIAlphanumeric(source[k - 1])),
                    let length = urlLength(source, k, end)
                {
                    if k > start { out.append((start..<k, space)) }
                    space = true
                    k += length
                    start = k
                    continue
                }
                k += 1
            }
            if start < end { out.append((start..<end, space)) } else { carry = space }
        }
        return (out, carry)
    }

    static func isASCIIAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A)
    }

    /// The length of a bare URL starting at `at`, if one does.
    static func urlLength(_ s: [UInt8], _ at: Int, _ end: Int) -> Int? {
        func has(_ prefix: String) -> Bool {
            let p = Array(prefix.utf8)
            guard at + p.count < end else { return false }
            for (k, c) in p.enumerated() where s[at + k] | (c >= 0x61 && c <= 0x7A ? 0x20 : 0) != c { return false }
            return true
        }
        guard has("http://") || has("https://") || has("ftp://") || has("www.") || has("mailto:") else { return nil }
        var e = at
        while e < end, s[e] > 0x20, s[e] != 0x3C, s[e] != 0x3E, s[e] != 0x22 { e += 1 }
        while e > at, [0x2E, 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x29, 0x5D, 0x27, 0x2A, 0x5F].contains(s[e - 1]) { e -= 1 }
        // "www." alone or "http://" alone is not a URL.
        return e - at > 7 ? e - at : nil
    }

    /// Whether a whole text is a URL or an e-mail address (link text that is not prose).
    static func isURL(_ text: String) -> Bool {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty, !t.contains(where: { $0 == " " || $0 == "\n" }) else { return false }
        let lower = t.lowercased()
        if ["http://", "https://", "ftp://", "mailto:", "www.", "file://"].contains(where: { lower.hasPrefix($0) })
            || lower.contains("://")
        {
            return true
        }
        if let at = lower.firstIndex(of: "@"), lower[lower.index(after: at)...].contains("."), at != lower.startIndex {
            return true
        }
        return false
    }

    enum CommentMeaning {
        case directive(Directive)
        case note(String)
    }

    /// An ally directive in the text of a comment: `ally-disable`, `ally-enable`,
    /// `ally-disable-next-line`, `ally-ignore`, each optionally followed by rule ids or categories.
    static func directive(comment content: ArraySlice<UInt8>, range: Range<Int>) -> CommentMeaning? {
        let words = String(decoding: content, as: UTF8.self)
            .split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "," })
            .map(String.init)
        guard var keyword = words.first?.lowercased(), keyword.hasPrefix("ally-") else { return nil }
        if keyword.hasSuffix(":") { keyword.removeLast() }
        guard let kind = Directive.Kind(rawValue: keyword) else {
            return .note(
                "unknown directive '\(keyword)' (known: ally-disable, ally-enable, ally-disable-next-line, ally-ignore)"
            )
        }
        var targets = words.dropFirst().map { $0.hasSuffix(":") ? String($0.dropLast()) : $0 }.filter {
            !$0.isEmpty && $0 != ":"
        }
        if let colon = targets.first, colon == ":" { targets.removeFirst() }
        return .directive(Directive(kind: kind, targets: targets, bytes: range))
    }

    /// `de`, `de-DE`, `de_DE`, `"DE"` → `de`; nil for anything that is not a language code.
    static func languageCode(_ value: String) -> String? {
        var v = value.trimmingCharacters(in: .whitespaces)
        if let hash = v.range(of: " #") { v = String(v[..<hash.lowerBound]) }
        v = v.trimmingCharacters(in: CharacterSet(charactersIn: "\"' \t"))
        let primary = v.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map { String($0).lowercased() } ?? ""
        guard (2...3).contains(primary.count), primary.allSatisfy({ $0 >= "a" && $0 <= "z" }) else { return nil }
        return primary
    }
}
