/// Prose of an AsciiDoc document: paragraphs, section and block titles, list items, description
/// lists, admonitions, table cells and the content of example, sidebar, quote and open blocks.
/// Listing, literal, passthrough and source blocks, literal paragraphs, comments, attribute entries
/// and references, block attribute lines, macro targets, inline code, passthroughs, URLs and cross
/// reference ids are not prose. Comments may hold ally directives (`// ally-disable-next-line gender`).
enum AsciiDocProse {
    static func extract(_ document: inout Document) {
        var collector = ProseCollector(bytes: document.bytes)
        var parser = AsciiDocParser(bytes: document.bytes)
        let lines = MarkupLine.split(document.bytes)
        parser.blocks(lines[...], &collector, top: true)
        collector.finish(&document)
    }
}

/// Block styles (`[source]`, `[listing]`…) whose block or paragraph is not prose.
private let adocNonProseStyles: Set<String> = [
    "source", "listing", "literal", "pass", "stem", "latexmath", "asciimath", "comment", "plantuml", "graphviz",
    "ditaa", "mermaid", "a2s", "blockdiag", "seqdiag", "actdiag", "nwdiag", "packetdiag", "rackdiag", "erd",
    "svgbob", "vega", "vegalite", "wavedrom", "bytefield", "pikchr", "structurizr", "d2", "dbml", "nomnoml",
    "symbolator", "tikz", "bpmn", "c4plantuml", "umlet", "excalidraw",
]
private let adocAdmonitions: [StaticString] = ["NOTE: ", "TIP: ", "IMPORTANT: ", "WARNING: ", "CAUTION: "]
/// Inline macros whose bracketed text is prose (the target never is).
private let adocTextMacros: Set<String> = [
    "link", "mailto", "xref", "image", "footnote", "footnoteref", "btn", "menu", "indexterm2", "http", "https", "ftp",
    "irc", "file",
]
/// Inline macros that are not prose at all.
private let adocHiddenMacros: Set<String> = [
    "kbd", "pass", "stem", "latexmath", "asciimath", "anchor", "indexterm", "icon", "include", "toc",
]

/// Block structure of AsciiDoc; delimited blocks that hold prose (and `a` table cells) are parsed recursively.
struct AsciiDocParser {
    let b: [UInt8]
    private var depth = 0
    private var seenBlock = false
    static let maxDepth = 48

    init(bytes: [UInt8]) { b = bytes }

    private enum Delimiter {
        case comment, listing, literal, pass, example, sidebar, quote, open, fenced
        case table(UInt8)
    }

    // MARK: Blocks

