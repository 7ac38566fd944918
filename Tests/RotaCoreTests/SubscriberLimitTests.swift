import Foundation
import RotaModel
import RotaTestSupport
import Testing

@testable import RotaCore

/// Subscribers are bounded: the length of their ids and message types, the subscriptions of one
/// subscriber and the number of subscribers, so that no client can make the core keep or route
/// without bound.
@Suite("Subscriber limits")
struct SubscriberLimitTests {
    @Test func theLongestIdAndMessageTypeAreTakenAndOneByteMoreIsRefusedWithThePath() async throws {
        try await TestCore.with { core in
            let longestId = String(repeating: "i", count: SubscriberLimits.idBytes)
            let longestType = String(repeating: "t", count: SubscriberLimits.messageTypeBytes)
            #expect(try await core.request(.POST, "/subscriber/\(longestId)/\(longestType)").status == 200)

            let longId = try await core.request(.POST, "/subscriber/\(longestId)i/collect")
            #expect(longId.status == 400)
            #expect(try longId.json()["path"] == "id")
            let longType = try await core.request(.POST, "/subscriber/worker/\(longestType)t")
            #expect(longType.status == 400)
            #expect(try longType.json()["path"] == "message_type")
            let body = #"[{"message_type": "\#(longestType)t"}]"#
            let replaced = try await core.request(.PUT, "/subscriber/worker", body: body, contentType: "application/json")
            #expect(replaced.status == 400)
            #expect(try replaced.json()["path"] == "[0].message_type")
            #expect(try await core.request(.GET, "/subscriber/worker").status == 404)
        }
    }

    @Test func anIdHoldingTheNULCharacterIsRefusedWithThePath() async throws {
        try await TestCore.with { core in
            let refused = try await core.request(.POST, "/subscriber/a%00b/collect")
            #expect(refused.status == 400)
            #expect(try refused.json()["path"] == "id")
            #expect(try refused.json()["message"]?.stringValue?.contains("NUL") == true)
            #expect(try await core.request(.GET, "/subscribers").json() == [])
        }
    }

    @Test func aSubscriberTakesAsManySubscriptionsAsAllowedAndNoMore() async throws {
        try await TestCore.with { core in
            let all = (0..<SubscriberLimits.subscriptions).map { #"{"message_type": "type-\#($0)"}"# }
            let full = try await core.request(.PUT, "/subscriber/worker", body: "[\(all.joined(separator: ","))]", contentType: "application/json")
            #expect(full.status == 200)
            #expect(try full.json()["subscriptions"]?.objectValue?.count == SubscriberLimits.subscriptions)

            let oneMore = try await core.request(.POST, "/subscriber/worker/type-extra")
            #expect(oneMore.status == 429)
            #expect(try oneMore.json()["error"] == "too_many_subscriptions")
            #expect(try await core.request(.POST, "/subscriber/worker/type-7?timeout=5").status == 200, "an existing subscription may change")

            let tooMany = all + [#"{"message_type": "type-extra"}"#]
            let refused = try await core.request(.PUT, "/subscriber/worker", body: "[\(tooMany.joined(separator: ","))]", contentType: "application/json")
            #expect(refused.status == 400)
        }
    }

    @Test func theCoreKeepsAsManySubscribersAsItsSettingAllowsAndNoMore() async throws {
        try await TestCore.with(configure: { $0.maxSubscribers = 3 }) { core in
            for id in ["a", "b", "c"] { #expect(try await core.request(.POST, "/subscriber/\(id)/collect").status == 200) }
            let fourth = try await core.request(.POST, "/subscriber/d/collect")
            #expect(fourth.status == 429)
            #expect(try fourth.json()["message"]?.stringValue?.contains("max_subscribers") == true)
            let put = try await core.request(.PUT, "/subscriber/d", body: #"[{"message_type": "collect"}]"#, contentType: "application/json")
            #expect(put.status == 429)
            #expect(try await core.request(.POST, "/subscriber/a/cleanup").status == 200, "a known subscriber may still subscribe")
            #expect(try await core.request(.DELETE, "/subscriber/c").status == 204)
            #expect(try await core.request(.POST, "/subscriber/d/collect").status == 200)
        }
    }
}
