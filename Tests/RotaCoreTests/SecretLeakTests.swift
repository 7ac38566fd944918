import Foundation
import RotaAuth
import RotaCore
import RotaModel
import RotaTestSupport
import Testing

/// The pre-shared key and the passwords of webhook URLs never show: not in the core's log, not
/// in a run's log, the history, the runs, the events, error answers, or definitions read back
/// (where a webhook's password reads `***`).
@Suite("secrets never show")
struct SecretLeakTests {
    private static let psk = "psk-\(UUID().uuidString)"
    private static let password = "pw-\(UUID().uuidString)"

    /// A core with the key, logging into `recorder`, for `body`; stopped afterwards.
    private static func withCore(
        recorder: LogRecorder, databasePath: String? = nil, _ body: (Int) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rota-secrets-\(UUID().uuidString)")
        var settings = CoreSettings()
        settings.port = 0
        settings.databasePath = databasePath ?? directory.appendingPathComponent("rota.db").path
        try FileManager.default.createDirectory(
            atPath: (settings.databasePath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        settings.timeZone = TimeZone(identifier: "UTC")!
        settings.psk = psk
        settings.tickInterval = .milliseconds(100)
        try await Core.open(settings: settings, logger: recorder.logger()).serving(body)
    }

    /// Every text of `texts` that shows the key or the password.
    private static func leaks(in texts: [String]) -> [String] {
        texts.filter { $0.contains(psk) || $0.contains(password) }
    }

    @Test func neitherTheKeyNorAWebhookPasswordShowsAnywhere() async throws {
        let server = try HookServer { path in
            switch path {
            case "/fails": return .init(status: 500)
            case "/moved": return .init(status: 302, headers: ["Location": "http://hook:\(Self.password)@127.0.0.1:1/else"])
            default: return .init(status: 200)
            }
        }
        defer { server.close() }
        let recorder = LogRecorder()
        var answers: [String] = []
        try await Self.withCore(recorder: recorder) { port in
            let client = CoreClient(port: port, psk: Self.psk)
            let events = try RawConnection(port: port)
            try events.send(
                RawConnection.upgradeRequest(path: "/events", port: port)
                    .replacingOccurrences(of: "\r\n\r\n", with: "\r\nAuthorization: \(TokenSigner(key: PreSharedKey(Self.psk)).authorizationHeader())\r\n\r\n"))
            #expect(try await events.readResponse().status == 101)

            let hook = "http://hook:\(Self.password)@127.0.0.1:\(server.port)"
            let workflow: JSONValue = [
                "environment": ["hook": .string("\(hook)/env")],
                "steps": [
                    ["name": "refused", "action": ["command": .string("http post http://hook:\(Self.password)@127.0.0.1:1/refused {\"a\": 1}")]],
                    ["name": "answered", "action": ["command": .string("http post \(hook)/answered")]],
                    ["name": "fails", "action": ["command": .string("http post \(hook)/fails")]],
                    ["name": "moved", "action": ["command": .string("http post \(hook)/moved")], "on_error": "Stop"],
                ],
            ]
            let put = try await client.request(.PUT, "/workflows/leaky", json: workflow)
            #expect(put.status == 201, "\(put.text)")
            answers.append(put.text)
            let job = try await client.request(.PUT, "/jobs/leaky", json: ["command": .string("http post \(hook)/job"), "trigger": ["message_type": "never"]])
            #expect(job.status == 201)
            answers.append(job.text)
            let badCommand = try await client.request(
                .PUT, "/workflows/broken", json: ["steps": [["name": "s", "action": ["command": .string("htp post \(hook)/typo")]]]])
            #expect(badCommand.status == 400)
            answers.append(badCommand.text)
            let badJSON = try await client.request(.PUT, "/jobs/broken", json: ["command": .string("http post \(hook)/x {not json"), "trigger": ["message_type": "never"]])
            #expect(badJSON.status == 400)
            answers.append(badJSON.text)

            let run = try await client.run("leaky")
            answers.append(try await client.request(.GET, "/tasks").text)
            answers.append(try await client.request(.GET, "/tasks/\(run)").text)
            let finished = try await client.finishedRun(run, within: 60)
            #expect(finished["outcome"] == "failure")
            let jobRun = try await client.run("job.leaky")
            _ = try await client.finishedRun(jobRun, within: 60)
            let log = try await client.request(.GET, "/tasks/\(run)/log").text
            #expect(log.contains("http post http://hook:***@127.0.0.1:\(server.port)/answered answered 200"))
            #expect(log.contains("a redirect to http://hook:***@127.0.0.1:1/else"))
            answers.append(log)
            for path in [
                "/tasks/\(run)", "/tasks/\(jobRun)/log", "/tasks/\(jobRun)", "/history", "/history/summary", "/workflows", "/workflows/leaky",
                "/jobs", "/jobs/leaky", "/workflows/missing", "/tasks/missing", "/subscribers", "/audit", "/system/ready",
            ] {
                answers.append(try await client.request(.GET, path).text)
            }
            let shown = try await client.request(.GET, "/workflows/leaky").text
            #expect(shown.contains("hook:***@127.0.0.1:\(server.port)/env"))
            #expect(try await client.request(.GET, "/jobs/leaky").text.contains("hook:***@127.0.0.1"))
            let forged = try await CoreClient(port: port, psk: "not-\(Self.psk)").request(.GET, "/workflows")
            #expect(forged.status == 401)
            answers.append(forged.text)
            answers.append(try await CoreClient(port: port).request(.GET, "/workflows").text)

            var frames: [String] = []
            while let frame = try? await events.readFrame(within: 2) { frames.append(frame) }
            #expect(frames.contains { $0.contains("task_end") })
            #expect(frames.contains { $0.contains("hook:***@") })
            answers += frames
        }
        #expect(server.received.contains { $0.contains("Authorization: Basic \(Data("hook:\(Self.password)".utf8).base64EncodedString())") })
        let logLines = recorder.recorded.map(\.text)
        #expect(logLines.contains { $0.contains("hook:***@") })
        #expect(Self.leaks(in: answers).isEmpty)
        #expect(Self.leaks(in: logLines).isEmpty)
    }

    @Test func aDatabaseThatLooksLikeAURLShowsNoPasswordInTheServingLine() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rota-secrets-\(UUID().uuidString)")
        let recorder = LogRecorder()
        try await Self.withCore(recorder: recorder, databasePath: directory.path + "/sqlite://rota:\(Self.password)@db/rota.db") { _ in }
        let serving = try #require(recorder.recorded.map(\.text).first { $0.hasPrefix("Rota core serving on") })
        #expect(serving.contains("sqlite://rota:***@db/rota.db"))
        #expect(Self.leaks(in: recorder.recorded.map(\.text)).isEmpty)
    }
}
