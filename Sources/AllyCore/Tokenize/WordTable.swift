/// Folded words that occur in any pattern, each with a small integer id; everything else is "unknown".
/// Lookups read UTF-16 straight from the text buffer, so unknown words never become Strings.
public struct WordTable {
    /// Ids below `firstWordID` stand for classes of tokens rather than words.
    public static let any: Int32 = 0, number: Int32 = 1, money: Int32 = 2, percent: Int32 = 3, year: Int32 = 4
    /// Not a token: "the phrase ends here" (a sentence end, other punctuation or the end of the block).
    public static let end: Int32 = 5
    /// Not a token: "the phrase starts a sentence" (after a sentence end, a colon, or at the block's start).
    public static let start: Int32 = 6
    public static let firstWordID: Int32 = 8
    static let classNames: [String: Int32] = [
        "*": any, "<number>": number, "<money>": money, "<percent>": percent, "<year>": year, "<end>": end,
        "<start>": start,
    ]

    var storage: [UInt16] = []
    var spans: [(offset: Int32, length: Int32)] = []
    var slots: [Int32] = [Int32](repeating: -1, count: 1024)
    /// Word ids that some pattern writes in camelCase (JavaScript, MySQL): those match camelCase text.
    var camelCase: [UInt8] = []

    /// Marks a word as written in camelCase by a pattern.
    mutating func allowCamelCase(_ id: Int32) {
        let i = Int(id - WordTable.firstWordID)
        if camelCase.count <= i { camelCase += [UInt8](repeating: 0, count: i + 1 - camelCase.count) }
        camelCase[i] = 1
    }

    /// Whether camelCase text may match this word.
    @inline(__always)
    public func allowsCamelCase(_ id: Int32) -> Bool {
        let i = Int(id - WordTable.firstWordID)
        return i >= 0 && i < camelCase.count && camelCase[i] != 0
    }

    public init() {}

    public var count: Int { Int(WordTable.firstWordID) + spans.count }

    @inline(__always)
    private static func hash(_ p: UnsafeBufferPointer<UInt16>) -> UInt32 {
        var h: UInt32 = 2_166_136_261
        for u in p { h = (h ^ UInt32(u)) &* 16_777_619 }
        return h
    }

    /// The id of `word` (already folded), adding it when new.
    public mutating func intern(_ word: String) -> Int32 {
        let units = Array(word.utf16)
        if let id = units.withUnsafeBufferPointer({ lookup($0) }), id >= 0 { return id }
        if (spans.count + 1) * 2 > slots.count { grow() }
        let id = WordTable.firstWordID + Int32(spans.count)
        spans.append((Int32(storage.count), Int32(units.count)))
        storage.append(contentsOf: units)
        insert(id: id, units: units)
        return id
    }

    private mutating func insert(id: Int32, units: [UInt16]) {
        let mask = slots.count - 1
        var i = Int(units.withUnsafeBufferPointer { WordTable.hash($0) }) & mask
        while slots[i] >= 0 { i = (i + 1) & mask }
        slots[i] = id
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        for (k, span) in spans.enumerated() {
            let units = Array(storage[Int(span.offset)..<Int(span.offset + span.length)])
            insert(id: WordTable.firstWordID + Int32(k), units: units)
        }
    }

    /// The id of a folded word, or -1.
    @inline(__always)
    public func lookup(_ word: UnsafeBufferPointer<UInt16>) -> Int32? {
        let mask = slots.count - 1
        var i = Int(WordTable.hash(word)) & mask
        return storage.withUnsafeBufferPointer { store -> Int32 in
            while true {
                let id = slots[i]
                if id < 0 { return -1 }
                let span = spans[Int(id - WordTable.firstWordID)]
                if Int(span.length) == word.count {
                    var same = true
                    var k = 0
                    let base = Int(span.offset)
                    while k < word.count {
                        if store[base + k] != word[k] {
                            same = false
                            break
                        }
                        k += 1
                    }
                    if same { return id }
                }
                i = (i + 1) & mask
            }
        }
    }

    /// The folded text of an id (for messages and debugging).
    public func word(_ id: Int32) -> String {
        if id < WordTable.firstWordID {
            return WordTable.classNames.first { $0.value == id }?.key ?? "?"
        }
        let span = spans[Int(id - WordTable.firstWordID)]
        return String(decoding: storage[Int(span.offset)..<Int(span.offset + span.length)], as: UTF16.self)
    }
}
