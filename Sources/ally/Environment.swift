import AllyWorkspace
import Foundation

/// What the command line takes from its surroundings: where the built-in rules and the rule cache
/// are. The libraries take these as arguments; only the command reads the environment.
enum Environment {
    static let variables = ProcessInfo.processInfo.environment

    /// `ALLY_RULES_DIR`, the checkout this binary was built from, or `share/ally/Rules` beside an
    /// installed binary.
    static let builtInRules: String? = {
        let fm = FileManager.default
        if let env = variables["ALLY_RULES_DIR"], !env.isEmpty { return env }
        // Sources/ally/Environment.swift → the package root.
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Rules").path
        if fm.fileExists(atPath: checkout + "/en") { return checkout }
        let installed = executable.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("share/ally/Rules").path
        if fm.fileExists(atPath: installed) { return installed }
        return nil
    }()

    static let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()

    /// `ALLY_CACHE_DIR`, `$XDG_CACHE_HOME/ally` or `~/.cache/ally`; `ALLY_NO_CACHE` turns caching off.
    static let cacheDirectory: String? = {
        if variables["ALLY_NO_CACHE"] != nil { return nil }
        if let dir = variables["ALLY_CACHE_DIR"], !dir.isEmpty { return dir }
        if let xdg = variables["XDG_CACHE_HOME"], !xdg.isEmpty { return xdg + "/ally" }
        if let home = variables["HOME"], !home.isEmpty { return home + "/.cache/ally" }
        return NSTemporaryDirectory() + "ally-\(getuid())"
    }()

    /// This build of ally, by its executable's size and modification time: a rebuilt binary never
    /// reads a cache written by another build.
    static let build: String = {
        var st = stat()
        guard stat(executable.path, &st) == 0 else { return Ally.configuration.version }
        return "\(Ally.configuration.version)-\(st.st_size)-\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)"
    }()

    /// The rule sources with extra directories from the command line.
    static func ruleSources(extra: [String] = []) -> RuleSources {
        RuleSources(builtIn: builtInRules, extra: extra, cacheDirectory: cacheDirectory, build: build)
    }
}
