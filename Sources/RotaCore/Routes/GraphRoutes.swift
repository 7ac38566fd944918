import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RotaModel
import RotaStore

/// The part of Fix Inventory's core API its worker and metrics exporter call: the graph's model,
/// merges of collected graphs, the cleanup search, the patch that records deletions, and
/// aggregate searches for metrics. Rota keeps one inventory: every graph name addresses it.
struct GraphRoutes {
    let parts: CoreParts

    /// The most nodes a graph search answers with.
    static let maximumSearchNodes = 100_000
    /// The header in which the worker names the run a merge belongs to.
    static let taskHeader = HTTPField.Name("Fix-Worker-Task-Id")!

    func register(on router: some RouterMethods<CoreRequestContext>) {
        router.post("/graph/{graph}") { _, context in
            _ = try Self.graphName(context)
            return Self.ndjson([Self.rootNode], asArray: false)
        }
        router.get("/graph/{graph}/model") { _, context in
            _ = try Self.graphName(context)
            let kinds = try await parts.store.graphKinds()
            let model: [JSONValue] = kinds.bases.keys.sorted().map { fqn in
                ["fqn": .string(fqn), "bases": .array((kinds.bases[fqn] ?? []).map(JSONValue.string))]
            }
            return Self.json(.array(model))
        }
        for method in [HTTPRequest.Method.put, .patch] {
            router.on("/graph/{graph}/model", method: method) { request, context in
                _ = try Self.graphName(context)
                let bases = try await Self.kindBases(request, limit: parts.settings.maxBodySize)
                try await parts.store.updateGraphKinds(bases)
                return Self.json(["kinds": .int(Int64(bases.count))])
            }
        }
        router.post("/graph/{graph}/merge") { request, context in
            _ = try Self.graphName(context)
            let summary = try await parts.store.mergeGraph(
                body: request.body.map { $0.readableBytesView }, now: parts.clock.now(), maxSize: parts.settings.maxMergeSize)
            if let taskId = request.headers[Self.taskHeader], !taskId.isEmpty { await note(summary, in: taskId) }
            return try JSONResponse.make(summary)
        }
        router.post("/graph/{graph}/search/graph") { request, context in
            _ = try Self.graphName(context)
            let query = try GraphQuery(parsing: try await Self.queryText(request))
            let section = request.query("section")
            let lines = try await parts.store.readGraph(now: parts.clock.now()) { source in
                var lines: [JSONValue] = []
                try query.run(
                    source: source, section: section, limit: Self.maximumSearchNodes,
                    node: { lines.append(Self.nodeJSON($0)) },
                    edge: { lines.append(["type": "edge", "from": .string($0.from), "to": .string($0.to), "edge_type": .string($0.type)]) })
                return lines
            }
            return Self.ndjson(lines, asArray: Self.wantsArray(request))
        }
        router.post("/graph/{graph}/search/aggregate") { request, context in
            _ = try Self.graphName(context)
            let aggregate = try GraphAggregate(parsing: try await Self.queryText(request))
            let section = request.query("section")
            let rows = try await parts.store.readGraph(now: parts.clock.now()) { source in
                try aggregate.run(source: source, section: section)
            }
            return Self.ndjson(rows, asArray: Self.wantsArray(request))
        }
        router.patch("/graph/{graph}/nodes") { request, context in
            _ = try Self.graphName(context)
            let ids = try Self.cleanedIds(try await request.body.collect(upTo: parts.settings.maxBodySize))
            _ = try await parts.store.recordCleaned(ids: ids, now: parts.clock.now())
            let nodes = try await parts.store.readGraph(now: parts.clock.now()) { source in
                try ids.compactMap { try source.node(id: $0).map(Self.nodeJSON) }
            }
            return Self.json(.array(nodes))
        }
    }

    /// The root node a graph's creation answers with, as Fix Inventory's core does.
    static let rootNode: JSONValue = [
        "type": "node", "id": "root", "reported": ["id": "root", "kind": "graph_root", "name": "root"], "metadata": [:],
    ]

