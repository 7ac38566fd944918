import Foundation
import Testing

@testable import RotaClient

/// A list of cores (`URL1,URL2`): how it is read, what is refused, and which leader URLs a
/// standby may name.
@Suite struct CoreListTests {
    @Test func aListIsReadInItsOrderWithSpacesIgnoredAndRepeatsKeptOnce() throws {
        let cores = try CoreConnection.cores(from: "http://core-1:8900, https://core-2:8900/rota ,http://core-1:8900")
        #expect(cores.map(\.absoluteString) == ["http://core-1:8900", "https://core-2:8900/rota"])
        #expect(try CoreConnection.cores(from: "http://localhost:8900").map(\.absoluteString) == ["http://localhost:8900"])
    }

    @Test func anEmptyListAnEmptyEntryAndWhatIsNotACoresURLAreRefusedByName() {
        #expect(throws: CoreListError.empty) { try CoreConnection.cores(from: "") }
        #expect(throws: CoreListError.empty) { try CoreConnection.cores(from: "  ") }
        #expect(throws: CoreListError.emptyEntry(list: "http://a:1,,http://b:2", position: 2)) {
            try CoreConnection.cores(from: "http://a:1,,http://b:2")
        }
        #expect(throws: CoreListError.emptyEntry(list: "http://a:1,", position: 2)) { try CoreConnection.cores(from: "http://a:1,") }
        #expect(throws: CoreListError.notACoreURL(entry: "ftp://a:1")) { try CoreConnection.cores(from: "http://b:2,ftp://a:1") }
        #expect(throws: CoreListError.notACoreURL(entry: "localhost:8900")) { try CoreConnection.cores(from: "localhost:8900") }
        #expect(throws: CoreListError.notACoreURL(entry: "http://")) { try CoreConnection.cores(from: "http://") }
        #expect(
            CoreListError.notACoreURL(entry: "ftp://a:1").description
                == "\"ftp://a:1\" is not a core's URL; write it as http://HOST:PORT or https://HOST:PORT, e.g. http://localhost:8900")
        #expect(CoreListError.emptyEntry(list: "a,,b", position: 2).description.hasPrefix("\"a,,b\" has an empty entry at position 2; "))
    }

    @Test func atMostSixteenCoresMayBeListed() throws {
        let sixteen = (1...16).map { "http://core-\($0):8900" }
        #expect(try CoreConnection.cores(from: sixteen.joined(separator: ",")).count == 16)
        let seventeen = sixteen + ["http://core-17:8900"]
        #expect(throws: CoreListError.tooMany(count: 17)) { try CoreConnection.cores(from: seventeen.joined(separator: ",")) }
        #expect(CoreListError.tooMany(count: 17).description == "names 17 cores; at most 16 may be listed")
        let urls = seventeen.map { URL(string: $0)! }
        #expect(throws: CoreListError.tooMany(count: 17)) { try CoreConnection(urls: urls) }
        #expect(try CoreConnection(urls: Array(urls.prefix(16))).urls.count == 16)
    }

    @Test func aConnectionOfSeveralCoresRefusesWhatTheListRefuses() throws {
        #expect(throws: CoreListError.empty) { try CoreConnection(urls: []) }
        #expect(throws: CoreListError.notACoreURL(entry: "file:///tmp/core")) { try CoreConnection(urls: [URL(fileURLWithPath: "/tmp/core")]) }
        let connection = try CoreConnection(urls: [URL(string: "http://a:1")!, URL(string: "http://b:2")!], psk: "k")
        #expect(connection.url.absoluteString == "http://a:1")
        #expect(connection.urls.count == 2)
        #expect(CoreConnection(url: URL(string: "http://c:3")!).urls.map(\.absoluteString) == ["http://c:3"])
    }

    @Test func aStandbyNamesItsLeaderAndWhatElseReadyAnswersSays() {
        #expect(CoreRole.read(status: 200, body: ["role": "leader"], askedOverTLS: false) == .leader)
        #expect(
            CoreRole.read(status: 503, body: ["role": "standby", "leader": "http://core-2:8900"], askedOverTLS: false)
                == .standby(leader: URL(string: "http://core-2:8900")!))
        #expect(CoreRole.read(status: 503, body: ["role": "standby", "leader": nil], askedOverTLS: false) == .standby(leader: nil))
        #expect(
            CoreRole.read(status: 503, body: ["error": "not_ready", "message": "the database cannot be read"], askedOverTLS: false)
                == .unavailable(reason: "not ready (503): the database cannot be read"))
    }

    @Test func aLeaderThatIsNotACoreTooLongOrLeavesTLSIsNotTaken() {
        let long = "http://" + String(repeating: "a", count: CoreRole.maxLeaderURLLength) + ".example"
        for named in ["ftp://core-2:8900", "core-2:8900", long] {
            #expect(CoreRole.read(status: 503, body: ["role": "standby", "leader": .string(named)], askedOverTLS: false) == .standby(leader: nil))
        }
        #expect(
            CoreRole.read(status: 503, body: ["role": "standby", "leader": "http://core-2:8900"], askedOverTLS: true) == .standby(leader: nil))
        #expect(
            CoreRole.read(status: 503, body: ["role": "standby", "leader": "https://core-2:8900"], askedOverTLS: true)
                == .standby(leader: URL(string: "https://core-2:8900")!))
        #expect(CoreAPI.redirectTarget("http://core-2:8900/tasks", suffix: "/tasks", from: URL(string: "https://core-1:8900")!) == nil)
        let target = CoreAPI.redirectTarget("http://core-2:8900/rota/tasks?x=1", suffix: "/tasks?x=1", from: URL(string: "http://core-1:8900")!)
        #expect(target?.leader.absoluteString == "http://core-2:8900/rota")
        let other = CoreAPI.redirectTarget("http://core-2:8900/elsewhere", suffix: "/tasks", from: URL(string: "http://core-1:8900")!)
        #expect(other?.leader.absoluteString == "http://core-2:8900")
        #expect(other?.url.absoluteString == "http://core-2:8900/elsewhere")
    }
}
