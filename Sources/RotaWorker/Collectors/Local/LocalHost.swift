import Foundation
import RotaModel

/// This host as the `local` collector reports it: its name, processors, memory, operating system
/// and boot time, read from /proc.
struct LocalHost: Sendable, Hashable {
    var name: String
    var cpus: Int
    var cpuModel: String?
    var memoryBytes: Int64
    var os: String
    var kernel: String?
    var distribution: String?
    var bootTime: Date?

    /// Reads this host.
    static func read() throws(CollectorError) -> LocalHost {
        guard let meminfo = LocalFile.text("/proc/meminfo"), let memory = memoryBytes(meminfo: meminfo) else {
            throw .unreadable(collector: "local", what: "/proc/meminfo", reason: "no MemTotal line")
        }
        let cpuinfo = LocalFile.text("/proc/cpuinfo") ?? ""
        let counted = cpuCount(cpuinfo: cpuinfo)
        return LocalHost(
            name: hostName(),
            cpus: counted > 0 ? counted : ProcessInfo.processInfo.activeProcessorCount,
            cpuModel: cpuModel(cpuinfo: cpuinfo),
            memoryBytes: memory,
            os: LocalFile.firstLine("/proc/sys/kernel/ostype") ?? "Linux",
            kernel: LocalFile.firstLine("/proc/sys/kernel/osrelease"),
            distribution: LocalFile.text("/etc/os-release").flatMap(prettyName(osRelease:)),
            bootTime: LocalFile.text("/proc/stat").flatMap(bootTime(stat:)))
    }

    /// The `host` resource; its id is `local:<host name>:host`.
    func resource() -> Resource {
        var attributes: [String: JSONValue] = [
            "host_cpus": .int(Int64(cpus)),
            "host_memory_bytes": .int(memoryBytes),
            "host_os": .string(os),
        ]
        attributes["host_cpu_model"] = cpuModel.map(JSONValue.string)
        attributes["host_kernel"] = kernel.map(JSONValue.string)
        attributes["host_distribution"] = distribution.map(JSONValue.string)
        return Resource(
            id: id, kind: "host", name: name, cloud: LocalCollector.cloud, account: name,
            region: LocalCollector.region, ctime: bootTime, attributes: attributes)
    }

    /// The id of this host's resource, the parent of its mounts and interfaces.
    var id: String { "local:\(name):host" }

    /// The host name as the kernel knows it.
    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return ProcessInfo.processInfo.hostName }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? ProcessInfo.processInfo.hostName : name
    }

    /// The number of `processor` entries in /proc/cpuinfo.
    static func cpuCount(cpuinfo: String) -> Int {
        cpuinfo.split(separator: "\n").count { key(of: $0) == "processor" }
    }

    /// The first `model name` in /proc/cpuinfo.
    static func cpuModel(cpuinfo: String) -> String? {
        cpuinfo.split(separator: "\n").first { key(of: $0) == "model name" }.flatMap(value(of:))
    }

    /// `MemTotal` of /proc/meminfo, in bytes.
    static func memoryBytes(meminfo: String) -> Int64? {
        guard let line = meminfo.split(separator: "\n").first(where: { key(of: $0) == "MemTotal" }),
            let value = value(of: line)
        else { return nil }
        let parts = value.split(separator: " ")
        guard let amount = parts.first.flatMap({ Int64($0) }) else { return nil }
        return parts.count > 1 && parts[1].lowercased() == "kb" ? amount * 1024 : amount
    }

    /// `btime` of /proc/stat: when the host booted.
    static func bootTime(stat: String) -> Date? {
        for line in stat.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 2, fields[0] == "btime", let seconds = TimeInterval(fields[1]) {
                return Date(timeIntervalSince1970: seconds)
            }
        }
        return nil
    }

    /// `PRETTY_NAME` of /etc/os-release, without its quotes.
    static func prettyName(osRelease: String) -> String? {
        for line in osRelease.split(separator: "\n") where line.hasPrefix("PRETTY_NAME=") {
            let value = line.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            return value.isEmpty ? nil : value
        }
        return nil
    }

    private static func key(of line: Substring) -> String {
        line.prefix { $0 != ":" }.trimmingCharacters(in: .whitespaces)
    }

    private static func value(of line: Substring) -> String? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        return value.isEmpty ? nil : value
    }
}
