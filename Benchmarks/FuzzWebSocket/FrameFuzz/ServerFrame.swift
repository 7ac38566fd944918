/// What a fuzzing connection receives from the core, once the upgrade is done.
public enum ServerFrame: Sendable {
    /// A complete text or binary message (fragments already joined).
    case message(isText: Bool, [UInt8])
    /// A pong, with its payload.
    case pong([UInt8])
    /// A close frame: its code (nil when the frame had no payload) and reason text.
    case close(code: UInt16?, reason: String)
    /// The TCP connection ended.
    case ended
}
