/// The answer of `GET /system/ready` when the core is ready.
public struct ReadyAnswer: APIContract, Hashable {
    public var status: String

    public init(status: String = "ready") {
        self.status = status
    }

    public static let schemaName = "Ready"
    public static let example = ReadyAnswer()
}
