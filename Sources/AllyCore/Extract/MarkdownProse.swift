import CCmarkGFM
import Foundation

/// Prose of a Markdown document, parsed by cmark-gfm (tables, strikethrough, autolinks, task lists,
/// footnotes): text of headings, paragraphs, list items, block quotes and table cells, link text and
/// image descriptions. Code, link destinations, bare URLs, raw HTML tags, front matter and reference
/// definitions are not prose. Raw HTML blocks go through the HTML extractor; HTML comments may hold
/// directives. Text nodes are located in the original bytes starting from cmark's positions (which
/// are approximate after lazy continuation lines and reference definitions), so every range is exact.
enum MarkdownProse {
    // @unchecked: the pointers are registered once and only read afterwards.
    private final class Extensions: @unchecked Sendable {
        let list: [OpaquePointer]
        init(_ list: [OpaquePointer]) { self.list = list }
    }

    /// Registered once (cmark-gfm's registration is not thread-safe).
    private static let extensions: Extensions = {
        cmark_gfm_core_extensions_ensure_registered()
        let names: [String] = ["table", "strikethrough", "autolink", "tasklist"]
        return Extensions(names.compactMap { (name: String) -> OpaquePointer? in cmark_find_syntax_extension(name) })
    }()

    static func extract(_ document: inout Document) {
        var input = document.bytes
        if let front = FrontMatter.find(document.bytes) {
            // Blank it out byte for byte (line breaks kept) so lines and columns stay those of the file.
            for k in front.range where input[k] != 0x0A && input[k] != 0x0D { input[k] = 0x20 }
            if let language = front.language { document.declaredLanguage = language }
            // The title is the first thing a reader sees (a posting's job title): prose, as a heading.
            if let title = front.title {
                let block = document.newBlock(.heading(level: 1))
                document.prose.append(ProseRange(bytes: title, block: block))
            }
        }
        guard !input.isEmpty else { return }

        let parser = cmark_parser_new(CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES)
        defer { cmark_parser_free(parser) }
        for e in extensions.list { cmark_parser_attach_syntax_extension(parser, e) }
        input.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                cmark_parser_feed(parser, $0, buffer.count)
            }
        }
        guard let root = cmark_parser_finish(parser) else { return }
        defer { cmark_node_free(root) }

        var walker = MarkdownWalker(source: document.bytes)
        walker.walk(root)

        // Blocks in the order of the file (footnote definitions come last in cmark's tree).
        let order = walker.blocks.indices.filter { !walker.blocks[$0].runs.isEmpty }
            .sorted {
                (walker.blocks[$0].runs[0].bytes.lowerBound, $0) < (walker.blocks[$1].runs[0].bytes.lowerBound, $1)
            }
        var end = 0
        for index in order {
            // Where cmark's positions were nonsense a run could land behind an earlier one: drop it.
            let runs = walker.blocks[index].runs.filter { run in
                guard run.bytes.lowerBound >= end else { return false }
                end = run.bytes.upperBound
                return true
            }
            guard !runs.isEmpty else { continue }
            let block = document.newBlock(walker.blocks[index].kind)
            for var run in runs {
                run.block = block
                document.prose.append(run)
            }
        }
        document.directives += walker.directives.sorted { $0.bytes.lowerBound < $1.bytes.lowerBound }
        document.notes += walker.notes
    }
}

/// Line starts and ends as CommonMark counts lines (LF, CRLF and a lone CR end a line).
struct SourceLines {
    private(set) var starts: [Int] = [0]
    /// End of each line's content, before its line break.
    private(set) var ends: [Int] = []

    init(_ b: [UInt8]) {
        var i = 0
        while i < b.count {
            if b[i] == 0x0A {
                ends.append(i)
                starts.append(i + 1)
            } else if b[i] == 0x0D {
                ends.append(i)
                if i + 1 < b.count, b[i + 1] == 0x0A { i += 1 }
                starts.append(i + 1)
            }
            i += 1
        }
        ends.append(b.count)
    }

    var count: Int { starts.count }

    /// Byte offset of a 1-based line and 1-based byte column (clamped to the line), nil when unknown.
    func offset(line: Int32, column: Int32) -> Int? {
        guard line >= 1, Int(line) <= starts.count, column >= 1 else { return nil }
        return min(starts[Int(line) - 1] + Int(column) - 1, ends[Int(line) - 1])
    }

    /// End of a 1-based line's content.
    func end(line: Int) -> Int { ends[max(0, min(line, ends.count) - 1)] }
}

