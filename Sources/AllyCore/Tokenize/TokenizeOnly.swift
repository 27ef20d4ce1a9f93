/// The benchmark's baseline: the same prose extraction and UTF-16 buffers as a lint, then ICU word
/// segmentation alone (no folding, lookups, matching or reporting).
public enum TokenizeOnly {
    /// Number of word tokens in the document's prose.
    public static func count(_ document: Document, breaker: Breaker) -> Int {
        var block = TokenizedBlock()
        var total = 0
        document.bytes.withUnsafeBufferPointer { bytes in
            var i = 0
            while i < document.prose.count {
                i = block.fill(from: document, bytes, at: i)
                block.units.withUnsafeBufferPointer { text in
                    breaker.words(text) { _, _, _ in total += 1 }
                }
            }
        }
        return total
    }
}
