import AllyCore
import Foundation

/// `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it, with rule help and fixes.
public struct SARIFReporter: Reporter {
    private var rules: [String] = []
    private var ruleIndex: [String: Int] = [:]
    private var results: [String] = []
    public var version: String

    public init(version: String) { self.version = version }

    static func uri(_ path: String) -> String {
        var p = path
        if p.hasPrefix("./") { p.removeFirst(2) }
        return p.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? p
    }

    static func level(_ s: Severity) -> String { s == .error ? "error" : s == .warning ? "warning" : "note" }

    static func region(_ r: Range<Int>, _ report: FileReport) -> String {
        let a = report.position(r.lowerBound), b = report.position(r.upperBound)
        return "{\"startLine\": \(a.line), \"startColumn\": \(a.column), \"endLine\": \(b.line), \"endColumn\": \(b.column)}"
    }

    public mutating func begin(rules: RuleSet?) -> String { "" }

    public mutating func file(_ report: FileReport) -> String {
        for f in report.findings {
            if ruleIndex[f.ruleID] == nil {
                ruleIndex[f.ruleID] = rules.count
                let help = f.why + (f.suggestions.isEmpty ? "" : " Instead: " + f.suggestions.joined(separator: ", ") + ".")
                let markdown = f.why + (f.suggestions.isEmpty ? "" : "\n\n**Instead:** " + f.suggestions.joined(separator: ", "))
                rules.append("{\"id\": \(JSON.string(f.ruleID)), \"name\": \(JSON.string(f.ruleID)), \"shortDescription\": {\"text\": \(JSON.string(f.ruleID))}, \"fullDescription\": {\"text\": \(JSON.string(f.why.isEmpty ? f.ruleID : f.why))}, \"help\": {\"text\": \(JSON.string(help)), \"markdown\": \(JSON.string(markdown))}, \"defaultConfiguration\": {\"level\": \(JSON.string(SARIFReporter.level(f.severity)))}, \"properties\": {\"tags\": [\"inclusive-language\", \(JSON.string(f.category))]}}")
            }
            let uri = JSON.string(SARIFReporter.uri(report.path))
            let region = f.isMissing ? "{\"startLine\": 1}" : SARIFReporter.region(f.range, report)
            var result = "{\"ruleId\": \(JSON.string(f.ruleID)), \"ruleIndex\": \(ruleIndex[f.ruleID]!), \"level\": \(JSON.string(SARIFReporter.level(f.severity))), "
            result += "\"message\": {\"text\": \(JSON.string(f.messageWithSuggestions))}, "
            result += "\"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": \(uri)}, \"region\": \(region)}}]"
            if let fix = f.fix {
                let replacements = fix.edits.map { "{\"deletedRegion\": \(SARIFReporter.region($0.range, report)), \"insertedContent\": {\"text\": \(JSON.string($0.replacement))}}" }
                result += ", \"fixes\": [{\"description\": {\"text\": \(JSON.string("Replace with “\(f.suggestions.first ?? "")” (\(fix.applicability.rawValue) fix)"))}, \"artifactChanges\": [{\"artifactLocation\": {\"uri\": \(uri)}, \"replacements\": \(JSON.array(replacements))}]}]"
            }
            results.append(result + "}")
        }
        return ""
    }

    public mutating func end(_ summary: Summary) -> String {
        var out = "{\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\", \"version\": \"2.1.0\",\n \"runs\": [{\"tool\": {\"driver\": {\"name\": \"ally\", \"version\": \(JSON.string(version)), \"informationUri\": \"https://github.com/ally-lint/ally\", \"rules\": [\n  "
        out += rules.joined(separator: ",\n  ")
        out += "]}},\n  \"columnKind\": \"unicodeCodePoints\",\n  \"results\": [\n  "
        out += results.joined(separator: ",\n  ")
        return out + "]}]}\n"
    }
}

/// `--format github`: workflow commands that annotate a pull request's diff.
public struct GitHubReporter: Reporter {
    public init() {}

    static func escapeData(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    static func escapeProperty(_ s: String) -> String {
        escapeData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }

    public mutating func begin(rules: RuleSet?) -> String { "" }

    public mutating func file(_ report: FileReport) -> String {
        var out = ""
        for f in report.findings {
            let command = f.severity == .error ? "error" : f.severity == .warning ? "warning" : "notice"
            var props = "file=\(GitHubReporter.escapeProperty(report.path))"
            if !f.isMissing {
                let p = report.positions(f)
                props += ",line=\(p.start.line),col=\(p.start.column)"
                if p.end.line == p.start.line { props += ",endColumn=\(p.end.column)" } else { props += ",endLine=\(p.end.line)" }
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

    public mutating func begin(rules: RuleSet?) -> String { "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n" }

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
            out += "    <error line=\"\(f.isMissing ? 1 : p.start.line)\" column=\"\(f.isMissing ? 1 : p.start.column)\" severity=\"\(severity)\" message=\"\(CheckstyleReporter.xml(message))\" source=\"ally.\(CheckstyleReporter.xml(f.ruleID))\"/>\n"
        }
        return out
    }

    public mutating func end(_ summary: Summary) -> String { (open ? "  </file>\n" : "") + "</checkstyle>\n" }
}
