/// Prose of a source file: its comments and doc comments (Python docstrings read as
/// reStructuredText); code and string literals are not prose. Consecutive full-line comments form
/// one block, blank comment lines split paragraphs; code in comments (backticks, fenced or indented
/// blocks, doc tags' names) is left out. Comments may hold ally directives (`// ally-ignore`).
enum SourceCommentProse {
    static func extract(_ document: inout Document, identifiers: Bool = false) {
        let syntax = CommentSyntax(path: document.path) ?? .cLike
        var collector = ProseCollector(bytes: document.bytes)
        var lexer = CommentLexer(bytes: document.bytes)
        lexer.collectIdentifiers = identifiers
        lexer.lex(0..<document.bytes.count, syntax)
        var builder = CommentBlocks(bytes: document.bytes, syntax: syntax)
        builder.add(lexer.comments, &collector)
        collector.finish(&document)
        if identifiers { addIdentifiers(lexer.identifiers, &document) }
    }

    /// Each identifier becomes a block of its words, each word a run at its own bytes, so a finding
    /// points into the identifier: `ipWhitelist` → "ip", "Whitelist"; `MASTER_HOST` → "MASTER", "HOST".
    static func addIdentifiers(_ identifiers: [Range<Int>], _ document: inout Document) {
        guard !identifiers.isEmpty else { return }
        let b = document.bytes
        func isUpper(_ k: Int) -> Bool { b[k] >= 0x41 && b[k] <= 0x5A }
        func isLower(_ k: Int) -> Bool { b[k] >= 0x61 && b[k] <= 0x7A }
        var added: [ProseRange] = []
        for id in identifiers {
            var words: [Range<Int>] = []
            var start: Int?
            for k in id {
                let letter = isUpper(k) || isLower(k)
                if !letter {
                    if let s = start { words.append(s..<k) }
                    start = nil
                    continue
                }
                if let s = start, k > s {
                    // camelCase: a capital after a small letter; HTTPServer: the last capital of a run before a small one.
                    let split =
                        (isUpper(k) && isLower(k - 1))
                        || (isUpper(k) && isUpper(k - 1) && k + 1 < id.upperBound && isLower(k + 1))
                    if split {
                        words.append(s..<k)
                        start = k
                    }
                } else if start == nil {
                    start = k
                }
            }
            if let s = start { words.append(s..<id.upperBound) }
            guard !words.isEmpty else { continue }
            let block = document.newBlock(.identifier)
            for (n, w) in words.enumerated() { added.append(ProseRange(bytes: w, block: block, spaceBefore: n > 0)) }
        }
        document.prose = (document.prose + added).sorted { $0.bytes.lowerBound < $1.bytes.lowerBound }
    }
}

/// How a language writes comments and strings (what the lexer needs to tell them apart).
struct CommentSyntax {
    enum LineRule { case anywhere, afterBlank, lineStart }
    enum Raw { case none, swift, rust, cpp, csharp, dart }
    enum Heredoc { case none, shell, ruby, php }
    enum Embedding { case none, xml, components }

    var lineMarkers: [[UInt8]] = []
    var lineRule = LineRule.anywhere
    var blocks: [(open: [UInt8], close: [UInt8], nests: Bool)] = []
    /// String delimiters (`"`, `'`, `` ` ``).
    var quotes: [UInt8] = []
    var escapes = true
    var multilineStrings = false
    /// Quote characters that may open a triple-quoted string, and whether those have escapes.
    var triple: [UInt8] = []
    var tripleEscapes = true
    /// `'` opens a character literal only when it closes right away (else a lifetime, label or prime).
    var charLiterals = false
    /// Quotes open strings only at the start of a value (YAML, configuration files).
    var quotesAtValueStart = false
    var raw = Raw.none
    var heredoc = Heredoc.none
    var docstrings = false
    var yamlBlockScalars = false
    var makefile = false
    /// Ruby's `=begin`…`=end`, Perl's POD (`=pod`…`=cut`): documentation blocks at line starts.
    enum Pod { case none, ruby, perl }
    var pod = Pod.none
    /// Go: backquoted strings are raw (a backslash is text).
    var rawBackticks = false
    var embedding = Embedding.none
    var haskell = false
    var luaLongBrackets = false
    /// A comment line ending in `;`, `{` or `}` is commented-out code.
    var codeLines = false
    /// Block comments whose lines start with a decorative `*`.
    var starDecoration = false

    init() {}

    static let cLike: CommentSyntax = {
        var s = CommentSyntax()
        s.lineMarkers = [Array("//".utf8)]
        s.blocks = [(Array("/*".utf8), Array("*/".utf8), false)]
        s.quotes = [0x22, 0x27]
        s.charLiterals = true
        s.codeLines = true
        s.starDecoration = true
        return s
    }()

