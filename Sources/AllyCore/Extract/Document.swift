/// What kind of block a piece of prose sits in; document checks look at headings and list items.
public enum BlockKind: Equatable, Sendable {
    case paragraph
    case heading(level: Int)
    case listItem
    case tableCell
    case other
    /// Words quoted from someone else: a block quote with an attribution ("— Ada Lovelace", reST's
    /// `-- Name`) or an AsciiDoc quote block. A term in it is reported speech, not the writer's word.
    case quotation
    /// The words of one identifier in code (`ipWhitelist` reads "ip Whitelist"), in `identifiers` mode.
    case identifier
}

/// A run of prose in a document: bytes of the original file, in one block. Runs of the same block
/// are joined when matching (so `white**list**` is one word); runs of different blocks never are.
public struct ProseRange: Equatable, Sendable {
    public var bytes: Range<Int>
    public var block: Int
    /// Join with the previous run through a space (a soft line break, a tag between words).
    public var spaceBefore: Bool

    public init(bytes: Range<Int>, block: Int, spaceBefore: Bool = false) {
        self.bytes = bytes
        self.block = block
        self.spaceBefore = spaceBefore
    }
}

/// An inline instruction in the text: silence rules for a line, the next line, or a region.
public struct Directive: Equatable, Sendable {
    public enum Kind: String, Sendable {
        case disable = "ally-disable"
        case enable = "ally-enable"
        case disableNextLine = "ally-disable-next-line"
        case ignoreLine = "ally-ignore"
    }
    public var kind: Kind
    /// Rule ids or categories; empty means every rule.
    public var targets: [String]
    /// Byte offsets of the directive itself.
    public var bytes: Range<Int>

    public init(kind: Kind, targets: [String], bytes: Range<Int>) {
        self.kind = kind
        self.targets = targets
        self.bytes = bytes
    }
}

/// The formats ally reads.
public enum InputFormat: String, CaseIterable, Sendable {
    case markdown, html, text
    case restructuredText = "rst"
    case asciidoc, source

    /// The format a file name suggests; anything unknown is plain text.
    public static func guess(path: String) -> InputFormat {
        let lower = path.lowercased()
        if lower.hasSuffix(".md") || lower.hasSuffix(".markdown") || lower.hasSuffix(".mdx") { return .markdown }
        if lower.hasSuffix(".html") || lower.hasSuffix(".htm") || lower.hasSuffix(".xhtml") { return .html }
        if lower.hasSuffix(".rst") || lower.hasSuffix(".rest") { return .restructuredText }
        if lower.hasSuffix(".adoc") || lower.hasSuffix(".asciidoc") || lower.hasSuffix(".asc") { return .asciidoc }
        if CommentSyntax(path: path) != nil { return .source }
        return .text
    }
}

/// A file (or standard input) with the prose found in it.
public struct Document: Sendable {
    public var path: String
    /// The file exactly as read.
    public var bytes: [UInt8]
    public var format: InputFormat
    public var prose: [ProseRange] = []
    public var blockKinds: [BlockKind] = []
    public var directives: [Directive] = []
    /// `lang:` from Markdown front matter, when present.
    public var declaredLanguage: String?
    /// Problems in the document's own directives (unknown rule names…), reported as warnings.
    public var notes: [(bytes: Range<Int>, message: String)] = []

    public init(path: String, bytes: [UInt8], format: InputFormat) {
        self.path = path
        self.bytes = bytes
        self.format = format
    }

    /// Parses `bytes` with the extractor for `format`. With `identifiers`, a source file's identifiers
    /// become blocks of their own words too (`MASTER_HOST` reads "MASTER HOST").
    public static func parse(path: String, bytes: [UInt8], format: InputFormat, identifiers: Bool = false) -> Document {
        var document = Document(path: path, bytes: bytes, format: format)
        switch format {
        case .text: PlainText.extract(&document)
        case .markdown: MarkdownProse.extract(&document)
        case .html: HTMLProse.extract(&document)
        case .restructuredText: RestructuredTextProse.extract(&document)
        case .asciidoc: AsciiDocProse.extract(&document)
        case .source: SourceCommentProse.extract(&document, identifiers: identifiers)
        }
        document.splitLongRanges()
        return document
    }

    /// Cuts any prose range longer than `PlainText.maxBlock` into pieces of their own blocks (at a
    /// space where possible), so one enormous paragraph never becomes one enormous buffer.
    mutating func splitLongRanges() {
        guard prose.contains(where: { $0.bytes.count > PlainText.maxBlock }) else { return }
        var out: [ProseRange] = []
        out.reserveCapacity(prose.count)
        for r in prose {
            guard r.bytes.count > PlainText.maxBlock else {
                out.append(r)
                continue
            }
            var lo = r.bytes.lowerBound
            var block = r.block
            var space = r.spaceBefore
            while r.bytes.upperBound - lo > PlainText.maxBlock {
                var cut = lo + PlainText.maxBlock
                var k = cut
                while k > lo + PlainText.maxBlock / 2, bytes[k] != 0x20, bytes[k] != 0x0A { k -= 1 }
                if k > lo + PlainText.maxBlock / 2 {
                    cut = k
                } else {
                    while cut > lo, bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
                }
                out.append(ProseRange(bytes: lo..<cut, block: block, spaceBefore: space))
                block = newBlock(blockKinds[r.block])
                space = false
                lo = cut
            }
            out.append(ProseRange(bytes: lo..<r.bytes.upperBound, block: block, spaceBefore: space))
        }
        // New blocks were appended at the end; keep ranges in file order (block ids need not be).
        prose = out
    }

    /// Opens a new block of the given kind and returns its index.
    mutating func newBlock(_ kind: BlockKind) -> Int {
        blockKinds.append(kind)
        return blockKinds.count - 1
    }
}

extension Document {
    /// Offset of the first byte that breaks UTF-8 (overlongs, surrogates and truncation included).
    public static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { b -> Int? in
            var i = 0
            let n = b.count
            while i < n {
                let c = b[i]
                if c < 0x80 {
                    i += 1
                    continue
                }
                var need = 0
                var lowest: UInt32 = 0
                var scalar: UInt32 = 0
                if c >= 0xC2 && c <= 0xDF {
                    need = 1
                    scalar = UInt32(c & 0x1F)
                    lowest = 0x80
                } else if c >= 0xE0 && c <= 0xEF {
                    need = 2
                    scalar = UInt32(c & 0x0F)
                    lowest = 0x800
                } else if c >= 0xF0 && c <= 0xF4 {
                    need = 3
                    scalar = UInt32(c & 0x07)
                    lowest = 0x10000
                } else {
                    return i
                }
                if i + need >= n { return i }
                for k in 1...need {
                    let d = b[i + k]
                    if d & 0xC0 != 0x80 { return i }
                    scalar = (scalar << 6) | UInt32(d & 0x3F)
                }
                if scalar < lowest || scalar > 0x10FFFF || (scalar >= 0xD800 && scalar <= 0xDFFF) { return i }
                i += need + 1
            }
            return nil
        }
    }
}

extension InputFormat {
    /// Markdown and plain text may be linted in pieces cut at blank lines; the other formats have
    /// constructs across blank lines (literal blocks, tables, block comments) and are read whole.
    public var canBeReadInPieces: Bool { self == .markdown || self == .text }

    /// The format names `--input-format` and JSONL's `format` take, for messages.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Whether a file name is one of the source-code kinds whose comments are linted.
    public static func isSourceFile(path: String) -> Bool { CommentSyntax(path: path) != nil }
}
