import Foundation
import RotaModel

/// The reading half of a merge: cuts the body into lines, reads each into a
/// ``ResourceMergeRow``, checks that it belongs to the merge's snapshot, and collects the
/// expiry problems. It runs in the caller's task while ``ResourceMergeWriter`` writes the rows
/// it has read so far.
struct ResourceMergeReader {
    private var splitter = LineSplitter()
    private var lines: Lines

    init(cloud: String, account: String) {
        lines = Lines(cloud: cloud, account: account)
    }

    /// Rows read and not yet taken.
    var rowCount: Int { lines.rows.count }
    var problems: [MergeProblem] { lines.problems }
    var problemCount: Int { lines.problemCount }

    /// Reads every line that ends in `chunk`.
    mutating func read(_ chunk: some Sequence<UInt8>) throws(ResourceMergeError) {
        let outcome = chunk.withContiguousStorageIfAvailable { buffer in readResult(buffer) }
            ?? Array(chunk).withUnsafeBufferPointer { buffer in readResult(buffer) }
        try outcome.get()
    }

    /// Reads the last line, when the body does not end with a line break.
    mutating func finish() throws(ResourceMergeError) {
        do {
            try splitter.finish { line, number in try lines.read(line, number: number) }
        } catch {
            throw Self.mergeError(error)
        }
    }

    /// The rows read so far; they are no longer kept.
    mutating func takeRows() -> [ResourceMergeRow] {
        defer { lines.rows = [] }
        return lines.rows
    }

    private mutating func readResult(_ buffer: UnsafeBufferPointer<UInt8>) -> Result<Void, ResourceMergeError> {
        do {
            try splitter.split(buffer) { line, number in try lines.read(line, number: number) }
            return .success(())
        } catch {
            return .failure(Self.mergeError(error))
        }
    }

    private static func mergeError(_ error: any Error) -> ResourceMergeError {
        switch error {
        case let error as ResourceMergeError: error
        case let error as LineSplitter.LineTooLong: ResourceMergeError(line: error.line, path: "", message: "is longer than \(error.limit) bytes")
        default: ResourceMergeError(line: 0, path: "", message: "\(error)")
        }
    }

    /// Reads lines into rows: the state the line splitter's callback changes.
    private struct Lines {
        let cloud: String
        let account: String
        let decoder: ResourceLineDecoder
        var scratch: [UInt8] = []
        var rows: [ResourceMergeRow] = []
        var problems: [MergeProblem] = []
        var problemCount = 0

        init(cloud: String, account: String) {
            self.cloud = cloud
            self.account = account
            decoder = ResourceLineDecoder(defaultCloud: cloud, defaultAccount: account)
        }

        mutating func read(_ line: UnsafeBufferPointer<UInt8>, number: Int) throws(ResourceMergeError) {
            let resource: Resource
            do {
                resource = try decoder.decode(line)
            } catch {
                throw ResourceMergeError(line: number, error)
            }
            guard resource.cloud == cloud else {
                throw ResourceMergeError(line: number, path: "cloud", message: "is \"\(resource.cloud)\", but this merge is for cloud \"\(cloud)\"")
            }
            guard resource.account == account else {
                throw ResourceMergeError(
                    line: number, path: "account", message: "is \"\(resource.account)\", but this merge is for account \"\(account)\"")
            }
            let expiry = resource.expiry
            for problem in expiry.problems {
                problemCount += 1
                if problems.count < MergeSummary.maximumProblems {
                    problems.append(MergeProblem(line: number, id: resource.id, message: problem.description))
                }
            }
            rows.append(ResourceMergeRow(resource, line: number, expires: expiry.expires, scratch: &scratch))
        }
    }
}
