import Foundation
import RotaModel

/// The resource inventory: the latest snapshot of every (cloud, account) a collect reported,
/// with what the core adds (first and last seen, expiry, cleanup marks, deletions, protection).
///
/// Filters, queries and aggregations are the value types of `RotaModel` (``ResourceFilter``,
/// ``ResourceQuery``, ``ResourceAggregation``), readable from query parameters. Times that decide
/// something (`expired`, a mark's time) come in as `now`, so that callers and tests own the clock.
public protocol ResourceStore: Sendable {
    /// Replaces the snapshot of (`cloud`, `account`) with the resources in `body`, JSON lines
    /// as ``ResourceLineDecoder`` reads them, in chunks of any size (an HTTP body as it arrives,
    /// e.g. `request.body.map(\.readableBytesView)`; a line may span chunks).
    ///
    /// New resources are added, changed ones updated, unchanged ones only marked as seen, and
    /// those of the snapshot not in `body` removed, all in one transaction. First seen, cleanup
    /// marks, deletions and protection of known resources are kept; last seen becomes `now`;
    /// expiry is computed again from the tags. A line without `cloud` or `account` gets the
    /// merge's. A line that cannot be read, whose cloud or account differs from the merge's,
    /// or whose id is already in the merge or in another snapshot, changes nothing: the merge
    /// throws a ``ResourceMergeError`` naming the line. Unreadable expiry tags are not errors;
    /// the summary lists them.
    ///
    /// The body is read to its end before the merge takes the database's writer, so a body that
    /// arrives slowly never stops other writes. A body larger than `maxSize` bytes changes
    /// nothing: the merge throws ``MergeTooLarge``.
    func mergeResources<Body: AsyncSequence>(
        cloud: String, account: String, body: Body, now: Date, maxSize: Int
    ) async throws -> MergeSummary where Body.Element: Sequence<UInt8>

    /// One page of the resources `query` selects, in id order; `now` decides `expired`.
    func resources(_ query: ResourceQuery, now: Date) async throws -> ResourcePage

    /// One resource, or nil when the inventory has no resource with this id.
    func resource(id: String) async throws -> StoredResource?

    /// Marks these resources for cleanup with `reason` at `now`; returns the ids this call marked,
    /// in id order. Protected resources, resources already marked (they keep their first mark),
    /// resources recorded as deleted and unknown ids are left alone.
    func markClean(ids: [String], reason: String, now: Date) async throws -> [String]

    /// Marks every resource of `filter` as ``markClean(ids:reason:now:)`` does; `now` also
    /// decides `expired`.
    func markClean(matching filter: ResourceFilter, reason: String, now: Date) async throws -> [String]

    /// Records that these resources were deleted at `now`; returns the ids this call recorded,
    /// in id order (unknown ids and resources already recorded are left alone). A deleted
    /// resource stays in the inventory until a merge no longer reports it.
    func recordCleaned(ids: [String], now: Date) async throws -> [String]

    /// Protects a resource, or lifts its protection; protecting also removes its cleanup mark.
    /// Returns the resource as stored now, or nil when the id is unknown.
    func setProtected(id: String, _ protected: Bool) async throws -> StoredResource?

    /// The groups of `aggregation` with their metrics, ordered by the group values; `now`
    /// decides `expired`.
    func aggregateResources(_ aggregation: ResourceAggregation, now: Date) async throws -> [ResourceAggregateRow]
}

extension ResourceStore {
    /// Replaces the snapshot of (`cloud`, `account`) with the resources in `body`, however large.
    public func mergeResources<Body: AsyncSequence>(
        cloud: String, account: String, body: Body, now: Date
    ) async throws -> MergeSummary where Body.Element: Sequence<UInt8> {
        try await mergeResources(cloud: cloud, account: account, body: body, now: now, maxSize: .max)
    }
}
