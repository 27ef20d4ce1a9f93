import AllyCore

/// `--lang auto`: recognises a document's language by counting each installed pack's stop words
/// among the first words of its prose. Function words are frequent and distinctive, so a few
/// sentences are enough; a text with too few of them keeps the fallback language.
public enum LanguageGuess {
    /// Words looked at; enough for a stable count, cheap on huge files.
    static let sample = 3000

    public static func guess(_ document: Document, stopwords: [String: Set<String>], fallback: String) -> String {
        var counts: [String: Int] = [:]
        var seen = 0
        var word = ""
        func flush() {
            guard !word.isEmpty else { return }
            seen += 1
            for (language, words) in stopwords where words.contains(word) { counts[language, default: 0] += 1 }
            word = ""
        }
        outer: for range in document.prose {
            let text = String(decoding: document.bytes[range.bytes], as: UTF8.self)
            for ch in text.lowercased() {
                if ch.isLetter {
                    word.append(ch)
                } else {
                    // An elided article (l', d', qu') counts as its own word.
                    if ch == "'" || ch == "\u{2019}" { word.append("'") }
                    flush()
                    if seen >= sample { break outer }
                }
            }
            flush()
        }
        let ranked = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        guard let best = ranked.first, best.value >= 2 else { return fallback }
        // A near tie (mixed-language text) keeps the fallback when it is one of the two.
        if ranked.count > 1, Double(best.value) < 1.3 * Double(ranked[1].value), ranked[1].key == fallback {
            return fallback
        }
        return best.key
    }
}
