import Foundation
import HTTPTypes
import Hummingbird
import RotaAPI
import RotaModel
import RotaTestSupport
import Testing
import Yams

@testable import RotaCore

/// `openapi.yaml` describes exactly what the core serves: every path and method the router
/// serves is in the document and every one in the document is served, and every schema's
/// properties are exactly the keys its `RotaAPI` type writes, in both directions.
@Suite struct OpenAPIContractTests {
    /// Every type of the contract; each names its schema.
    static let contracts: [any APIContract.Type] = [
        ErrorAnswer.self, ReadyAnswer.self, SetAsideView.self, WorkflowView.self, WorkflowDetail.self, JobView.self, RunStartAnswer.self,
        StopAnswer.self, TaskSummary.self, StepView.self, RunningTaskView.self, QueuedRunView.self, HistoryEntryView.self,
        FinishedRunView.self, HistorySummaryView.self, LogEntryView.self, AuditEntryView.self, ScheduleRequest.self, ProtectionRequest.self,
        CleanupRequest.self, CleanedRequest.self, AggregationRequest.self, MarkedAnswer.self, RecordedAnswer.self, Subscription.self,
        Subscriber.self, SubscriberView.self, MergeSummary.self, GraphMergeSummary.self, MergeProblem.self, StoredResource.self, ResourcePage.self, ConfigAnswer.self,
    ]

    /// The schemas of the filter objects of `/resources`, whose properties are the filter
    /// parameters of `GET /resources`.
    static let filterSchemas: Set<String> = ["ResourceFilter", "CleanupFilter"]

    /// Paths served by the WebSocket upgrade rather than the router.
    static let webSocketOnly: Set<Endpoint> = [Endpoint(method: "GET", path: "/events"), Endpoint(method: "GET", path: "/work/queue")]

    /// A method and a path, as `GET /jobs/{id}`.
    struct Endpoint: Hashable, Comparable, CustomStringConvertible {
        let method: String
        let path: String

        var description: String { "\(method) \(path)" }
        static func < (lhs: Endpoint, rhs: Endpoint) -> Bool { (lhs.path, lhs.method) < (rhs.path, rhs.method) }
    }

    static func document() throws -> [String: Any] {
        let text = try String(contentsOf: Self.sourceDocument(), encoding: .utf8)
        return try #require(try Yams.load(yaml: text) as? [String: Any])
    }

