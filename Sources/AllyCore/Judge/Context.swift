import Foundation

/// Where a match stands in its text: inside an identifier, a path, a reference or a quoted command
/// (code, not prose), or in a sentence that talks about the word rather than using it. Units are a
/// block's UTF-16 text; ranges are unit offsets.
enum Context {
    static func isSpace(_ u: UInt16) -> Bool { u == 0x20 || u == 0x09 || u == 0x0A || u == 0x0D || u == 0xA0 }

    /// The run of non-blank units around a range.
    static func chunk(_ u: [UInt16], _ r: Range<Int>) -> Range<Int> {
        var lo = r.lowerBound
        var hi = r.upperBound
        while lo > 0, !isSpace(u[lo - 1]) { lo -= 1 }
        while hi < u.count, !isSpace(u[hi]) { hi += 1 }
        return lo..<hi
    }

    /// Punctuation that wraps a word in prose without making it code: quotes, brackets, sentence marks.
    static let wrapping: Set<UInt16> = Set("\"'`“”‘’«»()[]{},.;:!?*".utf16)

    /// Whether the match sits inside something written for machines: a URL, an e-mail address, a path
    /// or git reference, a snake_case, dotted or kebab-case identifier, or an expression.
    static func isCodeLike(_ u: [UInt16], _ r: Range<Int>) -> Bool {
        // A match of several words is code when its first or last word sits in code.
        if let space = u[r].firstIndex(where: isSpace) {
            let last = u[r].lastIndex(where: isSpace)! + 1
            return isCodeLike(u, r.lowerBound..<space) || (last < r.upperBound && isCodeLike(u, last..<r.upperBound))
        }
        var c = chunk(u, r)
        while c.lowerBound < r.lowerBound, wrapping.contains(u[c.lowerBound]) { c = (c.lowerBound + 1)..<c.upperBound }
        while c.upperBound > r.upperBound, wrapping.contains(u[c.upperBound - 1]) {
            c = c.lowerBound..<(c.upperBound - 1)
        }
        let t = String(decoding: u[c], as: UTF16.self)
        if t.contains("://") || t.hasPrefix("www.") { return true }
        if let at = t.firstIndex(of: "@"), t[at...].contains(".") || at == t.startIndex { return true }
        if t.contains("_") || t.contains("=") || t.contains("::") || t.contains("()")
            || (t.contains("<") && t.contains(">")) || t.contains("{")
        {
            return true
        }
        // A shell variable (`$HOME`), not an amount (`$90,000`).
        if let dollar = t.firstIndex(of: "$"), let next = t[t.index(after: dollar)...].first,
            next.isLetter || next == "("
        {
            return true
        }
        let strict = c != r
        // Git revision notation: `master~2`, `master^`, `master..topic`.
        if strict, t.contains("^") || t.range(of: "~[0-9]|\\.\\.[A-Za-z0-9]", options: .regularExpression) != nil {
            return true
        }
        let parts = t.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count >= 2 {
            if t.hasPrefix("/") || t.hasPrefix("./") || t.hasPrefix("~/") || parts.count >= 3 { return true }
            if referencePrefixes.contains(parts[0].lowercased()) { return true }
            // A topic branch (`jk/http-dumb-namespaces`): initials, a slash, a kebab-case name.
            if parts[0].count <= 4, parts[1].filter({ $0 == "-" }).count >= 1, strict { return true }
        }
        // `master.cf`, `config.master`: a dot between two letters or digits.
        let scalars = Array(t.unicodeScalars)
        for k in scalars.indices.dropFirst().dropLast() where scalars[k] == "." {
            if isAlnum(scalars[k - 1]), isAlnum(scalars[k + 1]) { return true }
        }
        // `k8s-master`, `v1alpha3-master-job`: part of a lowercase kebab-case name with digits. Without
        // digits, names like `build-master-canary` look the same as English compounds (`tabs-versus-spaces`,
        // `five-year-old`), so they stay prose.
        let lowercase = t.allSatisfy { ($0.isASCII && $0.isLowercase) || $0.isNumber || $0 == "-" }
        if strict, lowercase, t.contains("-"), t.contains(where: \.isNumber) { return true }
        return false
    }

    /// Remote and reference names that begin a git ref (`origin/master`, `refs/heads/…`).
    static let referencePrefixes: Set<String> = [
        "origin", "upstream", "refs", "remotes", "heads", "tags", "fork", "p4", "svn",
    ]

