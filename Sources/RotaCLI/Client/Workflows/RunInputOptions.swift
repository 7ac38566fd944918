import ArgumentParser
import Foundation
import RotaModel

/// The input of a run as `rota workflows run` and `rota jobs run` take it: `--input` once per key,
/// or the whole object with `--input-json`. `KEY=TEXT` gives a string, always, so that an
/// account id such as `123456789012` stays the string it is; `KEY:=JSON` gives any JSON value
/// (a number, true or false, a list, an object, null).
struct RunInputOptions: ParsableArguments {
    @Option(
        name: .customLong("input"),
        help: ArgumentHelp(
            "One key of the run's input: KEY=TEXT for a string, KEY:=JSON for a number, true/false, list or object (repeat for more keys).",
            valueName: "key=value"))
    var pairs: [String] = []

    @Option(
        help: ArgumentHelp(
            "The whole input as a JSON object, or @FILE to read it from a file (instead of --input).", valueName: "json|@file"))
    var inputJSON: String?

    /// How the two options are written, for error messages.
    static let usage = "write --input KEY=TEXT, --input KEY:=JSON or --input-json '{\"KEY\": VALUE}'"

    mutating func validate() throws {
        _ = try input()
    }

    /// The input given, or nil when neither option is (the run is started without a body).
    func input() throws(ValidationError) -> [String: JSONValue]? {
        if let inputJSON {
            guard pairs.isEmpty else { throw ValidationError("give either --input or --input-json, not both") }
            return try Self.object(fromJSON: inputJSON)
        }
        guard !pairs.isEmpty else { return nil }
        var input: [String: JSONValue] = [:]
        for pair in pairs {
            let (key, value) = try Self.member(pair)
            guard input.updateValue(value, forKey: key) == nil else {
                throw ValidationError("--input \(key) is given twice; give each key once")
            }
        }
        return input
    }

    /// One `--input` as a key and its value: `KEY=TEXT` a string, `KEY:=JSON` a JSON value.
    static func member(_ pair: String) throws(ValidationError) -> (String, JSONValue) {
        guard let equals = pair.firstIndex(of: "=") else {
            throw ValidationError("--input \(pair): \(usage), e.g. --input account=123456789012")
        }
        var key = String(pair[..<equals])
        let text = String(pair[pair.index(after: equals)...])
        let isJSON = key.hasSuffix(":")
        if isJSON { key.removeLast() }
        guard !key.isEmpty else { throw ValidationError("--input \(pair): the key before '=' is empty; \(usage)") }
        guard isJSON else { return (key, .string(text)) }
        do {
            return (key, try JSONValue(jsonText: text))
        } catch {
            throw ValidationError("--input \(pair): \(text) is not valid JSON (\(error)); for a string write --input \(key)=\(text)")
        }
    }

    /// The object `--input-json` gives: the JSON itself, or the content of the file after `@`.
    static func object(fromJSON argument: String) throws(ValidationError) -> [String: JSONValue] {
        var text = argument
        var source = "--input-json"
        if argument.hasPrefix("@") {
            let path = String(argument.dropFirst())
            source = "--input-json @\(path)"
            text = try Self.text(ofFile: path, source: source)
        }
        let value: JSONValue
        do {
            value = try JSONValue(jsonText: text)
        } catch {
            throw ValidationError("\(source): not valid JSON (\(error)); \(usage)")
        }
        guard let object = value.objectValue else {
            throw ValidationError("\(source): the input must be a JSON object, not \(value.typeName); \(usage)")
        }
        return object
    }

    /// The most `--input-json @FILE` reads: far more than the core takes (`RunInput.maximumBytes`
    /// as compact JSON), so that a file laid out for people is read whole, but never a huge file.
    static let maximumFileBytes = 1 << 20

    /// The text of the file at `path`, at most `maximumFileBytes` of UTF-8.
    private static func text(ofFile path: String, source: String) throws(ValidationError) -> String {
        let data: Data
        do {
            let file = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? file.close() }
            data = try file.read(upToCount: maximumFileBytes + 1) ?? Data()
        } catch {
            throw ValidationError("\(source): cannot read the file \(path): \(error.localizedDescription)")
        }
        guard data.count <= maximumFileBytes else {
            throw ValidationError("\(source): the file is larger than \(maximumFileBytes >> 20) MiB; a run's input is at most \(RunInput.maximumBytes >> 10) KiB of JSON")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw ValidationError("\(source): the file is not UTF-8 text") }
        return text
    }

    /// The body of `POST /workflows/{id}/run` for `input`: none when no input is given.
    static func body(_ input: [String: JSONValue]?) -> JSONValue? {
        input.map { ["input": .object($0)] }
    }
}
