import Foundation

/// What linting one document produced.
public struct LintResult: Sendable {
    public var findings: [Finding]
    /// Warnings about the document itself (an unknown rule in a directive).
    public var notes: [(range: Range<Int>, message: String)]
}

/// Lints documents with one compiled rule set; one Linter per thread.
public final class Linter {
    public let rules: RuleSet
    private let tokenizer: Tokenizer
    private var block = TokenizedBlock()
    private var raw: [RawMatch] = []
    /// The document's headings in file order (start byte, folded text), built when first needed.
    private var headings: [(start: Int, text: String)]?
    /// Each block's start and whether it is a label like "Avoid" or "No", built when first needed.
    private var labels: [(start: Int, isAvoid: Bool)]?
    /// Matches inside a longer word (compounds), by start unit: the whole word's units.
    private var insideWords: [Int: Range<Int>] = [:]

    public init(rules: RuleSet) throws {
        self.rules = rules
        tokenizer = try rules.makeTokenizer()
    }

    /// Lints a parsed document. `keepOverlaps` keeps matches that lie inside longer ones (rule examples).
    public func lint(_ document: Document, policy given: Policy = Policy(), keepOverlaps: Bool = false) -> LintResult {
        let policy = given.resolved(in: rules)
        headings = nil
        labels = nil
        var findings: [Finding] = []
        var checks = CheckState(rules: rules, policy: policy, document: document)
        document.bytes.withUnsafeBufferPointer { bytes in
            var i = 0
            while i < document.prose.count {
                i = block.fill(from: document, bytes, at: i)
                guard !block.units.isEmpty else { continue }
                tokenizer.tokenize(&block)
                raw.removeAll(keepingCapacity: true)
                rules.automaton.match(block, into: &raw)
                if raw.isEmpty && !checks.needsEveryBlock { continue }
                judge(document, policy: policy, keepOverlaps: keepOverlaps, into: &findings)
                checks.observe(block, raw, tokenizer: tokenizer)
            }
        }
        findings += checks.finish()
        var notes: [(Range<Int>, String)] = document.notes.map { ($0.bytes, $0.message) }
        if policy.inlineConfig { findings = Directives.apply(document, findings, rules: rules, notes: &notes) }
        findings = Allow.filter(findings, policy: policy, bytes: document.bytes, rules: rules)
        findings.sort {
            ($0.range.lowerBound, $0.range.upperBound, $0.ruleID) < (
                $1.range.lowerBound, $1.range.upperBound, $1.ruleID
            )
        }
        return LintResult(findings: findings, notes: notes.map { (range: $0.0, message: $0.1) })
    }

