import Foundation
import RotaModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file systems of this host that hold data, as `mount` resources with their size and free
/// space.
///
/// A mount is reported when its type is not a pseudo or memory file system (`pseudoFileSystems`),
/// its mount point is a directory (a single file bind-mounted into a container is not a file
/// system of its own) and `statvfs` reports a size above zero. When a mount point is mounted
/// over, the mount on top is the one reported.
enum LocalMounts {
    /// File system types that hold no data of their own: kernel interfaces, and file systems in
    /// memory that are gone at the next boot.
    static let pseudoFileSystems: Set<String> = [
        "autofs", "binfmt_misc", "bpf", "cgroup", "cgroup2", "configfs", "debugfs", "devpts", "devtmpfs",
        "efivarfs", "fusectl", "hugetlbfs", "mqueue", "nsfs", "proc", "pstore", "ramfs", "rpc_pipefs",
        "securityfs", "selinuxfs", "sysfs", "tmpfs", "tracefs",
    ]

    /// The mount resources of the host, children of its host resource.
    static func resources(of host: LocalHost) throws(CollectorError) -> [Resource] {
        guard let table = LocalFile.text("/proc/self/mounts") ?? LocalFile.text("/proc/mounts") else {
            throw .unreadable(collector: "local", what: "/proc/self/mounts", reason: "the file cannot be read")
        }
        var byMountPoint: [String: Resource] = [:]
        var order: [String] = []
        for entry in candidates(MountEntry.table(table)) {
            guard let space = space(at: entry.mountPoint) else { continue }
            if byMountPoint[entry.mountPoint] == nil { order.append(entry.mountPoint) }
            byMountPoint[entry.mountPoint] = resource(entry, space: space, host: host)
        }
        return order.compactMap { byMountPoint[$0] }
    }

    /// The entries that may be real file systems: not pseudo ones, mounted on a directory.
    static func candidates(_ entries: [MountEntry]) -> [MountEntry] {
        entries.filter { entry in
            var isDirectory: ObjCBool = false
            return !pseudoFileSystems.contains(entry.fsType)
                && FileManager.default.fileExists(atPath: entry.mountPoint, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }
    }

    private static func space(at path: String) -> (size: Int64, free: Int64)? {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { return nil }
        let blockSize = Int64(stats.f_frsize)
        let size = Int64(stats.f_blocks) * blockSize
        guard size > 0 else { return nil }
        return (size, Int64(stats.f_bavail) * blockSize)
    }

    private static func resource(_ entry: MountEntry, space: (size: Int64, free: Int64), host: LocalHost) -> Resource {
        Resource(
            id: "local:\(host.name):mount:\(entry.mountPoint)", kind: "mount", name: entry.mountPoint,
            cloud: LocalCollector.cloud, account: host.name, region: LocalCollector.region, parent: host.id,
            attributes: [
                "mount_point": .string(entry.mountPoint),
                "fs_type": .string(entry.fsType),
                "device": .string(entry.device),
                "size_bytes": .int(space.size),
                "free_bytes": .int(space.free),
                "read_only": .bool(entry.readOnly),
            ])
    }
}
