import Foundation
import HummingbirdWSClient
import Logging
import RotaBenchmarkSupport
import RotaClient
import RotaEngine
import RotaModel
import Synchronization

/// Part (a): many actors connected at once, each subscribed (blocking) to every step of
/// `collect_and_cleanup` and answering each action with `action_done` as soon as it arrives,
/// through several whole runs of the workflow, one after the other.
///
/// A step's transition time is measured at the actors, on this process's monotonic clock: from
/// the last answer of a step (sent by whichever actor answered last) until the next step's action
/// has reached every actor. It covers the core reading every answer, storing the step's end,
/// and writing the next action to every connection.
struct ActorsMeasurement {
    let actors: Int
    let runs: Int

    /// What one measurement gave.
    struct Result {
        var transitions: [Double]
        var runSeconds: [Double]
        var answers: Int
        var memory: ProcessMemory
        var lostConnections: Int
        var registerSeconds: Double
        var connectSeconds: Double
    }

    /// When the actors received each step's action and sent their answers, by run and step: the
    /// latest of all actors.
    private final class Timeline: Sendable {
        struct Key: Hashable { let task: String; let step: Int }
        let received = Mutex<[Key: ContinuousClock.Instant]>([:])
        let answered = Mutex<[Key: ContinuousClock.Instant]>([:])
        let answers = Mutex(0)
    }

    func run() async throws -> Result {
        let workflow = DefaultWorkflows.all().first { $0.id == "collect_and_cleanup" }!
        let stepIndex = Dictionary(uniqueKeysWithValues: workflow.steps.enumerated().map { ($1.name, $0) })
        let core = try ChildCore.start()
        let api = CoreAPI(connection: CoreConnection(url: URL(string: "http://127.0.0.1:\(core.port)")!), timeout: .seconds(120))
        let connections = LoadConnections(port: core.port)
        let ids = (0..<actors).map { "load-actor-\($0)" }
        let clock = ContinuousClock()
        let began = clock.now
        try await connections.register(ids, to: workflow.steps.map(\.name), api: api)
        let registered = clock.now

        let timeline = Timeline()
        let tasks = try await connections.connect(ids) { text, outbound in
            guard case .action(let action)? = try? Message(jsonText: text), let step = stepIndex[action.step] else { return }
            let key = Timeline.Key(task: action.task, step: step)
            let arrived = clock.now
            try await outbound.write(.text(Message.actionDone(action).jsonText))
            let sent = clock.now
            timeline.received.withLock { $0[key] = max($0[key] ?? arrived, arrived) }
            timeline.answered.withLock { $0[key] = max($0[key] ?? sent, sent) }
            timeline.answers.withLock { $0 += 1 }
        }
        let (ends, endsContinuation) = AsyncStream<String>.makeStream()
        let (watching, watchingContinuation) = AsyncStream<Void>.makeStream()
        let watcher = Task {
            try await WebSocketClient.connect(url: "ws://127.0.0.1:\(core.port)/events?show=task_end", logger: Logger(label: "load")) {
                inbound, _, _ in
                watchingContinuation.yield()
                for try await frame in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = frame, case .event(let event)? = try? Message(jsonText: text),
                        let task = event.data["task_id"]?.stringValue
                    else { continue }
                    endsContinuation.yield(task)
                }
            }
        }
        var watchingIterator = watching.makeAsyncIterator()
        _ = await watchingIterator.next()
        let connected = clock.now

        var runSeconds: [Double] = []
        var endIterator = ends.makeAsyncIterator()
        for _ in 0..<runs {
            let started = clock.now
            let answer = try await api.post(CoreConnection.path("workflows", workflow.id, "run"))
            guard let taskId = answer["task_id"]?.stringValue else { throw BenchmarkFailure("no run started: \(answer.jsonText)") }
            while let ended = await endIterator.next(), ended != taskId {}
            runSeconds.append(seconds(clock.now - started))
            FileHandle.standardError.write(
                Data(String(format: "run %d of %d: %.3f s, %d connections lost\n", runSeconds.count, runs, runSeconds.last!, connections.lostCount).utf8))
        }
        let memory = core.memory

        let received = timeline.received.withLock { $0 }
        let answered = timeline.answered.withLock { $0 }
        var transitions: [Double] = []
        for (key, arrival) in received where key.step > 0 {
            guard let lastAnswer = answered[Timeline.Key(task: key.task, step: key.step - 1)] else { continue }
            transitions.append(seconds(arrival - lastAnswer) * 1000)
        }
        let lost = connections.lostCount
        watcher.cancel()
        for task in tasks { task.cancel() }
        await core.stop()
        return Result(
            transitions: transitions.sorted(), runSeconds: runSeconds, answers: timeline.answers.withLock { $0 }, memory: memory,
            lostConnections: lost, registerSeconds: seconds(registered - began), connectSeconds: seconds(connected - registered))
    }
}

/// The duration in seconds.
func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// The value below which `p` of the sorted `values` lie.
func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.down)))]
}