    /// Turns the raw rule matches of the current block into findings.
    private func judge(_ document: Document, policy: Policy, keepOverlaps: Bool, into findings: inout [Finding]) {
        var candidates: [(rule: Int, units: Range<Int>, form: Inflection.Form, tokens: ClosedRange<Int>)] = []
        insideWords.removeAll(keepingCapacity: true)
        var exceptions: [(rule: Int, units: Range<Int>)] = []
        var context: [(rule: Int, role: Owner.Role, tokens: ClosedRange<Int>)] = []
        for m in raw {
            let owner = rules.owner(m.owner)
            let units =
                m.unitStart >= 0
                ? Int(m.unitStart)..<Int(m.unitEnd) : Int(block.starts[Int(m.first)])..<Int(block.ends[Int(m.last)])
            switch owner.role {
            case .rule:
                let rule = rules.rules[Int(owner.index)]
                guard policy.runs(id: rule.id, category: rule.category, optIn: rules.ruleIsOptIn[Int(owner.index)])
                else { continue }
                guard satisfies(owner, rule, m, units) else { continue }
                // An identifier's words are code by definition: none of the prose judgements apply.
                if block.kind == .identifier {
                    guard rules.ruleReadsIdentifiers[Int(owner.index)] else { continue }
                    candidates.append((Int(owner.index), units, owner.form, Int(m.first)...Int(m.last)))
                    continue
                }
                // A quoted mention is talk about the word; a slur (error) is flagged even quoted.
                if !policy.flagQuoted, rule.severity != .error, m.unitStart < 0,
                    Linter.isQuotedMention(block.units, units)
                        || Linter.isQuotedMention(block.units, Context.joinedGroup(block.units, units))
                {
                    continue
                }
                // Code in prose (a path, a ref, an identifier, a quoted command) and talk about the word
                // itself are not uses of it; a slur is flagged all the same.
                if rule.severity != .error, m.unitStart < 0 {
                    if Context.isCodeLike(block.units, units) || Context.isQuotedCommand(block.units, units)
                        || (!rule.caseSensitive && Context.isAcronym(block.units, units))
                    {
                        continue
                    }
                    if !policy.flagQuoted, Context.isInsideQuotation(block.units, units) || block.kind == .quotation {
                        continue
                    }
                    // German capitalises every noun, so a capital says nothing about names there.
                    if rules.language == "en", !isHeading(block.kind), Context.isInProperName(block.units, units) {
                        continue
                    }
                    let alternatives = rule.suggestions.alternatives(style: nil)
                    if !policy.flagQuoted,
                        Context.talksAbout(block.units, units, alternatives: alternatives)
                            || (Context.isBareTerm(block.units, Context.joinedGroup(block.units, units))
                                && !isHeading(block.kind)
                                && listIntroducedAsAvoid(document, before: Int(block.unitToByte[0])))
                            || headingTalksAbout(
                                document, block.text(units: units.lowerBound, units.upperBound),
                                alternatives: alternatives,
                                at: block.byteRange(units: units.lowerBound, units.upperBound).lowerBound)
                    {
                        continue
                    }
                }
                candidates.append((Int(owner.index), units, owner.form, Int(m.first)...Int(m.last)))
                if m.unitStart >= 0 {
                    insideWords[units.lowerBound] = Int(block.starts[Int(m.first)])..<Int(block.ends[Int(m.first)])
                }
            case .exception:
                guard anchored(owner, m) else { continue }
                exceptions.append((Int(owner.index), units))
            case .unlessBefore, .unlessAfter, .onlyBefore, .onlyAfter:
                guard anchored(owner, m) else { continue }
                context.append((Int(owner.index), owner.role, Int(m.first)...Int(m.last)))
            default: continue
            }
        }
        guard !candidates.isEmpty else { return }
        candidates.removeAll { c in exceptions.contains { $0.rule == c.rule && $0.units.overlaps(c.units) } }
        candidates.removeAll { c in
            let rule = rules.rules[c.rule]
            return !rule.context.isEmpty && !contextAllows(rule.context, c.rule, c.tokens, context)
        }
        // One finding per rule and place; a match inside a longer match of another rule says less.
        var kept: [(rule: Int, units: Range<Int>, form: Inflection.Form, tokens: ClosedRange<Int>)] = []
        for c in candidates.sorted(by: {
            ($0.units.lowerBound, -$0.units.count) < ($1.units.lowerBound, -$1.units.count)
        }) {
            if kept.contains(where: { $0.rule == c.rule && $0.units.overlaps(c.units) }) { continue }
            // One finding per phrase: of two rules' matches on the same words, the one read first stays.
            if !keepOverlaps, kept.contains(where: { $0.units.overlaps(c.units) }) { continue }
            if !keepOverlaps,
                kept.contains(where: {
                    $0.units.lowerBound <= c.units.lowerBound && $0.units.upperBound >= c.units.upperBound
                        && $0.units != c.units
                })
            {
                continue
            }
            kept.append(c)
        }
        for c in kept { findings.append(finding(document, rule: c.rule, units: c.units, form: c.form, policy: policy)) }
    }