/// YAML (`---`) or TOML (`+++`) front matter at the very start of a Markdown file.
struct FrontMatter {
    var range: Range<Int>
    var language: String?
    /// The bytes of a top-level YAML `title:` value, without quotes.
    var title: Range<Int>? = nil

    static func find(_ b: [UInt8]) -> FrontMatter? {
        let start = b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF ? 3 : 0
        /// The line at q: its content without trailing blanks, and where the next line starts.
        func line(_ q: Int) -> (content: Range<Int>, next: Int) {
            var e = q
            while e < b.count, b[e] != 0x0A, b[e] != 0x0D { e += 1 }
            var next = e
            if next < b.count, b[next] == 0x0D { next += 1 }
            if next < b.count, b[next] == 0x0A { next += 1 }
            var c = e
            while c > q, b[c - 1] == 0x20 || b[c - 1] == 0x09 { c -= 1 }
            return (q..<c, next)
        }
        let first = line(start)
        let delimiter = String(decoding: b[first.content], as: UTF8.self)
        guard delimiter == "---" || delimiter == "+++", first.next > first.content.upperBound else { return nil }
        let toml = delimiter == "+++"
        var body: [Range<Int>] = []
        var q = first.next
        while q < b.count {
            let l = line(q)
            let text = String(decoding: b[l.content], as: UTF8.self)
            if text == delimiter || (!toml && text == "...") {
                // YAML: the first meaningful line must look like a key (else this is a thematic break).
                if let firstLine = body.lazy.map({ String(decoding: b[$0], as: UTF8.self) })
                    .first(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.hasPrefix("#") })
                {
                    let looksRight =
                        toml
                        ? (firstLine.contains("=") || firstLine.hasPrefix("["))
                        : (firstLine.contains(": ") || firstLine.hasSuffix(":") || firstLine.hasPrefix("- "))
                    if !looksRight { return nil }
                }
                return FrontMatter(
                    range: start..<l.next, language: language(body.map { b[$0] }, toml: toml),
                    title: toml ? nil : title(b, body))
            }
            body.append(l.content)
            q = l.next
        }
        return nil
    }

    /// The value of a top-level `title:` line on one line, quotes and trailing blanks left out.
    static func title(_ b: [UInt8], _ lines: [Range<Int>]) -> Range<Int>? {
        let key = Array("title:".utf8)
        for line in lines where line.count > key.count && Array(b[line.prefix(key.count)]) == key {
            var lo = line.lowerBound + key.count
            var hi = line.upperBound
            while lo < hi, b[lo] == 0x20 || b[lo] == 0x09 { lo += 1 }
            if hi - lo >= 2, b[lo] == b[hi - 1], b[lo] == 0x22 || b[lo] == 0x27 {
                lo += 1
                hi -= 1
            }
            // A block scalar (`title: >`) or an empty value is not a one-line title.
            guard lo < hi, b[lo] != 0x3E, b[lo] != 0x7C else { return nil }
            return lo..<hi
        }
        return nil
    }

    /// `lang:` / `language:` / `locale:` (TOML `lang = "de"`) at the top level.
    static func language(_ lines: [ArraySlice<UInt8>], toml: Bool) -> String? {
        for raw in lines {
            let line = String(decoding: raw, as: UTF8.self)
            guard let first = line.first, first != " ", first != "\t",
                let separator = line.firstIndex(of: toml ? "=" : ":")
            else { continue }
            let key = line[..<separator].trimmingCharacters(in: CharacterSet(charactersIn: "\"' \t")).lowercased()
            guard ["lang", "language", "locale"].contains(key) else { continue }
            if let code = SourceText.languageCode(String(line[line.index(after: separator)...])) { return code }
        }
        return nil
    }
}

/// Walks cmark's tree and collects blocks of prose runs located in the original bytes.
struct MarkdownWalker {
    let source: [UInt8]
    let lines: SourceLines
    var blocks: [(kind: BlockKind, runs: [ProseRange])] = []
    var directives: [Directive] = []
    var notes: [(bytes: Range<Int>, message: String)] = []

    /// The block being filled (a paragraph, heading or table cell), if any.
    private var leaf: Int?
    /// Where the next text may start, and where the current leaf block's last line ends.
    private var cursor = 0
    private var limit = 0
    /// The next run joins the previous one through a space (a line break, code, an image…).
    private var pendingSpace = false
    /// Inside inline HTML `<code>`, `<kbd>`…: text is not prose.
    private var inlineCodeDepth = 0

    init(source: [UInt8]) {
        self.source = source
        lines = SourceLines(source)
    }

