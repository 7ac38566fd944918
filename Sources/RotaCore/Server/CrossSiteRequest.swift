import HTTPTypes

/// Refuses what a web page of another site makes a browser send to the core: a change of state
/// (any method but GET, HEAD and OPTIONS) that the browser says comes from another origin, a
/// change authenticated by the dashboard's session cookie without the dashboard's own header,
/// and a WebSocket opened with that cookie from another origin.
///
/// Browsers name the page's origin in `Origin` on every such request, and a page of another site
/// cannot add a header of its own without the core's consent, which it never gives. Clients that
/// are not browsers send neither `Origin` nor the cookie, so nothing changes for them.
enum CrossSiteRequest {
    /// The header the dashboard sends with each change it asks for.
    static let dashboardHeader = HTTPField.Name("X-Rota-CSRF")!
    /// Where a browser says which site the request comes from.
    private static let fetchSite = HTTPField.Name("Sec-Fetch-Site")!

    /// Nil when the request may go on, else the `403` to answer it with. `fromCookie` says whether
    /// its credentials came from the session cookie, `isUpgrade` whether it opens a WebSocket.
    static func refusal(_ request: HTTPRequest, fromCookie: Bool, isUpgrade: Bool = false) -> APIError? {
        let changesState = ![.get, .head, .options].contains(request.method)
        if changesState, let reason = foreignOrigin(of: request) {
            return APIError(.forbidden, "cross_site_request", "a request from another site may not change anything: \(reason)")
        }
        if fromCookie, changesState, request.headerFields[dashboardHeader] == nil {
            return APIError(
                .forbidden, "cross_site_request",
                "a change authenticated by the dashboard's session cookie must carry the header \(dashboardHeader.rawName)")
        }
        if fromCookie, isUpgrade {
            guard request.headerFields[.origin] != nil else {
                return APIError(.forbidden, "cross_site_request", "a WebSocket opened with the session cookie must name its origin")
            }
            if let reason = foreignOrigin(of: request) {
                return APIError(.forbidden, "cross_site_request", "a WebSocket opened with the session cookie must come from the dashboard: \(reason)")
            }
        }
        return nil
    }

    /// Why the browser's word says the request comes from another origin, nil when it does not
    /// say so (no `Origin`, or the core's own).
    private static func foreignOrigin(of request: HTTPRequest) -> String? {
        if request.headerFields[fetchSite]?.lowercased() == "cross-site" { return "Sec-Fetch-Site is cross-site" }
        guard let origin = request.headerFields[.origin] else { return nil }
        guard let host = request.authority?.lowercased(), let authority = authority(of: origin), authority == host else {
            return "its origin \(origin.prefix(200)) is not this core (\((request.authority ?? "no host").prefix(200)))"
        }
        return nil
    }

    /// The `host[:port]` of an origin such as `https://rota.example.com:8900`, nil for `null` or
    /// anything that is not an origin.
    static func authority(of origin: String) -> String? {
        guard let schemeEnd = origin.range(of: "://") else { return nil }
        let rest = origin[schemeEnd.upperBound...]
        guard !rest.isEmpty, !rest.contains("/") else { return nil }
        return rest.lowercased()
    }
}
