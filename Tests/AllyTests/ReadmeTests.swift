import AllyWorkspace
import Foundation
import XCTest

/// What the README shows must work when pasted: its sample output, its `ally` commands, its
/// configuration and its directives.
final class ReadmeTests: XCTestCase {
    static let readme = (try? String(contentsOfFile: repositoryRoot + "/README.md", encoding: .utf8)) ?? ""

    /// The fenced blocks of the README with their language tag.
    static var blocks: [(tag: String, lines: [String])] {
        var out: [(String, [String])] = []
        var current: (String, [String])?
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("```") {
                if let c = current {
                    out.append(c)
                    current = nil
                } else {
                    current = (String(line.dropFirst(3)), [])
                }
            } else if current != nil {
                current!.1.append(line)
            }
        }
        return out.map { (tag: $0.0, lines: $0.1) }
    }

    var sandbox = ""

    override func setUpWithError() throws {
        sandbox = try temporaryDirectory()
        let fm = FileManager.default
        try fm.copyItem(atPath: repositoryRoot + "/Fixtures", toPath: sandbox + "/Fixtures")
        try fm.copyItem(atPath: repositoryRoot + "/Fixtures/docs", toPath: sandbox + "/docs")
        try fm.copyItem(atPath: repositoryRoot + "/Fixtures/formats", toPath: sandbox + "/src")
        try fm.copyItem(atPath: repositoryRoot + "/README.md", toPath: sandbox + "/README.md")
        try fm.copyItem(
            atPath: repositoryRoot + "/Fixtures/jobs/senior-backend-engineer.md", toPath: sandbox + "/posting.md")
        try fm.createDirectory(atPath: sandbox + "/my-rules/en", withIntermediateDirectories: true)
        try fm.copyItem(
            atPath: repositoryRoot + "/Rules/en/religion.yml", toPath: sandbox + "/my-rules/en/religion.yml")
        try fm.createDirectory(atPath: sandbox + "/.ally/rules", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: sandbox + "/.git", withIntermediateDirectories: true)
        try "Add the whitelist\n".write(toFile: sandbox + "/.git/COMMIT_EDITMSG", atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: sandbox) }

    func testTheSampleOutputIsWhatAllyPrints() throws {
        let console = try XCTUnwrap(ReadmeTests.blocks.first { $0.tag == "console" })
        let command = try XCTUnwrap(console.lines.first?.dropFirst(2))
        XCTAssertTrue(command.hasSuffix("| ally"))
        let input = command.components(separatedBy: "\"")[1]
        let run = try ally(["-"], stdin: input + "\n")
        let printed = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Every line shown, in order; "…" stands for lines left out.
        var at = 0
        for line in console.lines.dropFirst() where line != "…" {
            guard let k = printed[at...].firstIndex(of: line) else {
                return XCTFail("not printed: \(line)\n\(run.stdout)")
            }
            at = k + 1
        }
    }

    func testEveryAllyCommandRuns() throws {
        var commands: [String] = []
        for block in ReadmeTests.blocks where block.tag == "sh" {
            for line in block.lines {
                let command = line.components(separatedBy: "  #").first!.trimmingCharacters(in: .whitespaces)
                    .replacingOccurrences(of: "$ ", with: "")
                guard command.contains("ally"), !command.hasPrefix("#"), !command.contains("Scripts/"),
                    !command.contains("parallel"), !command.contains("split "), !command.contains("install")
                else { continue }
                commands.append(command)
            }
        }
        XCTAssertGreaterThan(commands.count, 15)
        let bin = (allyBinary() as NSString).deletingLastPathComponent
        for command in commands {
            // The clipboard is not there in a test: a draft comes from printf instead.
            let shell = command.replacingOccurrences(of: "pbpaste", with: "printf 'Hey guys\\n'")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", shell]
            process.currentDirectoryURL = URL(fileURLWithPath: sandbox)
            var environment = ProcessInfo.processInfo.environment
            environment["PATH"] = bin + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
            environment["NO_COLOR"] = "1"
            process.environment = environment
            let err = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            XCTAssertLessThan(process.terminationStatus, 2, "`\(command)` failed: \(message)")
        }
    }

    func testTheConfigurationExampleLoadsAndNamesRealRules() throws {
        let configs = ReadmeTests.blocks.filter { $0.tag == "yaml" && $0.lines.contains { $0.hasPrefix("fail-on:") } }
        XCTAssertFalse(configs.isEmpty)
        for config in configs {
            try config.lines.joined(separator: "\n").write(
                toFile: sandbox + "/.ally.yml", atomically: true, encoding: .utf8)
            let run = try ally(["--lang", "en", "docs/CONTRIBUTING.md"], cwd: sandbox)
            XCTAssertLessThan(run.status, 2, run.stderr)
            XCTAssertEqual(run.stderr, "", "the README's configuration gives warnings")
        }
    }

    func testTheDirectiveExampleSilencesWhatItSays() throws {
        let markdown = try XCTUnwrap(
            ReadmeTests.blocks.first { $0.tag == "markdown" && $0.lines.contains { $0.contains("ally-disable") } })
        let run = try ally(
            ["--input-format", "markdown", "--lang", "en", "-"], stdin: markdown.lines.joined(separator: "\n") + "\n")
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        XCTAssertEqual(run.stderr, "")
    }
}