    /// The range widened to the whole group of words joined by slashes or hyphens (`master/slave`).
    static func joinedGroup(_ u: [UInt16], _ r: Range<Int>) -> Range<Int> {
        func joiner(_ k: Int) -> Bool { u[k] == 0x2F || u[k] == 0x2D }
        var lo = r.lowerBound
        while lo > 1, joiner(lo - 1), isAlnum(u[lo - 2]) {
            lo -= 1
            while lo > 0, isAlnum(u[lo - 1]) { lo -= 1 }
        }
        var hi = r.upperBound
        while hi + 1 < u.count, joiner(hi), isAlnum(u[hi + 1]) {
            hi += 1
            while hi < u.count, isAlnum(u[hi]) { hi += 1 }
        }
        return lo..<hi
    }

    static func isAlnum(_ s: Unicode.Scalar) -> Bool { s.properties.isAlphabetic || ("0"..."9").contains(s) }

    static func isAlnum(_ u: UInt16) -> Bool { Unicode.Scalar(u).map(isAlnum) ?? true }

    /// The sentence around a range: from the last sentence end before it to the next one after it.
    static func sentence(_ u: [UInt16], _ r: Range<Int>) -> Range<Int> {
        func ends(_ k: Int) -> Bool {
            (u[k] == 0x2E || u[k] == 0x21 || u[k] == 0x3F) && (k + 1 == u.count || isSpace(u[k + 1]))
        }
        var lo = r.lowerBound
        while lo > 0, r.lowerBound - lo < 400, !ends(lo - 1) { lo -= 1 }
        var hi = r.upperBound
        while hi < u.count, hi - r.upperBound < 400, !ends(hi) { hi += 1 }
        return lo..<hi
    }

    /// Words before a term that say the sentence is about the term: "avoid “lame”", "bad example:
    /// chairman", "terms like whitelist", "instead of master".
    static let cues = [
        "avoid", "rename", "renaming", "renamed", "moving away from", "move away from",
        "moved away from", "don't use", "do not use", "don't say", "do not say", "bad example",
        "the word", "the words", "the term", "the terms", "terms like", "words like", "terms such as",
        "words such as", "phrases like", "idioms like", "expressions like", "terminology",
    ]

    /// Verbs (and "from") that say a sentence is about changing one word for another.
    static let changeVerbs: Set<String> = [
        "change", "changes", "changed", "changing", "rename", "renames", "renamed",
        "renaming", "replace", "replaces", "replaced", "replacing", "switch",
        "switched", "switching", "migrate", "migrated", "migrating", "move", "moved",
        "moving", "swap", "swapped", "swapping", "convert", "converted", "from",
    ]

    /// Words that introduce the replacement in "change X to Y", "replace X with Y".
    static let toward = ["to", "with", "by", "into", "→", "->", "=>", "for"]

    /// Whether the sentence talks about the matched words: a cue shortly before them, or one of the
    /// finding's own alternatives named after them as their replacement ("from master to main").
    static func talksAbout(_ u: [UInt16], _ r: Range<Int>, alternatives: [String]) -> Bool {
        let s = sentence(u, r)
        // Words before the term in this sentence (the last 200 units are plenty), lowercased.
        let before = String(decoding: u[max(s.lowerBound, r.lowerBound - 200)..<r.lowerBound], as: UTF16.self)
            .lowercased()
        let words = before.split(whereSeparator: { !$0.isLetter && $0 != "'" && $0 != "’" }).map {
            $0.replacingOccurrences(of: "’", with: "'")
        }
        let lowered = alternatives.filter { $0.count >= 3 }.map { $0.lowercased() }
        // "Use allowlist instead of whitelist": the alternative named before "instead of" the term.
        if words.count >= 2, words.suffix(3).joined(separator: " ").contains("instead of"),
            lowered.contains(where: { before.contains($0) })
        {
            return true
        }
        // The cue stands right before the term, or with one word between ("avoid using “lame”"):
        // "instead of pushing to master" is about pushing, not about the word.
        for skip in 0...1 where words.count > skip {
            let lead = words.dropLast(skip)
            for cue in cueWords where lead.count >= cue.count && Array(lead.suffix(cue.count)) == cue {
                return true
            }
        }
        // "Change X to Y", "replace X with Y": a verb of changing before the term, its alternative after.
        guard words.contains(where: { changeVerbs.contains($0) }) else { return false }
        let after = String(decoding: u[r.upperBound..<min(s.upperBound, r.upperBound + 160)], as: UTF16.self)
            .lowercased()
        let tail = after.split(whereSeparator: { $0 == " " || $0 == "\t" }).prefix(10).map { trimQuotes($0) }
        for (k, word) in tail.enumerated() where toward.contains(word) && k + 1 < tail.count {
            let next = tail[(k + 1)...].prefix(3).joined(separator: " ")
            // "whitelist/blacklist to allowlist/blocklist": either half of a pair may name it.
            let heads = [next] + next.split(separator: "/").dropFirst().map(String.init)
            for a in lowered {
                // "renaming the master branch to main": the alternative's first word stands for it.
                let first = a.split(separator: " ").first.map(String.init) ?? a
                for candidate in Set([a, first]) where candidate.count >= 3 {
                    for head in heads
                    where head.hasPrefix(candidate) || head.hasPrefix("the " + candidate)
                        || head.hasPrefix("a " + candidate) || head.hasPrefix("an " + candidate)
                    {
                        return true
                    }
                }
            }
        }
        return false
    }

