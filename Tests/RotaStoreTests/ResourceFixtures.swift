import Foundation
import Logging
import RotaModel
import RotaStore
import RotaTestSupport

/// A store of one kind for one test: SQLite on a fresh file in its own temporary directory, or
/// PostgreSQL on a fresh database of the test server; closed and removed when the test is done.
final class TemporaryStore: Sendable {
    let kind: StoreKind
    /// The store, of whichever class `kind` names.
    let store: any Sendable
    private let directory: URL?
    private let postgres: PostgresStore?

    init(_ kind: StoreKind) async throws {
        self.kind = kind
        switch kind {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rota-store-tests-\(UUID().uuidString)")
            self.directory = directory
            postgres = nil
            store = try SQLiteStore(path: directory.appendingPathComponent("rota.sqlite").path)
        case .postgres:
            var logger = Logger(label: "rota.test.store")
            logger.logLevel = .critical
            let url = try await TestPostgres.freshDatabaseURL()
            let opened = try await PostgresStore.open(try PostgresURL(url), logger: logger)
            directory = nil
            postgres = opened
            store = opened
        }
    }

    /// Runs `body` with a store of `kind` seen as `Concern` (a store protocol, or several joined),
    /// then closes and removes it, however `body` ends.
    static func with<Concern, Result>(_ kind: StoreKind, _ body: (Concern) async throws -> Result) async throws -> Result {
        let temporary = try await TemporaryStore(kind)
        defer { temporary.remove() }
        guard let store = temporary.store as? Concern else { throw TestFailure("the \(kind) store does not keep \(Concern.self)") }
        return try await body(store)
    }

    /// Closes the store and removes its files.
    func remove() {
        postgres?.close()
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }
}

/// A request body as the core receives it: text handed out in chunks of `chunkSize` bytes, so
/// that lines cross chunk boundaries.
struct TextChunks: AsyncSequence, Sendable {
    let bytes: [UInt8]
    let chunkSize: Int

    init(_ text: String, chunkSize: Int = 7) {
        bytes = Array(text.utf8)
        self.chunkSize = chunkSize
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        let bytes: [UInt8]
        let chunkSize: Int
        var offset = 0

        mutating func next() async -> Data? {
            guard offset < bytes.count else { return nil }
            let end = Swift.min(offset + chunkSize, bytes.count)
            defer { offset = end }
            return Data(bytes[offset..<end])
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(bytes: bytes, chunkSize: chunkSize)
    }
}

/// The times tests merge at: one hour apart.
enum Clock {
    static let start = Date(timeIntervalSince1970: 1_793_491_200)  // 2026-11-01T00:00:00Z

    static func hour(_ count: Int) -> Date {
        start.addingTimeInterval(Double(count) * 3600)
    }
}

/// A resource of the `aws` cloud, account `111`, unless said otherwise.
func resource(
    _ id: String, kind: String = "instance", cloud: String = "aws", account: String = "111", region: String? = "eu-west-1",
    tags: [String: String] = [:], ctime: Date? = Clock.start, attributes: [String: JSONValue] = [:]
) -> Resource {
    Resource(id: id, kind: kind, cloud: cloud, account: account, region: region, tags: tags, ctime: ctime, attributes: attributes)
}

/// The JSON lines of `resources`, one a line.
func lines(_ resources: [Resource]) -> String {
    resources.map { String(decoding: ResourceLineEncoder().encode($0), as: UTF8.self) + "\n" }.joined()
}

extension ResourceStore {
    /// Merges `resources` into their (cloud, account) snapshot, `aws`/`111` by default.
    @discardableResult
    func merge(
        _ resources: [Resource], cloud: String = "aws", account: String = "111", at now: Date = Clock.start
    ) async throws -> MergeSummary {
        try await mergeResources(cloud: cloud, account: account, body: TextChunks(lines(resources)), now: now)
    }

    /// Merges the text of a body as it is.
    @discardableResult
    func merge(
        text: String, cloud: String = "aws", account: String = "111", at now: Date = Clock.start, chunkSize: Int = 7
    ) async throws -> MergeSummary {
        try await mergeResources(cloud: cloud, account: account, body: TextChunks(text, chunkSize: chunkSize), now: now)
    }

    /// The ids of every resource `filter` selects, in id order.
    func ids(_ filter: ResourceFilter = ResourceFilter(), at now: Date = Clock.start) async throws -> [String] {
        try await resources(ResourceQuery(filter: filter, limit: ResourceQuery.maximumLimit), now: now).resources.map(\.id)
    }
}

extension Sequence {
    /// The results of `transform`, awaited one after the other.
    func asyncMap<Result>(_ transform: (Element) async throws -> Result) async rethrows -> [Result] {
        var results: [Result] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
