import Foundation
import Testing

@testable import RotaAuth

@Suite struct TokenRejectionTests {
    @Test func expiryIsDescribedAsAnISO8601Time() {
        let rejection = TokenRejection.expired(at: Date(timeIntervalSince1970: 1_795_428_000))
        #expect(rejection.description == "token expired at 2026-11-23T10:00:00Z")
    }

    @Test func everyReasonSaysWhatToDo() {
        let reasons: [TokenRejection] = [
            .missingHeader, .notBearer, .malformed("the header is not base64url"), .unsupportedAlgorithm("none"),
            .unsupportedAlgorithm(nil), .missingSalt, .badSignature, .missingExpiry,
            .expired(at: Date(timeIntervalSince1970: 0)), .notYetValid(before: Date(timeIntervalSince1970: 0)),
        ]
        #expect(Set(reasons.map(\.description)).count == reasons.count)
        for reason in reasons {
            #expect(reason.description.count > 20, "\(reason)")
        }
        #expect(TokenRejection.unsupportedAlgorithm("none").description.contains("HS256"))
        #expect(TokenRejection.notBearer.description.contains("Bearer"))
    }
}
