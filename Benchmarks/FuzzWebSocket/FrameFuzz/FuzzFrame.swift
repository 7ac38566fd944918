/// One WebSocket frame exactly as the fuzzer puts it on the wire, valid or not: any opcode
/// (reserved ones included), any reserved bits, any payload length, masked or not.
public struct FuzzFrame: Sendable {
    public static let continuation: UInt8 = 0x0
    public static let text: UInt8 = 0x1
    public static let binary: UInt8 = 0x2
    public static let close: UInt8 = 0x8
    public static let ping: UInt8 = 0x9
    public static let pong: UInt8 = 0xA

    /// The four opcode bits.
    public var opcode: UInt8
    public var fin: Bool
    /// RSV1, RSV2, RSV3 as the three low bits; a server without extensions refuses any of them.
    public var reservedBits: UInt8
    public var payload: [UInt8]
    /// Clients must mask; false sends the payload in the clear, which a server must refuse.
    public var masked: Bool

    public init(opcode: UInt8, fin: Bool = true, reservedBits: UInt8 = 0, payload: [UInt8], masked: Bool = true) {
        self.opcode = opcode
        self.fin = fin
        self.reservedBits = reservedBits
        self.payload = payload
        self.masked = masked
    }

    /// Whether the opcode is one of a control frame (close, ping, pong and the reserved 0xB-0xF).
    public var isControl: Bool { opcode & 0x8 != 0 }

    /// The frame's bytes: header, extended length, masking key (when masked) and payload.
    public func encoded(maskKey: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(payload.count + 14)
        bytes.append((fin ? 0x80 : 0) | ((reservedBits & 0x7) << 4) | (opcode & 0xF))
        let maskBit: UInt8 = masked ? 0x80 : 0
        switch payload.count {
        case 0..<126:
            bytes.append(maskBit | UInt8(payload.count))
        case 126...0xFFFF:
            bytes.append(maskBit | 126)
            bytes.append(UInt8(payload.count >> 8))
            bytes.append(UInt8(payload.count & 0xFF))
        default:
            bytes.append(maskBit | 127)
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8((UInt64(payload.count) >> UInt64(shift)) & 0xFF)) }
        }
        guard masked else {
            bytes.append(contentsOf: payload)
            return bytes
        }
        bytes.append(contentsOf: maskKey)
        for (index, byte) in payload.enumerated() { bytes.append(byte ^ maskKey[index & 3]) }
        return bytes
    }
}
