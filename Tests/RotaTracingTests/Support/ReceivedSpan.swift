import Foundation
import RotaModel

/// One span as an OTLP/HTTP JSON export carries it, read back for a test to look at.
struct ReceivedSpan: Sendable, CustomStringConvertible {
    /// The `service.name` of the process that sent it.
    let service: String
    let name: String
    /// 32 lowercase hexadecimal digits.
    let traceId: String
    /// 16 lowercase hexadecimal digits.
    let spanId: String
    /// 16 lowercase hexadecimal digits; nil for a root span.
    let parentSpanId: String?
    /// The attributes, each as JSON: a string, number, boolean or array of them.
    let attributes: [String: JSONValue]
    /// 0 unset, 1 ok, 2 error.
    let statusCode: Int
    let statusMessage: String?
    /// The span's events by name.
    let events: [String]

    /// The `traceparent` a child of this span is sent.
    var traceparent: String { "00-\(traceId)-\(spanId)-01" }

    var description: String { "\(service) \(name) \(spanId) parent \(parentSpanId ?? "none")" }

    /// The attribute `key` as a string.
    func string(_ key: String) -> String? { attributes[key]?.stringValue }

    /// The attribute `key` as a list of strings.
    func strings(_ key: String) -> [String]? { attributes[key]?.arrayValue?.compactMap(\.stringValue) }

    /// The attribute `key` as a whole number.
    func int(_ key: String) -> Int? { attributes[key]?.doubleValue.map { Int($0) } }

    /// The spans of one export request body (`ExportTraceServiceRequest` as JSON).
    static func spans(in body: Data) throws -> [ReceivedSpan] {
        let request = try JSONDecoder().decode(JSONValue.self, from: body)
        var spans: [ReceivedSpan] = []
        for resourceSpans in request["resourceSpans"]?.arrayValue ?? [] {
            let resource = attributes(resourceSpans["resource"]?["attributes"])
            let service = resource["service.name"]?.stringValue ?? ""
            for scopeSpans in resourceSpans["scopeSpans"]?.arrayValue ?? [] {
                for span in scopeSpans["spans"]?.arrayValue ?? [] {
                    let parent = span["parentSpanId"]?.stringValue.flatMap(hex)
                    spans.append(
                        ReceivedSpan(
                            service: service, name: span["name"]?.stringValue ?? "", traceId: span["traceId"]?.stringValue.flatMap(hex) ?? "",
                            spanId: span["spanId"]?.stringValue.flatMap(hex) ?? "", parentSpanId: parent?.isEmpty == true ? nil : parent,
                            attributes: attributes(span["attributes"]), statusCode: Int(span["status"]?["code"]?.doubleValue ?? 0),
                            statusMessage: span["status"]?["message"]?.stringValue,
                            events: span["events"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []))
                }
            }
        }
        return spans
    }

    /// OTLP `KeyValue`s as a dictionary of plain JSON values.
    private static func attributes(_ list: JSONValue?) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for entry in list?.arrayValue ?? [] {
            guard let key = entry["key"]?.stringValue, let value = entry["value"] else { continue }
            result[key] = plain(value)
        }
        return result
    }

    /// An OTLP `AnyValue` (`{"stringValue": ...}`, `{"intValue": "3"}`, `{"arrayValue": {"values": [...]}}`) as plain JSON.
    private static func plain(_ value: JSONValue) -> JSONValue {
        if let string = value["stringValue"] { return string }
        if let bool = value["boolValue"] { return bool }
        if let double = value["doubleValue"] { return double }
        if let int = value["intValue"] {
            if let text = int.stringValue, let number = Int64(text) { return .int(number) }
            return int
        }
        if let values = value["arrayValue"]?["values"]?.arrayValue { return .array(values.map(plain)) }
        return .null
    }

    /// An id as lowercase hexadecimal, from hexadecimal or from base64 (how protobuf's JSON
    /// writes bytes).
    private static func hex(_ text: String) -> String? {
        if text.isEmpty { return "" }
        if text.count == 32 || text.count == 16, text.allSatisfy(\.isHexDigit) { return text.lowercased() }
        guard let bytes = Data(base64Encoded: text) else { return nil }
        return bytes.map { String(format: "%02x", $0) }.joined()
    }
}
