import Foundation
import RotaModel
import RotaSpawn
import RotaTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A wait for a started program ends with the program, or as soon as the waiting task is
/// cancelled, instead of looking again and again until the program ends.
@Suite("Waiting for a started program")
struct SpawnedProcessWaitTests {
    @Test func aWaitTellsHowTheProgramEnded() async throws {
        let program = try SpawnedProcess("/bin/sh", arguments: ["-c", "exit 3"])
        #expect(await program.waitUntilExit() == .exited(code: 3))
    }

    @Test func aCancelledWaitEndsWhileTheProgramRunsOn() async throws {
        let program = try SpawnedProcess("/bin/sleep", arguments: ["300"])
        defer { program.signal(SIGKILL) }
        let waitEnded = Announcement<SpawnedProcess.Ending?>()
        let waiting = Task {
            waitEnded.announce(await program.waitUntilExit())
        }
        waiting.cancel()
        try await eventually("the cancelled wait ends", within: 60) { waitEnded.isAnnounced }
        #expect(try await waitEnded.value() == nil)
        #expect(program.isRunning)
    }
}