    /// The syntax for a file name, nil when it is not a source file ally reads comments of.
    init?(path: String) {
        let name = String(path.split(separator: "/").last ?? "").lowercased()
        let ext = name.contains(".") ? String(name[name.index(after: name.lastIndex(of: ".")!)...]) : ""
        var s = CommentSyntax()
        let hash = [Array("#".utf8)]
        switch ext {
        case "swift", "c", "h", "cpp", "cc", "cxx", "hpp", "hh", "m", "mm", "java", "kt", "kts", "go", "rs", "js",
            "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts", "cs", "scala", "dart", "php":
            s = .cLike
            switch ext {
            case "swift":
                s.blocks[0].nests = true
                s.quotes = [0x22]
                s.charLiterals = false
                s.triple = [0x22]
                s.raw = .swift
            case "rs":
                s.blocks[0].nests = true
                s.multilineStrings = true
                s.raw = .rust
            case "kt", "kts", "scala":
                s.blocks[0].nests = true
                s.triple = [0x22]
                s.tripleEscapes = false
            case "java":
                s.triple = [0x22]
            case "cpp", "cc", "cxx", "hpp", "hh":
                s.raw = .cpp
            case "cs":
                s.raw = .csharp
                s.triple = [0x22]
                s.tripleEscapes = false
            case "go":
                s.quotes = [0x22, 0x27, 0x60]
                s.rawBackticks = true
            case "js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts":
                s.quotes = [0x22, 0x27, 0x60]
                s.charLiterals = false
            case "dart":
                s.blocks[0].nests = true
                s.charLiterals = false
                s.triple = [0x22, 0x27]
                s.raw = .dart
            case "php":
                s.lineMarkers.append(Array("#".utf8))
                s.charLiterals = false
                s.multilineStrings = true
                s.heredoc = .php
            default:
                break
            }
        // A string without its closing quote ends at the line end (Go raw and JS template strings span lines).
        case "py", "pyw", "pyi":
            s.lineMarkers = hash
            s.quotes = [0x22, 0x27]
            s.triple = [0x22, 0x27]
            s.docstrings = true
        case "rb", "rake", "gemspec":
            s.lineMarkers = hash
            s.quotes = [0x22, 0x27, 0x60]
            s.multilineStrings = true
            s.heredoc = .ruby
            s.pod = .ruby
        case "sh", "bash", "zsh", "ksh":
            s.lineMarkers = hash
            s.lineRule = .afterBlank
            s.quotes = [0x22, 0x27, 0x60]
            s.multilineStrings = true
            s.heredoc = .shell
        case "pl", "pm":
            s.lineMarkers = hash
            s.lineRule = .afterBlank
            s.quotes = [0x22, 0x27]
            s.multilineStrings = true
            s.heredoc = .ruby
            s.pod = .perl
        case "r":
            s.lineMarkers = hash
            s.quotes = [0x22, 0x27]
            s.multilineStrings = true
        case "yml", "yaml":
            s.lineMarkers = hash
            s.lineRule = .afterBlank
            s.quotes = [0x22, 0x27]
            s.multilineStrings = true
            s.quotesAtValueStart = true
            s.yamlBlockScalars = true
        case "toml":
            s.lineMarkers = hash
            s.quotes = [0x22, 0x27]
            s.triple = [0x22, 0x27]
        case "conf":
            s.lineMarkers = hash
            s.lineRule = .afterBlank
            s.quotes = [0x22, 0x27]
            s.quotesAtValueStart = true
        case "ini", "cfg":
            s.lineMarkers = hash + [Array(";".utf8)]
            s.lineRule = .lineStart
        case "sql":
            s.lineMarkers = [Array("--".utf8)]
            s.blocks = [(Array("/*".utf8), Array("*/".utf8), false)]
            s.quotes = [0x27, 0x22]
            s.escapes = false
            s.multilineStrings = true
            s.starDecoration = true
        case "lua":
            s.lineMarkers = [Array("--".utf8)]
            s.quotes = [0x22, 0x27]
            s.luaLongBrackets = true
        case "hs":
            s.lineMarkers = [Array("--".utf8)]
            s.blocks = [(Array("{-".utf8), Array("-}".utf8), true)]
            s.quotes = [0x22]
            s.charLiterals = true
            s.haskell = true
        case "xml", "xsd", "xsl", "xslt", "svg", "plist", "csproj":
            s.blocks = [(Array("<!--".utf8), Array("-->".utf8), false)]
            s.embedding = .xml
        case "vue", "svelte":
            s.blocks = [(Array("<!--".utf8), Array("-->".utf8), false)]
            s.embedding = .components
        case "mk":
            s.lineMarkers = hash
            s.makefile = true
        case "dockerfile":
            s.lineMarkers = hash
            s.lineRule = .lineStart
        default:
            if name == "makefile" || name == "gnumakefile" {
                s.lineMarkers = hash
                s.makefile = true
            } else if name == "dockerfile" || name.hasPrefix("dockerfile.") || name == "containerfile" {
                s.lineMarkers = hash
                s.lineRule = .lineStart
            } else {
                return nil
            }
        }
        self = s
    }

    /// CSS inside `<style>`: block comments and strings.
    static let css: CommentSyntax = {
        var s = CommentSyntax()
        s.blocks = [(Array("/*".utf8), Array("*/".utf8), false)]
        s.quotes = [0x22, 0x27]
        s.starDecoration = true
        return s
    }()

    /// JavaScript inside `<script>`.
    static let script: CommentSyntax = CommentSyntax(path: "x.ts")!
}

/// A comment found by the lexer.
struct SourceComment {
    enum Kind: Equatable {
        /// A line comment, with the marker as written (`//`, `///`, `#`, `--`).
        case line([UInt8])
        /// A block comment (`/* */`, `<!-- -->`, `{- -}`, `=begin`…`=end`); `decorated` for `/*`-style stars.
        case block(decorated: Bool)
        /// A Python docstring (its text is reStructuredText).
        case docstring
    }
    var kind: Kind
    /// The text between the markers.
    var content: Range<Int>
    /// Only blanks before the comment on its line.
    var fullLine: Bool
}

/// Finds comments in source text, skipping strings, character literals, heredocs and YAML block scalars.
struct CommentLexer {
    let b: [UInt8]
    private(set) var comments: [SourceComment] = []
    /// Identifiers in code (outside comments and strings), when `collectIdentifiers` asks for them.
    private(set) var identifiers: [Range<Int>] = []
    var collectIdentifiers = false
    private var syntax = CommentSyntax()

    init(bytes: [UInt8]) { b = bytes }

    private func lineStart(_ i: Int) -> Int {
        var k = i
        while k > 0, b[k - 1] != 0x0A, b[k - 1] != 0x0D { k -= 1 }
        return k
    }

    private func lineEnd(_ i: Int, _ end: Int) -> Int {
        var k = i
        while k < end, b[k] != 0x0A, b[k] != 0x0D { k += 1 }
        return k
    }

    /// Whether only spaces and tabs stand between the line start and `i`.
    private func onlyBlanksBefore(_ i: Int, from start: Int) -> Bool {
        var k = i
        while k > start, b[k - 1] == 0x20 || b[k - 1] == 0x09 { k -= 1 }
        return k == start
    }

