import AllyCore
import Foundation

/// What the server tells the editor: diagnostics, hovers and code actions, built from a lint of the
/// document's current version.
enum Features {
    static let rulesPage = "https://github.com/ally-lint/ally/blob/main/Rules/README.md#"

    static func severity(_ s: Severity) -> Int {
        switch s {
        case .error: return 1
        case .warning: return 2
        case .suggestion: return 3
        }
    }

    static func diagnostic(_ f: Finding, range: TextRange) -> JSON {
        [
            "range": range.json,
            "severity": .int(severity(f.severity)),
            "code": .string(f.ruleID),
            "codeDescription": ["href": .string(rulesPage + f.ruleID)],
            "source": "ally",
            "message": .string(f.messageWithSuggestions),
            "data": ["fix": f.fix.map { .string($0.applicability.rawValue) } ?? .null],
        ]
    }

    static func diagnostics(_ outcome: LintOutcome, _ text: TextDocument) -> [JSON] {
        var cursor = PositionCursor()
        var out = outcome.findings.map { f in diagnostic(f, range: cursor.range(f.range, in: text)) }
        var noteCursor = PositionCursor()
        for note in outcome.notes {
            out.append([
                "range": noteCursor.range(note.range, in: text).json, "severity": 2, "source": "ally",
                "message": .string(note.message),
            ])
        }
        return out
    }

    // MARK: Hover

    static func hover(at position: Position, outcome: LintOutcome, document: OpenDocument, markdown: Bool) -> JSON {
        let text = document.text
        let offset = text.offset(position)
        let hits = outcome.findings.filter {
            !$0.isMissing && $0.range.lowerBound <= offset && offset < $0.range.upperBound
        }
        guard !hits.isEmpty else { return .null }
        let parts = hits.map { markdown ? hoverMarkdown($0) : hoverPlain($0) }
        let lo = hits.map(\.range.lowerBound).min()!
        let hi = hits.map(\.range.upperBound).max()!
        return [
            "contents": [
                "kind": markdown ? "markdown" : "plaintext",
                "value": .string(parts.joined(separator: markdown ? "\n\n---\n\n" : "\n\n")),
            ],
            "range": text.range(lo..<hi).json,
        ]
    }

