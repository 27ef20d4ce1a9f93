/// Prose of a reStructuredText document: paragraphs, section titles, list items, definition and
/// field lists, block quotes, table cells, footnotes and the content of admonitions and other
/// directives. Literal blocks, code and other non-prose directives, directive options, comments,
/// inline literals, roles, substitutions, hyperlink targets and URLs are not prose. Comments may
/// hold ally directives (`.. ally-disable-next-line gender`).
enum RestructuredTextProse {
    static func extract(_ document: inout Document) {
        var collector = ProseCollector(bytes: document.bytes)
        var parser = RSTParser(bytes: document.bytes)
        let lines = MarkupLine.split(document.bytes)
        parser.blocks(lines[...], &collector)
        collector.finish(&document)
    }

    /// Adds the prose of reStructuredText held in `lines` of a larger file (a Python docstring).
    static func extract(lines: [MarkupLine], into collector: inout ProseCollector) {
        var parser = RSTParser(bytes: collector.bytes)
        parser.blocks(lines[...], &collector)
    }
}

/// Directives whose arguments, options and content are all not prose.
private let rstSkippedDirectives: Set<String> = [
    "code", "code-block", "sourcecode", "literalinclude", "highlight", "highlightlang", "raw", "math", "include",
    "image", "toctree", "index", "meta", "default-role", "role", "csv-table", "tabularcolumns", "graphviz", "graph",
    "digraph", "inheritance-diagram", "autosummary", "parsed-literal", "productionlist", "doctest", "testcode",
    "testoutput", "testsetup", "testcleanup", "ipython", "jupyter-execute", "code-cell", "plot", "mermaid", "uml",
    "plantuml", "kroki", "sectionauthor", "moduleauthor", "codeauthor", "currentmodule", "module", "py:module",
    "py:currentmodule", "sectnum", "section-numbering", "unicode", "date", "replace", "target-notes", "prompt",
    "tab-set-code", "asciinema", "youtube", "video", "program-output", "command-output", "runblock", "exec",
]
/// Directives whose arguments are a title (prose) and whose content is body text.
private let rstTitledDirectives: Set<String> = [
    "admonition", "topic", "sidebar", "rubric", "table", "list-table", "contents", "title", "centered", "dropdown",
    "tab", "tab-item", "card",
]
/// Directives without arguments: text on the directive line already belongs to the content.
private let rstContentDirectives: Set<String> = [
    "note", "warning", "attention", "caution", "danger", "error", "hint", "important", "tip", "seealso", "todo",
    "epigraph", "highlights", "pull-quote", "compound", "hlist", "glossary", "header", "footer",
]
/// Directives whose first argument is a version number and the rest of the line a sentence.
private let rstVersionDirectives: Set<String> = ["deprecated", "versionadded", "versionchanged", "versionremoved"]

/// Block structure of reStructuredText over lines seen from their container's left edge; nested
/// bodies (list items, block quotes, directive content, table cells) are parsed recursively.
struct RSTParser {
    let b: [UInt8]
    /// Title adornments in order of first use (character, with overline): their index is the level.
    private var titleStyles: [[UInt8]] = []
    private var depth = 0
    /// Nesting deeper than this is read flat (no recursion), keeping the stack small on any input.
    static let maxDepth = 48

    init(bytes: [UInt8]) { b = bytes }

    // MARK: Blocks

    /// Parses a body: `first` is the kind of its first paragraph (a list item's), `kind` of the others.
    /// Whether an indented block's last paragraph is an attribution: it starts with `--`, `---` or a dash.
    func hasAttribution(_ lines: ArraySlice<MarkupLine>) -> Bool {
        guard var k = lines.lastIndex(where: { !$0.isBlank }) else { return false }
        while k > lines.startIndex, !lines[k - 1].isBlank { k -= 1 }
        let l = lines[k]
        return Bytes.has(b, l.lo, "-- ") || Bytes.has(b, l.lo, "--- ") || Bytes.has(b, l.lo, "\u{2014}")
            || Bytes.has(b, l.lo, "\u{2015}")
    }

