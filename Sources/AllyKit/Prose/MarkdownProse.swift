/// Prose of a Markdown document (placeholder until the cmark-gfm extractor lands: plain text).
enum MarkdownProse {
    static func extract(_ document: inout Document) { PlainText.extract(&document) }
}