    mutating func walk(_ root: OpaquePointer) {
        guard let iterator = cmark_iter_new(root) else { return }
        defer { cmark_iter_free(iterator) }
        var skipping: OpaquePointer?
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            if let skipped = skipping {
                if node == skipped, event == CMARK_EVENT_EXIT {
                    skipping = nil
                    pendingSpace = true
                    advancePastEnd(of: node)
                }
                continue
            }
            if event == CMARK_EVENT_ENTER {
                if enter(node) { skipping = node }
            } else if event == CMARK_EVENT_EXIT {
                exit(node)
            }
        }
    }

    /// Handles entering a node; returns true when its whole subtree is to be skipped.
    private mutating func enter(_ node: OpaquePointer) -> Bool {
        let type = cmark_node_get_type(node)
        switch type {
        case CMARK_NODE_PARAGRAPH:
            let parent = cmark_node_parent(node)
            let ownItemParagraph =
                parent.map { cmark_node_get_type($0) == CMARK_NODE_ITEM } == true && cmark_node_previous(node) == nil
            openLeaf(ownItemParagraph ? .listItem : isAttributedQuotation(node) ? .quotation : .paragraph, node)
        case CMARK_NODE_HEADING:
            openLeaf(.heading(level: Int(cmark_node_get_heading_level(node))), node)
        case CMARK_NODE_FOOTNOTE_DEFINITION:
            // cmark moves definitions to the end of the tree: start again from where this one is.
            if let s = start(node) { cursor = s }
        case CMARK_NODE_HTML_BLOCK:
            htmlBlock(node)
        case CMARK_NODE_TEXT:
            text(node)
        case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK, CMARK_NODE_FOOTNOTE_REFERENCE:
            pendingSpace = true
        case CMARK_NODE_CODE:
            // Not prose; located only so that later text is not looked for inside it.
            _ = locate(literal(node), hint: start(node))
            pendingSpace = true
        case CMARK_NODE_HTML_INLINE:
            htmlInline(node)
        case CMARK_NODE_LINK:
            if linkTextIsURL(node) {
                pendingSpace = true
                return true
            }
        case CMARK_NODE_IMAGE:
            pendingSpace = true
        default:
            if typeName(node) == "table_cell" { openLeaf(.tableCell, node) }
        }
        return false
    }

    /// Whether a paragraph sits in a block quote that names its speaker: the quote's last paragraph,
    /// or the paragraph right after it, starts with a dash ("— Grace Hopper", "-- the maintainers").
    private func isAttributedQuotation(_ node: OpaquePointer) -> Bool {
        var n = cmark_node_parent(node)
        while let current = n, cmark_node_get_type(current) != CMARK_NODE_BLOCK_QUOTE { n = cmark_node_parent(current) }
        guard let quote = n else { return false }
        func startsWithDash(_ p: OpaquePointer?) -> Bool {
            guard let p, cmark_node_get_type(p) == CMARK_NODE_PARAGRAPH, var k = start(p) else { return false }
            while k < source.count, source[k] == 0x20 || source[k] == 0x3E { k += 1 }
            let rest = source[k..<min(source.count, k + 4)]
            return rest.starts(with: Array("-- ".utf8)) || rest.starts(with: Array("\u{2014}".utf8))
                || rest.starts(with: Array("\u{2013} ".utf8)) || rest.starts(with: Array("\u{2015}".utf8))
                || rest.starts(with: Array("~ ".utf8))
        }
        return startsWithDash(cmark_node_last_child(quote)) || startsWithDash(cmark_node_next(quote))
    }

    private mutating func exit(_ node: OpaquePointer) {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING:
            leaf = nil
        case CMARK_NODE_LINK:
            advancePastEnd(of: node)
        case CMARK_NODE_IMAGE:
            advancePastEnd(of: node)
            pendingSpace = true
        default:
            if leaf != nil, typeName(node) == "table_cell" { leaf = nil }
        }
    }

    private func typeName(_ node: OpaquePointer) -> String {
        cmark_node_get_type_string(node).map { String(cString: $0) } ?? ""
    }

    private func literal(_ node: OpaquePointer) -> [UInt8] {
        guard let c = cmark_node_get_literal(node) else { return [] }
        return Array(
            UnsafeBufferPointer(start: UnsafeRawPointer(c).assumingMemoryBound(to: UInt8.self), count: strlen(c)))
    }

    private func start(_ node: OpaquePointer) -> Int? {
        lines.offset(line: cmark_node_get_start_line(node), column: cmark_node_get_start_column(node))
    }

    private mutating func openLeaf(_ kind: BlockKind, _ node: OpaquePointer) {
        blocks.append((kind, []))
        leaf = blocks.count - 1
        // The cursor only moves forward: cmark's block positions are wrong where a table interrupts
        // a paragraph (0:0, or the header row on the paragraph's first line).
        if let s = start(node), s > cursor { cursor = s }
        limit = credibleEnd(node)
        pendingSpace = false
        inlineCodeDepth = 0
    }

    /// Where a leaf block's text must end: its last line, or for table cells the table's (header
    /// rows have wrong positions after an interrupted paragraph), or an ancestor's when unknown.
    private func credibleEnd(_ node: OpaquePointer) -> Int {
        var n: OpaquePointer? = node
        while let current = n {
            let name = typeName(current)
            let last = Int(cmark_node_get_end_line(current))
            if last >= 1, !name.hasPrefix("table_") { return lines.end(line: last) }
            n = cmark_node_parent(current)
        }
        return source.count
    }

    /// Moves the cursor past a link's or image's destination, when cmark's end position is credible.
    private mutating func advancePastEnd(of node: OpaquePointer) {
        guard let end = lines.offset(line: cmark_node_get_end_line(node), column: cmark_node_get_end_column(node)),
            end >= cursor, end < source.count, end < limit, source[end] == 0x29 || source[end] == 0x5D
        else { return }
        cursor = end + 1
    }

    /// Where a text node's literal lies: at cmark's position when it matches there, else the first
    /// place after the cursor (within the leaf block) where it does; a partial match at the position
    /// when nothing matches whole. Moves the cursor past it.
    private mutating func locate(_ text: [UInt8], hint: Int?) -> SourceMatch? {
        guard let first = text.first else { return nil }
        var hint = hint
        // A position behind the cursor or past the block's end is one of cmark's wrong ones.
        if let h = hint, h < cursor || h >= limit { hint = nil }
        if let h = hint {
            let m = SourceText.match(text, source, at: h, limit: source.count, markdown: true)
            if m.complete {
                cursor = m.end
                return m
            }
        }
        var p = cursor
        let stop = min(limit, cursor + (1 << 16) + text.count)
        while p < stop {
            let b = source[p]
            if b == first || b == 0x5C || b == 0x26 || (b == 0x0D && first == 0x0A) {
                let m = SourceText.match(text, source, at: p, limit: source.count, markdown: true)
                if m.complete {
                    cursor = m.end
                    return m
                }
            }
            p += 1
        }
        if let h = hint {
            // Most of it where cmark says: take that much (a character cmark rewrote stops the match).
            let m = SourceText.match(text, source, at: h, limit: limit, markdown: true)
            if !m.pieces.isEmpty, m.matched * 2 >= text.count {
                cursor = m.end
                return m
            }
        }
        return nil
    }

    private mutating func text(_ node: OpaquePointer) {
        guard let leaf else { return }
        let found = locate(literal(node), hint: start(node))
        guard inlineCodeDepth == 0 else { return }
        guard let found else {
            pendingSpace = true
            return
        }
        let cut = SourceText.withoutURLs(found.pieces, source)
        for (k, piece) in cut.pieces.enumerated() {
            blocks[leaf].runs.append(
                ProseRange(bytes: piece.range, block: leaf, spaceBefore: piece.spaceBefore || (k == 0 && pendingSpace)))
            pendingSpace = false
        }
        pendingSpace = pendingSpace || found.trailingSpace || cut.trailingSpace
    }

    /// A link whose text is its destination or any URL (autolinks, bare URLs): not prose.
    private func linkTextIsURL(_ node: OpaquePointer) -> Bool {
        let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
        var text = ""
        if let iterator = cmark_iter_new(node) {
            defer { cmark_iter_free(iterator) }
            while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
                if let n = cmark_iter_get_node(iterator), n != node,
                    cmark_node_get_type(n) == CMARK_NODE_TEXT || cmark_node_get_type(n) == CMARK_NODE_CODE,
                    let c = cmark_node_get_literal(n)
                {
                    text += String(cString: c)
                }
            }
        }
        guard !text.isEmpty else { return false }
        return text == url || "mailto:" + text == url || "http://" + text == url || "https://" + text == url
            || SourceText.isURL(text)
    }

    private mutating func htmlInline(_ node: OpaquePointer) {
        let html = literal(node)
        let hint = start(node)
        let found = locate(html, hint: hint)
        if html.starts(with: Array("<!--".utf8)) {
            var content = html[4...]
            if content.count >= 3, content.suffix(3).elementsEqual(Array("-->".utf8)) { content = content.dropLast(3) }
            let range: Range<Int>
            if let found, let first = found.pieces.first {
                range = first.range.lowerBound..<found.end
            } else if let hint {
                range = hint..<min(source.count, hint + html.count)
            } else {
                return
            }
            record(SourceText.directive(comment: content, range: range), range)
            return
        }
        // A tag: which one, and whether it opens or closes.
        var k = 1
        let closing = k < html.count && html[k] == 0x2F
        if closing { k += 1 }
        var name = ""
        while k < html.count, SourceText.isASCIIAlphanumeric(html[k]) {
            name.append(Character(Unicode.Scalar(html[k] | 0x20)))
            k += 1
        }
        let selfClosing = html.count >= 2 && html[html.count - 2] == 0x2F
        if HTMLScanner.notProse.contains(name) {
            if closing { inlineCodeDepth = max(0, inlineCodeDepth - 1) } else if !selfClosing { inlineCodeDepth += 1 }
            pendingSpace = true
        } else if HTMLScanner.separators.contains(name) || HTMLScanner.blockKind(name) != nil {
            pendingSpace = true
        }
    }

    private mutating func record(_ meaning: SourceText.CommentMeaning?, _ range: Range<Int>) {
        switch meaning {
        case .directive(let d): directives.append(d)
        case .note(let message): notes.append((range, message))
        case .none: break
        }
    }

    /// A raw HTML block: its literal (container prefixes such as `> ` removed by cmark) goes through
    /// the HTML extractor; ranges are mapped back line by line into the file.
    private mutating func htmlBlock(_ node: OpaquePointer) {
        leaf = nil
        let html = literal(node)
        guard !html.isEmpty else { return }
        let map = mapLines(html, firstLine: Int(cmark_node_get_start_line(node)))
        let scan = HTMLScanner.scan(html)
        var current: Int?
        for event in scan.events {
            switch event {
            case .block(let kind):
                blocks.append((kind, []))
                current = blocks.count - 1
            case .run(let range, let spaceBefore):
                if current == nil {
                    blocks.append((.paragraph, []))
                    current = blocks.count - 1
                }
                for (k, piece) in mapped(range, map).enumerated() {
                    blocks[current!].runs.append(
                        ProseRange(bytes: piece.range, block: current!, spaceBefore: k == 0 ? spaceBefore : piece.gap))
                }
            case .directive(var d):
                let pieces = mapped(d.bytes, map)
                guard let first = pieces.first, let last = pieces.last else { continue }
                d.bytes = first.range.lowerBound..<last.range.upperBound
                directives.append(d)
            case .note(let range, let message):
                let pieces = mapped(range, map)
                guard let first = pieces.first, let last = pieces.last else { continue }
                notes.append((first.range.lowerBound..<last.range.upperBound, message))
            }
        }
    }

    /// For each byte of an HTML block's literal, its offset in the file (-1 when unknown): each
    /// literal line is the end of its source line (what precedes it is the container's prefix).
    private func mapLines(_ html: [UInt8], firstLine: Int) -> [Int] {
        var map = [Int](repeating: -1, count: html.count)
        var a = 0
        var line = firstLine - 1
        while a < html.count, line >= 0, line < lines.count {
            var b = a
            while b < html.count, html[b] != 0x0A { b += 1 }
            let srcStart = lines.starts[line]
            let srcEnd = lines.ends[line]
            var lo = a
            while lo <= b {
                let length = b - lo
                if length <= srcEnd - srcStart, source[(srcEnd - length)..<srcEnd].elementsEqual(html[lo..<b]) {
                    for k in 0..<length { map[lo + k] = srcEnd - length + k }
                    break
                }
                // Columns of a tab cmark expanded: try without the literal's leading blanks.
                guard lo < b, html[lo] == 0x20 || html[lo] == 0x09 else { break }
                lo += 1
            }
            if b < html.count, srcEnd < source.count { map[b] = srcEnd }
            a = b + 1
            line += 1
        }
        return map
    }

    /// A range of an HTML block's literal as ranges of the file; `gap` when unknown bytes were dropped before a piece.
    private func mapped(_ range: Range<Int>, _ map: [Int]) -> [(range: Range<Int>, gap: Bool)] {
        var out: [(range: Range<Int>, gap: Bool)] = []
        var gap = false
        for k in range where k < map.count {
            let m = map[k]
            if m < 0 {
                gap = true
                continue
            }
            if let last = out.last, !gap, last.range.upperBound == m {
                out[out.count - 1].range = last.range.lowerBound..<(m + 1)
            } else {
                out.append((m..<(m + 1), gap))
                gap = false
            }
        }
        return out
    }
}
