import AllyCore

/// "Did you mean …?": the known name closest to a mistyped one, by edit distance.
public enum Names {
    /// Edits (insertions, deletions, substitutions and swaps of neighbours) between two names.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased())
        let b = Array(b.lowercased())
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], before[j - 2] + 1)
                }
            }
            before = previous
            previous = current
        }
        return previous[b.count]
    }

    /// The candidate closest to `name`, when it is close enough to be what was meant: at most a
    /// third of the name's length in edits (and no more than 3), ties broken alphabetically.
    public static func closest(to name: String, among candidates: some Sequence<String>) -> String? {
        let limit = min(3, max(1, name.count / 3))
        var best: (distance: Int, name: String)?
        for c in candidates where c != name {
            let d = distance(name, c)
            guard d <= limit else { continue }
            if best == nil || (d, c) < (best!.distance, best!.name) { best = (d, c) }
        }
        return best?.name
    }

    /// "; did you mean 'x'?" for a name, or nothing.
    public static func suggestion(for name: String, among candidates: some Sequence<String>) -> String {
        closest(to: name, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }
}

extension RuleSet {
    /// Every name a configuration may use for these rules: ids, old ids, checks and categories.
    public var names: Set<String> {
        Set(index.keys).union(categories.keys).union(checks.map(\.id))
    }

    /// The writing styles these rules' suggestions come in (`star`, `colon`, `median-point`…).
    public var styles: Set<String> {
        var out: Set<String> = []
        for r in rules { for s in r.suggestions.styles where !s.style.isEmpty { out.insert(s.style) } }
        for c in checks { for s in c.suggestions.styles where !s.style.isEmpty { out.insert(s.style) } }
        return out
    }
}
