import Foundation
import Hummingbird

/// Liveness, readiness, the core's own metrics and the API description.
struct SystemRoutes {
    let parts: CoreParts

    func register(on router: Router<BasicRequestContext>) {
        router.get("/system/ping") { _, _ in
            JSONResponse.text("pong")
        }
        router.get("/system/ready") { _, _ in
            do {
                _ = try await parts.store.lastFires()
            } catch {
                throw APIError(.serviceUnavailable, "not_ready", "the database cannot be read: \(error)")
            }
            return try JSONResponse.make(["status": "ready"])
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
}
