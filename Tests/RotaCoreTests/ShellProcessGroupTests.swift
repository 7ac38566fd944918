import Foundation
import Glibc
import RotaModel
import RotaTestSupport
import Testing

@testable import RotaCore

/// A `shell` command runs in a process group of its own, and nothing of it outlives its timeout
/// or its stopped run: the shell and what it started in the background are killed together.
@Suite("shell commands in process groups")
struct ShellProcessGroupTests {
    /// The command of the tests: the shell writes its process id, which is its group's id, to
    /// `file`, then waits for a child of its own that runs in the background.
    private static func command(writingGroupTo file: URL) -> String {
        "echo $$ > '\(file.path)'; sleep 300 & sleep 300"
    }

    private static func pidFile() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("rota-shell-group-\(UUID().uuidString)")
    }

    /// The group id the command wrote, once it has.
    private static func group(in file: URL) async throws -> pid_t {
        var group: pid_t?
        try await eventually("the shell wrote its process id", within: 30) {
            group = (try? String(contentsOf: file, encoding: .utf8)).flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            return group != nil
        }
        return try #require(group)
    }

    private static func isAlive(_ group: pid_t) -> Bool {
        kill(-group, 0) == 0
    }

    private static func waitUntilGone(_ group: pid_t) async throws {
        try await eventually("process group \(group) is gone", within: 30) {
            kill(-group, 0) == -1 && errno == ESRCH
        }
    }

    @Test func aTimedOutCommandLeavesNoProcessOfItsGroup() async throws {
        let file = Self.pidFile()
        defer { try? FileManager.default.removeItem(at: file) }
        let outcome = try await ShellCommand.run(Self.command(writingGroupTo: file), timeout: 5)
        #expect(outcome.timedOut)
        try await Self.waitUntilGone(try await Self.group(in: file))
    }

    @Test func whatIgnoresSIGTERMIsKilledAfterTheGrace() async throws {
        let file = Self.pidFile()
        defer { try? FileManager.default.removeItem(at: file) }
        let outcome = try await ShellCommand.run("trap '' TERM; " + Self.command(writingGroupTo: file), timeout: 3)
        #expect(outcome.timedOut)
        #expect(outcome.status == 128 + SIGKILL)
        try await Self.waitUntilGone(try await Self.group(in: file))
    }

    @Test func aCancelledCommandLeavesNoProcessOfItsGroup() async throws {
        let file = Self.pidFile()
        defer { try? FileManager.default.removeItem(at: file) }
        let command = Self.command(writingGroupTo: file)
        let running = Task { try await ShellCommand.run(command, timeout: 600) }
        let group = try await Self.group(in: file)
        #expect(Self.isAlive(group))
        running.cancel()
        #expect(try await running.value.cancelled)
        try await Self.waitUntilGone(group)
    }

    @Test func stoppingARunStopsItsShellCommandAndItsChildren() async throws {
        let file = Self.pidFile()
        defer { try? FileManager.default.removeItem(at: file) }
        let workflow = Workflow(
            id: "sleeper", steps: [Step(name: "sleep", action: .executeCommand("shell " + Self.command(writingGroupTo: file)), timeout: 600)])
        try await TestCore.with(workflows: [workflow], configure: { $0.allowShell = true }) { core in
            let run = try await core.run("sleeper")
            let group = try await Self.group(in: file)
            #expect(Self.isAlive(group))
            #expect(try await core.request(.POST, "/tasks/\(run)/stop").status == 200)
            try await Self.waitUntilGone(group)
            #expect(try await core.finishedRun(run)["outcome"] == "stopped")
        }
    }

    @Test func stoppingTheCoreStopsTheCommandsItRuns() async throws {
        let file = Self.pidFile()
        defer { try? FileManager.default.removeItem(at: file) }
        let workflow = Workflow(
            id: "sleeper", steps: [Step(name: "sleep", action: .executeCommand("shell " + Self.command(writingGroupTo: file)), timeout: 600)])
        let group = try await TestCore.with(workflows: [workflow], configure: { $0.allowShell = true }) { core in
            _ = try await core.run("sleeper")
            let group = try await Self.group(in: file)
            #expect(Self.isAlive(group))
            return group
        }
        try await Self.waitUntilGone(group)
    }

    @Test func aStepTimeoutStopsItsShellCommandAndItsChildren() async throws {
        let file = Self.pidFile()
        defer { try? FileManager.default.removeItem(at: file) }
        let workflow = Workflow(
            id: "sleeper", steps: [Step(name: "sleep", action: .executeCommand("shell " + Self.command(writingGroupTo: file)), timeout: 5)])
        try await TestCore.with(workflows: [workflow], configure: { $0.allowShell = true }) { core in
            let run = try await core.run("sleeper")
            let group = try await Self.group(in: file)
            try await Self.waitUntilGone(group)
            _ = try await core.finishedRun(run, within: 30)
        }
    }

    @Test func stoppingARunAbandonsItsWebhookCall() async throws {
        let server = try HookServer(hang: true)
        defer { server.close() }
        let workflow = Workflow(
            id: "hook", steps: [Step(name: "call", action: .executeCommand("http post http://127.0.0.1:\(server.port)/slow"), timeout: 600)])
        try await TestCore.with(workflows: [workflow]) { core in
            let run = try await core.run("hook")
            try await eventually("the webhook was called", within: 30) { server.received.count == 1 }
            #expect(server.abandonedConnections == 0)
            #expect(try await core.request(.POST, "/tasks/\(run)/stop").status == 200)
            try await eventually("the webhook call was given up", within: 30) { server.abandonedConnections == 1 }
        }
    }

    @Test func aCommandInheritsNoDescriptorOfTheCoreAndNoBlockedSignal() async throws {
        let outcome = try await ShellCommand.run("ls /proc/$$/fd; grep SigBlk /proc/self/status", timeout: 30)
        #expect(outcome.status == 0)
        let lines = outcome.output.split(separator: "\n")
        #expect(lines.contains("SigBlk:\t0000000000000000"))
        let descriptors = lines.filter { !$0.hasPrefix("SigBlk") }.compactMap { Int($0) }.filter { $0 > 2 }
        #expect(descriptors.isEmpty, "descriptors beyond standard error: \(descriptors)")
    }

    @Test func theOutputKeptIsTheEndOfALongOutput() async throws {
        let outcome = try await ShellCommand.run("head -c 1000000 /dev/zero | tr '\\0' a; echo; echo the end", timeout: 30)
        #expect(outcome.status == 0)
        #expect(outcome.output.hasSuffix("the end"))
        #expect(outcome.output.utf8.count <= ShellCommand.outputLimit)
    }
}
