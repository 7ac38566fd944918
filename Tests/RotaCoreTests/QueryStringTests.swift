import Foundation
import RotaModel
import RotaTestSupport
import Testing

@testable import RotaCore

/// Query parameters read as clients write them: `+` is a space and `%2B` a plus, on every route
/// that reads a parameter, so `?account=Example+Account` (what Python's `requests` sends) names
/// the account `Example Account`.
@Suite("Query strings")
struct QueryStringTests {
    @Test func plusIsASpaceAndPercentTwoBIsAPlus() {
        let query = QueryString("account=Example+Account&tag=a%2Bb&name%20x=1+%2B+1&flag&empty=&account=second")
        #expect(query.first("account") == "Example Account")
        #expect(query.first("tag") == "a+b")
        #expect(query.first("name x") == "1 + 1")
        #expect(query.first("flag") == "")
        #expect(query.first("empty") == "")
        #expect(query.pairs.filter { $0.name == "account" }.map(\.value) == ["Example Account", "second"])
    }

    @Test func anInvalidEscapeIsKeptAsWritten() {
        #expect(QueryString("a=100%zz+x&b=%E9").first("a") == "100%zz x")
        #expect(QueryString("b=%E9").first("b") == "%E9")
        #expect(QueryString(nil).pairs.isEmpty)
        #expect(QueryString("").pairs.isEmpty)
    }

    @Test func resourcesOfAnAccountWithASpaceOrAPlusAreFoundByTheirEncodedNames() async throws {
        try await TestCore.with { core async throws in
            #expect(try await ResourceAPITests.merge([ResourceAPITests.line("spaced")], into: core, account: "Example+Account").status == 200)
            #expect(try await ResourceAPITests.merge([ResourceAPITests.line("plus")], into: core, account: "a%2Bb").status == 200)
            #expect(try ResourceAPITests.ids(await core.request(.GET, "/resources?account=Example+Account")) == ["spaced"])
            #expect(try ResourceAPITests.ids(await core.request(.GET, "/resources?account=Example%20Account")) == ["spaced"])
            #expect(try ResourceAPITests.ids(await core.request(.GET, "/resources?account=a%2Bb")) == ["plus"])
            #expect(try ResourceAPITests.ids(await core.request(.GET, "/resources?account=a+b")) == [])
            let accounts = try await core.request(.GET, "/resources?kind=instance").json()["resources"]?.arrayValue?.compactMap { $0["account"]?.stringValue }
            #expect(accounts?.sorted() == ["Example Account", "a+b"])
        }
    }

    @Test func theEventsSocketReadsItsTypesTheSameWay() async throws {
        try await TestCore.with { core async throws in
            let connection = try RawConnection(port: core.port)
            try connection.send(RawConnection.upgradeRequest(path: "/events?show=with+space,plain", port: core.port))
            #expect(try await connection.readResponse().status == 101)
            let emitter = try await TestActor.events(port: core.port)
            try emitter.send(.event(Event(messageType: "with space")))
            #expect(try await connection.readFrame().contains(#""message_type":"with space""#))
            await emitter.close()
        }
    }
}