    /// Whether a rule's context conditions let a match stand: no `unless_before`/`unless_after` pattern
    /// within the window in the same clause, and (when the rule has `only_…` patterns) one of them there.
    private func contextAllows(
        _ conditions: Rule.Context, _ rule: Int, _ match: ClosedRange<Int>,
        _ found: [(rule: Int, role: Owner.Role, tokens: ClosedRange<Int>)]
    ) -> Bool {
        var required = false
        var met = false
        if !conditions.onlyBefore.isEmpty || !conditions.onlyAfter.isEmpty { required = true }
        for c in found where c.rule == rule {
            let near: Bool
            switch c.role {
            case .unlessBefore, .onlyBefore:
                near =
                    c.tokens.upperBound < match.lowerBound
                    && match.lowerBound - c.tokens.upperBound - 1 <= conditions.window
                    && sameClause(c.tokens.upperBound, match.lowerBound)
            default:
                near =
                    c.tokens.lowerBound > match.upperBound
                    && c.tokens.lowerBound - match.upperBound - 1 <= conditions.window
                    && sameClause(match.upperBound, c.tokens.lowerBound)
            }
            guard near else { continue }
            if c.role == .unlessBefore || c.role == .unlessAfter { return false }
            met = true
        }
        return !required || met
    }

    /// Whether no sentence punctuation, bracket or dash lies between two tokens (commas may).
    private func sameClause(_ a: Int, _ b: Int) -> Bool {
        guard a < b else { return true }
        for k in (a + 1)...b where block.gaps[k] == .hard { return false }
        return true
    }

    /// Whether the token starts a sentence: nothing but spaces, quotes or an opening bracket lies between
    /// it and the block's start, a sentence end or a colon.
    private func startsSentence(_ token: Int) -> Bool {
        var k = Int(block.starts[token]) - 1
        while k >= 0 {
            let u = block.units[k]
            if Tokenizer.isSpace(u) || Linter.closingQuotes[u] != nil || u == 0x28 || u == 0x5B || u == 0x2A
                || u == 0x5F || u == 0x2019 || u == 0x201D
            {
                k -= 1
                continue
            }
            return [0x2E, 0x21, 0x3F, 0x3A, 0x2026, 0x3B].contains(u)
        }
        return true
    }

    /// Whether a match keeps its pattern's `<start>` and `<end>` anchors.
    private func anchored(_ owner: Owner, _ m: RawMatch) -> Bool {
        if owner.atEnd, Int(m.last) + 1 < block.count, block.gaps[Int(m.last) + 1] != .hard { return false }
        if owner.atStart, !startsSentence(Int(m.first)) { return false }
        return true
    }

    /// Checks a candidate's constraints: anchors, exact case, a prefix mark, what may not follow it.
    private func satisfies(_ owner: Owner, _ rule: Rule, _ m: RawMatch, _ units: Range<Int>) -> Bool {
        guard anchored(owner, m) else { return false }
        if let mark = owner.prefixMark {
            guard units.lowerBound > 0, let scalar = Unicode.Scalar(block.units[units.lowerBound - 1]),
                Character(scalar) == mark
            else { return false }
        }
        if let words = owner.caseWords {
            var k = 0
            for t in Int(m.first)...Int(m.last) {
                // Exact case, but ’ and ' stay the same character.
                if k < words.count, !words[k].isEmpty,
                    block.text(ofToken: t).replacingOccurrences(of: "\u{2019}", with: "'")
                        != words[k].replacingOccurrences(of: "\u{2019}", with: "'")
                {
                    return false
                }
                k += 1
            }
        }
        if !rule.notFollowedBy.isEmpty {
            let longest = rule.notFollowedBy.map(\.utf16.count).max() ?? 0
            let after = block.text(units: units.upperBound, units.upperBound + longest).lowercased()
            if rule.notFollowedBy.contains(where: { after.hasPrefix($0) }) { return false }
        }
        return true
    }

