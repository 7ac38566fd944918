import Foundation

/// When a resource expires, as its tags say (`docs/PROTOCOL.md`, "Resource expiry"): the rule
/// `cleanup_plan --cleanup-expired` applies and the store keeps in each resource's `expires`.
///
/// The tags are tried in this order, and the first one with a readable value decides:
///
/// 1. the time in `rota:expires`, `fix:expires`, `resoto:expires` (ISO-8601, see ``Timestamp``);
/// 2. the creation time (`ctime`) plus the duration in `rota:expiration`, `fix:expiration`,
///    `resoto:expiration`, `expiration` (see ``ExpirationDuration``).
///
/// So an absolute time beats a duration, and within each group the `rota:` tag comes first.
/// The value `never` (in any letter case) in the deciding tag means the resource never expires;
/// spaces around a value are ignored. A value that cannot be read is skipped with an
/// ``ExpiryProblem``, and so is a duration on a resource without `ctime`. Without any readable
/// tag the resource does not expire.
public struct ResourceExpiry: Sendable, Hashable {
    /// The tags that hold an expiry time, in the order they are tried.
    public static let timeTags = ["rota:expires", "fix:expires", "resoto:expires"]
    /// The tags that hold a duration after creation, in the order they are tried after ``timeTags``.
    public static let durationTags = ["rota:expiration", "fix:expiration", "resoto:expiration", "expiration"]

    /// When the resource expires; nil when it never does.
    public let expires: Date?
    /// The tag that decided, nil when no tag did.
    public let decidingTag: String?
    /// Every tag tried before the deciding one whose value could not be read.
    public let problems: [ExpiryProblem]

    /// Applies the rule to a resource's tags and creation time.
    public init(tags: [String: String], ctime: Date?) {
        guard tags.keys.contains(where: Self.isExpiryTag) else {
            self.init(expires: nil, decidingTag: nil, problems: [])
            return
        }
        var problems: [ExpiryProblem] = []
        for tag in Self.timeTags {
            guard let value = tags[tag] else { continue }
            if Self.isNever(value) {
                self.init(expires: nil, decidingTag: tag, problems: problems)
                return
            }
            guard let date = Timestamp.date(value.trimmingCharacters(in: .whitespaces)) else {
                problems.append(ExpiryProblem(tag: tag, value: value, message: "\"\(value)\" is not an ISO-8601 time such as 2026-11-01T00:00:00Z"))
                continue
            }
            self.init(expires: date, decidingTag: tag, problems: problems)
            return
        }
        for tag in Self.durationTags {
            guard let value = tags[tag] else { continue }
            if Self.isNever(value) {
                self.init(expires: nil, decidingTag: tag, problems: problems)
                return
            }
            guard let duration = ExpirationDuration(parsing: value) else {
                problems.append(ExpiryProblem(tag: tag, value: value, message: "\"\(value)\" is not a duration such as 2h, 3d, 1w2d or 30min"))
                continue
            }
            guard let ctime else {
                problems.append(ExpiryProblem(tag: tag, value: value, message: "the resource has no ctime to count \(value) from"))
                continue
            }
            self.init(expires: ctime.addingTimeInterval(TimeInterval(duration.seconds)), decidingTag: tag, problems: problems)
            return
        }
        self.init(expires: nil, decidingTag: nil, problems: problems)
    }

    private init(expires: Date?, decidingTag: String?, problems: [ExpiryProblem]) {
        self.expires = expires
        self.decidingTag = decidingTag
        self.problems = problems
    }

    /// Whether `key` is one of ``timeTags`` or ``durationTags``: a scan of a resource's few tags
    /// spares most resources, which have no expiry tag, seven dictionary lookups. Keys are told
    /// apart by their last byte first, since comparing unequal strings is slow.
    private static func isExpiryTag(_ key: String) -> Bool {
        switch key.utf8.last {
        case UInt8(ascii: "s"): timeTags.contains { key.utf8.elementsEqual($0.utf8) }
        case UInt8(ascii: "n"): durationTags.contains { key.utf8.elementsEqual($0.utf8) }
        default: false
        }
    }

    private static func isNever(_ value: String) -> Bool {
        value.trimmingCharacters(in: .whitespaces).lowercased() == "never"
    }
}

extension Resource {
    /// When this resource expires, by its tags and creation time.
    public var expiry: ResourceExpiry { ResourceExpiry(tags: tags, ctime: ctime) }
}
