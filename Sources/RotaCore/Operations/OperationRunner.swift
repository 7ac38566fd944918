import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import RotaEngine
import RotaModel
import RotaStore

/// Runs the commands of `execute_command` steps and jobs as Rota operations (see `Operation`);
/// what they did goes to the run's log.
struct OperationRunner: CommandRunner {
    let bus: MessageBus
    let resources: any ResourceStore
    let clock: any CoreClock
    /// Whether `shell` commands may run.
    let allowShell: Bool

    func run(_ command: String, in context: CommandContext) async -> CommandResult {
        let timeout = TimeoutRange.clamped(context.timeout)
        let operation: Operation
        do {
            operation = try Operation(parsing: command)
        } catch {
            return .failure(error.message)
        }
        do {
            switch operation {
            case .runWorkflow(let id):
                switch try await context.taskHandler.start(id, continuing: context.cascade, reason: "command of run \(context.taskId)") {
                case .started(let taskId): return .success(output: "started workflow \(id): run \(taskId)")
                case .queued: return .success(output: "workflow \(id) is running; the new run waits for it")
                case .skipped: return .success(output: "workflow \(id) is running; no new run was started")
                }
            case .emitEvent(let written):
                let event = context.cascade.stamped(on: written)
                await bus.publish([.event(event)])
                await context.taskHandler.receive(
                    event, publishedBy: EventOrigin(task: context.taskId, workflow: context.workflow.id, cascade: context.cascade))
                return .success(output: "emitted event \(event.messageType)")
            case .cleanResources(let filter, let reason):
                let marked = try await resources.markClean(matching: filter, reason: reason, now: clock.now())
                return .success(output: "marked \(marked.count) resources for cleanup: \(reason)")
            case .httpPost(let url, let body):
                return try await post(url, body: body, timeout: timeout)
            case .shell(let text):
                guard allowShell else { return .failure("shell commands run only on a core started with --allow-shell") }
                let outcome = try await ShellCommand.run(text, timeout: timeout)
                if outcome.timedOut { return .failure("stopped after \(Int(timeout)) s: \(outcome.output)") }
                guard outcome.status == 0 else { return .failure("exit code \(outcome.status): \(outcome.output)") }
                return .success(output: outcome.output)
            }
        } catch {
            return .failure("\(error)")
        }
    }

    /// The client of `http post`: a webhook whose host refuses the connection fails the command
    /// at once, instead of being tried again until the step times out.
    static let webhookClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(10))
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// A timeout within `TimeoutRange` as NIO's `TimeAmount`, at least a second, as the webhook
    /// client's deadline takes it.
    static func timeAmount(_ seconds: TimeInterval) -> TimeAmount {
        .milliseconds(Int64(max(1, TimeoutRange.clamped(seconds)) * 1000))
    }

    private func post(_ url: URL, body: JSONValue?, timeout: TimeInterval) async throws -> CommandResult {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "User-Agent", value: "Rota")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(body)))
        }
        let response = try await Self.webhookClient.execute(request, timeout: Self.timeAmount(timeout))
        let answer = String(buffer: try await response.body.collect(upTo: 64 << 10)).prefix(500)
        guard (200..<300).contains(response.status.code) else {
            return .failure("http post \(url.absoluteString) answered \(response.status.code): \(answer)")
        }
        return .success(output: "http post \(url.absoluteString) answered \(response.status.code)")
    }
}
