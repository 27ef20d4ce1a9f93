import AllyCore
import Foundation

/// Compiled rule sets kept on disk, keyed by a hash of every rule file's path and bytes, so that a
/// pre-commit hook does not parse YAML and expand patterns on every run. The YAML stays the source
/// of truth: any change to a rule file changes the key, and a stale or damaged entry is ignored.
struct RuleCache {
    let directory: String

    /// FNV-1a over the inputs: not for security, only to notice change.
    static func key(language: String, build: String, files: [(path: String, bytes: [UInt8])]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ bytes: some Sequence<UInt8>) {
            for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
            h = (h ^ 0xFF) &* 0x0000_0100_0000_01B3
        }
        mix(Array("\(RuleSetArchive.fingerprint)|\(build)|\(language)".utf8))
        for f in files.sorted(by: { $0.path < $1.path }) {
            mix(Array(f.path.utf8))
            mix(f.bytes)
        }
        return String(h, radix: 16)
    }

    func load(key: String) -> RuleSet? {
        guard
            let data = try? Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(key).rules"), options: .alwaysMapped)
        else {
            return nil
        }
        return data.withUnsafeBytes { RuleSetArchive.ruleSet(from: $0) }
    }

    /// Keeps the cache small: every edit of a rule file makes a new entry, so only the newest few stay.
    func prune(keep: Int = 8) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        let entries = names.filter { $0.hasSuffix(".rules") }.compactMap { name -> (String, Int)? in
            let path = directory + "/" + name
            var st = stat()
            guard stat(path, &st) == 0 else { return nil }
            return (path, Int(st.st_mtim.tv_sec))
        }.sorted { $0.1 > $1.1 }
        for (path, _) in entries.dropFirst(keep - 1) { unlink(path) }
    }

    func save(_ set: RuleSet, key: String) {
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        prune()
        // Written beside and renamed, so a concurrent run never reads half a cache.
        let temp = "\(directory)/.\(key).\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temp, contents: Data(RuleSetArchive.bytes(of: set))) else {
            return
        }
        if rename(temp, "\(directory)/\(key).rules") != 0 { unlink(temp) }
    }
}
