import Foundation
import Hummingbird
import RotaAPI
import RotaModel
import RotaStore

/// Liveness, readiness, the stored records set aside, the core's own metrics and the API description.
struct SystemRoutes {
    let parts: CoreParts

    func register(on router: some RouterMethods<CoreRequestContext>) {
        router.get("/system/ping") { _, _ in
            JSONResponse.text("pong")
        }
        router.get("/system/ready") { _, _ in
            do {
                _ = try await parts.store.lastFires()
            } catch {
                throw APIError(.serviceUnavailable, "not_ready", "the database cannot be read: \(error)")
            }
            if let problem = await parts.taskHandler.storageProblem() {
                throw APIError(.serviceUnavailable, "not_ready", "the state of the runs cannot be stored: \(problem)")
            }
            return try JSONResponse.make(ReadyAnswer())
        }
        router.get("/system/set-aside") { _, _ in
            try JSONResponse.make(try await parts.store.setAsideRecords().map(Self.view))
        }
        router.delete("/system/set-aside/{kind}/{id}") { _, context in
            let text = try context.parameters.decoded("kind")
            guard let kind = SetAsideRecord.Kind(rawValue: text) else {
                let kinds = SetAsideRecord.Kind.allCases.map(\.rawValue).joined(separator: ", ")
                throw APIError.badRequest("must be one of \(kinds), not \"\(text)\"", path: "kind")
            }
            let id = try context.parameters.decoded("id")
            guard try await parts.store.forgetSetAside(kind, id: id) else {
                throw APIError.notFound("no \(kind.rawValue) \"\(id)\" is set aside")
            }
            await parts.audit.record(.setAside, .deleted, target: id, change: ["kind": .string(kind.rawValue)], by: context)
            return Response(status: .noContent)
        }
        router.get("/metrics") { _, _ in
            JSONResponse.text(parts.metrics.exposition(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        router.get("/openapi.yaml") { _, _ in
            guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"), let text = try? String(contentsOf: url, encoding: .utf8)
            else { throw APIError(.internalServerError, "missing_resource", "the API description is missing from this build") }
            return JSONResponse.text(text, contentType: "application/yaml")
        }
    }

    /// A record set aside, as the API shows it.
    static func view(_ record: SetAsideRecord) -> SetAsideView {
        SetAsideView(kind: record.kind.rawValue, id: record.id, reason: record.reason, since: record.since)
    }
}
