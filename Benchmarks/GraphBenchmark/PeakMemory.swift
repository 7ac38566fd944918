import Foundation
import RotaBenchmarkSupport

extension ProcessMemory {
    /// Starts this process's peak (`VmHWM`) again from what is resident now, by writing 5 to
    /// `/proc/self/clear_refs` (Linux 4.0 and later), so that the peak of one measurement is
    /// its own; false where the kernel does not allow it.
    @discardableResult
    static func resetPeak() -> Bool {
        guard let file = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? file.close() }
        return (try? file.write(contentsOf: Data("5".utf8))) != nil
    }
}
