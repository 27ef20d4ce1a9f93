/// The benchmark's baseline: the same prose extraction and UTF-16 buffers as a lint, then ICU word
/// segmentation alone (no folding, lookups, matching or reporting).
public enum TokenizeOnly {
    /// Number of word tokens in the document's prose.
    public static func count(_ document: Document, breaker: Breaker) -> Int {
        var block = TokenizedBlock()
        var total = 0
        document.bytes.withUnsafeBufferPointer { bytes in
            var i = 0
            let prose = document.prose
            while i < prose.count {
                let index = prose[i].block
                block.reset()
                while i < prose.count, prose[i].block == index {
                    if prose[i].spaceBefore, !block.units.isEmpty { block.appendSpace(at: prose[i].bytes.lowerBound) }
                    block.append(bytes, prose[i].bytes)
                    i += 1
                }
                block.units.withUnsafeBufferPointer { text in
                    breaker.words(text) { _, _, _ in total += 1 }
                }
            }
        }
        return total
    }
}