    private func finding(
        _ document: Document, rule index: Int, units: Range<Int>, form: Inflection.Form, policy: Policy
    ) -> Finding {
        let rule = rules.rules[index]
        let range = block.byteRange(units: units.lowerBound, units.upperBound)
        let match = String(decoding: document.bytes[range], as: UTF8.self)
        let suggestions = rule.suggestions.alternatives(style: policy.style)
        // The prose as read (`white**list**` reads "whitelist"); when markup sits inside the match,
        // replacing the range would break the markup, so no fix is offered.
        var prose = block.text(units: units.lowerBound, units.upperBound)
        // Inside a compound the message names the whole word, and a fix (made for the word alone) is not offered.
        let word = insideWords[units.lowerBound]
        if let word { prose = block.text(units: word.lowerBound, word.upperBound) }
        var fix: Fix?
        if let applicability = rule.fix, let first = suggestions.first, prose.utf8.count == range.count, word == nil,
            block.kind != .identifier
        {
            fix = Fixes.make(
                document: document, range: range, match: match, replacement: first, form: form,
                applicability: applicability)
        }
        return Finding(
            ruleID: rule.id, category: rule.category,
            severity: policy.severity(id: rule.id, category: rule.category, default: rule.severity),
            message: rule.message(for: prose), match: match, range: range, suggestions: suggestions, fix: fix,
            why: rule.why)
    }

    private func isHeading(_ kind: BlockKind) -> Bool {
        if case .heading = kind { return true }
        return false
    }

    /// Whether a short block or heading shortly before `offset` says that what follows is to be avoided
    /// ("Avoid", "No", "Don't use", "Instead of", "Bad example"): a word list under it is a mention.
    private func listIntroducedAsAvoid(_ document: Document, before offset: Int) -> Bool {
        if labels == nil {
            // Each block's start and whether it is a short label that introduces terms to avoid.
            var list: [(start: Int, isAvoid: Bool)] = []
            var block = -1
            var text = ""
            func flush() {
                guard let last = list.popLast() else { return }
                let words = text.lowercased().replacingOccurrences(of: "’", with: "'")
                    .split(whereSeparator: { !$0.isLetter && $0 != "'" })
                let lead = words.prefix(2).joined(separator: " ")
                let isAvoid =
                    !words.isEmpty && words.count <= 5
                    && Linter.avoidCues.contains(where: { lead == $0 || lead.hasPrefix($0 + " ") })
                list.append((last.start, isAvoid))
            }
            for range in document.prose {
                let piece = String(decoding: document.bytes[range.bytes], as: UTF8.self)
                if range.block == block {
                    text += " " + piece
                    continue
                }
                flush()
                list.append((range.bytes.lowerBound, false))
                text = piece
                block = range.block
            }
            flush()
            labels = list
        }
        guard let labels else { return false }
        // The blocks before this one, up to eight back.
        var hi = labels.count
        var lo = 0
        while lo < hi {
            let mid = (lo + hi) / 2
            if labels[mid].start < offset { lo = mid + 1 } else { hi = mid }
        }
        return labels[max(0, lo - 8)..<lo].contains { $0.isAvoid }
    }

    /// The first words of a label that introduces terms to avoid.
    static let avoidCues = [
        "avoid", "no", "don't", "do not", "not", "instead of", "bad", "incorrect", "wrong", "never",
        "don't use", "do not use", "not recommended", "deprecated", "outdated", "offensive",
    ]

