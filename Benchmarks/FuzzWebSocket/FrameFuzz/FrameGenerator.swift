import RotaModel

/// Generates the fuzzer's units for one socket from a seed: the same seed, target, frame limit
/// and mix give the same units, in any process (keys are drawn from in sorted order, never in
/// a dictionary's order, which changes from one process to the next).
public struct FrameGenerator: Sendable {
    public let target: FuzzTarget
    /// The core's frame and message limit (`max_frame_size`), which `huge` reaches and the
    /// oversized categories pass.
    public let maxFrameSize: Int
    private var random: SeededRandom
    private let categories: [FrameCategory]
    private let cumulativeWeights: [Double]

    public init(seed: UInt64, target: FuzzTarget, maxFrameSize: Int, mix: FrameMix = .standard) {
        self.target = target
        self.maxFrameSize = maxFrameSize
        random = SeededRandom(seed: seed)
        categories = FrameCategory.allCases.filter { (mix.weights[$0] ?? 0) > 0 }
        var total = 0.0
        cumulativeWeights = categories.map { category in
            total += mix.weights[category]!
            return total
        }
    }

    /// The next unit, of a category drawn by the mix.
    public mutating func next() -> FuzzUnit {
        let draw = Double.random(in: 0..<cumulativeWeights.last!, using: &random)
        let category = categories[cumulativeWeights.firstIndex { draw < $0 } ?? categories.count - 1]
        return unit(of: category)
    }

    /// A unit of `category`.
    public mutating func unit(of category: FrameCategory) -> FuzzUnit {
        switch category {
        case .valid:
            let (json, kind) = MessageMaker.message(using: &random)
            return text(category, json.jsonBytes, .published(MessageMaker.answer(to: kind, on: target)))
        case .wrongType:
            return text(category, wrongType(), .either)
        case .missingKey:
            return text(category, missingKey(), .either)
        case .byteMutation:
            return text(category, mutatedBytes(MessageMaker.message(using: &random).json.jsonBytes), .either)
        case .invalidUTF8:
            return text(category, invalidUTF8(), .either)
        case .trickyJSON:
            return text(category, trickyJSON(), .either)
        case .deepNesting:
            return text(category, deeplyNested(), .either)
        case .randomJSON:
            return text(category, MessageMaker.value(depth: 4, using: &random).jsonBytes, .either)
        case .randomBytes:
            return text(category, random.bytes(Int.random(in: 0...300, using: &random)), .either)
        case .binary:
            let payload = random.chance(0.5) ? MessageMaker.message(using: &random).json.jsonBytes : random.bytes(Int.random(in: 0...300, using: &random))
            return FuzzUnit(category: category, frames: [FuzzFrame(opcode: FuzzFrame.binary, payload: payload)], expectation: FuzzExpectation(answer: .refused))
        case .huge:
            return huge()
        case .fragmented:
            return fragmented()
        case .ping:
            return FuzzUnit(category: category, frames: [FuzzFrame(opcode: FuzzFrame.ping, payload: smallPayload())], expectation: FuzzExpectation(pongs: 1))
        case .pong:
            return FuzzUnit(category: category, frames: [FuzzFrame(opcode: FuzzFrame.pong, payload: smallPayload())], expectation: FuzzExpectation())
        case .oversizedFrame:
            let size = maxFrameSize + 1 + (random.chance(0.5) ? 0 : Int.random(in: 0...(maxFrameSize / 4), using: &random))
            return closing(category, [FuzzFrame(opcode: FuzzFrame.text, payload: filledEvent(size: size))])
        case .oversizedMessage:
            return closing(category, oversizedMessage())
        case .reservedOpcode:
            let opcode = [3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF].randomElement(using: &random)!
            return closing(category, [FuzzFrame(opcode: UInt8(opcode), payload: smallPayload())])
        case .reservedBits:
            let frame = FuzzFrame(
                opcode: FuzzFrame.text, reservedBits: UInt8.random(in: 1...7, using: &random), payload: MessageMaker.message(using: &random).json.jsonBytes)
            return closing(category, [frame])
        case .orphanContinuation:
            return closing(category, [FuzzFrame(opcode: FuzzFrame.continuation, fin: random.chance(0.5), payload: MessageMaker.message(using: &random).json.jsonBytes)])
        case .interruptedFragments:
            let bytes = MessageMaker.message(using: &random).json.jsonBytes
            let cut = bytes.count / 2
            return closing(category, [
                FuzzFrame(opcode: FuzzFrame.text, fin: false, payload: Array(bytes[..<cut])),
                FuzzFrame(opcode: random.chance(0.5) ? FuzzFrame.text : FuzzFrame.binary, payload: bytes),
            ])
        case .longControlFrame:
            let opcode = [FuzzFrame.ping, FuzzFrame.pong, FuzzFrame.close].randomElement(using: &random)!
            return closing(category, [FuzzFrame(opcode: opcode, payload: random.bytes(Int.random(in: 126...400, using: &random)))])
        case .fragmentedControlFrame:
            return closing(category, [FuzzFrame(opcode: FuzzFrame.ping, fin: false, payload: smallPayload())])
        case .clientClose:
            return closing(category, [FuzzFrame(opcode: FuzzFrame.close, payload: closePayload())])
        case .unmasked:
            let (json, kind) = MessageMaker.message(using: &random)
            return FuzzUnit(
                category: category, frames: [FuzzFrame(opcode: FuzzFrame.text, payload: json.jsonBytes, masked: false)],
                expectation: FuzzExpectation(answer: MessageMaker.answer(to: kind, on: target), close: .answersOrCloses))
        }
    }

