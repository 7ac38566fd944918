import Foundation
import Logging
import RotaModel
import RotaStore

/// Records the changes made through the API in the store's audit trail, with the time and who
/// made them. Routes call it once a change has succeeded. Recording never fails the change: the
/// change is already made and stored, so an entry that cannot be stored is logged as an error.
struct AuditTrail: Sendable {
    let store: any AuditStore
    let clock: any CoreClock
    let logger: Logger

    /// Records that `action` was done to the `kind` named `target` by the caller of `context`.
    func record(
        _ kind: AuditRecord.Kind, _ action: AuditRecord.Action, target: String?, change: [String: JSONValue] = [:],
        by context: CoreRequestContext
    ) async {
        let record = AuditRecord(
            at: clock.now(), kind: kind, action: action, target: target.map(AuditBounds.text), caller: await AuditCaller.of(context),
            change: AuditBounds.change(change))
        do {
            try await store.recordAudit(record)
        } catch {
            logger.error(
                "the audit trail could not store a change: \(error)",
                metadata: [
                    "kind": "\(record.kind.rawValue)", "action": "\(record.action.rawValue)", "target": "\(record.target ?? "")",
                    "caller": "\(record.caller.identity)",
                ])
        }
    }

    /// Records a workflow or job that was created or replaced: its version, and for a
    /// replacement the version before and the keys of the definition that changed. A definition
    /// sent again unchanged keeps its version and is not recorded.
    func defined<D: Definition & Sendable & Hashable>(
        _ kind: AuditRecord.Kind, _ current: Versioned<D>, previous: Versioned<D>?, by context: CoreRequestContext
    ) async {
        guard current.version != previous?.version else { return }
        var change: [String: JSONValue] = ["version": .int(Int64(current.version))]
        if let previous {
            change["previous_version"] = .int(Int64(previous.version))
            change["changed_keys"] = .array(Self.changedKeys(previous.definition.json, current.definition.json).map(JSONValue.string))
        }
        await record(kind, previous == nil ? .created : .replaced, target: Self.id(of: current.definition.json), change: change, by: context)
    }

    /// Records a job turned on or off; nothing when it already was.
    func activated(_ current: Versioned<Job>, previous: Versioned<Job>?, by context: CoreRequestContext) async {
        guard current.version != previous?.version else { return }
        await record(
            .job, current.definition.active ? .activated : .deactivated, target: current.definition.id,
            change: ["version": .int(Int64(current.version))], by: context)
    }

    /// Records a default workflow's schedule set or reset, with the cron expression before and after.
    func scheduled(
        _ action: AuditRecord.Action, _ current: Versioned<Workflow>, previous: Versioned<Workflow>?, by context: CoreRequestContext
    ) async {
        await record(
            .schedule, action, target: current.definition.id,
            change: ["before": Self.schedule(of: previous?.definition), "after": Self.schedule(of: current.definition)], by: context)
    }

    /// The top-level keys whose values differ between two definitions, in order.
    static func changedKeys(_ before: JSONValue, _ after: JSONValue) -> [String] {
        let old = before.objectValue ?? [:]
        let new = after.objectValue ?? [:]
        return Set(old.keys).union(new.keys).filter { old[$0] != new[$0] }.sorted()
    }

    /// A workflow's cron expression, null when it has none.
    private static func schedule(of workflow: Workflow?) -> JSONValue {
        for trigger in workflow?.triggers ?? [] {
            if case .cron(let expression) = trigger { return .string(expression.source) }
        }
        return .null
    }

    private static func id(of definition: JSONValue) -> String? {
        definition["id"]?.stringValue
    }
}