    mutating func blocks(
        _ lines: ArraySlice<MarkupLine>, _ c: inout ProseCollector,
        first: BlockKind? = nil, kind: BlockKind = .paragraph
    ) {
        guard depth < RSTParser.maxDepth else {
            flat(lines, &c, kind)
            return
        }
        depth += 1
        defer { depth -= 1 }
        let base = lines.lazy.filter { !$0.isBlank }.map(\.indent).min() ?? 0
        var firstKind = first
        var literalNext = false
        var i = lines.startIndex
        let end = lines.endIndex
        /// The kind of the next block, which is no longer the body's first.
        func next() -> BlockKind {
            defer { firstKind = nil }
            return firstKind ?? kind
        }
        while i < end {
            let l = lines[i]
            if l.isBlank {
                i += 1
                continue
            }
            if l.indent > base {
                let stop = indented(lines, from: i, than: base)
                // A block quote; one that ends with an attribution (`-- Name`) is someone else's words.
                if !literalNext {
                    blocks(lines[i..<stop], &c, kind: hasAttribution(lines[i..<stop]) ? .quotation : kind)
                }
                literalNext = false
                _ = next()
                i = stop
                continue
            }
            if literalNext {
                literalNext = false
                // A quoted literal block: lines that all start with the same punctuation character.
                let q = b[l.lo]
                if Bytes.isPunctuation(q) {
                    while i < end, !lines[i].isBlank, lines[i].indent == base, b[lines[i].lo] == q { i += 1 }
                    continue
                }
            }
            if isExplicit(l) {
                i = explicit(lines, i, &c)
                _ = next()
                continue
            }
            if Bytes.has(b, l.lo, "__ ") || (l.hi - l.lo == 2 && Bytes.has(b, l.lo, "__")) {  // anonymous target
                i = indented(lines, from: i + 1, than: l.indent)
                continue
            }
            if isGridBorder(l) {
                i = gridTable(lines, i, &c)
                _ = next()
                continue
            }
            if isSimpleBorder(l), i + 1 < end, !lines[i + 1].isBlank {
                i = simpleTable(lines, i, &c)
                _ = next()
                continue
            }
            if let adornment = adornment(l) {
                i = adorned(lines, i, adornment, &c)
                _ = next()
                continue
            }
            if i + 1 < end, let under = adornment(lines[i + 1]), lines[i + 1].indent == l.indent,
                under.count >= 4 || under.count >= Bytes.columns(b, l.lo..<l.hi)
            {
                c.add(.heading(level: level(under[0], overline: false)), segments: [l.lo..<l.hi], RSTParser.inline)
                _ = next()
                i += 2
                continue
            }
            if isDoctest(l) {
                while i < end, !lines[i].isBlank { i += 1 }
                continue
            }
            if b[l.lo] == 0x7C, l.hi - l.lo == 1 || b[l.lo + 1] == 0x20 {
                i = lineBlock(lines, i, base, &c, next())
                continue
            }
            if let marker = bulletLength(l) ?? enumeratorLength(lines, i) {
                i = item(lines, i, marker: marker, &c, first: .listItem)
                _ = next()
                continue
            }
            if let body = fieldBody(l) {
                i = item(lines, i, marker: body - l.lo, &c, first: .paragraph)
                _ = next()
                continue
            }
            if let option = optionList(lines, i) {
                i = item(lines, i, marker: option, &c, first: .paragraph)
                _ = next()
                continue
            }
            if i + 1 < end, !lines[i + 1].isBlank, lines[i + 1].indent > l.indent {  // a definition list item
                c.add(.listItem, segments: [l.lo..<l.hi], RSTParser.inline)
                _ = next()
                let stop = indented(lines, from: i + 1, than: l.indent)
                blocks(lines[(i + 1)..<stop], &c)
                i = stop
                continue
            }
            // A paragraph: lines at the same indentation up to a blank line. (A field or doctest line also
            // ends it: docutils would read on, but docstrings often leave out the blank line before them.)
            var k = i
            var segments: [Range<Int>] = []
            while k < end, !lines[k].isBlank, lines[k].indent == l.indent,
                k == i || (fieldBody(lines[k]) == nil && !isDoctest(lines[k]))
            {
                segments.append(lines[k].lo..<lines[k].hi)
                k += 1
            }
            if var last = segments.last, last.count >= 2, Bytes.has(b, last.upperBound - 2, "::") {
                // `::` ends the paragraph and announces a literal block; the marker itself is not text.
                literalNext = true
                last = last.lowerBound..<(last.upperBound - 2)
                while last.upperBound > last.lowerBound, b[last.upperBound - 1] == 0x20 {
                    last = last.lowerBound..<(last.upperBound - 1)
                }
                segments[segments.count - 1] = last
            }
            c.add(next(), segments: segments, RSTParser.inline)
            i = k
        }
    }

    /// `>>> `: a doctest block (an interactive session) starts here.
    private func isDoctest(_ l: MarkupLine) -> Bool {
        Bytes.has(b, l.lo, ">>>") && (l.hi - l.lo == 3 || b[l.lo + 3] == 0x20)
    }

    /// Past the deepest nesting: every non-blank run of lines is a paragraph.
    private func flat(_ lines: ArraySlice<MarkupLine>, _ c: inout ProseCollector, _ kind: BlockKind) {
        var segments: [Range<Int>] = []
        for l in lines {
            if l.isBlank {
                c.add(kind, segments: segments, RSTParser.inline)
                segments = []
            } else {
                segments.append(l.lo..<l.hi)
            }
        }
        c.add(kind, segments: segments, RSTParser.inline)
    }

