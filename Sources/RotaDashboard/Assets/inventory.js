// The inventory page: resource counts by cloud, account and kind; what is marked for cleanup and
// why; protected resources; and a searchable list filtered by the core, page by page.

import * as api from "/ui/assets/api.js";
import { el, emptyState, replaceChildren, setText, syncList, timeElement, updateTime } from "/ui/assets/dom.js";
import { countText } from "/ui/assets/format.js";

const pageSize = 50;
const listLimit = 500;
const countRowsShown = 200;
const serverFields = new Set(["cloud", "account", "kind", "region", "tag"]);
const flags = new Set(["clean", "cleaned", "expired", "protected"]);

/**
 * Reads the search box: `cloud:aws kind:instance tag:env=dev is:protected not:cleaned` become
 * the core's filters; the other words are matched against the ids and names of the rows loaded.
 */
function parseSearch(text) {
    const filters = {};
    const words = [];
    for (const token of text.trim().split(/\s+/).filter(Boolean)) {
        const match = /^([a-z]+):(.+)$/i.exec(token);
        const field = match?.[1].toLowerCase();
        if (match && serverFields.has(field)) {
            if (field === "tag") (filters.tag ??= []).push(match[2]);
            else filters[field] = match[2];
        } else if (match && (field === "is" || field === "not") && flags.has(match[2].toLowerCase())) {
            filters[match[2].toLowerCase()] = field === "is" ? "true" : "false";
        } else {
            words.push(token.toLowerCase());
        }
    }
    return { filters, words };
}

/** A resource's tags in a few words. */
function tagsText(tags) {
    const entries = Object.entries(tags ?? {});
    const shown = entries.slice(0, 3).map(([key, value]) => (value === "" ? key : `${key}=${value}`));
    return entries.length > 3 ? `${shown.join(", ")} +${entries.length - 3}` : shown.join(", ");
}

/** A compact table of counts in a scrolling box: its caption, column headings and rows of cells. */
function countTable(caption, headings, rows) {
    return el(
        "div",
        { class: "table-scroll" },
        el(
            "table",
            { class: "data-table compact" },
            el("caption", {}, caption),
            el("thead", {}, el("tr", {}, headings.map((name) => el("th", { scope: "col" }, name)))),
            el("tbody", {}, rows.map((cells) => el("tr", {}, cells))),
        ),
    );
}

