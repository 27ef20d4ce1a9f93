import AllyCore

/// Runs every rule's and check's own examples: each `flag` text must be flagged by that rule (on
/// exactly the words marked `[[…]]`, when marked), no `pass` text may be, and each `fix` pair must
/// come out as written.
public struct ExampleRunner {
    let rules: RuleSet
    /// Only the rules and checks defined in this file, when set.
    let file: String?

    public init(rules: RuleSet, file: String? = nil) {
        self.rules = rules
        self.file = file
    }

    /// A flag example without its `[[…]]` marks, and the byte ranges the marks enclosed.
    public static func unmarked(_ example: String) -> (text: String, spans: [Range<Int>]) {
        guard example.contains("[[") else { return (example, []) }
        var bytes: [UInt8] = []
        var spans: [Range<Int>] = []
        let source = Array(example.utf8)
        var i = 0
        var open: Int?
        while i < source.count {
            if i + 1 < source.count, source[i] == 0x5B, source[i + 1] == 0x5B, open == nil {
                open = bytes.count
                i += 2
            } else if i + 1 < source.count, source[i] == 0x5D, source[i + 1] == 0x5D, let start = open {
                spans.append(start..<bytes.count)
                open = nil
                i += 2
            } else {
                bytes.append(source[i])
                i += 1
            }
        }
        return (String(decoding: bytes, as: UTF8.self), spans)
    }

    /// A policy that runs everything, job-only checks included.
    static var everything: Policy {
        var p = Policy()
        p.job = true
        p.inlineConfig = false
        return p
    }

    /// Whether a rule with a fix must show it in a `fix` example.
    public var requireFixExamples = false

    public func run() throws -> [RuleProblem] {
        let linter = try Linter(rules: rules)
        var problems: [RuleProblem] = []
        func findings(_ text: String) -> [Finding] {
            let bytes = Array(text.utf8)
            let format: InputFormat = .text
            return linter.lint(
                Document.parse(path: "<example>", bytes: bytes, format: format), policy: ExampleRunner.everything,
                keepOverlaps: true
            ).findings
        }
        for rule in rules.rules where file == nil || rule.location.file == file {
            for example in rule.examples.flag {
                let (text, spans) = ExampleRunner.unmarked(example)
                let mine = findings(text).filter { $0.ruleID == rule.id }
                if mine.isEmpty {
                    problems.append(RuleProblem(rule.location, "\(rule.id): flag example is not flagged: \"\(text)\""))
                    continue
                }
                let bytes = Array(text.utf8)
                for span in spans where !mine.contains(where: { $0.range == span }) {
                    let found = mine.map { "[[" + String(decoding: bytes[$0.range], as: UTF8.self) + "]]" }
                    problems.append(
                        RuleProblem(
                            rule.location,
                            "\(rule.id): flag example should match "
                                + "[[\(String(decoding: bytes[span], as: UTF8.self))]] but matched \(found.joined(separator: ", ")): \"\(example)\""
                        ))
                }
            }
            for text in rule.examples.pass where findings(text).contains(where: { $0.ruleID == rule.id }) {
                problems.append(RuleProblem(rule.location, "\(rule.id): pass example is flagged: \"\(text)\""))
            }
            if rule.fix != nil, rule.examples.fixes.isEmpty, requireFixExamples {
                problems.append(RuleProblem(rule.location, "\(rule.id): a rule with a fix needs a 'fix' example"))
            }
            for pair in rule.examples.fixes {
                let bytes = Array(pair.from.utf8)
                let all = linter.lint(
                    Document.parse(path: "<example>", bytes: bytes, format: .text), policy: ExampleRunner.everything
                ).findings
                let mine = all.filter { $0.ruleID == rule.id }
                let fixed = String(decoding: Fixer.apply(Fixer.selected(mine, unsafe: true), to: bytes), as: UTF8.self)
                if fixed != pair.to {
                    problems.append(
                        RuleProblem(
                            rule.location, "\(rule.id): fix example gives \"\(fixed)\", expected \"\(pair.to)\""))
                }
            }
        }
        for check in rules.checks where file == nil || check.location.file == file {
            for text in check.examples.flag where !findings(text).contains(where: { $0.ruleID == check.id }) {
                problems.append(
                    RuleProblem(check.location, "\(check.id): flag example is not flagged: \"\(text.prefix(80))…\""))
            }
            for text in check.examples.pass where findings(text).contains(where: { $0.ruleID == check.id }) {
                problems.append(
                    RuleProblem(check.location, "\(check.id): pass example is flagged: \"\(text.prefix(80))…\""))
            }
        }
        return problems
    }
}
