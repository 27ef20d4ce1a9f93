/// Applies fixes to a document's bytes: only the edited ranges change, byte for byte.
public enum Fixer {
    /// The fixes that `--fix` (safe only) or `--unsafe-fixes` would apply, overlapping ones dropped
    /// deterministically (the earliest wins; ties go to the longer range, then the rule id).
    public static func selected(_ findings: [Finding], unsafe: Bool) -> [Finding] {
        let candidates = findings.filter { f in
            guard let fix = f.fix else { return false }
            return fix.applicability == .safe || unsafe
        }.sorted { a, b in
            let ra = a.fix!.edits.map(\.range.lowerBound).min()!
            let rb = b.fix!.edits.map(\.range.lowerBound).min()!
            if ra != rb { return ra < rb }
            if a.range.count != b.range.count { return a.range.count > b.range.count }
            return a.ruleID < b.ruleID
        }
        var taken: [Range<Int>] = []
        var out: [Finding] = []
        for f in candidates {
            let ranges = f.fix!.edits.map(\.range)
            // Touching ranges count as overlapping: two edits at one spot have no defined order.
            if ranges.contains(where: { r in
                taken.contains {
                    $0.overlaps(r) || $0.lowerBound == r.lowerBound || $0.upperBound == r.lowerBound && r.isEmpty
                }
            }) {
                continue
            }
            taken += ranges
            out.append(f)
        }
        return out
    }

    /// `bytes` with the edits of `findings` applied.
    public static func apply(_ findings: [Finding], to bytes: [UInt8]) -> [UInt8] {
        let edits = findings.flatMap { $0.fix?.edits ?? [] }.sorted { $0.range.lowerBound < $1.range.lowerBound }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 64)
        var cursor = 0
        for e in edits where e.range.lowerBound >= cursor {
            out.append(contentsOf: bytes[cursor..<e.range.lowerBound])
            out.append(contentsOf: Array(e.replacement.utf8))
            cursor = e.range.upperBound
        }
        out.append(contentsOf: bytes[cursor...])
        return out
    }

    /// What fixing in passes did: the final bytes, the fixes applied in each pass, the last lint.
    public struct Passes {
        public var bytes: [UInt8]
        public var applied: [[Finding]] = []
        public var result: LintResult
    }

    /// Fixes in passes until nothing is left to fix (at most `limit`): a fix skipped for
    /// overlapping another gets its turn on the text the first one produced, so fixing the
    /// result again changes nothing. `lint` lints a text; `result` is its lint of `bytes`.
    public static func repeatedly(
        _ bytes: [UInt8], result: LintResult, unsafe: Bool, limit: Int = 5,
        lint: ([UInt8]) -> LintResult
    ) -> Passes {
        var passes = Passes(bytes: bytes, result: result)
        for _ in 0..<limit {
            let chosen = selected(passes.result.findings, unsafe: unsafe)
            if chosen.isEmpty { break }
            passes.applied.append(chosen)
            passes.bytes = apply(chosen, to: passes.bytes)
            passes.result = lint(passes.bytes)
        }
        return passes
    }
}
