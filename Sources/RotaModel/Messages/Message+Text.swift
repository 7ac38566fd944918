extension Message {
    /// Reads a message from its JSON text, as a WebSocket frame carries it; the error names the
    /// field at fault.
    public init(jsonText text: String) throws(MessageDecodingError) {
        let value: JSONValue
        do {
            value = try JSONValue(jsonText: text)
        } catch {
            throw MessageDecodingError(kind: nil, path: "", problem: "is not JSON: \(error)")
        }
        try self.init(json: value)
    }

    /// Reads a message from its JSON tree `{"kind", "message_type", "data"}`.
    public init(json value: JSONValue) throws(MessageDecodingError) {
        guard case .object(let members) = value else {
            throw MessageDecodingError(kind: nil, path: "", problem: "must be an object {\"kind\", \"message_type\", \"data\"}, not \(value.typeName)")
        }
        guard case .string(let kindText)? = members["kind"] else {
            throw MessageDecodingError(kind: nil, path: "kind", problem: "must be a string")
        }
        guard let kind = MessageKind(rawValue: kindText) else {
            let known = MessageKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw MessageDecodingError(kind: nil, path: "kind", problem: "\"\(kindText)\" is not one of \(known)")
        }
        guard case .string(let messageType)? = members["message_type"] else {
            throw MessageDecodingError(kind: kind, path: "message_type", problem: "must be a string")
        }
        do {
            try self.init(kind: kind, messageType: messageType, data: members["data"] ?? .object([:]))
        } catch let error as MessageDecodingError {
            throw error
        } catch {
            throw MessageDecodingError(kind: kind, path: "data", problem: "\(error)")
        }
        if case .event(var event) = self, case .string(let id)? = members["id"], id.count <= Event.maximumIdLength {
            event.id = id
            self = .event(event)
        }
    }

    /// The message as its wire JSON tree.
    public var json: JSONValue {
        var members: [String: JSONValue] = ["kind": .string(kind.rawValue), "message_type": .string(messageType), "data": data]
        if case .event(let event) = self, let id = event.id { members["id"] = .string(id) }
        return .object(members)
    }

    /// The message as compact JSON text, ready for a WebSocket frame.
    public var jsonText: String {
        json.jsonText
    }
}
