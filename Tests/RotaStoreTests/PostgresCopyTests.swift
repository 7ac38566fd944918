import Foundation
import Logging
import NIOCore
import RotaModel
@testable import RotaStore
import RotaTestSupport
import Testing

/// A PostgreSQL merge streams its rows in `COPY`'s text format: every character a collector may
/// send in an id, a name, a tag or an attribute arrives as it was sent.
@Suite("PostgreSQL copy")
struct PostgresCopyTests {
    /// Text with every character the copy format gives a meaning to, and some beyond ASCII.
    static let awkward = "a\\b\tc\nd\re\\N f\\\\t \u{e9}\u{1F680} \u{2028}"

    /// Runs `body` with a store on a fresh database of the test server, closed afterwards.
    func withStore(_ body: (PostgresStore) async throws -> Void) async throws {
        var logger = Logger(label: "rota.test.copy")
        logger.logLevel = .critical
        let store = try await PostgresStore.open(try PostgresURL(TestPostgres.freshDatabaseURL()), logger: logger)
        defer { store.close() }
        try await body(store)
    }

    @Test func escapesBackslashTabNewlineAndCarriageReturn() throws {
        var buffer = ByteBuffer()
        try PostgresCopyText.append("a\\b\tc\nd\re\u{e9}", to: &buffer, then: PostgresCopyText.tab)
        try PostgresCopyText.append(nil as String?, to: &buffer, then: PostgresCopyText.newline)
        #expect(buffer.readString(length: buffer.readableBytes) == "a\\\\b\\tc\\nd\\re\u{e9}\t\\N\n")
    }

    @Test func refusesTheNulCharacter() {
        var buffer = ByteBuffer()
        #expect(throws: PostgresCopyText.NulCharacter.self) {
            try PostgresCopyText.append("a\u{0}b", to: &buffer, then: PostgresCopyText.tab)
        }
    }

    @Test func storesAwkwardTextAsItWasSent() async throws {
        try await withStore { store in
            let sent = Resource(
                id: "id " + Self.awkward, kind: "kind " + Self.awkward, name: "name " + Self.awkward, cloud: "aws", account: "111",
                region: "region " + Self.awkward, parent: "parent " + Self.awkward, tags: ["key " + Self.awkward: "value " + Self.awkward],
                ctime: Clock.start, attributes: ["attribute " + Self.awkward: .string(Self.awkward)])
            let plain = resource("i-plain")
            let first = try await store.merge([sent, plain])
            #expect(first.added == 2)
            let stored = try #require(try await store.resource(id: sent.id))
            #expect(stored.resource == sent)
            #expect(try await store.ids() == [sent.id, "i-plain"].sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
            let tagged = try await store.ids(ResourceFilter(tags: [ResourceTagFilter(key: "key " + Self.awkward, value: "value " + Self.awkward)]))
            #expect(tagged == [sent.id])
            let second = try await store.merge([sent, plain], at: Clock.hour(1))
            #expect((second.added, second.updated, second.unchanged, second.removed) == (0, 0, 2, 0))
        }
    }

    @Test func refusesALineWithTheNulCharacterAndStoresNothing() async throws {
        try await withStore { store in
            try await store.merge([resource("i-1")])
            await #expect(throws: ResourceMergeError(line: 2, path: "", message: "holds the character U+0000, which the database cannot store")) {
                try await store.merge([resource("i-2"), resource("i-\u{0}3")])
            }
            #expect(try await store.ids() == ["i-1"])
        }
    }
}
