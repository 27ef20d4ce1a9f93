/// What kind of block a piece of prose sits in; document checks look at headings and list items.
public enum BlockKind: Equatable, Sendable {
    case paragraph
    case heading(level: Int)
    case listItem
    case tableCell
    case other
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
        case disable = "ally-disable", enable = "ally-enable", disableNextLine = "ally-disable-next-line", ignoreLine = "ally-ignore"
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

    /// The format a file name suggests; anything unknown is plain text.
    public static func guess(path: String) -> InputFormat {
        let lower = path.lowercased()
        if lower.hasSuffix(".md") || lower.hasSuffix(".markdown") || lower.hasSuffix(".mdx") { return .markdown }
        if lower.hasSuffix(".html") || lower.hasSuffix(".htm") || lower.hasSuffix(".xhtml") { return .html }
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

    /// Parses `bytes` with the extractor for `format`.
    public static func parse(path: String, bytes: [UInt8], format: InputFormat) -> Document {
        var document = Document(path: path, bytes: bytes, format: format)
        switch format {
        case .text: PlainText.extract(&document)
        case .markdown: MarkdownProse.extract(&document)
        case .html: HTMLProse.extract(&document)
        }
        return document
    }

    /// Opens a new block of the given kind and returns its index.
    mutating func newBlock(_ kind: BlockKind) -> Int {
        blockKinds.append(kind)
        return blockKinds.count - 1
    }
}