    /// The graph name of the path: letters, digits and `_`, starting with a letter, at most 64.
    static func graphName(_ context: CoreRequestContext) throws -> String {
        let name = try context.parameters.decoded("graph")
        let valid = (1...64).contains(name.utf8.count) && name.first?.isLetter == true
            && name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "_") }
        guard valid else {
            throw APIError.badRequest("a graph name is 1 to 64 ASCII letters, digits and _, starting with a letter", path: "graph")
        }
        return name
    }

    /// The body of a search: the query's text, at most ``GraphQueryLimits/maxTextBytes`` bytes.
    static func queryText(_ request: Request) async throws -> String {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: GraphQueryLimits.maxTextBytes)
        } catch {
            throw APIError(.contentTooLarge, "body_too_large", "a search is at most \(GraphQueryLimits.maxTextBytes) bytes")
        }
        guard let text = buffer.getString(at: buffer.readerIndex, length: buffer.readableBytes) else {
            throw APIError.badRequest("a search must be UTF-8 text")
        }
        return text
    }

    /// The kinds of a model body of at most `limit` bytes (see ``GraphModelReader``); the kinds
    /// of every official collector plugin take a few MiB.
    static func kindBases(_ request: Request, limit: Int) async throws -> [String: [String]] {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw APIError(.contentTooLarge, "body_too_large", "a model is at most \(limit) bytes (max_body_size)")
        }
        do {
            return try buffer.withUnsafeReadableBytes { raw throws(GraphModelReader.Refusal) in
                try GraphModelReader.bases(raw.bindMemory(to: UInt8.self))
            }
        } catch {
            throw APIError.badRequest(error.message, path: error.path)
        }
    }

    /// The ids of the JSON lines of a nodes patch that set `metadata.cleaned` to true.
    static func cleanedIds(_ body: ByteBuffer) throws -> [String] {
        var ids: [String] = []
        var splitter = LineSplitter()
        func read(_ line: UnsafeBufferPointer<UInt8>, _ number: Int) throws {
            guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return }
            let node: JSONValue
            do {
                node = try JSONValue(jsonBytes: line)
            } catch {
                throw APIError.badRequest("line \(number) is not JSON: \(error)")
            }
            guard case .string(let id)? = node["id"], !id.isEmpty else {
                throw APIError.badRequest("line \(number): every node needs its id", path: "id")
            }
            if node["metadata"]?["cleaned"] == .bool(true) { ids.append(id) }
        }
        try body.withUnsafeReadableBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            try splitter.split(bytes, read)
            try splitter.finish(read)
        }
        return ids
    }

    /// A node of a search's answer, as Fix Inventory's worker reads it back.
    static func nodeJSON(_ node: GraphNode) -> JSONValue {
        ["type": "node", "id": .string(node.id), "reported": node.reported, "metadata": node.metadata, "desired": node.desired]
    }

    /// Whether the client asked for one JSON array rather than JSON lines.
    static func wantsArray(_ request: Request) -> Bool {
        let accept = request.headers[.accept]?.lowercased() ?? ""
        return accept.contains("application/json") && !accept.contains("ndjson")
    }

    /// JSON lines (`application/x-ndjson`), or one JSON array.
    static func ndjson(_ values: [JSONValue], asArray: Bool) -> Response {
        guard !asArray else { return json(.array(values)) }
        var bytes: [UInt8] = []
        for value in values {
            bytes += value.jsonBytes
            bytes.append(0x0A)
        }
        return Response(status: .ok, headers: [.contentType: "application/x-ndjson"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func json(_ value: JSONValue) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: value.jsonBytes)))
    }

    /// Records in the run's log what a merge did, and the lines it could not fully read.
    private func note(_ summary: GraphMergeSummary, in taskId: TaskId) async {
        var notes = [
            "stored the graph below \(summary.replaced.joined(separator: ", ")): \(summary.added) added, \(summary.updated) updated, "
                + "\(summary.unchanged) unchanged, \(summary.removed) removed, \(summary.edges) edges, \(summary.deferredEdges) deferred edges"
        ]
        notes += summary.problems.map(\.description)
        if summary.problemCount > summary.problems.count { notes.append("and \(summary.problemCount - summary.problems.count) more problems") }
        await parts.taskHandler.note(notes, in: taskId)
    }
}
