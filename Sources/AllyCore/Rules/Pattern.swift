/// A rule pattern parsed from its text and expanded into the plain word sequences it stands for.
public struct Pattern {
    /// One position in an expanded sequence.
    public enum Item: Hashable {
        /// A word as written (folding happens when the automaton is built).
        case word(String)
        /// A class of tokens: any word, a number, money, a percentage, a year.
        case tokenClass(Int32)
    }

    /// An expanded sequence: items, whether a comma may follow each item, and the inflected form.
    public struct Sequence: Hashable {
        public var items: [Item]
        public var commaAfter: [Bool]
        public var form: Inflection.Form = .base
        /// A character that must directly precede the first word (`#ally`).
        public var prefixMark: Character?
        /// The phrase must be followed by punctuation or the end of its block (`<end>`).
        public var atEnd = false
        /// The phrase must start a sentence (`<start>`).
        public var atStart = false
    }

    indirect enum Node {
        case word(String)
        case tokenClass(Int32)
        case comma
        case sequence([Node])
        case alternatives([Node])
        case optional(Node)
        case compound([String])
    }

    /// Largest number of sequences one pattern may expand to; guards against runaway alternations
    /// (a word list of a few hundred nouns after a dozen determiners stays well inside it).
    static let maxExpansion = 16384
    /// Longest gap a pattern may leave (`<gap:N>`); longer ones would match across unrelated clauses.
    static let maxGap = 6

    /// Parses and expands `text`; throws a message on malformed patterns.
    public static func expand(_ text: String, inflect: Set<Inflection.Kind>) throws -> [Sequence] {
        var parser = Parser(chars: Array(text))
        let node = try parser.parseSequence(until: nil)
        if parser.index < parser.chars.count { throw PatternError("unexpected '\(parser.chars[parser.index])'") }
        var sequences = try expand(node)
        sequences = sequences.filter { !$0.items.isEmpty }
        if sequences.isEmpty { throw PatternError("pattern matches nothing") }
        for i in sequences.indices {
            let endMarks = sequences[i].items.indices.filter { sequences[i].items[$0] == .tokenClass(WordTable.end) }
            guard !endMarks.isEmpty else { continue }
            if endMarks != [sequences[i].items.count - 1] { throw PatternError("<end> can only close a pattern") }
            sequences[i].items.removeLast()
            sequences[i].commaAfter.removeLast()
            sequences[i].atEnd = true
        }
        for i in sequences.indices {
            let startMarks = sequences[i].items.indices.filter {
                sequences[i].items[$0] == .tokenClass(WordTable.start)
            }
            guard !startMarks.isEmpty else { continue }
            if startMarks != [0] { throw PatternError("<start> can only open a pattern") }
            sequences[i].items.removeFirst()
            sequences[i].commaAfter.removeFirst()
            sequences[i].atStart = true
        }
        sequences = sequences.filter { !$0.items.isEmpty }
        if sequences.isEmpty { throw PatternError("pattern matches nothing") }
        for s in sequences {
            if case .tokenClass(WordTable.any) = s.items.first! {
                throw PatternError("a pattern cannot start with '*'")
            }
            if case .tokenClass(WordTable.any) = s.items.last! { throw PatternError("a pattern cannot end with '*'") }
        }
        var out: [Sequence] = []
        var seen = Set<Sequence>()
        for s in sequences {
            var s = s
            if case .word(let w) = s.items[0], let mark = w.first, mark == "#" || mark == "@", w.count > 1 {
                s.items[0] = .word(String(w.dropFirst()))
                s.prefixMark = mark
            }
            guard case .word(let last) = s.items.last!, !inflect.isEmpty else {
                if seen.insert(s).inserted { out.append(s) }
                continue
            }
            for (form, tag) in Inflection.forms(last, kinds: inflect) {
                var t = s
                t.items[t.items.count - 1] = .word(form)
                t.form = tag
                if seen.insert(t).inserted { out.append(t) }
            }
        }
        if out.count > maxExpansion {
            throw PatternError("pattern expands to \(out.count) forms (at most \(maxExpansion))")
        }
        return out
    }

