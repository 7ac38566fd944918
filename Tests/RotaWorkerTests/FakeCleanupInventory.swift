import Foundation
import RotaModel
import Synchronization

@testable import RotaWorker

/// An inventory held in memory that remembers what the actions asked of it. Like a core that
/// ignores the filter, it lists every marked resource not yet deleted, so that a test sees
/// whether the worker itself keeps to its filter too.
final class FakeCleanupInventory: CleanupInventory {
    private struct State {
        var resources: [StoredResource]
        var listFilters: [ResourceFilter] = []
        var markFilters: [ResourceFilter] = []
        var cleaned: [String] = []
    }

    private let state: Mutex<State>
    /// What `markExpired` answers.
    private let markedNow: [String]

    /// An inventory of `marked`, each marked for cleanup; `protected` ones are protected.
    init(marked: [Resource], protected: Set<String> = [], markedNow: [String] = []) {
        let at = Date(timeIntervalSince1970: 1_780_000_000)
        state = Mutex(
            State(
                resources: marked.map { resource in
                    StoredResource(
                        resource: resource,
                        metadata: ResourceMetadata(
                            firstSeen: at, lastSeen: at, clean: CleanMark(reason: "expired", at: at), protected: protected.contains(resource.id)))
                }))
        self.markedNow = markedNow
    }

    /// The filters the marked resources were listed with, in order.
    var listFilters: [ResourceFilter] { state.withLock { $0.listFilters } }
    /// The filters expired resources were marked with, in order.
    var markFilters: [ResourceFilter] { state.withLock { $0.markFilters } }
    /// The ids recorded as deleted, in order.
    var cleaned: [String] { state.withLock { $0.cleaned } }
    /// Whether an action asked anything of the inventory.
    var wasAsked: Bool { state.withLock { !$0.listFilters.isEmpty || !$0.markFilters.isEmpty || !$0.cleaned.isEmpty } }

    func markExpired(matching filter: ResourceFilter) async throws -> [String] {
        state.withLock { $0.markFilters.append(filter) }
        return markedNow
    }

    func markedResources(matching filter: ResourceFilter) async throws -> [StoredResource] {
        state.withLock { state in
            state.listFilters.append(filter)
            return state.resources.filter { !state.cleaned.contains($0.id) }
        }
    }

    func recordCleaned(_ ids: [String]) async throws {
        state.withLock { $0.cleaned += ids }
    }
}
