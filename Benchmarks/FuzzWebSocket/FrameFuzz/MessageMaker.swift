import RotaModel

/// Makes the JSON the fuzzer sends: well-formed messages of every kind, any JSON value, and the
/// strings inside them (escapes, control characters, non-ASCII), from a seeded generator.
struct MessageMaker {
    /// Message types a generated message may carry. None of them triggers a workflow, is the
    /// type the fuzzing actor subscribes to, or is one the core publishes itself, so every
    /// message the core publishes is one the fuzzer sent.
    static let messageTypes = ["fuzz_event", "fuzz.collect", "fuzz-progress", "", "fuzz Ünïcödé 漢字 🦀", "fuzz/a?b=c", "fuzz_\"quoted\""]

    static let kinds = MessageKind.allCases.map(\.rawValue)

    private static let characters: [Character] = Array("abcXYZ019 _-.:/\"\\\u{0}\u{1}\u{8}\t\n\r\u{1F}\u{7F}é漢🦀\u{FFFD}\u{200B}e\u{301}\u{2028}")

    /// A string of 0 to 40 characters, now and then up to 700 (longer than an `action_info` keeps).
    static func string(using random: inout SeededRandom) -> String {
        let length = random.chance(0.05) ? Int.random(in: 0...700, using: &random) : Int.random(in: 0...40, using: &random)
        return String((0..<length).map { _ in characters.randomElement(using: &random)! })
    }

    /// Any JSON value, nested at most `depth` levels.
    static func value(depth: Int, using random: inout SeededRandom) -> JSONValue {
        switch Int.random(in: 0...(depth > 0 ? 8 : 6), using: &random) {
        case 0: return .null
        case 1: return .bool(random.chance(0.5))
        case 2: return .int([0, 1, -1, Int64.max, Int64.min, Int64.random(in: -1_000_000...1_000_000, using: &random)].randomElement(using: &random)!)
        case 3: return .double([0.5, -0.0, 1e308, -1e308, 5e-324, Double.random(in: -1e6...1e6, using: &random)].randomElement(using: &random)!)
        case 4, 5, 6: return .string(string(using: &random))
        case 7: return .array((0..<Int.random(in: 0...5, using: &random)).map { _ in value(depth: depth - 1, using: &random) })
        default: return object(depth: depth - 1, using: &random)
        }
    }

    /// An object of up to five members with any values.
    static func object(depth: Int, using random: inout SeededRandom) -> JSONValue {
        var members: [String: JSONValue] = [:]
        for _ in 0..<Int.random(in: 0...5, using: &random) { members[string(using: &random)] = value(depth: depth, using: &random) }
        return .object(members)
    }

    /// A message type from `messageTypes`, or one made up with the `fuzz_` prefix.
    static func messageType(using random: inout SeededRandom) -> String {
        random.chance(0.3) ? "fuzz_" + string(using: &random) : messageTypes.randomElement(using: &random)!
    }

    /// A progress report of up to `depth` levels of trees, with numbers small, huge and negative.
    static func progress(depth: Int, using random: inout SeededRandom) -> JSONValue {
        var members: [String: JSONValue] = ["name": .string(string(using: &random))]
        if random.chance(0.5) { members["path"] = .array((0..<Int.random(in: 0...3, using: &random)).map { _ in .string(string(using: &random)) }) }
        if depth > 0 && random.chance(0.3) {
            members["kind"] = "tree"
            members["parts"] = .array((0..<Int.random(in: 0...4, using: &random)).map { _ in progress(depth: depth - 1, using: &random) })
        } else {
            members["kind"] = "progress"
            let numbers: [Double] = [0, 1, 7, 100, -3, 1e308, 0.25]
            members["current"] = .number(numbers.randomElement(using: &random)!)
            members["total"] = .number(numbers.randomElement(using: &random)!)
        }
        return .object(members)
    }

    /// A well-formed message of `kind` (any kind when nil): the fields its kind needs, of the
    /// right types, and extra members of any type.
    static func message(kind: String? = nil, using random: inout SeededRandom) -> (json: JSONValue, kind: MessageKind) {
        let kind = MessageKind(rawValue: kind ?? kinds.randomElement(using: &random)!)!
        var message: [String: JSONValue] = ["kind": .string(kind.rawValue), "message_type": .string(messageType(using: &random))]
        guard kind != .event else {
            switch Int.random(in: 0...5, using: &random) {
            case 0: break
            case 1: message["data"] = value(depth: 3, using: &random)
            default: message["data"] = object(depth: 3, using: &random)
            }
            return (.object(message), kind)
        }
        var data = object(depth: 2, using: &random).objectValue ?? [:]
        data["task"] = .string(string(using: &random))
        data["step"] = .string(string(using: &random))
        if random.chance(0.2) { data["subscriber_id"] = .string(string(using: &random)) }
        switch kind {
        case .actionError:
            data["error"] = .string(string(using: &random))
        case .actionInfo:
            data["level"] = .string(random.chance(0.5) ? "info" : "error")
            data["message"] = .string(string(using: &random))
        case .actionProgress:
            data["progress"] = progress(depth: 3, using: &random)
            data["at"] = .string(random.chance(0.5) ? "2026-12-03T07:00:00Z" : string(using: &random))
        default:
            break
        }
        message["data"] = .object(data)
        return (.object(message), kind)
    }

    /// How a correct core answers a well-formed message of `kind` on `target`'s socket.
    static func answer(to kind: MessageKind, on target: FuzzTarget) -> MessageAnswer {
        switch target {
        case .actor: return kind == .action || kind == .actionAbort ? .refused : .published
        case .events: return kind == .event ? .published : .refused
        }
    }
}
