/// Where and how hard to fuzz a core's WebSockets.
public struct FuzzSettings: Sendable {
    /// The message type the fuzzing actor must be subscribed to before the run; the fuzzer
    /// never sends a message of this type, so nothing is delivered to the actor but refusals.
    public static let actorMessageType = "fuzz.never-sent"

    public var host = "127.0.0.1"
    public var port: Int
    /// A subscriber already registered (`POST /subscriber/{id}/fuzz.never-sent`), whose
    /// connection `/subscriber/{id}/handle` is fuzzed.
    public var actorId: String
    /// Frames to send, half on the actor's connection, half on an `/events` connection.
    public var frames: Int
    public var seed: UInt64
    /// The core's `max_frame_size`.
    public var maxFrameSize: Int
    public var mix: FrameMix = .standard
    /// About how many frames are sent before their answers are awaited.
    public var batchFrames = 32
    /// How long the core may take to answer a batch before its missing answers count as failures.
    public var answerTimeout: Duration = .seconds(10)

    public init(port: Int, actorId: String, frames: Int, seed: UInt64, maxFrameSize: Int) {
        self.port = port
        self.actorId = actorId
        self.frames = frames
        self.seed = seed
        self.maxFrameSize = maxFrameSize
    }
}
