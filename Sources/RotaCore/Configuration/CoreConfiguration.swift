import Foundation
import Logging
import RotaEngine
import RotaModel
import RotaStore
import RotaTracing
import Yams

/// Reads `CoreSettings` from three sources, in order of precedence: command-line flags, `ROTA_*`
/// environment variables, and a YAML file (`--config FILE` or `ROTA_CONFIG`). Every setting has
/// one name in each: `--history-retention`, `ROTA_HISTORY_RETENTION`, `history_retention:`.
public enum CoreConfiguration {
    /// One setting: its name in the YAML file, how to read its text, and what it is for.
    public struct Setting: Sendable {
        /// The key in the YAML file, e.g. `history_retention`.
        public let key: String
        /// What the value looks like, for help texts, e.g. `DURATION`.
        public let valueName: String
        public let help: String
        let apply: @Sendable (inout CoreSettings, String) throws(ConfigurationError) -> Void

        /// The command-line flag, e.g. `--history-retention`.
        public var flag: String { "--" + key.replacingOccurrences(of: "_", with: "-") }
        /// The environment variable, e.g. `ROTA_HISTORY_RETENTION`.
        public var environmentVariable: String { "ROTA_" + key.uppercased() }
    }

    /// Every setting of `rota core` but the schedules (`schedules:` in the file, `--schedule ID=CRON`,
    /// `ROTA_SCHEDULE_<ID>`).
    public static let settings: [Setting] = [
        Setting(key: "port", valueName: "PORT", help: "The port to listen on (default 8900).") { settings, text throws(ConfigurationError) in
            guard let port = Int(text), (0...65535).contains(port) else { throw ConfigurationError("must be a port number from 0 to 65535") }
            settings.port = port
        },
        Setting(key: "bind", valueName: "ADDRESS", help: "The address to listen on (default 127.0.0.1; 0.0.0.0 for every interface).") {
            settings, text in settings.bindAddress = text
        },
        Setting(
            key: "db", valueName: "PATH|URL",
            help: "The SQLite database file (default .rota/rota.db, created with its folder), or a PostgreSQL database that several cores may share: postgres://USER[:PASSWORD]@HOST[:PORT]/DB[?sslmode=disable|prefer|require]."
        ) { settings, text throws(ConfigurationError) in
            if PostgresURL.isPostgres(text) {
                do {
                    _ = try PostgresURL(text)
                } catch {
                    throw ConfigurationError("is not a usable PostgreSQL URL: \(error)")
                }
            }
            settings.databasePath = text
        },
        Setting(key: "advertise_url", valueName: "URL", help: "The URL other cores and clients reach this core at while it leads (default http(s)://<host name>:<port>). PostgreSQL only; ignored with SQLite.") {
            settings, text throws(ConfigurationError) in
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host?.isEmpty == false,
                url.user == nil, url.query == nil, url.path.isEmpty || url.path == "/", text.utf8.count <= 2048
            else { throw ConfigurationError("must be an http:// or https:// URL with a host and at most a port, e.g. https://rota-1.example.com:8900") }
            settings.advertiseURL = text.hasSuffix("/") ? String(text.dropLast()) : text
        },
        Setting(key: "lease_duration", valueName: "DURATION", help: "How long the leader's lease lasts without renewal, from 1s to 300s (default 6s): a standby takes over within it once the leader stops. PostgreSQL only; ignored with SQLite.") {
            settings, text throws(ConfigurationError) in
            settings.leaseDuration = try duration(text, within: CoreSettings.leaseDurationBounds)
        },
        Setting(key: "lease_retry", valueName: "DURATION", help: "How often a standby tries to take the lease, from 100ms to 60s (default 1s). PostgreSQL only; ignored with SQLite.") {
            settings, text throws(ConfigurationError) in
            settings.leaseRetry = try duration(text, within: CoreSettings.leaseRetryBounds)
        },
        Setting(key: "time_zone", valueName: "ZONE", help: "The zone cron expressions are read in, e.g. Europe/Berlin (default: the system's).") {
            settings, text throws(ConfigurationError) in
            guard let zone = TimeZone(identifier: text) else { throw ConfigurationError("is not a time zone; use a name such as UTC or Europe/Berlin") }
            settings.timeZone = zone
        },
        Setting(key: "history_retention", valueName: "DURATION", help: "How long finished runs stay in the history, e.g. 30d or 12h (default 30d).") {
            settings, text throws(ConfigurationError) in settings.historyRetention = try seconds(text)
        },
        Setting(key: "subscriber_timeout", valueName: "DURATION", help: "How long an actor may stay disconnected before it loses its subscriptions (default 3m).") {
            settings, text throws(ConfigurationError) in settings.subscriberTimeout = try seconds(text)
        },
        Setting(key: "save_timeout", valueName: "DURATION", help: "How long a request waits for its change to be stored before it is answered 503 (default 10s).") {
            settings, text throws(ConfigurationError) in settings.saveTimeout = try seconds(text)
        },
        Setting(key: "max_frame_size", valueName: "SIZE", help: "The largest WebSocket message accepted, e.g. 1MiB (default).") {
            settings, text throws(ConfigurationError) in settings.maxFrameSize = try bytes(text)
        },
        Setting(key: "max_body_size", valueName: "SIZE", help: "The largest JSON request body accepted, e.g. 16MiB (default); resource merges have max_merge_size.") {
            settings, text throws(ConfigurationError) in settings.maxBodySize = try bytes(text)
        },
        Setting(key: "queue_length", valueName: "COUNT", help: "Messages a connection may fall behind before it is closed (default 10000).") {
            settings, text throws(ConfigurationError) in
            settings.queueLength = try count(text)
        },
        Setting(key: "queue_bytes", valueName: "SIZE", help: "Bytes of messages a connection may fall behind before it is closed, e.g. 8MiB (default).") {
            settings, text throws(ConfigurationError) in settings.queueBytes = try bytes(text)
        },
        Setting(key: "max_merge_size", valueName: "SIZE", help: "The largest resource merge (POST /resources/merge) accepted, e.g. 1GiB (default).") {
            settings, text throws(ConfigurationError) in settings.maxMergeSize = try bytes(text)
        },
        Setting(key: "idle_timeout", valueName: "DURATION", help: "How long a connection may stay without a request before it is closed (default 60s).") {
            settings, text throws(ConfigurationError) in settings.idleTimeout = try seconds(text)
        },
        Setting(key: "read_timeout", valueName: "DURATION", help: "How long a client may send nothing in the middle of a request before its connection is closed (default 30s).") {
            settings, text throws(ConfigurationError) in settings.readTimeout = try seconds(text)
        },
        Setting(key: "max_connections", valueName: "COUNT", help: "Connections served at once (actors, event listeners, REST clients); one more is closed at once (default 20000). Keep the open-file limit (ulimit -n) above it.") {
            settings, text throws(ConfigurationError) in
            settings.maxConnections = try count(text)
        },
        Setting(key: "max_subscribers", valueName: "COUNT", help: "Subscribers the core keeps; registering one more is refused with 429 (default 100000).") {
            settings, text throws(ConfigurationError) in
            settings.maxSubscribers = try count(text)
        },
        Setting(key: "psk", valueName: "KEY", help: "A pre-shared key: every request but /system/ping must then carry a token signed with it.") {
            settings, text in settings.psk = text.isEmpty ? nil : text
        },
        Setting(key: "open_metrics", valueName: "BOOL", help: "Serve /metrics and /system/ready without a token on a core with a pre-shared key, for a Prometheus that cannot sign; off unless true.") {
            settings, text throws(ConfigurationError) in
            guard let open = Bool(text.lowercased()) else { throw ConfigurationError("must be true or false") }
            settings.openMetrics = open
        },
        Setting(key: "workflows", valueName: "DIR", help: "A folder of workflow definitions (*.yaml, *.json) to load at start; a broken file stops the start.") {
            settings, text in settings.workflowsDirectory = text.isEmpty ? nil : text
        },
        Setting(key: "cascade_depth", valueName: "COUNT", help: "How many runs may start one another in a chain (jobs on each other's task_end); a run deeper is not started and an error event names the chain (default 8).") {
            settings, text throws(ConfigurationError) in
            guard let depth = Int(text), (1...CoreSettings.largestCascadeDepth).contains(depth) else {
                throw ConfigurationError("must be a whole number from 1 to \(CoreSettings.largestCascadeDepth)")
            }
            settings.cascadeDepth = depth
        },
        Setting(key: "allow_shell", valueName: "BOOL", help: "Let workflows and jobs run shell commands (`shell ...`); off unless true.") {
            settings, text throws(ConfigurationError) in
            guard let allow = Bool(text.lowercased()) else { throw ConfigurationError("must be true or false") }
            settings.allowShell = allow
        },
        Setting(key: "tls_cert", valueName: "PATH", help: "A PEM certificate (with its chain) to serve HTTPS and WSS with; needs tls_key. Reloaded on SIGHUP.") {
            settings, text in settings.tlsCertificatePath = text.isEmpty ? nil : text
        },
        Setting(key: "tls_key", valueName: "PATH", help: "The PEM private key of tls_cert.") {
            settings, text in settings.tlsKeyPath = text.isEmpty ? nil : text
        },
        Setting(key: "tls_client_ca", valueName: "PATH", help: "PEM certificate authorities: every client must then present a certificate signed by one (mutual TLS).") {
            settings, text in settings.tlsClientCAPath = text.isEmpty ? nil : text
        },
        Setting(key: "insecure", valueName: "BOOL", help: "Listen beyond this machine (bind) without a pre-shared key or without TLS anyway; the core warns at start and every hour.") {
            settings, text throws(ConfigurationError) in
            guard let insecure = Bool(text.lowercased()) else { throw ConfigurationError("must be true or false") }
            settings.insecure = insecure
        },
        Setting(key: "webhook_allow", valueName: "HOSTS", help: "The hosts `http post` may reach, comma-separated (default any); link-local and metadata addresses only when listed.") {
            settings, text in
            let hosts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
            settings.webhookAllow = hosts.isEmpty ? nil : hosts
        },
        Setting(key: "auth_failure_limit", valueName: "COUNT", help: "Failed authentications one address may make per minute before it is answered 429 (default 20).") {
            settings, text throws(ConfigurationError) in
            settings.authFailureLimit = try count(text)
        },
        Setting(key: "otel_endpoint", valueName: "URL", help: "Trace runs to this OpenTelemetry collector over OTLP/HTTP, e.g. http://localhost:4318 (docs/TRACING.md); off unless set.") {
            settings, text throws(ConfigurationError) in
            guard !text.isEmpty else {
                settings.otelEndpoint = nil
                return
            }
            do throws(TracingEndpointError) {
                settings.otelEndpoint = try TracingEndpoint(text)
            } catch {
                throw ConfigurationError(error.reason)
            }
        },
        Setting(key: "log_level", valueName: "LEVEL", help: "trace, debug, info (default), notice, warning, error or critical.") {
            settings, text throws(ConfigurationError) in
            guard let level = Logger.Level(rawValue: text.lowercased()) else {
                throw ConfigurationError("must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            settings.logLevel = level
        },
    ]

    /// Resolves the settings. `flags` are by YAML key (what the command line gave), `environment`
    /// is the process environment, `file` the text of the YAML file, if any; `schedules` by
    /// workflow id from flags.
    public static func resolve(
        flags: [String: String], scheduleFlags: [String: String] = [:], environment: [String: String], file: (path: String, text: String)?
    ) throws(ConfigurationError) -> CoreSettings {
        var settings = CoreSettings()
        var fileValues: [String: String] = [:]
        var fileSchedules: [String: String] = [:]
        if let file { (fileValues, fileSchedules) = try read(file) }
        for setting in Self.settings {
            let sources: [(String, String?)] = [
                (setting.flag, flags[setting.key]), (setting.environmentVariable, environment[setting.environmentVariable]),
                ("\(file?.path ?? "file"): \(setting.key)", fileValues[setting.key]),
            ]
            guard let (source, text) = sources.first(where: { $0.1 != nil }).map({ ($0.0, $0.1!) }) else { continue }
            do {
                try setting.apply(&settings, text.trimmingCharacters(in: .whitespaces))
            } catch {
                throw ConfigurationError("\(source): \"\(URLCredentials.masked(text))\" \(error.message)")
            }
        }
        if let problem = settings.combinationProblem() { throw ConfigurationError(problem) }
        let scheduleVariables = ScheduleVariables(environment: environment)
        settings.configurationWarnings = scheduleVariables.warnings
        for id in DefaultWorkflows.ids.sorted() {
            let variable = scheduleVariables.variable(of: id)
            let sources: [(String, String?)] = [
                ("--schedule \(id)=", scheduleFlags[id]), (variable ?? ScheduleVariables.name(of: id), variable.flatMap { environment[$0] }),
                ("\(file?.path ?? "file"): schedules.\(id)", fileSchedules[id]),
            ]
            guard let (source, text) = sources.first(where: { $0.1 != nil }).map({ ($0.0, $0.1!) }) else { continue }
            try applySchedule(text, of: id, source: source, to: &settings)
        }
        let unknown = Set(scheduleFlags.keys).union(fileSchedules.keys).subtracting(DefaultWorkflows.ids)
        if let id = unknown.sorted().first {
            throw ConfigurationError("schedules: \"\(id)\" is not a default workflow; schedules can be set for \(DefaultWorkflows.ids.sorted().joined(separator: ", "))")
        }
        return settings
    }

    /// A schedule's text: a cron expression, or `none` (or nothing) for no schedule.
    private static func applySchedule(_ text: String, of id: String, source: String, to settings: inout CoreSettings) throws(ConfigurationError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.lowercased() == "none" {
            settings.schedules.removeValue(forKey: id)
            return
        }
        do {
            let expression = try CronExpression(parsing: trimmed)
            guard expression.isSatisfiable else { throw ConfigurationError("\(source): \"\(trimmed)\" never fires") }
            settings.schedules[id] = expression
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError("\(source): \"\(trimmed)\": \(error)")
        }
    }

    /// The YAML file's values by key, and its schedules by workflow id.
    private static func read(_ file: (path: String, text: String)) throws(ConfigurationError) -> ([String: String], [String: String]) {
        let document: JSONValue
        do {
            document = try DefinitionDocument.parse(file.text)
        } catch {
            throw ConfigurationError("\(file.path): \(error)")
        }
        guard let object = document.objectValue else { throw ConfigurationError("\(file.path): must be a mapping of settings") }
        var values: [String: String] = [:]
        var schedules: [String: String] = [:]
        let known = Set(settings.map(\.key))
        for (key, value) in object {
            if key == "schedules" {
                guard let mapping = value.objectValue else { throw ConfigurationError("\(file.path): schedules must map workflow ids to cron expressions") }
                for (id, expression) in mapping { schedules[id] = scalarText(expression) ?? "" }
                continue
            }
            guard known.contains(key) else {
                throw ConfigurationError("\(file.path): unknown setting \"\(key)\" (known: \(known.sorted().joined(separator: ", ")), schedules)")
            }
            guard let text = scalarText(value) else { throw ConfigurationError("\(file.path): \(key) must be a single value") }
            values[key] = text
        }
        return (values, schedules)
    }

    private static func scalarText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .double(let number): return String(number)
        case .bool(let flag): return String(flag)
        case .null: return ""
        case .array, .object: return nil
        }
    }

