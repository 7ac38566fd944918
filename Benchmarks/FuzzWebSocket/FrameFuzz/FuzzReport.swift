/// What a fuzz run sent, what the core answered, and everything it did wrong.
public struct FuzzReport: Sendable {
    /// Frames sent, by category.
    public var frames: [FrameCategory: Int] = [:]
    /// Units sent, by category.
    public var units: [FrameCategory: Int] = [:]
    /// Messages answered with `message_refused`.
    public var refused = 0
    /// Messages the core took and published.
    public var published = 0
    /// Pongs received for the fuzzer's pings.
    public var pongs = 0
    /// How the core closed connections: `"<category>: <code> <reason>"` and how often.
    public var closes: [String: Int] = [:]
    /// Closes the core began (not replies to the client's own close frame) with no reason text.
    public var closesWithoutReason = 0
    /// Connections opened after the core closed one.
    public var reconnects = 0
    /// The first failures, described with the units that caused them.
    public var failures: [String] = []
    /// Every failure, counted.
    public var failureCount = 0
    /// Bytes written, frame headers included.
    public var bytesSent = 0
    /// Time spent sending and waiting for answers.
    public var elapsed: Duration = .zero

    public init() {}

    /// The most failures kept with their description.
    static let keptFailures = 50

    /// Every frame sent.
    public var totalFrames: Int { frames.values.reduce(0, +) }

    /// Frames sent per second.
    public var framesPerSecond: Double {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return seconds > 0 ? Double(totalFrames) / seconds : 0
    }

    /// Notes a failure: counted always, described while fewer than `keptFailures` are kept.
    mutating func fail(_ description: String) {
        failureCount += 1
        if failures.count < Self.keptFailures { failures.append(description) }
    }

    /// Adds another lane's figures to these.
    mutating func add(_ other: FuzzReport) {
        frames.merge(other.frames, uniquingKeysWith: +)
        units.merge(other.units, uniquingKeysWith: +)
        refused += other.refused
        published += other.published
        pongs += other.pongs
        closes.merge(other.closes, uniquingKeysWith: +)
        closesWithoutReason += other.closesWithoutReason
        reconnects += other.reconnects
        for failure in other.failures where failures.count < Self.keptFailures { failures.append(failure) }
        failureCount += other.failureCount
        bytesSent += other.bytesSent
        elapsed += other.elapsed
    }
}