    /// Index after the lines from `from` that are blank or indented more than `indent`, trailing blanks left out.
    private func indented(_ lines: ArraySlice<MarkupLine>, from: Int, than indent: Int) -> Int {
        var k = from
        var last = from
        while k < lines.endIndex, lines[k].isBlank || lines[k].indent > indent {
            k += 1
            if !lines[k - 1].isBlank { last = k }
        }
        return last
    }

    /// A list item, field or option: the text after the marker and the lines indented past its start.
    private mutating func item(
        _ lines: ArraySlice<MarkupLine>, _ i: Int, marker: Int, _ c: inout ProseCollector,
        first: BlockKind
    ) -> Int {
        let l = lines[i]
        let stop = indented(lines, from: i + 1, than: l.indent)
        var body: [MarkupLine] = []
        let start = min(l.lo + marker, l.hi)
        let head = MarkupLine.view(b, start, l.hi, column: l.indent + Bytes.columns(b, l.lo..<start))
        if !head.isBlank { body.append(head) }
        body += lines[(i + 1)..<stop]
        blocks(body[...], &c, first: first)
        return stop
    }

    // MARK: Explicit markup

    private func isExplicit(_ l: MarkupLine) -> Bool {
        Bytes.has(b, l.lo, "..") && (l.hi - l.lo == 2 || b[l.lo + 2] == 0x20)
    }

    /// A directive, footnote, citation, hyperlink target, substitution definition or comment.
    private mutating func explicit(_ lines: ArraySlice<MarkupLine>, _ i: Int, _ c: inout ProseCollector) -> Int {
        let l = lines[i]
        if l.hi - l.lo == 2, i + 1 == lines.endIndex || lines[i + 1].isBlank { return i + 1 }  // an empty comment
        let stop = indented(lines, from: i + 1, than: l.indent)
        var r = l.lo + 2
        while r < l.hi, b[r] == 0x20 { r += 1 }
        if r < l.hi, b[r] == 0x5B, let close = b[r..<l.hi].firstIndex(of: 0x5D),
            close + 1 == l.hi || b[close + 1] == 0x20, isLabel(r + 1..<close)
        {
            // A footnote or citation: the label is not prose, the text is.
            return item(lines, i, marker: close + 1 - l.lo, &c, first: .paragraph)
        }
        if r < l.hi, b[r] == 0x5F || b[r] == 0x7C { return stop }  // a hyperlink target or substitution definition
        if let (name, args) = directiveName(r, l.hi) {
            directive(name, args: args, lines, i, stop, &c)
            return stop
        }
        // A comment: not prose, but it may be an ally directive.
        let last = lines[i..<stop].last(where: { !$0.isBlank }) ?? l
        c.comment(min(r, l.hi)..<max(min(r, l.hi), last.hi), whole: l.lo..<last.hi)
        return stop
    }

    /// A footnote label (`1`, `#`, `#name`, `*`) or citation label (`CIT2002`).
    private func isLabel(_ r: Range<Int>) -> Bool {
        guard !r.isEmpty, r.count <= 64 else { return false }
        return b[r].allSatisfy(RSTParser.isLabelByte)
    }

    /// Letters, digits and `#*-_.`: what footnote and citation labels are made of.
    static func isLabelByte(_ x: UInt8) -> Bool {
        Bytes.isAlnum(x) || x == 0x23 || x == 0x2A || x == 0x2D || x == 0x5F || x == 0x2E
    }

    /// Letters, digits and `-_+.:`: what directive and role names are made of.
    static func isNameByte(_ x: UInt8) -> Bool {
        Bytes.isAlnum(x) || x == 0x2D || x == 0x5F || x == 0x2B || x == 0x2E || x == 0x3A
    }

    /// `name::` at `r` (the name may hold `:`, as in `py:function::`): the lowercased name and where
    /// its arguments start.
    private func directiveName(_ r: Int, _ hi: Int) -> (String, Int)? {
        var k = r
        while k + 1 < hi, !(b[k] == 0x3A && b[k + 1] == 0x3A) {
            guard RSTParser.isNameByte(b[k]) else { return nil }
            k += 1
        }
        guard k > r, k + 1 < hi, k + 2 == hi || b[k + 2] == 0x20 else { return nil }
        var args = k + 2
        while args < hi, b[args] == 0x20 { args += 1 }
        return (String(decoding: b[r..<k], as: UTF8.self).lowercased(), args)
    }

