/// Turns a block's UTF-16 text into word tokens with ids, classes and gaps, using ICU's word breaks.
public final class Tokenizer {
    public let breaker: Breaker
    let words: WordTable
    /// Keep the folded text of every token (compound matching needs it).
    let keepFolded: Bool
    private var scratch: [UInt16] = []

    init(breaker: Breaker, words: WordTable, keepFolded: Bool) {
        self.breaker = breaker
        self.words = words
        self.keepFolded = keepFolded
    }

    /// Fills starts, ends, ids, classes and gaps of `block` from its units.
    func tokenize(_ block: inout TokenizedBlock) {
        let units = block.units
        units.withUnsafeBufferPointer { text in
            breaker.words(text) { start, end, isNumber in
                let token = UnsafeBufferPointer(rebasing: text[start..<end])
                Folding.fold(token, into: &scratch)
                // camelCase words (masterNode, daGo) are identifiers or handles, not prose: whole-word
                // rules leave them alone unless a pattern writes the word that way.
                var id = scratch.withUnsafeBufferPointer { words.lookup($0) } ?? -1
                if id >= 0, Tokenizer.isCamelCase(token), !words.allowsCamelCase(id) { id = -1 }
                let gap: Gap
                if let previousEnd = block.ends.last {
                    gap = Tokenizer.classify(text, Int(previousEnd), start)
                } else {
                    gap = .hard
                }
                var cls: TokenClass = []
                let first = text[start]
                if isNumber || (first >= 0x30 && first <= 0x39) {
                    cls = Tokenizer.numberClasses(text, start, end)
                }
                if keepFolded {
                    block.foldedStarts.append(Int32(block.folded.count))
                    block.folded.append(contentsOf: scratch)
                }
                block.starts.append(Int32(start))
                block.ends.append(Int32(end))
                block.ids.append(id)
                block.classes.append(cls)
                block.gaps.append(gap)
            }
        }
    }

    /// Whether a word starts with a small letter and has a capital after it (camelCase: `masterNode`,
    /// `daGo`); capitalised words with inner capitals (`JavaScript`, `#NotAllMen`) are not counted.
    @inline(__always)
    static func isCamelCase<C: Collection>(_ token: C) -> Bool where C.Element == UInt16 {
        guard token.count > 1, let first = token.first,
            (first >= 0x61 && first <= 0x7A) || (first >= 0xDF && first <= 0xFF && first != 0xF7)
        else { return false }
        for u in token.dropFirst() where (u >= 0x41 && u <= 0x5A) || (u >= 0xC0 && u <= 0xDE && u != 0xD7) {
            return true
        }
        return false
    }

    @inline(__always)
    static func isSpace(_ u: UInt16) -> Bool {
        u == 0x20 || u == 0xA0 || (u >= 0x2000 && u <= 0x200B) || u == 0x202F || u == 0x3000 || u == 0xFEFF
    }

    @inline(__always)
    static func isQuote(_ u: UInt16) -> Bool {
        switch u {
        case 0x22, 0x27, 0x60, 0x2A, 0x5F, 0x2018, 0x2019, 0x201A, 0x201C, 0x201D, 0x201E, 0xAB, 0xBB, 0x2039, 0x203A:
            return true
        default: return false
        }
    }

    /// Classifies the text between two tokens.
    static func classify(_ text: UnsafeBufferPointer<UInt16>, _ from: Int, _ to: Int) -> Gap {
        var sawSpace = false
        var hyphens = 0
        var slashes = 0
        var commas = 0
        var i = from
        while i < to {
            let u = text[i]
            if isSpace(u) {
                sawSpace = true
            } else if isQuote(u) || currencySigns.contains(u) || u == 0x25 || (u == 0x2B && i == from) {
                // quotes, leftover emphasis marks, currency and percent signs do not separate a phrase,
                // nor does a plus glued to the word before it (LGBTQ+ community)
            } else if u == 0x2D || u == 0x2010 || u == 0x2011 {
                hyphens += 1
            } else if u == 0x2F {
                slashes += 1
            } else if u == 0x2C || u == 0x3001 || u == 0xFF0C {
                commas += 1
            } else {
                return .hard
            }
            i += 1
        }
        if hyphens > 0 {
            return hyphens == 1 && !sawSpace && slashes == 0 && commas == 0
                ? .soft : (slashes == 1 && hyphens == 1 && commas == 0 ? .soft : .hard)
        }
        if commas > 0 { return commas == 1 && slashes == 0 ? .comma : .hard }
        return slashes <= 1 ? .soft : .hard
    }

    static let currencySigns: Set<UInt16> = [
        0x24, 0x20AC, 0xA3, 0xA5, 0x20B9, 0x20A9, 0x20BD, 0x20BA, 0x20AB, 0x20B1, 0x20A3,
    ]
    static let currencyWords = [
        "usd", "eur", "gbp", "cad", "aud", "chf", "jpy", "inr", "dollars", "euros", "pounds", "francs",
    ]
    static let percentWords = ["percent", "per cent", "pct", "prozent", "por ciento", "pour cent", "pourcent"]

    /// Number, money, percent and year classes of a numeric token.
    static func numberClasses(_ text: UnsafeBufferPointer<UInt16>, _ start: Int, _ end: Int) -> TokenClass {
        var cls: TokenClass = [.number]
        var digits = 0
        var allDigits = true
        var value = 0
        for i in start..<end {
            let u = text[i]
            if u >= 0x30 && u <= 0x39 {
                digits += 1
                // only years matter; long digit runs must not overflow
                if digits <= 4 { value = value * 10 + Int(u - 0x30) }
            } else {
                allDigits = false
            }
        }
        if allDigits && digits == 4 && value >= 1900 && value <= 2099 { cls.insert(.year) }
        var b = start - 1
        while b >= 0 && isSpace(text[b]) { b -= 1 }
        if b >= 0 && currencySigns.contains(text[b]) { cls.insert(.money) }
        var a = end
        while a < text.count && isSpace(text[a]) { a += 1 }
        if a < text.count {
            if currencySigns.contains(text[a]) { cls.insert(.money) }
            if text[a] == 0x25 || text[a] == 0x066A { cls.insert(.percent) }
            if startsWithWord(text, a, currencyWords) { cls.insert(.money) }
            if startsWithWord(text, a, percentWords) { cls.insert(.percent) }
        }
        return cls
    }

    /// Whether text at `at` starts (case-insensitively) with one of `words`, followed by a non-letter.
    static func startsWithWord(_ text: UnsafeBufferPointer<UInt16>, _ at: Int, _ words: [String]) -> Bool {
        outer: for w in words {
            var i = at
            for c in w.utf16 {
                guard i < text.count else { continue outer }
                var u = text[i]
                if u >= 0x41 && u <= 0x5A { u += 0x20 }
                if u != c { continue outer }
                i += 1
            }
            if i == text.count { return true }
            let next = text[i]
            let isLetter = (next >= 0x41 && next <= 0x5A) || (next >= 0x61 && next <= 0x7A) || next >= 0xC0
            if !isLetter { return true }
        }
        return false
    }
}
