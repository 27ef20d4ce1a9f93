import AllyCore
import Foundation

/// `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it, with rule help and fixes, encoded
/// from `SARIF`'s types once every file is linted (SARIF's rule table comes before the results).
public struct SARIFReporter: Reporter {
    private var rules: [SARIF.Rule] = []
    private var ruleIndex: [String: Int] = [:]
    private var results: [SARIF.Result] = []
    /// Files that could not be linted and problems with the run: the invocation's notifications.
    private var notifications: [SARIF.Notification] = []
    public var version: String

    public init(version: String) { self.version = version }

    static func uri(_ path: String) -> String {
        var p = path
        if p.hasPrefix("./") { p.removeFirst(2) }
        return p.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? p
    }

    static func level(_ s: Severity) -> String { s == .error ? "error" : s == .warning ? "warning" : "note" }

    static func region(_ r: Range<Int>, _ report: FileReport) -> SARIF.Region {
        let a = report.position(r.lowerBound)
        let b = report.position(r.upperBound)
        return SARIF.Region(startLine: a.line, startColumn: a.column, endLine: b.line, endColumn: b.column)
    }

    public mutating func begin(rules: RuleSet?) -> String { "" }

    public mutating func problem(_ error: RunError) -> String {
        let region = error.location.map { SARIF.Region(startLine: $0.line, startColumn: $0.column) }
        notifications.append(
            SARIF.Notification(
                level: "error", message: SARIF.Text(text: error.message),
                locations: error.location.map {
                    [
                        SARIF.Location(
                            physicalLocation: SARIF.PhysicalLocation(
                                artifactLocation: SARIF.ArtifactLocation(uri: SARIFReporter.uri($0.file)),
                                region: region))
                    ]
                }))
        return ""
    }

    public mutating func file(_ report: FileReport) -> String {
        for e in report.errors {
            let artifact = SARIF.ArtifactLocation(uri: SARIFReporter.uri(report.path))
            notifications.append(
                SARIF.Notification(
                    level: "error", message: SARIF.Text(text: e),
                    locations: [
                        SARIF.Location(
                            physicalLocation: SARIF.PhysicalLocation(artifactLocation: artifact, region: nil))
                    ]))
        }
        for f in report.findings {
            if ruleIndex[f.ruleID] == nil {
                ruleIndex[f.ruleID] = rules.count
                let instead = f.suggestions.joined(separator: ", ")
                rules.append(
                    SARIF.Rule(
                        id: f.ruleID, name: f.ruleID, shortDescription: SARIF.Text(text: f.ruleID),
                        fullDescription: SARIF.Text(text: f.why.isEmpty ? f.ruleID : f.why),
                        help: SARIF.Help(
                            text: f.why + (instead.isEmpty ? "" : " Instead: " + instead + "."),
                            markdown: f.why + (instead.isEmpty ? "" : "\n\n**Instead:** " + instead)),
                        defaultConfiguration: SARIF.Configuration(level: SARIFReporter.level(f.severity)),
                        properties: SARIF.Properties(tags: ["inclusive-language", f.category])))
            }
            let artifact = SARIF.ArtifactLocation(uri: SARIFReporter.uri(report.path))
            let region = f.isMissing ? SARIF.Region(startLine: 1) : SARIFReporter.region(f.range, report)
            let fixes = f.fix.map { fix in
                [
                    SARIF.Fix(
                        description: SARIF.Text(
                            text: "Replace with “\(f.suggestions.first ?? "")” (\(fix.applicability.rawValue) fix)"),
                        artifactChanges: [
                            SARIF.ArtifactChange(
                                artifactLocation: artifact,
                                replacements: fix.edits.map {
                                    SARIF.Replacement(
                                        deletedRegion: SARIFReporter.region($0.range, report),
                                        insertedContent: SARIF.Text(text: $0.replacement))
                                })
                        ])
                ]
            }
            results.append(
                SARIF.Result(
                    ruleId: f.ruleID, ruleIndex: ruleIndex[f.ruleID]!, level: SARIFReporter.level(f.severity),
                    message: SARIF.Text(text: f.messageWithSuggestions),
                    locations: [
                        SARIF.Location(
                            physicalLocation: SARIF.PhysicalLocation(artifactLocation: artifact, region: region))
                    ],
                    fixes: fixes,
                    partialFingerprints: ["allyFingerprint/v1": f.fingerprint(in: report.bytes)]))
        }
        return ""
    }

    public mutating func end(_ summary: Summary) -> String {
        let driver = SARIF.Driver(
            name: "ally", version: version, informationUri: "https://github.com/ally-lint/ally", rules: rules)
        let log = SARIF.Log(
            version: "2.1.0",
            runs: [
                SARIF.Run(
                    tool: SARIF.Tool(driver: driver),
                    invocations: [
                        SARIF.Invocation(
                            executionSuccessful: notifications.isEmpty,
                            toolExecutionNotifications: notifications.isEmpty ? nil : notifications)
                    ],
                    columnKind: "unicodeCodePoints", results: results)
            ])
        return Wire.encode(log) + "\n"
    }
}