    mutating func lex(_ range: Range<Int>, _ syntax: CommentSyntax) {
        let saved = self.syntax
        self.syntax = syntax
        defer { self.syntax = saved }
        let end = range.upperBound
        var i = range.lowerBound
        var line = lineStart(i)
        var depth = 0  // open brackets (a Python string inside brackets is no docstring)
        var lastCode: UInt8 = 0x0A  // last byte of code outside comments and blanks
        var heredocs: [(terminator: [UInt8], indented: Bool)] = []
        var inRecipe = false
        while i < end {
            let x = b[i]
            if x == 0x0A || x == 0x0D {
                if x == 0x0D, i + 1 < end, b[i + 1] == 0x0A { i += 1 }
                i += 1
                if syntax.yamlBlockScalars, let skipTo = yamlBlockScalar(line, i, end) { i = skipTo }
                if !heredocs.isEmpty {
                    i = skipHeredocs(heredocs, i, end)
                    heredocs = []
                }
                line = i
                if syntax.makefile { inRecipe = i < end && b[i] == 0x09 }
                if lastCode != 0x5C, depth == 0 { lastCode = 0x0A }
                continue
            }
            if x == 0x20 || x == 0x09 {
                i += 1
                continue
            }
            if syntax.pod != .none, i == line, x == 0x3D, i + 1 < end, Bytes.isAlnum(b[i + 1]) {
                i = pod(i, end)
                line = i
                continue
            }
            if syntax.lineRule == .lineStart {
                // Comments only where a line starts; nothing else matters.
                if onlyBlanksBefore(i, from: line), let m = syntax.lineMarkers.first(where: { has($0, i) }) {
                    let e = lineEnd(i, end)
                    comments.append(
                        SourceComment(
                            kind: .line(markerRun(m, i, e)), content: contentAfter(m, i, e),
                            fullLine: true))
                    i = e
                } else {
                    i = lineEnd(i, end)
                }
                continue
            }
            if let skipTo = embedded(i, end) {
                i = skipTo
                lastCode = 0x3E
                continue
            }
            if let (open, close, nests) = syntax.blocks.first(where: { has($0.open, i) }) {
                if syntax.haskell, has(Array("{-#".utf8), i) {
                    i = blockEnd(i + 3, open, close, nests: false, end)  // a pragma: not a comment
                    continue
                }
                let stop = blockEnd(i + open.count, open, close, nests: nests, end)
                let closed = stop - i >= open.count + close.count && has(close, stop - close.count)
                let content = (i + open.count)..<max(i + open.count, closed ? stop - close.count : stop)
                let decorated = syntax.starDecoration && open.last == 0x2A
                comments.append(
                    SourceComment(
                        kind: .block(decorated: decorated), content: content,
                        fullLine: onlyBlanksBefore(i, from: line)))
                i = stop
                continue
            }
            if syntax.luaLongBrackets, has(Array("--".utf8), i), let (stop, content) = luaLong(i + 2, end) {
                comments.append(
                    SourceComment(
                        kind: .block(decorated: false), content: content,
                        fullLine: onlyBlanksBefore(i, from: line)))
                i = stop
                continue
            }
            if let m = syntax.lineMarkers.first(where: { has($0, i) }),
                isLineComment(m, i, line, end, inRecipe: inRecipe)
            {
                let e = lineEnd(i, end)
                comments.append(
                    SourceComment(
                        kind: .line(markerRun(m, i, e)), content: contentAfter(m, i, e),
                        fullLine: onlyBlanksBefore(i, from: line)))
                i = e
                continue
            }
            if syntax.makefile, !inRecipe {
                lastCode = x
                i += 1
                continue
            }
            if let (stop, docstring) = string(i, end, line: line, depth: depth, lastCode: lastCode) {
                if let docstring {
                    comments.append(SourceComment(kind: .docstring, content: docstring, fullLine: true))
                }
                if let nl = b[i..<stop].lastIndex(where: { $0 == 0x0A || $0 == 0x0D }) { line = nl + 1 }
                lastCode = 0x22
                i = max(stop, i + 1)
                continue
            }
            if syntax.heredoc != .none, x == 0x3C, let (terminator, indented, stop) = heredocStart(i, end) {
                heredocs.append((terminator, indented))
                i = stop
                continue
            }
            if x == 0x5C, i + 1 < end, b[i + 1] != 0x0A, b[i + 1] != 0x0D {
                lastCode = 0x5F
                i += 2
                continue
            }
            if x == 0x28 || x == 0x5B || x == 0x7B { depth += 1 }
            if x == 0x29 || x == 0x5D || x == 0x7D { depth = max(0, depth - 1) }
            if collectIdentifiers, Bytes.isIdentifier(x), i == 0 || !Bytes.isIdentifier(b[i - 1]) {
                var e = i + 1
                while e < end, Bytes.isIdentifier(b[e]) { e += 1 }
                if !(x >= 0x30 && x <= 0x39) { identifiers.append(i..<e) }
                lastCode = b[e - 1]
                i = e
                continue
            }
            lastCode = x
            i += 1
        }
    }

    private func has(_ s: [UInt8], _ at: Int) -> Bool {
        guard at + s.count <= b.count, b[at] == s[0] else { return false }
        for k in 1..<max(1, s.count) where b[at + k] != s[k] { return false }
        return true
    }

    /// The marker as written: `///` for `//`, `##` for `#`, `//!` for Rust's inner doc comments.
    private func markerRun(_ m: [UInt8], _ i: Int, _ e: Int) -> [UInt8] {
        var k = i + m.count
        while k < e, b[k] == m.last! || (b[k] == 0x21 && m == Array("//".utf8) && k == i + m.count) { k += 1 }
        return Array(b[i..<k])
    }

    private func contentAfter(_ m: [UInt8], _ i: Int, _ e: Int) -> Range<Int> {
        min(i + markerRun(m, i, e).count, e)..<e
    }

    private func isLineComment(_ m: [UInt8], _ i: Int, _ line: Int, _ end: Int, inRecipe: Bool) -> Bool {
        if m == [0x23] {
            if i == 0, i + 1 < end, b[i + 1] == 0x21 { return false }  // a shebang
            if syntax.heredoc == .php, i + 1 < end, b[i + 1] == 0x5B { return false }  // a PHP attribute #[…]
            if i > 0, b[i - 1] == 0x24 { return false }  // $# (argument count, array length)
        }
        if syntax.haskell {
            var k = i
            while k < end, b[k] == 0x2D { k += 1 }
            if k < end, "!#$%&*+./<=>?@\\^|~:".utf8.contains(b[k]) { return false }  // an operator such as -->
        }
        if syntax.lineRule == .afterBlank || (syntax.makefile && inRecipe) {
            return i == line || i == 0 || Bytes.isSpace(b[i - 1]) || ";|&(".utf8.contains(b[i - 1])
        }
        return true
    }

