import Foundation

/// Runs the document checks while the blocks of a document go by, and reports at the end.
struct CheckState {
    private let rules: RuleSet
    private let policy: Policy
    private let document: Document
    private var active: [Int] = []
    /// Claims still waiting for evidence: check, where, sentences of window left.
    private var pending: [(check: Int, range: Range<Int>, left: Int)] = []
    private var satisfied = Set<Int>()
    /// Where each claim check last saw evidence: its block and how many sentences of that block
    /// follow it. A claim that sums up actions listed just before it is backed.
    private var lastEvidence: [Int: (block: Int, after: Int)] = [:]
    private var findings: [Finding] = []
    /// The open list-length heading: check, heading range, items counted.
    private var openHeadings: [(check: Int, range: Range<Int>, items: Int)] = []
    private let hasListChecks: Bool

    init(rules: RuleSet, policy: Policy, document: Document) {
        self.rules = rules
        self.policy = policy
        self.document = document
        active = rules.checks.indices.filter {
            policy.runs(
                id: rules.checks[$0].id, category: rules.checks[$0].category,
                optIn: rules.isOptIn(category: rules.checks[$0].category), scope: rules.checks[$0].scope)
        }
        hasListChecks = active.contains { rules.checks[$0].kind == .listLength }
    }

    /// List checks count items in blocks that match nothing.
    var needsEveryBlock: Bool { hasListChecks || !pending.isEmpty }

    mutating func observe(_ block: TokenizedBlock, _ raw: [RawMatch], tokenizer: Tokenizer) {
        guard !active.isEmpty else { return }
        var claims: [(check: Int, first: Int, range: Range<Int>)] = []
        var evidence: [(check: Int, first: Int)] = []
        var exceptions: [(check: Int, first: Int)] = []
        for m in raw {
            let owner = rules.owner(m.owner)
            let c = Int(owner.index)
            guard owner.role != .rule, owner.role != .exception, active.contains(c) else { continue }
            switch owner.role {
            case .claim: claims.append((c, Int(m.first), block.byteRange(Int(m.first), Int(m.last))))
            case .evidence: evidence.append((c, Int(m.first)))
            case .claimException: exceptions.append((c, Int(m.first)))
            case .required: satisfied.insert(c)
            case .heading:
                if case .heading = block.kind { openHeading(c, block.byteRange(Int(m.first), Int(m.last))) }
            default: break
            }
        }
        if hasListChecks {
            if case .heading = block.kind, !raw.contains(where: { rules.owner($0.owner).role == .heading }) {
                closeHeadings()
            }
            if block.kind == .listItem { for k in openHeadings.indices { openHeadings[k].items += 1 } }
        }
        guard !claims.isEmpty || !pending.isEmpty || !evidence.isEmpty else { return }
        // Sentences are only computed for blocks where a claim is made, waits or may be backed.
        let ends = block.units.withUnsafeBufferPointer { tokenizer.breaker.sentenceEnds($0) }
        func sentence(ofToken t: Int) -> Int {
            let u = Int(block.starts[t])
            return ends.firstIndex { u < $0 } ?? max(0, ends.count - 1)
        }
        let count = max(ends.count, 1)
        defer {
            for e in evidence {
                let after = count - 1 - sentence(ofToken: e.first)
                if let known = lastEvidence[e.check], known.block == block.blockIndex, known.after <= after { continue }
                lastEvidence[e.check] = (block.blockIndex, after)
            }
        }
        var stillPending: [(check: Int, range: Range<Int>, left: Int)] = []
        for p in pending {
            if evidence.contains(where: { $0.check == p.check && sentence(ofToken: $0.first) < p.left }) { continue }
            if p.left > count {
                stillPending.append((p.check, p.range, p.left - count))
            } else {
                report(p.check, p.range)
            }
        }
        var claimedSentences = Set<[Int]>()
        for claim in claims {
            let s = sentence(ofToken: claim.first)
            guard claimedSentences.insert([claim.check, s]).inserted else { continue }
            if exceptions.contains(where: { $0.check == claim.check && sentence(ofToken: $0.first) == s }) { continue }
            let window = rules.checks[claim.check].window
            // Evidence counts within `window` sentences either side; blocks between count as at
            // least one sentence each (those without matches are not seen).
            if evidence.contains(where: {
                $0.check == claim.check && (max(0, s - window)...(s + window)).contains(sentence(ofToken: $0.first))
            }) {
                continue
            }
            if let e = lastEvidence[claim.check], e.after + (block.blockIndex - e.block) + s <= window { continue }
            let left = window - (count - 1 - s)
            if left > 0 {
                stillPending.append((claim.check, claim.range, left))
            } else {
                report(claim.check, claim.range)
            }
        }
        pending = stillPending
    }

    private mutating func openHeading(_ check: Int, _ range: Range<Int>) {
        closeHeadings()
        openHeadings.append((check, range, 0))
    }

    private mutating func closeHeadings() {
        for h in openHeadings where h.items > rules.checks[h.check].max {
            report(h.check, h.range, count: h.items)
        }
        openHeadings.removeAll()
    }

    private mutating func report(_ index: Int, _ range: Range<Int>, count: Int? = nil, missing: Bool = false) {
        let check = rules.checks[index]
        var message = check.message.replacingOccurrences(of: "{max}", with: String(check.max))
        if let count { message = message.replacingOccurrences(of: "{count}", with: String(count)) }
        let match = missing ? "" : String(decoding: document.bytes[range], as: UTF8.self)
        message = message.replacingOccurrences(of: "{match}", with: match.collapsingWhitespace)
        findings.append(
            Finding(
                ruleID: check.id, category: check.category,
                severity: policy.severity(id: check.id, category: check.category, default: check.severity),
                message: message, match: match, range: range,
                suggestions: check.suggestions.alternatives(style: policy.style), fix: nil, why: check.why,
                isMissing: missing))
    }

    mutating func finish() -> [Finding] {
        for p in pending { report(p.check, p.range) }
        pending = []
        closeHeadings()
        for c in active where rules.checks[c].kind == .required && !satisfied.contains(c) {
            report(c, 0..<0, missing: true)
        }
        return findings
    }
}
