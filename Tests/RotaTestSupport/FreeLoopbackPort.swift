import Foundation
#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// A TCP port on 127.0.0.1 that nothing listens on now, for a command that must be told its port
/// before it starts.
public func freeLoopbackPort() throws -> Int {
    let (descriptor, port) = try loopbackSocket(listening: false)
    close(descriptor)
    return port
}

/// A TCP socket bound to a free port on 127.0.0.1, listening with a backlog of one when
/// `listening`; the caller closes its descriptor.
public func loopbackSocket(listening: Bool) throws -> (descriptor: Int32, port: Int) {
    #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard descriptor >= 0 else { throw TestFailure("no socket: \(errno)") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let ready = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 && (!listening || listen(descriptor, 1) == 0)
        }
    }
    guard ready else {
        close(descriptor)
        throw TestFailure("cannot \(listening ? "listen on" : "bind") a socket: \(errno)")
    }
    return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
}
