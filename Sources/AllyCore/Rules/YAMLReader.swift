import Yams

/// Reads YAML into nodes and checked values, collecting each problem with its file, line and column.
public struct YAMLReader {
    public let file: String
    public var problems: [RuleProblem] = []

    public init(file: String) { self.file = file }

    public func location(_ node: Node?) -> SourceLocation {
        SourceLocation(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1)
    }

    public mutating func problem(_ node: Node?, _ message: String) {
        problems.append(RuleProblem(location(node), message))
    }

    /// Parses text into a root node; aliases are refused (rule files never need them, and they are
    /// the way to build an exponentially large document from a small one).
    public mutating func root(_ text: String) -> Node? {
        if let line = YAMLReader.tooDeep(text) {
            problems.append(
                RuleProblem(
                    SourceLocation(file: file, line: line, column: 1),
                    "YAML nested deeper than \(YAMLReader.maxDepth) levels"))
            return nil
        }
        if let line = YAMLReader.anchorOrAlias(text) {
            // Checked on the text: the composer would expand an alias bomb before we could see it.
            problems.append(
                RuleProblem(
                    SourceLocation(file: file, line: line, column: 1),
                    "YAML aliases are not supported in ally files (anchor or alias here)"))
            return nil
        }
        do {
            // The basic resolver skips Yams's regular-expression tag guessing on every scalar: every value
            // here is read as text and converted where a number is expected.
            return try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            problems.append(YAMLReader.convert(error, file: file))
            return nil
        } catch {
            problems.append(RuleProblem(SourceLocation(file: file, line: 1, column: 1), "\(error)"))
            return nil
        }
    }

    /// The line of the first YAML anchor (`&name`) or alias (`*name`) outside quotes and comments:
    /// one that starts a value (after `: `, `- `, `[`, `{` or `,`) and is followed by a name.
    static func anchorOrAlias(_ text: String) -> Int? {
        var line = 1
        var quote: UInt8 = 0
        var previous: UInt8 = 0x0A
        var lastNonSpace: UInt8 = 0x0A
        var bytes = Array(text.utf8)
        bytes.append(0x0A)
        for (i, b) in bytes.enumerated() {
            defer {
                previous = b
                if b != 0x20 && b != 0x09 { lastNonSpace = b }
            }
            if b == 0x0A {
                line += 1
                quote = 0
                lastNonSpace = 0x0A
                continue
            }
            if quote != 0 {
                if b == quote { quote = 0 }
                continue
            }
            if b == 0x22 || b == 0x27,
                previous == 0x20 || previous == 0x5B || previous == 0x7B || previous == 0x2C || previous == 0x3A
                    || previous == 0x0A
            {
                quote = b
                continue
            }
            if b == 0x23, previous == 0x20 || previous == 0x0A {
                quote = 0x0A
                continue
            }
            guard b == 0x26 || b == 0x2A, i + 1 < bytes.count else { continue }
            let next = bytes[i + 1]
            let startsValue =
                [0x3A, 0x2D, 0x5B, 0x7B, 0x2C, 0x0A].contains(lastNonSpace)
                && (previous == 0x20 || previous == 0x5B || previous == 0x7B || previous == 0x2C || previous == 0x0A)
            if startsValue, next != 0x20, next != 0x0A, next != 0x2C, next != 0x5D, next != 0x7D { return line }
        }
        return nil
    }

    /// Deepest nesting accepted; ally's files need a handful of levels, and the YAML composer recurses.
    static let maxDepth = 64

    /// The line where flow brackets or indentation go deeper than `maxDepth`, if any.
    static func tooDeep(_ text: String) -> Int? {
        var depth = 0
        var line = 1
        var quote: UInt8 = 0
        var atLineStart = true
        var indent = 0
        for b in text.utf8 {
            if b == 0x0A {
                // Quotes and comments are tracked within a line: an approximation that can only undercount.
                line += 1
                atLineStart = true
                indent = 0
                quote = 0
                continue
            }
            if atLineStart {
                if b == 0x20 || b == 0x2D {
                    indent += 1
                    if indent > 2 * maxDepth + 8 { return line }
                    continue
                }
                atLineStart = false
            }
            if quote != 0 {
                if b == quote { quote = 0 }
                continue
            }
            switch b {
            case 0x22, 0x27: quote = b
            case 0x5B, 0x7B:
                depth += 1
                if depth > maxDepth { return line }
            case 0x5D, 0x7D: depth = max(0, depth - 1)
            case 0x23: quote = 0x0A  // a comment runs to the end of the line
            default: break
            }
        }
        return nil
    }

    public static func convert(_ error: YamlError, file: String) -> RuleProblem {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return RuleProblem(
                SourceLocation(file: file, line: mark.line, column: mark.column), "invalid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return RuleProblem(
                SourceLocation(file: file, line: context.mark.line, column: context.mark.column),
                "duplicate key \(duplicates.joined(separator: ", "))")
        case .reader(let problem, _, _, _):
            return RuleProblem(SourceLocation(file: file, line: 1, column: 1), "unreadable YAML: \(problem)")
        default:
            return RuleProblem(SourceLocation(file: file, line: 1, column: 1), "invalid YAML: \(error)")
        }
    }

    /// The pairs of a mapping with string keys; reports keys outside `allowed`.
    public mutating func mapping(_ node: Node?, allowed: Set<String>, what: String) -> [String: Node]? {
        guard let node else { return nil }
        guard case .mapping(let m) = node else {
            problem(node, "\(what) must be a mapping")
            return nil
        }
        var out: [String: Node] = [:]
        for (k, v) in m {
            guard let key = k.string else {
                problem(k, "keys must be strings")
                continue
            }
            if !allowed.contains(key) {
                problem(
                    k,
                    "unknown field '\(key)' in \(what) (expected one of: \(allowed.sorted().joined(separator: ", ")))")
                continue
            }
            if out[key] != nil { problem(k, "duplicate field '\(key)'") }
            out[key] = v
        }
        return out
    }

    public mutating func string(_ node: Node?, _ what: String) -> String? {
        guard let node else { return nil }
        guard case .scalar(let s) = node else {
            problem(node, "\(what) must be text")
            return nil
        }
        return s.string
    }

    public mutating func int(_ node: Node?, _ what: String) -> Int? {
        guard let node else { return nil }
        guard let text = node.string, let value = Int(text) else {
            problem(node, "\(what) must be a whole number")
            return nil
        }
        return value
    }

    /// A list of strings; a single string is accepted as a list of one.
    public mutating func strings(_ node: Node?, _ what: String) -> [String]? {
        guard let node else { return nil }
        switch node {
        case .scalar(let s): return [s.string]
        case .sequence(let seq):
            var out: [String] = []
            for item in seq {
                guard case .scalar(let s) = item else {
                    problem(item, "each entry of \(what) must be text")
                    continue
                }
                out.append(s.string)
            }
            return out
        default:
            problem(node, "\(what) must be a list of texts")
            return nil
        }
    }

    public mutating func sequence(_ node: Node?, _ what: String) -> [Node]? {
        guard let node else { return nil }
        guard case .sequence(let seq) = node else {
            problem(node, "\(what) must be a list")
            return nil
        }
        return Array(seq)
    }
}
