import RotaModel

/// Sends generated frames at a core's two WebSockets (an actor's connection, then `/events`) and
/// checks every answer: each message is answered (`message_refused` on the same socket, or
/// published on the bus), each ping ponged, and each protocol violation ends the connection
/// with a close frame; anything else is a failure in the report.
///
/// Frames go in batches; a unit that closes the connection goes alone. After a batch the fuzzer
/// waits until the answers it expects have arrived (or `answerTimeout` passed), then checks
/// their number and kinds. On the actor's connection, what the core publishes is read from a
/// second, `/events` connection; on `/events`, the socket receives its own published events.
public struct FrameFuzzer: Sendable {
    public let settings: FuzzSettings

    public init(settings: FuzzSettings) {
        self.settings = settings
    }

    /// Fuzzes both sockets; `progress` is called about every `progressEvery` frames with the
    /// figures so far.
    public func run(progressEvery: Int = 100_000, progress: @Sendable (FuzzReport) -> Void = { _ in }) async throws -> FuzzReport {
        var report = FuzzReport()
        let actorFrames = settings.frames / 2
        for (target, frames) in [(FuzzTarget.actor, actorFrames), (.events, settings.frames - actorFrames)] {
            var lane = try await FuzzLane(settings: settings, target: target, frames: frames)
            let laneReport = try await lane.run(progressEvery: progressEvery, framesBefore: report.totalFrames) { laneReport in
                var sum = report
                sum.add(laneReport)
                progress(sum)
            }
            report.add(laneReport)
        }
        return report
    }
}

/// What reaches a lane: a frame from its socket (of the connection numbered `generation`), a
/// frame from its observer, or the passing of time.
enum LaneSignal: Sendable {
    case socket(generation: Int, ServerFrame)
    case observed(ServerFrame)
    case tick
}

/// One socket under fuzz: its connection (opened again whenever the core closes it), the
/// observer that sees what it publishes, and the accounting of answers.
struct FuzzLane {
    let settings: FuzzSettings
    let target: FuzzTarget
    let frames: Int
    private var generator: FrameGenerator
    private let signals: AsyncStream<LaneSignal>
    private let sink: AsyncStream<LaneSignal>.Continuation
    private var iterator: AsyncStream<LaneSignal>.Iterator
    private var generation = 0
    private var report = FuzzReport()

    init(settings: FuzzSettings, target: FuzzTarget, frames: Int) async throws {
        self.settings = settings
        self.target = target
        self.frames = frames
        generator = FrameGenerator(seed: settings.seed &+ (target == .actor ? 0 : 0x5EED), target: target, maxFrameSize: settings.maxFrameSize, mix: settings.mix)
        (signals, sink) = AsyncStream<LaneSignal>.makeStream()
        iterator = signals.makeAsyncIterator()
    }

    private var path: String {
        switch target {
        case .actor: return "/subscriber/\(settings.actorId)/handle"
        case .events: return "/events"
        }
    }

