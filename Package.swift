// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Rota",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "rota", targets: ["rota"]),
        .executable(name: "rota-simulate", targets: ["rota-simulate"]),
        .library(name: "RotaModel", targets: ["RotaModel"]),
        .library(name: "RotaEngine", targets: ["RotaEngine"]),
        .library(name: "RotaStore", targets: ["RotaStore"]),
        .library(name: "RotaCore", targets: ["RotaCore"]),
        .library(name: "RotaClient", targets: ["RotaClient"]),
        .library(name: "RotaTracing", targets: ["RotaTracing"]),
        .library(name: "RotaAPI", targets: ["RotaAPI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket.git", from: "1.6.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-otel/swift-otel.git", from: "1.6.0", traits: ["OTLPHTTP"]),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        .target(
            name: "RotaModel",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .target(name: "RotaSpawn", dependencies: ["RotaModel"]),
        .target(
            name: "RotaTracing",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        .target(
            name: "RotaDashboard",
            resources: [
                .embedInCode("Assets/index.html"),
                .embedInCode("Assets/actors.js"),
                .embedInCode("Assets/api.js"),
                .embedInCode("Assets/chart.js"),
                .embedInCode("Assets/dashboard.css"),
                .embedInCode("Assets/dashboard.js"),
                .embedInCode("Assets/describe.js"),
                .embedInCode("Assets/dom.js"),
                .embedInCode("Assets/events.js"),
                .embedInCode("Assets/format.js"),
                .embedInCode("Assets/inventory.js"),
                .embedInCode("Assets/live.js"),
                .embedInCode("Assets/run.js"),
                .embedInCode("Assets/runs.js"),
                .embedInCode("Assets/workflow.js"),
                .embedInCode("Assets/workflows.js"),
                .embedInCode("Assets/yaml.js"),
            ]
        ),
        .target(name: "RotaAPI", dependencies: ["RotaModel"]),
        .target(
            name: "RotaEngine",
            dependencies: [
                "RotaModel",
                .product(name: "HeapModule", package: "swift-collections"),
            ]
        ),
        .target(
            name: "RotaAuth",
            dependencies: [
                "RotaModel",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "RotaStore",
            dependencies: [
                "RotaModel",
                "RotaEngine",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .target(
            name: "RotaCore",
            dependencies: [
                "RotaModel",
                "RotaAPI",
                "RotaEngine",
                "RotaStore",
                "RotaAuth",
                "RotaSpawn",
                "RotaDashboard",
                "RotaTracing",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "WSCore", package: "swift-websocket"),
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Resources/openapi.yaml")]
        ),
        .target(
            name: "RotaClient",
            dependencies: [
                "RotaModel",
                "RotaAPI",
                "RotaAuth",
                "RotaTracing",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        .target(
            name: "RotaWorker",
            dependencies: [
                "RotaModel", "RotaClient", "RotaSpawn",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        .target(
            name: "RotaMetrics",
            dependencies: [
                "RotaModel",
                "RotaClient",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        .target(
            name: "RotaCLI",
            dependencies: [
                "RotaModel",
                "RotaAPI",
                "RotaEngine",
                "RotaCore",
                "RotaClient",
                "RotaWorker",
                "RotaMetrics",
                "RotaTracing",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(name: "rota", dependencies: ["RotaCLI"]),
        .executableTarget(
            name: "rota-example-actor",
            dependencies: [
                "RotaClient",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            path: "Examples/HelloActor"
        ),
        .executableTarget(
            name: "rota-engine-bench",
            dependencies: ["RotaModel", "RotaEngine"],
            path: "Benchmarks/EngineBenchmark"
        ),
        .executableTarget(
            name: "rota-core-bench",
            dependencies: [
                "RotaModel", "RotaEngine", "RotaCore", "RotaTracing",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/CoreBenchmark"
        ),
        .executableTarget(
            name: "rota-inventory-bench",
            dependencies: [
                "RotaModel", "RotaStore", "RotaCore", "RotaClient", "RotaWorker", "RotaMetrics", "RotaBenchmarkSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Benchmarks/InventoryBenchmark"
        ),
        .executableTarget(
            name: "rota-graph-bench",
            dependencies: [
                "RotaModel", "RotaStore", "RotaCore", "RotaClient", "RotaBenchmarkSupport",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Benchmarks/GraphBenchmark"
        ),
        .executableTarget(
            name: "rota-crash-test",
            dependencies: [
                "RotaModel", "RotaClient",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/CrashTest"
        ),
        .executableTarget(
            name: "rota-failover-bench",
            dependencies: [
                "RotaModel",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Benchmarks/Failover"
        ),
        .executableTarget(
            name: "rota-load-test",
            dependencies: [
                "RotaModel", "RotaEngine", "RotaClient", "RotaBenchmarkSupport",
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/LoadTest"
        ),
        .executableTarget(
            name: "rota-auth-flood",
            dependencies: ["RotaAuth", "RotaBenchmarkSupport"],
            path: "Benchmarks/AuthFlood"
        ),
        .executableTarget(
            name: "rota-scale-bench",
            dependencies: ["RotaModel", "RotaEngine", "RotaStore", "RotaCore", "RotaBenchmarkSupport", .product(name: "Logging", package: "swift-log")],
            path: "Benchmarks/Scale"
        ),
        .target(
            name: "RotaBenchmarkSupport",
            dependencies: ["RotaCore", "RotaClient", .product(name: "Logging", package: "swift-log")],
            path: "Benchmarks/Support"
        ),
        .target(
            name: "RotaFrameFuzz",
            dependencies: [
                "RotaModel",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Benchmarks/FuzzWebSocket/FrameFuzz"
        ),
        .executableTarget(
            name: "rota-fuzz-ws",
            dependencies: ["RotaModel", "RotaCore", "RotaFrameFuzz", .product(name: "Logging", package: "swift-log")],
            path: "Benchmarks/FuzzWebSocket/Command"
        ),
        .target(name: "RotaSimulation", dependencies: ["RotaModel", "RotaEngine", "RotaStore", "RotaCore"]),
        .executableTarget(name: "rota-simulate", dependencies: ["RotaSimulation"], path: "Benchmarks/Simulate"),
        .testTarget(name: "RotaModelTests", dependencies: ["RotaModel"], resources: [.copy("Fixtures")]),
        .testTarget(name: "RotaEngineTests", dependencies: ["RotaModel", "RotaEngine"]),
        .testTarget(name: "RotaAuthTests", dependencies: ["RotaModel", "RotaAuth", "RotaTestSupport"]),
        .testTarget(name: "RotaStoreTests", dependencies: ["RotaModel", "RotaEngine", "RotaStore", "RotaTestSupport"]),
        .testTarget(name: "RotaWorkerTests", dependencies: ["RotaModel", "RotaWorker"]),
        .target(name: "RotaTestEnvironment", path: "Tests/RotaTestEnvironment"),
        .target(
            name: "RotaTestSupport",
            dependencies: [
                "RotaModel", "RotaEngine", "RotaStore", "RotaCore", "RotaAuth", "RotaClient", "RotaSpawn", "RotaTestEnvironment",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/RotaTestSupport"
        ),
        .testTarget(
            name: "RotaCoreTests",
            dependencies: [
                "RotaModel", "RotaEngine", "RotaStore", "RotaCore", "RotaAuth", "RotaTestSupport", "RotaFrameFuzz", "RotaSpawn", "RotaBenchmarkSupport",
                "RotaClient", "RotaSimulation",
                "RotaAPI",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .testTarget(
            name: "RotaClientTests",
            dependencies: [
                "RotaClient", "RotaCore", "RotaModel", "RotaAuth", "RotaTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "RotaCLITests",
            dependencies: [
                "RotaCLI", "RotaCore", "RotaModel", "RotaClient", "RotaTestSupport", "RotaSpawn", "RotaAPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "RotaTracingTests",
            dependencies: [
                "RotaCore", "RotaClient", "RotaModel", "RotaTestSupport", "RotaTracing", "RotaWorker", "RotaMetrics", "RotaCLI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        .testTarget(
            name: "RotaEndToEndTests",
            dependencies: [
                "RotaWorker", "RotaMetrics", "RotaCLI", "RotaClient", "RotaCore", "RotaModel", "RotaTestSupport", "RotaSpawn",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
    ]
)
