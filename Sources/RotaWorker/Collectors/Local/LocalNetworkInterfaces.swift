import Foundation
import RotaModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The network interfaces of this host, as `network_interface` resources with their IPv4 and
/// IPv6 addresses (from `getifaddrs`) and their hardware address (from /sys/class/net).
enum LocalNetworkInterfaces {
    /// What `getifaddrs` tells of one interface.
    struct Interface: Sendable, Hashable {
        var name: String
        var addresses: [String]
        var up: Bool
    }

    /// The interface resources of the host, children of its host resource, sorted by name.
    static func resources(of host: LocalHost) throws(CollectorError) -> [Resource] {
        try interfaces().map { interface in
            var attributes: [String: JSONValue] = [
                "addresses": .array(interface.addresses.map(JSONValue.string)),
                "up": .bool(interface.up),
            ]
            attributes["mac"] = mac(of: interface.name).map(JSONValue.string)
            return Resource(
                id: "local:\(host.name):network_interface:\(interface.name)", kind: "network_interface",
                name: interface.name, cloud: LocalCollector.cloud, account: host.name, region: LocalCollector.region,
                parent: host.id, attributes: attributes)
        }
    }

    /// Every interface with its addresses, IPv4 before IPv6.
    static func interfaces() throws(CollectorError) -> [Interface] {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else {
            throw .unreadable(
                collector: "local", what: "the network interfaces", reason: String(cString: strerror(errno)))
        }
        defer { freeifaddrs(list) }
        var found: [String: Interface] = [:]
        var cursor = list
        while let entry = cursor?.pointee {
            cursor = entry.ifa_next
            let name = String(cString: entry.ifa_name)
            var interface = found[name] ?? Interface(name: name, addresses: [], up: false)
            interface.up = interface.up || (Int32(entry.ifa_flags) & Int32(IFF_UP)) != 0
            if let address = entry.ifa_addr.flatMap(numericAddress) {
                interface.addresses.append(address)
            }
            found[name] = interface
        }
        return found.values.sorted { $0.name < $1.name }.map { interface in
            var sorted = interface
            let ipv4 = interface.addresses.filter { !$0.contains(":") }
            sorted.addresses = ipv4 + interface.addresses.filter { $0.contains(":") }
            return sorted
        }
    }

    /// The interface's hardware address, unless it has none or an all-zero one (loopback).
    static func mac(of interface: String) -> String? {
        guard let address = LocalFile.firstLine("/sys/class/net/\(interface)/address"),
            address.contains(where: { $0 != "0" && $0 != ":" })
        else { return nil }
        return address
    }

    private static func numericAddress(_ address: UnsafeMutablePointer<sockaddr>) -> String? {
        let length: Int
        switch Int32(address.pointee.sa_family) {
        case AF_INET: length = MemoryLayout<sockaddr_in>.size
        case AF_INET6: length = MemoryLayout<sockaddr_in6>.size
        default: return nil
        }
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        guard getnameinfo(address, socklen_t(length), &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST) == 0 else {
            return nil
        }
        return String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