    /// Escapes the characters Markdown would read as markup in plain text.
    static func escaped(_ s: String) -> String {
        var out = ""
        for c in s {
            if "\\`*_[]<>#|".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }

    static func hoverMarkdown(_ f: Finding) -> String {
        var out = "**\(escaped(f.message))**\n\n"
        out += "[`\(f.ruleID)`](\(rulesPage + f.ruleID)) · \(f.category) · \(f.severity.rawValue)"
        if !f.why.isEmpty { out += "\n\n" + escaped(f.why) }
        if !f.suggestions.isEmpty {
            out += "\n\n**Instead:** " + f.suggestions.map(escaped).joined(separator: ", ")
        }
        if let fix = f.fix {
            out +=
                fix.applicability == .safe
                ? "\n\n*Fix available (safe).*" : "\n\n*Fix available (unsafe: check the sentence after applying it).*"
        }
        return out
    }

    static func hoverPlain(_ f: Finding) -> String {
        var out = "\(f.message) [\(f.ruleID), \(f.severity.rawValue)]"
        if !f.why.isEmpty { out += "\n\n" + f.why }
        if !f.suggestions.isEmpty { out += "\n\nInstead: " + f.suggestions.joined(separator: ", ") }
        return out
    }

    // MARK: Code actions

    /// Whether an action kind passes the request's `only` filter (kinds are dot-separated
    /// hierarchies: `source` admits `source.fixAll.ally`).
    static func admits(_ kind: String, only: [String]?) -> Bool {
        guard let only else { return true }
        return only.contains { kind == $0 || kind.hasPrefix($0 + ".") }
    }

    static func workspaceEdit(
        _ edits: [(range: Range<Int>, text: String)], document: OpenDocument, documentChanges: Bool
    ) -> JSON {
        var cursor = PositionCursor()
        let list: [JSON] = edits.sorted { $0.range.lowerBound < $1.range.lowerBound }.map {
            ["range": cursor.range($0.range, in: document.text).json, "newText": .string($0.text)]
        }
        if documentChanges {
            return [
                "documentChanges": [
                    [
                        "textDocument": ["uri": .string(document.uri), "version": .int(document.version)],
                        "edits": .array(list),
                    ]
                ]
            ]
        }
        return ["changes": .object([document.uri: .array(list)])]
    }

    static func codeActions(
        range: TextRange, only: [String]?, outcome: LintOutcome, document: OpenDocument, documentChanges: Bool
    ) -> JSON {
        let text = document.text
        var lo = text.offset(range.start)
        var hi = text.offset(range.end)
        if hi < lo { swap(&lo, &hi) }
        var actions: [JSON] = []
        var cursor = PositionCursor()
        if admits("quickfix", only: only) {
            let here = outcome.findings.filter { f in
                !f.isMissing && f.range.lowerBound <= hi && lo <= f.range.upperBound
            }
            for f in here {
                let diagnostic = diagnostic(f, range: cursor.range(f.range, in: text))
                if let fix = f.fix {
                    let safe = fix.applicability == .safe
                    let main = fix.edits.first { $0.range.overlaps(f.range) } ?? fix.edits.last!
                    let title =
                        "Replace “\(f.match)” with “\(main.replacement)”"
                        + (safe ? "" : " (unsafe fix: check the sentence)")
                    actions.append([
                        "title": .string(title), "kind": "quickfix", "isPreferred": .bool(safe),
                        "diagnostics": [diagnostic],
                        "edit": workspaceEdit(
                            fix.edits.map { ($0.range, $0.replacement) }, document: document,
                            documentChanges: documentChanges),
                    ])
                }
                if let edit = Disable.edit(for: f, in: text, format: outcome.format, path: document.parsePath) {
                    actions.append([
                        "title": .string("Disable \(f.ruleID) on this line"), "kind": "quickfix",
                        "diagnostics": [diagnostic],
                        "edit": workspaceEdit([edit], document: document, documentChanges: documentChanges),
                    ])
                }
            }
        }
        if admits(LanguageServer.fixAllKind, only: only), let result = outcome.result, let relint = outcome.relint,
            result.findings.contains(where: { $0.fix?.applicability == .safe })
        {
            let passes = Fixer.repeatedly(outcome.bytes, result: result, unsafe: false, lint: relint)
            if let edit = minimalEdit(from: outcome.bytes, to: passes.bytes) {
                actions.append([
                    "title": "Apply all safe ally fixes", "kind": .string(LanguageServer.fixAllKind),
                    "edit": workspaceEdit([edit], document: document, documentChanges: documentChanges),
                ])
            }
        }
        return .array(actions)
    }

    /// One edit turning `old` into `new`: the bytes between their common prefix and suffix, widened
    /// to whole characters.
    static func minimalEdit(from old: [UInt8], to new: [UInt8]) -> (range: Range<Int>, text: String)? {
        guard old != new else { return nil }
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        while prefix > 0, prefix < old.count, old[prefix] & 0xC0 == 0x80 { prefix -= 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix,
            old[old.count - 1 - suffix] == new[new.count - 1 - suffix]
        {
            suffix += 1
        }
        while suffix > 0, old.count - suffix < old.count, old[old.count - suffix] & 0xC0 == 0x80 { suffix -= 1 }
        let replacement = String(decoding: new[prefix..<(new.count - suffix)], as: UTF8.self)
        return (prefix..<(old.count - suffix), replacement)
    }
}

/// "Disable RULE on this line": the directive each format's extractor recognises, checked by
/// parsing the edited text, so an action is offered only when it will silence the finding.
enum Disable {
    static func edit(for f: Finding, in text: TextDocument, format: InputFormat, path: String)
        -> (range: Range<Int>, text: String)?
    {
        let bytes = text.bytes
        let line = text.line(of: f.range.lowerBound)
        let content = text.lineContent(line)
        let lineStart = text.lineStarts[line]
        let eol = lineBreak(text, line)
        var leading = lineStart
        while leading < content.upperBound, bytes[leading] == 0x20 || bytes[leading] == 0x09 { leading += 1 }
        let whitespace = String(decoding: bytes[lineStart..<leading], as: UTF8.self)
        var candidates: [(range: Range<Int>, text: String)] = []
        func above(_ directive: String, indented: Bool = true) {
            candidates.append((lineStart..<lineStart, (indented ? whitespace : "") + directive + eol))
        }
        func append(_ directive: String) {
            var end = content.upperBound
            while end > leading, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
            // Before a block comment's closing `*/` or `-->` on this line, to stay inside the comment.
            for closer in ["*/", "-->"] {
                let c = Array(closer.utf8)
                if end - leading >= c.count, Array(bytes[(end - c.count)..<end]) == c {
                    var k = end - c.count
                    while k > leading, bytes[k - 1] == 0x20 { k -= 1 }
                    candidates.append((k..<k, " " + directive))
                    return
                }
            }
            candidates.append((end..<end, " " + directive))
        }
        let rule = f.ruleID
        switch format {
        case .markdown:
            // Inside a paragraph, a comment line of its own would split it: end the line above instead.
            if line > 0, let previous = continuationEnd(of: f, line: line, text: text, format: format, path: path) {
                candidates.append((previous..<previous, " <!-- ally-disable-next-line \(rule) -->"))
            }
            above("<!-- ally-disable-next-line \(rule) -->")
        case .html:
            above("<!-- ally-disable-next-line \(rule) -->")
        case .text:
            append("ally-ignore: \(rule)")
        case .restructuredText:
            above(".. ally-disable-next-line \(rule)")
        case .asciidoc:
            above("// ally-disable-next-line \(rule)", indented: false)
        case .source:
            append("ally-ignore: \(rule)")
            for marker in ["//", "#", "--", ";", "%"] { above("\(marker) ally-disable-next-line \(rule)") }
        }
        return candidates.first { silences($0, f, text: text, format: format, path: path) }
    }

    /// The line break of a line (or of the one before, for the last line), `\n` when there is none.
    static func lineBreak(_ text: TextDocument, _ line: Int) -> String {
        for l in [line, line - 1] where l >= 0 && l + 1 < text.lineCount {
            let content = text.lineContent(l)
            return String(decoding: text.bytes[content.upperBound..<text.lineStarts[l + 1]], as: UTF8.self)
        }
        return "\n"
    }

    /// Where the line above ends (before trailing spaces) when it holds prose of the same block as
    /// the finding: the finding's line continues a paragraph.
    static func continuationEnd(of f: Finding, line: Int, text: TextDocument, format: InputFormat, path: String)
        -> Int?
    {
        let document = Document.parse(path: path, bytes: text.bytes, format: format)
        guard let block = document.prose.first(where: { $0.bytes.contains(f.range.lowerBound) })?.block else {
            return nil
        }
        let previous = text.lineContent(line - 1)
        guard
            document.prose.contains(where: {
                $0.block == block && $0.bytes.overlaps(previous) && $0.bytes.lowerBound < previous.upperBound
            })
        else { return nil }
        var end = previous.upperBound
        while end > previous.lowerBound, text.bytes[end - 1] == 0x20 || text.bytes[end - 1] == 0x09 { end -= 1 }
        // A backslash hard break must stay last on its line.
        if end > previous.lowerBound, text.bytes[end - 1] == 0x5C { return nil }
        return end
    }

    /// Whether applying an edit makes the extractor see a directive naming the rule on the
    /// finding's line (as `Directives` matches them: by `\n`-counted lines).
    static func silences(
        _ edit: (range: Range<Int>, text: String), _ f: Finding, text: TextDocument, format: InputFormat, path: String
    ) -> Bool {
        var bytes = text.bytes
        let inserted = Array(edit.text.utf8)
        bytes.replaceSubrange(edit.range, with: inserted)
        let start =
            f.range.lowerBound >= edit.range.upperBound
            ? f.range.lowerBound + inserted.count - edit.range.count
            : f.range.lowerBound
        let document = Document.parse(path: path, bytes: bytes, format: format)
        let lines = LineIndex(bytes)
        let line = lines.line(start)
        return document.directives.contains { d in
            guard d.targets.contains(f.ruleID) else { return false }
            switch d.kind {
            case .ignoreLine: return lines.line(d.bytes.lowerBound) == line
            case .disableNextLine: return lines.line(max(d.bytes.lowerBound, d.bytes.upperBound - 1)) + 1 == line
            default: return false
            }
        }
    }
}
