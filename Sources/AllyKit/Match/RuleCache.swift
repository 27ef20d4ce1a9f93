import Foundation

/// A compiled rule set saved to disk, keyed by a hash of every rule file's path and bytes, so that a
/// pre-commit hook does not parse YAML and expand patterns on every run. The YAML stays the source
/// of truth: any change to a rule file changes the key, and a stale or damaged cache is ignored.
enum RuleCache {
    /// Bumped whenever the layout below or the compiled form changes.
    static let formatVersion: UInt32 = 6

    static var directory: String? {
        let env = ProcessInfo.processInfo.environment
        if env["ALLY_NO_CACHE"] != nil { return nil }
        if let dir = env["ALLY_CACHE_DIR"], !dir.isEmpty { return dir }
        if let xdg = env["XDG_CACHE_HOME"], !xdg.isEmpty { return xdg + "/ally" }
        if let home = env["HOME"], !home.isEmpty { return home + "/.cache/ally" }
        return NSTemporaryDirectory() + "ally-\(getuid())"
    }

    /// FNV-1a over the inputs: not for security, only to notice change.
    static func key(language: String, files: [(path: String, bytes: [UInt8])]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ bytes: some Sequence<UInt8>) {
            for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
            h = (h ^ 0xFF) &* 0x0000_0100_0000_01B3
        }
        mix(Array("\(formatVersion)|\(language)".utf8))
        for f in files.sorted(by: { $0.path < $1.path }) {
            mix(Array(f.path.utf8))
            mix(f.bytes)
        }
        return String(h, radix: 16)
    }

    static func load(key: String) -> RuleSet? {
        guard let dir = directory,
              let data = try? Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(key).rules"), options: .alwaysMapped) else { return nil }
        return data.withUnsafeBytes { buffer -> RuleSet? in
            var reader = BinaryReader(bytes: buffer)
            return try? RuleSet(decoding: &reader)
        }
    }

    /// Keeps the cache small: every edit of a rule file makes a new entry, so only the newest few stay.
    static func prune(_ dir: String, keep: Int = 8) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
        let entries = names.filter { $0.hasSuffix(".rules") }.compactMap { name -> (String, Int)? in
            let path = dir + "/" + name
            var st = stat()
            guard stat(path, &st) == 0 else { return nil }
            return (path, Int(st.st_mtim.tv_sec))
        }.sorted { $0.1 > $1.1 }
        for (path, _) in entries.dropFirst(keep - 1) { unlink(path) }
    }

    static func save(_ set: RuleSet, key: String) {
        guard let dir = directory else { return }
        var writer = BinaryWriter()
        set.encode(to: &writer)
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        prune(dir)
        // Written beside and renamed, so a concurrent run never reads half a cache.
        let temp = "\(dir)/.\(key).\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temp, contents: Data(writer.bytes)) else { return }
        if rename(temp, "\(dir)/\(key).rules") != 0 { unlink(temp) }
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

extension RuleSet {
    func encode(to w: inout BinaryWriter) {
        w.i32(Int32(bitPattern: RuleCache.formatVersion))
        w.string(language)
        w.int(rules.count)
        for r in rules { r.encode(to: &w) }
        w.int(checks.count)
        for c in checks { c.encode(to: &w) }
        w.bool(genderCoding != nil)
        if let g = genderCoding {
            w.strings(g.masculine)
            w.strings(g.feminine)
            w.string(g.source)
            g.location.encode(to: &w)
        }
        automaton.encode(to: &w)
    }

    convenience init(decoding r: inout BinaryReader) throws {
        guard UInt32(bitPattern: try r.i32()) == RuleCache.formatVersion else { throw BinaryReader.Damaged() }
        let language = try r.string()
        var pack = RulePack(language: language)
        for _ in 0..<(try r.count()) { pack.rules.append(try Rule(decoding: &r)) }
        for _ in 0..<(try r.count()) { pack.checks.append(try DocumentCheck(decoding: &r)) }
        if try r.bool() {
            pack.genderCoding = GenderCodingList(masculine: try r.strings(), feminine: try r.strings(), source: try r.string(),
                                                 location: try SourceLocation(decoding: &r))
        }
        let automaton = try Automaton(decoding: &r)
        try self.init(pack: pack, automaton: automaton)
    }
}

extension SourceLocation {
    func encode(to w: inout BinaryWriter) {
        w.string(file)
        w.int(line)
        w.int(column)
    }
    init(decoding r: inout BinaryReader) throws {
        self.init(file: try r.string(), line: try r.int(), column: try r.int())
    }
}

extension Suggestions {
    func encode(to w: inout BinaryWriter) {
        w.int(styles.count)
        for s in styles {
            w.string(s.style)
            w.strings(s.alternatives)
        }
    }
    init(decoding r: inout BinaryReader) throws {
        var styles: [(String, [String])] = []
        for _ in 0..<(try r.count()) { styles.append((try r.string(), try r.strings())) }
        self.init(styles: styles)
    }
}

extension Examples {
    func encode(to w: inout BinaryWriter) {
        w.strings(flag)
        w.strings(pass)
        w.strings(fixes.map(\.from))
        w.strings(fixes.map(\.to))
    }
    init(decoding r: inout BinaryReader) throws {
        self.init()
        flag = try r.strings()
        pass = try r.strings()
        let from = try r.strings(), to = try r.strings()
        fixes = Array(zip(from, to)).map { (from: $0.0, to: $0.1) }
    }
}

extension Rule {
    func encode(to w: inout BinaryWriter) {
        for s in [id, category, severity.rawValue, message, why, fix?.rawValue ?? "", source, language] { w.string(s) }
        suggestions.encode(to: &w)
        w.strings(patterns)
        w.strings(unless)
        w.strings(inflect.map(\.rawValue).sorted())
        w.bool(caseSensitive)
        w.bool(withinSuffix)
        w.bool(withinPrefix)
        w.strings(notFollowedBy)
        examples.encode(to: &w)
        location.encode(to: &w)
    }
    init(decoding r: inout BinaryReader) throws {
        let id = try r.string(), category = try r.string(), severity = try r.string(), message = try r.string()
        let why = try r.string(), fix = try r.string(), source = try r.string(), language = try r.string()
        guard let level = Severity(rawValue: severity) else { throw BinaryReader.Damaged() }
        self.init(id: id, category: category, severity: level, message: message, why: why,
                  suggestions: try Suggestions(decoding: &r), fix: Applicability(rawValue: fix), source: source,
                  patterns: try r.strings(), unless: try r.strings(),
                  inflect: Set(try r.strings().compactMap(Inflection.Kind.init(rawValue:))),
                  caseSensitive: try r.bool(), withinSuffix: try r.bool(), withinPrefix: try r.bool(),
                  notFollowedBy: try r.strings(), examples: try Examples(decoding: &r), language: language,
                  location: try SourceLocation(decoding: &r))
    }
}

extension DocumentCheck {
    func encode(to w: inout BinaryWriter) {
        for s in [id, category, kind.rawValue, severity.rawValue, message, why, source, scope ?? "", language] { w.string(s) }
        suggestions.encode(to: &w)
        for list in [claims, evidence, unless, any, headings] { w.strings(list) }
        w.int(window)
        w.int(max)
        examples.encode(to: &w)
        location.encode(to: &w)
    }
    init(decoding r: inout BinaryReader) throws {
        let id = try r.string(), category = try r.string(), kind = try r.string(), severity = try r.string()
        let message = try r.string(), why = try r.string(), source = try r.string(), scope = try r.string(), language = try r.string()
        guard let k = Kind(rawValue: kind), let level = Severity(rawValue: severity) else { throw BinaryReader.Damaged() }
        self.init(id: id, category: category, kind: k, severity: level, message: message, why: why,
                  suggestions: try Suggestions(decoding: &r), source: source, scope: scope.isEmpty ? nil : scope,
                  language: language, location: SourceLocation(file: "", line: 0, column: 0))
        claims = try r.strings()
        evidence = try r.strings()
        unless = try r.strings()
        any = try r.strings()
        headings = try r.strings()
        window = try r.int()
        max = try r.int()
        examples = try Examples(decoding: &r)
        location = try SourceLocation(decoding: &r)
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
        }
        suffixStems.encode(to: &w)
        prefixStems.encode(to: &w)
        w.int(minStem == Int.max ? -1 : minStem)
    }

    convenience init(decoding r: inout BinaryReader) throws {
        self.init()
        words.storage = try r.raw(UInt16.self)
        let offsets = try r.raw(Int32.self), lengths = try r.raw(Int32.self)
        guard offsets.count == lengths.count else { throw BinaryReader.Damaged() }
        words.spans = zip(offsets, lengths).map { (offset: $0.0, length: $0.1) }
        words.slots = try r.raw(Int32.self)
        words.camelCase = try r.raw(UInt8.self)
        edgeKeys = try r.raw(UInt64.self)
        edgeValues = try r.raw(Int32.self)
        rootEdges = try r.raw(Int32.self)
        acceptStart = try r.raw(Int32.self)
        acceptOwners = try r.raw(Int32.self)
        guard edgeKeys.count == edgeValues.count, edgeKeys.count.nonzeroBitCount == 1, !acceptStart.isEmpty else { throw BinaryReader.Damaged() }
        owners = []
        for _ in 0..<(try r.count()) {
            guard let role = Owner.Role(rawValue: try r.u8()) else { throw BinaryReader.Damaged() }
            let index = try r.i32()
            guard let form = Inflection.Form(rawValue: try r.u8()) else { throw BinaryReader.Damaged() }
            let caseWords = try r.bool() ? try r.strings() : nil
            let mark = try r.string()
            owners.append(Owner(role: role, index: index, form: form, caseWords: caseWords, prefixMark: mark.first, atEnd: try r.bool()))
        }
        suffixStems = try CharTrie(decoding: &r)
        prefixStems = try CharTrie(decoding: &r)
        let m = try r.int()
        minStem = m < 0 ? Int.max : m
        guard words.slots.count.nonzeroBitCount == 1, rootEdges.count == words.count else { throw BinaryReader.Damaged() }
    }
}
