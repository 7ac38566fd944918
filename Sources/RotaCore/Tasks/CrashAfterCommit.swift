import Foundation
import RotaStore

/// A fault to inject for crash tests: the core process ends at once, as `kill -9` would end it,
/// right after it has stored a batch holding an event of the given type and before it publishes
/// anything of that batch: the worst moment for a transactional outbox. Set by the environment
/// variable `ROTA_EXIT_AFTER_COMMIT=<event type>`; never set in production.
public struct CrashAfterCommit: Sendable {
    /// The environment variable that sets it.
    public static let variable = "ROTA_EXIT_AFTER_COMMIT"
    /// The exit status of the process it ends.
    public static let exitStatus: Int32 = 86

    /// The event type whose commit ends the process.
    public let eventType: String

    /// The fault the environment asks for, if any.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> CrashAfterCommit? {
        guard let eventType = environment[variable], !eventType.isEmpty else { return nil }
        return CrashAfterCommit(eventType: eventType)
    }

    /// Ends the process when `changes`, just stored, hold an event of the type.
    func check(_ changes: TaskChanges) {
        let hit = changes.outbox.contains { stored in
            guard let message = try? stored.message(), case .event(let event) = message else { return false }
            return event.messageType == eventType
        }
        if hit { _exit(Self.exitStatus) }
    }
}
