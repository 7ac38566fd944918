/// The kinds of frame sequence the fuzzer sends, and how often each comes (`FrameMix`).
public enum FrameCategory: String, Sendable, CaseIterable, Comparable {
    /// A well-formed message of any kind, with strings full of escapes and non-ASCII.
    case valid
    /// A valid message with one key's value (top level, `data` or a field in it) of another type.
    case wrongType
    /// A valid message without one of its keys.
    case missingKey
    /// A valid message with a few bytes flipped, inserted, deleted, or cut short.
    case byteMutation
    /// A message whose text holds bytes that are not UTF-8.
    case invalidUTF8
    /// Numbers, escapes and literals at the edge of JSON (`1e400`, `"\ud800"`, `NaN`, duplicate keys).
    case trickyJSON
    /// `data` nested as deep as 160 arrays or objects, around the core's depth limit.
    case deepNesting
    /// Any JSON value instead of a message.
    case randomJSON
    /// Random bytes in a text frame.
    case randomBytes
    /// A binary frame, which the protocol does not use.
    case binary
    /// A text frame from half the frame limit up to exactly the limit.
    case huge
    /// A message split over several frames, sometimes with a ping between them.
    case fragmented
    /// A ping, which must be answered with a pong.
    case ping
    /// A pong nobody asked for, which must be ignored.
    case pong
    /// A single frame longer than the frame limit.
    case oversizedFrame
    /// Fragments within the frame limit whose message is longer than it.
    case oversizedMessage
    /// A frame with an opcode the protocol reserves.
    case reservedOpcode
    /// A frame with RSV bits set, which no extension was agreed for.
    case reservedBits
    /// A continuation frame with no message to continue.
    case orphanContinuation
    /// A fragmented message interrupted by a new message.
    case interruptedFragments
    /// A control frame with more than 125 bytes of payload.
    case longControlFrame
    /// A control frame without FIN.
    case fragmentedControlFrame
    /// A close frame from the client, with codes and reasons valid or not.
    case clientClose
    /// A message frame the client did not mask.
    case unmasked

    public static func < (lhs: FrameCategory, rhs: FrameCategory) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// How often each category is generated: relative weights.
public struct FrameMix: Sendable {
    public var weights: [FrameCategory: Double]

    public init(weights: [FrameCategory: Double]) {
        self.weights = weights
    }

    /// Mostly messages (valid, mutated, random), one unit in about 150 breaking the protocol so
    /// that the connection is closed and opened again, one in about 2 000 at the frame limit.
    public static let standard = FrameMix(weights: [
        .valid: 20, .wrongType: 14, .missingKey: 6, .byteMutation: 12, .invalidUTF8: 6, .trickyJSON: 6, .deepNesting: 4,
        .randomJSON: 6, .randomBytes: 6, .binary: 4, .huge: 0.05, .fragmented: 8, .ping: 4, .pong: 2,
        .oversizedFrame: 0.05, .oversizedMessage: 0.05, .reservedOpcode: 0.08, .reservedBits: 0.08, .orphanContinuation: 0.05,
        .interruptedFragments: 0.05, .longControlFrame: 0.05, .fragmentedControlFrame: 0.05, .clientClose: 0.05, .unmasked: 0.05,
    ])

    /// Every category as often as every other, so that a short run meets them all.
    public static let uniform = FrameMix(weights: Dictionary(uniqueKeysWithValues: FrameCategory.allCases.map { ($0, 1) }))
}