    /// Past the close of a block comment whose text starts at `from` (nested ones counted when they nest).
    private func blockEnd(_ from: Int, _ open: [UInt8], _ close: [UInt8], nests: Bool, _ end: Int) -> Int {
        var level = 1
        var k = from
        while k < end {
            if has(close, k) {
                level -= 1
                k += close.count
                if level == 0 || !nests { return k }
                continue
            }
            if nests, has(open, k) {
                level += 1
                k += open.count
                continue
            }
            k += 1
        }
        return end
    }

    /// Lua's `[[…]]`, `[==[…]==]` after `--`: where it ends and its text.
    private func luaLong(_ from: Int, _ end: Int) -> (Int, Range<Int>)? {
        guard from < end, b[from] == 0x5B else { return nil }
        var k = from + 1
        while k < end, b[k] == 0x3D { k += 1 }
        guard k < end, b[k] == 0x5B else { return nil }
        let level = k - from - 1
        let close = [0x5D] + [UInt8](repeating: 0x3D, count: level) + [0x5D]
        var j = k + 1
        while j < end, !has(close, j) { j += 1 }
        return (min(end, j + close.count), (k + 1)..<j)
    }

    /// A string or character literal at `i`: where it ends, and its text when it is a docstring.
    private func string(_ i: Int, _ end: Int, line: Int, depth: Int, lastCode: UInt8) -> (Int, Range<Int>?)? {
        let x = b[i]
        // Raw strings with a prefix.
        switch syntax.raw {
        case .swift where x == 0x23:
            var k = i
            while k < end, b[k] == 0x23 { k += 1 }
            guard k < end, b[k] == 0x22 else { return nil }
            let hashes = k - i
            let multi = has([0x22, 0x22, 0x22], k)
            let close = (multi ? [0x22, 0x22, 0x22] : [0x22]) + [UInt8](repeating: 0x23, count: hashes)
            return (scanTo(close, from: k + (multi ? 3 : 1), end, escapes: false, multiline: multi), nil)
        case .rust where (x == 0x72 || x == 0x62) && (i == 0 || !Bytes.isIdentifier(b[i - 1])):
            var k = i + 1
            if x == 0x62, k < end, b[k] == 0x72 { k += 1 }
            let rawStart = k
            while k < end, b[k] == 0x23 { k += 1 }
            guard k < end, b[k] == 0x22, x == 0x72 || rawStart > i + 1 || k > rawStart else { return nil }
            let close = [0x22] + [UInt8](repeating: 0x23, count: k - rawStart)
            return (scanTo(close, from: k + 1, end, escapes: false, multiline: true), nil)
        case .cpp where x == 0x52 && i + 1 < end && b[i + 1] == 0x22:
            guard let paren = b[(i + 2)..<min(end, i + 20)].firstIndex(of: 0x28) else { return nil }
            let close = [0x29] + Array(b[(i + 2)..<paren]) + [0x22]
            return (scanTo(close, from: paren + 1, end, escapes: false, multiline: true), nil)
        case .csharp where x == 0x40 && i + 1 < end && b[i + 1] == 0x22:
            var k = i + 2
            while k < end {
                if b[k] == 0x22 {
                    if k + 1 < end, b[k + 1] == 0x22 {
                        k += 2
                        continue
                    }
                    return (k + 1, nil)
                }
                k += 1
            }
            return (end, nil)
        case .dart
        where x == 0x72 && i + 1 < end && (b[i + 1] == 0x22 || b[i + 1] == 0x27)
            && (i == 0 || !Bytes.isIdentifier(b[i - 1])):
            let q = b[i + 1]
            if has([q, q, q], i + 1) {
                return (scanTo([q, q, q], from: i + 4, end, escapes: false, multiline: true), nil)
            }
            return (scanTo([q], from: i + 2, end, escapes: false, multiline: false), nil)
        default:
            break
        }
        if syntax.luaLongBrackets, x == 0x5B, let (stop, _) = luaLong(i, end) { return (stop, nil) }
        guard syntax.quotes.contains(x) else { return nil }
        if syntax.quotesAtValueStart {
            var k = i
            while k > line, b[k - 1] == 0x20 || b[k - 1] == 0x09 { k -= 1 }
            guard k == line || ":-[{,=?".utf8.contains(b[k - 1]) else { return nil }
        }
        if x == 0x27, syntax.charLiterals {
            return charLiteralEnd(i, end).map { ($0, nil) }
        }
        if syntax.triple.contains(x), has([x, x, x], i) {
            let stop = scanTo([x, x, x], from: i + 3, end, escapes: syntax.tripleEscapes, multiline: true)
            var doc: Range<Int>?
            if syntax.docstrings, depth == 0, lastCode != 0x5C, isStatement(i, stop, line: line, end) {
                let contentEnd = stop >= i + 6 && has([x, x, x], stop - 3) ? stop - 3 : stop
                doc = (i + 3)..<max(i + 3, contentEnd)
            }
            return (stop, doc)
        }
        let escapes =
            syntax.escapes && !(syntax.heredoc == .shell && x == 0x27 && !(i > 0 && b[i - 1] == 0x24))
            && !(syntax.rawBackticks && x == 0x60)
        let multiline = syntax.multilineStrings || (x == 0x60)
        if syntax.quotesAtValueStart, x == 0x27 {
            // YAML: '' inside single quotes is a quote.
            var k = i + 1
            while k < end {
                if b[k] == 0x27 {
                    if k + 1 < end, b[k + 1] == 0x27 {
                        k += 2
                        continue
                    }
                    return (k + 1, nil)
                }
                k += 1
            }
            return (end, nil)
        }
        return (scanTo([x], from: i + 1, end, escapes: escapes, multiline: multiline), nil)
    }

