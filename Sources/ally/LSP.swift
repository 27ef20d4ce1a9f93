import AllyLanguageServer
import ArgumentParser
import Foundation

/// `ally lsp`: a language server for editors, over standard input and output.
struct LSP: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a Language Server Protocol server on standard input and output (for editors).",
        discussion: """
            Diagnostics as you type, quick fixes, "Apply all safe ally fixes" (source.fixAll.ally) and \
            hovers with the reasons. The nearest .ally.yml applies to each document; editor settings \
            ({"ally": {"disable": […], "severity": {…}, "language": "en"}}) apply on top.
            """)

    @Flag(name: .long, help: "Accepted for editors that pass it; standard input and output are always used.")
    var stdio = false

    func run() throws {
        // A client that goes away must not kill the server mid-write; writes then fail and it exits.
        signal(SIGPIPE, SIG_IGN)
        let output = StandardOutput()
        let server = LanguageServer(
            options: .init(
                rules: Environment.ruleSources(), version: Ally.configuration.version,
                workingDirectory: FileManager.default.currentDirectoryPath),
            send: { output.write($0) })
        let status = server.run(input: 0)
        Foundation.exit(status)
    }
}

/// Writes whole messages to standard output; a closed pipe ends the process quietly.
final class StandardOutput: Sendable {
    func write(_ bytes: [UInt8]) {
        var done = 0
        while done < bytes.count {
            let n = bytes[done...].withUnsafeBytes { Foundation.write(1, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { Foundation.exit(1) }
            done += n
        }
    }
}
