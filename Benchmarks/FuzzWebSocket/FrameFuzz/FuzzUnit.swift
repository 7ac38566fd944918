/// What the fuzzer sends as one piece: a message (one frame or fragments), a control frame, or a
/// protocol violation; with what a correct core does with it.
public struct FuzzUnit: Sendable {
    public let category: FrameCategory
    public let frames: [FuzzFrame]
    public let expectation: FuzzExpectation

    public init(category: FrameCategory, frames: [FuzzFrame], expectation: FuzzExpectation) {
        self.category = category
        self.frames = frames
        self.expectation = expectation
    }

    /// A short description for a failure report: the category and each frame's opcode, flags,
    /// length and first bytes.
    public var summary: String {
        let frames = frames.map { frame in
            let head = frame.payload.prefix(48).map { $0 >= 0x20 && $0 < 0x7F ? String(UnicodeScalar($0)) : "\\x" + String($0, radix: 16) }.joined()
            return "op=\(frame.opcode)\(frame.fin ? "" : " !fin")\(frame.reservedBits == 0 ? "" : " rsv=\(frame.reservedBits)")"
                + "\(frame.masked ? "" : " unmasked") len=\(frame.payload.count) \"\(head)\(frame.payload.count > 48 ? "..." : "")\""
        }
        return "\(category.rawValue): " + frames.joined(separator: " | ")
    }
}