    /// Past the first `close` from `from` (a backslash escapes the next byte when `escapes`); a
    /// one-line string without its close stops at the line end.
    private func scanTo(_ close: [UInt8], from: Int, _ end: Int, escapes: Bool, multiline: Bool) -> Int {
        var k = from
        while k < end {
            let y = b[k]
            if escapes, y == 0x5C {
                k += 2
                continue
            }
            if !multiline, y == 0x0A || y == 0x0D { return k }
            if y == close[0], has(close, k) { return k + close.count }
            k += 1
        }
        return end
    }

    /// `'x'`, `'\n'`, `'\u{1F600}'`: past the literal; nil for a lifetime, label or prime (`'a`, `x'`).
    private func charLiteralEnd(_ i: Int, _ end: Int) -> Int? {
        if i > 0, Bytes.isIdentifier(b[i - 1]) {
            // b'x' (a Rust byte literal) is still a literal.
            guard b[i - 1] == 0x62, i < 2 || !Bytes.isIdentifier(b[i - 2]) else { return nil }
        }
        guard i + 2 < end else { return nil }
        if b[i + 1] == 0x5C {
            var k = i + 2
            while k < min(end, i + 14), b[k] != 0x0A {
                if b[k] == 0x27, k > i + 2 { return k + 1 }
                k += 1
            }
            return nil
        }
        if b[i + 1] == 0x27 || b[i + 1] == 0x0A { return nil }
        let k = i + 1 + SourceText.utf8Length(b[i + 1])
        return k < end && b[k] == 0x27 ? k + 1 : nil
    }

    /// Whether the triple-quoted string at `i`..`stop` stands alone as a statement (a docstring).
    private func isStatement(_ i: Int, _ stop: Int, line: Int, _ end: Int) -> Bool {
        var k = i
        // String prefixes (r, u; not f or b, which make no docstring).
        while k > line, b[k - 1] == 0x72 || b[k - 1] == 0x52 || b[k - 1] == 0x75 || b[k - 1] == 0x55 { k -= 1 }
        guard onlyBlanksBefore(k, from: line) else { return false }
        var e = stop
        while e < end, b[e] == 0x20 || b[e] == 0x09 || b[e] == 0x3B { e += 1 }
        return e >= end || b[e] == 0x0A || b[e] == 0x0D || b[e] == 0x23
    }

    /// `<<EOF`, `<<-'EOF'`, `<<~EOS`, `<<<EOT`: the terminator, whether it may be indented, and where the marker ends.
    private func heredocStart(_ i: Int, _ end: Int) -> ([UInt8], Bool, Int)? {
        var k = i
        let arrows = syntax.heredoc == .php ? 3 : 2
        for _ in 0..<arrows {
            guard k < end, b[k] == 0x3C else { return nil }
            k += 1
        }
        guard k < end, b[k] != 0x3C else { return nil }
        var indented = syntax.heredoc == .php
        if b[k] == 0x2D || b[k] == 0x7E {
            indented = true
            k += 1
        }
        if syntax.heredoc == .shell { while k < end, b[k] == 0x20 { k += 1 } }
        var quote: UInt8 = 0
        if k < end, b[k] == 0x27 || b[k] == 0x22 || b[k] == 0x5C {
            quote = b[k]
            k += 1
        }
        let start = k
        while k < end, Bytes.isIdentifier(b[k]) { k += 1 }
        guard k > start, !(b[start] >= 0x30 && b[start] <= 0x39) else { return nil }
        // Unquoted Ruby and Perl terminators are capitalised (`x <<y` is a shift).
        if quote == 0, syntax.heredoc == .ruby, !(b[start] >= 0x41 && b[start] <= 0x5A) && b[start] != 0x5F {
            return nil
        }
        let terminator = Array(b[start..<k])
        if quote == 0x27 || quote == 0x22 {
            guard k < end, b[k] == quote else { return nil }
            k += 1
        }
        return (terminator, indented || syntax.heredoc != .shell, k)
    }

    /// Skips heredoc bodies starting at line `from`: each up to its terminator line.
    private func skipHeredocs(_ heredocs: [(terminator: [UInt8], indented: Bool)], _ from: Int, _ end: Int) -> Int {
        var i = from
        for h in heredocs {
            while i < end {
                let e = lineEnd(i, end)
                var lo = i
                if h.indented { while lo < e, b[lo] == 0x20 || b[lo] == 0x09 { lo += 1 } }
                var hi = e
                while hi > lo, b[hi - 1] == 0x20 || b[hi - 1] == 0x3B || b[hi - 1] == 0x2C || b[hi - 1] == 0x29 {
                    hi -= 1  // PHP: `EOT;`, `EOT,`, `EOT)`
                }
                i = e < end ? e + (b[e] == 0x0D && e + 1 < end && b[e + 1] == 0x0A ? 2 : 1) : end
                if b[lo..<hi].elementsEqual(h.terminator) { break }
            }
        }
        return i
    }

    /// After the YAML line at `line` ends with a block scalar indicator (`|`, `>-`…), the offset past
    /// its indented content; nil otherwise.
    private func yamlBlockScalar(_ line: Int, _ next: Int, _ end: Int) -> Int? {
        var e = line
        while e < end, b[e] != 0x0A, b[e] != 0x0D { e += 1 }
        // The line without its comment and trailing blanks.
        var code = e
        if let hash = b[line..<e].firstIndex(where: { $0 == 0x23 }), hash > line, b[hash - 1] == 0x20 { code = hash }
        while code > line, b[code - 1] == 0x20 || b[code - 1] == 0x09 { code -= 1 }
        var k = code
        while k > line, b[k - 1] == 0x2D || b[k - 1] == 0x2B || (b[k - 1] >= 0x31 && b[k - 1] <= 0x39) { k -= 1 }
        guard k > line, b[k - 1] == 0x7C || b[k - 1] == 0x3E, k - 1 == line || b[k - 2] == 0x20 else { return nil }
        var indent = 0
        while line + indent < e, b[line + indent] == 0x20 { indent += 1 }
        var i = next
        while i < end {
            let le = lineEnd(i, end)
            var lo = i
            while lo < le, b[lo] == 0x20 { lo += 1 }
            if lo < le, lo - i <= indent { break }
            i = le < end ? le + (b[le] == 0x0D && le + 1 < end && b[le + 1] == 0x0A ? 2 : 1) : end
        }
        return i
    }

