import Foundation
import NIOCore
import RotaEngine
import RotaModel
import RotaStore

/// Runs the commands of `execute_command` steps and jobs as Rota operations (see `Operation`);
/// what they did goes to the run's log, with the passwords of URLs masked. A command whose task
/// is cancelled (its run was stopped) is stopped: a shell command's process group is killed, a
/// webhook call is abandoned.
struct OperationRunner: CommandRunner {
    let resources: any ResourceStore
    let clock: any CoreClock
    /// Whether `shell` commands may run.
    let allowShell: Bool
    /// The hosts `http post` may reach (`webhook_allow`); nil for any.
    var webhookAllow: [String]? = nil
    /// Resolves the hosts of webhooks before they are checked and called.
    var resolver: HostResolver = .system

    func run(_ command: String, in context: CommandContext) async -> CommandResult {
        switch await outcome(of: command, in: context) {
        case .success(let output): return .success(output: URLCredentials.masked(output))
        case .failure(let reason): return .failure(URLCredentials.masked(reason))
        }
    }

    private func outcome(of command: String, in context: CommandContext) async -> CommandResult {
        let timeout = TimeoutRange.clamped(context.timeout)
        let operation: Operation
        do {
            operation = try Operation(parsing: command, input: context.input)
        } catch {
            return .failure(error.message)
        }
        do {
            switch operation {
            case .runWorkflow(let id):
                switch try await context.core.start(id, continuing: context.cascade, reason: "command of run \(context.taskId)") {
                case .started(let taskId): return .success(output: "started workflow \(id): run \(taskId)")
                case .queued: return .success(output: "workflow \(id) is running; the new run waits for it")
                case .skipped: return .success(output: "workflow \(id) is running; no new run was started")
                }
            case .emitEvent(let written):
                let event = context.cascade.stamped(on: written)
                await context.core.receive(
                    .event(event), from: .run(EventOrigin(task: context.taskId, workflow: context.workflow.id, cascade: context.cascade)))
                return .success(output: "emitted event \(event.messageType)")
            case .cleanResources(let filter, let reason):
                let marked = try await resources.markClean(matching: filter, reason: reason, now: clock.now())
                return .success(output: "marked \(marked.count) resources for cleanup: \(reason)")
            case .httpPost(let url, let body):
                let webhook = Webhook(policy: WebhookPolicy(allowedHosts: webhookAllow, resolver: resolver))
                return try await webhook.post(url, body: body, timeout: timeout)
            case .shell(let text):
                guard allowShell else { return .failure("shell commands run only on a core started with --allow-shell") }
                let outcome = try await ShellCommand.run(text, timeout: timeout)
                if outcome.cancelled { return .failure("stopped with its run: \(outcome.output)") }
                if outcome.timedOut { return .failure("stopped after \(Int(timeout)) s: \(outcome.output)") }
                guard outcome.status == 0 else { return .failure("exit code \(outcome.status): \(outcome.output)") }
                return .success(output: outcome.output)
            }
        } catch {
            return .failure("\(error)")
        }
    }

    /// A timeout within `TimeoutRange` as NIO's `TimeAmount`, at least a second, as the webhook
    /// client's deadline takes it.
    static func timeAmount(_ seconds: TimeInterval) -> TimeAmount {
        .milliseconds(Int64(max(1, TimeoutRange.clamped(seconds)) * 1000))
    }
}
