import AsyncHTTPClient
import Foundation
import RotaClient
import RotaModel

/// Drives the crash test: starts a core on a fresh database with the test's workflows, attaches
/// the actors, keeps runs going, kills the core with SIGKILL at random moments and starts it
/// again on the same database and port, then waits until every run has finished and collects
/// what the core and the actors say for the verdict.
final class CrashDriver {
    private let options: CrashOptions
    private let folder: URL
    /// The `rota` executable as built; a later build may replace it while the test runs.
    private let builtExecutable: URL
    /// The copy of it the test runs, the same binary for every restart.
    private let executable: URL
    private let journal = ActionJournal()
    private let clock = ContinuousClock()
    private var random: SplitMix64
    private var generation = 0
    private var figures = CrashFigures()
    /// The next full minute a kill is aimed at.
    private var nextAimedMinute: Date?

    init(options: CrashOptions, folder: URL) throws {
        self.options = options
        self.folder = folder
        builtExecutable = try CoreProcess.executable(path: options.rotaPath)
        executable = folder.appendingPathComponent("rota")
        random = SplitMix64(seed: options.seed)
    }

    /// Runs every cycle and returns the figures and what the core and the actors recorded.
    func run() async throws -> CrashOutcome {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: builtExecutable, to: executable)
        let workflows = folder.appendingPathComponent("workflows")
        try CrashWorkflows.write(to: workflows)
        try await waitUntilClearOfMinuteBoundary()
        let testStart = Date()
        nextAimedMinute = CronMinutes.minute(of: testStart).addingTimeInterval(60)
        let began = clock.now
        var core = try await startCore(port: 0, workflows: workflows)
        let port = core.process.port
        let actorIds = (1...options.actors).map { "crash-actor-\($0)" }
        for id in actorIds { try await subscribe(id, api: core.api) }
        let actors = actorIds.enumerated().map { index, id in
            CrashActor(
                id: id, port: port, journal: journal, seed: options.seed &+ UInt64(index + 1), maxDelayMilliseconds: options.maxAnswerDelay)
        }
        let actorTasks = actors.map { actor in Task { await actor.run() } }
        guard await waitUntil(.seconds(30), { self.journal.openConnections.count == actorIds.count }) else {
            throw CrashTestFailure("the actors did not connect to the first core within 30 s")
        }

        var started: [String] = []
        for cycle in 1...options.cycles {
            let actionsBeforeKill = Int.random(in: 1...9, using: &random)
            let killDelay = Duration.milliseconds(Int.random(in: 0...options.maxKillDelay, using: &random))
            let deliveries = journal.deliveryCount
            let deadline = clock.now + .seconds(30)
            while journal.deliveryCount < deliveries + actionsBeforeKill {
                guard clock.now < deadline else {
                    figures.stalls.append("cycle \(cycle): fewer than \(actionsBeforeKill) actions reached the actors in 30 s")
                    break
                }
                try await Task.pause(for: .milliseconds(20))
                started += try await keepRunsGoing(api: core.api)
            }
            let killAt = killMoment(cycle: cycle, after: Date().addingTimeInterval(seconds(killDelay)), began: testStart)
            while Date() < killAt {
                try await Task.pause(for: .milliseconds(min(20, Int(killAt.timeIntervalSinceNow * 1000) + 1)))
                started += try await keepRunsGoing(api: core.api)
            }
            await core.process.kill()
            try await core.http.shutdown()
            if Int.random(in: 0..<10, using: &random) == 0 {
                let delay = Duration.milliseconds(Int.random(in: 0...150, using: &random))
                if try await killDuringStart(port: port, workflows: workflows, after: delay) {
                    figures.killsAfterServing += 1
                } else {
                    figures.killsDuringStart += 1
                }
            }
            let connectionsBefore = journal.latestConnection
            let spawned = clock.now
            core = try await startCore(port: port, workflows: workflows)
            figures.restarts += 1
            figures.serving.append(core.process.startup)
            let reconnected = await waitUntil(.seconds(30)) {
                let open = self.journal.openConnections
                return actorIds.allSatisfy { (open[$0] ?? 0) > connectionsBefore }
            }
            if reconnected {
                figures.reconnected.append(clock.now - spawned)
            } else {
                figures.stalls.append("cycle \(cycle): the actors did not all reconnect within 30 s of the restart")
            }
            if !(try await runningTasks(api: core.api)).isEmpty {
                if await waitUntil(.seconds(30), { self.journal.firstDelivery(after: spawned) != nil }),
                    let first = journal.firstDelivery(after: spawned)
                {
                    figures.resumed.append(first - spawned)
                } else {
                    figures.stalls.append("cycle \(cycle): runs were unfinished, but no action reached the actors within 30 s of the restart")
                }
            }
        }

