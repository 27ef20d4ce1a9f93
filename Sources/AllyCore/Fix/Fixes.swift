/// Builds a finding's fix: the first suggestion in the matched word's form and capitalisation,
/// with the article before it corrected ("a whitelist" → "an allowlist").
enum Fixes {
    static func make(
        document: Document, range: Range<Int>, match: String, replacement: String,
        form: Inflection.Form, applicability: Applicability
    ) -> Fix {
        var text = Inflection.apply(form, to: replacement)
        text = matchCase(text, like: match)
        if match.contains("\u{2019}") { text = text.replacingApostrophes() }
        var edits = [Edit(range: range, replacement: text)]
        if let article = articleBefore(document.bytes, range.lowerBound) {
            let wanted = needsAn(text) ? "an" : "a"
            let current = article.text.lowercased()
            if current != wanted {
                edits.insert(Edit(range: article.range, replacement: matchCase(wanted, like: article.text)), at: 0)
            }
        }
        return Fix(edits: edits, applicability: applicability)
    }

    /// `replacement` written with the capitalisation of `original`: ALL CAPS, Capitalised or as is.
    static func matchCase(_ replacement: String, like original: String) -> String {
        let letters = original.unicodeScalars.filter { $0.properties.isAlphabetic }
        guard let first = letters.first else { return replacement }
        if letters.count > 1, letters.allSatisfy({ $0.properties.isUppercase }) { return replacement.uppercased() }
        if first.properties.isUppercase, let head = replacement.first {
            return head.uppercased() + replacement.dropFirst()
        }
        return replacement
    }

    /// The word "a" or "an" directly before `offset` (separated by spaces only), if any.
    static func articleBefore(_ bytes: [UInt8], _ offset: Int) -> (range: Range<Int>, text: String)? {
        var i = offset - 1
        var sawSpace = false
        while i >= 0, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x09 || bytes[i] == 0x0D {
            i -= 1
            sawSpace = true
        }
        guard sawSpace, i >= 0 else { return nil }
        let end = i + 1
        while i >= 0, (bytes[i] | 0x20) >= 0x61, (bytes[i] | 0x20) <= 0x7A { i -= 1 }
        let start = i + 1
        guard end - start == 1 || end - start == 2 else { return nil }
        if i >= 0, bytes[i] >= 0x80 || bytes[i] == 0x27 || bytes[i] == 0x2D { return nil }
        let word = String(decoding: bytes[start..<end], as: UTF8.self)
        guard ["a", "an"].contains(word.lowercased()) else { return nil }
        return (start..<end, word)
    }

    /// Whether a word takes "an": by sound, with the usual spelling exceptions.
    static func needsAn(_ text: String) -> Bool {
        let lower = text.lowercased()
        for prefix in ["uni", "use", "usu", "ura", "eu", "one", "once", "ewe"] where lower.hasPrefix(prefix) {
            return false
        }
        for prefix in ["hour", "honest", "honor", "honour", "heir"] where lower.hasPrefix(prefix) { return true }
        guard let first = lower.first else { return false }
        return "aeiou".contains(first)
    }
}

extension String {
    func replacingApostrophes() -> String {
        String(map { $0 == "'" ? "\u{2019}" : $0 })
    }
}
