import Foundation
import RotaEngine
import RotaModel

/// Small builders for engine tests: workflows, subscriber directories and actor answers.
enum Fixture {
    static let taskId: TaskId = "task-1"
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    static func workflow(_ steps: Step..., onSurpass: SurpassPolicy = .wait) -> Workflow {
        Workflow(id: "wf", steps: steps, onSurpass: onSurpass)
    }

    /// A directory where each named subscriber subscribes to every given message type.
    static func directory(
        _ subscribers: [SubscriberId], to messageTypes: [String], waitForCompletion: Bool = true, timeout: Double = 60
    ) -> SubscriberDirectory {
        SubscriberDirectory(subscribers.map { id in
            Subscriber(id: id, subscriptions: messageTypes.map {
                Subscription(messageType: $0, waitForCompletion: waitForCompletion, timeout: timeout)
            })
        })
    }

    static func action(_ messageType: String, step: String? = nil, from subscriber: SubscriberId?, task: TaskId = taskId) -> ActionMessage {
        ActionMessage(messageType: messageType, task: task, step: step ?? messageType, subscriberId: subscriber)
    }

    static func done(_ messageType: String, from subscriber: SubscriberId, step: String? = nil, task: TaskId = taskId) -> TaskInput {
        .message(.actionDone(action(messageType, step: step, from: subscriber, task: task)))
    }

    static func error(_ messageType: String, from subscriber: SubscriberId, _ text: String = "boom") -> TaskInput {
        .message(.actionError(action(messageType, from: subscriber), error: text))
    }

    /// The action a step performing `messageType` sends in its first attempt of a run without input.
    static func firstAction(_ messageType: String) -> Message {
        .action(ActionMessage(
            messageType: messageType, reference: ActionReference(task: taskId, step: messageType), extra: ["attempt": 1, "input": [:]]))
    }

    /// A task of `workflow`, started at t0 with `directory`; returns the task and the start's commands.
    static func started(_ workflow: Workflow, _ directory: SubscriberDirectory) -> (RunningTask, [TaskCommand]) {
        var task = RunningTask(id: taskId, workflow: workflow, createdAt: t0)
        let commands = task.handle(.start, at: t0, subscribers: directory)
        return (task, commands)
    }
}

extension TaskCommand {
    /// Whether the command publishes a message.
    var isPublication: Bool {
        if case .publish = self { return true }
        return false
    }
}

extension [TaskCommand] {
    /// The messages published, in order.
    var published: [Message] {
        compactMap { command in
            if case .publish(let message) = command { return message }
            return nil
        }
    }

    /// The message types of the actions published, in order.
    var actions: [String] {
        published.compactMap { message in
            if case .action(let action) = message { return action.messageType }
            return nil
        }
    }

    /// The aborts published, as message types.
    var aborts: [String] {
        published.compactMap { message in
            if case .actionAbort(let action) = message { return action.messageType }
            return nil
        }
    }

    /// The types of the events published, in order.
    var events: [String] {
        published.compactMap { message in
            if case .event(let event) = message { return event.messageType }
            return nil
        }
    }

    /// The log entries, in order.
    var logEntries: [TaskLogEntry] {
        compactMap { command in
            if case .log(let entry) = command { return entry }
            return nil
        }
    }

    /// The outcome, when the commands end the run.
    var finish: TaskOutcome? {
        for case .finish(let outcome) in self { return outcome }
        return nil
    }
}
