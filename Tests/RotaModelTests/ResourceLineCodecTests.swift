import Foundation
import Testing

@testable import RotaModel

/// Resource lines both ways, and the paths of the errors in lines that cannot be read.
@Suite("Resource lines")
struct ResourceLineCodecTests {
    let created = Date(timeIntervalSince1970: 1_793_491_200)  // 2026-11-01T00:00:00Z

    func instance(id: String = "i-1", tags: [String: String] = ["owner": "team-a", "env": "prod"]) -> Resource {
        Resource(
            id: id, kind: "instance", name: "web", cloud: "aws", account: "123", region: "eu-west-1", parent: "vpc-1", tags: tags,
            ctime: created, attributes: ["instance_cores": 4, "instance_memory": 16.5, "labels": ["a", nil, true], "spec": ["x": 1]])
    }

    func encoded(_ resource: Resource) -> String {
        String(decoding: ResourceLineEncoder().encode(resource), as: UTF8.self)
    }

    /// The error reading `line` throws, as `path: message`.
    func error(_ line: String, decoder: ResourceLineDecoder = ResourceLineDecoder()) -> String? {
        do {
            _ = try decoder.decode(line)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func encoderWritesKeysInOrderAndTagsSorted() {
        #expect(
            encoded(instance())
                == #"{"id":"i-1","kind":"instance","name":"web","cloud":"aws","account":"123","region":"eu-west-1","parent":"vpc-1","tags":{"env":"prod","owner":"team-a"},"ctime":"2026-11-01T00:00:00Z","attributes":{"instance_cores":4,"instance_memory":16.5,"labels":["a",null,true],"spec":{"x":1}}}"#
        )
    }

    @Test func encoderLeavesOutWhatIsAbsent() {
        let resource = Resource(id: "b-1", kind: "bucket", cloud: "aws", account: "123")
        #expect(encoded(resource) == #"{"id":"b-1","kind":"bucket","name":"b-1","cloud":"aws","account":"123","tags":{},"attributes":{}}"#)
    }

    @Test func linesReadBackToTheSameResource() throws {
        let strange = instance(id: "i-\"quoted\"\\ \u{1} é 😀", tags: ["cost center": "a\nb", "rota:expires": "never"])
        for resource in [instance(), strange, Resource(id: "x", kind: "y", cloud: "c", account: "a")] {
            #expect(try ResourceLineDecoder().decode(encoded(resource)) == resource)
        }
    }

    @Test func decoderFillsInNameCloudAndAccount() throws {
        let decoder = ResourceLineDecoder(defaultCloud: "aws", defaultAccount: "123")
        let resource = try decoder.decode(#"{"id":"v-1","kind":"volume","region":null,"tags":null,"attributes":null}"#)
        #expect(resource == Resource(id: "v-1", kind: "volume", name: "v-1", cloud: "aws", account: "123"))
        #expect(try decoder.decode(#"{"id":"v-1","kind":"volume","cloud":"gcp"}"#).cloud == "gcp")
    }

    @Test func decoderReadsEscapesNumbersAndWhitespace() throws {
        let line = #" { "id" : "a\u00e9\ud83d\ude00\/\t" , "kind":"k","cloud":"c","account":"a","attributes":{"n":-12,"big":12345678901234567890,"f":1.5e3,"z":0,"m":-0.5}} "#
        let resource = try ResourceLineDecoder().decode(line)
        #expect(resource.id == "aé😀/\t")
        #expect(resource.attributes == ["n": -12, "big": .double(1.2345678901234567e19), "f": 1500.0, "z": 0, "m": -0.5])
    }

    @Test func fractionalCreationTimesAreRead() throws {
        let line = #"{"id":"i","kind":"k","cloud":"c","account":"a","ctime":"2026-11-01T01:00:00.5+01:00"}"#
        #expect(try ResourceLineDecoder().decode(line).ctime == created.addingTimeInterval(0.5))
    }

    @Test func errorsNameThePathOfTheField() {
        let base = #""cloud":"c","account":"a""#
        #expect(error(#"{"kind":"k",\#(base)}"#) == "id: is required")
        #expect(error(#"{"id":"","kind":"k",\#(base)}"#) == "id: must not be empty")
        #expect(error(#"{"id":7,"kind":"k",\#(base)}"#) == "id: must be a string, not number")
        #expect(error(#"{"id":"i","kind":"k"}"#) == "cloud: is required")
        #expect(error(#"{"id":"i","kind":"k",\#(base),"colour":"red"}"#)?.hasPrefix("colour: is not a resource key (expected one of id, kind,") == true)
        #expect(error(#"{"id":"i","kind":"k",\#(base),"id":"j"}"#) == "id: appears twice")
        #expect(error(#"{"id":"i","kind":"k",\#(base),"tags":{"env":1}}"#) == "tags.env: must be a string, not number")
        #expect(error(#"{"id":"i","kind":"k",\#(base),"tags":{"cost center":null}}"#) == #"tags["cost center"]: must be a string, not null"#)
        #expect(error(#"{"id":"i","kind":"k",\#(base),"tags":{"a":"1","a":"2"}}"#) == "tags.a: appears twice")
        #expect(error(#"{"id":"i","kind":"k",\#(base),"tags":["a"]}"#) == "tags: must be an object, not array")
        #expect(error(#"{"id":"i","kind":"k",\#(base),"ctime":"yesterday"}"#) == #"ctime: "yesterday" is not an ISO-8601 time such as 2026-11-01T00:00:00Z"#)
        #expect(error(#"{"id":"i","kind":"k",\#(base),"attributes":{"x":[1,}}"#) == "attributes.x: invalid JSON at column 69: expected a value")
    }

    @Test func syntaxErrorsGiveTheColumn() {
        #expect(error(#"{"id":"i" "kind":"k"}"#) == "id: invalid JSON at column 11: expected ',' or '}'")
        #expect(error(#"{"id":"i","kind":"k"} x"#) == "invalid JSON at column 23: unexpected text after the value")
        #expect(error(#"["id"]"#) == "a resource must be a JSON object, not array")
        #expect(error(#"{"id":"i"#)?.contains("a string is not closed") == true)
        #expect(error("{\"id\":\"a\u{1}\"}")?.contains("a control character must be escaped") == true)
        #expect(error(#"{"id":"\ud83d"}"#)?.contains("surrogate") == true)
    }

    @Test func invalidUTF8IsAnError() {
        var bytes = Array(#"{"id":"x","kind":"k","cloud":"c","account":"a"}"#.utf8)
        bytes[7] = 0xFF
        #expect(throws: ResourceDecodingError(path: "id", message: "invalid JSON at column 8: a string is not valid UTF-8")) {
            try ResourceLineDecoder().decode(bytes)
        }
    }

    @Test func storedResourceCarriesItsMetadata() throws {
        let metadata = ResourceMetadata(
            firstSeen: created, lastSeen: created.addingTimeInterval(3600), expires: created.addingTimeInterval(86_400),
            clean: CleanMark(reason: "expired", at: created.addingTimeInterval(7200)), cleaned: nil, protected: false)
        let stored = StoredResource(resource: instance(), metadata: metadata)
        let line = String(decoding: ResourceLineEncoder().encode(stored), as: UTF8.self)
        #expect(
            line.hasSuffix(
                #","metadata":{"first_seen":"2026-11-01T00:00:00Z","last_seen":"2026-11-01T01:00:00Z","expires":"2026-11-02T00:00:00Z","clean":{"reason":"expired","at":"2026-11-01T02:00:00Z"},"cleaned":null,"protected":false}}"#
            ))
        #expect(try ResourceLineDecoder().decodeStored(line) == stored)
        #expect(error(line)?.hasPrefix("metadata: is not a resource key") == true)
    }

    @Test func codableReadsAndWritesTheSameJSON() throws {
        let stored = StoredResource(
            resource: instance(), metadata: ResourceMetadata(firstSeen: created, lastSeen: created, protected: true))
        let line = ResourceLineEncoder().encode(stored)
        #expect(try JSONDecoder().decode(StoredResource.self, from: Data(line)) == stored)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let viaCodable = try JSONDecoder().decode(JSONValue.self, from: encoder.encode(stored))
        #expect(viaCodable == (try JSONDecoder().decode(JSONValue.self, from: Data(line))))
        #expect(try ResourceLineDecoder().decode(encoder.encode(instance())) == instance())
    }

    @Test func codableRefusesUnknownKeys() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Resource.self, from: Data(#"{"id":"i","kind":"k","cloud":"c","account":"a","x":1}"#.utf8))
        }
    }

    @Test func tagsAndAttributesReadAlone() throws {
        var bytes: [UInt8] = []
        ResourceLineEncoder().encode(attributes: instance().attributes, into: &bytes)
        #expect(try ResourceLineDecoder.decodeAttributes(String(decoding: bytes, as: UTF8.self)) == instance().attributes)
        #expect(try ResourceLineDecoder.decodeTags(#"{"b":"2","a":"1"}"#) == ["a": "1", "b": "2"])
        #expect(throws: ResourceDecodingError(path: "tags.a", message: "must be a string, not number")) {
            try ResourceLineDecoder.decodeTags(#"{"a":1}"#)
        }
    }
}
