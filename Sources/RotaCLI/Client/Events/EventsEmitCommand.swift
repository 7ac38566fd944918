import ArgumentParser
import Foundation
import RotaModel

/// `rota events emit TYPE [JSON]`: publishes an event on the core's bus.
struct EventsEmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emit",
        abstract: "Send an event to the core's bus.",
        discussion: """
            The event starts the workflows and jobs it triggers (every workflow also starts on \
            start_ID_workflow) and ends the wait_for_event steps whose filter its data matches. \
            The data is a JSON object; without it the event's data is {}.

            Examples:
              $ rota events emit cleanup_approved '{"team": "platform"}'
              emitted cleanup_approved

              rota events emit start_collect_workflow
            """
    )

    @Argument(help: ArgumentHelp("The event's message type.", valueName: "type"))
    var messageType: String

    @Argument(help: ArgumentHelp("The event's data: a JSON object.", valueName: "json"))
    var data: String?

    @OptionGroup var options: CoreOptions

    func validate() throws {
        guard !messageType.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("name the event's type, e.g. rota events emit cleanup_approved")
        }
        _ = try eventData()
    }

    func run() async throws {
        let event = Event(messageType: messageType, data: try eventData())
        try await options.withAPI { api in try await api.emit(event) }
        options.output(Message.event(event).json) { _ in Console.current.print("emitted \(messageType)") }
    }

    private func eventData() throws -> JSONValue {
        guard let data else { return [:] }
        guard let value = try? JSONValue(jsonText: data), case .object = value else {
            throw ValidationError("the data must be a JSON object, e.g. '{\"team\": \"platform\"}'")
        }
        return value
    }
}