    /// How a message's answer is known when the unit is made.
    private enum Known {
        case published(MessageAnswer)
        case either

        var answer: MessageAnswer {
            switch self {
            case .published(let answer): return answer
            case .either: return .refusedOrPublished
            }
        }
    }

    private func text(_ category: FrameCategory, _ payload: [UInt8], _ known: Known) -> FuzzUnit {
        FuzzUnit(category: category, frames: [FuzzFrame(opcode: FuzzFrame.text, payload: payload)], expectation: FuzzExpectation(answer: known.answer))
    }

    private func closing(_ category: FrameCategory, _ frames: [FuzzFrame]) -> FuzzUnit {
        FuzzUnit(category: category, frames: frames, expectation: FuzzExpectation(close: .closes))
    }

    private mutating func smallPayload() -> [UInt8] {
        random.bytes(Int.random(in: 0...125, using: &random))
    }

    /// A valid message with the value at one of its keys replaced by a value of another type,
    /// or the whole message replaced by a non-object.
    private mutating func wrongType() -> [UInt8] {
        let (json, _) = MessageMaker.message(using: &random)
        guard var message = json.objectValue else { return json.jsonBytes }
        var paths: [[String]] = [[], ["kind"], ["message_type"], ["data"]]
        if let data = message["data"]?.objectValue {
            paths += data.keys.sorted().map { ["data", $0] }
            if let progress = data["progress"]?.objectValue { paths += progress.keys.sorted().map { ["data", "progress", $0] } }
        }
        let path = paths.randomElement(using: &random)!
        let original = path.reduce(JSONValue.object(message)) { $0[$1] ?? .null }
        var replacement = MessageMaker.value(depth: 2, using: &random)
        while replacement.typeName == original.typeName { replacement = MessageMaker.value(depth: 2, using: &random) }
        guard !path.isEmpty else { return replacement.jsonBytes }
        message = Self.replacing(path, in: .object(message), with: replacement).objectValue!
        return JSONValue.object(message).jsonBytes
    }

    /// `value` with the member at `path` set to `replacement` (removed when nil).
    private static func replacing(_ path: [String], in value: JSONValue, with replacement: JSONValue?) -> JSONValue {
        guard let key = path.first, var members = value.objectValue else { return replacement ?? .null }
        if path.count == 1 {
            members[key] = replacement
        } else if let member = members[key] {
            members[key] = replacing(Array(path.dropFirst()), in: member, with: replacement)
        }
        return .object(members)
    }

    /// A valid message without one of its keys, at the top or in `data`.
    private mutating func missingKey() -> [UInt8] {
        let (json, _) = MessageMaker.message(using: &random)
        var paths: [[String]] = [["kind"], ["message_type"], ["data"]]
        if let data = json["data"]?.objectValue { paths += data.keys.sorted().map { ["data", $0] } }
        return Self.replacing(paths.randomElement(using: &random)!, in: json, with: nil).jsonBytes
    }

