import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RotaDashboard
import RotaModel

/// The web dashboard: its page at `/ui` (and every address below it, which the page's script
/// draws), its files at `/ui/assets/NAME`, the sign-in at `/ui/session`, and `/` sending a
/// browser to the page. The page and files need no token; what the page shows comes from the
/// REST API and the `/events` WebSocket, which do.
struct DashboardRoutes {
    let parts: CoreParts

    /// The most bytes of a sign-in's body: a key and a little JSON.
    static let signInBodyLimit = 4096

    /// What the page and its files may do in the browser: load only from the core, run no inline
    /// script, talk only to the core, and never be framed by another page.
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

    private static let referrerPolicy = HTTPField.Name("Referrer-Policy")!

    func register(on router: some RouterMethods<CoreRequestContext>) {
        router.get("/") { _, _ in
            Response(status: .found, headers: [.location: "/ui"])
        }
        router.get("/ui") { _, _ in Self.serve(DashboardAssets.page) }
        router.get("/ui/**") { _, _ in Self.serve(DashboardAssets.page) }
        router.get("/ui/assets/{name}") { _, context in
            let name = try context.parameters.decoded("name")
            guard let asset = DashboardAssets.files[name] else { throw APIError.notFound("the dashboard has no file \"\(name.prefix(200))\"") }
            return Self.serve(asset)
        }
        router.get("/ui/session") { request, context in
            try JSONResponse.make(await sessionState(of: request, context: context))
        }
        router.post("/ui/session") { request, context in
            guard let session = parts.authentication.session else {
                throw APIError(.notFound, "no_key", "this core has no pre-shared key, so the dashboard needs no sign-in")
            }
            let body = try await request.json(limit: Self.signInBodyLimit)
            guard let key = body["key"]?.stringValue, !key.isEmpty else {
                throw APIError.badRequest("send {\"key\": \"the core's pre-shared key\"}", path: "key")
            }
            if let refusal = parts.authentication.signInRefusal(key: key, from: context.remoteAddress) { throw refusal }
            parts.logger.info("the dashboard signed in", metadata: ["caller": "\(FailedAuthenticationLimit.caller(of: context.remoteAddress))"])
            return Response(status: .noContent, headers: [.setCookie: session.cookie(secure: parts.settings.servesTLS)])
        }
        router.delete("/ui/session") { _, _ in
            Response(status: .noContent, headers: [.setCookie: DashboardSession.expiredCookie(secure: parts.settings.servesTLS)])
        }
    }

    /// Whether the core asks for a key and whether the request's credentials are good.
    private func sessionState(of request: Request, context: CoreRequestContext) async -> SessionState {
        guard parts.authentication.session != nil else { return SessionState(pskRequired: false, authenticated: true) }
        let presented = parts.authentication.presented(in: request.headers)
        guard presented.authorization != nil else { return SessionState(pskRequired: true, authenticated: false) }
        if case .success = await parts.authentication.verify(authorization: presented.authorization, from: context.remoteAddress) {
            return SessionState(pskRequired: true, authenticated: true)
        }
        return SessionState(pskRequired: true, authenticated: false)
    }

    /// `asset` with the headers that keep the page to itself; browsers check for a newer one each time.
    private static func serve(_ asset: DashboardAssets.Asset) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: asset.contentType, .cacheControl: "no-cache", .contentSecurityPolicy: contentSecurityPolicy,
                .xContentTypeOptions: "nosniff", Self.referrerPolicy: "no-referrer",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: asset.bytes)))
    }
}

/// The answer to `GET /ui/session`: whether the core asks for its key, and whether the caller
/// has signed in (always, on a core without a key).
struct SessionState: Encodable {
    var pskRequired: Bool
    var authenticated: Bool

    private enum CodingKeys: String, CodingKey {
        case authenticated
        case pskRequired = "psk_required"
    }
}
