import RotaClient
import RotaModel

/// Sets or clears a resource's protection: `PATCH /resources/{id}` with `{"protected": bool}`.
enum ResourceProtection {
    /// The resource as the core stored it.
    static func set(_ protected: Bool, of id: String, options: CoreOptions) async throws -> JSONValue {
        try await options.withAPI { api in
            try await api.patch(CoreConnection.path("resources", id), json: ["protected": .bool(protected)])
        }
    }
}
