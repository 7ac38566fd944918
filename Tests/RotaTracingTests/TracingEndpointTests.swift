import RotaTracing
import Testing

@Suite struct TracingEndpointTests {
    @Test func aBaseURLGetsTheTracesPath() throws {
        #expect(try TracingEndpoint("http://localhost:4318").tracesURL == "http://localhost:4318/v1/traces")
        #expect(try TracingEndpoint("https://otel.example.com:4318/").tracesURL == "https://otel.example.com:4318/v1/traces")
        #expect(try TracingEndpoint("http://collector/otlp").tracesURL == "http://collector/otlp/v1/traces")
    }

    @Test func aFullTracesURLIsKeptAsItIs() throws {
        #expect(try TracingEndpoint("http://127.0.0.1:9999/v1/traces").tracesURL == "http://127.0.0.1:9999/v1/traces")
    }

    @Test(arguments: [
        ("", "is not a URL"),
        ("localhost:4318", "must use http:// or https://"),
        ("grpc://localhost:4317", "must use http:// or https://"),
        ("ftp://localhost", "must use http:// or https://"),
        ("http://", "has no host"),
        ("http://user:secret@localhost:4318", "without user"),
        ("http://localhost:4318?x=1", "without user, query"),
        ("http://local host:4318", "is not a URL"),
        ("http://localhost/" + String(repeating: "a", count: 2048), "is longer than 2048 bytes"),
    ])
    func aMalformedEndpointIsRefusedWithItsReason(text: String, reason: String) {
        #expect {
            _ = try TracingEndpoint(text)
        } throws: { error in
            (error as? TracingEndpointError)?.reason.contains(reason) == true
        }
    }
}
