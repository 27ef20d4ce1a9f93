import AllyCore
import Foundation

/// The findings a repository already had when it adopted ally (`ally baseline write`), so that a run
/// with `--baseline` reports only new ones. An entry is a file, a rule and a fingerprint of the matched
/// words with their line's text, not a line number: editing elsewhere in the file or moving the line
/// keeps the entry; changing the sentence that holds the finding makes it new.
public struct Baseline: Codable, Sendable {
    /// One known finding.
    public struct Entry: Codable, Sendable, Hashable {
        public var path: String
        public var rule: String
        public var fingerprint: String
        /// The matched text, for people reading the file.
        public var match: String
    }

    public var tool = "ally"
    public var version = 1
    public var entries: [Entry] = []

    public init(entries: [Entry] = []) { self.entries = entries }

    /// A finding's fingerprint (see `Finding.fingerprint(in:)`).
    public static func fingerprint(_ finding: Finding, in bytes: [UInt8]) -> String { finding.fingerprint(in: bytes) }

    /// Reads a baseline file; the error names the file and what is wrong.
    public static func load(_ path: String) throws -> Baseline {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AllyError.io("\(path): cannot read the baseline file")
        }
        do {
            let baseline = try JSONDecoder().decode(Baseline.self, from: data)
            guard baseline.tool == "ally", baseline.version == 1 else {
                throw AllyError.io("\(path): not an ally baseline (version 1)")
            }
            return baseline
        } catch let error as AllyError {
            throw error
        } catch {
            throw AllyError.io("\(path): not a valid baseline file (\(error.localizedDescription))")
        }
    }

    /// The baseline as JSON, entries sorted, one per line, so that its diffs read well in review.
    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let lines = entries.sorted { ($0.path, $0.rule, $0.fingerprint) < ($1.path, $1.rule, $1.fingerprint) }
            .map { String(decoding: (try? encoder.encode($0)) ?? Data(), as: UTF8.self) }
        let text =
            "{\"tool\": \"ally\", \"version\": 1, \"entries\": [\n"
            + lines.map { "  " + $0 }.joined(separator: ",\n") + (lines.isEmpty ? "" : "\n") + "]}\n"
        return Array(text.utf8)
    }

    /// The entries a file's findings make.
    public static func entries(path: String, findings: [Finding], bytes: [UInt8]) -> [Entry] {
        findings.map {
            Entry(path: path, rule: $0.ruleID, fingerprint: fingerprint($0, in: bytes), match: $0.match)
        }
    }
}

/// Matches a run's findings against a baseline: each entry stands for one finding (the same phrase
/// twice in a file is two entries). Safe to share between threads.
public final class BaselineFilter: @unchecked Sendable {
    // @unchecked: `remaining` and `known` are read and written under `lock`.
    private var remaining: [String: [Baseline.Entry: Int]] = [:]
    private var known = 0
    private let lock = NSLock()

    public init(_ baseline: Baseline) {
        for e in baseline.entries { remaining[e.path, default: [:]][e, default: 0] += 1 }
    }

    /// The findings of a file that the baseline does not know.
    public func newFindings(path: String, findings: [Finding], bytes: [UInt8]) -> [Finding] {
        lock.lock()
        defer { lock.unlock() }
        guard remaining[path] != nil else { return findings }
        return findings.filter { f in
            let entry = Baseline.Entry(
                path: path, rule: f.ruleID, fingerprint: Baseline.fingerprint(f, in: bytes), match: f.match)
            guard let count = remaining[path]?[entry], count > 0 else { return true }
            remaining[path]?[entry] = count - 1
            known += 1
            return false
        }
    }

    /// How many findings the baseline covered, and its entries that no finding matched (fixed, or
    /// their sentence changed), among the files that were linted.
    public func summary(linted paths: Set<String>) -> (known: Int, gone: [Baseline.Entry]) {
        lock.lock()
        defer { lock.unlock() }
        var gone: [Baseline.Entry] = []
        for (path, entries) in remaining where paths.contains(path) {
            for (entry, count) in entries where count > 0 { gone += Array(repeating: entry, count: count) }
        }
        return (known, gone.sorted { ($0.path, $0.rule) < ($1.path, $1.rule) })
    }
}
