import Testing

@testable import RotaStore

@Suite("PostgreSQL URLs")
struct PostgresURLTests {
    @Test func fullURLIsReadWithItsParts() throws {
        let url = try PostgresURL("postgres://rota:s%40cret@db.example.com:6543/inventory?sslmode=require")
        #expect(url.host == "db.example.com")
        #expect(url.port == 6543)
        #expect(url.user == "rota")
        #expect(url.password == "s@cret")
        #expect(url.database == "inventory")
        #expect(url.tlsMode == .require)
    }

    @Test func portAndTLSModeHaveDefaults() throws {
        let url = try PostgresURL("postgresql://rota@localhost/rota")
        #expect(url.port == 5432)
        #expect(url.tlsMode == .prefer)
        #expect(url.password == nil)
    }

    @Test func descriptionNeverShowsThePassword() throws {
        let url = try PostgresURL("postgres://rota:hunter2@localhost/rota")
        #expect(url.description == "postgres://rota:***@localhost:5432/rota")
        #expect(!"\(url)".contains("hunter2"))
    }

    @Test(arguments: [
        ("postgres://rota:hunter2@/rota", "names no host"),
        ("postgres://localhost/rota", "names no user"),
        ("postgres://rota:hunter2@localhost", "names no database"),
        ("postgres://rota:hunter2@localhost/a/b", "names no database"),
        ("postgres://rota:hunter2@localhost/rota?sslmode=maybe", "sslmode must be"),
        ("postgres://rota:hunter2@localhost/rota?timeout=3", "unknown parameter \"timeout\""),
        ("mysql://rota:hunter2@localhost/rota", "is not a PostgreSQL URL"),
    ])
    func badURLIsRefusedWithTheReasonAndWithoutThePassword(text: String, reason: String) {
        #expect {
            try PostgresURL(text)
        } throws: { error in
            let description = "\(error)"
            return description.contains(reason) && !description.contains("hunter2")
        }
    }

    @Test func onlyPostgresSchemesArePostgres() {
        #expect(PostgresURL.isPostgres("postgres://a@b/c"))
        #expect(PostgresURL.isPostgres("PostgreSQL://a@b/c"))
        #expect(!PostgresURL.isPostgres(".rota/rota.db"))
        #expect(!PostgresURL.isPostgres("/var/lib/postgres/rota.db"))
    }

    @Test func maskingLeavesTextWithoutAPasswordAlone() {
        #expect(PostgresURL.masked("postgres://a:b@c/d") == "postgres://a:***@c/d")
        #expect(PostgresURL.masked("postgres://a@c/d") == "postgres://a@c/d")
        #expect(PostgresURL.masked(".rota/rota.db") == ".rota/rota.db")
    }
}
