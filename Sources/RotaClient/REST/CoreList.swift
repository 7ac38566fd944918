import Foundation

/// Why a list of cores (`--core URL1,URL2`, `ROTA_CORE`) cannot be used; each case names the bad
/// entry. Its description reads after the setting's name: `--core "ftp://x" is not a core's URL; …`.
public enum CoreListError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The list has no entry at all.
    case empty
    /// Entry `position` (1 for the first) of `list` is empty, as in `http://a:8900,,http://b:8900`.
    case emptyEntry(list: String, position: Int)
    /// `entry` is not an `http` or `https` URL with a host.
    case notACoreURL(entry: String)
    /// The list names `count` cores, more than `CoreConnection.maxCores`.
    case tooMany(count: Int)

    public var description: String {
        switch self {
        case .empty:
            return "is empty; \(Self.advice)"
        case .emptyEntry(let list, let position):
            return "\"\(list)\" has an empty entry at position \(position); \(Self.advice)"
        case .notACoreURL(let entry):
            return "\"\(entry)\" is not a core's URL; write it as http://HOST:PORT or https://HOST:PORT, e.g. http://localhost:8900"
        case .tooMany(let count):
            return "names \(count) cores; at most \(CoreConnection.maxCores) may be listed"
        }
    }

    private static let advice =
        "write a core's URL, or several separated by commas, e.g. http://localhost:8900 or http://core-1:8900,http://core-2:8900"
}

extension CoreConnection {
    /// The most cores one connection may list.
    public static let maxCores = 16

    /// The cores of `text`, URLs separated by commas (spaces around each are ignored, and a core
    /// listed twice is kept once), in their order; throws when the list is empty, has an empty
    /// entry, an entry that is not an `http` or `https` URL with a host, or more than `maxCores` cores.
    public static func cores(from text: String) throws(CoreListError) -> [URL] {
        let entries = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        if entries.allSatisfy(\.isEmpty), entries.count == 1 { throw .empty }
        guard entries.count <= maxCores else { throw .tooMany(count: entries.count) }
        var cores: [URL] = []
        for (index, entry) in entries.enumerated() {
            guard !entry.isEmpty else { throw .emptyEntry(list: text, position: index + 1) }
            let url = try coreURL(entry)
            if !cores.contains(url) { cores.append(url) }
        }
        return cores
    }

    /// `entry` as a core's URL; throws when it is not an `http` or `https` URL with a host.
    static func coreURL(_ entry: String) throws(CoreListError) -> URL {
        guard let url = URL(string: entry), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), let host = url.host, !host.isEmpty
        else { throw .notACoreURL(entry: entry) }
        return url
    }
}
