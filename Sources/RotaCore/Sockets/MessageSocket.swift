import Foundation
import NIOWebSocket
import RotaModel
import WSCore

/// What the two kinds of connection share: reading protocol messages from frames, writing bus
/// deliveries, and telling a client why one of its messages was refused.
struct MessageSocket {
    let outbound: WebSocketOutboundWriter
    let metrics: CoreMetrics

    /// Reads one message from a frame, or answers the client with `message_refused` and returns nil.
    func read(_ frame: WebSocketMessage) async throws -> Message? {
        metrics.messageReceived()
        guard case .text(let text) = frame else {
            try await refuse("binary frames are not understood; send each message as a JSON text frame")
            return nil
        }
        do {
            return try Message(jsonText: text)
        } catch {
            try await refuse(error.description)
            return nil
        }
    }

    /// Writes one message.
    func write(_ message: Message) async throws {
        try await outbound.write(.text(message.jsonText))
    }

    /// Tells the client that a message it sent was not taken, and why; the connection stays open.
    func refuse(_ reason: String) async throws {
        try await write(.event(Event(messageType: "message_refused", data: ["reason": .string(reason)])))
    }

    /// Hands every message the client sends to `take`, until the client closes the connection.
    /// When its frames break the protocol (fragments out of order, a message over `maxSize`, a
    /// text that is not UTF-8), closes the connection with the matching code and a reason.
    func receive(_ inbound: WebSocketInboundStream, maxSize: Int, _ take: (WebSocketMessage) async throws -> Void) async throws {
        var messages = inbound.messages(maxSize: maxSize).makeAsyncIterator()
        while true {
            let frame: WebSocketMessage?
            do {
                frame = try await messages.next()
            } catch {
                guard let (code, reason) = Self.closing(for: error, maxSize: maxSize) else { throw error }
                await close(code, reason: reason)
                return
            }
            guard let frame else { return }
            try await take(frame)
        }
    }

    /// The close code and reason for an error reading a message, when it is the client's breach
    /// of the protocol. The WebSocket library reports such a breach as an error that carries the
    /// close code it calls for.
    static func closing(for error: any Error, maxSize: Int) -> (WebSocketErrorCode, String)? {
        switch Mirror(reflecting: error).children.first?.value as? WebSocketErrorCode {
        case .protocolError?:
            return (.protocolError, "fragments out of order: a continuation without a message, or a message before the last ended")
        case .messageTooLarge?:
            return (.messageTooLarge, "a message is larger than \(maxSize) bytes (max_frame_size)")
        case .dataInconsistentWithMessage?:
            return (.dataInconsistentWithMessage, "a text message is not valid UTF-8")
        default:
            return nil
        }
    }

    /// Closes the connection with a reason the client can read.
    func close(_ code: WebSocketErrorCode, reason: String) async {
        try? await outbound.close(code, reason: reason)
    }
}
