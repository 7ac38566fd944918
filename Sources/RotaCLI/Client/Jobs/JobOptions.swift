import ArgumentParser
import RotaModel

/// The fields of a job as `rota jobs add` and `rota jobs update` take them: its trigger, the
/// event it waits for, its timeout and its command. Each given option changes its field of the
/// job's JSON; the others stay as they are.
struct JobOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Run on this cron schedule, e.g. \"0 3 * * *\" (see rota cron next).", valueName: "cron"))
    var schedule: String?

    @Option(help: ArgumentHelp("Run on every event of this type.", valueName: "type"))
    var event: String?

    @Option(help: ArgumentHelp("With --event: only events whose data holds this JSON object's keys and values.", valueName: "json"))
    var filter: String?

    @Option(help: ArgumentHelp("Once triggered, wait for an event of this type before running the command.", valueName: "type"))
    var waitForEvent: String?

    @Option(help: ArgumentHelp("With --wait-for-event: only an event whose data holds this JSON object.", valueName: "json"))
    var waitFilter: String?

    @Option(help: ArgumentHelp("How long to wait for that event, e.g. 30m (default 1h).", valueName: "duration"))
    var waitTimeout: String?

    @Option(help: ArgumentHelp("How long the command may run, e.g. 30s, 10m, 2h (default 1h).", valueName: "duration"))
    var timeout: String?

    @Option(help: ArgumentHelp("The command: a Rota operation such as \"workflows run cleanup\" (see docs/WORKFLOWS.md).", valueName: "command"))
    var command: String?

    /// Whether any field is given.
    var changesAnything: Bool {
        [schedule, event, filter, waitForEvent, waitFilter, waitTimeout, timeout, command].contains { $0 != nil }
    }

    func validate() throws {
        if schedule != nil, event != nil { throw ValidationError("give either --schedule or --event, not both; a job has one trigger") }
        if filter != nil, schedule != nil { throw ValidationError("--filter goes with --event; a schedule has no filter") }
        for (flag, value) in [("--timeout", timeout), ("--wait-timeout", waitTimeout)] {
            if let value { _ = try Self.seconds(value, flag: flag) }
        }
        for (flag, value) in [("--filter", filter), ("--wait-filter", waitFilter)] {
            if let value { _ = try Self.object(value, flag: flag) }
        }
    }

    /// Changes the job's JSON by the given options.
    func apply(to job: inout [String: JSONValue]) throws {
        if let schedule { job["trigger"] = ["cron_expression": .string(schedule)] }
        if let event { job["trigger"] = ["message_type": .string(event), "filter_data": try filter.map { try Self.object($0, flag: "--filter") } ?? .null] }
        if event == nil, let filter {
            guard case .object(var trigger)? = job["trigger"], trigger["message_type"] != nil else {
                throw ValidationError("--filter goes with --event; this job runs on a schedule")
            }
            trigger["filter_data"] = try Self.object(filter, flag: "--filter")
            job["trigger"] = .object(trigger)
        }
        if waitForEvent != nil || waitFilter != nil || waitTimeout != nil {
            var wait = job["wait"]?.objectValue ?? [:]
            if let waitForEvent {
                if wait["message_type"]?.stringValue != waitForEvent { wait["filter_data"] = .null }
                wait["message_type"] = .string(waitForEvent)
            }
            guard wait["message_type"] != nil else {
                throw ValidationError("--wait-filter and --wait-timeout go with --wait-for-event TYPE")
            }
            if let waitFilter { wait["filter_data"] = try Self.object(waitFilter, flag: "--wait-filter") }
            if let waitTimeout { wait["timeout"] = .number(try Self.seconds(waitTimeout, flag: "--wait-timeout")) }
            job["wait"] = .object(wait)
        }
        if let timeout { job["timeout"] = .number(try Self.seconds(timeout, flag: "--timeout")) }
        if let command { job["command"] = .string(command) }
    }

    /// A duration such as `30s`, `10m`, `1h30m` or a number of seconds.
    static func seconds(_ text: String, flag: String) throws -> Double {
        if let seconds = Double(text), seconds > 0, seconds.isFinite { return seconds }
        guard let duration = ExpirationDuration(parsing: text), duration.seconds > 0 else {
            throw ValidationError("\(flag) \"\(text)\" is not a duration; write e.g. 30s, 10m, 2h, 1h30m or 1d")
        }
        return Double(duration.seconds)
    }

    /// A JSON object given on the command line.
    static func object(_ text: String, flag: String) throws -> JSONValue {
        guard let value = try? JSONValue(jsonText: text), case .object = value else {
            throw ValidationError("\(flag) must be a JSON object, e.g. \(flag) '{\"success\": false}'")
        }
        return value
    }

    /// The option that sets the field at `path` of a job, for messages about it.
    static func flag(for path: String) -> String? {
        let flags = [
            ("trigger.cron_expression", "--schedule"), ("trigger.message_type", "--event"), ("trigger.filter_data", "--filter"),
            ("wait.message_type", "--wait-for-event"), ("wait.filter_data", "--wait-filter"), ("wait.timeout", "--wait-timeout"),
            ("timeout", "--timeout"), ("command", "--command"), ("id", "ID"),
        ]
        return flags.first { path == $0.0 }?.1
    }
}
