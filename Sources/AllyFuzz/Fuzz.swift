// libFuzzer entry points for ally (see Scripts/fuzz), built with -DFUZZING and the fuzzer
// sanitizer; a plain build gets a stub.
#if FUZZING
    import AllyCore
    import AllyTestSupport
    import AllyWorkspace
    import AllyReport
    import AllyJob
    import Foundation

    /// Which stage to fuzz, from ALLY_FUZZ_TARGET: tokenizer, markdown, html, rst, asciidoc, source, matcher, fixer.
    let target = ProcessInfo.processInfo.environment["ALLY_FUZZ_TARGET"] ?? "matcher"
    // libFuzzer hands inputs over one at a time on one thread, so these globals are never shared.
    nonisolated(unsafe) let linter: Linter = {
        let rulesDirectory = ProcessInfo.processInfo.environment["ALLY_RULES_DIR"]
        guard let rules = RuleCatalog(sources: RuleSources(builtIn: rulesDirectory)).ruleSet(language: "en") else {
            fatalError("no built-in English rules (set ALLY_RULES_DIR)")
        }
        return try! Linter(rules: rules)
    }()
    nonisolated(unsafe) let breaker = try! Breaker(locale: "en")
    /// One file name per comment syntax the source extractor knows.
    let sourcePaths = [
        "f.swift", "f.c", "f.cpp", "f.cs", "f.java", "f.kt", "f.go", "f.rs", "f.js", "f.dart", "f.php", "f.py", "f.rb",
        "f.sh", "f.pl", "f.r", "f.yml", "f.toml", "f.conf", "f.ini", "f.sql", "f.lua", "f.hs", "f.xml", "f.vue",
        "Makefile",
        "Dockerfile",
    ]

    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
        let bytes = Array(UnsafeBufferPointer(start: data, count: size))
        guard Document.firstInvalidUTF8(bytes) == nil, !bytes.contains(0) else { return 0 }
        var problem: String?
        switch target {
        case "tokenizer":
            let document = Document.parse(path: "fuzz", bytes: bytes, format: .text)
            _ = TokenizeOnly.count(document, breaker: breaker)
            problem = Invariants.prose(document)
        case "markdown":
            problem = Invariants.prose(Document.parse(path: "fuzz", bytes: bytes, format: .markdown))
        case "html":
            problem = Invariants.prose(Document.parse(path: "fuzz", bytes: bytes, format: .html))
        case "rst":
            problem = Invariants.prose(Document.parse(path: "fuzz.rst", bytes: bytes, format: .restructuredText))
        case "asciidoc":
            problem = Invariants.prose(Document.parse(path: "fuzz.adoc", bytes: bytes, format: .asciidoc))
        case "source":
            // The first byte picks the comment syntax (through the file name): one parse per input keeps
            // executions fast, and libFuzzer learns which byte reaches which lexer.
            let path = sourcePaths[Int(bytes.first ?? 0) % sourcePaths.count]
            // First bytes with the high bit set read identifiers too, so their blocks meet the same invariants.
            let identifiers = (bytes.first ?? 0) & 0x80 != 0
            problem = Invariants.prose(
                Document.parse(path: path, bytes: bytes, format: .source, identifiers: identifiers)
            ).map { "\(path): \($0)" }
        case "matcher":
            for format in [InputFormat.text, .markdown] {
                let document = Document.parse(path: "fuzz", bytes: bytes, format: format)
                problem = problem ?? Invariants.findings(linter.lint(document).findings, in: bytes)
            }
        case "fixer":
            problem =
                Invariants.check(bytes, format: .markdown, linter: linter)
                ?? Invariants.check(bytes, format: .text, linter: linter)
        default:
            fatalError("unknown ALLY_FUZZ_TARGET \(target)")
        }
        if let problem { fatalError("invariant broken (\(target)): \(problem)") }
        return 0
    }

    @_silgen_name("LLVMFuzzerRunDriver")
    func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<Int32>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32
    ) -> Int32

    /// SwiftPM names an executable's entry point after its module; hand it to libFuzzer's driver.
    @_cdecl("ally_fuzz_main")
    func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
        // Compile the rules before the first input: libFuzzer's per-input timeout would count it.
        if target == "matcher" || target == "fixer" { _ = linter.rules }
        _ = breaker
        var count = argc
        var values = argv
        return LLVMFuzzerRunDriver(&count, &values) { data, size in fuzz(data, size) }
    }
#else
    /// Without libFuzzer there is nothing to run.
    @main
    enum FuzzStub {
        static func main() { print("ally-fuzz is built by Scripts/fuzz with libFuzzer; see Scripts/fuzz --help") }
    }
#endif
