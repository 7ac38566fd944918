/// One line of the kernel's mount table (/proc/self/mounts): which device is mounted where, with
/// which file system type and options.
struct MountEntry: Sendable, Hashable {
    var device: String
    var mountPoint: String
    var fsType: String
    var options: [String]

    /// Reads one line; nil for a line with fewer than four fields.
    init?(line: Substring) {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count >= 4 else { return nil }
        device = Self.unescape(fields[0])
        mountPoint = Self.unescape(fields[1])
        fsType = Self.unescape(fields[2])
        options = fields[3].split(separator: ",").map(String.init)
    }

    init(device: String, mountPoint: String, fsType: String, options: [String]) {
        self.device = device
        self.mountPoint = mountPoint
        self.fsType = fsType
        self.options = options
    }

    /// Every entry of a mount table, in its order.
    static func table(_ text: String) -> [MountEntry] {
        text.split(separator: "\n").compactMap(MountEntry.init(line:))
    }

    /// Whether the file system is mounted read-only.
    var readOnly: Bool { options.contains("ro") }

    /// The kernel writes space, tab, newline and backslash in a field as `\040`, `\011`, `\012`
    /// and `\134`.
    static func unescape(_ field: Substring) -> String {
        guard field.contains("\\") else { return String(field) }
        var bytes: [UInt8] = []
        var rest = Array(field.utf8)[...]
        while let byte = rest.first {
            let digits = rest.dropFirst().prefix(3)
            if byte == UInt8(ascii: "\\"), digits.count == 3, digits.allSatisfy({ (48...55).contains($0) }),
                let value = UInt8(String(decoding: digits, as: UTF8.self), radix: 8)
            {
                bytes.append(value)
                rest = rest.dropFirst(4)
            } else {
                bytes.append(byte)
                rest = rest.dropFirst()
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
