import Foundation
import RotaModel
import Testing

@testable import RotaWorker

/// Serialized: a script written by one test can be briefly held open by a program another test
/// starts at that moment, and running it would then fail with "text file busy".
@Suite("exec collector", .serialized)
struct ExecCollectorTests {
    /// The example script of the docs, with its state in a directory of the test's own.
    private func exampleCollector() throws -> ExecCollector {
        let directory = try Fixtures.directory()
        let wrapper = try Fixtures.script(
            "ROTA_EXEC_STATE='\(directory.path)/state' exec '\(Fixtures.exampleScript)' \"$@\"", in: directory)
        return ExecCollector(program: wrapper)
    }

    @Test func theExampleScriptGoesThroughCollectDeleteCollect() async throws {
        let collector = try exampleCollector()
        let feedback = RecordingFeedback()
        let first = try await collector.collect(feedback: feedback)
        #expect(first.map { [$0.cloud, $0.account] } == [["shell", "demo"]])
        let resources = Fixtures.byID(first)
        #expect(resources.count == 3)
        let volume = try #require(resources["shell:demo:volume:vm-1-root"])
        #expect(volume.parent == "shell:demo:instance:vm-1")
        #expect(volume.attributes["volume_size"] == 20)
        #expect(volume.ctime == Timestamp.date("2019-06-01T08:00:00Z"))
        #expect(feedback.infos.contains { $0.hasPrefix("\(collector.name): read 3 resources") })
        #expect(feedback.progress.map(\.path) == [[collector.name, "demo"]])

        #expect(collector.owns(volume))
        try await collector.delete(volume)
        let second = Fixtures.byID(try await collector.collect(feedback: RecordingFeedback()))
        #expect(second.count == 2)
        #expect(second[volume.id] == nil)
    }

