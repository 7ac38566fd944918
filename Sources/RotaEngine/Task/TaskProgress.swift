import RotaModel

/// The progress of one run: the leaves actors reported, per step, merged into one tree whose
/// paths start with the step's name.
public struct TaskProgress: Sendable, Hashable, Codable {
    /// One reported leaf, its path relative to the step.
    struct Leaf: Sendable, Hashable, Codable {
        var path: [String]
        var name: String
        var current: Double
        var total: Double
    }

    /// Leaves by step name, then by their path and name.
    private var leavesByStep: [String: [String: Leaf]] = [:]

    public init() {}

    /// Merges what an actor reported for `step`: each leaf replaces the one at the same path.
    public mutating func record(_ progress: ProgressReport, step: String) {
        var leaves = leavesByStep[step, default: [:]]
        for leaf in progress.leaves {
            let key = (leaf.path + [leaf.name]).joined(separator: "\u{1F}")
            leaves[key] = Leaf(path: leaf.path, name: leaf.name, current: leaf.current, total: leaf.total)
        }
        leavesByStep[step] = leaves
    }

    /// Percent done of one step: 100 once it ended, else what its leaves add up to.
    public func percentage(of step: StepRecord) -> Double {
        switch step.state {
        case .pending: return 0
        case .running, .stopped: return tree(of: step).percentage
        case .succeeded, .failed, .timedOut: return 100
        }
    }

    /// Percent done of the whole run: every step weighs the same.
    public func percentage(of steps: [StepRecord]) -> Double {
        guard !steps.isEmpty else { return 0 }
        return steps.reduce(0) { $0 + percentage(of: $1) } / Double(steps.count)
    }

    /// The run's progress tree: one part per step, with the actors' leaves below it.
    public func tree(name: String, steps: [StepRecord]) -> ProgressReport {
        .tree(name: name, path: [], parts: steps.map { tree(of: $0) })
    }

    private func tree(of step: StepRecord) -> ProgressReport {
        switch step.state {
        case .succeeded, .failed, .timedOut:
            return .leaf(name: step.name, path: [], current: 1, total: 1)
        case .pending, .running, .stopped:
            let leaves = leavesByStep[step.name, default: [:]].sorted { $0.key < $1.key }.map(\.value)
            guard !leaves.isEmpty else { return .leaf(name: step.name, path: [], current: 0, total: 1) }
            return .tree(
                name: step.name, path: [],
                parts: leaves.map { .leaf(name: $0.name, path: [step.name] + $0.path, current: $0.current, total: $0.total) })
        }
    }
}
