import AllyCore
import AllyReport

/// Gendered wording in job postings (Gaucher, Friesen & Kay 2011), counted exactly the way the
/// Gender Decoder does, so both give the same verdict on the same text: its character cleaning and
/// word splitting, its hyphen handling (quirks included), prefix matching of every stem, and its
/// thresholds on (feminine − masculine). `Rules/en/gender-coding.yml` describes the method.
public enum GenderCoding {
    public enum Verdict: String, Sendable {
        case stronglyFeminine = "strongly-feminine"
        case feminine
        case neutral
        case masculine
        case stronglyMasculine = "strongly-masculine"
    }

    /// A coded word as found in the text (a word matching two stems is counted twice, as the tool does).
    public struct Hit: Sendable {
        public var word: String
        public var stem: String
        public var range: Range<Int>
    }

    public struct Result: Sendable {
        public var verdict: Verdict
        public var masculine: [Hit]
        public var feminine: [Hit]
    }

    public static func analyze(_ document: Document, list: GenderCodingList) -> Result {
        let hyphenated = (list.masculine + list.feminine).filter { $0.contains("-") }
        let words = dehyphenate(words(document), hyphenatedStems: hyphenated)
        var masculine: [Hit] = []
        var feminine: [Hit] = []
        for (word, range) in words {
            for stem in list.masculine where word.hasPrefix(stem) {
                masculine.append(Hit(word: display(document, range), stem: stem, range: range))
            }
            for stem in list.feminine where word.hasPrefix(stem) {
                feminine.append(Hit(word: display(document, range), stem: stem, range: range))
            }
        }
        return Result(
            verdict: verdict(masculine: masculine.count, feminine: feminine.count), masculine: masculine,
            feminine: feminine)
    }

    static func display(_ document: Document, _ range: Range<Int>) -> String {
        String(decoding: document.bytes[range], as: UTF8.self)
    }

    /// The tool's thresholds on (feminine − masculine); no coded words at all ("empty") is neutral.
    public static func verdict(masculine: Int, feminine: Int) -> Verdict {
        let score = feminine - masculine
        if score == 0 { return .neutral }
        if score > 3 { return .stronglyFeminine }
        if score > 0 { return .feminine }
        if score < -3 { return .stronglyMasculine }
        return .masculine
    }

    /// Characters that separate words: white space, the tool's punctuation list, and every code
    /// point of 128 or more except 193–256 (which it keeps as letters).
    static func separates(_ v: UInt32) -> Bool {
        if v >= 128 { return !(v >= 193 && v <= 256) }
        switch v {
        case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x2E, 0x2C, 0x3B, 0x3A, 0x3F, 0x21, 0x22, 0x27, 0x28, 0x29, 0x5B, 0x5D,
            0x3C, 0x3E, 0x2A, 0x40, 0x2F, 0x26:
            return true
        default:
            return false
        }
    }

    /// Lowercased words of the prose with their byte ranges; blocks never run together.
    static func words(_ document: Document) -> [(String, Range<Int>)] {
        var out: [(String, Range<Int>)] = []
        var current = ""
        var start = -1
        var end = -1
        var block = -1
        func flush() {
            if !current.isEmpty { out.append((current, start..<end)) }
            current = ""
            start = -1
        }
        for range in document.prose {
            if range.block != block || range.spaceBefore { flush() }
            block = range.block
            let text = String(decoding: document.bytes[range.bytes], as: UTF8.self)
            var offset = range.bytes.lowerBound
            for scalar in text.unicodeScalars {
                let width = String(scalar).utf8.count
                if separates(scalar.value) {
                    flush()
                } else {
                    if start < 0 { start = offset }
                    current += String(scalar).lowercased()
                    end = offset + width
                }
                offset += width
            }
        }
        flush()
        return out
    }

    /// The tool's `de_hyphen_non_coded_words`: hyphenated words are split into their parts unless
    /// they begin with a hyphenated stem. Its loop edits the list it walks, so the second word is
    /// skipped when the first one was taken apart and put back, and a word starting with "-" is
    /// never split; both are reproduced.
    static func dehyphenate(_ words: [(String, Range<Int>)], hyphenatedStems: [String]) -> [(String, Range<Int>)] {
        var out: [(String, Range<Int>)] = []
        // The first word the loop takes apart (any word not starting with "-" or a hyphenated stem)
        // shifts the list under it, so the word after that one is never looked at.
        var skipped = -1
        for (index, item) in words.enumerated() {
            let (word, range) = item
            let coded = hyphenatedStems.contains { word.hasPrefix($0) }
            if skipped < 0, !word.hasPrefix("-"), !coded { skipped = index + 1 }
            if word.hasPrefix("-") || coded || !word.contains("-") || index == skipped {
                out.append(item)
                continue
            }
            // Split at every hyphen; each part keeps its own byte range (hyphens are one byte).
            var partStart = range.lowerBound
            for part in word.split(separator: "-", omittingEmptySubsequences: false) {
                let length = part.utf8.count
                out.append((String(part), partStart..<(partStart + length)))
                partStart += length + 1
            }
        }
        return out
    }
}
