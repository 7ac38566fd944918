import ArgumentParser
import Foundation
import RotaAPI
import RotaClient
import RotaModel

/// `rota audit`: who changed what through the core's API, newest first.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "List the changes made through the core's API, newest first.",
        discussion: """
            The core records every change made through its API once it has succeeded: \
            workflows and jobs created, replaced or deleted, jobs activated or deactivated, \
            schedules set or reset, subscriptions created, replaced or deleted, resources \
            marked for cleanup, protected or unprotected, runs started or stopped, set-aside \
            records forgotten. Each entry has the time, the caller's address, who the caller is \
            and what changed.

            WHO is cert:NAME for a client certificate's common name (mutual TLS), token:SUBJECT \
            for the subject (sub) of the caller's token, psk for a token without one, and \
            anonymous on a core without a pre-shared key. A token's subject is what its maker \
            wrote: anyone who knows the key can write any subject.

            Kinds: workflow, job, schedule, subscription, resource, run, set_aside, config. \
            Times are ISO-8601 (2026-11-23T10:00:00Z); without an offset they are UTC, and a date alone is \
            its midnight UTC. Entries are kept as long as the history (history_retention).

            Examples:
              rota audit
              rota audit --kind workflow --limit 20
              rota audit --since 2026-11-23 --until 2026-11-24T12:00:00Z
              rota audit --kind run --json
            """
    )

    @Option(help: ArgumentHelp("Only changes of this kind: workflow, job, schedule, subscription, resource, run, set_aside or config.", valueName: "kind"))
    var kind: String?

    @Option(help: ArgumentHelp("Only changes made at or after this time.", valueName: "time"))
    var since: String?

    @Option(help: ArgumentHelp("Only changes made before this time.", valueName: "time"))
    var until: String?

    @Option(help: ArgumentHelp("At most this many changes, 1 to 1000 (the core's default: 100).", valueName: "n"))
    var limit: Int?

    @OptionGroup var options: CoreOptions

    func validate() throws {
        for (flag, value) in [("--since", since), ("--until", until)] {
            guard let value else { continue }
            guard TimeArgument.query(value) != nil else {
                throw ValidationError("\(flag) \"\(value)\" is not an ISO-8601 time or date; write e.g. 2026-11-23T10:00:00Z or 2026-11-23")
            }
        }
        let utc = TimeZone(identifier: "UTC")!
        if let since = since.flatMap({ TimeArgument.date($0, wallTimeIn: utc) }), let until = until.flatMap({ TimeArgument.date($0, wallTimeIn: utc) }),
            until <= since
        {
            throw ValidationError("--until must be later than --since, e.g. --since 2026-11-23 --until 2026-11-24")
        }
        if let limit, !(1...1000).contains(limit) {
            throw ValidationError("--limit must be from 1 to 1000, e.g. --limit 20")
        }
    }

    func run() async throws {
        var query: [(String, String)] = []
        if let kind { query.append(("kind", kind)) }
        if let since = since.flatMap(TimeArgument.query) { query.append(("since", since)) }
        if let until = until.flatMap(TimeArgument.query) { query.append(("until", until)) }
        if let limit { query.append(("limit", String(limit))) }
        let entries = try await options.withAPI { api in try await api.get("/audit", query: query) }
        try options.output(entries, as: [AuditEntryView].self, request: "GET /audit") { list in
            guard !list.isEmpty else {
                Console.current.print("no change matches")
                return
            }
            var table = TextTable([
                .init("ID", .right), .init("TIME"), .init("KIND"), .init("ACTION"), .init("TARGET"), .init("WHO"), .init("ADDRESS"),
                .init("CHANGE"),
            ])
            for entry in list {
                table.append([
                    String(entry.id), HumanText.time(entry.at), entry.kind, entry.action, HumanText.text(entry.target), entry.identity,
                    HumanText.text(entry.address), Self.change(entry.change),
                ])
            }
            Console.current.print(table)
        }
    }

    /// What changed in one line: `version=2 changed_keys=["steps"]`, `-` when nothing is told.
    static func change(_ members: [String: JSONValue]) -> String {
        guard !members.isEmpty else { return "-" }
        return members.keys.sorted().map { key in
            let value = members[key]!
            return "\(key)=\(value.stringValue ?? value.jsonText)"
        }.joined(separator: " ")
    }
}