/// The part of SARIF 2.1.0 that ally writes.
public enum SARIF {
    struct Log: Encodable {
        let schema = "https://json.schemastore.org/sarif-2.1.0.json"
        var version: String
        var runs: [Run]
        enum CodingKeys: String, CodingKey {
            case schema = "$schema"
            case version
            case runs
        }
    }
    struct Run: Encodable {
        var tool: Tool
        var invocations: [Invocation]
        var columnKind: String
        var results: [Result]
    }
    struct Tool: Encodable { var driver: Driver }
    /// One run of the tool: whether it could do all it was asked, and what went wrong if not.
    struct Invocation: Encodable {
        var executionSuccessful: Bool
        var toolExecutionNotifications: [Notification]?
    }
    struct Notification: Encodable {
        var level: String
        var message: Text
        var locations: [Location]?
    }
    struct Driver: Encodable {
        var name: String
        var version: String
        var informationUri: String
        var rules: [Rule]
    }
    struct Text: Encodable { var text: String }
    struct Help: Encodable {
        var text: String
        var markdown: String
    }
    struct Configuration: Encodable { var level: String }
    struct Properties: Encodable { var tags: [String] }
    struct Rule: Encodable {
        var id: String
        var name: String
        var shortDescription: Text
        var fullDescription: Text
        var help: Help
        var defaultConfiguration: Configuration
        var properties: Properties
    }
    struct Region: Encodable {
        var startLine: Int
        var startColumn: Int?
        var endLine: Int?
        var endColumn: Int?
        init(startLine: Int, startColumn: Int? = nil, endLine: Int? = nil, endColumn: Int? = nil) {
            self.startLine = startLine
            self.startColumn = startColumn
            self.endLine = endLine
            self.endColumn = endColumn
        }
    }
    struct ArtifactLocation: Encodable { var uri: String }
    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region?
    }
    struct Location: Encodable { var physicalLocation: PhysicalLocation }
    struct Replacement: Encodable {
        var deletedRegion: Region
        var insertedContent: Text
    }
    struct ArtifactChange: Encodable {
        var artifactLocation: ArtifactLocation
        var replacements: [Replacement]
    }
    struct Fix: Encodable {
        var description: Text
        var artifactChanges: [ArtifactChange]
    }
    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Text
        var locations: [Location]
        var fixes: [Fix]?
        /// The same fingerprint as ally's baselines: code scanning tracks a result across commits by it.
        var partialFingerprints: [String: String]?
    }
}

/// `--format github`: workflow commands that annotate a pull request's diff.
public struct GitHubReporter: Reporter {
    public init() {}

    static func escapeData(_ s: String) -> String {
        s.replacingAll("%", with: "%25").replacingAll("\r", with: "%0D").replacingAll("\n", with: "%0A")
    }

    static func escapeProperty(_ s: String) -> String {
        escapeData(s).replacingAll(":", with: "%3A").replacingAll(",", with: "%2C")
    }

    public mutating func begin(rules: RuleSet?) -> String { "" }

    public mutating func problem(_ error: RunError) -> String {
        var props = ""
        if let at = error.location {
            props = " file=\(GitHubReporter.escapeProperty(at.file)),line=\(at.line),col=\(at.column)"
        }
        return "::error\(props)::\(GitHubReporter.escapeData(error.message))\n"
    }

    public mutating func file(_ report: FileReport) -> String {
        var out = ""
        for e in report.errors {
            out += "::error file=\(GitHubReporter.escapeProperty(report.path))::\(GitHubReporter.escapeData(e))\n"
        }
        for f in report.findings {
            let command = f.severity == .error ? "error" : f.severity == .warning ? "warning" : "notice"
            var props = "file=\(GitHubReporter.escapeProperty(report.path))"
            if !f.isMissing {
                let p = report.positions(f)
                props += ",line=\(p.start.line),col=\(p.start.column)"
                if p.end.line == p.start.line {
                    props += ",endColumn=\(p.end.column)"
                } else {
                    props += ",endLine=\(p.end.line)"
                }
            }
            props += ",title=\(GitHubReporter.escapeProperty(f.ruleID))"
            let message = f.messageWithSuggestions
            out += "::\(command) \(props)::\(GitHubReporter.escapeData(message))\n"
        }
        return out
    }

    public mutating func end(_ summary: Summary) -> String { "" }
}

/// `--format checkstyle`: the XML many CI dashboards and editors import.
public struct CheckstyleReporter: Reporter {
    public init() {}

    static func xml(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            default:
                // Control characters other than tab are not allowed in XML 1.0.
                if scalar.value < 0x20 && scalar != "\t" { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    public mutating func begin(rules: RuleSet?) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n"
    }

    private var open = false

    public mutating func file(_ report: FileReport) -> String {
        var out = ""
        if !(report.isContinuation && open) {
            if open { out += "  </file>\n" }
            out += "  <file name=\"\(CheckstyleReporter.xml(report.path))\">\n"
            open = true
        }
        for f in report.findings {
            let p = report.positions(f)
            let severity = f.severity == .error ? "error" : f.severity == .warning ? "warning" : "info"
            let message = f.messageWithSuggestions
            out +=
                "    <error line=\"\(f.isMissing ? 1 : p.start.line)\" column=\"\(f.isMissing ? 1 : p.start.column)\" severity=\"\(severity)\" message=\"\(CheckstyleReporter.xml(message))\" source=\"ally.\(CheckstyleReporter.xml(f.ruleID))\"/>\n"
        }
        return out
    }

    public mutating func end(_ summary: Summary) -> String { (open ? "  </file>\n" : "") + "</checkstyle>\n" }
}