/** Draws the inventory page into `container`; answers the function that ends it. */
export function mount(container) {
    let alive = true;
    let generation = 0;
    const status = el("p", { class: "status-line", role: "status", "aria-live": "polite" });
    const counts = el("div", { class: "inventory-counts", "data-testid": "inventory-counts" }, el("p", { class: "muted" }, "Counting…"));
    const markedBody = el("tbody");
    const markedNote = el("p", { class: "muted list-note" });
    const protectedBody = el("tbody");
    const protectedNote = el("p", { class: "muted list-note" });
    const search = el("input", { type: "search", id: "resource-search", "data-testid": "resource-search", placeholder: "cloud:aws kind:instance tag:env=dev is:protected", autocomplete: "off", spellcheck: "false" });
    const cloudSelect = el("select", { id: "resource-cloud" }, el("option", { value: "" }, "Every cloud"));
    const kindSelect = el("select", { id: "resource-kind" }, el("option", { value: "" }, "Every kind"));
    const resourceBody = el("tbody");
    const resourceTable = el(
        "table",
        { class: "data-table resource-table" },
        el("caption", { class: "visually-hidden" }, "Resources"),
        el("thead", {}, el("tr", {}, ["Resource", "Kind", "Where", "Tags", "Status", ""].map((name) => el("th", { scope: "col" }, name)))),
        resourceBody,
    );
    const moreButton = el("button", { type: "button", hidden: true }, "Load more");
    const resourceNote = el("div", { class: "list-note" });
    let nextCursor = null;
    let loaded = [];

    const simpleTable = (body, headings) =>
        el("div", { class: "table-scroll" }, el("table", { class: "data-table compact" }, el("thead", {}, el("tr", {}, headings.map((name) => el("th", { scope: "col" }, name)))), body));

    container.append(
        el("h1", {}, "Inventory"),
        status,
        el("section", { class: "panel", "aria-labelledby": "counts-title" }, el("h2", { id: "counts-title" }, "Resources by cloud, account and kind"), counts),
        el(
            "div",
            { class: "columns" },
            el("section", { class: "panel", "aria-labelledby": "marked-title" }, el("h2", { id: "marked-title" }, "Marked for cleanup"), simpleTable(markedBody, ["Resource", "Kind", "Where", "Why", "Marked"]), markedNote),
            el("section", { class: "panel", "aria-labelledby": "protected-title" }, el("h2", { id: "protected-title" }, "Protected"), simpleTable(protectedBody, ["Resource", "Kind", "Where"]), protectedNote),
        ),
        el(
            "section",
            { class: "panel", "aria-labelledby": "resources-title" },
            el("h2", { id: "resources-title" }, "Search"),
            el(
                "div",
                { class: "filters" },
                el("label", { for: "resource-search" }, "Search"),
                search,
                el("label", { for: "resource-cloud" }, "Cloud"),
                cloudSelect,
                el("label", { for: "resource-kind" }, "Kind"),
                kindSelect,
            ),
            el("p", { class: "muted hint" }, "The core filters by cloud:, account:, kind:, region:, tag:KEY or tag:KEY=VALUE, and is: or not: clean, cleaned, expired, protected. Other words match the ids and names of the rows loaded, since the API has no text search."),
            el("div", { class: "table-scroll" }, resourceTable),
            resourceNote,
            moreButton,
        ),
    );

    /** A resource's name above its id. */
    function resourceLabel(resource) {
        return el("span", { class: "resource-label", title: resource.id }, el("span", { class: "resource-name" }, resource.name ?? resource.id), el("span", { class: "resource-id mono muted" }, resource.id));
    }

    /** Reads the counts by cloud, account and kind, and fills the cloud and kind choices. */
    async function loadCounts() {
        try {
            const rows = await api.post("/resources/aggregate", { group_by: ["cloud", "account", "kind"], metrics: ["count"] });
            if (!alive) return;
            const items = rows.map((row) => ({ cloud: row.group?.cloud ?? "—", account: row.group?.account ?? "—", kind: row.group?.kind ?? "—", count: Number(row.values?.count) || 0 }));
            const total = items.reduce((sum, item) => sum + item.count, 0);
            if (items.length === 0) {
                replaceChildren(counts, emptyState("The inventory is empty: run the collect workflow with a worker connected (rota worker) to fill it."));
                return;
            }
            const byAccount = new Map();
            for (const item of items) {
                const key = `${item.cloud}\u0000${item.account}`;
                byAccount.set(key, { cloud: item.cloud, account: item.account, count: (byAccount.get(key)?.count ?? 0) + item.count });
            }
            const accounts = [...byAccount.values()].sort((a, b) => b.count - a.count);
            const detailed = items.sort((a, b) => b.count - a.count).slice(0, countRowsShown);
            const max = Math.max(...detailed.map((item) => item.count), 1);
            const bar = (count) => {
                const fill = el("span", { class: "count-fill" });
                fill.style.width = `${(count / max) * 100}%`;
                return el("span", { class: "count-bar", "aria-hidden": "true" }, fill);
            };
            replaceChildren(
                counts,
                el("p", {}, el("strong", {}, countText(total)), ` resources in ${accounts.length} account${accounts.length === 1 ? "" : "s"}.`),
                countTable(
                    "By account",
                    ["Cloud", "Account", "Resources"],
                    accounts.map((item) => [el("td", {}, item.cloud), el("td", {}, item.account), el("td", { class: "numeric" }, countText(item.count))]),
                ),
                countTable(
                    items.length > detailed.length ? `By kind (the ${detailed.length} largest of ${items.length} groups)` : "By kind",
                    ["Cloud", "Account", "Kind", "Resources"],
                    detailed.map((item) => [
                        el("td", {}, item.cloud),
                        el("td", {}, item.account),
                        el("td", { class: "mono" }, item.kind),
                        el("td", { class: "numeric count-cell" }, bar(item.count), countText(item.count)),
                    ]),
                ),
            );
            const fill = (select, values, label) => {
                const chosen = select.value;
                replaceChildren(select, el("option", { value: "" }, label), [...values].sort().map((value) => el("option", { value }, value)));
                select.value = values.has(chosen) ? chosen : "";
            };
            fill(cloudSelect, new Set(items.map((item) => item.cloud).filter((value) => value !== "—")), "Every cloud");
            fill(kindSelect, new Set(items.map((item) => item.kind).filter((value) => value !== "—")), "Every kind");
        } catch (error) {
            if (alive) replaceChildren(counts, el("p", { class: "error-note" }, `The counts could not be read: ${error.message}`));
        }
    }

    /** Lists the first resources of a filter (marked for cleanup, or protected). */
    async function loadFlagged(filter, body, note, withReason) {
        try {
            const page = await api.get("/resources", { ...filter, limit: pageSize });
            if (!alive) return;
            const resources = page.resources ?? [];
            syncList(
                body,
                resources,
                (resource) => resource.id,
                () => el("tr", {}, el("td", {}), el("td", { class: "mono" }), el("td", {}), ...(withReason ? [el("td", {}), el("td", { class: "nowrap" }, timeElement(null))] : [])),
                (row, resource) => {
                    replaceChildren(row.children[0], resourceLabel(resource));
                    setText(row.children[1], resource.kind);
                    setText(row.children[2], `${resource.cloud} / ${resource.account}${resource.region ? ` / ${resource.region}` : ""}`);
                    if (withReason) {
                        const clean = resource.metadata?.clean;
                        setText(row.children[3], clean?.reason ?? "");
                        updateTime(row.children[4].firstChild, clean?.at ?? null);
                    }
                },
            );
            setText(note, resources.length === 0 ? (withReason ? "Nothing is marked for cleanup." : "No resource is protected.") : page.next ? `The first ${resources.length}; search below for the rest.` : "");
        } catch (error) {
            if (alive) setText(note, `These resources could not be read: ${error.message}`);
        }
    }

    /** Badges for a resource's cleanup mark, deletion, protection and expiry. */
    function statusOf(resource) {
        const metadata = resource.metadata ?? {};
        const parts = [];
        if (metadata.cleaned) parts.push(el("span", { class: "badge state-stopped" }, "deleted"));
        else if (metadata.clean) parts.push(el("span", { class: "badge state-failed", title: metadata.clean.reason ?? "" }, `cleanup: ${metadata.clean.reason ?? "marked"}`));
        if (metadata.protected) parts.push(el("span", { class: "badge state-succeeded" }, "protected"));
        if (metadata.expires) parts.push(el("span", { class: "muted" }, "expires ", timeElement(metadata.expires)));
        return parts;
    }

    /** A row of the search results, filled by updateResourceRow, with its protect button. */
    function makeResourceRow() {
        const protect = el("button", { type: "button", class: "small" });
        const row = el(
            "tr",
            { "data-testid": "resource-row" },
            el("td", { class: "id-cell" }, el("span", { class: "resource-name" }), el("span", { class: "resource-id mono muted" })),
            el("td", { class: "mono" }),
            el("td", { class: "nowrap" }),
            el("td", { class: "tags-cell" }),
            el("td", {}, el("div", { class: "status-cell" })),
            el("td", {}, protect),
        );
        protect.addEventListener("click", async () => {
            const id = row.dataset.resourceId;
            const wanted = row.dataset.protected !== "true";
            protect.disabled = true;
            try {
                const resource = await api.patch(`/resources/${api.segment(id)}`, { protected: wanted });
                const index = loaded.findIndex((item) => item.id === id);
                if (index >= 0) loaded[index] = resource;
                updateResourceRow(row, resource);
                setText(status, `${id} is ${wanted ? "protected from cleanup" : "no longer protected"}.`);
                loadFlagged({ protected: "true" }, protectedBody, protectedNote, false);
            } catch (error) {
                setText(status, `${id} could not be changed: ${error.message}`);
            } finally {
                protect.disabled = false;
            }
        });
        row.parts = { protect };
        return row;
    }

    /** Shows one resource in its row. */
    function updateResourceRow(row, resource) {
        row.dataset.resourceId = resource.id;
        row.dataset.protected = String(Boolean(resource.metadata?.protected));
        const cells = row.children;
        setText(cells[0].children[0], resource.name ?? resource.id);
        setText(cells[0].children[1], resource.id);
        cells[0].title = resource.id;
        setText(cells[1], resource.kind);
        setText(cells[2], [resource.cloud, resource.account, resource.region].filter(Boolean).join(" / "));
        setText(cells[3], tagsText(resource.tags));
        cells[3].title = Object.entries(resource.tags ?? {}).map(([key, value]) => `${key}=${value}`).join("\n");
        replaceChildren(cells[4].firstChild, statusOf(resource));
        setText(row.parts.protect, resource.metadata?.protected ? "Unprotect" : "Protect");
        row.parts.protect.setAttribute("aria-label", `${resource.metadata?.protected ? "Unprotect" : "Protect"} ${resource.id}`);
    }

    /** Shows the loaded resources that match the search's words. */
    function drawResources(words) {
        const shown = words.length ? loaded.filter((resource) => words.every((word) => resource.id.toLowerCase().includes(word) || (resource.name ?? "").toLowerCase().includes(word))) : loaded;
        syncList(resourceBody, shown, (resource) => resource.id, makeResourceRow, updateResourceRow);
        resourceTable.hidden = shown.length === 0;
        const capped = loaded.length >= listLimit;
        moreButton.hidden = !nextCursor || capped;
        const parts = [];
        if (shown.length === 0) parts.push(el("p", { class: "muted" }, loaded.length ? "No loaded resource matches these words: load more, or narrow the filters." : "No resource matches: change the search or the filters."));
        else parts.push(el("p", { class: "muted" }, `${shown.length} shown${words.length ? ` of ${loaded.length} loaded` : ""}${nextCursor ? (capped ? `; the list stops at ${listLimit}: narrow the search for the rest.` : "; more below.") : "."}`));
        replaceChildren(resourceNote, parts);
    }

    /** Reads the first page of resources the search selects, or the next page with `append`. */
    async function loadResources(append = false) {
        const current = ++generation;
        const { filters, words } = parseSearch(search.value);
        if (cloudSelect.value && !filters.cloud) filters.cloud = cloudSelect.value;
        if (kindSelect.value && !filters.kind) filters.kind = kindSelect.value;
        try {
            const page = await api.get("/resources", { ...filters, limit: pageSize, after: append ? nextCursor : null });
            if (!alive || current !== generation) return;
            loaded = append ? [...loaded, ...(page.resources ?? [])].slice(0, listLimit) : page.resources ?? [];
            nextCursor = page.next ?? null;
            drawResources(words);
        } catch (error) {
            if (!alive || current !== generation) return;
            replaceChildren(resourceNote, el("p", { class: "error-note" }, `The search failed: ${error.message}`));
        }
    }

    let searchTimer = null;
    search.addEventListener("input", () => {
        clearTimeout(searchTimer);
        searchTimer = setTimeout(() => loadResources(false), 300);
    });
    cloudSelect.addEventListener("change", () => loadResources(false));
    kindSelect.addEventListener("change", () => loadResources(false));
    moreButton.addEventListener("click", () => loadResources(true));

    loadCounts();
    loadFlagged({ clean: "true", cleaned: "false" }, markedBody, markedNote, true);
    loadFlagged({ protected: "true" }, protectedBody, protectedNote, false);
    loadResources(false);
    return () => {
        alive = false;
        clearTimeout(searchTimer);
    };
}
