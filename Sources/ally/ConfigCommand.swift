import AllyCore
import AllyWorkspace
import ArgumentParser
import Foundation

/// `ally config [PATH]`: the configuration that applies to a path, with where each value was set.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the configuration that applies to a path, and where each value comes from.",
        discussion: """
            The .ally.yml files above the path apply, the nearest last (one with `root: true` stops \
            the search); lists add up, single values and `only` are taken from the nearest file that sets them.
            """)

    @Argument(help: "A file or directory (default: the current directory).")
    var path: String?

    @Option(name: .long, help: "Use this configuration file instead of the .ally.yml files above the path.")
    var config: String?

    @Option(name: .customLong("rules"), help: "A directory of extra rule files (repeatable).")
    var ruleDirectories: [String] = []

    func run() throws {
        var o = SessionOptions()
        o.rules = Environment.ruleSources()
        o.ruleDirectories = ruleDirectories
        if let config {
            guard FileManager.default.fileExists(atPath: config) else {
                throw ValidationError("--config: no such file '\(config)'")
            }
            o.configPath = config
        }
        let session = Session(options: o)
        let target = path ?? "."
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory)
        // A directory's configuration is the one its files get.
        let probe = exists && isDirectory.boolValue ? (target as NSString).appendingPathComponent("-") : target
        let chain = session.configChain(for: probe)
        let resolved = session.resolve(chain: chain)
        var trouble = false
        for p in session.problemsSinceLastCheck() {
            warn(p.description)
            trouble = true
        }
        if !resolved.failed.isEmpty {
            warn(
                "ally: \(resolved.failed.joined(separator: ", ")) \(resolved.failed.count == 1 ? "has" : "have") errors"
            )
            throw ExitCode(Status.trouble)
        }
        let effective = resolved.config ?? Config(directory: FileManager.default.currentDirectoryPath)
        var out =
            chain.isEmpty
            ? "# No configuration file applies to \(target): the defaults.\n"
            : "# Configuration for \(target): \(chain.joined(separator: ", "))\n"
        out += effective.describe()
        if !(exists && isDirectory.boolValue) {
            out +=
                effective.excludedBy(target).map { "# \(target) is not linted: \($0).\n" } ?? "# \(target) is linted.\n"
        }
        emit(out)
        for n in session.notesSinceLastCheck() { warn(n) }
        if trouble { throw ExitCode(Status.trouble) }
    }
}
