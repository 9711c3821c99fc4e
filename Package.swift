// swift-tools-version:6.1
import PackageDescription

/// One target per pipeline stage (see DESIGN.md §1); dependencies point one way:
/// CLI → Exporters → Reporting, CLI → Ingest; both → TicketStore → Config → HelpdeskAPI.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "ticketreport",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ticketreport", targets: ["ticketreport"]),
        .executable(name: "helpdesk-sim", targets: ["helpdesk-sim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // Already in the graph (AsyncHTTPClient's TLS stack uses it): HMAC for keyed pseudonyms.
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        .target(
            name: "HelpdeskAPI",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings),
        .target(
            name: "Config",
            dependencies: [
                "HelpdeskAPI",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings),
        .target(
            name: "TicketStore",
            dependencies: [
                "HelpdeskAPI", "Config",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings),
        .target(
            name: "Ingest",
            dependencies: [
                "HelpdeskAPI", "Config", "TicketStore",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings),
        .target(
            name: "Reporting",
            dependencies: [
                "TicketStore", "Config", "HelpdeskAPI",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
            ],
            // Compiled in (Generated/EmbeddedResources.swift, scripts/embed-resources.sh), not bundled.
            exclude: ["Reports"],
            swiftSettings: strictSettings),
        .systemLibrary(
            name: "CXLSXWriter",
            providers: [.apt(["libxlsxwriter-dev"])]),
        .target(
            name: "Exporters",
            dependencies: [
                "Reporting", "Config", "HelpdeskAPI", "CXLSXWriter",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // Compiled in (Generated/EmbeddedTemplates.swift, scripts/embed-resources.sh), not bundled.
            exclude: ["Templates"],
            swiftSettings: strictSettings),
        .target(
            name: "HelpdeskSimulator",
            dependencies: [
                "HelpdeskAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings),
        .executableTarget(
            name: "ticketreport",
            dependencies: [
                "HelpdeskAPI", "Config", "TicketStore", "Ingest", "Reporting", "Exporters", "HelpdeskSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings,
            plugins: ["BuildCommit"]),
        // `ticketreport --version` names the git commit it was built from.
        .plugin(name: "BuildCommit", capability: .buildTool()),
        .executableTarget(
            name: "helpdesk-sim",
            dependencies: [
                "HelpdeskSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings),
        .executableTarget(
            name: "ticketreport-bench",
            dependencies: [
                "HelpdeskAPI", "Config", "TicketStore", "Ingest", "HelpdeskSimulator", "Exporters", "Reporting",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/ticketreport-bench",
            swiftSettings: strictSettings),
        .target(
            name: "TestSupport",
            dependencies: [
                "HelpdeskAPI", "TicketStore", "HelpdeskSimulator",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: strictSettings),
        // Each test target names every module it imports, so a change to one rebuilds it.
        .testTarget(name: "HelpdeskAPITests", dependencies: ["HelpdeskAPI", "TestSupport"]),
        .testTarget(name: "ConfigTests", dependencies: ["Config", "HelpdeskAPI"]),
        .testTarget(
            name: "TicketStoreTests",
            dependencies: [
                "TicketStore", "Config", "HelpdeskAPI", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]),
        .testTarget(
            name: "IngestTests",
            dependencies: [
                "Ingest", "HelpdeskAPI", "Config", "HelpdeskSimulator", "TicketStore", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "ReportingTests",
            dependencies: [
                "Reporting", "Config", "TicketStore", "HelpdeskAPI", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]),
        .testTarget(name: "ExportersTests", dependencies: ["Exporters", "Reporting", "Config", "TestSupport"]),
        .testTarget(
            name: "CLITests",
            dependencies: [
                // The executable too: its one error mapping is tested directly (ErrorReportTests).
                "ticketreport", "TestSupport", "HelpdeskAPI", "Config", "HelpdeskSimulator", "TicketStore", "Ingest",
                "Reporting", "Exporters",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
