import AllyCore
import AllyJob
import AllyReport
import AllyWorkspace
import ArgumentParser
import Foundation

/// Hidden: the benchmark's tokenize-only baseline (`Scripts/bench`).
struct BenchTokenize: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-tokenize", abstract: "ICU word segmentation only (benchmark baseline).",
        shouldDisplay: false)

    @Argument var paths: [String]

    @Option var lang = "en"

    func run() throws {
        let breaker = try Breaker(locale: lang)
        var tokens = 0
        for path in paths {
            guard case .success(let bytes) = Input.read(path) else { throw ExitCode(Status.trouble) }
            tokens += TokenizeOnly.count(
                Document.parse(path: path, bytes: bytes, format: InputFormat.guess(path: path)), breaker: breaker)
        }
        emit("\(tokens) tokens\n")
    }
}