    static func expand(_ node: Node) throws -> [Sequence] {
        switch node {
        case .word(let w): return [Sequence(items: [.word(w)], commaAfter: [false])]
        case .tokenClass(let c): return [Sequence(items: [.tokenClass(c)], commaAfter: [false])]
        case .comma: return [Sequence(items: [], commaAfter: [])]
        case .compound(let parts):
            return [
                Sequence(items: parts.map { .word($0) }, commaAfter: parts.map { _ in false }),
                Sequence(items: [.word(parts.joined())], commaAfter: [false]),
            ]
        case .optional(let inner):
            return [Sequence(items: [], commaAfter: [])] + (try expand(inner))
        case .alternatives(let options):
            var out: [Sequence] = []
            for o in options { out += try expand(o) }
            return out
        case .sequence(let parts):
            var acc = [Sequence(items: [], commaAfter: [])]
            for part in parts {
                if case .comma = part {
                    for i in acc.indices where !acc[i].commaAfter.isEmpty {
                        acc[i].commaAfter[acc[i].commaAfter.count - 1] = true
                    }
                    continue
                }
                let options = try expand(part)
                var next: [Sequence] = []
                next.reserveCapacity(acc.count * options.count)
                for a in acc {
                    for o in options {
                        next.append(
                            Sequence(items: a.items + o.items, commaAfter: a.commaAfter + o.commaAfter))
                    }
                }
                if next.count > maxExpansion {
                    throw PatternError("pattern expands to more than \(maxExpansion) forms")
                }
                acc = next
            }
            return acc
        }
    }

    struct Parser {
        let chars: [Character]
        var index = 0

        static let special: Set<Character> = ["{", "}", "[", "]", "|", ","]

        mutating func parseSequence(until terminators: Set<Character>?) throws -> Node {
            var parts: [Node] = []
            while index < chars.count {
                let c = chars[index]
                if let terminators, terminators.contains(c) { break }
                if c == " " || c == "\t" || c == "\n" {
                    index += 1
                    continue
                }
                switch c {
                case "{":
                    index += 1
                    var options: [Node] = []
                    while true {
                        options.append(try parseSequence(until: ["|", "}"]))
                        guard index < chars.count else { throw PatternError("missing '}'") }
                        let t = chars[index]
                        index += 1
                        if t == "}" { break }
                    }
                    parts.append(.alternatives(options))
                case "[":
                    index += 1
                    let inner = try parseSequence(until: ["]"])
                    guard index < chars.count, chars[index] == "]" else { throw PatternError("missing ']'") }
                    index += 1
                    parts.append(.optional(inner))
                case "}", "]", "|":
                    throw PatternError("unexpected '\(c)'")
                case ",":
                    index += 1
                    parts.append(.comma)
                default:
                    var word = ""
                    while index < chars.count, !Parser.special.contains(chars[index]), !chars[index].isWhitespace {
                        word.append(chars[index])
                        index += 1
                    }
                    parts.append(contentsOf: try Parser.words(word))
                }
            }
            return .sequence(parts)
        }

        /// Splits a written word at hyphens and slashes (word gaps) and reads `~` compounds and classes.
        static func words(_ raw: String) throws -> [Node] {
            if let cls = WordTable.classNames[raw] { return [.tokenClass(cls)] }
            // `<gap:N>`: up to N words of any kind (none at all included).
            if raw.hasPrefix("<gap:") && raw.hasSuffix(">") {
                guard let n = Int(raw.dropFirst(5).dropLast()), (1...Pattern.maxGap).contains(n) else {
                    throw PatternError("a gap is <gap:N> with N from 1 to \(Pattern.maxGap), not \(raw)")
                }
                return [
                    .alternatives(
                        (0...n).map { k in .sequence(Array(repeating: .tokenClass(WordTable.any), count: k)) })
                ]
            }
            if raw.hasPrefix("<") && raw.hasSuffix(">") { throw PatternError("unknown token class \(raw)") }
            var out: [Node] = []
            for piece in raw.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "\u{2010}" || $0 == "\u{2011}" }) {
                let p = String(piece)
                if p.contains("~") {
                    let parts = p.split(separator: "~").map(String.init)
                    guard parts.count >= 2, !parts.contains(where: \.isEmpty) else {
                        throw PatternError("'~' joins two words: \(raw)")
                    }
                    out.append(.compound(parts))
                } else if p == "*" {
                    out.append(.tokenClass(WordTable.any))
                } else {
                    out.append(.word(p))
                }
            }
            return out
        }
    }
}

/// A malformed pattern.
public struct PatternError: Error, CustomStringConvertible {
    public let description: String
    init(_ message: String) { description = message }
}