    /// The cues as word lists, split once.
    static let cueWords: [[String]] = cues.map { $0.split(separator: " ").map(String.init) }

    /// Quotation marks and sentence marks around a word.
    static let quoteCharacters: Set<Character> = Set("\"'`“”‘’«».,;:!?()")

    static func trimQuotes(_ word: Substring) -> String {
        var w = word
        while let c = w.first, quoteCharacters.contains(c) { w = w.dropFirst() }
        while let c = w.last, quoteCharacters.contains(c) { w = w.dropLast() }
        return String(w)
    }

    /// Whether the match is part of a proper name, in English: a capitalised word, not at the start of a
    /// sentence, followed by another capitalised word ("Crazy Egg", "Master of None") or after a title's
    /// capitalised "The" ("The Blacklist"). A capitalised word before it says less: demonyms and
    /// religions are capitalised too ("call Muslims …"). Headings are left out: they capitalise every word.
    static func isInProperName(_ u: [UInt16], _ r: Range<Int>) -> Bool {
        func isUpper(_ k: Int) -> Bool { Unicode.Scalar(u[k]).map { $0.properties.isUppercase } ?? false }
        func isLower(_ k: Int) -> Bool { Unicode.Scalar(u[k]).map { $0.properties.isLowercase } ?? false }
        guard !r.isEmpty, isUpper(r.lowerBound), r.contains(where: isLower) else { return false }
        // The word before: its start, skipping one blank.
        var k = r.lowerBound - 1
        while k >= 0, isSpace(u[k]) { k -= 1 }
        guard k >= 0, !".!?:;\"“‘([*•-–—#>|".utf16.contains(u[k]) else { return false }
        var wordStart = k
        while wordStart > 0, !isSpace(u[wordStart - 1]) { wordStart -= 1 }
        // "The" with a capital in mid-sentence opens a title: "watch The Blacklist".
        let previous = String(decoding: u[wordStart...k], as: UTF16.self)
        var j = wordStart - 1
        while j >= 0, isSpace(u[j]) { j -= 1 }
        let previousStartsSentence = j < 0 || ".!?:".utf16.contains(u[j])
        if ["The", "A", "An"].contains(previous), !previousStartsSentence { return true }
        // The words after: a capitalised one, possibly after one joining word ("Master of None").
        var words: [Range<Int>] = []
        var i = r.upperBound
        while words.count < 2 {
            while i < u.count, isSpace(u[i]) { i += 1 }
            guard i < u.count else { break }
            let start = i
            while i < u.count, !isSpace(u[i]) { i += 1 }
            words.append(start..<i)
        }
        guard let next = words.first, !u[(r.upperBound)..<next.lowerBound].contains(where: { !isSpace($0) }) else {
            return false
        }
        if isUpper(next.lowerBound), next.contains(where: isLower) { return true }
        let joining = String(decoding: u[next], as: UTF16.self)
        if ["of", "&", "and", "de", "von"].contains(joining), words.count > 1, isUpper(words[1].lowerBound) {
            return true
        }
        return false
    }

