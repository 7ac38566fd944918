import Foundation
import Logging
import PostgresNIO
import RotaModel

/// The inventory as graph queries read it, on one connection to PostgreSQL inside a transaction
/// the caller holds; rows become nodes as ``StoredGraphNode`` says.
///
/// Graph queries read their source synchronously, and PostgreSQL answers asynchronously: the
/// query runs on a thread of its own (``run(on:logger:now:_:)``), which waits for each answer,
/// so that no thread of Swift's cooperative pool is ever held.
struct PostgresGraphSource: GraphNodeSource {
    /// Nodes read per query while going through many.
    static let pageSize = 1000

    let connection: PostgresConnection
    let logger: Logger
    let kinds: GraphKinds
    /// Seconds since 1970, deciding `metadata.expired`.
    let now: Double

    /// Runs `read` on a thread of its own with the graph as `connection` sees it.
    static func run<T: Sendable>(
        on connection: PostgresConnection, logger: Logger, now: Date, _ read: @escaping @Sendable (PostgresGraphSource) throws -> T
    ) async throws -> T {
        let source = PostgresGraphSource(
            connection: connection, logger: logger, kinds: try await PostgresStore.graphKinds(connection, logger: logger),
            now: now.timeIntervalSince1970)
        return try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try read(source) })
            }
            thread.stackSize = 16 << 20
            thread.start()
        }
    }

    func forEachNode(ofKinds kinds: Set<String>?, _ body: (GraphNode) throws -> Bool) throws {
        let kindList = kinds.map { Array($0) }
        var after: String?
        while true {
            let page = try wait { [connection, logger, after] in
                var statement = PostgresStatement("SELECT \(StoredGraphNode.selection) FROM resource WHERE TRUE")
                if let kindList { statement.append(" AND kind = ANY(\(statement.bind(kindList)))") }
                if let after { statement.append(" AND id > \(statement.bind(after))") }
                statement.append(" ORDER BY id LIMIT \(Self.pageSize)")
                return try await Self.rows(try await connection.query(statement.query, logger: logger))
            }
            for row in page {
                guard try body(node(row)) else { return }
            }
            guard page.count == Self.pageSize, let last = page.last else { return }
            after = last.id
        }
    }

    func node(id: String) throws -> GraphNode? {
        if let placing = PlacingNode(id: id) { return placing.node }
        return try wait { [connection, logger] in
            try await Self.rows(
                try await connection.query("SELECT \(unescaped: StoredGraphNode.selection) FROM resource WHERE id = \(id)", logger: logger))
        }.first.map(node)
    }

    func edges(of id: String, _ direction: GraphEdgeDirection) throws -> [GraphEdgeEnd] {
        let (near, far) = direction == .inbound ? ("to_id", "from_id") : ("from_id", "to_id")
        let (text, deferred) = try wait { [connection, logger] in
            var text: String?
            for try await edges in try await connection.query("SELECT graph_edges FROM resource WHERE id = \(id)", logger: logger)
                .decode(String?.self)
            {
                text = edges
            }
            var deferred: [GraphEdgeEnd] = []
            for try await (type, node) in try await connection.query(
                "SELECT edge_type, \(unescaped: far) FROM graph_deferred_edge WHERE \(unescaped: near) = \(id)", logger: logger
            ).decode((String, String).self) {
                deferred.append(GraphEdgeEnd(type: type, node: node))
            }
            return (text, deferred)
        }
        return (text.map { GraphPlacement.edges(fromText: $0, direction) } ?? []) + deferred
    }

    /// One row of ``StoredGraphNode/selection``, as read.
    private struct NodeRow: Sendable {
        let id: String
        let kind: String
        let name: String
        let cloud: String
        let account: String
        let region: String?
        let tags: String
        let ctime: Double?
        let attributes: String
        let graphMetadata: String?
        let ancestors: String?
        let cleanAt: Double?
        let cleaned: Double?
        let protected: Bool
        let expires: Double?
    }

    private static func rows(_ rows: PostgresRowSequence) async throws -> [NodeRow] {
        var read: [NodeRow] = []
        for try await row in rows {
            let cells = row.makeRandomAccess()
            read.append(
                NodeRow(
                    id: try cells[0].decode(String.self), kind: try cells[1].decode(String.self), name: try cells[2].decode(String.self),
                    cloud: try cells[3].decode(String.self), account: try cells[4].decode(String.self),
                    region: try cells[5].decode(String?.self), tags: try cells[6].decode(String.self), ctime: try cells[7].decode(Double?.self),
                    attributes: try cells[8].decode(String.self), graphMetadata: try cells[9].decode(String?.self),
                    ancestors: try cells[10].decode(String?.self), cleanAt: try cells[11].decode(Double?.self),
                    cleaned: try cells[12].decode(Double?.self), protected: try cells[13].decode(Int64.self) != 0,
                    expires: try cells[14].decode(Double?.self)))
        }
        return read
    }

    private func node(_ row: NodeRow) -> GraphNode {
        StoredGraphNode.node(
            id: row.id, kind: row.kind, name: row.name, cloud: row.cloud, account: row.account, region: row.region, tags: row.tags,
            ctime: row.ctime, attributes: row.attributes, graphMetadata: row.graphMetadata, ancestors: row.ancestors, cleanAt: row.cleanAt,
            cleaned: row.cleaned, protected: row.protected, expires: row.expires, now: now)
    }

    /// Runs `work` and blocks this thread (the source's own, never a cooperative one) until it
    /// is done.
    private func wait<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let outcome = Outcome<T>()
        Task {
            do {
                outcome.set(.success(try await work()))
            } catch {
                outcome.set(.failure(error))
            }
        }
        return try outcome.wait()
    }

    /// The outcome of asynchronous work, waited for by a thread.
    private final class Outcome<T: Sendable>: @unchecked Sendable {
        private let condition = NSCondition()
        private var result: Result<T, any Error>?

        func set(_ result: Result<T, any Error>) {
            condition.lock()
            self.result = result
            condition.signal()
            condition.unlock()
        }

        func wait() throws -> T {
            condition.lock()
            defer { condition.unlock() }
            while true {
                if let result { return try result.get() }
                condition.wait()
            }
        }
    }
}
