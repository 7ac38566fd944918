// The chart of a workflow's run durations over time, as SVG, with the outliers (beyond the
// median plus three median absolute deviations) drawn apart.

import { svgEl } from "/ui/assets/dom.js";
import { durationText, localText, parseTime, utcText } from "/ui/assets/format.js";

/** The median of numbers (null for none). */
export function median(values) {
    if (values.length === 0) return null;
    const sorted = values.slice().sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The limit above which a duration is an outlier: median + 3 × MAD (null with fewer than 3 runs). */
export function outlierLimit(values) {
    if (values.length < 3) return null;
    const middle = median(values);
    const deviation = median(values.map((value) => Math.abs(value - middle)));
    return middle + 3 * deviation;
}

/**
 * An SVG of the durations of finished runs (HistoryEntry objects) over their start times. Runs
 * that failed or were stopped are drawn as squares, outliers in the warning colour.
 */
export function durationChart(runs, attributes = {}) {
    const width = 960;
    const height = 280;
    const margin = { left: 64, right: 16, top: 16, bottom: 36 };
    const svg = svgEl("svg", {
        viewBox: `0 0 ${width} ${height}`,
        class: "chart",
        role: "img",
        preserveAspectRatio: "xMidYMid meet",
        ...attributes,
    });
    const points = runs
        .map((run) => ({ run, at: parseTime(run.started_at), duration: Number(run.duration) }))
        .filter((point) => point.at && Number.isFinite(point.duration))
        .sort((a, b) => a.at - b.at);
    const limit = outlierLimit(points.map((point) => point.duration));
    const outliers = points.filter((point) => limit !== null && point.duration > limit && point.duration > 0);
    svg.setAttribute(
        "aria-label",
        points.length === 0
            ? "No finished runs to chart yet"
            : `Durations of ${points.length} runs; ${outliers.length} beyond the median plus three deviations`,
    );
    svg.append(svgEl("title", {}, svg.getAttribute("aria-label")));
    if (points.length === 0) {
        svg.append(svgEl("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "chart-empty" }, "No finished runs yet: run the workflow to see its durations."));
        return svg;
    }
    const plotWidth = width - margin.left - margin.right;
    const plotHeight = height - margin.top - margin.bottom;
    const first = points[0].at.getTime();
    const last = points[points.length - 1].at.getTime();
    const span = Math.max(last - first, 1);
    const maxDuration = Math.max(...points.map((point) => point.duration), limit ?? 0, 0.001) * 1.1;
    const x = (date) => margin.left + (points.length === 1 ? plotWidth / 2 : ((date.getTime() - first) / span) * plotWidth);
    const y = (seconds) => margin.top + plotHeight - (seconds / maxDuration) * plotHeight;

    const axes = svgEl("g", { class: "chart-axes" });
    axes.append(svgEl("line", { x1: margin.left, y1: margin.top, x2: margin.left, y2: margin.top + plotHeight }));
    axes.append(svgEl("line", { x1: margin.left, y1: margin.top + plotHeight, x2: margin.left + plotWidth, y2: margin.top + plotHeight }));
    for (const fraction of [0, 0.5, 1]) {
        const seconds = (maxDuration / 1.1) * fraction;
        axes.append(svgEl("text", { x: margin.left - 6, y: y(seconds) + 4, "text-anchor": "end" }, durationText(seconds)));
        if (fraction > 0) axes.append(svgEl("line", { class: "chart-grid", x1: margin.left, y1: y(seconds), x2: margin.left + plotWidth, y2: y(seconds) }));
    }
    axes.append(svgEl("text", { x: margin.left, y: height - 10, "text-anchor": "start" }, localText(points[0].at)));
    if (points.length > 1) axes.append(svgEl("text", { x: margin.left + plotWidth, y: height - 10, "text-anchor": "end" }, localText(points[points.length - 1].at)));
    svg.append(axes);

    if (limit !== null) {
        svg.append(svgEl("line", { class: "chart-limit", x1: margin.left, y1: y(limit), x2: margin.left + plotWidth, y2: y(limit) }));
        svg.append(svgEl("text", { class: "chart-limit-label", x: margin.left + plotWidth, y: y(limit) - 4, "text-anchor": "end" }, `median + 3 MAD: ${durationText(limit)}`));
    }
    if (points.length > 1) {
        svg.append(svgEl("polyline", { class: "chart-line", points: points.map((point) => `${x(point.at).toFixed(1)},${y(point.duration).toFixed(1)}`).join(" ") }));
    }
    const marks = svgEl("g", { class: "chart-points" });
    for (const point of points) {
        const outlier = outliers.includes(point);
        const failed = point.run.outcome && point.run.outcome !== "success";
        const label = `${localText(point.at)} (${utcText(point.at)}): ${durationText(point.duration)}, ${point.run.outcome ?? ""}${point.run.errors ? `, ${point.run.errors} errors` : ""}${outlier ? " — outlier" : ""}`;
        const cx = x(point.at);
        const cy = y(point.duration);
        const mark = failed
            ? svgEl("rect", { x: cx - 4, y: cy - 4, width: 8, height: 8 })
            : svgEl("circle", { cx, cy, r: outlier ? 5.5 : 3.5 });
        mark.setAttribute("class", `chart-point${outlier ? " outlier" : ""}${failed ? " failed" : ""}`);
        mark.dataset.taskId = point.run.task_id ?? "";
        mark.append(svgEl("title", {}, label));
        const link = svgEl("a", { href: `#/runs/${encodeURIComponent(point.run.task_id ?? "")}`, "aria-label": label }, mark);
        marks.append(link);
    }
    svg.append(marks);
    return svg;
}
