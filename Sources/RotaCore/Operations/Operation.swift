import Foundation
import RotaModel

/// What an `execute_command` step (and so every job) can do: Rota operations the core runs
/// itself, and shell commands when the core allows them.
///
/// ```
/// workflows run ID                      start a workflow
/// events emit TYPE [JSON]               publish an event, with JSON data
/// resources clean FILTER... --reason T  mark resources for cleanup, e.g. cloud=aws kind=volume expired=true
/// http post URL [JSON]                  call a webhook
/// shell COMMAND...                      run a shell command (only with --allow-shell)
/// ```
public enum Operation: Sendable, Hashable {
    case runWorkflow(String)
    case emitEvent(Event)
    case cleanResources(ResourceFilter, reason: String)
    case httpPost(URL, body: JSONValue?)
    case shell(String)

    /// How the operations are written, for error messages and help.
    public static let usage = """
        workflows run ID | events emit TYPE [JSON] | resources clean FILTER... --reason TEXT | http post URL [JSON] | shell COMMAND
        """

    /// Reads a command; the error says what is wrong and what to write instead. The run's `input`
    /// fills the command's `@input.KEY@` placeholders once the command is split into words, so
    /// that a value never adds a word, a JSON key or shell syntax: it stays inside the word, the
    /// JSON string or the single-quoted shell word where its placeholder was written.
    public init(parsing command: String, input: [String: JSONValue] = [:]) throws(OperationError) {
        let words = try CommandWords(command)
        let filling = InputPlaceholders(input)
        let texts = words.words.map { filling.fill($0.text) }
        switch (texts.first, texts.dropFirst().first) {
        case ("workflows", "run"):
            guard texts.count == 3 else { throw OperationError("write: workflows run ID") }
            self = .runWorkflow(texts[2])
        case ("events", "emit"):
            guard texts.count >= 3 else { throw OperationError("write: events emit TYPE [JSON]") }
            self = .emitEvent(Event(messageType: texts[2], data: try Self.json(words.rest(from: 3)).map(filling.fill) ?? [:]))
        case ("resources", "clean"):
            self = try Self.clean(Array(texts.dropFirst(2)))
        case ("http", "post"):
            guard texts.count >= 3, let url = URL(string: texts[2]), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil
            else { throw OperationError("write: http post URL [JSON], with an http or https URL") }
            self = .httpPost(url, body: try Self.json(words.rest(from: 3)).map(filling.fill))
        case ("shell", _?):
            self = .shell(filling.fillQuotedForShell(words.rest(from: 1) ?? ""))
        default:
            throw OperationError("\"\(command)\" is not a command Rota knows; use one of: \(Self.usage)")
        }
    }

    /// Whether running it needs a core started with `--allow-shell`.
    public var isShell: Bool {
        if case .shell = self { return true }
        return false
    }

    /// Checks a command for a definition: it must read, and a shell command needs `allowShell`.
    public static func problem(with command: String, allowShell: Bool) -> String? {
        do {
            let operation = try Operation(parsing: command)
            if operation.isShell, !allowShell {
                return "shell commands run only on a core started with --allow-shell"
            }
            return nil
        } catch {
            return error.message
        }
    }

    private static func json(_ text: String?) throws(OperationError) -> JSONValue? {
        guard let text, !text.isEmpty else { return nil }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        } catch {
            throw OperationError("\(text) is not valid JSON")
        }
    }

    private static func clean(_ arguments: [String]) throws(OperationError) -> Operation {
        var parameters: [String: [String]] = [:]
        var reason: String?
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--reason" {
                guard index + 1 < arguments.count else { throw OperationError("--reason needs a text") }
                reason = arguments[index + 1]
                index += 2
                continue
            }
            guard let equals = argument.firstIndex(of: "=") else {
                throw OperationError("\"\(argument)\" is not a filter; write NAME=VALUE, e.g. kind=volume expired=true")
            }
            parameters[String(argument[..<equals]), default: []].append(String(argument[argument.index(after: equals)...]))
            index += 1
        }
        guard let reason, !reason.isEmpty else { throw OperationError("write: resources clean FILTER... --reason TEXT") }
        let filter: ResourceFilter
        do {
            filter = try ResourceFilter(parameters: parameters)
        } catch {
            throw OperationError("\(error)")
        }
        guard !filter.isEmpty else {
            throw OperationError("resources clean needs a filter, e.g. cloud=aws expired=true; it never marks everything")
        }
        return .cleanResources(filter, reason: reason)
    }
}