    /// `bytes` with one to four bytes flipped, inserted or deleted, or cut short.
    private mutating func mutatedBytes(_ bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let position = Int.random(in: 0...bytes.count, using: &random)
            switch Int.random(in: 0...4, using: &random) {
            case 0 where position < bytes.count: bytes[position] ^= UInt8(1) << UInt8.random(in: 0...7, using: &random)
            case 1: bytes.insert(UInt8.random(in: .min ... .max, using: &random), at: position)
            case 2: bytes.insert(Array("{}[]\",:\\".utf8).randomElement(using: &random)!, at: position)
            case 3 where position < bytes.count: bytes.remove(at: position)
            default: bytes = Array(bytes[..<position])
            }
        }
        return bytes
    }

    /// A valid message with a sequence that is not UTF-8 put inside one of its strings, or anywhere.
    private mutating func invalidUTF8() -> [UInt8] {
        let sequences: [[UInt8]] = [
            [0x80], [0xC3], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
            [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFE], [0xFF], [0xEF, 0xBF],
        ]
        var bytes = MessageMaker.message(using: &random).json.jsonBytes
        let quotes = bytes.indices.filter { bytes[$0] == UInt8(ascii: "\"") }
        let position = random.chance(0.8) && !quotes.isEmpty ? quotes.randomElement(using: &random)! + 1 : Int.random(in: 0...bytes.count, using: &random)
        bytes.insert(contentsOf: sequences.randomElement(using: &random)!, at: min(position, bytes.count))
        return bytes
    }

    /// An event whose data holds a literal at the edge of JSON, or a message text with a
    /// structural oddity (duplicate keys, trailing commas, a byte-order mark, two values).
    private mutating func trickyJSON() -> [UInt8] {
        let literals = [
            "1e400", "-1e400", "1E-400", "01", "1.", ".5", "-", "+1", "1e", "NaN", "Infinity", "-0", "9223372036854775807",
            "9223372036854775808", "-9223372036854775809", "123456789012345678901234567890", "0x10", "1_000", "tru", "nul",
            "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00\\ud800\"", "\"\\ud83e\\udd80\"", "\"\\u00e9\"", "\"\\x41\"", "\"\\", "\"\\u12\"",
            "\"tab\there\"", "[1,]", "{\"a\":1,}", "[", "{", "]", "}", "\"unterminated",
        ]
        let event = "{\"kind\":\"event\",\"message_type\":\"fuzz_tricky\",\"data\":"
        let texts = [
            event + "{\"n\":" + literals.randomElement(using: &random)! + "}}",
            event + literals.randomElement(using: &random)! + "}",
            "{\"kind\":\"event\",\"kind\":\"event\",\"message_type\":\"fuzz_tricky\"}",
            "{\"kind\":\"event\",\"message_type\":\"fuzz_tricky\",}",
            "\u{FEFF}{\"kind\":\"event\",\"message_type\":\"fuzz_tricky\"}",
            "{\"kind\":\"event\",\"message_type\":\"fuzz_tricky\"}{\"kind\":\"event\",\"message_type\":\"fuzz_tricky\"}",
            "{\"kind\":\"event\",\"message_type\":\"fuzz_tricky\"} // comment",
            "  \n\t{\"kind\" : \"event\" , \"message_type\" : \"fuzz_tricky\" }  \r\n",
            "{\"kind\":\"EVENT\",\"message_type\":\"fuzz_tricky\"}",
            "{\"kind\":\"action_done\",\"message_type\":\"fuzz_tricky\",\"data\":{\"task\":null,\"step\":\"s\"}}",
            "{\"kind\":\"action_info\",\"message_type\":\"fuzz_tricky\",\"data\":{\"task\":\"t\",\"step\":\"s\",\"level\":\"warning\",\"message\":\"m\"}}",
            "{\"kind\":\"action_progress\",\"message_type\":\"fuzz_tricky\",\"data\":{\"task\":\"t\",\"step\":\"s\",\"at\":\"x\",\"progress\":"
                + "{\"kind\":\"progress\",\"name\":\"p\",\"current\":" + literals.randomElement(using: &random)! + ",\"total\":1e308}}}",
            "", " ", "null", "[]", "{}", "\"event\"",
        ]
        return Array(texts.randomElement(using: &random)!.utf8)
    }

    /// An event whose data is nested 1 to 160 levels deep, most often near 64.
    private mutating func deeplyNested() -> [UInt8] {
        let depth = random.chance(0.5) ? Int.random(in: 58...70, using: &random) : Int.random(in: 1...160, using: &random)
        let useObjects = random.chance(0.5)
        var text = "{\"kind\":\"event\",\"message_type\":\"fuzz_deep\",\"data\":"
        text += String(repeating: useObjects ? "{\"a\":" : "[", count: depth)
        text += "0"
        text += String(repeating: useObjects ? "}" : "]", count: depth)
        text += "}"
        return Array(text.utf8)
    }

    /// An event of exactly `size` bytes whose data is one long ASCII string.
    private func filledEvent(size: Int) -> [UInt8] {
        let head = Array("{\"kind\":\"event\",\"message_type\":\"fuzz_huge\",\"data\":{\"fill\":\"".utf8)
        let tail = Array("\"}}".utf8)
        let fill = max(0, size - head.count - tail.count)
        return head + [UInt8](repeating: UInt8(ascii: "x"), count: fill) + tail
    }

    /// A single text frame from half the frame limit up to exactly the limit: one long string,
    /// many small array elements, or bytes that are not JSON.
    private mutating func huge() -> FuzzUnit {
        let size = random.chance(0.3) ? maxFrameSize : Int.random(in: (maxFrameSize / 2)...maxFrameSize, using: &random)
        let payload: [UInt8]
        let answer: MessageAnswer
        switch Int.random(in: 0...2, using: &random) {
        case 0:
            payload = filledEvent(size: size)
            answer = MessageMaker.answer(to: .event, on: target)
        case 1:
            let head = Array("{\"kind\":\"event\",\"message_type\":\"fuzz_huge\",\"data\":[0".utf8)
            let elements = max(0, (size - head.count - 2) / 2)
            payload = head + Array([UInt8](repeating: 0, count: elements).map { _ in [UInt8(ascii: ","), UInt8(ascii: "1")] }.joined()) + Array("]}".utf8)
            answer = MessageMaker.answer(to: .event, on: target)
        default:
            payload = (0..<size).map { _ in UInt8.random(in: 0x20...0x7E, using: &random) }
            answer = .refusedOrPublished
        }
        return FuzzUnit(category: .huge, frames: [FuzzFrame(opcode: FuzzFrame.text, payload: payload)], expectation: FuzzExpectation(answer: answer))
    }

    /// A message (valid or mutated) cut into 2 to 8 fragments, some of them empty, with a ping
    /// between two fragments now and then.
    private mutating func fragmented() -> FuzzUnit {
        let (json, kind) = MessageMaker.message(using: &random)
        let isValid = random.chance(0.6)
        let bytes = isValid ? json.jsonBytes : mutatedBytes(json.jsonBytes)
        let isBinary = random.chance(0.1)
        let count = Int.random(in: 2...8, using: &random)
        let cuts = ((1..<count).map { _ in Int.random(in: 0...bytes.count, using: &random) } + [0, bytes.count]).sorted()
        var frames: [FuzzFrame] = []
        var pongs = 0
        for index in 0..<(cuts.count - 1) {
            let isLast = index == cuts.count - 2
            let opcode = index == 0 ? (isBinary ? FuzzFrame.binary : FuzzFrame.text) : FuzzFrame.continuation
            frames.append(FuzzFrame(opcode: opcode, fin: isLast, payload: Array(bytes[cuts[index]..<cuts[index + 1]])))
            if !isLast && random.chance(0.15) {
                frames.append(FuzzFrame(opcode: FuzzFrame.ping, payload: smallPayload()))
                pongs += 1
            }
        }
        let answer: MessageAnswer = isBinary ? .refused : isValid ? MessageMaker.answer(to: kind, on: target) : .refusedOrPublished
        return FuzzUnit(category: .fragmented, frames: frames, expectation: FuzzExpectation(answer: answer, pongs: pongs))
    }

    /// Fragments, each within the frame limit, of a message longer than the limit.
    private mutating func oversizedMessage() -> [FuzzFrame] {
        let bytes = filledEvent(size: maxFrameSize + 1 + Int.random(in: 0...(maxFrameSize / 2), using: &random))
        let pieces = Int.random(in: 2...4, using: &random)
        let length = (bytes.count + pieces - 1) / pieces
        return stride(from: 0, to: bytes.count, by: length).map { start in
            let end = min(start + length, bytes.count)
            return FuzzFrame(opcode: start == 0 ? FuzzFrame.text : FuzzFrame.continuation, fin: end == bytes.count, payload: Array(bytes[start..<end]))
        }
    }

    /// A close frame's payload: empty, one byte, or a code (valid, reserved or out of range)
    /// with a reason that may not be UTF-8.
    private mutating func closePayload() -> [UInt8] {
        switch Int.random(in: 0...5, using: &random) {
        case 0: return []
        case 1: return [UInt8.random(in: .min ... .max, using: &random)]
        default:
            let codes: [UInt16] = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1011, 0, 999, 1004, 1005, 1006, 1015, 2999, 3000, 4999, 5000, 65535]
            let code = codes.randomElement(using: &random)!
            let reason = random.chance(0.3) ? [0xC3, 0x28] : Array(MessageMaker.string(using: &random).utf8.prefix(100))
            return [UInt8(code >> 8), UInt8(code & 0xFF)] + reason
        }
    }
}
