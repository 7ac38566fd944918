import RotaModel
import Testing

/// `FUNCTION(ATTRIBUTE)` is read by its characters' code points, so an attribute that begins
/// with a combining mark or an emoji modifier, which joins the `(` into one grapheme, is read
/// as written instead of refused.
@Suite struct ResourceMetricParsingTests {
    @Test(arguments: ["\u{1F3FB}", "\u{301}x", "cores\u{301}", "instance_cores"])
    func anAttributeIsReadAsWritten(attribute: String) throws {
        let metric = try ResourceMetric(parsing: "min(\(attribute))")
        #expect(metric == ResourceMetric(.min, of: attribute))
        #expect(metric.name == "min(\(attribute))")
    }

    @Test(arguments: ["min()", "min(", "avg(x)", "(x)", "count(", "min)x("])
    func aMalformedMetricIsRefused(text: String) {
        #expect(throws: ResourceQueryError.self) { try ResourceMetric(parsing: text) }
    }
}
