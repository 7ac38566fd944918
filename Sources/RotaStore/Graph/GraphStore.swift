import Foundation
import RotaModel

/// The inventory seen as Fix Inventory's graph: collectors of that system declare their model
/// (kinds and their bases) and merge nodes and edges; every node becomes a resource of the
/// inventory (``ResourceStore``), placed in a cloud, account and region along its default edges,
/// its `reported` and `metadata` sections kept whole. Queries read the graph through a
/// ``GraphNodeSource`` inside one read transaction.
public protocol GraphStore: Sendable {
    /// The model's kinds with their bases.
    func graphKinds() async throws -> GraphKinds

    /// Adds or replaces kinds of the model (`fqn` → its direct bases); the others stay. A model
    /// that would hold more than ``GraphModelReader/maximumKinds`` kinds changes nothing and
    /// throws a ``GraphModelReader/Refusal``.
    func updateGraphKinds(_ bases: [String: [String]]) async throws

    /// Merges a graph as Fix Inventory's worker sends it (JSON lines of nodes, edges and
    /// deferred edges, see ``GraphLineReader``): below each node marked `metadata.replace`, the
    /// nodes and edges of the merge replace what was there. All or nothing: a line that cannot
    /// be read changes nothing and throws a ``ResourceMergeError`` naming it. The body is kept
    /// in a file until it has arrived whole; one larger than `maxSize` bytes throws
    /// ``MergeTooLarge``.
    func mergeGraph<Body: AsyncSequence>(body: Body, now: Date, maxSize: Int) async throws -> GraphMergeSummary
    where Body.Element: Sequence<UInt8>

    /// Runs `read` with the graph as it is in one read transaction; `now` decides expiry.
    func readGraph<T: Sendable>(now: Date, _ read: @escaping @Sendable (any GraphNodeSource) throws -> T) async throws -> T
}
