/// Reads the kinds of a graph model as collectors send it (`PUT /graph/{graph}/model`): a JSON
/// array of kinds, each an object with `fqn` and, optionally, `bases` (a list of kind names);
/// everything else a kind declares (properties, metadata) is passed over. The array is read one
/// kind at a time, so a model of many MiB costs little beyond its bytes.
public enum GraphModelReader {
    /// The most kinds one model may declare, and the most bases one kind may name.
    public static let maximumKinds = 100_000
    public static let maximumBases = 256

    /// Why a model was refused: the position of the kind at fault (-1 for the model as a whole),
    /// its key at fault, and what is wrong.
    public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        public let kind: Int
        public var key: String? = nil
        public let message: String
        public var path: String { kind < 0 ? "" : "[\(kind)]" + (key.map { ".\($0)" } ?? "") }

        public init(kind: Int, key: String? = nil, message: String) {
            self.kind = kind
            self.key = key
            self.message = message
        }
        public var description: String { kind < 0 ? message : "kind \(kind): \(message)" }
    }

    /// Each kind's direct bases, by the kind's name.
    public static func bases(_ bytes: UnsafeBufferPointer<UInt8>) throws(Refusal) -> [String: [String]] {
        var scanner = JSONScanner(bytes: bytes)
        var bases: [String: [String]] = [:]
        var position = -1
        do {
            scanner.skipWhitespace()
            guard scanner.nextValueStarts(with: UInt8(ascii: "[")) else {
                throw Refusal(kind: -1, message: "a model is a JSON array of kinds ({\"fqn\", \"bases\"})")
            }
            try scanner.beginArray()
            var isFirst = true
            while try scanner.nextElement(isFirst: &isFirst) {
                position += 1
                guard position < maximumKinds else { throw Refusal(kind: position, message: "a model may declare at most \(maximumKinds) kinds") }
                let kind = try scanner.readValue(depth: 1)
                guard case .string(let fqn)? = kind["fqn"], !fqn.isEmpty, fqn.utf8.count <= GraphLineReader.maximumIdLength else {
                    throw Refusal(kind: position, key: "fqn", message: "needs fqn, a non-empty string of at most \(GraphLineReader.maximumIdLength) bytes")
                }
                let names = kind["bases"]?.arrayValue ?? []
                guard names.count <= maximumBases,
                    names.allSatisfy({ $0.stringValue.map { !$0.isEmpty && $0.utf8.count <= GraphLineReader.maximumIdLength } ?? false })
                else {
                    throw Refusal(kind: position, key: "bases", message: "bases must be a list of at most \(maximumBases) kind names")
                }
                bases[fqn] = names.compactMap(\.stringValue)
            }
            try scanner.expectEnd()
        } catch let refusal as Refusal {
            throw refusal
        } catch let error as JSONScanner.SyntaxError {
            throw Refusal(kind: -1, message: "the model is not JSON: at byte \(error.offset): \(error.message)")
        } catch {
            throw Refusal(kind: -1, message: "\(error)")
        }
        return bases
    }
}
