import RotaMetrics
import Testing

/// The Prometheus text format as the exporter writes it.
@Suite struct PrometheusTextTests {
    @Test func familiesHaveHelpAndTypeAndSamplesInTheOrderOfTheirLabels() {
        let family = MetricFamily(
            name: "rota_resources_total", help: "Resources.",
            samples: [
                MetricSample(labels: [MetricLabel("cloud", "b")], value: 2),
                MetricSample(labels: [MetricLabel("cloud", "a")], value: 1),
            ])
        #expect(PrometheusText.render([family, MetricFamily(name: "rota_empty", help: "Nothing yet.")]) == """
            # HELP rota_resources_total Resources.
            # TYPE rota_resources_total gauge
            rota_resources_total{cloud="a"} 1
            rota_resources_total{cloud="b"} 2
            # HELP rota_empty Nothing yet.
            # TYPE rota_empty gauge

            """)
    }

    @Test func labelValuesAndHelpAreEscaped() {
        #expect(PrometheusText.escapeLabelValue(#"a "quoted" \path"# + "\nnext") == #"a \"quoted\" \\path\nnext"#)
        #expect(PrometheusText.escapeHelp(#"a "quoted" \path"# + "\nnext") == #"a "quoted" \\path\nnext"#)
        let sample = MetricFamily(name: "m", help: "h", samples: [MetricSample(labels: [MetricLabel("account", "x\"y")], value: 1)])
        #expect(PrometheusText.render([sample]).contains(#"m{account="x\"y"} 1"#))
    }

    @Test func valuesAreWrittenAsPrometheusReadsThem() {
        #expect(PrometheusText.format(68_719_476_736) == "68719476736")
        #expect(PrometheusText.format(0.5) == "0.5")
        #expect(PrometheusText.format(1_780_000_000.125) == "1780000000.125")
        #expect(PrometheusText.format(.nan) == "NaN")
        #expect(PrometheusText.format(.infinity) == "+Inf")
        #expect(PrometheusText.format(-.infinity) == "-Inf")
    }
}