    mutating func blocks(
        _ lines: ArraySlice<MarkupLine>, _ c: inout ProseCollector, top: Bool = false,
        kind: BlockKind = .paragraph
    ) {
        guard depth < AsciiDocParser.maxDepth else { return }
        depth += 1
        defer { depth -= 1 }
        var style: String?
        var i = lines.startIndex
        let end = lines.endIndex
        while i < end {
            let l = lines[i]
            if l.isBlank {
                i += 1
                continue
            }
            if Bytes.has(b, l.lo, "-----BEGIN ") {  // an armored key or signature (`.asc` is also their extension)
                while i < end, !Bytes.has(b, lines[i].lo, "-----END ") { i += 1 }
                i += 1
                continue
            }
            if isCommentLine(l) {
                comment(l, &c)
                i += 1
                continue
            }
            if l.indent == 0, let d = delimiter(l) {
                let close = closing(lines, i)
                let inner = lines[(i + 1)..<close]
                let prose = style.map { !adocNonProseStyles.contains($0) } ?? true
                switch d {
                case .comment:
                    for line in inner where !line.isBlank { comment(line, &c, marker: 0) }
                case .listing, .literal, .pass, .fenced:
                    break
                case .quote:
                    // A quote block holds someone else's words (its attribution is in `[quote, Name]`).
                    if prose { blocks(inner, &c, kind: .quotation) }
                case .example, .sidebar, .open:
                    if prose { blocks(inner, &c) }
                case .table(let separator):
                    if prose { table(inner, separator, &c) }
                }
                style = nil
                seenBlock = true
                i = min(end, close + 1)
                continue
            }
            if let next = attributeEntry(lines, i, &c) {
                i = next
                continue
            }
            if b[l.lo] == 0x5B, b[l.hi - 1] == 0x5D, l.indent == 0 {  // a block attribute line
                if !Bytes.has(b, l.lo, "[[") { style = blockStyle(l.lo + 1..<l.hi - 1) }
                i += 1
                continue
            }
            if l.hi - l.lo == 1, b[l.lo] == 0x2B {
                i += 1
                continue
            }  // a list continuation
            if l.indent == 0, i + 1 < end, let level = underline(below: l, lines[i + 1]) {
                // A two-line title: its underline is not a listing or example delimiter.
                c.add(.heading(level: level), segments: [l.lo..<l.hi], AsciiDocParser.inline)
                seenBlock = true
                style = nil
                i += 2
                continue
            }
            if l.indent == 0, let title = blockTitle(l) {
                c.add(.other, segments: [title], AsciiDocParser.inline)
                i += 1
                continue
            }
            if l.indent == 0, let (level, text) = sectionTitle(l) {
                c.add(.heading(level: max(1, level)), segments: [text], AsciiDocParser.inline)
                i += 1
                if level == 0, top, !seenBlock {
                    // The header: author and revision lines, up to the first blank line, are not prose.
                    while i < end, !lines[i].isBlank {
                        if attributeEntry(lines, i, &c) == nil, isCommentLine(lines[i]) { comment(lines[i], &c) }
                        i += 1
                    }
                }
                seenBlock = true
                style = nil
                continue
            }
            seenBlock = true
            if l.indent == 0, let macro = blockMacro(l) {
                if let alt = macro { c.add(.other, segments: [alt], AsciiDocParser.inline) }
                style = nil
                i += 1
                continue
            }
            if let s = style, adocNonProseStyles.contains(s) {
                i = paragraphEnd(lines, i)
                style = nil
                continue
            }
            style = nil
            if let next = listItem(lines, i, &c) {
                i = next
                continue
            }
            if l.indent > 0 {  // a literal paragraph
                i = paragraphEnd(lines, i)
                continue
            }
            var first = l.lo
            for label in adocAdmonitions where Bytes.has(b, l.lo, label) {
                first = min(l.lo + label.utf8CodeUnitCount, l.hi)  // (the label's blank may be the trimmed end)
            }
            let stop = paragraphEnd(lines, i)
            var segments = [first..<l.hi]
            for line in lines[(i + 1)..<max(i + 1, stop)] where !line.isBlank {
                // Comment lines and conditionals inside a paragraph vanish; the text around them is one paragraph.
                if isCommentLine(line) {
                    comment(line, &c)
                } else if !isPreprocessor(line) {
                    segments.append(line.lo..<line.hi)
                }
            }
            c.add(kind, segments: segments, AsciiDocParser.inline)
            i = stop
        }
    }

    /// Index after a paragraph's last line: it ends at a blank line, a delimiter or a list continuation.
    private func paragraphEnd(_ lines: ArraySlice<MarkupLine>, _ i: Int) -> Int {
        var k = i + 1
        while k < lines.endIndex {
            let l = lines[k]
            if l.isBlank || (l.indent == 0 && delimiter(l) != nil) || (l.hi - l.lo == 1 && b[l.lo] == 0x2B) { break }
            k += 1
        }
        return k
    }

    // MARK: Comments, attributes, titles, macros

    /// `// text` (but not a `////` delimiter).
    private func isCommentLine(_ l: MarkupLine) -> Bool {
        l.indent == 0 && Bytes.has(b, l.lo, "//") && !(l.hi - l.lo >= 4 && b[l.lo..<l.hi].allSatisfy { $0 == 0x2F })
            && !(l.hi - l.lo >= 3 && b[l.lo + 2] == 0x2F && b[l.lo..<l.hi].allSatisfy { $0 == 0x2F })
    }

    /// `ifdef::name[]`, `ifndef::…`, `ifeval::[…]`, `endif::[]`: conditionals that vanish before parsing.
    private func isPreprocessor(_ l: MarkupLine) -> Bool {
        guard l.indent == 0, b[l.hi - 1] == 0x5D else { return false }
        return Bytes.has(b, l.lo, "ifdef::") || Bytes.has(b, l.lo, "ifndef::") || Bytes.has(b, l.lo, "ifeval::")
            || Bytes.has(b, l.lo, "endif::")
    }

    /// Records an ally directive in a comment line (`marker`: the bytes of `//` before its text).
    private func comment(_ l: MarkupLine, _ c: inout ProseCollector, marker: Int = 2) {
        var lo = min(l.lo + marker, l.hi)
        while lo < l.hi, b[lo] == 0x20 || b[lo] == 0x09 { lo += 1 }
        c.comment(lo..<l.hi, whole: l.lo..<l.hi)
    }

