import RotaModel

extension Subscription: APIContract {
    public static let schemaName = "Subscription"
    public static let example = Subscription(messageType: "collect", waitForCompletion: false, timeout: 600)
}

extension Subscriber: APIContract {
    public static let schemaName = "Subscriber"
    public static let example = Subscriber(id: "rota.worker", subscriptions: [.example])
}

extension MergeSummary: APIContract {
    public static let schemaName = "MergeSummary"
    public static let example = MergeSummary(
        cloud: "aws", account: "123456789012", added: 3, updated: 2, unchanged: 40, removed: 1,
        problems: [.example], problemCount: 1)
}

extension GraphMergeSummary: APIContract {
    public static let schemaName = "GraphMergeSummary"
    public static let example = GraphMergeSummary(
        replaced: ["ZHoSnFpbxxILQHKBxsvVwA"], added: 11, updated: 0, unchanged: 0, removed: 0, edges: 18, deferredEdges: 1,
        problems: [.example], problemCount: 1)
}

extension MergeProblem: APIContract {
    public static let schemaName = "MergeProblem"
    public static let example = MergeProblem(line: 7, id: "i-0abc", message: "kind: is required")
}

extension StoredResource: APIContract {
    public static let schemaName = "Resource"
    public static let example = StoredResource(
        resource: Resource(
            id: "vol-0abc", kind: "volume", name: "data", cloud: "aws", account: "123456789012", region: "eu-west-1", parent: "i-0abc",
            tags: ["expiration": "2d"], ctime: ExampleTime.date, attributes: ["volume_size": 100]),
        metadata: ResourceMetadata(
            firstSeen: ExampleTime.date, lastSeen: ExampleTime.date, expires: ExampleTime.date,
            clean: CleanMark(reason: "expired", at: ExampleTime.date), cleaned: ExampleTime.date, protected: false))
}

extension ResourcePage: APIContract {
    public static let schemaName = "ResourcePage"
    public static let example = ResourcePage(resources: [.example], next: "vol-0abc")
}
