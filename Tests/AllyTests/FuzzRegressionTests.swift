import Foundation
import XCTest

@testable import AllyCore
@testable import AllyJob
@testable import AllyReport
@testable import AllyTestSupport
@testable import AllyWorkspace

/// Every input a fuzzer once crashed on (Fixtures/fuzz/TARGET/…) is replayed through the same
/// invariants the fuzz targets check, with the built-in English rules.
final class FuzzRegressionTests: XCTestCase {
    func testEveryRecordedCrashNowHoldsTheInvariants() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let dir = root.appendingPathComponent("Fixtures/fuzz").path
        let rules = try XCTUnwrap(sharedCatalog.ruleSet(language: "en"))
        let linter = try Linter(rules: rules)
        var replayed = 0
        for target in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir + "/" + target)) ?? [] {
                let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(target)/\(name)")))
                for format in InputFormat.allCases {
                    XCTAssertNil(
                        Invariants.check(bytes, format: format, linter: linter), "\(target)/\(name) as \(format)")
                }
                replayed += 1
            }
        }
        XCTAssertGreaterThan(replayed, 0)
    }

    func testLongDigitRunsDoNotOverflow() throws {
        let rules = try makeRules(
            "rules:\n"
                + rule("performative.t", patterns: ["by <year>"], extra: "inflect: none", category: "performative"))
        let text = "by " + String(repeating: "9", count: 400) + " and by 2027"
        XCTAssertEqual(try findings(text, rules).map(\.match), ["by 2027"])
    }
}
