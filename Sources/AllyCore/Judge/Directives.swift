/// Applies the document's inline directives (`<!-- ally-disable … -->`, `ally-ignore`) to findings.
enum Directives {
    static func apply(
        _ document: Document, _ findings: [Finding], rules: RuleSet,
        notes: inout [(Range<Int>, String)]
    ) -> [Finding] {
        var directives = document.directives
        for (k, d) in directives.enumerated() {
            for t in d.targets {
                if !rules.knows(t) {
                    notes.append((d.bytes, "unknown rule or category '\(t)' in \(d.kind.rawValue) directive"))
                } else if let now = rules.renamed[t] {
                    notes.append((d.bytes, "'\(t)' is now '\(now)'; the \(d.kind.rawValue) directive still works"))
                }
            }
            directives[k].targets = d.targets.map(rules.canonical)
        }
        guard !directives.isEmpty, !findings.isEmpty else { return findings }
        let lines = LineIndex(document.bytes)
        func covers(_ d: Directive, _ f: Finding) -> Bool {
            d.targets.isEmpty || d.targets.contains(f.ruleID) || d.targets.contains(f.category)
        }
        let regions = directives.filter { $0.kind == .disable || $0.kind == .enable }.sorted {
            $0.bytes.lowerBound < $1.bytes.lowerBound
        }
        return findings.filter { f in
            if f.isMissing { return true }
            let line = lines.line(f.range.lowerBound)
            for d in directives {
                switch d.kind {
                case .ignoreLine where lines.line(d.bytes.lowerBound) == line && covers(d, f): return false
                case .disableNextLine
                where lines.line(max(d.bytes.lowerBound, d.bytes.upperBound - 1)) + 1 == line && covers(d, f):
                    return false
                default: continue
                }
            }
            var disabledAll = false
            var disabled = Set<String>()
            var exempt = Set<String>()
            for d in regions where d.bytes.lowerBound <= f.range.lowerBound {
                if d.kind == .disable {
                    if d.targets.isEmpty {
                        disabledAll = true
                        exempt = []
                    } else {
                        disabled.formUnion(d.targets)
                        exempt.subtract(d.targets)
                    }
                } else {
                    if d.targets.isEmpty {
                        disabledAll = false
                        disabled = []
                    } else {
                        disabled.subtract(d.targets)
                        if disabledAll { exempt.formUnion(d.targets) }
                    }
                }
            }
            let named = disabled.contains(f.ruleID) || disabled.contains(f.category)
            let isExempt = exempt.contains(f.ruleID) || exempt.contains(f.category)
            return !((disabledAll && !isExempt) || named)
        }
    }
}
