/// Prose of an HTML document (placeholder until the libxml2 extractor lands: plain text).
enum HTMLProse {
    static func extract(_ document: inout Document) { PlainText.extract(&document) }
}
