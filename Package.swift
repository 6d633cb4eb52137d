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
        dependencies: ["CLibXML2", "CZlib"]
        // No unsafe flags: the library is a product other packages can depend on. The parse
        // session's state, which the SAX callbacks touch millions of times, is marked
        // `@exclusivity(unchecked)` instead (the session is confined to one thread and never
        // re-entered); dynamic checks on it cost ~8% of a parse (scripts/bench-parse).
    ),
    // Rollout stages and test scopes: the stages file, torch-spyre's test configs, populations and
    // exclusions (Yams). No database and no network code.
    .target(
        name: "HudrelayScope",
        dependencies: ["HudrelayJUnit", .product(name: "Yams", package: "Yams")]
    ),
    // The scorecard's definitions: outages, recovery, cycle time and HUD's L3 gates, computed from
    // jobs' times and conclusions. No database and no network code.
    .target(name: "HudrelayScorecard"),
    // All SQL: migrations, the upload queue, bulk loads, reads. No HTTP.
    .target(
        name: "HudrelayStore",
        dependencies: [
            "HudrelayJUnit",
            "HudrelayScope",
            "HudrelayScorecard",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ],
        swiftSettings: [
            // The row encoder runs once per result on the parser's thread, confined to it; dynamic
            // exclusivity checks were 6% of a worker's time (scripts/bench-ingest).
            .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))
        ]
    ),
    // Flakiness reports: the rule, statistics, and the formats people and tools read.
    .target(
        name: "HudrelayFlaky",
        dependencies: ["HudrelayStore", "HudrelayHUD"]
    ),
    // PyTorch HUD's formats: Python-compatible JSON, in-tree rows, relay callbacks. No database.
    .target(
        name: "HudrelayHUD",
        dependencies: [
            "HudrelayJUnit", "CLibXML2", "CZlib",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]
    ),
    // The API's contract (openapi.yaml) and the server and client code generated from it.
    .target(
        name: "HudrelayAPI",
        dependencies: [
            .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")
        ],
        plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
    ),
    // The HTTP API, the workers and the embedded database, as services in one group.
    .target(
        name: "HudrelayServer",
        dependencies: [
            "HudrelayAPI",
            .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
            "HudrelayJUnit",
            "HudrelayStore",
            "HudrelayFlaky",
            "HudrelayHUD",
            "HudrelayScope",
            "HudrelayScorecard",
            "CZlib",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "MultipartKit", package: "multipart-kit"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]
    ),
    // The subcommands of the `hudrelay` executable.
    .target(
        name: "HudrelayCLI",
        dependencies: [
            "HudrelayJUnit",
            "HudrelayStore",
            "HudrelayFlaky",
            "HudrelayHUD",
            "HudrelayServer",
            "HudrelayAPI",
            "HudrelayScope",
            "HudrelayScorecard",
            "CZlib",
            .product(name: "OpenAPIAsyncHTTPClient", package: "swift-openapi-async-http-client"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Configuration", package: "swift-configuration"),
            .product(name: "Logging", package: "swift-log"),
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
        name: "HudrelayScopeTests",
        dependencies: ["HudrelayScope", "HudrelayJUnit"]
    ),
    .testTarget(
        name: "HudrelayScorecardTests",
        dependencies: ["HudrelayScorecard"]
    ),
    .testTarget(
        name: "HudrelayHUDTests",
        dependencies: ["HudrelayHUD", "HudrelayJUnit", "HudrelayStore"]
    ),
    .testTarget(
        name: "HudrelayCLITests",
        dependencies: ["HudrelayCLI", "HudrelayAPI", "HudrelayStore", "hudrelay"]
    ),
    .testTarget(
        name: "HudrelayServerTests",
        dependencies: [
            "HudrelayServer", "HudrelayStore", "HudrelayFlaky", "HudrelayJUnit", "HudrelayHUD", "HudrelayAPI",
            "HudrelayScope", "HudrelayScorecard", "hudrelay",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ],
        // Read from the source tree (the pytest module and plugin that FlakyHistory runs).
        exclude: ["Fixtures"]
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
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "hudrelay", targets: ["hudrelay"]),
        .library(name: "HudrelayJUnit", targets: ["HudrelayJUnit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Settings from flags, the environment and a YAML file (Sources/HudrelayCLI/Configuration).
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0", traits: [.defaults, "YAML"]),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        // The API's server and client code, generated from openapi.yaml at build time.
        .package(url: "https://github.com/apple/swift-openapi-generator", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird", from: "2.1.0"),
        .package(url: "https://github.com/swift-server/swift-openapi-async-http-client", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // The tests read openapi.yaml (swift-configuration's YAML files use it too).
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: targets,
    swiftLanguageModes: [.v6]
)
