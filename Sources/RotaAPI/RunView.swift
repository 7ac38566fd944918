/// One run as `GET /tasks/{task_id}` answers it: queued, running or finished, told apart by `state`.
public enum RunView: Codable, Sendable, Hashable {
    case queued(QueuedRunView)
    case running(RunningTaskView)
    case finished(FinishedRunView)

    private enum CodingKeys: String, CodingKey {
        case state
    }

    public init(from decoder: Decoder) throws {
        switch try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .state) {
        case "queued": self = .queued(try QueuedRunView(from: decoder))
        case "finished": self = .finished(try FinishedRunView(from: decoder))
        default: self = .running(try RunningTaskView(from: decoder))
        }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .queued(let run): try run.encode(to: encoder)
        case .running(let task): try task.encode(to: encoder)
        case .finished(let run): try run.encode(to: encoder)
        }
    }

    /// Every step of the run; none while it is queued.
    public var steps: [StepView] {
        switch self {
        case .queued: return []
        case .running(let task): return task.steps
        case .finished(let run): return run.steps
        }
    }
}
