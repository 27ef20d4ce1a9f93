/// Prose of plain text: paragraphs split at blank lines, list items and short headings on their own,
/// `ally-ignore` comments, and git's comment lines in commit messages.
enum PlainText {
    /// Longest block handed to the tokenizer at once; longer paragraphs are cut at a sentence end or a
    /// space, which keeps memory flat on huge single-line files.
    static let maxBlock = 64 * 1024

    static func extract(_ document: inout Document) {
        let bytes = document.bytes
        let isCommitMessage = ["COMMIT_EDITMSG", "MERGE_MSG", "TAG_EDITMSG", "SQUASH_MSG", "EDIT_DESCRIPTION"]
            .contains(String(document.path.split(separator: "/").last ?? ""))
        var lines: [Range<Int>] = []
        var start = 0
        // A UTF-8 byte order mark is not text.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        var i = start
        while i < bytes.count {
            if bytes[i] == 0x0A {
                lines.append(start..<i)
                start = i + 1
            }
            i += 1
        }
        if start < bytes.count { lines.append(start..<bytes.count) }

        var block = -1
        var previousBlank = true
        // An indented block after a paragraph that ends with a colon is code ("Then run:" + commands).
        var introducesCode = false
        var inCode = false
        for (n, raw) in lines.enumerated() {
            var line = raw
            if line.upperBound > line.lowerBound, bytes[line.upperBound - 1] == 0x0D {
                line = line.lowerBound..<(line.upperBound - 1)
            }
            let text = bytes[line]
            if isCommitMessage || looksLikeScissors(text) {
                if looksLikeScissors(text) { break }
                if text.first == 0x23 { continue }  // git comment line
            }
            if let directive = ignoreDirective(text, at: line) {
                document.directives.append(directive)
            }
            let content = trimmed(text, line)
            if content.isEmpty {
                previousBlank = true
                continue
            }
            let indent = indentation(text)
            if inCode, indent >= 4 { continue }
            inCode = false
            if previousBlank, introducesCode, indent >= 4 {
                inCode = true
                continue
            }
            // A command after a shell prompt is not prose.
            if content.count >= 2, bytes[content.lowerBound] == 0x24, bytes[content.lowerBound + 1] == 0x20 {
                previousBlank = true
                introducesCode = false
                continue
            }
            introducesCode = bytes[content.upperBound - 1] == 0x3A
            let marker = listMarkerLength(bytes, content)
            let nextIsList =
                n + 1 < lines.count && listMarkerLength(bytes, trimmed(bytes[lines[n + 1]], lines[n + 1])) > 0
            let isHeading =
                marker == 0
                && (bytes[content.lowerBound] == 0x23
                    || (nextIsList && content.count <= 80 && !endsSentence(bytes, content)))
            if previousBlank || marker > 0 || isHeading
                || document.blockKinds.last.map({ if case .heading = $0 { return true } else { return false } }) == true
            {
                block = document.newBlock(marker > 0 ? .listItem : isHeading ? .heading(level: 2) : .paragraph)
                appendChunked(
                    &document, content.lowerBound + marker..<content.upperBound, block: block, spaceBefore: false)
            } else {
                appendChunked(&document, content, block: block, spaceBefore: true)
            }
            previousBlank = false
        }
    }

    /// Columns of blanks at the start of a line (a tab counts as four).
    static func indentation(_ text: ArraySlice<UInt8>) -> Int {
        var n = 0
        for b in text {
            if b == 0x20 { n += 1 } else if b == 0x09 { n += 4 } else { break }
        }
        return n
    }

    static func trimmed(_ text: ArraySlice<UInt8>, _ line: Range<Int>) -> Range<Int> {
        var lo = line.lowerBound
        var hi = line.upperBound
        while lo < hi, text[lo] == 0x20 || text[lo] == 0x09 || text[lo] == 0x0D { lo += 1 }
        while hi > lo, text[hi - 1] == 0x20 || text[hi - 1] == 0x09 || text[hi - 1] == 0x0D { hi -= 1 }
        return lo..<hi
    }

    /// Length of a list marker ("- ", "* ", "• ", "1. ", "2) ") at the start of the line, else 0.
    static func listMarkerLength(_ bytes: [UInt8], _ r: Range<Int>) -> Int {
        guard r.count >= 2 else { return 0 }
        let b = bytes[r.lowerBound]
        if b == 0x2D || b == 0x2A || b == 0x2B, bytes[r.lowerBound + 1] == 0x20 { return 2 }
        if r.count >= 4, b == 0xE2, bytes[r.lowerBound + 1] == 0x80, bytes[r.lowerBound + 2] == 0xA2 { return 3 }  // •
        var k = r.lowerBound
        while k < r.upperBound, bytes[k] >= 0x30, bytes[k] <= 0x39, k - r.lowerBound < 3 { k += 1 }
        if k > r.lowerBound, k + 1 < r.upperBound, bytes[k] == 0x2E || bytes[k] == 0x29, bytes[k + 1] == 0x20 {
            return k + 2 - r.lowerBound
        }
        return 0
    }

    static func endsSentence(_ bytes: [UInt8], _ r: Range<Int>) -> Bool {
        guard let last = r.last else { return false }
        return [0x2E, 0x21, 0x3F, 0x2C, 0x3B].contains(bytes[last])
    }

    static func looksLikeScissors(_ text: ArraySlice<UInt8>) -> Bool {
        // git: "# ------------------------ >8 ------------------------"
        guard text.first == 0x23, text.count >= 10 else { return false }
        let s = String(decoding: text, as: UTF8.self)
        return s.contains(">8") && s.contains("-----")
    }

    /// `ally-ignore` or `ally-ignore: rule-id, category` anywhere on a line.
    static func ignoreDirective(_ text: ArraySlice<UInt8>, at line: Range<Int>) -> Directive? {
        guard text.count >= 11, text.contains(0x2D) else { return nil }
        let s = String(decoding: text, as: UTF8.self)
        guard let r = s.range(of: "ally-ignore") else { return nil }
        var rest = s[r.upperBound...]
        var targets: [String] = []
        if rest.first == ":" {
            rest = rest.dropFirst()
            targets = rest.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).map(String.init)
                .filter { !$0.isEmpty && $0 != "-->" && $0 != "*/" }
        }
        return Directive(kind: .ignoreLine, targets: targets, bytes: line)
    }

    /// Adds a range, cut into pieces of at most `maxBlock` bytes at a sentence end or space.
    static func appendChunked(_ document: inout Document, _ range: Range<Int>, block: Int, spaceBefore: Bool) {
        var lo = range.lowerBound
        var block = block
        var space = spaceBefore
        while range.upperBound - lo > maxBlock {
            var cut = lo + maxBlock
            var k = cut
            while k > lo + maxBlock / 2, !(document.bytes[k - 1] == 0x2E && document.bytes[k] == 0x20) { k -= 1 }
            if k > lo + maxBlock / 2 {
                cut = k
            } else {
                k = cut
                while k > lo + maxBlock / 2, document.bytes[k] != 0x20 { k -= 1 }
                if k > lo + maxBlock / 2 {
                    cut = k
                } else {
                    while cut > lo, document.bytes[cut] & 0xC0 == 0x80 { cut -= 1 }  // not inside a character
                }
            }
            document.prose.append(ProseRange(bytes: lo..<cut, block: block, spaceBefore: space))
            let kind = document.blockKinds[block]
            block = document.newBlock(kind)
            space = false
            lo = cut
        }
        document.prose.append(ProseRange(bytes: lo..<range.upperBound, block: block, spaceBefore: space))
    }
}