    private mutating func directive(
        _ name: String, args: Int, _ lines: ArraySlice<MarkupLine>, _ i: Int, _ stop: Int,
        _ c: inout ProseCollector
    ) {
        if rstSkippedDirectives.contains(name) { return }
        let l = lines[i]
        // Arguments (or, for directives without any, the first lines of content), then options, then content.
        var head: [MarkupLine] = []
        if args < l.hi { head.append(MarkupLine.view(b, args, l.hi, column: l.indent + Bytes.columns(b, l.lo..<args))) }
        var k = i + 1
        while k < stop, !lines[k].isBlank, fieldBody(lines[k]) == nil {
            head.append(lines[k])
            k += 1
        }
        while k < stop, !lines[k].isBlank, fieldBody(lines[k]) != nil {  // options, with their continuation lines
            let indent = lines[k].indent
            k += 1
            while k < stop, !lines[k].isBlank, lines[k].indent > indent { k += 1 }
        }
        let content = lines[k..<stop]
        if rstTitledDirectives.contains(name) {
            c.add(.other, segments: head.map { $0.lo..<$0.hi }, RSTParser.inline)
            blocks(content, &c)
        } else if rstContentDirectives.contains(name) || rstVersionDirectives.contains(name) {
            if rstVersionDirectives.contains(name), let first = head.first {
                // The version number is not prose; what follows it on the line is.
                var v = first.lo
                while v < first.hi, b[v] != 0x20 { v += 1 }
                head[0] = MarkupLine.view(b, v, first.hi, column: first.indent + Bytes.columns(b, first.lo..<v))
            }
            // The first lines and the content are one body (the first lines one paragraph), apart by a blank line.
            let indent = content.first(where: { !$0.isBlank })?.indent ?? head.dropFirst().map(\.indent).min() ?? 0
            let body =
                head.map { MarkupLine(lo: $0.lo, hi: $0.hi, indent: indent) } + [MarkupLine.blank(at: l.hi)]
                + Array(content)
            blocks(body[...], &c)
        } else {
            blocks(content, &c)
        }
    }

    // MARK: Titles, transitions and tables

    /// A line of one repeated punctuation character (no spaces): its bytes.
    private func adornment(_ l: MarkupLine) -> [UInt8]? {
        // (`::` alone is the expanded form of a literal block's marker.)
        guard l.hi - l.lo >= 2, !(l.hi - l.lo == 2 && b[l.lo] == 0x3A) else { return nil }
        let ch = b[l.lo]
        guard Bytes.isPunctuation(ch), b[l.lo..<l.hi].allSatisfy({ $0 == ch }) else { return nil }
        return Array(b[l.lo..<l.hi])
    }

    private mutating func level(_ ch: UInt8, overline: Bool) -> Int {
        let key = [ch, overline ? 1 : 0]
        if let k = titleStyles.firstIndex(of: key) { return min(k + 1, 6) }
        titleStyles.append(key)
        return min(titleStyles.count, 6)
    }

    /// A block starting with an adornment line: an overlined title, a transition or a simple table.
    private mutating func adorned(
        _ lines: ArraySlice<MarkupLine>, _ i: Int, _ adornment: [UInt8],
        _ c: inout ProseCollector
    ) -> Int {
        let end = lines.endIndex
        if i + 2 < end, !lines[i + 1].isBlank, let under = self.adornment(lines[i + 2]),
            under.first == adornment.first
        {
            let t = lines[i + 1]
            c.add(.heading(level: level(adornment[0], overline: true)), segments: [t.lo..<t.hi], RSTParser.inline)
            return i + 3
        }
        if adornment[0] == 0x3D, i + 1 < end, !lines[i + 1].isBlank { return simpleTable(lines, i, &c) }
        return i + 1  // a transition (or a stray adornment): not prose
    }

    /// `=====  =====`: the border of a simple table with several columns.
    private func isSimpleBorder(_ l: MarkupLine) -> Bool {
        b[l.lo] == 0x3D && b[l.lo..<l.hi].contains(0x20) && b[l.lo..<l.hi].allSatisfy { $0 == 0x3D || $0 == 0x20 }
    }

    private func isGridBorder(_ l: MarkupLine) -> Bool {
        guard l.hi - l.lo >= 3, b[l.lo] == 0x2B, b[l.hi - 1] == 0x2B, b[l.lo + 1] == 0x2D || b[l.lo + 1] == 0x3D else {
            return false
        }
        return b[l.lo..<l.hi].allSatisfy { $0 == 0x2B || $0 == 0x2D || $0 == 0x3D }
    }

