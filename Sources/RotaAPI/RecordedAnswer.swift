/// The answer to `POST /resources/cleaned`: the ids recorded as deleted.
public struct RecordedAnswer: APIContract, Hashable {
    public var recorded: [String]

    public init(recorded: [String]) {
        self.recorded = recorded
    }

    public static let schemaName = "Recorded"
    public static let example = RecordedAnswer(recorded: ["i-0abc"])
}