    /// Sends this lane's frames and returns what happened; `progress` is called each time the
    /// run's frames (`framesBefore` and this lane's) pass a multiple of `progressEvery`.
    mutating func run(progressEvery: Int, framesBefore: Int, progress: (FuzzReport) -> Void) async throws -> FuzzReport {
        let sink = self.sink
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.pause(for: .milliseconds(100))
                sink.yield(.tick)
            }
        }
        defer { ticker.cancel() }
        let observer = target == .actor ? try await RawWebSocket.connect(host: settings.host, port: settings.port, path: "/events", seed: settings.seed) { frame in
            sink.yield(.observed(frame))
        } : nil
        var socket = try await open()
        let clock = ContinuousClock()
        let started = clock.now
        var pending: FuzzUnit?
        var sent = 0
        var nextProgress = (framesBefore / progressEvery + 1) * progressEvery - framesBefore
        while sent < frames {
            var batch: [FuzzUnit] = []
            var batchFrames = 0
            while batchFrames < settings.batchFrames && sent + batchFrames < frames {
                let unit = pending ?? generator.next()
                pending = nil
                if unit.expectation.close != .stays && !batch.isEmpty {
                    pending = unit
                    break
                }
                batch.append(unit)
                batchFrames += unit.frames.count
                if unit.expectation.close != .stays { break }
            }
            for unit in batch {
                report.units[unit.category, default: 0] += 1
                report.frames[unit.category, default: 0] += unit.frames.count
            }
            sent += batchFrames
            if try await exchange(batch, on: socket) {
                await socket.close()
                socket = try await open()
                report.reconnects += 1
            }
            report.elapsed = clock.now - started
            if sent >= nextProgress {
                nextProgress += progressEvery
                progress(report)
            }
        }
        let barrier = FuzzUnit(
            category: .valid, frames: [FuzzFrame(opcode: FuzzFrame.text, payload: Array(#"{"kind":"event","message_type":"fuzz_last","data":{}}"#.utf8))],
            expectation: FuzzExpectation(answer: .published))
        if try await exchange([barrier], on: socket) { report.fail("\(target) socket: closed on the last, valid event") }
        report.elapsed = clock.now - started
        await socket.close()
        await observer?.close()
        return report
    }

    /// Opens the lane's socket as a new generation; an actor's connection refused with 429
    /// (the core has not yet noticed the previous one closed) is tried again for a while. Each
    /// attempt is a generation of its own, so that the end of a refused one is not taken for
    /// the end of the connection that follows it.
    private mutating func open() async throws -> RawWebSocket {
        let sink = self.sink
        let clock = ContinuousClock()
        let deadline = clock.now + settings.answerTimeout
        while true {
            generation += 1
            let generation = self.generation
            do {
                return try await RawWebSocket.connect(host: settings.host, port: settings.port, path: path, seed: settings.seed &+ UInt64(generation)) { frame in
                    sink.yield(.socket(generation: generation, frame))
                }
            } catch let refusal as RawWebSocket.UpgradeRefused where refusal.status == 429 && clock.now < deadline {
                try await Task.pause(for: .milliseconds(5))
            }
        }
    }

    /// Sends a batch and checks what comes back; returns whether the connection is closed.
    private mutating func exchange(_ batch: [FuzzUnit], on socket: RawWebSocket) async throws -> Bool {
        var answers = Tally()
        let expected = Tally(expecting: batch.map(\.expectation))
        let mustClose = batch.contains { $0.expectation.close == .closes }
        let mayClose = mustClose || batch.contains { $0.expectation.close == .answersOrCloses }
        do {
            try await socket.send(batch.flatMap(\.frames))
            report.bytesSent += batch.reduce(0) { $0 + $1.frames.reduce(0) { $0 + $1.payload.count + 14 } }
        } catch {
            answers.ended = true
        }
        let clock = ContinuousClock()
        let deadline = clock.now + settings.answerTimeout
        while !answers.isClosed && clock.now < deadline {
            if !mustClose && answers.answered >= expected.answered && answers.pongs >= expected.pongs { break }
            guard let signal = await iterator.next() else { break }
            receive(signal, into: &answers)
        }
        report.refused += answers.refused
        report.published += answers.published
        report.pongs += answers.pongs
        let units = batch.map(\.summary).joined(separator: "\n    ")
        for problem in answers.problems { report.fail("\(target) socket: \(problem) after\n    \(units)") }
        if let (code, reason) = answers.close {
            let category = batch.last!.category
            let codeText = code.map(String.init) ?? "no code"
            report.closes["\(category.rawValue): \(codeText) \(reason.isEmpty ? "(no reason)" : reason)", default: 0] += 1
            if reason.isEmpty && category != .clientClose { report.closesWithoutReason += 1 }
            if !mayClose { report.fail("\(target) socket: closed (\(codeText) \(reason)) although nothing asked for it, after\n    \(units)") }
            return true
        }
        if answers.ended {
            if mustClose && batch.contains(where: { $0.category == .oversizedFrame || $0.category == .oversizedMessage }) {
                report.closes["\(batch.last!.category.rawValue): reset while the frame was still being sent, close frame lost", default: 0] += 1
            } else {
                report.fail("\(target) socket: the connection ended without a close frame after\n    \(units)")
            }
            return true
        }
        if mustClose {
            report.fail("\(target) socket: not closed within \(settings.answerTimeout) after\n    \(units)")
            return true
        }
        if answers.answered < expected.answered {
            report.fail("\(target) socket: \(expected.answered - answers.answered) of \(expected.answered) messages unanswered within \(settings.answerTimeout) in\n    \(units)")
        } else if answers.answered > expected.answered {
            report.fail("\(target) socket: \(answers.answered - expected.answered) answers more than the \(expected.answered) messages sent, in\n    \(units)")
        } else if answers.refused < expected.refused || answers.published < expected.published {
            report.fail(
                "\(target) socket: \(answers.refused) refused and \(answers.published) published where \(expected.refused) must be refused and \(expected.published) published, in\n    \(units)"
            )
        }
        if answers.pongs != expected.pongs {
            report.fail("\(target) socket: \(answers.pongs) pongs for \(expected.pongs) pings in\n    \(units)")
        }
        return false
    }

    /// Counts one signal into `answers`; frames of earlier connections are ignored.
    private func receive(_ signal: LaneSignal, into answers: inout Tally) {
        switch signal {
        case .tick:
            return
        case .socket(let frameGeneration, let frame):
            guard frameGeneration == generation else { return }
            switch frame {
            case .message(let isText, let bytes):
                switch Self.classify(bytes, isText: isText) {
                case .refusal: answers.refused += 1
                case .listenerNotice: break
                case .other where target == .events: answers.published += 1
                case .other: answers.problems.append("the actor's connection received a message it never subscribed to: \(Self.head(bytes))")
                case .malformed(let problem): answers.problems.append(problem)
                }
            case .pong:
                answers.pongs += 1
            case .close(let code, let reason):
                answers.close = (code, reason)
            case .ended:
                answers.ended = true
            }
        case .observed(let frame):
            switch frame {
            case .message(let isText, let bytes):
                switch Self.classify(bytes, isText: isText) {
                case .refusal, .other: answers.published += 1
                case .listenerNotice: break
                case .malformed(let problem): answers.problems.append("observer: " + problem)
                }
            case .close(let code, let reason):
                answers.problems.append("the observing /events connection was closed: \(code.map(String.init) ?? "no code") \(reason)")
            case .ended:
                answers.problems.append("the observing /events connection ended")
            case .pong:
                break
            }
        }
    }

    /// What a message from the core is to the accounting.
    private enum Received {
        /// A `message_refused` event with its reason.
        case refusal
        /// `message-listener-connected` or `-disconnected`, which the core publishes itself.
        case listenerNotice
        /// Any other message.
        case other
        /// Not a message at all: a failure.
        case malformed(String)
    }

    private static func classify(_ bytes: [UInt8], isText: Bool) -> Received {
        guard isText else { return .malformed("the core sent a binary frame: \(head(bytes))") }
        guard let message = try? Message(jsonText: String(decoding: bytes, as: UTF8.self)) else {
            return .malformed("the core sent text that is not a message: \(head(bytes))")
        }
        switch (message.kind, message.messageType) {
        case (.event, "message_refused"):
            guard let reason = message.data["reason"]?.stringValue, !reason.isEmpty else {
                return .malformed("a refusal without a reason: \(head(bytes))")
            }
            return .refusal
        case (.event, "message-listener-connected"), (.event, "message-listener-disconnected"):
            return .listenerNotice
        default:
            return .other
        }
    }

    private static func head(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.prefix(200), as: UTF8.self)
    }
}

/// Answers counted for a batch, or expected for it.
struct Tally {
    var refused = 0
    var published = 0
    /// Messages whose answer may be either.
    var either = 0
    var pongs = 0
    var close: (code: UInt16?, reason: String)?
    var ended = false
    var problems: [String] = []

    init() {}

    /// What a correct core answers to units with `expectations`.
    init(expecting expectations: [FuzzExpectation]) {
        for expectation in expectations {
            pongs += expectation.pongs
            switch expectation.answer {
            case .refused?: refused += 1
            case .published?: published += 1
            case .refusedOrPublished?: either += 1
            case nil: break
            }
        }
    }

    /// Messages answered one way or the other (expected: every message).
    var answered: Int { refused + published + either }

    var isClosed: Bool { close != nil || ended }
}