    /// Byte offset of each character of a line (and its end), so columns can be turned into bytes.
    private func characterOffsets(_ l: MarkupLine) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(l.hi - l.lo + 1)
        for k in l.lo..<l.hi where b[k] & 0xC0 != 0x80 { out.append(k) }
        out.append(l.hi)
        return out
    }

    /// A grid table: the text of each cell (its lines between `|` and `+` borders) is parsed as a body.
    private mutating func gridTable(_ lines: ArraySlice<MarkupLine>, _ i: Int, _ c: inout ProseCollector) -> Int {
        var stop = i
        while stop < lines.endIndex, !lines[stop].isBlank, b[lines[stop].lo] == 0x2B || b[lines[stop].lo] == 0x7C {
            stop += 1
        }
        // Column boundaries: every `+` of every border line.
        var boundaries = Set<Int>()
        for k in i..<stop where b[lines[k].lo] == 0x2B {
            let offsets = characterOffsets(lines[k])
            for (col, o) in offsets.dropLast().enumerated() where b[o] == 0x2B { boundaries.insert(col) }
        }
        var open: [Int: [Range<Int>]] = [:]
        var order: [Int] = []
        func close(_ col: Int, _ parser: inout RSTParser, _ c: inout ProseCollector) {
            guard let segments = open.removeValue(forKey: col) else { return }
            let body = segments.map { MarkupLine.view(parser.b, $0.lowerBound, $0.upperBound) }
            parser.blocks(body[...], &c, kind: .tableCell)
        }
        for k in i..<stop {
            let offsets = characterOffsets(lines[k])
            let n = offsets.count - 1
            // Split at the `+` and `|` on column boundaries (and at the right edge even when misaligned).
            var splits = [0]
            func isEdge(_ col: Int) -> Bool { b[offsets[col]] == 0x2B || b[offsets[col]] == 0x7C }
            for col in 1..<max(1, n) where boundaries.contains(col) && isEdge(col) { splits.append(col) }
            if n > 1, splits.last != n - 1, isEdge(n - 1) { splits.append(n - 1) }
            for (left, right) in zip(splits, splits.dropFirst()) {
                let piece = (offsets[left] + 1)..<offsets[right]
                if !piece.isEmpty, b[piece].allSatisfy({ $0 == 0x2D || $0 == 0x3D || $0 == 0x2B }) {
                    for start in order where start >= left && start < right { close(start, &self, &c) }
                    order.removeAll { open[$0] == nil }
                } else if !piece.isEmpty {
                    if open[left] == nil {
                        open[left] = []
                        order.append(left)
                    }
                    open[left]!.append(piece)
                }
            }
        }
        for start in order { close(start, &self, &c) }
        return stop
    }

    /// A simple table: columns from the `=` runs of its top border; a row whose first column is
    /// blank continues the row above.
    private mutating func simpleTable(_ lines: ArraySlice<MarkupLine>, _ i: Int, _ c: inout ProseCollector) -> Int {
        let top = lines[i]
        let topOffsets = characterOffsets(top)
        var starts: [Int] = []
        for col in 0..<(topOffsets.count - 1) where b[topOffsets[col]] == 0x3D {
            if col == 0 || b[topOffsets[col - 1]] == 0x20 { starts.append(col) }
        }
        var cells: [[Range<Int>]] = Array(repeating: [], count: starts.count)
        func closeRow(_ parser: inout RSTParser, _ c: inout ProseCollector) {
            for k in cells.indices where !cells[k].isEmpty {
                let body = cells[k].map { MarkupLine.view(parser.b, $0.lowerBound, $0.upperBound) }
                parser.blocks(body[...], &c, kind: .tableCell)
                cells[k] = []
            }
        }
        var k = i + 1
        let end = lines.endIndex
        while k < end {
            let l = lines[k]
            if l.isBlank {
                // A blank line ends the table unless a row or the bottom border follows.
                if k + 1 >= end || lines[k + 1].isBlank || lines[k + 1].indent < top.indent { break }
                k += 1
                continue
            }
            if l.indent < top.indent { break }
            let isBorder = b[l.lo..<l.hi].allSatisfy { $0 == 0x3D || $0 == 0x20 }
            if isBorder {
                closeRow(&self, &c)
                k += 1
                if k >= end || lines[k].isBlank { break }  // the bottom border
                continue
            }
            if b[l.lo..<l.hi].allSatisfy({ $0 == 0x2D || $0 == 0x20 }) {
                k += 1
                continue
            }  // column-span underlines
            // Cells by column, counted from the table's left edge.
            var edge = l.lo
            while edge > 0, l.lo - edge < l.indent - top.indent, b[edge - 1] == 0x20 || b[edge - 1] == 0x09 {
                edge -= 1
            }
            let offsets = characterOffsets(MarkupLine(lo: edge, hi: l.hi, indent: 0))
            func cell(_ n: Int) -> Range<Int> {
                let lo = min(starts[n], offsets.count - 1)
                let hi = n + 1 < starts.count ? min(starts[n + 1], offsets.count - 1) : offsets.count - 1
                return offsets[lo]..<offsets[max(lo, hi)]
            }
            let firstBlank = b[cell(0)].allSatisfy { $0 == 0x20 }
            if !firstBlank { closeRow(&self, &c) }
            for n in starts.indices {
                let r = cell(n)
                if !b[r].allSatisfy({ $0 == 0x20 }) { cells[n].append(r) }
            }
            k += 1
        }
        closeRow(&self, &c)
        return k
    }

    // MARK: Lists and line blocks

    /// `- `, `* `, `+ `, `• `, `‣ `, `⁃ ` (or the marker alone): the marker's length.
    private func bulletLength(_ l: MarkupLine) -> Int? {
        let x = b[l.lo]
        var n = 0
        if x == 0x2A || x == 0x2B || x == 0x2D {
            n = 1
        } else if Bytes.has(b, l.lo, "•") || Bytes.has(b, l.lo, "‣") || Bytes.has(b, l.lo, "⁃") {
            n = 3
        }
        guard n > 0, l.lo + n == l.hi || b[l.lo + n] == 0x20 else { return nil }
        return n
    }

    /// `1. `, `(a) `, `iv) `, `#. `: the enumerator's length, when the next line does not continue a
    /// paragraph instead (unindented text after it makes the line an ordinary paragraph).
    private func enumeratorLength(_ lines: ArraySlice<MarkupLine>, _ i: Int) -> Int? {
        guard let n = enumerator(lines[i]) else { return nil }
        let l = lines[i]
        if i + 1 < lines.endIndex, !lines[i + 1].isBlank, lines[i + 1].indent <= l.indent,
            enumerator(lines[i + 1]) == nil
        {
            return nil
        }
        return n
    }

    private func enumerator(_ l: MarkupLine) -> Int? {
        var k = l.lo
        let paren = b[k] == 0x28
        if paren { k += 1 }
        let start = k
        while k < l.hi, Bytes.isAlnum(b[k]) || b[k] == 0x23, k - start < 8 { k += 1 }
        guard k > start, k < l.hi else { return nil }
        let label = b[start..<k]
        let digits = label.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        let roman = label.allSatisfy { "ivxlcdm".utf8.contains($0) } || label.allSatisfy { "IVXLCDM".utf8.contains($0) }
        let single = label.count == 1 && (Bytes.isAlnum(label.first!) || label.first == 0x23)
        guard digits || roman || single else { return nil }
        guard b[k] == 0x29 || (!paren && b[k] == 0x2E) else { return nil }
        k += 1
        guard k == l.hi || b[k] == 0x20 else { return nil }
        return k - l.lo
    }

    /// `:name: body`: where the body starts (the field name is not prose). A role (`:ref:`…``) is not a field.
    private func fieldBody(_ l: MarkupLine) -> Int? {
        guard b[l.lo] == 0x3A, l.hi - l.lo >= 3, b[l.lo + 1] != 0x20 else { return nil }
        var k = l.lo + 1
        while k < l.hi {
            let x = b[k]
            if x == 0x60 { return nil }
            if x == 0x5C {
                k += 2
                continue
            }
            if x == 0x3A, k > l.lo + 1, b[k - 1] != 0x20, k + 1 == l.hi || b[k + 1] == 0x20 { return k + 1 }
            k += 1
        }
        return nil
    }

    /// An option list item (`-v, --verbose  Say more.`): where the description starts.
    private func optionList(_ lines: ArraySlice<MarkupLine>, _ i: Int) -> Int? {
        let l = lines[i]
        guard l.hi - l.lo >= 2, b[l.lo] == 0x2D else { return nil }
        let second = b[l.lo + 1]
        guard Bytes.isAlnum(second) || (second == 0x2D && l.hi - l.lo >= 3 && Bytes.isAlnum(b[l.lo + 2])) else {
            return nil
        }
        var k = l.lo
        while k + 1 < l.hi, !(b[k] == 0x20 && b[k + 1] == 0x20) { k += 1 }
        if k + 1 < l.hi { return k - l.lo }
        // No description on the line: it must follow, indented, and the line must hold options only.
        guard i + 1 < lines.endIndex, !lines[i + 1].isBlank, lines[i + 1].indent > l.indent,
            !b[l.lo..<l.hi].contains(0x20) || b[l.lo..<l.hi].split(separator: 0x20).count <= 2
        else { return nil }
        return l.hi - l.lo
    }

    /// A line block: each `| ` line (and its indented continuation) is text; one block in all.
    private func lineBlock(
        _ lines: ArraySlice<MarkupLine>, _ i: Int, _ base: Int, _ c: inout ProseCollector,
        _ kind: BlockKind
    ) -> Int {
        var k = i
        var segments: [Range<Int>] = []
        while k < lines.endIndex, !lines[k].isBlank {
            let l = lines[k]
            if l.indent == base, b[l.lo] == 0x7C, l.hi - l.lo == 1 || b[l.lo + 1] == 0x20 {
                let v = MarkupLine.view(b, l.lo + 1, l.hi)
                if !v.isBlank { segments.append(v.lo..<v.hi) }
            } else if l.indent > base {
                segments.append(l.lo..<l.hi)
            } else {
                break
            }
            k += 1
        }
        c.add(kind, segments: segments, RSTParser.inline)
        return k
    }

    // MARK: Inline markup

    /// How far inline markup is looked for its end (keeps scanning linear on any input).
    static let reach = 4096

    /// Prose of a block's joined text: inline literals, roles, interpreted text, substitutions,
    /// footnote references and link targets are cut out; emphasis and link text stay (markers dropped).
    static func inline(_ t: [UInt8]) -> [(range: Range<Int>, spaceBefore: Bool)] {
        var out: [(range: Range<Int>, spaceBefore: Bool)] = []
        var runStart = 0
        var space = false
        /// Ends the current run at `from` and starts the next at `to`; `separates` spaces the next run.
        func cut(_ from: Int, _ to: Int, separates: Bool) {
            if from > runStart {
                out.append((runStart..<from, space))
                space = false
            }
            runStart = max(runStart, to)
            if separates { space = true }
        }
        func startOK(_ i: Int, _ length: Int) -> Bool {
            guard i + length < t.count, !Bytes.isSpace(t[i + length]) else { return false }
            guard i > 0 else { return true }
            let p = t[i - 1]
            if Bytes.isSpace(p) { return true }
            let pairs: [UInt8: UInt8] = [0x27: 0x27, 0x22: 0x22, 0x3C: 0x3E, 0x28: 0x29, 0x5B: 0x5D, 0x7B: 0x7D]
            if let closer = pairs[p] { return t[i + length] != closer }
            if p == 0x2D || p == 0x3A || p == 0x2F { return true }
            return p >= 0x80 && !Bytes.wordBefore(t, i)
        }
        func endOK(_ at: Int, _ after: Int) -> Bool {
            guard at > 0, !Bytes.isSpace(t[at - 1]) else { return false }
            guard after < t.count else { return true }
            let n = t[after]
            if Bytes.isSpace(n) || "-.,:;!?\\/'\")]}>".utf8.contains(n) { return true }
            return n >= 0x80 && !Bytes.wordAt(t, after)
        }
        /// The end of interpreted text opened at `open` (a backtick): the closing backtick and what follows any suffix.
        func interpretedEnd(_ open: Int) -> (close: Int, after: Int, reference: Bool, role: Bool)? {
            var j = open + 1
            let limit = min(t.count, open + reach)
            while j < limit {
                if t[j] == 0x5C {
                    j += 2
                    continue
                }
                if t[j] == 0x60, j > open + 1 {
                    var after = j + 1
                    var reference = false
                    var role = false
                    if Bytes.has(t, after, "__") {
                        after += 2
                        reference = true
                    } else if after < t.count, t[after] == 0x5F {
                        after += 1
                        reference = true
                    } else if let r = roleName(after) {
                        after = r
                        role = true
                    }
                    if endOK(j, after) { return (j, after, reference, role) }
                }
                j += 1
            }
            return nil
        }
        /// `:name:` at `at` (names may hold `:`, `-`, `_`, `+`, `.`): the offset after its last colon.
        func roleName(_ at: Int) -> Int? {
            guard at + 2 < t.count, t[at] == 0x3A, Bytes.isAlnum(t[at + 1]) else { return nil }
            var k = at + 1
            while k < t.count, k - at < 64, RSTParser.isNameByte(t[k]) { k += 1 }
            while k > at + 1, t[k - 1] != 0x3A { k -= 1 }
            return k > at + 2 ? k : nil
        }
        /// The next `marker` from `from` that ends inline markup.
        func find(_ marker: [UInt8], from: Int, escapes: Bool) -> Int? {
            var j = from
            let limit = min(t.count, from + reach)
            while j + marker.count <= limit {
                if escapes, t[j] == 0x5C {
                    j += 2
                    continue
                }
                if t[j] == marker[0], t[j..<(j + marker.count)].elementsEqual(marker), endOK(j, j + marker.count),
                    !(marker.count == 1 && j + 1 < t.count && t[j + 1] == marker[0])
                {
                    return j
                }
                j += 1
            }
            return nil
        }
        var i = 0
        while i < t.count {
            let x = t[i]
            switch x {
            case 0x5C:  // an escape: the backslash is not text; escaped whitespace disappears
                let skipsSpace = i + 1 < t.count && (t[i + 1] == 0x20 || t[i + 1] == 0x0A)
                cut(i, i + (skipsSpace ? 2 : 1), separates: false)
                i += 2
            case 0x60 where i + 2 < t.count && t[i + 1] == 0x60 && !Bytes.isSpace(t[i + 2]):
                // An inline literal; also when glued to a word (`tag``x=1```), which is not markup to
                // docutils but is always meant as code.
                var j = i + 3
                let limit = min(t.count, i + reach)
                while j + 1 < limit, !(t[j] == 0x60 && t[j + 1] == 0x60 && !Bytes.isSpace(t[j - 1])) { j += 1 }
                if j + 1 < limit {
                    var close = j + 2
                    while close < t.count, t[close] == 0x60 { close += 1 }
                    cut(i, close, separates: true)
                    i = close
                } else {
                    i += 2
                }
            case 0x60 where startOK(i, 1):
                guard let e = interpretedEnd(i) else {
                    i += 1
                    continue
                }
                if e.reference {
                    // `text <url>`_: the text is prose, the target is not.
                    var textEnd = e.close
                    if t[e.close - 1] == 0x3E, let lt = t[(i + 1)..<e.close].lastIndex(of: 0x3C),
                        lt == i + 1 || Bytes.isSpace(t[lt - 1])
                    {
                        textEnd = lt
                        while textEnd > i + 1, Bytes.isSpace(t[textEnd - 1]) { textEnd -= 1 }
                    }
                    cut(i, i + 1, separates: false)
                    cut(textEnd, e.after, separates: true)
                } else {
                    // Interpreted text, with a role or the default one: a name or code, not prose.
                    cut(i, e.after, separates: true)
                }
                i = e.after
            case 0x3A where startOK(i, 1):
                if let r = roleName(i), r < t.count, t[r] == 0x60, let e = interpretedEnd(r) {
                    cut(i, e.after, separates: true)
                    i = e.after
                } else {
                    i += 1
                }
            case 0x2A:
                let strong = i + 1 < t.count && t[i + 1] == 0x2A
                let marker: [UInt8] = strong ? [0x2A, 0x2A] : [0x2A]
                if startOK(i, marker.count), let close = find(marker, from: i + marker.count + 1, escapes: true) {
                    cut(i, i + marker.count, separates: false)
                    cut(close, close + marker.count, separates: false)
                    i = close + marker.count
                } else {
                    i += marker.count
                }
            case 0x7C where startOK(i, 1):
                // A substitution reference |name|, |name|_ or |name|__.
                var j = i + 1
                let limit = min(t.count, i + 256)
                var found: Int?
                while j < limit, t[j] != 0x0A {
                    if t[j] == 0x7C, t[j - 1] != 0x20 {
                        var after = j + 1
                        if Bytes.has(t, after, "__") {
                            after += 2
                        } else if after < t.count, t[after] == 0x5F {
                            after += 1
                        }
                        if endOK(j, after) { found = after }
                        break
                    }
                    j += 1
                }
                if let found {
                    cut(i, found, separates: true)
                    i = found
                } else {
                    i += 1
                }
            case 0x5B where startOK(i, 1):
                // A footnote or citation reference: [1]_, [#]_, [#note]_, [*]_, [CIT2002]_.
                if let close = t[i..<min(t.count, i + 66)].firstIndex(of: 0x5D), close > i + 1, close + 1 < t.count,
                    t[close + 1] == 0x5F, endOK(close + 1, close + 2),
                    t[(i + 1)..<close].allSatisfy(RSTParser.isLabelByte)
                {
                    cut(i, close + 2, separates: true)
                    i = close + 2
                } else {
                    i += 1
                }
            case 0x5F:
                if i + 1 < t.count, t[i + 1] == 0x60, startOK(i, 2),
                    let close = find([0x60], from: i + 3, escapes: true)
                {
                    // An inline target _`text`: its text is prose.
                    cut(i, i + 2, separates: false)
                    cut(close, close + 1, separates: false)
                    i = close + 1
                    continue
                }
                // A reference name_ or name__: the underscores are markup.
                var n = 1
                if i + 1 < t.count, t[i + 1] == 0x5F { n = 2 }
                if i > 0, Bytes.isAlnum(t[i - 1]), i + n == t.count || !(Bytes.isAlnum(t[i + n]) || t[i + n] == 0x5F) {
                    cut(i, i + n, separates: false)
                }
                i += n
            default:
                i += 1
            }
        }
        cut(t.count, t.count, separates: false)
        return out
    }
}
