import Foundation
import HTTPTypes
import RotaAuth
import RotaModel

/// The dashboard's sign-in on a core with a pre-shared key: a person types the key once, and the
/// core answers a session cookie holding a token it signed with that key, so that the page never
/// keeps the key and the browser sends the token with every request, the WebSocket included.
///
/// The token is the same kind a client makes (`PROTOCOL.md`, "Pre-shared key"), so every core
/// that knows the key accepts it: a session survives a restart of the core and a failover.
struct DashboardSession: Sendable {
    /// The cookie's name.
    static let cookieName = "rota_session"
    /// How long a session lasts: a working day.
    static let lifetime: TimeInterval = 12 * 60 * 60

    private let key: PreSharedKey
    private let signer: TokenSigner

    /// Sessions signed with `psk`.
    init(psk: String) {
        key = PreSharedKey(psk)
        signer = TokenSigner(key: key)
    }

    /// Whether `candidate` is the core's key.
    func accepts(_ candidate: String) -> Bool {
        key.matches(candidate)
    }

    /// The `Set-Cookie` value of a new session, `Secure` when the core serves TLS.
    func cookie(secure: Bool, now: Date = Date()) -> String {
        let token = signer.token(payload: ["sub": .string("dashboard")], expiresIn: Self.lifetime, now: now)
        return Self.attributes("\(Self.cookieName)=\(token)", maxAge: Int(Self.lifetime), secure: secure)
    }

    /// The `Set-Cookie` value that ends a session in the browser.
    static func expiredCookie(secure: Bool) -> String {
        attributes("\(cookieName)=", maxAge: 0, secure: secure)
    }

    private static func attributes(_ pair: String, maxAge: Int, secure: Bool) -> String {
        "\(pair); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    /// The credentials a request presents: its `Authorization` header, else the session cookie
    /// read as a bearer token, and whether they came from the cookie.
    static func presented(in fields: HTTPFields) -> (authorization: String?, fromCookie: Bool) {
        if let authorization = fields[.authorization] { return (authorization, false) }
        guard let token = cookieValue(in: fields) else { return (nil, false) }
        return ("Bearer \(token)", true)
    }

    /// The value of the session cookie among the request's cookies, nil when it has none or an empty one.
    static func cookieValue(in fields: HTTPFields) -> String? {
        for header in fields[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == cookieName else { continue }
                let value = parts[1].trimmingCharacters(in: .whitespaces)
                return value.isEmpty ? nil : value
            }
        }
        return nil
    }
}
