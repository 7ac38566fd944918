import ArgumentParser
import Foundation
import RotaModel

/// `rota cron`: commands for the cron expressions that start workflows.
struct CronCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cron",
        abstract: "Check the cron expressions that start workflows.",
        discussion: """
            Rota reads cron expressions as Vixie cron does: five fields, \
            "minute hour day-of-month month day-of-week", or a macro such as @daily. \
            Use `rota cron next` to see when an expression will fire before a workflow relies on it.
            """,
        subcommands: [Next.self]
    )
}

extension CronCommand {
    /// `rota cron next`: prints the next times an expression fires.
    struct Next: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the next times a cron expression fires.",
            discussion: """
                Prints one ISO-8601 time per line, strictly after --after, as wall time in --tz \
                followed by that zone's UTC offset (Z when the offset is zero).

                Examples:
                  rota cron next "*/15 9-17 * * MON-FRI" --tz Europe/Berlin
                  rota cron next "0 3 * * SUN" --after 2026-03-01T00:00:00Z --count 3
                  rota cron next @monthly --after 2026-11-01T00:00 --tz America/New_York

                Fields, in order:
                  minute        0-59
                  hour          0-23
                  day-of-month  1-31
                  month         1-12 or JAN-DEC
                  day-of-week   0-7 or SUN-SAT (0 and 7 are both Sunday)
                Each field is * (any), a value (5), a range (1-5), a step (*/15, 1-5/2, or 10/15 \
                meaning 10 to the field's end every 15), or a comma list of these (1,15,30).
                When either day field starts with *, a day must match both day fields; \
                otherwise a day matching either one is enough ("0 0 13 * FRI" fires on every \
                13th and every Friday).
                Macros: @yearly (@annually), @monthly, @weekly, @daily (@midnight), @hourly.

                Daylight saving: a time the clock skips fires once, when the clock jumps; \
                a time the clock shows twice fires only the first time.
                """
        )

        @Argument(help: ArgumentHelp("The cron expression, in quotes.", valueName: "expression"))
        var expression: String

        @Option(help: ArgumentHelp(
            "Show fire times after this ISO-8601 time; without an offset it is wall time in --tz. (default: now)",
            valueName: "time"
        ))
        var after: String?

        @Option(help: "How many fire times to print.")
        var count: Int = 5

        @Option(name: .customLong("tz"), help: ArgumentHelp(
            "The IANA time zone the fields are read in, such as Europe/Berlin or UTC. (default: the system's)",
            valueName: "zone"
        ))
        var timeZoneName: String?

        func validate() throws {
            let cron = try cronExpression()
            guard cron.isSatisfiable else {
                throw ValidationError("""
                    "\(cron)" never fires: none of its months has any of its days of the month \
                    (February has at most 29 days; April, June, September and November have 30). \
                    Choose days those months have, or restrict the day of the week instead.
                    """)
            }
            _ = try start(in: try timeZone())
            guard count >= 1 else { throw ValidationError("--count must be at least 1, e.g. --count 10.") }
        }

        func run() throws {
            let zone = try timeZone()
            let start = try start(in: zone)
            let fires = Array(try cronExpression().fires(after: start, in: zone).prefix(count))
            guard !fires.isEmpty else {
                throw ValidationError("\"\(expression)\" does not fire after \(Timestamp.string(start, fraction: .asNeeded, in: zone)).")
            }
            for fire in fires {
                Console.current.print(Timestamp.string(fire, fraction: .asNeeded, in: zone))
            }
        }

        private func cronExpression() throws -> CronExpression {
            do {
                return try CronExpression(parsing: expression)
            } catch {
                throw ValidationError("""
                    \(error.message)
                    Write five fields in quotes, "minute hour day-of-month month day-of-week", \
                    e.g. "*/15 9-17 * * MON-FRI", or a macro such as @daily.
                    """)
            }
        }

        private func timeZone() throws -> TimeZone {
            guard let name = timeZoneName else { return .current }
            guard let zone = TimeZone(identifier: name) else {
                throw ValidationError("--tz \"\(name)\" is not a known time zone; use an IANA name such as Europe/Berlin, America/New_York or UTC.")
            }
            return zone
        }

        private func start(in zone: TimeZone) throws -> Date {
            guard let after else { return Date() }
            guard let start = TimeArgument.date(after, wallTimeIn: zone) else {
                throw ValidationError("""
                    --after "\(after)" is not an ISO-8601 time or date; write e.g. 2026-11-23T09:00:00Z, \
                    2026-11-23T09:00:00+01:00, 2026-11-23T09:00 for wall time in --tz, or 2026-11-23 for its midnight.
                    """)
            }
            return start
        }
    }
}
