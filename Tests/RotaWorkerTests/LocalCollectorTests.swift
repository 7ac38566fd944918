import Foundation
import RotaModel
import Testing

@testable import RotaWorker

@Suite("local collector")
struct LocalCollectorTests {
    @Test func findsThisHostWithItsProcessorsAndMemory() async throws {
        let snapshots = try await LocalCollector().collect(feedback: RecordingFeedback())
        let snapshot = try #require(snapshots.first)
        #expect(snapshots.count == 1)
        #expect(snapshot.cloud == "local")
        #expect(snapshot.account == LocalHost.hostName())
        let host = try #require(snapshot.resources.first { $0.kind == "host" })
        #expect(host.id == "local:\(snapshot.account):host")
        #expect(host.attributes["host_cpus"]?.doubleValue ?? 0 > 0)
        #expect(host.attributes["host_memory_bytes"]?.doubleValue ?? 0 > 0)
        #expect(host.attributes["host_os"]?.stringValue?.isEmpty == false)
        #expect(try #require(host.ctime) < Date())
    }

    @Test func findsTheRootMountWithItsSpace() async throws {
        let snapshots = try await LocalCollector().collect(feedback: RecordingFeedback())
        let resources = snapshots.flatMap(\.resources)
        let root = try #require(resources.first { $0.kind == "mount" && $0.name == "/" })
        let size = try #require(root.attributes["size_bytes"]?.doubleValue)
        let free = try #require(root.attributes["free_bytes"]?.doubleValue)
        #expect(size > 0 && free >= 0 && free <= size)
        #expect(root.attributes["fs_type"]?.stringValue?.isEmpty == false)
        #expect(root.id == "local:\(snapshots[0].account):mount:/")
        let pseudo = resources.filter {
            LocalMounts.pseudoFileSystems.contains($0.attributes["fs_type"]?.stringValue ?? "")
        }
        #expect(pseudo.isEmpty)
    }

    @Test func findsTheLoopbackInterfaceWithItsAddress() async throws {
        let resources = try await LocalCollector().collect(feedback: RecordingFeedback()).flatMap(\.resources)
        let loopback = try #require(resources.first { $0.kind == "network_interface" && $0.name == "lo" })
        let addresses = loopback.attributes["addresses"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(addresses.contains("127.0.0.1"))
    }

    @Test func mountsAndInterfacesBelongToTheHost() async throws {
        let snapshot = try #require(try await LocalCollector().collect(feedback: RecordingFeedback()).first)
        let hostID = "local:\(snapshot.account):host"
        for resource in snapshot.resources where resource.kind != "host" {
            #expect(resource.parent == hostID, "\(resource.id)")
            #expect(resource.id.hasPrefix("local:\(snapshot.account):"))
        }
        #expect(Set(snapshot.resources.map(\.id)).count == snapshot.resources.count)
    }

    @Test func reportsProgressInThreeParts() async throws {
        let feedback = RecordingFeedback()
        _ = try await LocalCollector().collect(feedback: feedback)
        #expect(feedback.progress.map(\.current) == [1, 2, 3])
        #expect(feedback.progress.allSatisfy { $0.total == 3 && $0.path == ["local", LocalHost.hostName()] })
    }

    @Test func neverDeletes() async throws {
        let collector = LocalCollector()
        let host = Resource(id: "local:h:host", kind: "host", cloud: "local", account: "h")
        #expect(collector.owns(host))
        await #expect {
            try await collector.delete(host)
        } throws: { error in
            "\(error)" == "the local collector does not delete resources"
        }
    }

    @Test func readsProcessorsMemoryAndBootTimeFromProcText() {
        let cpuinfo = """
            processor\t: 0
            model name\t: Example CPU @ 2.0GHz

            processor\t: 1
            model name\t: Example CPU @ 2.0GHz
            """
        #expect(LocalHost.cpuCount(cpuinfo: cpuinfo) == 2)
        #expect(LocalHost.cpuModel(cpuinfo: cpuinfo) == "Example CPU @ 2.0GHz")
        #expect(LocalHost.memoryBytes(meminfo: "MemTotal:       16384 kB\nMemFree: 1 kB\n") == 16_777_216)
        #expect(LocalHost.memoryBytes(meminfo: "MemFree: 1 kB\n") == nil)
        #expect(LocalHost.bootTime(stat: "cpu 1 2 3\nbtime 1700000000\n") == Date(timeIntervalSince1970: 1_700_000_000))
        let osRelease = "NAME=Debian\nPRETTY_NAME=\"Debian GNU/Linux 12\"\n"
        #expect(LocalHost.prettyName(osRelease: osRelease) == "Debian GNU/Linux 12")
    }

    @Test func readsEscapedMountPoints() throws {
        let entry = try #require(MountEntry(line: "/dev/sdb1 /media/my\\040disk ext4 ro,relatime 0 0"))
        #expect(entry.mountPoint == "/media/my disk")
        #expect(entry.device == "/dev/sdb1")
        #expect(entry.fsType == "ext4")
        #expect(entry.readOnly)
        #expect(MountEntry(line: "garbage") == nil)
    }

    @Test func skipsPseudoFileSystemsAndFileMounts() throws {
        let table = MountEntry.table(
            """
            proc /proc proc rw 0 0
            tmpfs /dev/shm tmpfs rw 0 0
            /dev/vda / ext4 rw 0 0
            /dev/vda /etc/hostname ext4 rw 0 0
            """)
        #expect(table.count == 4)
        #expect(LocalMounts.candidates(table).map(\.mountPoint) == ["/"])
    }
}