    /// Ruby's `=begin`…`=end` and Perl's POD (`=pod`, `=head1`…`=cut`): a documentation block.
    private mutating func pod(_ i: Int, _ end: Int) -> Int {
        if syntax.pod == .ruby, !has(Array("=begin".utf8), i) { return lineEnd(i, end) }
        let closing = Array((has(Array("=begin".utf8), i) ? "=end" : "=cut").utf8)
        let first = lineEnd(i, end)
        var k = first
        while k < end {
            let ls = k + (b[k] == 0x0D && k + 1 < end && b[k + 1] == 0x0A ? 2 : 1)
            if ls >= end {
                k = end
                break
            }
            k = ls
            if has(closing, k) { break }
            k = lineEnd(k, end)
        }
        // POD commands (=head1 Title) keep their text; the text starts after `=begin`'s line for Ruby.
        let start = has(Array("=begin".utf8), i) ? first : i
        comments.append(SourceComment(kind: .block(decorated: false), content: start..<k, fullLine: true))
        return lineEnd(min(k, end), end)
    }

    /// `<script>` and `<style>` in components (lexed as TypeScript and CSS), CDATA sections in XML:
    /// where they end (after lexing what is inside), nil elsewhere.
    private mutating func embedded(_ i: Int, _ end: Int) -> Int? {
        guard syntax.embedding != .none, b[i] == 0x3C else { return nil }
        if has(Array("<![CDATA[".utf8), i) {
            var k = i + 9
            while k < end, !has(Array("]]>".utf8), k) { k += 1 }
            return min(end, k + 3)
        }
        guard syntax.embedding == .components else { return nil }
        for (tag, inner) in [("script", CommentSyntax.script), ("style", CommentSyntax.css)] {
            let open = Array("<\(tag)".utf8)
            let after = i + open.count
            guard has(open, i), after < end, b[after] == 0x3E || Bytes.isSpace(b[after]) else {
                continue
            }
            guard let gt = b[i..<end].firstIndex(of: 0x3E) else { return end }
            let close = Array("</\(tag)".utf8)
            var k = gt + 1
            while k < end, !has(close, k) { k += 1 }
            lex((gt + 1)..<k, inner)
            return k
        }
        return nil
    }
}

/// Turns comments into prose blocks: line comments in a row are one text, blank comment lines split
/// paragraphs, and code inside comments (fences, indented blocks, prompts, doc tags' names) is left out.
struct CommentBlocks {
    let b: [UInt8]
    let syntax: CommentSyntax
    private let lines: SourceLines

    init(bytes: [UInt8], syntax: CommentSyntax) {
        b = bytes
        self.syntax = syntax
        lines = SourceLines(bytes)
    }

