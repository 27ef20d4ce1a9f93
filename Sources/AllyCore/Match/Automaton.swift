/// Who a compiled pattern belongs to, and what a match of it means.
struct Owner: Hashable {
    enum Role: UInt8 {
        /// A rule's pattern: a candidate finding.
        case rule
        /// A rule's `unless` pattern: cancels overlapping candidates of the same rule.
        case exception
        /// Document checks: a claim, its evidence, a claim exception, a required phrase, a heading.
        case claim, evidence, claimException, required, heading
        /// A rule's context patterns (`unless_before`, `unless_after`, `only_before`, `only_after`).
        case unlessBefore, unlessAfter, onlyBefore, onlyAfter
    }
    var role: Role
    /// Index of the rule or check in the compiled rule set.
    var index: Int32
    var form: Inflection.Form
    /// The exact spelling to require, for case-sensitive patterns.
    var caseWords: [String]?
    var prefixMark: Character?
    var atEnd = false
    var atStart = false
}

/// A match of one compiled pattern in a block: tokens first...last, or a part of one token
/// (units) for matches inside compounds.
struct RawMatch {
    var owner: Int32
    var first: Int32
    var last: Int32
    var unitStart: Int32
    var unitEnd: Int32
}

/// Every pattern of every rule and check, compiled into one trie over word ids, walked once per text.
/// Its cost per token does not depend on how many rules there are.
final class Automaton {
    var words = WordTable()
    /// Edges while building; `finish()` turns them into `edgeTable`.
    var edges: [UInt64: Int32] = [:]
    /// Open-addressing table of (node, word, comma) keys to child nodes: flat arrays, so the rule
    /// cache loads it with two copies instead of rebuilding a dictionary.
    var edgeKeys: [UInt64] = []
    var edgeValues: [Int32] = []
    var rootEdges: [Int32] = []
    /// Owners accepted at each node while building; frozen into `acceptStart`/`acceptOwners`.
    var accepts: [[Int32]] = [[]]
    var acceptStart: [Int32] = []
    var acceptOwners: [Int32] = []
    var owners: [Owner] = []
    /// Identical owners (most expanded forms of a rule) share one entry.
    private var ownerIndex: [Owner: Int32] = [:]
    var suffixStems = CharTrie()
    var prefixStems = CharTrie()
    var minStem = Int.max
    var hasCompounds: Bool { minStem != Int.max }

    /// Adds every expanded sequence of `pattern` for `owner`; `within` adds it to the compound tries.
    func add(
        _ pattern: String, owner: Owner, inflect: Set<Inflection.Kind>, caseSensitive: Bool,
        withinSuffix: Bool = false, withinPrefix: Bool = false
    ) throws {
        for sequence in try Pattern.expand(pattern, inflect: inflect) {
            var o = owner
            o.form = sequence.form
            o.prefixMark = sequence.prefixMark
            o.atEnd = sequence.atEnd
            o.atStart = sequence.atStart
            if caseSensitive {
                o.caseWords = sequence.items.map { if case .word(let w) = $0 { return w } else { return "" } }
            }
            let ownerIndex: Int32
            if let known = self.ownerIndex[o] {
                ownerIndex = known
            } else {
                ownerIndex = Int32(owners.count)
                owners.append(o)
                self.ownerIndex[o] = ownerIndex
            }
            var node: Int32 = 0
            for (k, item) in sequence.items.enumerated() {
                let id: Int32
                switch item {
                case .word(let w):
                    id = words.intern(Folding.fold(w))
                    if Tokenizer.isCamelCase(Array(w.utf16)) { words.allowCamelCase(id) }
                case .tokenClass(let c): id = c
                }
                let comma: UInt64 = k > 0 && sequence.commaAfter[k - 1] ? 1 : 0
                let key = Automaton.key(node, id, k == 0 ? 0 : comma)
                if let next = edges[key] {
                    node = next
                } else {
                    let next = Int32(accepts.count)
                    accepts.append([])
                    edges[key] = next
                    node = next
                }
            }
            if !accepts[Int(node)].contains(ownerIndex) { accepts[Int(node)].append(ownerIndex) }
            if withinSuffix || withinPrefix, sequence.items.count == 1, case .word(let w) = sequence.items[0] {
                let stem = Array(Folding.fold(w).utf16)
                if withinSuffix { suffixStems.insert(stem.reversed(), owner: ownerIndex) }
                if withinPrefix { prefixStems.insert(stem, owner: ownerIndex) }
                minStem = min(minStem, stem.count)
            }
        }
    }

    @inline(__always)
    static func key(_ node: Int32, _ id: Int32, _ comma: UInt64) -> UInt64 {
        (UInt64(UInt32(bitPattern: node)) << 33) | (UInt64(UInt32(bitPattern: id)) << 1) | comma
    }

    /// Freezes the trie into flat arrays for the hot loop and the cache.
    func finish() {
        rootEdges = [Int32](repeating: -1, count: words.count)
        // At most three quarters full: short probes, and a small table for the cache to load.
        var capacity = 16
        while capacity * 3 < edges.count * 4 { capacity <<= 1 }
        edgeKeys = [UInt64](repeating: UInt64.max, count: capacity)
        edgeValues = [Int32](repeating: -1, count: capacity)
        for (key, node) in edges {
            if key >> 33 == 0 { rootEdges[Int((key >> 1) & 0xFFFF_FFFF)] = node }
            var i = Automaton.slot(key, capacity - 1)
            while edgeKeys[i] != UInt64.max { i = (i + 1) & (capacity - 1) }
            edgeKeys[i] = key
            edgeValues[i] = node
        }
        edges = [:]
        acceptStart = [0]
        acceptOwners = []
        for list in accepts {
            acceptOwners += list
            acceptStart.append(Int32(acceptOwners.count))
        }
        accepts = []
        ownerIndex = [:]
    }

