// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ally",
    products: [
        .library(name: "AllyKit", targets: ["AllyKit"]),
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
            name: "AllyKit",
            dependencies: ["CAllyICU", "CCmarkGFM", "CLibXML2", .product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "ally",
            dependencies: ["AllyKit", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // libFuzzer targets; Scripts/fuzz builds them with the fuzzer and address sanitizers.
        .executableTarget(name: "ally-fuzz", dependencies: ["AllyKit"], path: "Sources/AllyFuzz"),
        .testTarget(name: "AllyKitTests", dependencies: ["AllyKit"]),
    ],
    swiftLanguageModes: [.v5]
)
