import ArgumentParser
import Foundation
import RotaModel

/// `rota events [follow]`: follows the core's message bus, one line per message.
struct EventsFollowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "follow",
        abstract: "Follow the messages on the core's bus until interrupted.",
        discussion: """
            Prints every message on the bus, or only the message types of --show: the core's \
            events (task_start, task_end, progress, error, ...), the events clients send, the \
            actions the core sends to actors and the actors' answers. Each line holds the time \
            the message arrived, its type (with its kind, when it is not an event) and its data, \
            cut to one line. With --json each line is the message as it travels, one JSON object \
            a line. Stop it with Ctrl-C, or let --count end it.

            Examples:
              $ rota events --show task_end
              2026-11-23T10:03:05.480Z  task_end  {"descriptor_id":"collect",…}

              rota events --json | jq 'select(.kind == "action_error")'
              rota events --show task_end --count 1    # wait for a run to end
            """
    )

    /// The longest data shown on a line, in characters.
    static let dataWidth = 200

    @Option(help: ArgumentHelp("Only these message types, comma-separated (repeatable).", valueName: "types"))
    var show: [String] = []

    @Option(help: ArgumentHelp("Stop after this many messages.", valueName: "n"))
    var count: Int?

    @OptionGroup var options: CoreOptions

    var messageTypes: [String]? {
        let types = show.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return types.isEmpty ? nil : types
    }

    func validate() throws {
        if let count, count < 1 { throw ValidationError("--count must be at least 1, e.g. --count 10") }
        if !show.isEmpty, messageTypes == nil { throw ValidationError("--show needs message types, e.g. --show task_start,task_end") }
    }

    func run() async throws {
        let console = Console.current
        try await options.withAPI { api in
            var received = 0
            for try await message in api.events(show: messageTypes) {
                console.print(options.json ? message.jsonText : Self.line(message, at: Date()))
                received += 1
                if let count, received >= count { return }
            }
        }
    }

    /// `TIME  TYPE  DATA`; the type is preceded by the kind for actions and answers. A
    /// `step_retry` with the keys it should have is told in words instead of its data.
    static func line(_ message: Message, at time: Date) -> String {
        let type = message.kind == .event ? message.messageType : "\(message.kind.rawValue) \(message.messageType)"
        if message.kind == .event, message.messageType == "step_retry", let text = retryText(message.data) {
            return "\(Timestamp.string(time))  \(type)  \(text)"
        }
        var data = message.data.jsonText
        if data.count > dataWidth { data = String(data.prefix(dataWidth - 1)) + "…" }
        return "\(Timestamp.string(time))  \(type)  \(data)"
    }

    /// A `step_retry` in words: `run ID step collect: attempt 1 failed (reason); attempt 2 in 10s,
    /// at 2026-11-23 10:00:10Z`; nil when its data lacks the run, the step or the attempt.
    static func retryText(_ data: JSONValue) -> String? {
        guard let taskId = data["task_id"]?.stringValue, let step = data["step"]?.stringValue,
            let attempt = data["attempt"]?.wholeNumber
        else { return nil }
        var reason = data["reason"]?.stringValue
        if let text = reason, text.count > dataWidth { reason = String(text.prefix(dataWidth - 1)) + "…" }
        let retry = HumanText.retry(failedAttempt: attempt, retryIn: data["retry_in"]?.doubleValue ?? 0, reason: reason)
        let due = data["due"]?.stringValue.map { ", at \(HumanText.time(.string($0)))" } ?? ""
        return "run \(taskId) step \(step): \(retry)\(due)"
    }
}
