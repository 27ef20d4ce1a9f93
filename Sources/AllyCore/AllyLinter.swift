import Foundation

/// The engine's one entry point: text and format in, findings (and fixed text) out.
///
/// ```swift
/// let rules = try RuleSet(yaml: String(contentsOfFile: "my-rules.yml"), language: "en")
/// let linter = try AllyLinter(rules: rules)
/// for finding in linter.lint("Hey guys, update the whitelist.", format: .markdown).findings {
///     print(finding.ruleID, finding.match, finding.suggestions)
/// }
/// ```
///
/// `AllyWorkspace.RuleCatalog` compiles the built-in rules. A linter keeps buffers between calls:
/// use one per thread; the rule set itself is shared.
public final class AllyLinter {
    public let rules: RuleSet
    private let linter: Linter

    public init(rules: RuleSet) throws {
        self.rules = rules
        linter = try Linter(rules: rules)
    }

    /// Lints a text; `path` is only used in messages and to recognise commit messages.
    public func lint(
        _ text: String, format: InputFormat = .text, path: String = "<text>",
        policy: Policy = Policy()
    ) -> LintResult {
        lint(bytes: Array(text.utf8), format: format, path: path, policy: policy)
    }

    /// Lints UTF-8 bytes (finding ranges are byte offsets into them).
    public func lint(
        bytes: [UInt8], format: InputFormat = .text, path: String = "<text>",
        policy: Policy = Policy()
    ) -> LintResult {
        linter.lint(
            Document.parse(path: path, bytes: bytes, format: format, identifiers: policy.identifiers), policy: policy)
    }

    /// The text with fixes applied until none is left (safe ones, or unsafe ones too).
    public func fixed(
        _ text: String, format: InputFormat = .text, path: String = "<text>", policy: Policy = Policy(),
        unsafe: Bool = false
    ) -> String {
        let bytes = Array(text.utf8)
        let first = lint(bytes: bytes, format: format, path: path, policy: policy)
        let passes = Fixer.repeatedly(bytes, result: first, unsafe: unsafe) {
            self.lint(bytes: $0, format: format, path: path, policy: policy)
        }
        return String(decoding: passes.bytes, as: UTF8.self)
    }
}

extension RuleSet {
    /// Compiles rules written as YAML (one rule file's text); categories may be declared in it.
    /// Throws `AllyError.rules` with every problem, positioned in `file`.
    public convenience init(yaml: String, language: String, file: String = "<rules>", categories: [Category] = [])
        throws
    {
        var loader = RuleLoader(categories: categories)
        loader.load(text: yaml, file: file, language: language)
        guard loader.problems.isEmpty, let pack = loader.packs[language] else {
            throw AllyError.rules(
                loader.problems.isEmpty
                    ? [RuleProblem(SourceLocation(file: file, line: 1, column: 1), "no rules for '\(language)'")]
                    : loader.problems)
        }
        try self.init(pack: pack)
        if !problems.isEmpty { throw AllyError.rules(problems) }
    }
}