        if !(await waitUntil(.seconds(120), { (try? await self.runningTasks(api: core.api))?.isEmpty ?? false })) {
            figures.stalls.append("runs were still unfinished 120 s after the last restart")
        }
        let lastMinute = try await waitForTheLastCronFire(api: core.api)
        figures.elapsed = clock.now - began
        let stepsHistory = try await history(of: CrashWorkflows.stepsWorkflow, api: core.api)
        let cronHistory = try await history(of: CrashWorkflows.cronWorkflow, api: core.api)
        let stillRunning = try await runningTasks(api: core.api)
        for task in actorTasks { task.cancel() }
        for task in actorTasks { await task.value }
        await core.process.terminate()
        try await core.http.shutdown()
        return CrashOutcome(
            figures: figures, started: started, stepsHistory: stepsHistory, cronHistory: cronHistory, stillRunning: stillRunning,
            actors: actorIds, deliveries: journal.deliveries, answers: journal.answers, cronWindow: (after: testStart, through: lastMinute))
    }

    /// When cycle `cycle` kills the core: not before `earliest`, nor before its share of the
    /// test's minutes has passed; and, when a full minute falls before the next cycle's share, from
    /// 0.3 s before to 1.5 s after that minute, so that its cron fire is due while the core is
    /// down, starting, or storing the fire.
    private func killMoment(cycle: Int, after earliest: Date, began: Date) -> Date {
        guard options.minutes > 0 else { return earliest }
        let share = Double(options.minutes * 60) / Double(options.cycles)
        let paced = max(earliest, began.addingTimeInterval(share * Double(cycle)))
        guard let minute = nextAimedMinute, minute <= paced.addingTimeInterval(share) else { return paced }
        nextAimedMinute = minute.addingTimeInterval(60)
        figures.killsAtAMinute += 1
        return max(earliest, minute.addingTimeInterval(Double.random(in: -0.3...1.5, using: &random)))
    }

    /// A core process with its own HTTP client: a client's pooled connections die with the process.
    private struct RunningCore {
        let process: CoreProcess
        let http: HTTPClient
        let api: CoreAPI
    }

    private func startCore(port: Int, workflows: URL) async throws -> RunningCore {
        generation += 1
        let process = try await CoreProcess.start(
            executable: executable, arguments: coreArguments(port: port, workflows: workflows),
            log: folder.appendingPathComponent("core-\(generation).log"))
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(5))
        let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        let connection = CoreConnection(url: URL(string: "http://127.0.0.1:\(process.port)")!)
        return RunningCore(process: process, http: http, api: CoreAPI(connection: connection, httpClient: http, timeout: .seconds(30)))
    }

    /// Starts a core and kills it after `delay`, while it loads or just after; returns whether
    /// it had said it serves.
    private func killDuringStart(port: Int, workflows: URL, after delay: Duration) async throws -> Bool {
        generation += 1
        return try await CoreProcess.startAndKill(
            executable: executable, arguments: coreArguments(port: port, workflows: workflows),
            log: folder.appendingPathComponent("core-\(generation).log"), after: delay)
    }

    /// The arguments of `rota core` for the test's database, definitions and `port`.
    private func coreArguments(port: Int, workflows: URL) -> [String] {
        [
            "--port", "\(port)", "--db", folder.appendingPathComponent("rota.db").path, "--workflows", workflows.path,
            "--schedule", "collect_and_cleanup=none", "--log-level", "info",
        ]
    }

    /// Subscribes actor `id` to every step of the test's workflows, waiting for its answers.
    private func subscribe(_ id: String, api: CoreAPI) async throws {
        let subscriptions = CrashWorkflows.messageTypes.map { type -> JSONValue in
            ["message_type": .string(type), "wait_for_completion": true, "timeout": 30]
        }
        try await api.put(CoreConnection.path("subscriber", id), json: .array(subscriptions))
    }

    /// Starts runs of the test workflow until `runsInFlight` are unfinished; returns their ids.
    private func keepRunsGoing(api: CoreAPI) async throws -> [String] {
        let running = try await runningTasks(api: api).filter { $0.workflow == CrashWorkflows.stepsWorkflow }
        var started: [String] = []
        for _ in running.count..<max(running.count, options.runsInFlight) {
            let answer = try await api.post(CoreConnection.path("workflows", CrashWorkflows.stepsWorkflow, "run"))
            guard let taskId = answer["task_id"]?.stringValue else {
                throw CrashTestFailure("POST /workflows/\(CrashWorkflows.stepsWorkflow)/run started no run: \(answer.jsonText)")
            }
            started.append(taskId)
        }
        return started
    }

    /// The unfinished runs of the test's workflows (`GET /tasks`).
    private func runningTasks(api: CoreAPI) async throws -> [(id: String, workflow: String)] {
        let tasks = try await api.get("/tasks").arrayValue ?? []
        return tasks.compactMap { task in
            guard let id = task["task_id"]?.stringValue, let workflow = task["workflow"]?.stringValue,
                [CrashWorkflows.stepsWorkflow, CrashWorkflows.cronWorkflow].contains(workflow)
            else { return nil }
            return (id, workflow)
        }
    }

    /// The finished runs of `workflow` (`GET /history`).
    private func history(of workflow: String, api: CoreAPI) async throws -> [JSONValue] {
        try await api.get("/history", query: [("workflow", workflow), ("limit", "10000")]).arrayValue ?? []
    }

    /// Waits until at least 5 s have passed since the latest full minute and no cron run is
    /// unfinished, so that the latest minute's fire is in the history; returns that minute.
    private func waitForTheLastCronFire(api: CoreAPI) async throws -> Date {
        while true {
            let minute = CronMinutes.minute(of: Date())
            let settled = minute.addingTimeInterval(5)
            if Date() < settled { try await Task.pause(for: .seconds(settled.timeIntervalSinceNow)) }
            let cronRunning = await waitUntil(.seconds(30)) {
                ((try? await self.runningTasks(api: api)) ?? []).allSatisfy { $0.workflow != CrashWorkflows.cronWorkflow }
            }
            guard cronRunning else { throw CrashTestFailure("a cron run was still unfinished 30 s after its minute") }
            if CronMinutes.minute(of: Date()) == minute { return minute }
        }
    }

    /// Starts nothing within 5 s of a full minute, so that the first core registers its cron
    /// trigger well before or after it.
    private func waitUntilClearOfMinuteBoundary() async throws {
        let next = CronMinutes.minute(of: Date()).addingTimeInterval(60)
        if next.timeIntervalSinceNow < 5 { try await Task.pause(for: .seconds(next.timeIntervalSinceNow + 1)) }
    }

    /// Polls `condition` every 5 ms until it holds (true) or `timeout` passes (false).
    private func waitUntil(_ timeout: Duration, _ condition: () async -> Bool) async -> Bool {
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if await condition() { return true }
            try? await Task.pause(for: .milliseconds(5))
        }
        return await condition()
    }
}

/// The duration in seconds.
func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
