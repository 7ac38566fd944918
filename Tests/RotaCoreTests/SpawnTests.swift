import Foundation
import RotaSpawn
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `Spawn` starts a program as asked: its environment, its folder, its own group, its output
/// where it was sent, none of the caller's other descriptors, and the system's words when it
/// cannot start.
@Suite("Starting programs")
struct SpawnTests {
    /// Runs `/bin/sh -c script` to its end and returns what it printed and its status.
    private func run(
        _ script: String, environment: [String: String]? = nil, directory: String? = nil
    ) throws -> (output: String, status: Int32) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rota-spawn-\(UUID().uuidString)")
        try Data().write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let handle = try FileHandle(forWritingTo: file)
        let id = try Spawn.start(
            "/bin/sh", arguments: ["-c", script], environment: environment, directory: directory, output: .descriptor(handle.fileDescriptor))
        try handle.close()
        var status: Int32 = 0
        while waitpid(id, &status, 0) == -1, errno == EINTR {}
        return (try String(contentsOf: file, encoding: .utf8), Spawn.shellStatus(status))
    }

    @Test func theProgramSeesTheEnvironmentItIsGivenAndNothingElse() throws {
        let result = try run("echo \"$ROTA_SPAWN_TEST|$HOME\"", environment: ["ROTA_SPAWN_TEST": "given"])
        #expect(result.output == "given|\n")
        #expect(result.status == 0)
    }

    @Test func theProgramRunsInTheFolderItIsGiven() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rota-spawn-folder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try run("pwd -P", directory: folder.path)
        #expect(result.output == folder.resolvingSymlinksInPath().path + "\n")
    }

    @Test func theExitCodeAndAKillingSignalAreToldAsAShellTellsThem() throws {
        #expect(try run("exit 7").status == 7)
        #expect(try run("kill -TERM $$").status == 128 + SIGTERM)
    }

    @Test func theProgramInheritsNoOtherDescriptorOfTheCaller() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rota-spawn-open-\(UUID().uuidString)")
        try Data().write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let open = try FileHandle(forReadingFrom: file)
        defer { try? open.close() }
        let result = try run("if [ -e /proc/self/fd/\(open.fileDescriptor) ]; then echo inherited; else echo closed; fi")
        #expect(result.output == "closed\n")
    }

    @Test func aProgramInAGroupOfItsOwnLeadsIt() throws {
        let id = try Spawn.start("/bin/sleep", arguments: ["30"], ownGroup: true)
        defer {
            kill(-id, SIGKILL)
            var status: Int32 = 0
            waitpid(id, &status, 0)
        }
        #expect(getpgid(id) == id)
        #expect(getpgid(id) != getpgrp())
    }

    @Test func aProgramThatCannotStartIsRefusedInTheSystemsWords() {
        let missing = "/nonexistent/rota-spawn-\(UUID().uuidString)"
        #expect {
            _ = try Spawn.start(missing, arguments: [])
        } throws: { error in
            (error as? SpawnFailure)?.reason == "No such file or directory" && "\(error)".contains(missing)
        }
    }
}
