// swift-tools-version:6.0
import PackageDescription

// The pipeline's layers are targets, so the compiler keeps them apart:
//   AllyCore (extract → tokenize → match → judge → fix) ← AllyReport ← AllyJob
//   AllyCore ← AllyWorkspace (rule catalog, configuration, files)
//   AllyCore, AllyWorkspace, AllyReport ← AllyLanguageServer (`ally lsp`)
//   the `ally` command sits on all of them; AllyTestSupport serves the tests and the fuzzers.
// Compiling a language's ~130,000 pattern forms takes 6 s unoptimised and under 1 s optimised, and the
// limits tests push 100 MB through the reader; the suite runs the command hundreds of times, so debug
// builds optimise ally's own code too (the tests still build with -enable-testing).
let optimisedInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "ally",
    products: [
        .library(name: "AllyCore", targets: ["AllyCore"]),
        .library(name: "AllyWorkspace", targets: ["AllyWorkspace"]),
        .library(name: "AllyReport", targets: ["AllyReport"]),
        .library(name: "AllyJob", targets: ["AllyJob"]),
        .executable(name: "ally", targets: ["ally"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // ICU stays behind a C header that uses only <stdint.h> types: Foundation ships its own ICU headers.
        .target(name: "CAllyICU", linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icudata")]),
        .systemLibrary(name: "CCmarkGFM", providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .target(
            name: "AllyCore",
            dependencies: ["CAllyICU", "CCmarkGFM", "CLibXML2", .product(name: "Yams", package: "Yams")],
            // The engine's buffers are reused per block; dynamic exclusivity checks on them cost a few
            // percent of lint time, and the debug builds (which the tests run) keep them.
            swiftSettings: optimisedInDebug + [
                .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))
            ]
        ),
        .target(name: "AllyWorkspace", dependencies: ["AllyCore"], swiftSettings: optimisedInDebug),
        .target(name: "AllyReport", dependencies: ["AllyCore"], swiftSettings: optimisedInDebug),
        .target(name: "AllyJob", dependencies: ["AllyCore", "AllyReport"], swiftSettings: optimisedInDebug),
        .target(name: "AllyTestSupport", dependencies: ["AllyCore"]),
        // `ally lsp`: the Language Server Protocol over standard input and output (Foundation only).
        .target(
            name: "AllyLanguageServer", dependencies: ["AllyCore", "AllyWorkspace", "AllyReport"],
            swiftSettings: optimisedInDebug),
        .executableTarget(
            name: "ally",
            dependencies: [
                "AllyCore", "AllyWorkspace", "AllyReport", "AllyJob", "AllyTestSupport", "AllyLanguageServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: optimisedInDebug
        ),
        // libFuzzer targets; Scripts/fuzz builds them with the fuzzer and address sanitizers.
        .executableTarget(
            name: "ally-fuzz", dependencies: ["AllyCore", "AllyWorkspace", "AllyTestSupport"], path: "Sources/AllyFuzz"),
        .testTarget(
            name: "AllyTests",
            dependencies: [
                "AllyCore", "AllyWorkspace", "AllyReport", "AllyJob", "AllyTestSupport", "AllyLanguageServer",
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
