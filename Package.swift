// swift-tools-version:6.1
import Foundation
import PackageDescription

/// The libFuzzer target is only part of the package when `HUDRELAY_FUZZ=1`, because it has no `main`
/// and only links with `-sanitize=fuzzer` (see `scripts/fuzz-parser`).
let fuzzing = ProcessInfo.processInfo.environment["HUDRELAY_FUZZ"] == "1"

var targets: [Target] = [
    .systemLibrary(
        name: "CLibXML2",
        pkgConfig: "libxml-2.0",
        providers: [.apt(["libxml2-dev"])]
    ),
    .systemLibrary(
        name: "CZlib",
        pkgConfig: "zlib",
        providers: [.apt(["zlib1g-dev"])]
    ),
    // The streaming JUnit XML parser: no database and no network code.
    .target(
        name: "HudrelayJUnit",
        dependencies: ["CLibXML2", "CZlib"],
        swiftSettings: [
            // The SAX callbacks touch the parse session's state millions of times; dynamic
            // exclusivity checks on it cost ~8% of a parse (scripts/bench-parse). The session is
            // confined to one thread and never re-entered.
            .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))
        ]
    ),
    // The subcommands of the `hudrelay` executable.
    .target(
        name: "HudrelayCLI",
        dependencies: [
            "HudrelayJUnit",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]
    ),
    .executableTarget(
        name: "hudrelay",
        dependencies: ["HudrelayCLI"]
    ),
    .testTarget(
        name: "HudrelayJUnitTests",
        dependencies: ["HudrelayJUnit"],
        resources: [.copy("Fixtures")]
    ),
    .testTarget(
        name: "HudrelayCLITests",
        dependencies: ["HudrelayCLI", "hudrelay"]
    ),
]

if fuzzing {
    targets.append(
        .executableTarget(
            name: "ParserFuzz",
            dependencies: ["HudrelayJUnit"],
            path: "Fuzz/ParserFuzz",
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    )
}

let package = Package(
    name: "hudrelay",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "hudrelay", targets: ["hudrelay"]),
        .library(name: "HudrelayJUnit", targets: ["HudrelayJUnit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: targets,
    swiftLanguageModes: [.v6]
)
