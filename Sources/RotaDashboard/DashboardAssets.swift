/// The dashboard's files, built into the binary: the core serves them at `/ui` with no file
/// system and no network.
public enum DashboardAssets {
    /// One file of the dashboard: its bytes and the media type it is served with.
    public struct Asset: Sendable {
        public let bytes: [UInt8]
        public let contentType: String
    }

    /// The page every dashboard address answers; the script draws the page the address names.
    public static let page = Asset(bytes: PackageResources.index_html, contentType: "text/html; charset=utf-8")

    /// The files the page loads, by the name they have under `/ui/assets/`.
    public static let files: [String: Asset] = [
        "dashboard.css": Asset(bytes: PackageResources.dashboard_css, contentType: "text/css; charset=utf-8"),
        "dashboard.js": Asset(bytes: PackageResources.dashboard_js, contentType: "text/javascript; charset=utf-8"),
    ]
}
