/// The answer to `POST /resources/clean`: the ids marked for cleanup.
public struct MarkedAnswer: APIContract, Hashable {
    public var marked: [String]

    public init(marked: [String]) {
        self.marked = marked
    }

    public static let schemaName = "Marked"
    public static let example = MarkedAnswer(marked: ["i-0abc"])
}
