import Foundation
import RotaClient
import RotaTestSupport
import Testing

/// URLs of a core's endpoints.
@Suite struct CoreConnectionTests {
    @Test func theDefaultIsLocalhostOnPort8900WithoutAKey() {
        let connection = CoreConnection()
        #expect(connection.httpURL("/tasks") == "http://localhost:8900/tasks")
        #expect(connection.psk == nil)
    }

    @Test func webSocketsUseWsForHttpAndWssForHttps() {
        #expect(CoreConnection().webSocketURL("/events") == "ws://localhost:8900/events")
        let secure = CoreConnection(url: URL(string: "https://rota.example.org/")!, psk: "k")
        #expect(secure.webSocketURL("/events", query: [("show", "a,b")]) == "wss://rota.example.org/events?show=a,b")
    }

    @Test func aBasePathPrefixesEveryRequest() {
        let connection = CoreConnection(url: URL(string: "http://gateway:80/rota/")!)
        #expect(connection.httpURL("/tasks") == "http://gateway:80/rota/tasks")
    }

    @Test func pathSegmentsAndQueryValuesAreEncoded() {
        #expect(CoreConnection.path("subscriber", "a/b c", "handle") == "/subscriber/a%2Fb%20c/handle")
        #expect(CoreConnection().httpURL("/x", query: [("q", "a&b=c d+e")]) == "http://localhost:8900/x?q=a%26b%3Dc%20d%2Be")
    }
}