    /// The document in the sources, the one the core serves at `/openapi.yaml`.
    static func sourceDocument() -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/RotaCore/Resources/openapi.yaml")
    }

    static func schemas() throws -> [String: Any] {
        let components = try #require(try document()["components"] as? [String: Any])
        return try #require(components["schemas"] as? [String: Any])
    }

    // MARK: - Paths

    @Test func everyPathAndMethodServedIsDocumentedAndEveryDocumentedOneIsServed() async throws {
        let served = try await TestCore.with { core in
            let recorder = RouteRecorder()
            CoreRoutes(parts: core.core.parts).register(on: recorder)
            return Set(recorder.endpoints)
        }
        let paths = try #require(try Self.document()["paths"] as? [String: Any])
        var documented: Set<Endpoint> = []
        for (path, item) in paths {
            for method in (item as? [String: Any] ?? [:]).keys where Self.methods.contains(method) {
                documented.insert(Endpoint(method: method.uppercased(), path: path))
            }
        }
        #expect(served.count > 30)
        #expect(served.subtracting(documented).sorted() == [], "served but not in openapi.yaml")
        #expect(documented.subtracting(served).subtracting(Self.webSocketOnly).sorted() == [], "in openapi.yaml but not served")
    }

    static let methods: Set<String> = ["get", "put", "post", "patch", "delete"]

    // MARK: - Schemas

    @Test(arguments: contracts.map { ContractCase($0) })
    func everySchemaHasExactlyTheKeysOfItsType(_ contract: ContractCase) throws {
        let keys = try contract.exampleKeys()
        let properties = try Self.properties(of: contract.schemaName, in: try Self.schemas())
        #expect(keys.subtracting(properties).sorted() == [], "\(contract.schemaName): keys the type writes that the schema lacks")
        #expect(properties.subtracting(keys).sorted() == [], "\(contract.schemaName): properties the type never writes")
    }

    @Test(arguments: contracts.map { ContractCase($0) })
    func everyExampleReadsBackAsItWasWritten(_ contract: ContractCase) throws {
        #expect(try contract.roundTrips(), "\(contract.schemaName) does not read back what it writes")
    }

    @Test func everyObjectSchemaBelongsToAType() throws {
        let schemas = try Self.schemas()
        let named = Set(Self.contracts.map { $0.schemaName })
        var objects: Set<String> = []
        for name in schemas.keys where try !Self.properties(of: name, in: schemas).isEmpty { objects.insert(name) }
        #expect(objects.subtracting(named).subtracting(Self.filterSchemas).sorted() == [], "schemas without a type in RotaAPI")
        #expect(named.subtracting(objects).sorted() == [], "types without a schema in openapi.yaml")
        for name in Self.filterSchemas {
            #expect(try Self.properties(of: name, in: schemas) == Set(ResourceFilter.parameterNames), "\(name)")
        }
    }

    @Test func aRenamedFieldIsCaught() throws {
        let renamed = ContractCase(RenamedStopAnswer.self)
        let keys = try renamed.exampleKeys()
        let properties = try Self.properties(of: renamed.schemaName, in: try Self.schemas())
        #expect(keys.subtracting(properties) == ["task"])
        #expect(properties.subtracting(keys) == ["task_id"])
    }

    /// The properties of schema `name`, those of the schemas it is made of (`allOf`, `$ref`) included.
    static func properties(of name: String, in schemas: [String: Any]) throws -> Set<String> {
        let schema = try #require(schemas[name] as? [String: Any], "no schema \(name) in openapi.yaml")
        return try properties(of: schema, in: schemas)
    }

    private static func properties(of schema: [String: Any], in schemas: [String: Any]) throws -> Set<String> {
        var names = Set((schema["properties"] as? [String: Any] ?? [:]).keys)
        if let reference = schema["$ref"] as? String {
            names.formUnion(try properties(of: String(reference.split(separator: "/").last ?? ""), in: schemas))
        }
        for part in schema["allOf"] as? [[String: Any]] ?? [] { names.formUnion(try properties(of: part, in: schemas)) }
        return names
    }
}

/// One contract type, for a parameterized test.
struct ContractCase: CustomTestStringConvertible, Sendable {
    let type: any APIContract.Type

    init(_ type: any APIContract.Type) {
        self.type = type
    }

    var schemaName: String { type.schemaName }
    var testDescription: String { schemaName }

    /// The keys the example writes at its top level.
    func exampleKeys() throws -> Set<String> {
        Set(try #require(try type.exampleTree().objectValue, "\(schemaName) does not write an object").keys)
    }



    /// Whether the example, written and read back, writes the same JSON again.
    func roundTrips() throws -> Bool {
        try type.readsBack()
    }
}

extension APIContract {
    /// The example as JSON.
    static func exampleTree() throws -> JSONValue {
        try APICoding.tree(of: example)
    }

    /// Whether the example, read back from its JSON, writes the same JSON again.
    static func readsBack() throws -> Bool {
        let tree = try exampleTree()
        return try APICoding.tree(of: try APICoding.value(Self.self, from: tree)) == tree
    }
}

/// `StopAnswer` with its `task_id` renamed, as a careless change would.
private struct RenamedStopAnswer: APIContract {
    var task: String
    var stopped: Bool

    static let schemaName = "Stopped"
    static let example = RenamedStopAnswer(task: "t", stopped: true)
}

/// Records the routes registered on it instead of serving them.
final class RouteRecorder: RouterMethods, @unchecked Sendable {
    typealias Context = CoreRequestContext
    private(set) var endpoints: [OpenAPIContractTests.Endpoint] = []

    @discardableResult
    func on<Responder: HTTPResponder>(_ path: RouterPath, method: HTTPRequest.Method, responder: Responder) -> Self
    where Responder.Context == CoreRequestContext {
        let text = path.description.hasPrefix("/") ? path.description : "/" + path.description
        endpoints.append(OpenAPIContractTests.Endpoint(method: method.rawValue, path: text))
        return self
    }

    @discardableResult
    func add(middleware: any MiddlewareProtocol<Request, Response, CoreRequestContext>) -> Self {
        self
    }
}
