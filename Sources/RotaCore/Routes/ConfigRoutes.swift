import HTTPTypes
import Hummingbird
import RotaAPI
import RotaModel
import RotaStore

/// The configurations actors keep in the core, as Fix Inventory's worker and metrics exporter
/// read and write them (`fixlib`): list, read, store and delete one, and accept the model of
/// the configurations, which Rota does not keep. A change through these routes is recorded in
/// the audit trail and published as the event `config-updated` (`config-deleted`), so that a
/// running actor reloads.
struct ConfigRoutes {
    let parts: CoreParts

    /// The header that carries a configuration's revision.
    static let revisionHeader = HTTPField.Name("Fix-Config-Revision")!

    func register(on router: some RouterMethods<CoreRequestContext>) {
        router.get("/configs") { _, _ in
            try JSONResponse.make(try await parts.store.configIds())
        }
        router.patch("/configs/model") { request, _ in
            guard try await request.json(limit: parts.settings.maxBodySize).arrayValue != nil else {
                throw APIError.badRequest("the configuration model is a JSON list of kinds")
            }
            return try JSONResponse.make([String]())
        }
        router.get("/config/{id}") { request, context in
            let id = try Self.configId(context)
            guard let stored = try await parts.store.config(id) else { throw APIError.notFound("no configuration has the id \"\(id)\"") }
            var response: Response
            if Self.flag(request, "separate_overrides") {
                response = try JSONResponse.make(
                    ConfigAnswer(config: stored.config, rawConfig: Self.flag(request, "include_raw_config") ? stored.config : nil))
            } else {
                response = try JSONResponse.make(JSONValue.object(stored.config))
            }
            response.headers[Self.revisionHeader] = stored.revision
            return response
        }
        router.put("/config/{id}") { request, context in
            let id = try Self.configId(context)
            let body = try await request.json(limit: min(parts.settings.maxBodySize, ConfigLimits.configBytes))
            guard let config = body.objectValue else { throw APIError.badRequest("a configuration is a JSON object, not \(body.typeName)") }
            let save: ConfigSave
            do {
                save = try await parts.store.saveConfig(id, config, limit: ConfigLimits.configs)
            } catch let full as ConfigLimitReached {
                throw APIError(.tooManyRequests, "too_many_configs", full.description)
            }
            if save.changed { await changed(save, by: context) }
            var response = try JSONResponse.make(JSONValue.object(save.stored.config))
            response.headers[Self.revisionHeader] = save.stored.revision
            return response
        }
        router.delete("/config/{id}") { _, context in
            let id = try Self.configId(context)
            if try await parts.store.deleteConfig(id) {
                await parts.audit.record(.config, .deleted, target: id, by: context)
                await publish(Event(messageType: "config-deleted", data: ["id": .string(id)]))
            }
            return Response(status: .noContent)
        }
    }

    /// Records a stored change and tells the listeners of `config-updated`.
    private func changed(_ save: ConfigSave, by context: CoreRequestContext) async {
        var change: [String: JSONValue] = ["revision": .string(save.stored.revision)]
        if let previous = save.previousRevision { change["previous_revision"] = .string(previous) }
        await parts.audit.record(.config, save.previousRevision == nil ? .created : .replaced, target: save.stored.id, change: change, by: context)
        await publish(Event(messageType: "config-updated", data: ["id": .string(save.stored.id), "revision": .string(save.stored.revision)]))
    }

    /// Publishes `event` as a client's event: it reaches the listeners, and the runs and
    /// triggers that wait for its type, like any event sent to `/events`.
    private func publish(_ event: Event) async {
        await parts.taskHandler.receive(.event(event), from: .client)
    }

    /// The path's configuration id, refused with 400 when it breaks `ConfigLimits`.
    private static func configId(_ context: CoreRequestContext) throws -> String {
        let id = try context.parameters.decoded("id")
        if let problem = ConfigLimits.problem(withId: id) { throw APIError.badRequest(problem, path: "id") }
        return id
    }

    /// A query flag as Fix Inventory reads it: true only when given as `true`, in any case.
    private static func flag(_ request: Request, _ name: String) -> Bool {
        request.query(name)?.lowercased() == "true"
    }
}
