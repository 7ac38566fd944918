import Foundation

/// Writes resources as JSON lines, the form ``ResourceLineDecoder`` reads: the worker streams
/// collected resources to the core this way, and the core returns stored resources with their
/// `metadata`.
///
/// Keys come in the order of ``ResourceLineDecoder/keys``; `region`, `parent` and `ctime` are
/// left out when absent; `tags` and `attributes` have their keys sorted, so equal resources give
/// equal bytes. Times are UTC ISO-8601 (see ``Timestamp``). Metadata keys are always written,
/// with null for what is absent.
public struct ResourceLineEncoder: Sendable {
    public init() {}

    /// Appends the resource's line, without a line break, to `bytes`.
    public func encode(_ resource: Resource, into bytes: inout [UInt8]) {
        var writer = JSONWriter(bytes: consume bytes)
        writer.bytes.append(UInt8(ascii: "{"))
        Self.writeMembers(of: resource, to: &writer)
        writer.bytes.append(UInt8(ascii: "}"))
        bytes = writer.bytes
    }

    /// Appends the stored resource's line, without a line break, to `bytes`.
    public func encode(_ stored: StoredResource, into bytes: inout [UInt8]) {
        var writer = JSONWriter(bytes: consume bytes)
        writer.bytes.append(UInt8(ascii: "{"))
        Self.writeMembers(of: stored.resource, to: &writer)
        writer.key("metadata")
        Self.write(stored.metadata, to: &writer)
        writer.bytes.append(UInt8(ascii: "}"))
        bytes = writer.bytes
    }

    /// The resource's line, without a line break.
    public func encode(_ resource: Resource) -> [UInt8] {
        var bytes: [UInt8] = []
        encode(resource, into: &bytes)
        return bytes
    }

    /// The stored resource's line, without a line break.
    public func encode(_ stored: StoredResource) -> [UInt8] {
        var bytes: [UInt8] = []
        encode(stored, into: &bytes)
        return bytes
    }

    /// Appends the JSON of a resource's `tags` alone, as the store keeps it.
    public func encode(tags: [String: String], into bytes: inout [UInt8]) {
        var writer = JSONWriter(bytes: consume bytes)
        writer.object(tags) { writer, value in writer.string(value) }
        bytes = writer.bytes
    }

    /// Appends the JSON of a resource's `attributes` alone, as the store keeps it.
    public func encode(attributes: [String: JSONValue], into bytes: inout [UInt8]) {
        var writer = JSONWriter(bytes: consume bytes)
        writer.object(attributes) { writer, value in writer.value(value) }
        bytes = writer.bytes
    }

    private static func writeMembers(of resource: Resource, to writer: inout JSONWriter) {
        writer.key("id", isFirst: true)
        writer.string(resource.id)
        writer.key("kind")
        writer.string(resource.kind)
        writer.key("name")
        writer.string(resource.name)
        writer.key("cloud")
        writer.string(resource.cloud)
        writer.key("account")
        writer.string(resource.account)
        if let region = resource.region {
            writer.key("region")
            writer.string(region)
        }
        if let parent = resource.parent {
            writer.key("parent")
            writer.string(parent)
        }
        writer.key("tags")
        writer.object(resource.tags) { writer, value in writer.string(value) }
        if let ctime = resource.ctime {
            writer.key("ctime")
            writer.time(ctime)
        }
        writer.key("attributes")
        writer.object(resource.attributes) { writer, value in writer.value(value) }
    }

    private static func write(_ metadata: ResourceMetadata, to writer: inout JSONWriter) {
        writer.bytes.append(UInt8(ascii: "{"))
        writer.key("first_seen", isFirst: true)
        writer.time(metadata.firstSeen)
        writer.key("last_seen")
        writer.time(metadata.lastSeen)
        writer.key("expires")
        writeOptionalTime(metadata.expires, to: &writer)
        writer.key("clean")
        if let clean = metadata.clean {
            writer.raw("{\"reason\":")
            writer.string(clean.reason)
            writer.key("at")
            writer.time(clean.at)
            writer.bytes.append(UInt8(ascii: "}"))
        } else {
            writer.raw("null")
        }
        writer.key("cleaned")
        writeOptionalTime(metadata.cleaned, to: &writer)
        writer.key("protected")
        writer.bool(metadata.protected)
        writer.bytes.append(UInt8(ascii: "}"))
    }

    private static func writeOptionalTime(_ date: Date?, to writer: inout JSONWriter) {
        if let date { writer.time(date) } else { writer.raw("null") }
    }
}
