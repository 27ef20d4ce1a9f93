import AllyCore
import AllyTestSupport
import AllyWorkspace
import Foundation
import Testing

/// Rule files and golden fixtures, one test each, so that a failure names the file.
@Suite struct FixtureTests {
    /// Every rule file under Rules/, relative to the repository.
    static let ruleFiles: [String] = RuleLoader.ruleFiles(repositoryRoot + "/Rules")
        .filter { !RuleCatalog.isShared($0) }
        .map { String($0.dropFirst(repositoryRoot.count + 1)) }

    /// Every fixture with an `.expected.json` beside it.
    static let goldenFiles: [String] = {
        var out: [String] = []
        let walker = FileManager.default.enumerator(atPath: repositoryRoot + "/Fixtures")
        while let p = walker?.nextObject() as? String {
            if p.hasSuffix(".expected.json") { out.append("Fixtures/" + p) }
        }
        return out.sorted()
    }()

    @Test(arguments: ruleFiles)
    func examples(of file: String) throws {
        let language = URL(fileURLWithPath: file).deletingLastPathComponent().lastPathComponent
        let set = try #require(sharedCatalog.ruleSet(language: language), "\(sharedCatalog.problems)")
        #expect(set.problems.map(\.description) == [])
        var runner = ExampleRunner(rules: set, file: repositoryRoot + "/" + file)
        runner.requireFixExamples = true
        let problems = try runner.run().map { $0.description.replacingOccurrences(of: repositoryRoot + "/", with: "") }
        #expect(problems == [], "\(problems.joined(separator: "\n"))")
    }

    @Test(arguments: goldenFiles)
    func golden(_ golden: String) throws {
        let expected = try String(contentsOfFile: repositoryRoot + "/" + golden, encoding: .utf8)
        let input = golden.replacingOccurrences(of: ".expected.json", with: "")
        var args = ["--format", "json", "--no-inline-config"]
        if let extra = try? String(contentsOfFile: repositoryRoot + "/" + input + ".args", encoding: .utf8) {
            args = extra.split(whereSeparator: \.isWhitespace).map(String.init)
        }
        let run = try ally(args + [input], cwd: repositoryRoot)
        #expect(run.status != 2, "\(input): \(run.stderr)")
        if let difference = GoldenDifference(
            expected: expected, actual: run.stdout, source: repositoryRoot + "/" + input)
        {
            Issue.record(
                "\(input) no longer matches \(golden) (if intended, run Scripts/update-golden):\n\(difference)")
        }
    }
}

/// What differs between a golden output and a new one: for JSON, the findings on one side only, each
/// with its line and a caret under the match; for other formats, the first lines that differ.
struct GoldenDifference: CustomStringConvertible {
    var description: String

    init?(expected: String, actual: String, source: String) {
        guard expected != actual else { return nil }
        let decode = { (text: String) in try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary }
        guard let old = decode(expected), let new = decode(actual) else {
            let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let k = zip(a, b).prefix { $0 == $1 }.count
            description =
                "first difference at line \(k + 1):\n- \(k < a.count ? a[k] : "(end)")\n+ \(k < b.count ? b[k] : "(end)")"
            return
        }
        // Same JSON value in another layout is the same output.
        if old == new { return nil }
        let lines = ((try? String(contentsOfFile: source, encoding: .utf8)) ?? "").split(
            separator: "\n", omittingEmptySubsequences: false)
        func findings(_ json: NSDictionary) -> [String: NSDictionary] {
            var out: [String: NSDictionary] = [:]
            let files = (json["files"] as? [NSDictionary]) ?? [json]
            for file in files {
                for d in (file["diagnostics"] as? [NSDictionary]) ?? [] {
                    out["\(d)"] = d
                }
            }
            return out
        }
        func show(_ d: NSDictionary, _ sign: String) -> String {
            let start = (d["range"] as? NSDictionary)?["start"] as? NSDictionary
            let line = start?["line"] as? Int ?? 0
            let column = start?["column"] as? Int ?? 1
            let match = d["match"] as? String ?? ""
            var out = "\(sign) \(line):\(column) [\(d["rule"] ?? "?")] \(d["message"] ?? "")"
            if line > 0, line <= lines.count {
                out +=
                    "\n    " + lines[line - 1] + "\n    " + String(repeating: " ", count: max(0, column - 1))
                    + String(repeating: "^", count: max(1, match.count))
            }
            return out
        }
        let a = findings(old)
        let b = findings(new)
        var parts = a.keys.filter { b[$0] == nil }.sorted().map { show(a[$0]!, "-") }
        parts += b.keys.filter { a[$0] == nil }.sorted().map { show(b[$0]!, "+") }
        if parts.isEmpty {
            parts = ["the findings are the same; other fields differ (summary, gender coding, missing items)"]
        }
        description = parts.joined(separator: "\n")
    }
}
