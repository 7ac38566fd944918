import Foundation
import RotaModel

/// What an `exec` program printed on `collect`, read line by line as it comes: resources grouped
/// into one snapshot per (cloud, account) in the order the accounts first appear, or the first
/// line that could not be read.
struct ExecOutput {
    private struct Account: Hashable {
        var cloud: String
        var account: String
    }

    private let decoder = JSONDecoder()
    private var order: [Account] = []
    private var resources: [Account: [Resource]] = [:]

    /// The first line that is not a resource, with its number and the reason.
    private(set) var failure: (line: Int, reason: String)?

    /// Reads line `number`; blank lines are skipped, and after a failure every line is.
    mutating func read(_ line: String, number: Int) {
        guard failure == nil, line.contains(where: { !$0.isWhitespace }) else { return }
        do throws(ExecResourceLine.Failure) {
            switch try ExecResourceLine.decode(line, using: decoder) {
            case .resource(let resource):
                append(resource, to: Account(cloud: resource.cloud, account: resource.account))
            case .emptyAccount(let cloud, let account):
                touch(Account(cloud: cloud, account: account))
            }
        } catch {
            failure = (number, error.reason)
        }
    }

    /// One snapshot per (cloud, account) seen.
    var snapshots: [ResourceSnapshot] {
        order.map { ResourceSnapshot(cloud: $0.cloud, account: $0.account, resources: resources[$0] ?? []) }
    }

    private mutating func append(_ resource: Resource, to account: Account) {
        touch(account)
        resources[account, default: []].append(resource)
    }

    private mutating func touch(_ account: Account) {
        if resources[account] == nil {
            order.append(account)
            resources[account] = []
        }
    }
}