    /// Whether the document's title or the heading of the section around `offset` names the matched
    /// words together with one of their alternatives: a page about renaming a term mentions it throughout.
    private func headingTalksAbout(_ document: Document, _ match: String, alternatives: [String], at offset: Int)
        -> Bool
    {
        if headings == nil {
            var list: [(Int, String)] = []
            var current = -1
            for range in document.prose {
                guard case .heading = document.blockKinds[range.block] else { continue }
                let text = String(decoding: document.bytes[range.bytes], as: UTF8.self).lowercased()
                if range.block == current, let last = list.popLast() {
                    list.append((last.0, last.1 + " " + text))
                } else {
                    list.append((range.bytes.lowerBound, text))
                }
                current = range.block
            }
            headings = list
        }
        guard let headings, !headings.isEmpty else { return false }
        func words(_ text: String) -> [String] { text.split(whereSeparator: { !$0.isLetter }).map(String.init) }
        func contains(_ haystack: [String], _ needle: [String]) -> Bool {
            guard !needle.isEmpty, needle.count <= haystack.count else { return false }
            return (0...(haystack.count - needle.count)).contains {
                Array(haystack[$0..<($0 + needle.count)]) == needle
            }
        }
        guard let term = words(match.lowercased()).first, term.count >= 3 else { return false }
        let section = headings.last { $0.start < offset }
        for heading in [headings[0], section].compactMap({ $0 }) where heading.start < offset {
            let text = words(heading.text)
            guard text.contains(where: { $0.hasPrefix(term) }) else { continue }
            for alternative in alternatives {
                let a = words(alternative.lowercased())
                if a.joined().count >= 4, contains(text, a) || (a.count > 1 && a[0].count >= 4 && text.contains(a[0])) {
                    return true
                }
            }
        }
        return false
    }

    /// Quotation marks and the marks that close them: "…" '…' `…` “…” ‘…’ „…“ „…” ‚…‘ «…» »…« ‹…› ›…‹.
    static let closingQuotes: [UInt16: [UInt16]] = [
        0x22: [0x22], 0x27: [0x27], 0x60: [0x60], 0x201C: [0x201D], 0x2018: [0x2019],
        0x201E: [0x201C, 0x201D], 0x201A: [0x2018], 0xAB: [0xBB], 0xBB: [0xAB], 0x2039: [0x203A], 0x203A: [0x2039],
    ]

    /// Whether a match is talk about words rather than their use: it is the text between a pair of
    /// quotation marks ("rename “whitelist” to “allowlist”", a song called "Crazy"), or its quoted
    /// first or last words stand for it (don't call it the "ghetto" fix).
    static func isQuotedMention(_ units: [UInt16], _ range: Range<Int>) -> Bool {
        var before = range.lowerBound - 1
        var after = range.upperBound
        // French guillemets hold a (no-break) space inside: « mot ».
        if before > 0, Tokenizer.isSpace(units[before]), units[before - 1] == 0xAB || units[before - 1] == 0x2039 {
            before -= 1
        }
        if after + 1 < units.count, Tokenizer.isSpace(units[after]),
            units[after + 1] == 0xBB || units[after + 1] == 0x203A
        {
            after += 1
        }
        // “…falling on deaf ears.”: sentence punctuation may sit inside the closing mark.
        while after + 1 < units.count, [0x2E, 0x2C, 0x21, 0x3F].contains(units[after]),
            closingQuotes.values.contains(where: { $0.contains(units[after + 1]) })
        {
            after += 1
        }
        let opens = before >= 0 ? closingQuotes[units[before]] : nil
        let closer = after < units.count ? units[after] : nil
        if let opens, let closer, opens.contains(closer) { return true }
        // A quotation that opens before the match and closes inside it, or opens inside and closes after it.
        // An apostrophe inside the match closes a quotation only when no letter follows it ('master' branch,
        // not master's), and opens one only after a space (merged to 'master').
        func closes(_ k: Int) -> Bool { units[k] != 0x27 || k + 1 >= units.count || !Linter.isLetter(units[k + 1]) }
        func opensHere(_ k: Int) -> Bool { units[k] != 0x27 || k == 0 || Tokenizer.isSpace(units[k - 1]) }
        if let opens, units[range].indices.contains(where: { opens.contains(units[$0]) && closes($0) }) { return true }
        if let closer, closer != 0x27 || after + 1 >= units.count || !Linter.isLetter(units[after + 1]),
            units[range].indices.contains(where: {
                (closingQuotes[units[$0]]?.contains(closer) ?? false) && opensHere($0)
            })
        {
            return true
        }
        return false
    }

    static func isLetter(_ u: UInt16) -> Bool {
        guard let scalar = Unicode.Scalar(u) else { return true }
        return scalar.properties.isAlphabetic
    }
}
