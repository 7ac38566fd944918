import ArgumentParser
import RotaStore

extension DatabaseCommand {
    /// `rota db copy`: moves everything a SQLite core keeps into a new PostgreSQL database, so
    /// that cores can run on PostgreSQL from where the SQLite core left off.
    struct Copy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy a SQLite core's database into an empty PostgreSQL database.",
            discussion: """
                Stop the core first: the SQLite file is opened read-only and must not be \
                written while it is copied. The PostgreSQL database must hold no rows in Rota's \
                tables; it is migrated first when it has no schema yet. Every table is copied \
                in one transaction, so a copy that fails leaves the database as it was. \
                Progress goes to standard error; at the end the rows of each table are counted \
                on both sides and printed, and the command fails when a count differs.

                Example:
                  rota db copy --from .rota/rota.db --to postgres://rota@db.internal/rota
                """
        )

        @Option(help: ArgumentHelp("The SQLite file of the stopped core.", valueName: "PATH"))
        var from: String = ".rota/rota.db"

        @Option(help: ArgumentHelp("The PostgreSQL database to fill.", valueName: "URL"))
        var to: String

        func run() async throws {
            let console = Console.current
            let url: PostgresURL
            do {
                url = try PostgresURL(to)
            } catch {
                throw console.refuse("--to: \(error)")
            }
            let source = try SQLiteSource(path: from)
            let store = try await PostgresStore.open(url, logger: DatabaseCommand.logger)
            defer { store.close() }
            let copy = DatabaseCopy(source: source, console: console, logger: DatabaseCommand.logger)
            do {
                let counts = try await copy.run(into: store)
                Self.print(counts, on: console)
                console.print("copied \(counts.reduce(0) { $0 + $1.postgres }) rows in \(counts.count) tables from \(from) to \(url)")
            } catch let mismatch as DatabaseCopy.CountMismatch {
                Self.print(mismatch.counts, on: console)
                let differing = mismatch.counts.filter { $0.sqlite != $0.postgres }.map(\.table)
                throw DatabaseCopyError("the row counts of \(differing.joined(separator: ", ")) differ; nothing was committed")
            }
        }

        /// Prints the rows of each table on both sides.
        private static func print(_ counts: [DatabaseCopy.TableCount], on console: Console) {
            var table = TextTable([.init("TABLE"), .init("SQLITE", .right), .init("POSTGRESQL", .right)])
            for count in counts { table.append([count.table, String(count.sqlite), String(count.postgres)]) }
            for line in table.lines { console.print(line) }
        }
    }
}
