/// The answer of `GET /system/ready`: `200` with `{"status": "ready", "role": "leader"}` from the
/// core that runs the workflows, `503` with `{"status": "standby", "role": "standby", "leader":
/// URL or null}` from a core that stands by while another leads (several cores on one PostgreSQL
/// database).
public struct ReadyAnswer: APIContract, Hashable {
    public var status: String
    /// `leader` or `standby`.
    public var role: String?
    /// Where the leading core serves, as a standby knows it; always written by a standby (null
    /// when no core leads now).
    public var leader: String?

    public init(status: String = "ready", role: String? = "leader", leader: String? = nil) {
        self.status = status
        self.role = role
        self.leader = leader
    }

    /// The answer of a standby, which names the leader's URL when a core leads.
    public static func standby(leader: String?) -> ReadyAnswer {
        ReadyAnswer(status: "standby", role: "standby", leader: leader)
    }

    private enum CodingKeys: String, CodingKey {
        case status, role, leader
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(role, forKey: .role)
        if role == "standby" {
            try container.encode(leader, forKey: .leader)
        } else {
            try container.encodeIfPresent(leader, forKey: .leader)
        }
    }

    public static let schemaName = "Ready"
    public static let example = ReadyAnswer.standby(leader: "https://rota-1.example.com:8900")
}