    private func delimiter(_ l: MarkupLine) -> Delimiter? {
        let n = l.hi - l.lo
        let x = b[l.lo]
        if n == 2, x == 0x2D, b[l.lo + 1] == 0x2D { return .open }
        if n >= 3, Bytes.has(b, l.lo, "```") { return .fenced }
        if n >= 4, [0x7C, 0x21, 0x2C, 0x3A].contains(x), b[(l.lo + 1)..<l.hi].allSatisfy({ $0 == 0x3D }) {
            return .table(x)
        }
        guard n >= 4, b[l.lo..<l.hi].allSatisfy({ $0 == x }) else { return nil }
        switch x {
        case 0x2F: return .comment
        case 0x2D: return .listing
        case 0x2E: return .literal
        case 0x2B: return .pass
        case 0x3D: return .example
        case 0x2A: return .sidebar
        case 0x5F: return .quote
        default: return nil
        }
    }

    /// The line that closes the delimited block opened at `i` (the same delimiter), or the end.
    private func closing(_ lines: ArraySlice<MarkupLine>, _ i: Int) -> Int {
        let open = lines[i]
        let fenced = Bytes.has(b, open.lo, "```")
        var k = i + 1
        while k < lines.endIndex {
            let l = lines[k]
            if l.indent == 0, !l.isBlank {
                let closes =
                    fenced
                    ? l.hi - l.lo == 3 && Bytes.has(b, l.lo, "```")
                    : b[l.lo..<l.hi].elementsEqual(b[open.lo..<open.hi])
                if closes { return k }
            }
            k += 1
        }
        return lines.endIndex
    }

    /// `:name: value` (also `:name!:` and `:!name:`), with `\` continuation lines: the index after it.
    private func attributeEntry(_ lines: ArraySlice<MarkupLine>, _ i: Int, _ c: inout ProseCollector) -> Int? {
        let l = lines[i]
        guard l.indent == 0, b[l.lo] == 0x3A, l.hi - l.lo >= 3 else { return nil }
        var k = l.lo + 1
        if b[k] == 0x21 { k += 1 }
        let nameStart = k
        while k < l.hi, Bytes.isIdentifier(b[k]) || b[k] == 0x2D { k += 1 }
        guard k > nameStart, k < l.hi else { return nil }
        let name = String(decoding: b[nameStart..<k], as: UTF8.self).lowercased()
        if b[k] == 0x21 { k += 1 }
        guard k < l.hi, b[k] == 0x3A, k + 1 == l.hi || b[k + 1] == 0x20 else { return nil }
        if name == "lang", c.language == nil {
            c.language = SourceText.languageCode(String(decoding: b[(k + 1)..<l.hi], as: UTF8.self))
        }
        var next = i + 1
        var last = l
        // A value ending in ` \` (or a hard break ` +`) goes on on the next line.
        while next < lines.endIndex, last.hi - last.lo >= 2, b[last.hi - 1] == 0x5C || b[last.hi - 1] == 0x2B,
            b[last.hi - 2] == 0x20
        {
            last = lines[next]
            next += 1
        }
        return next
    }

