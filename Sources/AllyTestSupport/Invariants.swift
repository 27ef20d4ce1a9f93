import AllyCore

/// Properties that must hold for any input, checked by the fuzz targets and by the regression tests
/// built from what the fuzzers found. Each returns a description of the first violation, or nil.
public enum Invariants {
    static func isBoundary(_ bytes: [UInt8], _ offset: Int) -> Bool {
        offset == bytes.count || (offset >= 0 && offset < bytes.count && bytes[offset] & 0xC0 != 0x80)
    }

    /// Prose ranges lie inside the document, on character boundaries, in order, without overlap.
    public static func prose(_ document: Document) -> String? {
        var last = 0
        for r in document.prose {
            if r.bytes.lowerBound < 0 || r.bytes.upperBound > document.bytes.count {
                return "prose range \(r.bytes) outside 0..<\(document.bytes.count)"
            }
            if !isBoundary(document.bytes, r.bytes.lowerBound) || !isBoundary(document.bytes, r.bytes.upperBound) {
                return "prose range \(r.bytes) splits a character"
            }
            if r.bytes.lowerBound < last {
                return "prose range \(r.bytes) overlaps or precedes the previous one (ends \(last))"
            }
            if r.block < 0 || r.block >= document.blockKinds.count {
                return "prose range \(r.bytes) names block \(r.block) of \(document.blockKinds.count)"
            }
            last = r.bytes.upperBound
        }
        return nil
    }

    /// Findings lie inside the document, on character boundaries, sorted and unique.
    public static func findings(_ findings: [Finding], in bytes: [UInt8]) -> String? {
        var previous: (Int, Int, String)?
        for f in findings {
            if f.range.lowerBound < 0 || f.range.upperBound > bytes.count {
                return "\(f.ruleID) range \(f.range) outside the document"
            }
            if !isBoundary(bytes, f.range.lowerBound) || !isBoundary(bytes, f.range.upperBound) {
                return "\(f.ruleID) range \(f.range) splits a character"
            }
            if !f.isMissing, String(decoding: bytes[f.range], as: UTF8.self) != f.match {
                return "\(f.ruleID) match text differs from its range"
            }
            let key = (f.range.lowerBound, f.range.upperBound, f.ruleID)
            if let p = previous {
                if (p.0, p.1, p.2) == key { return "\(f.ruleID) reported twice at \(f.range)" }
                if (p.0, p.1, p.2) > key { return "findings not sorted at \(f.range)" }
            }
            for e in f.fix?.edits ?? []
            where !isBoundary(bytes, e.range.lowerBound) || !isBoundary(bytes, e.range.upperBound)
                || e.range.upperBound > bytes.count
            {
                return "\(f.ruleID) fix edit \(e.range) outside the document or inside a character"
            }
            previous = key
        }
        return nil
    }

    /// Each pass of fixing changes bytes only inside its edited ranges, the result is valid UTF-8,
    /// and fixing the fixed text again changes nothing (as `--fix` runs it, in passes).
    public static func fixes(_ linter: Linter, _ document: Document) -> String? {
        let lint = { (bytes: [UInt8]) in
            linter.lint(Document.parse(path: document.path, bytes: bytes, format: document.format))
        }
        let once = Fixer.repeatedly(document.bytes, result: linter.lint(document), unsafe: true, lint: lint)
        var before = document.bytes
        for (pass, chosen) in once.applied.enumerated() {
            let after = Fixer.apply(chosen, to: before)
            if let problem = onlyEdited(chosen.flatMap { $0.fix!.edits }, before, after) {
                return "pass \(pass + 1): \(problem)"
            }
            before = after
        }
        guard Document.firstInvalidUTF8(once.bytes) == nil else { return "fixed text is not valid UTF-8" }
        let twice = Fixer.repeatedly(once.bytes, result: once.result, unsafe: true, lint: lint)
        if twice.bytes != once.bytes {
            return "fixing is not idempotent: a second --fix changed \(twice.applied.first?.map(\.ruleID) ?? [])"
        }
        return nil
    }

    /// Whether `after` is `before` with `edits` applied and nothing else changed.
    static func onlyEdited(_ edits: [Edit], _ before: [UInt8], _ after: [UInt8]) -> String? {
        var cursor = 0
        var out = 0
        for e in edits.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            let keep = e.range.lowerBound - cursor
            if keep < 0 || out + keep > after.count || before[cursor..<e.range.lowerBound] != after[out..<(out + keep)]
            {
                return "bytes outside the fix at \(e.range) changed"
            }
            out += keep + e.replacement.utf8.count
            cursor = e.range.upperBound
        }
        if before[cursor...] != after[min(out, after.count)...] { return "bytes after the last fix changed" }
        return nil
    }

    /// Everything at once for one input in one format (what the fuzzers and regression tests run).
    public static func check(_ bytes: [UInt8], format: InputFormat, linter: Linter) -> String? {
        guard Document.firstInvalidUTF8(bytes) == nil, !bytes.contains(0) else { return nil }
        let document = Document.parse(path: "fuzz", bytes: bytes, format: format)
        if let problem = prose(document) { return problem }
        let found = linter.lint(document).findings
        if let problem = findings(found, in: bytes) { return problem }
        return fixes(linter, document)
    }
}
