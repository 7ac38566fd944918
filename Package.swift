// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Rota",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "rota", targets: ["rota"]),
        .library(name: "RotaModel", targets: ["RotaModel"]),
        .library(name: "RotaEngine", targets: ["RotaEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    ],
    targets: [
        .target(
            name: "RotaModel",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "RotaEngine",
            dependencies: [
                "RotaModel",
                .product(name: "HeapModule", package: "swift-collections"),
            ]
        ),
        .executableTarget(
            name: "rota",
            dependencies: [
                "RotaModel",
                "RotaEngine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "rota-engine-bench",
            dependencies: ["RotaModel", "RotaEngine"],
            path: "Benchmarks/EngineBenchmark"
        ),
        .testTarget(name: "RotaModelTests", dependencies: ["RotaModel"], resources: [.copy("Fixtures")]),
        .testTarget(name: "RotaEngineTests", dependencies: ["RotaModel", "RotaEngine"]),
    ]
)
