/// `allow` in `.ally.yml`: exact phrases of the text whose findings are not reported. A finding is
/// dropped only when its matched text equals, or lies inside, an occurrence of an allowed phrase
/// in the document: `allow: [Master]` leaves the product "Master" alone but still flags "master
/// branch" and "master/slave". A phrase written with a capital letter is matched with its case; one
/// without, whatever the case. Runs of white space in a phrase match any white space (a line
/// break), and the apostrophes ’ and ' are the same. A phrase may be allowed for one rule id or
/// category only (`Policy.allowByRule`).
enum Allow {
    /// The findings that no allowed phrase covers.
    static func filter(_ findings: [Finding], policy: Policy, bytes: [UInt8], rules: RuleSet) -> [Finding] {
        guard !findings.isEmpty, !policy.allow.isEmpty || !policy.allowByRule.isEmpty || !rules.knownNames.isEmpty
        else { return findings }
        let byRule = Dictionary(policy.allowByRule.map { (rules.canonical($0.key), $0.value) }, uniquingKeysWith: +)
        let global = policy.allow.map(Phrase.init)
        // Known names (a product called Watchman, "the Salt master daemon") are allowed everywhere: a
        // finding whose first word lies inside a name is about the name, even when it runs on past it.
        let names = rules.knownNames.map(Phrase.init)
        let perRule = byRule.mapValues { $0.map(Phrase.init) }
        // Every word of every phrase: a finding none of whose words is among them needs no search.
        var vocabulary = Set<Substring>()
        for phrase in global + names + perRule.values.flatMap({ $0 }) {
            vocabulary.formUnion(phrase.folded.split(whereSeparator: Phrase.isSeparator))
        }
        return findings.filter { f in
            if f.isMissing { return true }
            let lowered = f.match.lowercased()
            guard lowered.split(whereSeparator: Phrase.isSeparator).contains(where: vocabulary.contains) else {
                return true
            }
            let phrases = global + (perRule[f.ruleID] ?? []) + (perRule[f.category] ?? [])
            // Only a phrase that contains the matched words can cover them: a cheap test first.
            let match = Phrase.normal(f.match)
            if phrases.contains(where: { $0.folded.contains(match) && $0.covers(f.range, in: bytes) }) { return false }
            guard !names.isEmpty else { return true }
            let first =
                match.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "/" }).first.map(String.init) ?? match
            let firstWord = f.range.lowerBound..<min(f.range.upperBound, f.range.lowerBound + first.utf8.count)
            return !names.contains {
                $0.folded.contains(first)
                    && ($0.covers(f.range, in: bytes) || $0.covers(firstWord, in: bytes, startingBefore: true))
            }
        }
    }

    /// An allowed phrase, ready to be looked for.
    struct Phrase {
        let scalars: [Unicode.Scalar]
        let caseSensitive: Bool
        let length: Int

        /// The phrase in lower case, for the quick test.
        let folded: String

        /// Characters that separate words for the quick vocabulary test.
        static func isSeparator(_ c: Character) -> Bool { !(c.isLetter || c.isNumber || c == "'" || c == "’") }

        /// Lower case, runs of white space as one space, one apostrophe.
        static func normal(_ text: String) -> String {
            text.lowercased().replacingAll("’", with: "'").split(whereSeparator: \.isWhitespace)
                .joined(separator: " ")
        }

        init(_ text: String) {
            let trimmed = text.trimmingWhitespace()
            folded = Phrase.normal(trimmed)
            scalars = Array(trimmed.unicodeScalars)
            caseSensitive = trimmed.unicodeScalars.contains { $0.properties.isUppercase }
            length = trimmed.utf8.count
        }

        /// Whether an occurrence of the phrase in `bytes` contains `range`, with word boundaries on
        /// both sides (where the phrase begins or ends with a letter or digit).
        /// With `startingBefore`, the occurrence must also begin before the range (a name that runs into it).
        func covers(_ range: Range<Int>, in bytes: [UInt8], startingBefore: Bool = false) -> Bool {
            guard !scalars.isEmpty else { return false }
            // A window around the range, wide enough for any occurrence that could contain it
            // (case mapping may change a character's length), on character boundaries.
            let margin = length * 4 + 16
            var start = max(0, range.lowerBound - margin)
            while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
            var end = min(bytes.count, range.upperBound + margin)
            while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
            var text: [Unicode.Scalar] = []
            var offsets: [Int] = []
            var offset = start
            for scalar in String(decoding: bytes[start..<end], as: UTF8.self).unicodeScalars {
                text.append(scalar)
                offsets.append(offset)
                offset += UTF8.width(scalar)
            }
            offsets.append(offset)
            for i in text.indices
            where offsets[i] < range.lowerBound || (!startingBefore && offsets[i] == range.lowerBound) {
                guard let j = match(text, at: i), offsets[j] >= range.upperBound else { continue }
                // At the window's edges the neighbouring character is unknown: such an occurrence
                // cannot contain the range anyway, the window being wider than the phrase.
                if i == 0 && start > 0 || j == text.count && end < bytes.count { continue }
                if Phrase.isWordCharacter(scalars.first!), i > 0, Phrase.isWordCharacter(text[i - 1]) { continue }
                if Phrase.isWordCharacter(scalars.last!), j < text.count, Phrase.isWordCharacter(text[j]) { continue }
                return true
            }
            return false
        }

        /// Where an occurrence of the phrase starting at `i` ends, if one does.
        func match(_ text: [Unicode.Scalar], at i: Int) -> Int? {
            var t = i
            var p = 0
            while p < scalars.count {
                let wanted = scalars[p]
                if wanted.properties.isWhitespace {
                    guard t < text.count, text[t].properties.isWhitespace else { return nil }
                    while t < text.count && text[t].properties.isWhitespace { t += 1 }
                    while p < scalars.count && scalars[p].properties.isWhitespace { p += 1 }
                    continue
                }
                guard t < text.count, same(text[t], wanted) else { return nil }
                t += 1
                p += 1
            }
            return t
        }

        func same(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Bool {
            let a = Phrase.apostrophe(a)
            let b = Phrase.apostrophe(b)
            if a == b { return true }
            return !caseSensitive && a.properties.lowercaseMapping == b.properties.lowercaseMapping
        }

        static func apostrophe(_ s: Unicode.Scalar) -> Unicode.Scalar {
            s == "\u{2019}" || s == "\u{2018}" || s == "\u{02BC}" ? "'" : s
        }

        static func isWordCharacter(_ s: Unicode.Scalar) -> Bool {
            s.properties.isAlphabetic || s.properties.numericType != nil
        }
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        let scalars = Array(unicodeScalars)
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[first...last])
        return String(out)
    }
}
