#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Checks, before the long-running commands start their servers, that their ports are free, so
/// that a second `rota up` says which port is taken and what to do instead of a bare bind error.
enum PortAvailability {
    /// A port another process listens on, with the flag that chooses another.
    struct PortInUse: Error, CustomStringConvertible {
        let description: String
    }

    /// Throws ``PortInUse`` naming `flag` when something listens on `address`:`port` already.
    /// Addresses that are not IPv4 literals are not checked; the server reports them itself.
    static func check(address: String, port: Int, flag: String, what: String) throws {
        var socketAddress = sockaddr_in()
        guard port > 0, inet_pton(AF_INET, address, &socketAddress.sin_addr) == 1 else { return }
        socketAddress.sin_family = sa_family_t(AF_INET)
        socketAddress.sin_port = in_port_t(UInt16(port).bigEndian)
        #if canImport(Glibc)
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var reuse: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &socketAddress) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound != 0, errno == EADDRINUSE else { return }
        throw PortInUse(
            description: "\(what) cannot listen on \(address):\(port): the port is in use (is another Rota running?); choose another with \(flag)")
    }
}
