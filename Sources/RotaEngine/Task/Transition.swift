import Foundation
import RotaModel

/// The commands one input of a running task produces, collected while the task changes:
/// a `persist` first when the state changed, then the consequences in order.
struct Transition {
    let now: Date
    /// Set by every change of the task's stored state; progress reports do not count.
    var stateChanged = false
    /// The commands, behind a `persist` that is dropped when the state did not change.
    private var body: [TaskCommand] = [.persist]

    init(now: Date) {
        self.now = now
        body.reserveCapacity(Self.usualLength)
    }

    /// Commands most transitions stay within: `persist`, the end and start of a step, the next
    /// action and an event more; made room for at once rather than grown into.
    private static let usualLength = 6

    mutating func publish(_ message: Message) {
        body.append(.publish(message))
    }

    mutating func run(_ command: String, step: String) {
        body.append(.runCommand(command, step: step))
    }

    mutating func finish(_ outcome: TaskOutcome) {
        body.append(.finish(outcome))
    }

    mutating func log(_ level: InfoLevel, step: String?, subscriber: SubscriberId? = nil, _ message: String) {
        body.append(.log(TaskLogEntry(at: now, level: level, step: step, subscriberId: subscriber, message: message)))
    }

    /// The commands to execute, `persist` first when the state changed.
    var commands: [TaskCommand] {
        stateChanged ? body : Array(body.dropFirst())
    }
}
