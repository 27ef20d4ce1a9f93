import Foundation

/// The compiled form of a rule set as bytes, so that a caller can keep it (the rule cache) and load
/// it without parsing YAML or expanding patterns again. Damaged or foreign bytes are refused.
public enum RuleSetArchive {
    /// Bumped whenever the automaton's layout below changes; the rule model's own shape is folded
    /// into `fingerprint`, so adding a rule field needs no bump.
    static let automatonLayout: UInt32 = 7

    /// Identifies the archive format: the automaton layout and every coding key of the rule model.
    public static let fingerprint: String = {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in "\(automatonLayout)|\(RuleModel.shape)".utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return String(h, radix: 16)
    }()

    /// The bytes of a compiled rule set.
    public static func bytes(of set: RuleSet) -> [UInt8] {
        var writer = BinaryWriter()
        set.encode(to: &writer)
        return writer.bytes
    }

    /// A rule set from `bytes(of:)`; nil when the bytes are damaged or from another format.
    public static func ruleSet(from bytes: UnsafeRawBufferPointer) -> RuleSet? {
        var reader = BinaryReader(bytes: bytes)
        return try? RuleSet(decoding: &reader)
    }
}

struct BinaryWriter {
    var bytes: [UInt8] = []
    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func i32(_ v: Int32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func int(_ v: Int) { i32(Int32(clamping: v)) }
    mutating func bool(_ v: Bool) { u8(v ? 1 : 0) }
    mutating func string(_ s: String) {
        let utf8 = Array(s.utf8)
        int(utf8.count)
        bytes.append(contentsOf: utf8)
    }
    mutating func strings(_ list: [String]) {
        int(list.count)
        for s in list { string(s) }
    }
    mutating func i32s(_ list: [Int32]) {
        int(list.count)
        for v in list { i32(v) }
    }
    /// A whole array of fixed-width integers as raw little-endian bytes (loaded back with one copy).
    mutating func raw<T: FixedWidthInteger>(_ list: [T]) {
        int(list.count)
        for v in list { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    }
}

struct BinaryReader {
    struct Damaged: Error {}
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    mutating func take(_ n: Int) throws -> UnsafeRawBufferPointer {
        guard n >= 0, offset + n <= bytes.count else { throw Damaged() }
        defer { offset += n }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + n)])
    }
    mutating func u8() throws -> UInt8 { try take(1)[0] }
    mutating func i32() throws -> Int32 {
        let s = try take(4)
        var v: UInt32 = 0
        for (k, b) in s.enumerated() { v |= UInt32(b) << (8 * UInt32(k)) }
        return Int32(bitPattern: v)
    }
    mutating func u64() throws -> UInt64 {
        let s = try take(8)
        var v: UInt64 = 0
        for (k, b) in s.enumerated() { v |= UInt64(b) << (8 * UInt64(k)) }
        return v
    }
    mutating func int() throws -> Int { Int(try i32()) }
    mutating func count() throws -> Int {
        let n = try int()
        guard n >= 0, n <= bytes.count else { throw Damaged() }
        return n
    }
    mutating func bool() throws -> Bool { try u8() != 0 }
    mutating func string() throws -> String { String(decoding: try take(try count()), as: UTF8.self) }
    mutating func strings() throws -> [String] {
        let n = try count()
        var out: [String] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try string()) }
        return out
    }
    mutating func raw<T: FixedWidthInteger>(_ type: T.Type) throws -> [T] {
        let n = try count()
        let slice = try take(n * MemoryLayout<T>.stride)
        let out = [T](unsafeUninitializedCapacity: n) { buffer, initialized in
            if n > 0 { UnsafeMutableRawBufferPointer(buffer).copyMemory(from: slice) }
            initialized = n
        }
        // The cache is written little-endian; on such machines (all of them, here) this is free.
        return Int(littleEndian: 1) == 1 ? out : out.map { T(littleEndian: $0) }
    }
    mutating func i32s() throws -> [Int32] {
        let n = try count()
        var out = [Int32]()
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try i32()) }
        return out
    }
}

/// The rule model's part of an archive: everything but the automaton, encoded by its `Codable` definition.
struct RuleModel: Codable {
    var language: String
    var rules: [Rule]
    var checks: [DocumentCheck]
    var genderCoding: GenderCodingList?
    var categories: [Category]
    var knownNames: [String]

    /// Every coding key of the model's types: a change of shape changes the archive's fingerprint.
    static let shape: String = [
        Rule.CodingKeys.allCases.map(\.rawValue), DocumentCheck.CodingKeys.allCases.map(\.rawValue),
        Examples.CodingKeys.allCases.map(\.rawValue), Category.CodingKeys.allCases.map(\.rawValue),
        Severity.allCases.map(\.rawValue), Applicability.allCases.map(\.rawValue),
        DocumentCheck.Kind.allCases.map(\.rawValue),
        Inflection.Kind.allCases.map(\.rawValue),
        [
            "suggestions:style,alternatives", "location:file,line,column",
            "genderCoding:masculine,feminine,source,location",
        ],
    ].map { $0.joined(separator: ",") }.joined(separator: ";")
}

