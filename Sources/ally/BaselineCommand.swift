import AllyCore
import AllyWorkspace
import ArgumentParser
import Foundation

/// `ally baseline write`: record today's findings so that `ally --baseline` reports only new ones.
struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Record the findings a repository has today, to adopt ally without fixing everything first.",
        subcommands: [Write.self])

    struct Write: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Lint the paths and write their findings to a baseline file (default .ally-baseline.json).")

        @OptionGroup var options: CommonOptions

        @Option(name: [.short, .long], help: "The baseline file to write.")
        var output = ".ally-baseline.json"

        @Argument(help: "Files or directories to lint.")
        var paths: [String] = []

        func run() throws {
            if paths.isEmpty || paths == ["-"] {
                throw ValidationError("give the files or directories whose findings to record")
            }
            let o = try options.sessionOptions(paths: paths)
            let session = Session(options: o)
            try session.checkCommandLine()
            var entries: [Baseline.Entry] = []
            var trouble = false
            Runner(session: session).run { outcome in
                for p in session.problemsSinceLastCheck() {
                    warn(p.description)
                    trouble = true
                }
                if let problem = outcome.problem {
                    warn("ally: " + problem)
                    if !outcome.isSkip { trouble = true }
                    return
                }
                entries += Baseline.entries(path: outcome.path, findings: outcome.findings, bytes: outcome.bytes)
            }
            // A baseline written from a run that could not read every file would hide nothing for
            // those files and mislead later runs: nothing is written.
            if trouble {
                warn("ally: \(output) not written: some files could not be linted")
                throw ExitCode(Status.trouble)
            }
            do {
                try Data(Baseline(entries: entries).encoded()).write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                warn("ally: \(output): cannot write the baseline (\(error.localizedDescription))")
                throw ExitCode(Status.trouble)
            }
            warn("ally: wrote \(entries.count) finding\(entries.count == 1 ? "" : "s") to \(output)")
        }
    }
}