    /// The style of a block attribute line (`source` in `[source%linenums,ruby]`), nil for named attributes only.
    private func blockStyle(_ r: Range<Int>) -> String? {
        var e = r.lowerBound
        while e < r.upperBound, b[e] != 0x2C { e += 1 }
        let first = b[r.lowerBound..<e]
        guard !first.contains(0x3D) else { return nil }
        var s = r.lowerBound
        while s < e, b[s] != 0x23, b[s] != 0x2E, b[s] != 0x25 { s += 1 }
        let style = String(decoding: b[r.lowerBound..<s], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            .lowercased()
        return style.isEmpty ? nil : style
    }

    /// `.Title` (not `..`, `. item` or `...`): the title text.
    private func blockTitle(_ l: MarkupLine) -> Range<Int>? {
        guard l.hi - l.lo >= 2, b[l.lo] == 0x2E else { return nil }
        let x = b[l.lo + 1]
        guard x != 0x20, x != 0x09, x != 0x2E else { return nil }
        return (l.lo + 1)..<l.hi
    }

    /// `== Title` or `## Title` (with optional closing marks): the level and the text.
    private func sectionTitle(_ l: MarkupLine) -> (Int, Range<Int>)? {
        let x = b[l.lo]
        guard x == 0x3D || x == 0x23 else { return nil }
        var k = l.lo
        while k < l.hi, b[k] == x { k += 1 }
        let marks = k - l.lo
        guard marks <= 6, k < l.hi, b[k] == 0x20 || b[k] == 0x09 else { return nil }
        while k < l.hi, b[k] == 0x20 || b[k] == 0x09 { k += 1 }
        var hi = l.hi
        var m = hi
        while m > k, b[m - 1] == x { m -= 1 }
        if m < hi, m > k, b[m - 1] == 0x20 {
            hi = m
            while hi > k, b[hi - 1] == 0x20 { hi -= 1 }
        }
        guard k < hi else { return nil }
        return (marks - 1, k..<hi)
    }

    /// The level of a two-line (setext) title whose text is `title` and underline `line`: a run of one of
    /// `= - ~ ^ +` as long as the title, give or take two characters.
    private func underline(below title: MarkupLine, _ line: MarkupLine) -> Int? {
        let marks: [UInt8] = [0x3D, 0x2D, 0x7E, 0x5E, 0x2B]
        guard line.indent == 0, line.hi - line.lo >= 2, let level = marks.firstIndex(of: b[line.lo]),
            b[line.lo..<line.hi].allSatisfy({ $0 == b[line.lo] })
        else { return nil }
        // The title must be text: not a delimiter, a list item, a block attribute or a comment.
        let first = b[title.lo]
        guard delimiter(title) == nil, !isCommentLine(title), first != 0x5B, first != 0x2E, first != 0x2A,
            first != 0x2D,
            first != 0x3A
        else { return nil }
        let characters = b[title.lo..<title.hi].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        guard abs(characters - (line.hi - line.lo)) <= 2 else { return nil }
        return level
    }

    /// `name::target[attributes]`: nil when the line is not a block macro; else the prose of it (an image's alt text).
    private func blockMacro(_ l: MarkupLine) -> Range<Int>?? {
        guard b[l.hi - 1] == 0x5D, Bytes.isAlnum(b[l.lo]) else { return nil }
        var k = l.lo
        while k < l.hi, Bytes.isIdentifier(b[k]) || b[k] == 0x2D { k += 1 }
        guard Bytes.has(b, k, "::"), k + 2 < l.hi, b[k + 2] != 0x20 else { return nil }
        let name = String(decoding: b[l.lo..<k], as: UTF8.self).lowercased()
        guard let open = b[(k + 2)..<l.hi].firstIndex(of: 0x5B), !b[(k + 2)..<open].contains(0x20) else { return nil }
        guard name == "image" else { return .some(nil) }
        return .some(AsciiDocParser.attributeText(b, (open + 1)..<(l.hi - 1), firstOnly: true))
    }

    /// The text among bracketed attributes: the quoted first one, or the first when others are named
    /// (or always, for `firstOnly`: an image's alt text comes before its width and height), or all.
    static func attributeText(_ t: [UInt8], _ r: Range<Int>, firstOnly: Bool = false) -> Range<Int>? {
        guard !r.isEmpty else { return nil }
        if t[r.lowerBound] == 0x22, let q = t[(r.lowerBound + 1)..<r.upperBound].firstIndex(of: 0x22) {
            return (r.lowerBound + 1)..<q
        }
        var hi = r.upperBound
        if t[r].contains(0x3D) || firstOnly, let comma = t[r].firstIndex(of: 0x2C) { hi = comma }
        if t[r.lowerBound..<hi].contains(0x3D) { return nil }
        if hi > r.lowerBound, t[hi - 1] == 0x5E { hi -= 1 }  // `^`: open in a new window
        return r.lowerBound < hi ? r.lowerBound..<hi : nil
    }

    // MARK: Lists

    /// A list item (`* `, `- `, `. `, `1. `, `<1> `, `term:: definition`): the index after it.
    private mutating func listItem(_ lines: ArraySlice<MarkupLine>, _ i: Int, _ c: inout ProseCollector) -> Int? {
        let l = lines[i]
        if let (term, definition) = descriptionItem(l) {
            c.add(.listItem, segments: [term], AsciiDocParser.inline)
            var k = i + 1
            var segments: [Range<Int>] = definition.isEmpty ? [] : [definition]
            if definition.isEmpty {
                // The definition may start on the next lines, indented or not.
                while k < lines.endIndex, lines[k].isBlank { k += 1 }
                if k < lines.endIndex,
                    lines[k].indent > 0 || (descriptionItem(lines[k]) == nil && marker(lines[k]) == nil)
                {
                    if isCommentLine(lines[k]) || delimiter(lines[k]) != nil || b[lines[k].lo] == 0x5B { return k }
                    segments.append(lines[k].lo..<lines[k].hi)
                    k += 1
                } else {
                    return k
                }
            }
            k = continuation(lines, k, &segments, &c)
            c.add(.paragraph, segments: segments, AsciiDocParser.inline)
            return k
        }
        guard let m = marker(l) else { return nil }
        var start = l.lo + m
        while start < l.hi, b[start] == 0x20 || b[start] == 0x09 { start += 1 }
        for box in ["[ ] ", "[x] ", "[X] ", "[*] "] as [StaticString] where Bytes.has(b, start, box) {
            start = min(start + 4, l.hi)  // a checklist box
        }
        var segments = [start..<l.hi]
        let k = continuation(lines, i + 1, &segments, &c)
        c.add(.listItem, segments: segments, AsciiDocParser.inline)
        return k
    }

    /// Lines that continue a list item's text: up to a blank line, a new item, a delimiter or a `+`.
    private func continuation(
        _ lines: ArraySlice<MarkupLine>, _ from: Int, _ segments: inout [Range<Int>],
        _ c: inout ProseCollector
    ) -> Int {
        var k = from
        while k < lines.endIndex {
            let l = lines[k]
            if l.isBlank || (l.indent == 0 && delimiter(l) != nil) || (l.hi - l.lo == 1 && b[l.lo] == 0x2B)
                || marker(l) != nil || descriptionItem(l) != nil
                || (l.indent == 0 && b[l.lo] == 0x5B && b[l.hi - 1] == 0x5D)
            {
                break
            }
            if isCommentLine(l) { comment(l, &c) } else if !isPreprocessor(l) { segments.append(l.lo..<l.hi) }
            k += 1
        }
        return k
    }

    /// The length of a list marker at the start of a line (`*`…`*****`, `-`, `.`…`.....`, `1.`, `a.`,
    /// `iv)`, `<1>`).
    private func marker(_ l: MarkupLine) -> Int? {
        let x = b[l.lo]
        var k = l.lo
        if x == 0x2A || x == 0x2E {
            while k < l.hi, b[k] == x, k - l.lo < 5 { k += 1 }
        } else if x == 0x2D {
            k += 1
        } else if x == 0x3C {
            guard let close = b[l.lo..<min(l.hi, l.lo + 6)].firstIndex(of: 0x3E), close > l.lo + 1,
                b[(l.lo + 1)..<close].allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E })
            else { return nil }
            k = close + 1
        } else if Bytes.isAlnum(x) {
            while k < l.hi, Bytes.isAlnum(b[k]), k - l.lo < 6 { k += 1 }
            let label = b[l.lo..<k]
            let digits = label.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
            let roman = label.allSatisfy { "ivxIVX".utf8.contains($0) }
            guard k < l.hi, digits || label.count == 1 || roman, b[k] == 0x2E || (roman && b[k] == 0x29) else {
                return nil
            }
            k += 1
        } else {
            return nil
        }
        guard k < l.hi, b[k] == 0x20 || b[k] == 0x09 else { return nil }
        return k - l.lo
    }

    /// `term:: definition` (also `:::`, `::::`, `;;`): the term and the definition on the same line.
    private func descriptionItem(_ l: MarkupLine) -> (Range<Int>, Range<Int>)? {
        guard !Bytes.has(b, l.lo, "//") else { return nil }
        var k = l.lo + 1
        while k + 1 < l.hi + 1, k < l.hi {
            let x = b[k]
            if x == 0x3A || x == 0x3B, k + 1 < l.hi || x == 0x3A, Bytes.has(b, k, x == 0x3A ? "::" : ";;") {
                var e = k + 2
                if x == 0x3A { while e < l.hi, b[e] == 0x3A, e - k < 4 { e += 1 } }
                if e == l.hi || b[e] == 0x20 || b[e] == 0x09, b[k - 1] != 0x20, b[k - 1] != 0x09, e - k <= 4,
                    !(e < l.hi && b[e] == 0x3A)
                {
                    var d = e
                    while d < l.hi, b[d] == 0x20 || b[d] == 0x09 { d += 1 }
                    return (l.lo..<k, d..<l.hi)
                }
                k = e
                continue
            }
            k += 1
        }
        return nil
    }

    // MARK: Tables

    /// Cells of a table: text after each `|` (or `!`) up to the next, a cell specifier (`2+`, `.3+^`, `a`)
    /// before a separator excluded; `a` cells are parsed as blocks, `l` and `m` cells are not prose.
    /// Comma- and colon-separated tables split each line.
    private mutating func table(_ lines: ArraySlice<MarkupLine>, _ separator: UInt8, _ c: inout ProseCollector) {
        if separator == 0x2C || separator == 0x3A {
            for l in lines where !l.isBlank {
                var start = l.lo
                for k in l.lo...l.hi where k == l.hi || b[k] == separator {
                    let v = MarkupLine.view(b, start, k)
                    c.add(.tableCell, segments: [v.lo..<v.hi], AsciiDocParser.inline)
                    start = k + 1
                }
            }
            return
        }
        var cell: [MarkupLine] = []
        var cellStyle: UInt8 = 0
        var open = false
        func flush(_ parser: inout AsciiDocParser, _ c: inout ProseCollector) {
            defer {
                cell = []
                open = false
            }
            guard open else { return }
            switch cellStyle {
            case 0x6C, 0x6D: return  // literal, monospace
            case 0x61:
                var body = cell
                if let k = body.firstIndex(where: { !$0.isBlank }) { body[k].indent = 0 }
                parser.blocks(body[...], &c, kind: .tableCell)
            default:
                c.add(.tableCell, segments: cell.filter { !$0.isBlank }.map { $0.lo..<$0.hi }, AsciiDocParser.inline)
            }
        }
        for l in lines {
            if l.isBlank {
                if open { cell.append(l) }
                continue
            }
            var start = l.lo
            var k = l.lo
            while k < l.hi {
                if b[k] == 0x5C {
                    k += 2
                    continue
                }
                guard b[k] == separator else {
                    k += 1
                    continue
                }
                // A specifier directly before the separator, at the line start or after a blank.
                var s = k
                while s > start, isSpecifier(b[s - 1]) { s -= 1 }
                if s < k, s > l.lo, b[s - 1] != 0x20, b[s - 1] != 0x09 { s = k }
                if s < k, !validSpecifier(s..<k) { s = k }
                if open { cell.append(MarkupLine.view(b, start, s)) }
                flush(&self, &c)
                cellStyle = s < k && Bytes.isAlnum(b[k - 1]) && !(b[k - 1] >= 0x30 && b[k - 1] <= 0x39) ? b[k - 1] : 0
                open = true
                start = k + 1
                k += 1
            }
            if open, start < l.hi { cell.append(MarkupLine.view(b, start, l.hi)) }
        }
        flush(&self, &c)
    }

    private func isSpecifier(_ x: UInt8) -> Bool {
        (x >= 0x30 && x <= 0x39) || "+*.<^>adehlmsv".utf8.contains(x)
    }

    /// `2+`, `.3+`, `2.2+`, `3*`, `^.>`, `2+^.^a`: a cell specifier (spans, alignment, style).
    private func validSpecifier(_ r: Range<Int>) -> Bool {
        var k = r.lowerBound
        func digits() { while k < r.upperBound, b[k] >= 0x30, b[k] <= 0x39 { k += 1 } }
        let spanStart = k
        digits()
        if k < r.upperBound, b[k] == 0x2E {
            k += 1
            digits()
        }
        if k > spanStart {
            guard k < r.upperBound, b[k] == 0x2B || b[k] == 0x2A else { return false }
            k += 1
        }
        if k < r.upperBound, "<^>".utf8.contains(b[k]) { k += 1 }
        if k + 1 < r.upperBound, b[k] == 0x2E, "<^>".utf8.contains(b[k + 1]) { k += 2 }
        if k < r.upperBound, "adehlmsv".utf8.contains(b[k]) { k += 1 }
        return k == r.upperBound
    }

    // MARK: Inline markup

    static let reach = 2048

    /// Prose of a block's joined text: monospace, passthroughs, attribute references, anchors, cross
    /// reference ids, macro targets and URLs are cut out; emphasis markers are dropped, their text kept.
    static func inline(_ t: [UInt8]) -> [(range: Range<Int>, spaceBefore: Bool)] {
        var out: [(range: Range<Int>, spaceBefore: Bool)] = []
        var runStart = 0
        var space = false
        func cut(_ from: Int, _ to: Int, separates: Bool) {
            if from > runStart {
                out.append((runStart..<from, space))
                space = false
            }
            runStart = max(runStart, to)
            if separates { space = true }
        }
        /// The next `marker` after `from` (within reach, on text that is not blank before it).
        func find(_ marker: [UInt8], from: Int, constrained: Bool) -> Int? {
            var j = from
            let limit = min(t.count, from + reach)
            while j + marker.count <= limit {
                if t[j] == 0x5C {
                    j += 2
                    continue
                }
                if t[j] == marker[0], t[j..<(j + marker.count)].elementsEqual(marker), !Bytes.isSpace(t[j - 1]) {
                    let after = j + marker.count
                    // A constrained mark must not be followed by a letter, digit or another mark.
                    if !constrained || after >= t.count || (!Bytes.wordAt(t, after) && t[after] != marker[0]) {
                        return j
                    }
                }
                j += 1
            }
            return nil
        }
        /// The `]` closing a bracket opened at `open`.
        func bracketEnd(_ open: Int) -> Int? {
            var j = open + 1
            let limit = min(t.count, open + reach)
            while j < limit {
                if t[j] == 0x5C {
                    j += 2
                    continue
                }
                if t[j] == 0x5D { return j }
                j += 1
            }
            return nil
        }
        /// A URL from `at` (scheme already checked): its end.
        func urlEnd(_ at: Int) -> Int {
            var e = at
            while e < t.count, !Bytes.isSpace(t[e]), t[e] != 0x5B, t[e] != 0x3C, t[e] != 0x3E, t[e] != 0x22 { e += 1 }
            while e > at, ".,;:!?)'".utf8.contains(t[e - 1]) { e -= 1 }
            return e
        }
        /// Bracketed macro text from `open` (`[`): keeps its prose, cuts the rest; returns the offset after `]`.
        func bracket(_ open: Int, prose: Bool, image: Bool = false) -> Int {
            guard let close = bracketEnd(open) else {
                cut(open, open + 1, separates: true)
                return open + 1
            }
            if prose, let text = AsciiDocParser.attributeText(t, (open + 1)..<close, firstOnly: image) {
                cut(open, text.lowerBound, separates: true)
                cut(text.upperBound, close + 1, separates: true)
            } else {
                cut(open, close + 1, separates: true)
            }
            return close + 1
        }
        var i = 0
        while i < t.count {
            let x = t[i]
            let boundary = i == 0 || !Bytes.wordBefore(t, i)
            switch x {
            case 0x5C where i + 1 < t.count && Bytes.isPunctuation(t[i + 1]):
                cut(i, i + 1, separates: false)
                i += 2
            case 0x60:
                // ``code`` anywhere; `code` at a word boundary; "`quoted`" and '`quoted`' are quotes.
                if i + 1 < t.count, t[i + 1] == 0x60, let close = find([0x60, 0x60], from: i + 2, constrained: false) {
                    cut(i, close + 2, separates: true)
                    i = close + 2
                } else if boundary, i + 1 < t.count, !Bytes.isSpace(t[i + 1]),
                    let close = find([0x60], from: i + 1, constrained: true)
                {
                    if i > 0, t[i - 1] == 0x22 || t[i - 1] == 0x27, close + 1 < t.count, t[close + 1] == t[i - 1] {
                        cut(i - 1, i + 1, separates: false)
                        cut(close, close + 2, separates: false)
                    } else {
                        cut(i, close + 1, separates: true)
                    }
                    i = close + 1
                } else {
                    i += 1
                }
            case 0x2B:
                // +++pass+++, ++pass++, +pass+ (constrained); a trailing ` +` is a hard line break.
                if i > 0, Bytes.isSpace(t[i - 1]), i + 1 == t.count || t[i + 1] == 0x0A {
                    cut(i, i + 1, separates: false)
                    i += 1
                    continue
                }
                var n = 0
                while i + n < t.count, t[i + n] == 0x2B, n < 3 { n += 1 }
                let marker = [UInt8](repeating: 0x2B, count: n)
                if n > 1 || boundary, i + n < t.count, !Bytes.isSpace(t[i + n]),
                    let close = find(marker, from: i + n + 1, constrained: n == 1)
                {
                    cut(i, close + n, separates: true)
                    i = close + n
                } else {
                    i += n
                }
            case 0x7B:
                // An attribute reference {name} (or {counter:name}).
                var k = i + 1
                while k < t.count, k - i < 64, Bytes.isIdentifier(t[k]) || t[k] == 0x2D || t[k] == 0x3A { k += 1 }
                if k > i + 1, k < t.count, t[k] == 0x7D {
                    cut(i, k + 1, separates: true)
                    i = k + 1
                } else {
                    i += 1
                }
            case 0x5B:
                if Bytes.has(t, i, "[["), let close = bracketEnd(i + 1), Bytes.has(t, close, "]]") {
                    var e = close + 2
                    if e < t.count, t[e] == 0x5D { e += 1 }
                    cut(i, e, separates: true)  // an anchor [[id]] or bibliography anchor [[[id]]]
                    i = e
                } else if let close = bracketEnd(i), close + 1 < t.count, "#*_`".utf8.contains(t[close + 1]),
                    close > i + 1, ".#%".utf8.contains(t[i + 1]) || !t[(i + 1)..<close].contains(0x20)
                {
                    cut(i, close + 1, separates: false)  // a role or id before formatted text: [.role]#text#
                    i = close + 1
                } else {
                    i += 1
                }
            case 0x3C where Bytes.has(t, i, "<<"):
                // A cross reference: <<id>> is not prose; in <<id,text>> the text is.
                var k = i + 2
                while k + 1 < t.count, k - i < reach, !Bytes.has(t, k, ">>") { k += 1 }
                guard Bytes.has(t, k, ">>") else {
                    i += 2
                    continue
                }
                if let comma = t[(i + 2)..<k].firstIndex(of: 0x2C) {
                    cut(i, comma + 1, separates: true)
                    cut(k, k + 2, separates: true)
                } else {
                    cut(i, k + 2, separates: true)
                }
                i = k + 2
            case 0x3C where i + 1 < t.count && (Bytes.has(t, i + 1, "http://") || Bytes.has(t, i + 1, "https://")):
                let e = urlEnd(i + 1)
                cut(i, e < t.count && t[e] == 0x3E ? e + 1 : e, separates: true)
                i = max(e, i + 1)
            case 0x28 where Bytes.has(t, i, "((("):
                if let close = t[i..<min(t.count, i + reach)].firstIndex(of: 0x29), Bytes.has(t, close, ")))") {
                    cut(i, close + 3, separates: true)  // a hidden index term
                    i = close + 3
                } else {
                    i += 3
                }
            case 0x28 where Bytes.has(t, i, "(("):
                if let close = t[i..<min(t.count, i + reach)].firstIndex(of: 0x29), Bytes.has(t, close, "))") {
                    cut(i, i + 2, separates: false)  // a visible index term: its text is prose
                    cut(close, close + 2, separates: false)
                    i = close + 2
                } else {
                    i += 2
                }
            case 0x2A, 0x5F, 0x23, 0x5E, 0x7E:
                // Emphasis: **x**, __x__, ##x## anywhere; *x*, _x_, #x# at word boundaries; ^x^ and ~x~ without spaces.
                if x == 0x5E || x == 0x7E {
                    if i + 1 < t.count, !Bytes.isSpace(t[i + 1]),
                        let close = t[(i + 1)..<min(t.count, i + 64)]
                            .firstIndex(where: { $0 == x || Bytes.isSpace($0) }),
                        t[close] == x, close > i + 1
                    {
                        cut(i, i + 1, separates: false)
                        cut(close, close + 1, separates: false)
                        i = close + 1
                    } else {
                        i += 1
                    }
                    continue
                }
                let double = i + 1 < t.count && t[i + 1] == x
                if double, i + 2 < t.count, !Bytes.isSpace(t[i + 2]),
                    let close = find([x, x], from: i + 3, constrained: false)
                {
                    cut(i, i + 2, separates: false)
                    cut(close, close + 2, separates: false)
                    i = close + 2
                } else if !double, boundary, i + 1 < t.count, !Bytes.isSpace(t[i + 1]),
                    let close = find([x], from: i + 2, constrained: true)
                {
                    cut(i, i + 1, separates: false)
                    cut(close, close + 1, separates: false)
                    i = close + 1
                } else {
                    i += double ? 2 : 1
                }
            default:
                guard boundary, Bytes.isAlnum(x) else {
                    i += 1
                    continue
                }
                // A macro (name:target[text]) or a URL, at the start of a word.
                var k = i
                while k < t.count, k - i < 32, Bytes.isAlnum(t[k]) || t[k] == 0x2D || t[k] == 0x5F { k += 1 }
                guard k < t.count, t[k] == 0x3A, k + 1 < t.count else {
                    i = k
                    continue
                }
                let name = String(decoding: t[i..<k], as: UTF8.self).lowercased()
                if ["http", "https", "ftp", "irc", "file"].contains(name), Bytes.has(t, k, "://") {
                    let e = urlEnd(i)
                    cut(i, e, separates: true)
                    i = e < t.count && t[e] == 0x5B ? bracket(e, prose: true) : max(e, k + 1)
                    continue
                }
                guard adocTextMacros.contains(name) || adocHiddenMacros.contains(name) else {
                    i = k + 1
                    continue
                }
                var e = k + 1
                while e < t.count, !Bytes.isSpace(t[e]), t[e] != 0x5B, e - k < reach { e += 1 }
                guard e < t.count, t[e] == 0x5B else {
                    i = k + 1
                    continue
                }
                cut(i, e, separates: true)
                i = bracket(e, prose: adocTextMacros.contains(name), image: name == "image")
            }
        }
        cut(t.count, t.count, separates: false)
        return out
    }
}