    @inline(__always)
    static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// The child of a node along a word (with or without a comma before it), or nil.
    @inline(__always)
    func child(_ key: UInt64) -> Int32? {
        let mask = edgeKeys.count - 1
        var i = Automaton.slot(key, mask)
        while true {
            let k = edgeKeys[i]
            if k == key { return edgeValues[i] }
            if k == UInt64.max { return nil }
            i = (i + 1) & mask
        }
    }

    /// Appends to `out` every match in `block`.
    func match(_ block: TokenizedBlock, into out: inout [RawMatch]) {
        let n = block.count
        block.ids.withUnsafeBufferPointer { ids in
            block.classes.withUnsafeBufferPointer { classes in
                block.gaps.withUnsafeBufferPointer { gaps in
                    rootEdges.withUnsafeBufferPointer { root in
                        for i in 0..<n {
                            let id = ids[i]
                            if id >= 0, case let node = root[Int(id)], node >= 0 {
                                walk(node, Int32(i), i, ids, classes, gaps, &out)
                            }
                            let cls = classes[i]
                            if !cls.isEmpty {
                                for c in Automaton.classIDs(cls) {
                                    let node = root[Int(c)]
                                    if node >= 0 { walk(node, Int32(i), i, ids, classes, gaps, &out) }
                                }
                            }
                        }
                    }
                }
            }
        }
        if hasCompounds { matchCompounds(block, into: &out) }
    }

    @inline(__always)
    static func classIDs(_ cls: TokenClass) -> [Int32] {
        var out: [Int32] = []
        if cls.contains(.number) { out.append(WordTable.number) }
        if cls.contains(.money) { out.append(WordTable.money) }
        if cls.contains(.percent) { out.append(WordTable.percent) }
        if cls.contains(.year) { out.append(WordTable.year) }
        return out
    }

    private func walk(
        _ node: Int32, _ first: Int32, _ j: Int, _ ids: UnsafeBufferPointer<Int32>,
        _ classes: UnsafeBufferPointer<TokenClass>, _ gaps: UnsafeBufferPointer<Gap>, _ out: inout [RawMatch]
    ) {
        for a in Int(acceptStart[Int(node)])..<Int(acceptStart[Int(node) + 1]) {
            out.append(RawMatch(owner: acceptOwners[a], first: first, last: Int32(j), unitStart: -1, unitEnd: -1))
        }
        let next = j + 1
        guard next < ids.count else { return }
        let gap = gaps[next]
        if gap == .hard { return }
        var candidates: [Int32] = [WordTable.any]
        if ids[next] >= 0 { candidates.append(ids[next]) }
        if !classes[next].isEmpty { candidates += Automaton.classIDs(classes[next]) }
        for c in candidates {
            if gap == .soft, let child = child(Automaton.key(node, c, 0)) {
                walk(child, first, next, ids, classes, gaps, &out)
            }
            if let child = child(Automaton.key(node, c, 1)) { walk(child, first, next, ids, classes, gaps, &out) }
        }
    }

    /// Stems found inside longer words (German compounds), as sub-token matches.
    private func matchCompounds(_ block: TokenizedBlock, into out: inout [RawMatch]) {
        for i in 0..<block.count {
            let folded = block.foldedToken(i)
            guard folded.count > minStem else { continue }
            let start = Int(block.starts[i])
            let end = Int(block.ends[i])
            // When folding changed the length (ß → ss), offsets inside the word are not exact: report the word.
            let exact = end - start == folded.count
            suffixStems.walk(folded.reversed()) { length, owner in
                guard length < folded.count else { return }
                let s = exact ? end - length : start
                out.append(
                    RawMatch(owner: owner, first: Int32(i), last: Int32(i), unitStart: Int32(s), unitEnd: Int32(end)))
            }
            prefixStems.walk(folded) { length, owner in
                guard length < folded.count else { return }
                let e = exact ? start + length : end
                out.append(
                    RawMatch(owner: owner, first: Int32(i), last: Int32(i), unitStart: Int32(start), unitEnd: Int32(e)))
            }
        }
    }
}

/// A trie over UTF-16 units, for stems matched inside words.
struct CharTrie {
    var children: [[UInt16: Int32]] = [[:]]
    var accepts: [[Int32]] = [[]]

    mutating func insert<S: Sequence>(_ units: S, owner: Int32) where S.Element == UInt16 {
        var node = 0
        for u in units {
            if let next = children[node][u] {
                node = Int(next)
            } else {
                children.append([:])
                accepts.append([])
                children[node][u] = Int32(children.count - 1)
                node = children.count - 1
            }
        }
        accepts[node].append(owner)
    }

    /// Calls body(length, owner) for every stem that starts `units`.
    func walk<S: Sequence>(_ units: S, _ body: (Int, Int32) -> Void) where S.Element == UInt16 {
        var node = 0
        var depth = 0
        for u in units {
            guard let next = children[node][u] else { return }
            node = Int(next)
            depth += 1
            for o in accepts[node] { body(depth, o) }
        }
    }
}

extension Automaton {
    /// Sizes, for `ally rules --stats` and for keeping the compiled form small.
    var statistics: String {
        "\(words.count) words, \(acceptStart.count - 1) trie nodes, \(edgeKeys.filter { $0 != UInt64.max }.count) edges, \(owners.count) owners, \(acceptOwners.count) accepts"
    }
}
