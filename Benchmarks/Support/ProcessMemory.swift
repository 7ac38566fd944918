import Foundation

/// A process's memory as Linux reports it in `/proc/PID/status`.
public struct ProcessMemory: Sendable {
    /// Resident now (`VmRSS`), in bytes.
    public var resident: Int
    /// Resident at the peak so far (`VmHWM`), in bytes.
    public var peak: Int

    /// The memory of process `pid` ("self" for this one); zero where it cannot be read.
    public static func of(_ pid: String) -> ProcessMemory {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        func kilobytes(_ field: String) -> Int {
            let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") }
            return (line?.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0) * 1024
        }
        return ProcessMemory(resident: kilobytes("VmRSS"), peak: kilobytes("VmHWM"))
    }
}
