/// Runs every rule's and check's own examples: each `flag` text must be flagged by that rule, no
/// `pass` text may be, and each `fix` pair must come out as written.
public struct ExampleRunner {
    let rules: RuleSet
    public init(rules: RuleSet) { self.rules = rules }

    /// A policy that runs everything, job-only checks included.
    static var everything: Policy {
        var p = Policy()
        p.job = true
        p.inlineConfig = false
        return p
    }

    public func run() throws -> [RuleProblem] {
        let linter = try Linter(rules: rules)
        var problems: [RuleProblem] = []
        func findings(_ text: String) -> [Finding] {
            let bytes = Array(text.utf8)
            let format: InputFormat = .text
            return linter.lint(Document.parse(path: "<example>", bytes: bytes, format: format), policy: ExampleRunner.everything, keepOverlaps: true).findings
        }
        for rule in rules.rules {
            for text in rule.examples.flag where !findings(text).contains(where: { $0.ruleID == rule.id }) {
                problems.append(RuleProblem(rule.location, "\(rule.id): flag example is not flagged: \"\(text)\""))
            }
            for text in rule.examples.pass where findings(text).contains(where: { $0.ruleID == rule.id }) {
                problems.append(RuleProblem(rule.location, "\(rule.id): pass example is flagged: \"\(text)\""))
            }
            for pair in rule.examples.fixes {
                let bytes = Array(pair.from.utf8)
                let all = linter.lint(Document.parse(path: "<example>", bytes: bytes, format: .text), policy: ExampleRunner.everything).findings
                let mine = all.filter { $0.ruleID == rule.id }
                let fixed = String(decoding: Fixer.apply(Fixer.selected(mine, unsafe: true), to: bytes), as: UTF8.self)
                if fixed != pair.to {
                    problems.append(RuleProblem(rule.location, "\(rule.id): fix example gives \"\(fixed)\", expected \"\(pair.to)\""))
                }
            }
        }
        for check in rules.checks {
            for text in check.examples.flag where !findings(text).contains(where: { $0.ruleID == check.id }) {
                problems.append(RuleProblem(check.location, "\(check.id): flag example is not flagged: \"\(text.prefix(80))…\""))
            }
            for text in check.examples.pass where findings(text).contains(where: { $0.ruleID == check.id }) {
                problems.append(RuleProblem(check.location, "\(check.id): pass example is flagged: \"\(text.prefix(80))…\""))
            }
        }
        return problems
    }
}
