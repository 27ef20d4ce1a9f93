import AllyCore

/// Unified diffs of fixed files (`--diff`), computed from the edits themselves: the changed lines are
/// exactly the lines the edits touch.
public enum Diff {
    public static func unified(path: String, old: [UInt8], edits: [Edit], context: Int = 3) -> String {
        guard !edits.isEmpty else { return "" }
        let lines = LineIndex(old)
        let sorted = edits.sorted { $0.range.lowerBound < $1.range.lowerBound }
        // Old line spans touched by each edit, merged when their context overlaps.
        var spans: [(first: Int, last: Int)] = []
        for e in sorted {
            let first = lines.line(e.range.lowerBound)
            let last = lines.line(max(e.range.lowerBound, e.range.upperBound - 1))
            if let previous = spans.last, first - previous.last <= 2 * context + 1 {
                spans[spans.count - 1].last = max(previous.last, last)
            } else {
                spans.append((first, last))
            }
        }
        var out = "--- a/\(path)\n+++ b/\(path)\n"
        let lineCount = old.last == 0x0A ? lines.lineCount - 1 : lines.lineCount
        var newOffset = 0
        for span in spans {
            let lo = max(1, span.first - context)
            let hi = min(lineCount, span.last + context)
            let start = lines.lineRange(lo).lowerBound
            let end = hi < lines.lineCount ? lines.lineRange(hi + 1).lowerBound : old.count
            let oldText = Array(old[start..<end])
            let inside = sorted.filter { $0.range.lowerBound >= start && $0.range.upperBound <= end }
                .map {
                    Edit(
                        range: ($0.range.lowerBound - start)..<($0.range.upperBound - start),
                        replacement: $0.replacement)
                }
            var newText: [UInt8] = []
            var cursor = 0
            for e in inside {
                newText += oldText[cursor..<e.range.lowerBound]
                newText += Array(e.replacement.utf8)
                cursor = e.range.upperBound
            }
            newText += oldText[cursor...]
            let oldLines = split(oldText)
            let newLines = split(newText)
            out += "@@ -\(lo),\(oldLines.count) +\(lo + newOffset),\(newLines.count) @@\n"
            // Common leading and trailing lines are context; the rest is removed then added.
            var head = 0
            while head < oldLines.count, head < newLines.count, oldLines[head] == newLines[head] { head += 1 }
            var tail = 0
            while tail < oldLines.count - head, tail < newLines.count - head,
                oldLines[oldLines.count - 1 - tail] == newLines[newLines.count - 1 - tail]
            { tail += 1 }
            for l in oldLines[0..<head] { out += " " + l }
            for l in oldLines[head..<(oldLines.count - tail)] { out += "-" + l }
            for l in newLines[head..<(newLines.count - tail)] { out += "+" + l }
            for l in oldLines[(oldLines.count - tail)...] { out += " " + l }
            newOffset += newLines.count - oldLines.count
        }
        return out
    }

    /// Lines with their endings; a last line without one gets git's marker.
    static func split(_ bytes: [UInt8]) -> [String] {
        var out: [String] = []
        var start = 0
        for (i, b) in bytes.enumerated() where b == 0x0A {
            out.append(String(decoding: bytes[start...i], as: UTF8.self))
            start = i + 1
        }
        if start < bytes.count {
            out.append(String(decoding: bytes[start...], as: UTF8.self) + "\n\\ No newline at end of file\n")
        }
        return out
    }
}

extension Diff {
    /// A diff of two versions as one hunk from the first to the last changed line.
    public static func whole(path: String, old: [UInt8], new: [UInt8]) -> String {
        guard old != new else { return "" }
        let a = split(old)
        let b = split(new)
        var head = 0
        while head < a.count, head < b.count, a[head] == b[head] { head += 1 }
        var tail = 0
        while tail < a.count - head, tail < b.count - head, a[a.count - 1 - tail] == b[b.count - 1 - tail] { tail += 1 }
        var out =
            "--- a/\(path)\n+++ b/\(path)\n@@ -\(head + 1),\(a.count - head - tail) +\(head + 1),\(b.count - head - tail) @@\n"
        for l in a[head..<(a.count - tail)] { out += "-" + l }
        for l in b[head..<(b.count - tail)] { out += "+" + l }
        return out
    }
}
