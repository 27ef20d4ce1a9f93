import AllyCore
import AllyJob
import AllyReport
import AllyWorkspace
import ArgumentParser
import Foundation

/// The `ally` command: an inclusive-language linter for docs, drafts and job postings.
@main
struct Ally: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ally",
        abstract: "Find non-inclusive and performative wording, with reasons and alternatives.",
        discussion: "Run `ally PATH…` to lint files, or pipe text in: `pbpaste | ally`.",
        version: "0.1.0",
        subcommands: [
            Lint.self, Job.self, RulesCommand.self, Explain.self, ConfigCommand.self, Init.self, LSP.self,
            BaselineCommand.self,
            BenchTokenize.self,
        ],
        defaultSubcommand: Lint.self
    )

    /// Usage errors exit with 2, like every other kind of trouble (the parser's default is 64).
    /// A message that could not be written to standard error also makes the status 2.
    static func main() {
        Output.prepare()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error).rawValue == 64 {
                warn("ally: " + fullMessage(for: error))
                Foundation.exit(Status.trouble)
            }
            if Output.lostMessages, error is ExitCode { Foundation.exit(Status.trouble) }
            exit(withError: error)
        }
        if Output.lostMessages { Foundation.exit(Status.trouble) }
    }
}

/// Exit statuses shared by every subcommand.
enum Status {
    static let clean: Int32 = 0
    static let findings: Int32 = 1
    static let trouble: Int32 = 2
}

/// Writes a line to standard error (see `Output.message`).
func warn(_ message: String, terminator: String = "\n") {
    Output.message(message + terminator)
}

/// Writes to standard output, unbuffered; a failed write ends the run (see `Output.report`).
func emit(_ text: String) {
    Output.report(text)
}