    @Test func aFailedDeleteReportsTheExitCodeAndTheProgramsLastWords() async throws {
        let collector = try exampleCollector()
        let resources = Fixtures.byID(try await collector.collect(feedback: RecordingFeedback()))
        let instance = try #require(resources["shell:demo:instance:vm-1"])
        await #expect {
            try await collector.delete(instance)
        } throws: { error in
            guard case .programFailed(_, let command, let status, let line) = error as? CollectorError else {
                return false
            }
            return command == "delete \(instance.id)" && status == .exited(code: 1)
                && line == "\(instance.id) still has resources attached; delete them first"
        }
    }

    @Test func anAccountWithNothingLeftIsStillReported() async throws {
        let collector = try exampleCollector()
        for id in ["shell:demo:volume:vm-1-root", "shell:demo:instance:vm-1", "shell:demo:bucket:photos"] {
            try await collector.delete(Resource(id: id, kind: "any", cloud: "shell", account: "demo"))
        }
        let snapshots = try await collector.collect(feedback: RecordingFeedback())
        #expect(snapshots == [ResourceSnapshot(cloud: "shell", account: "demo", resources: [])])
    }

    @Test func deleteHandsTheResourceAsOneJSONLineOnStandardInput() async throws {
        let directory = try Fixtures.directory()
        let program = try Fixtures.script(
            "cat > '\(directory.path)/input'; echo \"$1 $2\" > '\(directory.path)/args'", in: directory)
        let resource = Resource(
            id: "c:a:volume:v/1", kind: "volume", name: "v 1", cloud: "c", account: "a", region: "r", parent: "c:a:i",
            tags: ["rota:expires": "2020-01-01T00:00:00Z"], ctime: Fixtures.now,
            attributes: ["volume_size": 20, "labels": ["x", "y"], "ratio": 0.5])
        try await ExecCollector(program: program).delete(resource)
        let input = try String(contentsOf: directory.appendingPathComponent("input"), encoding: .utf8)
        #expect(input.hasSuffix("}\n") && input.filter { $0 == "\n" }.count == 1)
        #expect(try ExecResourceLine.decode(input, using: JSONDecoder()) == .resource(resource))
        let args = try String(contentsOf: directory.appendingPathComponent("args"), encoding: .utf8)
        #expect(args == "delete c:a:volume:v/1\n")
    }

    @Test func anIdThatLooksLikeAnOptionIsNeverHandedToTheProgram() async throws {
        let directory = try Fixtures.directory()
        let program = try Fixtures.script("echo \"$@\" >> '\(directory.path)/calls'", in: directory)
        let collector = ExecCollector(program: program)
        for id in ["--rf", "-x"] {
            let error = await #expect(throws: CollectorError.self) {
                try await collector.delete(Resource(id: id, kind: "volume", cloud: "c", account: "a"))
            }
            #expect(error?.description.contains("resource id \"\(id)\" begins with \"-\"") == true)
        }
        try await collector.delete(Resource(id: "c:a:volume:-x", kind: "volume", cloud: "c", account: "a"))
        let calls = try String(contentsOf: directory.appendingPathComponent("calls"), encoding: .utf8)
        #expect(calls == "delete c:a:volume:-x\n")
    }

    @Test func argumentsComeBeforeTheCommand() async throws {
        let directory = try Fixtures.directory()
        let program = try Fixtures.script(
            "echo \"{\\\"cloud\\\": \\\"$1\\\", \\\"account\\\": \\\"$2\\\"}\"; [ \"$3\" = collect ]", in: directory)
        let snapshots = try await ExecCollector(program: program, arguments: ["sky", "blue"])
            .collect(feedback: RecordingFeedback())
        #expect(snapshots == [ResourceSnapshot(cloud: "sky", account: "blue", resources: [])])
    }

    @Test func aFailingProgramReportsItsExitCodeAndLastErrorLine() async throws {
        let directory = try Fixtures.directory()
        let program = try Fixtures.script("echo 'starting' >&2; echo 'disk on fire' >&2; exit 3", in: directory)
        let collector = ExecCollector(program: program)
        let feedback = RecordingFeedback()
        let error = await #expect(throws: CollectorError.self) {
            try await collector.collect(feedback: feedback)
        }
        #expect(
            error == .programFailed(
                collector: collector.name, command: "collect", status: .exited(code: 3), lastErrorLine: "disk on fire"))
        #expect(error.map { "\($0)" } == "\(collector.name): `collect` exited with code 3: disk on fire")
        #expect(feedback.infos == ["\(collector.name): starting", "\(collector.name): disk on fire"])
    }

    @Test func aHangingProgramIsStoppedWithItsChildrenByTheTimeout() async throws {
        let directory = try Fixtures.directory()
        let pidFile = directory.appendingPathComponent("sleep.pid").path
        let program = try Fixtures.script("sleep 30 & echo $! > '\(pidFile)'; wait", in: directory)
        let collector = ExecCollector(program: program, collectTimeout: .seconds(1))
        let started = ContinuousClock.now
        await #expect(
            throws: CollectorError.programTimedOut(collector: collector.name, command: "collect", limit: .seconds(1))
        ) {
            try await collector.collect(feedback: RecordingFeedback())
        }
        #expect(ContinuousClock.now - started < .seconds(10))
        let pid = try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        var stopped = false
        for _ in 0..<50 where !stopped {
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            stopped = stat.isEmpty || stat.contains(") Z ")
            if !stopped { try await Task.pause(for: .milliseconds(100)) }
        }
        #expect(stopped, "sleep \(pid) still runs")
    }

    @Test func programsStartWithNoSignalBlocked() async throws {
        let directory = try Fixtures.directory()
        let program = try Fixtures.script("exec grep SigBlk /proc/self/status >&2", in: directory)
        let collector = ExecCollector(program: program)
        let feedback = RecordingFeedback()
        _ = try await collector.collect(feedback: feedback)
        #expect(feedback.infos == ["\(collector.name): SigBlk:\t0000000000000000"])
    }

    @Test func aLineThatIsNotAResourceFailsTheCollect() async throws {
        let directory = try Fixtures.directory()
        let good = #"{"id": "a", "kind": "k", "cloud": "c", "account": "x"}"#
        let cases: [(String, String)] = [
            ("not json", "not JSON"),
            (#"{"id": "a", "kind": "k", "account": "x"}"#, "missing key \"cloud\""),
            (#"{"id": "a", "cloud": "c", "account": "x"}"#, "missing key \"kind\""),
            (#"{"id": "a", "kind": "k", "cloud": "c", "account": "x", "tags": {"n": 1}}"#, "\"tags.n\" has the wrong type"),
            (#"{"id": "a", "kind": "k", "cloud": "c", "account": "x", "ctime": "yesterday"}"#,
             "\"ctime\" is not an ISO-8601 time: \"yesterday\""),
        ]
        for (line, reason) in cases {
            let program = try Fixtures.script("cat <<'EOF'\n\(good)\n\n\(line)\nEOF", in: directory)
            let collector = ExecCollector(program: program)
            await #expect(throws: CollectorError.badOutput(collector: collector.name, line: 3, reason: reason)) {
                try await collector.collect(feedback: RecordingFeedback())
            }
        }
    }

    @Test(arguments: [false, true])
    func aLineLongerThanTheLimitStopsTheProgramAndFailsTheCollect(onStandardError: Bool) async throws {
        let directory = try Fixtures.directory()
        let redirect = onStandardError ? " >&2" : ""
        let program = try Fixtures.script("echo\(redirect); head -c 2097152 /dev/zero | tr '\\0' a\(redirect); exec sleep 300", in: directory)
        let collector = ExecCollector(program: program)
        let error = await #expect(throws: CollectorError.self) {
            try await collector.collect(feedback: RecordingFeedback())
        }
        #expect(
            error == .lineTooLong(collector: collector.name, command: "collect", line: 2, limit: 1 << 20, standardError: onStandardError))
        let stream = onStandardError ? "standard error" : "standard output"
        #expect(error.map { "\($0)" } == "\(collector.name): `collect` wrote line 2 of its \(stream) longer than 1048576 bytes and was stopped")
    }

    @Test func readsMuchOutputOnBothStreamsWithoutBlocking() async throws {
        let directory = try Fixtures.directory()
        let program = try Fixtures.script(
            """
            awk 'BEGIN { for (i = 0; i < 20000; i++) {
                printf "{\\"id\\": \\"r%d\\", \\"kind\\": \\"k\\", \\"cloud\\": \\"c\\", \\"account\\": \\"a%d\\"}\\n", i, i % 2
                printf "note %d\\n", i > "/dev/stderr" } }'
            """, in: directory)
        let feedback = RecordingFeedback()
        let snapshots = try await ExecCollector(program: program).collect(feedback: feedback)
        #expect(snapshots.map(\.account) == ["a0", "a1"])
        #expect(Fixtures.count(snapshots) == 20_000)
        #expect(feedback.infos.count == 20_000)
    }

    @Test func ownsTheCloudsOfItsLastCollect() async throws {
        let collector = try exampleCollector()
        let shell = Resource(id: "x", kind: "instance", cloud: "shell", account: "demo")
        #expect(!collector.owns(shell))
        _ = try await collector.collect(feedback: RecordingFeedback())
        #expect(collector.owns(shell))
        #expect(!collector.owns(Resource(id: "x", kind: "instance", cloud: "example", account: "demo")))
    }

    @Test func aProgramThatCannotStartIsAnErrorInTheSystemsWords() async throws {
        let directory = try Fixtures.directory()
        let missing = directory.appendingPathComponent("missing").path
        let notExecutable = directory.appendingPathComponent("plain.txt")
        try "hello".write(to: notExecutable, atomically: true, encoding: .utf8)
        for (path, reason) in [(missing, "No such file or directory"), (notExecutable.path, "Permission denied")] {
            let collector = ExecCollector(program: path)
            let expected = CollectorError.programNotStarted(collector: collector.name, reason: "\(path): \(reason)")
            await #expect(throws: expected) {
                try await collector.collect(feedback: RecordingFeedback())
            }
        }
    }
}