    /// Whether the match lies inside a quotation that opens before it and closes after it in the same
    /// sentence: reported speech or a slogan held up for discussion ("brands that claim to 'give a
    /// voice to the voiceless'"), or a `code span` in plain text.
    static func isInsideQuotation(_ u: [UInt16], _ r: Range<Int>) -> Bool {
        let s = sentence(u, r)
        let pairs: [UInt16: UInt16] = [0x22: 0x22, 0x27: 0x27, 0x60: 0x60, 0x201C: 0x201D, 0x2018: 0x2019]
        var k = r.lowerBound - 1
        while k >= s.lowerBound {
            if let closer = pairs[u[k]], k == s.lowerBound || !isAlnum(u[k - 1]) {
                // The quotation must not close before the match and must close after it.
                let closes = { (i: Int) -> Bool in
                    u[i] == closer && (closer != 0x27 || i + 1 >= u.count || !isAlnum(u[i + 1]))
                }
                if ((k + 1)..<r.lowerBound).contains(where: closes) { return false }
                guard let end = (r.upperBound..<s.upperBound).first(where: closes) else { return false }
                // Code spans always; otherwise a quotation of four words or more: two quoted words
                // ("play dumb") are scare quotes around a use.
                if closer == 0x60 { return true }
                let words = String(decoding: u[(k + 1)..<end], as: UTF16.self).split(whereSeparator: \.isWhitespace)
                return words.count >= 4
            }
            k -= 1
        }
        return false
    }

    /// Whether the match is written in capitals in a sentence that is not: an acronym or a product's
    /// name ("We use LAME to encode"), not shouting.
    static func isAcronym(_ u: [UInt16], _ r: Range<Int>) -> Bool {
        func isUpper(_ k: Int) -> Bool { Unicode.Scalar(u[k]).map { $0.properties.isUppercase } ?? false }
        func isLower(_ k: Int) -> Bool { Unicode.Scalar(u[k]).map { $0.properties.isLowercase } ?? false }
        let letters = r.filter { isUpper($0) || isLower($0) }
        // Acronyms and such names are short; a long word in capitals is emphasis ("the WHITELIST").
        guard letters.count >= 2, letters.count <= 5, letters.allSatisfy(isUpper) else { return false }
        let s = sentence(u, r)
        // At the start of a sentence capitals are an exclamation ("WTF, …"), not a name.
        let lead = u[s.lowerBound..<r.lowerBound].contains(where: { !isSpace($0) && !wrapping.contains($0) })
        return lead && s.contains(where: isLower)
    }

    /// Whether the matched words are all the text of their block: a term alone in a list item or a table
    /// cell is a word list ("Avoid: - whitelist - blacklist"), not a sentence that uses it.
    static func isBareTerm(_ u: [UInt16], _ r: Range<Int>) -> Bool {
        let edge = Set("\"'`“”‘’«»()[]{},.;:!?*-–—•".utf16)
        var lo = 0
        var hi = u.count
        while lo < r.lowerBound, isSpace(u[lo]) || edge.contains(u[lo]) { lo += 1 }
        while hi > r.upperBound, isSpace(u[hi - 1]) || edge.contains(u[hi - 1]) { hi -= 1 }
        return lo == r.lowerBound && hi == r.upperBound
    }

    /// Commands whose quoted invocations ("git push origin master") are code, not prose.
    static let commands: Set<String> = [
        "git", "svn", "hg", "npm", "npx", "yarn", "pnpm", "pip", "pipx", "docker", "kubectl", "helm", "make", "cargo",
        "go", "python", "python3", "ssh", "scp", "sudo", "cd", "ls", "curl", "wget", "apt", "apt-get", "brew", "gem",
        "bundle", "mvn", "gradle", "swift", "gh", "terraform", "ansible", "salt", "systemctl", "service", "ally",
    ]

    /// Quotation marks and the marks that close them.
    static let pairs: [UInt16: [UInt16]] = [0x22: [0x22], 0x27: [0x27], 0x201C: [0x201D], 0x2018: [0x2019]]

    /// Whether the match lies inside a quotation that starts with a command: `"git push origin master"`.
    static func isQuotedCommand(_ u: [UInt16], _ r: Range<Int>) -> Bool {
        let s = sentence(u, r)
        var k = r.lowerBound - 1
        while k >= s.lowerBound {
            if let closers = pairs[u[k]], k == 0 || isSpace(u[k - 1]) || u[k - 1] == 0x28 {
                // A quotation that closes before the match does not hold it.
                let between = (k + 1)..<r.lowerBound
                if between.contains(where: { closers.contains(u[$0]) && ($0 + 1 >= u.count || !isAlnum(u[$0 + 1])) }) {
                    return false
                }
                // The quotation must close after the match.
                var e = r.upperBound
                while e < s.upperBound, !closers.contains(u[e]) { e += 1 }
                guard e < s.upperBound else { return false }
                let content = String(decoding: u[(k + 1)..<r.lowerBound], as: UTF16.self)
                let first = content.split(separator: " ").first.map(String.init) ?? ""
                return commands.contains(first)
            }
            k -= 1
        }
        return false
    }
}
