import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import RotaModel

/// Builds the core's HTTP and WebSocket surface: the REST routes and the upgrade decisions.
struct CoreServer {
    let parts: CoreParts

    func router() -> Router<CoreRequestContext> {
        let router = Router(context: CoreRequestContext.self)
        router.add(middleware: AuthenticationMiddleware(authentication: parts.authentication))
        CoreRoutes(parts: parts).register(on: router)
        DashboardRoutes(parts: parts).register(on: router)
        return router
    }

    /// Decides a WebSocket upgrade from the caller at `remoteAddress`: `/subscriber/{id}/handle`
    /// for actors, `/events` for everyone, `/work/queue` for Fix Inventory's task handlers.
    func decideUpgrade(_ request: HTTPRequest, remoteAddress: SocketAddress?, logger: Logger) async -> WebSocketUpgrade {
        let uri = URI(request.path ?? "/")
        let presented = parts.authentication.presented(in: request.headerFields)
        if let refusal = CrossSiteRequest.refusal(request, fromCookie: presented.fromCookie, isUpgrade: true) { return .refuse(refusal) }
        if let refusal = await parts.authentication.refusal(path: uri.path, authorization: presented.authorization, from: remoteAddress) {
            return .refuse(refusal)
        }
        let components = uri.path.split(separator: "/").map { $0.removingPercentEncoding ?? String($0) }
        switch components.count {
        case 3 where components[0] == "subscriber" && components[2] == "handle":
            return await admitSubscriber(components[1])
        case 1 where components[0] == "events":
            let show = QueryString(uri.query).first("show").map { Set($0.split(separator: ",").map(String.init)) }
            let parts = self.parts
            return .accept { inbound, outbound, session in
                await EventSocket(parts: parts, show: show).serve(inbound: inbound, outbound: outbound, logger: session.logger)
            }
        case 2 where components[0] == "work" && components[1] == "queue":
            let parts = self.parts
            return .accept { inbound, outbound, session in
                await WorkQueueSocket(parts: parts).serve(inbound: inbound, outbound: outbound, logger: session.logger)
            }
        default:
            return .notFound
        }
    }

    private func admitSubscriber(_ id: SubscriberId) async -> WebSocketUpgrade {
        switch await parts.registry.admit(id) {
        case .admitted(let subscriber):
            let parts = self.parts
            return .accept(
                { inbound, outbound, session in
                    await SubscriberSocket(parts: parts, subscriber: subscriber).serve(inbound: inbound, outbound: outbound, logger: session.logger)
                },
                release: { await parts.registry.disconnected(id) })
        case .unknown:
            return .refuse(APIError.notFound("no subscriber has the id \"\(id)\"; register its subscriptions with POST /subscriber/\(id)/{message_type} first"))
        case .noSubscriptions:
            return .refuse(APIError.notFound("the subscriber \"\(id)\" has no subscriptions, so there is nothing to send it"))
        case .alreadyConnected:
            return .refuse(APIError(.tooManyRequests, "already_connected", "the subscriber \"\(id)\" is connected already; one connection per subscriber"))
        }
    }
}
