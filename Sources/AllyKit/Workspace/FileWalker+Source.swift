extension FileWalker {
    /// Whether walking a directory lints this file: a document by its extension, or a source file when asked for.
    func collects(_ path: String) -> Bool {
        FileWalker.extensions.contains(FileWalker.ext(path)) || (includeSource && CommentSyntax(path: path) != nil)
    }
}

extension InputFormat {
    /// Markdown and plain text may be linted in pieces cut at blank lines; the other formats have
    /// constructs across blank lines (literal blocks, tables, block comments) and are read whole.
    var canBeReadInPieces: Bool { self == .markdown || self == .text }

    /// The format names `--input-format` and JSONL's `format` take, for messages.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
