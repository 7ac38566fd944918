import Foundation
import Hummingbird
import RotaAPI
import RotaModel

/// The subscriber endpoints of the actor protocol: actors register their subscriptions here
/// before they connect to `/subscriber/{id}/handle`.
struct SubscriberRoutes {
    let parts: CoreParts

    func register(on router: some RouterMethods<CoreRequestContext>) {
        router.get("/subscribers") { _, _ in
            try JSONResponse.make(await parts.registry.connectionStates().map { SubscriberView(subscriber: $0.subscriber, connected: $0.connected, since: $0.since) })
        }
        router.get("/subscribers/for/{message_type}") { _, context in
            try JSONResponse.make(await parts.registry.subscribers(of: try context.parameters.decoded("message_type")))
        }
        router.get("/subscriber/{id}") { _, context in
            let id = try context.parameters.decoded("id")
            guard let subscriber = await parts.registry.subscriber(id) else { throw APIError.notFound("no subscriber has the id \"\(id)\"") }
            return try JSONResponse.make(subscriber)
        }
        router.put("/subscriber/{id}") { request, context in
            let id = try Self.subscriberId(context.parameters.decoded("id"))
            let subscriptions = try Self.subscriptions(from: try await request.json(limit: parts.settings.maxBodySize))
            if let refusal = await parts.registry.refusal(ofSubscriber: id) {
                throw APIError(.tooManyRequests, "too_many_subscriptions", refusal)
            }
            let previous = await parts.registry.subscriber(id)
            let subscriber = try await parts.registry.replaceSubscriptions(of: id, with: subscriptions)
            if subscriber.subscriptions != previous?.subscriptions {
                await parts.audit.record(
                    .subscription, .replaced, target: id, change: ["message_types": .array(subscriptions.map { .string($0.messageType) })], by: context)
            }
            return try JSONResponse.make(subscriber)
        }
        router.delete("/subscriber/{id}") { _, context in
            let id = try context.parameters.decoded("id")
            guard try await parts.registry.remove(id) != nil else { throw APIError.notFound("no subscriber has the id \"\(id)\"") }
            await parts.audit.record(.subscription, .deleted, target: id, change: ["message_type": .null], by: context)
            return Response(status: .noContent)
        }
        router.post("/subscriber/{id}/{message_type}") { request, context in
            let id = try Self.subscriberId(context.parameters.decoded("id"))
            let messageType: String = try context.parameters.decoded("message_type")
            if let problem = SubscriberLimits.problem(withMessageType: messageType) { throw APIError.badRequest(problem, path: "message_type") }
            let subscription = Subscription(
                messageType: messageType,
                waitForCompletion: request.query("wait_for_completion")?.lowercased() != "false",
                timeout: try Self.timeout(request.query("timeout")))
            if let refusal = await parts.registry.refusal(of: messageType, for: id) {
                throw APIError(.tooManyRequests, "too_many_subscriptions", refusal)
            }
            let previous = await parts.registry.subscriber(id)
            let subscriber = try await parts.registry.subscribe(id, to: subscription)
            if subscriber.subscriptions != previous?.subscriptions {
                await parts.audit.record(
                    .subscription, .created, target: id,
                    change: [
                        "message_type": .string(messageType), "wait_for_completion": .bool(subscription.waitForCompletion),
                        "timeout": .number(subscription.timeout),
                    ], by: context)
            }
            return try JSONResponse.make(subscriber)
        }
        router.delete("/subscriber/{id}/{message_type}") { _, context in
            let id = try context.parameters.decoded("id")
            let messageType: String = try context.parameters.decoded("message_type")
            let previous = await parts.registry.subscriber(id)
            guard let subscriber = try await parts.registry.unsubscribe(id, from: messageType) else {
                throw APIError.notFound("no subscriber has the id \"\(id)\"")
            }
            if subscriber.subscriptions != previous?.subscriptions {
                await parts.audit.record(.subscription, .deleted, target: id, change: ["message_type": .string(messageType)], by: context)
            }
            return try JSONResponse.make(subscriber)
        }
        router.get("/subscriber/{id}/handle") { _, context -> Response in
            // Reached only by requests that are not WebSocket upgrades.
            let id = try context.parameters.decoded("id")
            throw APIError(.badRequest, "websocket_expected", "/subscriber/\(id)/handle is a WebSocket; connect with an upgrade request")
        }
    }

    /// `text` as a subscriber id, refused with 400 when it breaks `SubscriberLimits`.
    static func subscriberId(_ text: String) throws -> String {
        if let problem = SubscriberLimits.problem(withId: text) { throw APIError.badRequest(problem, path: "id") }
        return text
    }

    /// The `timeout` query parameter in seconds, within `TimeoutRange`; the default when absent.
    static func timeout(_ text: String?) throws -> Double {
        guard let text else { return Subscription.defaultTimeout }
        guard let seconds = Double(text), seconds > 0 else {
            throw APIError.badRequest("timeout must be a number of seconds > 0, not \"\(text)\"", path: "timeout")
        }
        if let problem = TimeoutRange.problem(with: seconds) { throw APIError.badRequest(problem, path: "timeout") }
        return seconds
    }

    /// A JSON list of subscriptions, as `PUT /subscriber/{id}` takes it: each read as
    /// `Subscription` reads itself, then held to `SubscriberLimits` and `TimeoutRange`; a refusal
    /// names the element and field at fault (`[2].timeout`).
    static func subscriptions(from body: JSONValue) throws -> [Subscription] {
        guard let elements = body.arrayValue else {
            throw APIError.badRequest("the body must be a JSON list of subscriptions, not \(body.typeName)")
        }
        guard elements.count <= SubscriberLimits.subscriptions else {
            throw APIError.badRequest("a subscriber may have at most \(SubscriberLimits.subscriptions) subscriptions, not \(elements.count)")
        }
        return try elements.enumerated().map { index, element in
            let subscription = try JSONValue.decoded(Subscription.self, from: element, at: "[\(index)]")
            if let problem = SubscriberLimits.problem(withMessageType: subscription.messageType) {
                throw APIError.badRequest(problem, path: "[\(index)].message_type")
            }
            guard subscription.timeout > 0 else { throw APIError.badRequest("must be a number of seconds > 0", path: "[\(index)].timeout") }
            if let problem = TimeoutRange.problem(with: subscription.timeout) {
                throw APIError.badRequest(problem, path: "[\(index)].timeout")
            }
            return subscription
        }
    }
}