    /// 0-based line of a byte offset.
    private func line(_ offset: Int) -> Int {
        var lo = 0
        var hi = lines.starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lines.starts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    mutating func add(_ comments: [SourceComment], _ c: inout ProseCollector) {
        var k = 0
        while k < comments.count {
            let first = comments[k]
            switch first.kind {
            case .docstring:
                RestructuredTextProse.extract(lines: docstringLines(first.content), into: &c)
                k += 1
            case .block(let decorated):
                paragraphs(blockLines(first.content, decorated: decorated), &c)
                k += 1
            case .line(let marker):
                // Full-line comments on consecutive lines with the same marker are one text.
                var group = [first.content]
                var n = k + 1
                if first.fullLine {
                    var last = line(first.content.lowerBound)
                    while n < comments.count, comments[n].kind == .line(marker), comments[n].fullLine,
                        line(comments[n].content.lowerBound) == last + 1
                    {
                        group.append(comments[n].content)
                        last += 1
                        n += 1
                    }
                }
                paragraphs(group.map { MarkupLine.view(b, $0.lowerBound, $0.upperBound) }, &c)
                k = n
            }
        }
    }

    /// The lines of a block comment, a leading `*` (and the blank after it) stripped when decorated.
    private func blockLines(_ content: Range<Int>, decorated: Bool) -> [MarkupLine] {
        var out: [MarkupLine] = []
        var start = content.lowerBound
        while start <= content.upperBound {
            var e = start
            while e < content.upperBound, b[e] != 0x0A, b[e] != 0x0D { e += 1 }
            var lo = start
            if decorated {
                var k = lo
                while k < e, b[k] == 0x20 || b[k] == 0x09 { k += 1 }
                if k < e, b[k] == 0x2A {
                    lo = k + 1
                    while lo < e, b[lo] == 0x2A { lo += 1 }
                }
                if lo < e, b[lo] == 0x20, lo > start, b[lo - 1] == 0x2A { lo += 1 }
                if start == content.lowerBound { while lo < e, b[lo] == 0x2A || b[lo] == 0x21 { lo += 1 } }
            }
            var hi = e
            if decorated, e == content.upperBound { while hi > lo, b[hi - 1] == 0x2A { hi -= 1 } }
            out.append(MarkupLine.view(b, lo, hi))
            guard e < content.upperBound else { break }
            start = e + (b[e] == 0x0D && e + 1 < content.upperBound && b[e + 1] == 0x0A ? 2 : 1)
        }
        return out
    }

    /// A docstring's lines for the reStructuredText parser: indentation as in the file, the first
    /// line's set to that of the others (PEP 257).
    private func docstringLines(_ content: Range<Int>) -> [MarkupLine] {
        var out: [MarkupLine] = []
        var start = content.lowerBound
        var firstLine = true
        while start <= content.upperBound {
            var e = start
            while e < content.upperBound, b[e] != 0x0A, b[e] != 0x0D { e += 1 }
            let lineBegin = firstLine ? lines.starts[line(start)] : start
            var v = MarkupLine.view(b, start, e)
            if !firstLine || lineBegin == start { v.indent = MarkupLine.view(b, lineBegin, e).indent }
            out.append(v)
            firstLine = false
            guard e < content.upperBound else { break }
            start = e + (b[e] == 0x0D && e + 1 < content.upperBound && b[e + 1] == 0x0A ? 2 : 1)
        }
        if out.count > 1, !out[0].isBlank {
            out[0].indent = out.dropFirst().filter { !$0.isBlank }.map(\.indent).min() ?? 0
        }
        return out
    }

    /// Paragraphs of comment lines.
    private func paragraphs(_ commentLines: [MarkupLine], _ c: inout ProseCollector) {
        let base = commentLines.filter { !$0.isBlank && !isDecoration($0) }.map(\.indent).min() ?? 0
        var segments: [Range<Int>] = []
        var fence: [UInt8]?
        var inExample = false
        var inParameters = false
        func flush(_ c: inout ProseCollector) {
            c.add(.paragraph, segments: segments, CommentBlocks.inline)
            segments = []
        }
        for l in commentLines {
            if let f = fence {
                if !l.isBlank, has(f, l.lo) { fence = nil }
                continue
            }
            if l.isBlank || isDecoration(l) {
                flush(&c)
                inExample = false
                continue
            }
            if has(Array("```".utf8), l.lo) || has(Array("~~~".utf8), l.lo) {
                flush(&c)
                fence = Array(b[l.lo..<(l.lo + 3)])
                continue
            }
            if has(Array("ally-".utf8), l.lo) {
                flush(&c)
                c.comment(l.lo..<l.hi, whole: l.lo..<l.hi)
                continue
            }
            // Indented code, doctest and shell prompts, and commented-out code.
            if l.indent >= base + 4 || has(Array(">>> ".utf8), l.lo) || has(Array("... ".utf8), l.lo)
                || has(Array("$ ".utf8), l.lo) || has(Array("% ".utf8), l.lo)
                || (syntax.codeLines && looksLikeCode(l))
            {
                flush(&c)
                continue
            }
            var start = l.lo
            var hi = l.hi
            if let directive = PlainText.ignoreDirective(b[l.lo..<l.hi], at: l.lo..<l.hi),
                let at = firstIndex(of: Array("ally-ignore".utf8), in: l.lo..<l.hi)
            {
                c.directives.append(directive)
                hi = at
            }
            if syntax.pod == .perl, b[l.lo] == 0x3D {
                // A POD command: the text of =head1 and =item is prose, the command word and others are not.
                flush(&c)
                var k = l.lo
                while k < l.hi, !Bytes.isSpace(b[k]) { k += 1 }
                while k < l.hi, Bytes.isSpace(b[k]) { k += 1 }
                guard has(Array("=head".utf8), l.lo) || has(Array("=item".utf8), l.lo) else { continue }
                start = k
            } else if b[l.lo] == 0x40 || (b[l.lo] == 0x5C && l.hi - l.lo > 1 && Bytes.isAlnum(b[l.lo + 1])) {
                flush(&c)
                inParameters = false
                guard let text = tagText(l) else {
                    inExample = has(Array("@example".utf8), l.lo)
                    continue
                }
                inExample = false
                start = text
            } else if inExample {
                continue
            } else if let marker = listMarker(l) {
                // A list item starts a paragraph; Swift's callouts and parameter lists name things first.
                flush(&c)
                guard let text = calloutText(l, marker, inParameters: &inParameters, base: base) else { continue }
                start = text
            } else {
                if l.indent <= base { inParameters = false }
                if startsBlockTag(l) { flush(&c) }
            }
            if start < hi { segments.append(start..<hi) }
        }
        flush(&c)
    }

    private func has(_ s: [UInt8], _ at: Int) -> Bool {
        at + s.count <= b.count && b[at..<(at + s.count)].elementsEqual(s)
    }

    private func firstIndex(of s: [UInt8], in r: Range<Int>) -> Int? {
        var k = r.lowerBound
        while k + s.count <= r.upperBound {
            if has(s, k) { return k }
            k += 1
        }
        return nil
    }

    /// A line of only `*`, `-`, `=`, `#`, `/`, `~`, `_` or `+` (a banner).
    private func isDecoration(_ l: MarkupLine) -> Bool {
        l.hi - l.lo >= 3 && b[l.lo..<l.hi].allSatisfy { "*-=#/~_+".utf8.contains($0) }
    }

    /// Commented-out code in C-like languages: a line ending in `;`, `{` or `}`, or starting with `}`.
    private func looksLikeCode(_ l: MarkupLine) -> Bool {
        let last = b[l.hi - 1]
        return last == 0x3B || last == 0x7B || last == 0x7D || b[l.lo] == 0x7D
    }

    /// Doc tags followed by a name (not prose) and then a description.
    static let namedTags: Set<String> = [
        "param", "arg", "argument", "property", "prop", "tparam", "throws", "throw", "exception", "raises", "raise",
        "field", "template", "typeparam", "member", "var", "key",
    ]
    /// Doc tags followed by a description.
    static let plainTags: Set<String> = [
        "return", "returns", "deprecated", "note", "remark", "remarks", "summary", "description", "desc", "brief",
        "details", "warning", "todo", "bug", "attention", "par", "pre", "post", "invariant", "result", "yields",
        "yield", "fileoverview", "file", "abstract", "discussion",
    ]

    /// Where a doc tag's prose starts (`@param name text`, `@returns text`, `\brief text`), nil for
    /// tags whose line is not prose (`@see`, `@since`, `@author`…).
    private func tagText(_ l: MarkupLine) -> Int? {
        var k = l.lo + 1
        while k < l.hi, Bytes.isAlnum(b[k]) || b[k] == 0x2D || b[k] == 0x5F { k += 1 }
        let tag = String(decoding: b[(l.lo + 1)..<k], as: UTF8.self).lowercased()
        let named = CommentBlocks.namedTags
        let plain = CommentBlocks.plainTags
        guard named.contains(tag) || plain.contains(tag) else { return nil }
        func blanks() { while k < l.hi, b[k] == 0x20 || b[k] == 0x09 { k += 1 } }
        blanks()
        if k < l.hi, b[k] == 0x7B, let close = b[k..<l.hi].firstIndex(of: 0x7D) {
            k = close + 1
            blanks()
        }  // {Type}
        if named.contains(tag) {
            if k < l.hi, b[k] == 0x5B, let close = b[k..<l.hi].firstIndex(of: 0x5D) {
                k = close + 1
            }  // [name=default]
            else {
                while k < l.hi, !Bytes.isSpace(b[k]) { k += 1 }
            }
            blanks()
            if k < l.hi, b[k] == 0x2D, k + 1 == l.hi || b[k + 1] == 0x20 {
                k += 1
                blanks()
            }
        }
        return k
    }

    /// The length of a list marker (`- `, `* `, `+ `, `1. `) at the start of a comment line.
    private func listMarker(_ l: MarkupLine) -> Int? {
        let n = PlainText.listMarkerLength(b, l.lo..<l.hi)
        return n > 0 && n < l.hi - l.lo ? n : nil
    }

    /// Where a list item's prose starts: after Swift's `- Parameter name:`, a `- name:` item of
    /// `- Parameters:`, or a callout such as `- Returns:`; nil for `- Parameters:` itself.
    private func calloutText(_ l: MarkupLine, _ marker: Int, inParameters: inout Bool, base: Int) -> Int? {
        var k = l.lo + marker
        let wordStart = k
        while k < l.hi, Bytes.isIdentifier(b[k]) { k += 1 }
        let word = String(decoding: b[wordStart..<k], as: UTF8.self).lowercased()
        let colon = k < l.hi && b[k] == 0x3A
        if l.indent <= base { inParameters = false }
        if word == "parameters", colon {
            inParameters = true
            return nil
        }
        if word == "parameter", k < l.hi, b[k] == 0x20, let c = b[k..<l.hi].firstIndex(of: 0x3A) { return c + 1 }
        if colon, k > wordStart, inParameters || b[wordStart] >= 0x41 && b[wordStart] <= 0x5A { return k + 1 }
        return wordStart
    }

    /// A line that starts with an HTML block tag (`<p>`, `<li>`, `</ul>`…), which starts a paragraph in Javadoc.
    private func startsBlockTag(_ l: MarkupLine) -> Bool {
        guard b[l.lo] == 0x3C, let (_, name, _) = CommentBlocks.htmlTag(Array(b[l.lo..<min(l.hi, l.lo + 64)]), 0) else {
            return false
        }
        return [
            "p", "li", "ul", "ol", "pre", "br", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "dl", "dt", "dd",
            "table", "tr", "td", "th", "hr", "div",
        ].contains(name)
    }

    /// Prose of a comment paragraph: code spans in backticks, `{@code …}`-style inline tags, HTML tags
    /// (and what `<code>`, `<pre>`, `<tt>`, `<kbd>` enclose) and link destinations are left out.
    static func inline(_ t: [UInt8]) -> [(range: Range<Int>, spaceBefore: Bool)] {
        var out: [(range: Range<Int>, spaceBefore: Bool)] = []
        var runStart = 0
        var space = false
        func cut(_ from: Int, _ to: Int) {
            if from > runStart {
                out.append((runStart..<from, space))
                space = false
            }
            runStart = max(runStart, to)
            space = true
        }
        let reach = 4096
        var i = 0
        while i < t.count {
            let x = t[i]
            if x == 0x60 {
                var n = 0
                while i + n < t.count, t[i + n] == 0x60 { n += 1 }
                var j = i + n
                var close: Int?
                while j < min(t.count, i + reach) {
                    if t[j] == 0x60 {
                        var m = 0
                        while j + m < t.count, t[j + m] == 0x60 { m += 1 }
                        if m == n {
                            close = j
                            break
                        }
                        j += m
                        continue
                    }
                    j += 1
                }
                if let close {
                    cut(i, close + n)
                    i = close + n
                } else {
                    i += n
                }
                continue
            }
            if x == 0x7B, i + 1 < t.count, t[i + 1] == 0x40 {
                var level = 0
                var j = i
                while j < min(t.count, i + reach) {
                    if t[j] == 0x7B {
                        level += 1
                    } else if t[j] == 0x7D {
                        level -= 1
                        if level == 0 { break }
                    }
                    j += 1
                }
                cut(i, min(t.count, j + 1))
                i = j + 1
                continue
            }
            if x == 0x3C, let (tagEnd, name, closing) = htmlTag(t, i) {
                var stop = tagEnd
                if !closing, ["code", "pre", "tt", "kbd", "samp", "var"].contains(name) {
                    let close = Array("</\(name)".utf8)
                    var j = tagEnd
                    while j + close.count <= min(t.count, tagEnd + reach) {
                        if t[j] == 0x3C, zip(t[j..<(j + close.count)], close).allSatisfy({ $0 | 0x20 == $1 | 0x20 }) {
                            stop = t[j..<t.count].firstIndex(of: 0x3E).map { $0 + 1 } ?? t.count
                            break
                        }
                        j += 1
                    }
                }
                cut(i, stop)
                i = stop
                continue
            }
            if x == 0x5D, i + 1 < t.count, t[i + 1] == 0x28 || t[i + 1] == 0x5B {
                // A Markdown link's destination or reference: [text](url), [text][ref].
                let closer: UInt8 = t[i + 1] == 0x28 ? 0x29 : 0x5D
                if let close = t[(i + 2)..<min(t.count, i + reach)].firstIndex(of: closer),
                    !t[(i + 2)..<close].contains(0x20)
                {
                    cut(i, close + 1)
                    i = close + 1
                    continue
                }
            }
            i += 1
        }
        if t.count > runStart { out.append((runStart..<t.count, space)) }
        return out
    }

    /// An HTML tag at `i` (`<p>`, `</code>`, `<br/>`, `<a href="…">`): where it ends, its name, whether it closes.
    private static func htmlTag(_ t: [UInt8], _ i: Int) -> (Int, String, Bool)? {
        var k = i + 1
        let closing = k < t.count && t[k] == 0x2F
        if closing { k += 1 }
        let nameStart = k
        while k < t.count, Bytes.isAlnum(t[k]) || t[k] == 0x2D { k += 1 }
        guard k > nameStart, t[nameStart] | 0x20 >= 0x61, t[nameStart] | 0x20 <= 0x7A, k < t.count else { return nil }
        guard t[k] == 0x3E || t[k] == 0x2F || t[k] == 0x20 else { return nil }
        var e = k
        while e < min(t.count, i + 512), t[e] != 0x3E, t[e] != 0x3C, t[e] != 0x0A { e += 1 }
        guard e < t.count, t[e] == 0x3E else { return nil }
        return (e + 1, String(decoding: t[nameStart..<k], as: UTF8.self).lowercased(), closing)
    }
}
