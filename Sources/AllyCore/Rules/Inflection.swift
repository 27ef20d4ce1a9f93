/// English inflection: generates the forms a pattern's last word may take, and puts a suggestion
/// into the same form as the text it replaces.
public enum Inflection {
    /// Which families of forms a rule wants generated.
    public enum Kind: String, Sendable, Codable, CaseIterable { case noun, verb }

    /// The grammatical form of a matched word, so a fix can inflect its replacement the same way.
    public enum Form: UInt8, Sendable {
        case base, plural, possessive, pluralPossessive, thirdPerson, past, gerund
    }

    static let irregularPlurals: [String: String] = [
        "man": "men", "woman": "women", "person": "people", "child": "children", "foot": "feet",
        "tooth": "teeth", "mouse": "mice", "goose": "geese", "ox": "oxen", "louse": "lice",
        "gentleman": "gentlemen", "alumnus": "alumni", "alumna": "alumnae", "fireman": "firemen",
    ]

    static let peopleCompounds: Set<String> = [
        "salesperson", "spokesperson", "craftsperson", "businessperson", "layperson",
        "tradesperson", "townsperson", "anchorperson", "congressperson", "countryperson",
    ]

    static func isVowel(_ c: Character) -> Bool { "aeiou".contains(c) }

    /// Plural forms of an English noun (more than one when usage varies; harmless extras are fine
    /// because they only ever match words that are themselves that noun).
    public static func plurals(_ word: String) -> [String] {
        let w = word
        if let irregular = irregularPlurals[w] { return [irregular] }
        var out: [String] = []
        if w.hasSuffix("man") && w.count > 3 { out.append(String(w.dropLast(3)) + "men") }
        // both spellings occur
        if w.hasSuffix("person") && w.count > 6 { out.append(String(w.dropLast(6)) + "people") }
        if w.hasSuffix("child") && w.count > 5 { out.append(w + "ren") }
        if w.hasSuffix("s") || w.hasSuffix("x") || w.hasSuffix("z") || w.hasSuffix("ch") || w.hasSuffix("sh") {
            out.append(w + "es")
        } else if w.hasSuffix("y"), w.count > 1, !isVowel(w[w.index(before: w.index(before: w.endIndex))]) {
            out.append(String(w.dropLast()) + "ies")
        } else {
            out.append(w + "s")
        }
        if w.hasSuffix("fe") {
            out.append(String(w.dropLast(2)) + "ves")
        } else if w.hasSuffix("f") {
            out.append(String(w.dropLast()) + "ves")
        }
        return out
    }

    /// The preferred plural, for rewriting a suggestion.
    public static func plural(_ word: String) -> String {
        if let irregular = irregularPlurals[word.lowercased()] { return irregular }
        let lower = word.lowercased()
        // "salespeople" is usual, "chairpersons" is too: the compounds that prefer -people are listed.
        if lower.hasSuffix("person"), peopleCompounds.contains(lower) { return String(word.dropLast(6)) + "people" }
        if lower.hasSuffix("man") && lower.count > 3 && !["human", "german", "roman", "shaman"].contains(lower) {
            return String(word.dropLast(3)) + "men"
        }
        return plurals(word).last { !$0.hasSuffix("ves") } ?? word + "s"
    }

    /// Verb forms: third person, past, gerund (with and without a doubled final consonant).
    public static func verbForms(_ w: String) -> [(String, Form)] {
        var out: [(String, Form)] = []
        let third =
            plurals(w).first { !$0.hasSuffix("men") && !$0.hasSuffix("people") && !$0.hasSuffix("ves") } ?? w + "s"
        out.append((third, .thirdPerson))
        let chars = Array(w)
        if w.hasSuffix("e") {
            out.append((w + "d", .past))
            if !w.hasSuffix("ee") { out.append((String(w.dropLast()) + "ing", .gerund)) }
            out.append((w + "ing", .gerund))
        } else if w.hasSuffix("y"), chars.count > 1, !isVowel(chars[chars.count - 2]) {
            out.append((String(w.dropLast()) + "ied", .past))
            out.append((w + "ing", .gerund))
        } else {
            out.append((w + "ed", .past))
            out.append((w + "ing", .gerund))
            // consonant-vowel-consonant endings double: man → manned, ban → banning
            if chars.count >= 3, !isVowel(chars[chars.count - 1]), isVowel(chars[chars.count - 2]),
                !isVowel(chars[chars.count - 3]),
                !"wxy".contains(chars[chars.count - 1])
            {
                out.append((w + String(chars[chars.count - 1]) + "ed", .past))
                out.append((w + String(chars[chars.count - 1]) + "ing", .gerund))
            }
        }
        return out
    }

    /// Every form of `word` for the requested kinds, with the form each one is.
    public static func forms(_ word: String, kinds: Set<Kind>) -> [(String, Form)] {
        var out: [(String, Form)] = [(word, .base)]
        guard word.first?.isLetter == true, !word.contains("'") else { return out }
        if kinds.contains(.noun) {
            let plurals = plurals(word)
            for p in plurals { out.append((p, .plural)) }
            out.append((word + "'s", .possessive))
            for p in plurals where !p.hasSuffix("s") { out.append((p + "'s", .pluralPossessive)) }
        }
        if kinds.contains(.verb) { out.append(contentsOf: verbForms(word)) }
        var seen = Set<String>()
        return out.filter { seen.insert($0.0).inserted }
    }

    /// Puts the last word of `suggestion` into `form` (used when a fix replaces an inflected word).
    public static func apply(_ form: Form, to suggestion: String) -> String {
        guard form != .base, !suggestion.isEmpty else { return suggestion }
        var words = suggestion.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard let last = words.last, last.first?.isLetter == true else { return suggestion }
        let inflected: String
        switch form {
        case .base: inflected = last
        case .plural: inflected = plural(last)
        case .possessive: inflected = last + "'s"
        case .pluralPossessive:
            let p = plural(last)
            inflected = p.hasSuffix("s") ? p + "'" : p + "'s"
        case .thirdPerson, .past, .gerund:
            let forms = verbForms(last)
            inflected = forms.first { $0.1 == form }?.0 ?? last
        }
        words[words.count - 1] = inflected
        return words.joined(separator: " ")
    }
}