    /// A duration such as `30d`, `3m`, `1h30m` or a number of seconds.
    static func seconds(_ text: String) throws(ConfigurationError) -> TimeInterval {
        if let seconds = Int(text), seconds > 0 { return TimeInterval(seconds) }
        guard let duration = ExpirationDuration(parsing: text), duration.seconds > 0 else {
            throw ConfigurationError("must be a duration such as 90s, 3m, 12h, 30d or 1w2d")
        }
        return TimeInterval(duration.seconds)
    }

    /// A duration such as `6s`, `500ms` or `2m`, or a number of seconds, within `bounds`.
    static func duration(_ text: String, within bounds: ClosedRange<Duration>) throws(ConfigurationError) -> Duration {
        let lowest = bounds.lowerBound.components.seconds > 0 ? "\(bounds.lowerBound.components.seconds)s" : "\(bounds.lowerBound.components.attoseconds / 1_000_000_000_000_000)ms"
        let range = "from \(lowest) to \(bounds.upperBound.components.seconds)s"
        let value: Duration
        if text.hasSuffix("ms"), let milliseconds = Int(text.dropLast(2)), milliseconds > 0, milliseconds <= 10_000_000 {
            value = .milliseconds(milliseconds)
        } else {
            let seconds: TimeInterval
            do {
                seconds = try Self.seconds(text)
            } catch {
                throw ConfigurationError("must be a duration \(range), such as 500ms, 6s or 1m")
            }
            guard seconds <= 10_000_000 else { throw ConfigurationError("must be a duration \(range)") }
            value = .seconds(seconds)
        }
        guard bounds.contains(value) else { throw ConfigurationError("must be a duration \(range)") }
        return value
    }

    /// A whole number greater than 0, such as a count of connections.
    static func count(_ text: String) throws(ConfigurationError) -> Int {
        guard let count = Int(text), count > 0 else { throw ConfigurationError("must be a whole number > 0") }
        return count
    }

    /// A size such as `1MiB`, `512KiB`, `16MB` or a number of bytes.
    static func bytes(_ text: String) throws(ConfigurationError) -> Int {
        let units: [(String, Int)] = [("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("KB", 1000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("B", 1)]
        for (unit, factor) in units where text.hasSuffix(unit) {
            guard let number = Int(text.dropLast(unit.count).trimmingCharacters(in: .whitespaces)), number > 0 else { continue }
            let (size, overflow) = number.multipliedReportingOverflow(by: factor)
            guard !overflow else { throw ConfigurationError("is larger than any size this machine can hold") }
            return size
        }
        if let number = Int(text), number > 0 { return number }
        throw ConfigurationError("must be a size such as 1MiB, 512KiB, 16MB or a number of bytes")
    }
}

/// A setting that cannot be used, with where it came from and what is wrong.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
