// The events page: a live tail of the bus (the last 500 messages, newest first) with a filter
// by message type, and the whole of one message on demand.

import * as live from "/ui/assets/live.js";
import { el, emptyState, setAttr, setText, syncList, timeElement, updateTime } from "/ui/assets/dom.js";
import { retryText } from "/ui/assets/describe.js";
import { localText, oneLine } from "/ui/assets/format.js";

/** Draws the events page into `container`; answers the function that ends it. */
export function mount(container) {
    let paused = false;
    let selected = null;
    const filter = el("input", { type: "search", id: "event-filter", "data-testid": "event-filter", placeholder: "task_end, progress…", autocomplete: "off", spellcheck: "false" });
    const pause = el("button", { type: "button", "aria-pressed": "false" }, "Pause");
    const count = el("span", { class: "muted", role: "status" });
    const list = el("ol", { class: "event-tail", "aria-label": "Events, newest first" });
    const tailPanel = el("section", { class: "panel tail-panel" }, list);
    const empty = el("div", {});
    const detail = el("pre", { class: "code event-detail", tabindex: "0" });
    const detailTitle = el("h2", { id: "event-detail-title" }, "Message");
    const detailPanel = el("section", { class: "panel", "aria-labelledby": "event-detail-title", hidden: true }, detailTitle, detail);

    container.append(
        el("h1", {}, "Events"),
        el(
            "div",
            { class: "filters" },
            el("label", { for: "event-filter" }, "Message type"),
            filter,
            pause,
            count,
        ),
        el("p", { class: "muted" }, `Every message on the bus since this page was loaded (${localText(live.listeningSince())}), the last 500 kept, newest first.`),
        empty,
        tailPanel,
        detailPanel,
    );

    /** Whether a message's type matches the filter (any of its comma- or space-separated parts). */
    function matches(message) {
        const wanted = filter.value.trim().toLowerCase();
        if (!wanted) return true;
        const type = String(message.message_type ?? message.kind ?? "").toLowerCase();
        return wanted.split(/[\s,]+/).filter(Boolean).some((part) => type.includes(part));
    }

    /** A row of the tail, filled by updateRow; its type opens the whole message. */
    function makeRow() {
        const show = el("button", { type: "button", class: "link-button event-type" });
        const row = el("li", { class: "event-row", "data-testid": "event-row" }, timeElement(null), el("span", { class: "event-kind muted" }), show, el("span", { class: "event-run" }), el("span", { class: "event-data mono" }));
        show.addEventListener("click", () => {
            selected = row.message;
            detailPanel.hidden = false;
            setText(detailTitle, `Message ${selected.message_type ?? selected.kind} at ${localText(selected.received)}`);
            setText(detail, JSON.stringify({ kind: selected.kind, id: selected.id, message_type: selected.message_type, data: selected.data }, null, 2));
            detail.focus();
        });
        return row;
    }

    /** Shows one message in a row of the tail. */
    function updateRow(row, message) {
        row.message = message;
        const [time, kind, type, runSlot, data] = row.children;
        updateTime(time, message.received);
        setText(kind, message.kind ?? "");
        setText(type, message.message_type ?? "(none)");
        setAttr(type, "title", message.kind && message.kind !== "event" ? `${message.kind} ${message.message_type ?? ""}` : null);
        setAttr(type, "aria-label", `Show the whole ${message.message_type ?? ""} message`);
        setAttr(row, "data-message-type", message.message_type ?? "");
        const runId = live.runIdOf(message);
        if (runSlot.dataset.runId !== (runId ?? "")) {
            runSlot.dataset.runId = runId ?? "";
            runSlot.replaceChildren(...(runId ? [el("a", { href: `#/runs/${encodeURIComponent(runId)}`, title: `Run ${runId}` }, "run")] : []));
        }
        const words = message.message_type === "step_retry" && message.kind === "event" ? retryText(message.data) : null;
        setText(data, words ? oneLine(words, 200) : oneLine(message.data, 200));
    }

    /** Brings the tail in step with the messages kept and the filter. */
    function draw() {
        const all = live.recentMessages();
        const shown = all.filter(matches).reverse();
        syncList(list, shown, (message) => message.sequence, makeRow, updateRow);
        setText(count, `${shown.length} of ${all.length} shown${paused ? ", paused" : ""}`);
        tailPanel.hidden = shown.length === 0;
        if (shown.length === 0 && !empty.firstChild) {
            empty.append(emptyState(all.length === 0 ? "No events yet: start a run, or connect an actor, and its events appear here." : "No event matches this filter: clear it or type another message type."));
        } else if (shown.length > 0 && empty.firstChild) {
            empty.replaceChildren();
        } else if (shown.length === 0) {
            setText(empty.firstChild, all.length === 0 ? "No events yet: start a run, or connect an actor, and its events appear here." : "No event matches this filter: clear it or type another message type.");
        }
    }

    let pending = false;
    const drawSoon = () => {
        if (pending || paused) return;
        pending = true;
        setTimeout(() => {
            pending = false;
            if (!paused) draw();
        }, 100);
    };
    filter.addEventListener("input", draw);
    pause.addEventListener("click", () => {
        paused = !paused;
        pause.setAttribute("aria-pressed", String(paused));
        setText(pause, paused ? "Resume" : "Pause");
        draw();
    });
    const stopListening = live.onMessage(drawSoon);
    draw();
    return () => stopListening();
}
