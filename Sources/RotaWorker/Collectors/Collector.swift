import RotaModel

/// A source of resources: reads a cloud (or this host) and deletes what cleanup asks it to.
///
/// The worker loads its collectors by name through `CollectorCatalog`, runs their `collect`
/// concurrently on the `collect` action, and on `cleanup` deletes each marked resource through
/// the collector that `owns` it.
public protocol Collector: Sendable {
    /// The name the collector was loaded by, e.g. `example`, `random`, `local`, `exec:/path`.
    var name: String { get }
    /// Reads every account the collector knows, one snapshot per (cloud, account).
    func collect(feedback: some CollectorFeedback) async throws -> [ResourceSnapshot]
    /// Whether this collector owns the resource (reads its cloud), so cleanup asks the right one.
    func owns(_ resource: Resource) -> Bool
    /// Deletes the resource from its cloud; throws when it cannot.
    func delete(_ resource: Resource) async throws
}
