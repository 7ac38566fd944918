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

    /// Closes the connection with a reason the client can read.
    func close(_ code: WebSocketErrorCode, reason: String) async {
        try? await outbound.close(code, reason: reason)
    }
}
