/// Gendered wording in job postings (Gaucher, Friesen & Kay 2011), counted the way the Gender
/// Decoder does: words are compared with the coded stems by prefix, and the verdict comes from
/// the difference between feminine and masculine counts.
public enum GenderCoding {
    public enum Verdict: String, Sendable {
        case stronglyFeminine = "strongly-feminine", feminine, neutral, masculine, stronglyMasculine = "strongly-masculine"
    }

    /// A coded word as found in the text.
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
        var masculine: [Hit] = [], feminine: [Hit] = []
        for (word, range) in words(document) {
            let lower = word.lowercased()
            if let stem = list.masculine.first(where: { lower.hasPrefix($0) }) { masculine.append(Hit(word: word, stem: stem, range: range)) }
            if let stem = list.feminine.first(where: { lower.hasPrefix($0) }) { feminine.append(Hit(word: word, stem: stem, range: range)) }
        }
        return Result(verdict: verdict(masculine: masculine.count, feminine: feminine.count), masculine: masculine, feminine: feminine)
    }

    /// The Gender Decoder's thresholds on (feminine − masculine).
    public static func verdict(masculine: Int, feminine: Int) -> Verdict {
        let score = feminine - masculine
        if score == 0 { return .neutral }
        if score > 3 { return .stronglyFeminine }
        if score > 0 { return .feminine }
        if score < -3 { return .stronglyMasculine }
        return .masculine
    }

    /// Words of the prose: runs of letters (apostrophes and hyphens split words, as the tool's
    /// cleaning does), with their byte ranges.
    static func words(_ document: Document) -> [(String, Range<Int>)] {
        var out: [(String, Range<Int>)] = []
        for range in document.prose {
            var start: Int?
            var i = range.bytes.lowerBound
            let text = document.bytes
            func flush(_ end: Int) {
                if let s = start { out.append((String(decoding: text[s..<end], as: UTF8.self), s..<end)) }
                start = nil
            }
            while i < range.bytes.upperBound {
                let b = text[i]
                let isLetter = (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b >= 0x80
                if isLetter { if start == nil { start = i } } else { flush(i) }
                i += 1
            }
            flush(range.bytes.upperBound)
        }
        return out
    }
}
