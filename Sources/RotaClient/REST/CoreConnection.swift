import Foundation

/// Where the Rota cores are, the pre-shared key to sign requests with, if they have one, and how
/// to speak TLS with an `https` core: what every client of the core (the CLI, the actors, the
/// metrics exporter) is configured with. Several cores sharing one database may be listed: a
/// client sends its requests to whichever of them is the leader (see `CoreAPI`).
public struct CoreConnection: Sendable, Hashable {
    /// `http://localhost:8900`, where `rota core` listens by default.
    public static let defaultURL = URL(string: "http://localhost:8900")!

    /// The cores' base URLs, `http` or `https`, in the order they are tried; never empty. A path
    /// in a URL prefixes every request to that core.
    public private(set) var urls: [URL]
    /// The core's pre-shared key; nil when the core runs without one.
    public var psk: String?
    /// The authorities trusted and the certificate presented when the core is `https`.
    public var tls: ClientTLS

    /// The first core listed: the one requests go to until another turns out to be the leader.
    /// Setting it makes it the only core listed.
    public var url: URL {
        get { urls[0] }
        set { urls = [newValue] }
    }

    /// The core at `url`.
    public init(url: URL = CoreConnection.defaultURL, psk: String? = nil, tls: ClientTLS = ClientTLS()) {
        self.urls = [url]
        self.psk = psk
        self.tls = tls
    }

    /// The cores at `urls`, tried in this order to find the leader; throws when the list is empty,
    /// holds a URL that is not `http` or `https` with a host, or more than `maxCores` cores.
    public init(urls: [URL], psk: String? = nil, tls: ClientTLS = ClientTLS()) throws(CoreListError) {
        guard !urls.isEmpty else { throw .empty }
        guard urls.count <= Self.maxCores else { throw .tooMany(count: urls.count) }
        var cores: [URL] = []
        for url in urls {
            let core = try Self.coreURL(url.absoluteString)
            if !cores.contains(core) { cores.append(core) }
        }
        self.urls = cores
        self.psk = psk
        self.tls = tls
    }

    /// This connection with `url` as its only core, for a request to that core.
    func at(_ url: URL) -> CoreConnection {
        var connection = self
        connection.urls = [url]
        return connection
    }

    /// Whether the core is reached over TLS (`https`).
    public var usesTLS: Bool {
        url.scheme?.lowercased() == "https"
    }

    /// The URL of an HTTP request to `path` (e.g. `/tasks`) with the query pairs, encoded.
    public func httpURL(_ path: String, query: [(String, String)] = []) -> String {
        base + path + Self.queryString(query)
    }

    /// The URL of a WebSocket at `path` (e.g. `/events`): `ws` for an `http` core, `wss` for `https`.
    public func webSocketURL(_ path: String, query: [(String, String)] = []) -> String {
        var url = httpURL(path, query: query)
        if url.hasPrefix("https://") {
            url = "wss://" + url.dropFirst("https://".count)
        } else if url.hasPrefix("http://") {
            url = "ws://" + url.dropFirst("http://".count)
        }
        return url
    }

    /// A path made of `segments`, each percent-encoded, so that an id with `/` or spaces stays one segment:
    /// `CoreConnection.path("subscriber", id, "handle")`.
    public static func path(_ segments: String...) -> String {
        "/" + segments.map { $0.addingPercentEncoding(withAllowedCharacters: segmentCharacters) ?? $0 }.joined(separator: "/")
    }

    /// The base URL without a trailing slash, as users see it in messages.
    var base: String {
        var text = url.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }

    private static let segmentCharacters = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/;"))
    private static let queryCharacters = CharacterSet.urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+;"))

    private static func queryString(_ query: [(String, String)]) -> String {
        guard !query.isEmpty else { return "" }
        let pairs = query.map { name, value in
            let name = name.addingPercentEncoding(withAllowedCharacters: queryCharacters) ?? name
            let value = value.addingPercentEncoding(withAllowedCharacters: queryCharacters) ?? value
            return "\(name)=\(value)"
        }
        return "?" + pairs.joined(separator: "&")
    }
}
