import Foundation
import XCTest

/// Every fixture with an `.expected.json` beside it must produce exactly that output
/// (`Scripts/update-golden` rewrites them after an intended change; review the diff).
final class GoldenTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    func goldenFiles() -> [String] {
        var out: [String] = []
        let walker = FileManager.default.enumerator(atPath: GoldenTests.root + "/Fixtures")
        while let p = walker?.nextObject() as? String {
            if p.hasSuffix(".expected.json") { out.append("Fixtures/" + p) }
        }
        return out.sorted()
    }

    func testFixturesMatchTheirExpectedOutput() throws {
        let goldens = goldenFiles()
        XCTAssertFalse(goldens.isEmpty, "no golden fixtures")
        for golden in goldens {
            let expected = try String(contentsOfFile: GoldenTests.root + "/" + golden, encoding: .utf8)
            let argsFile = GoldenTests.root + "/" + golden.replacingOccurrences(of: ".expected.json", with: ".args")
            let input = golden.replacingOccurrences(of: ".expected.json", with: "")
            var args = ["--format", "json", "--no-inline-config"]
            if let extra = try? String(contentsOfFile: argsFile, encoding: .utf8) {
                args = extra.split(whereSeparator: \.isWhitespace).map(String.init)
            }
            let run = try ally(args + [input], cwd: GoldenTests.root)
            XCTAssertNotEqual(run.status, 2, "\(input): \(run.stderr)")
            XCTAssertEqual(run.stdout, expected, "\(input) no longer matches \(golden); if the change is intended, run Scripts/update-golden")
        }
    }
}
