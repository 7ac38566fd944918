import Foundation

/// What the failover benchmark is told on its command line.
struct FailoverOptions {
    /// The empty PostgreSQL database both cores share.
    var database = ""
    /// How many times the leader is killed.
    var kills = 20
    /// The seed of every random choice: when the leader is killed, how long actors take to answer.
    var seed = UInt64.random(in: 1...999_999)
    /// The cores' lease duration and retry, as `rota core` reads them.
    var leaseDuration = "6s"
    var leaseRetry = "1s"
    /// How many actors answer every action.
    var actors = 2
    /// How many runs are kept going at once.
    var runsInFlight = 3
    /// The `rota` executable; by default the one beside this command.
    var rotaPath: String?

    static let usage = """
        usage: rota-failover-bench --db postgres://USER[:PASSWORD]@HOST[:PORT]/DB [--kills N] [--seed N] [--lease-duration D] [--lease-retry D] [--actors N] [--runs N] [--rota PATH]
        """

    /// Reads `arguments` (without the command's name).
    static func parse(_ arguments: [String]) throws -> FailoverOptions {
        var options = FailoverOptions()
        var remaining = arguments[...]
        func value(_ flag: String) throws -> String {
            guard let text = remaining.popFirst(), !text.isEmpty else { throw FailoverFailure("\(flag) needs a value\n\(usage)") }
            return text
        }
        func number(_ flag: String) throws -> Int {
            guard let value = Int(try value(flag)), (1...10_000).contains(value) else {
                throw FailoverFailure("\(flag) needs a number from 1 to 10000\n\(usage)")
            }
            return value
        }
        while let flag = remaining.popFirst() {
            switch flag {
            case "--db": options.database = try value(flag)
            case "--kills": options.kills = try number(flag)
            case "--seed": options.seed = UInt64(try number(flag))
            case "--lease-duration": options.leaseDuration = try value(flag)
            case "--lease-retry": options.leaseRetry = try value(flag)
            case "--actors": options.actors = try number(flag)
            case "--runs": options.runsInFlight = try number(flag)
            case "--rota": options.rotaPath = try value(flag)
            default: throw FailoverFailure("unknown argument \"\(flag)\"\n\(usage)")
            }
        }
        guard options.database.hasPrefix("postgres://") || options.database.hasPrefix("postgresql://") else {
            throw FailoverFailure("--db must name an empty PostgreSQL database\n\(usage)")
        }
        return options
    }
}

/// Why the failover benchmark could not go on.
struct FailoverFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
