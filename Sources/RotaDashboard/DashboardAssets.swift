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
        "actors.js": Asset(bytes: PackageResources.actors_js, contentType: "text/javascript; charset=utf-8"),
        "api.js": Asset(bytes: PackageResources.api_js, contentType: "text/javascript; charset=utf-8"),
        "chart.js": Asset(bytes: PackageResources.chart_js, contentType: "text/javascript; charset=utf-8"),
        "dashboard.css": Asset(bytes: PackageResources.dashboard_css, contentType: "text/css; charset=utf-8"),
        "dashboard.js": Asset(bytes: PackageResources.dashboard_js, contentType: "text/javascript; charset=utf-8"),
        "describe.js": Asset(bytes: PackageResources.describe_js, contentType: "text/javascript; charset=utf-8"),
        "dom.js": Asset(bytes: PackageResources.dom_js, contentType: "text/javascript; charset=utf-8"),
        "events.js": Asset(bytes: PackageResources.events_js, contentType: "text/javascript; charset=utf-8"),
        "format.js": Asset(bytes: PackageResources.format_js, contentType: "text/javascript; charset=utf-8"),
        "inventory.js": Asset(bytes: PackageResources.inventory_js, contentType: "text/javascript; charset=utf-8"),
        "live.js": Asset(bytes: PackageResources.live_js, contentType: "text/javascript; charset=utf-8"),
        "run.js": Asset(bytes: PackageResources.run_js, contentType: "text/javascript; charset=utf-8"),
        "runs.js": Asset(bytes: PackageResources.runs_js, contentType: "text/javascript; charset=utf-8"),
        "workflow.js": Asset(bytes: PackageResources.workflow_js, contentType: "text/javascript; charset=utf-8"),
        "workflows.js": Asset(bytes: PackageResources.workflows_js, contentType: "text/javascript; charset=utf-8"),
        "yaml.js": Asset(bytes: PackageResources.yaml_js, contentType: "text/javascript; charset=utf-8"),
    ]
}