extension RuleSet {
    func encode(to w: inout BinaryWriter) {
        w.string(RuleSetArchive.fingerprint)
        let model = RuleModel(
            language: language, rules: rules, checks: checks, genderCoding: genderCoding,
            categories: categories.values.sorted { $0.id < $1.id }, knownNames: knownNames)
        w.raw([UInt8]((try? JSONEncoder().encode(model)) ?? Data()))
        automaton.encode(to: &w)
    }

    convenience init(decoding r: inout BinaryReader) throws {
        guard try r.string() == RuleSetArchive.fingerprint else { throw BinaryReader.Damaged() }
        let model = try JSONDecoder().decode(RuleModel.self, from: Data(try r.raw(UInt8.self)))
        var pack = RulePack(language: model.language)
        pack.rules = model.rules
        pack.checks = model.checks
        pack.genderCoding = model.genderCoding
        pack.categories = model.categories
        pack.knownNames = model.knownNames
        let automaton = try Automaton(decoding: &r)
        try self.init(pack: pack, automaton: automaton)
    }
}

extension CharTrie {
    func encode(to w: inout BinaryWriter) {
        w.int(children.count)
        for (node, map) in children.enumerated() {
            w.int(map.count)
            for (u, child) in map.sorted(by: { $0.key < $1.key }) {
                w.int(Int(u))
                w.i32(child)
            }
            w.i32s(accepts[node])
        }
    }
    init(decoding r: inout BinaryReader) throws {
        self.init()
        children = []
        accepts = []
        for _ in 0..<(try r.count()) {
            var map: [UInt16: Int32] = [:]
            for _ in 0..<(try r.count()) { map[UInt16(truncatingIfNeeded: try r.int())] = try r.i32() }
            children.append(map)
            accepts.append(try r.i32s())
        }
    }
}

extension Automaton {
    func encode(to w: inout BinaryWriter) {
        w.raw(words.storage)
        w.raw(words.spans.map(\.offset))
        w.raw(words.spans.map(\.length))
        w.raw(words.slots)
        w.raw(words.camelCase)
        w.raw(edgeKeys)
        w.raw(edgeValues)
        w.raw(rootEdges)
        w.raw(acceptStart)
        w.raw(acceptOwners)
        w.int(owners.count)
        for o in owners {
            w.u8(o.role.rawValue)
            w.i32(o.index)
            w.u8(o.form.rawValue)
            w.bool(o.caseWords != nil)
            if let c = o.caseWords { w.strings(c) }
            w.string(o.prefixMark.map { String($0) } ?? "")
            w.bool(o.atEnd)
            w.bool(o.atStart)
        }
        suffixStems.encode(to: &w)
        prefixStems.encode(to: &w)
        w.int(minStem == Int.max ? -1 : minStem)
    }

    convenience init(decoding r: inout BinaryReader) throws {
        self.init()
        words.storage = try r.raw(UInt16.self)
        let offsets = try r.raw(Int32.self)
        let lengths = try r.raw(Int32.self)
        guard offsets.count == lengths.count else { throw BinaryReader.Damaged() }
        words.spans = zip(offsets, lengths).map { (offset: $0.0, length: $0.1) }
        words.slots = try r.raw(Int32.self)
        words.camelCase = try r.raw(UInt8.self)
        edgeKeys = try r.raw(UInt64.self)
        edgeValues = try r.raw(Int32.self)
        rootEdges = try r.raw(Int32.self)
        acceptStart = try r.raw(Int32.self)
        acceptOwners = try r.raw(Int32.self)
        guard edgeKeys.count == edgeValues.count, edgeKeys.count.nonzeroBitCount == 1, !acceptStart.isEmpty else {
            throw BinaryReader.Damaged()
        }
        owners = []
        for _ in 0..<(try r.count()) {
            guard let role = Owner.Role(rawValue: try r.u8()) else { throw BinaryReader.Damaged() }
            let index = try r.i32()
            guard let form = Inflection.Form(rawValue: try r.u8()) else { throw BinaryReader.Damaged() }
            let caseWords = try r.bool() ? try r.strings() : nil
            let mark = try r.string()
            owners.append(
                Owner(
                    role: role, index: index, form: form, caseWords: caseWords, prefixMark: mark.first,
                    atEnd: try r.bool(), atStart: try r.bool()))
        }
        suffixStems = try CharTrie(decoding: &r)
        prefixStems = try CharTrie(decoding: &r)
        let m = try r.int()
        minStem = m < 0 ? Int.max : m
        guard words.slots.count.nonzeroBitCount == 1, rootEdges.count == words.count else {
            throw BinaryReader.Damaged()
        }
    }
}
