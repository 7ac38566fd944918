import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// TCP sockets to a core on 127.0.0.1 opened from a chosen loopback address (127.0.0.2 and on
/// serve as well as 127.0.0.1 on Linux), so that one process can be several callers of the core,
/// each with an address of its own.
public enum LoopbackSocket {
    /// A blocking socket connected from `source` to 127.0.0.1:`port`, without Nagle's delay,
    /// whose reads give up after `readTimeout` seconds without data. The caller closes it.
    public static func connect(from source: String, port: Int, readTimeout: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw BenchmarkFailure("socket() failed") }
        var noDelay: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        var timeout = timeval(tv_sec: readTimeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        local.sin_addr.s_addr = inet_addr(source)
        var remote = sockaddr_in()
        remote.sin_family = sa_family_t(AF_INET)
        remote.sin_port = in_port_t(UInt16(port).bigEndian)
        remote.sin_addr.s_addr = inet_addr("127.0.0.1")
        let size = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &local) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, size) } }
        let connected = withUnsafePointer(to: &remote) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, size) } }
        guard bound == 0, connected == 0 else {
            close(fd)
            throw BenchmarkFailure("cannot connect from \(source) to 127.0.0.1:\(port)")
        }
        return fd
    }
}
