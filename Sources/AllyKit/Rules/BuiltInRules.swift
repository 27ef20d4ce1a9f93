import Foundation

/// Where the built-in rule files are: `ALLY_RULES_DIR`, the checkout this binary was built from,
/// or `share/ally/Rules` beside an installed binary.
public enum BuiltInRules {
    public static let directory: String? = {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["ALLY_RULES_DIR"], !env.isEmpty { return env }
        // Sources/AllyKit/Rules/BuiltInRules.swift → the package root.
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Rules").path
        if fm.fileExists(atPath: checkout + "/en") { return checkout }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let installed = executable.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("share/ally/Rules").path
        if fm.fileExists(atPath: installed) { return installed }
        return nil
    }()
}
