// The actors page: every subscriber with what it subscribes to and whether it blocks, whether it
// was seen connecting, and the steps of all workflows that no subscriber serves.

import * as api from "/ui/assets/api.js";
import * as live from "/ui/assets/live.js";
import { el, emptyState, replaceChildren, setText, syncList, timeElement } from "/ui/assets/dom.js";
import { durationText } from "/ui/assets/format.js";

/** Draws the actors page into `container`; answers the function that ends it. */
export function mount(container) {
    let alive = true;
    const subscriberList = el("div", { class: "card-list" });
    const subscriberNote = el("div", {});
    const unservedList = el("ul", { class: "plain-list unserved-list" });
    const unservedNote = el("p", { class: "muted list-note" });

    container.append(
        el("h1", {}, "Actors"),
        el(
            "section",
            { class: "panel", "aria-labelledby": "subscribers-title" },
            el("h2", { id: "subscribers-title" }, "Subscribers"),
            el("p", { class: "muted" }, "Each actor with the message types it subscribes to; one that blocks is waited for by the steps of its types. A subscriber disconnected longer than the subscriber timeout loses its subscriptions."),
            subscriberList,
            subscriberNote,
        ),
        el(
            "section",
            { class: "panel", "aria-labelledby": "unserved-title" },
            el("h2", { id: "unserved-title" }, "Steps without a subscriber"),
            el("p", { class: "muted" }, "Steps that perform an action no actor subscribes to: a run ends them at once, doing nothing."),
            unservedList,
            unservedNote,
        ),
    );

    /** Whether a subscriber is connected and since when, from the API or else from the events seen. */
    function connectionText(subscriber) {
        if (typeof subscriber.connected === "boolean") {
            return subscriber.connected
                ? { text: subscriber.since ? "connected since " : "connected", state: "connected", at: subscriber.since ?? null }
                : { text: subscriber.since ? "not connected since " : "not connected", state: "disconnected", at: subscriber.since ?? null };
        }
        const sighting = live.subscriberSightings().get(subscriber.id);
        if (!sighting) return { text: "connection not seen yet", state: "unknown", at: null };
        return sighting.connected ? { text: "connected since ", state: "connected", at: sighting.at } : { text: "disconnected at ", state: "disconnected", at: sighting.at };
    }

    /** A card for one subscriber, filled by updateSubscriber. */
    function makeSubscriber() {
        const name = el("h3", { class: "mono" });
        const connection = el("p", { class: "connection" });
        const body = el("tbody");
        const table = el(
            "table",
            { class: "data-table compact" },
            el("thead", {}, el("tr", {}, ["Message type", "Blocks", "Timeout"].map((label) => el("th", { scope: "col" }, label)))),
            body,
        );
        const card = el("article", { class: "card", "data-testid": "subscriber-row" }, name, connection, el("div", { class: "table-scroll" }, table));
        card.parts = { name, connection, body };
        return card;
    }

    /** Shows a subscriber's connection and subscriptions in its card. */
    function updateSubscriber(card, subscriber) {
        card.dataset.subscriberId = subscriber.id;
        setText(card.parts.name, subscriber.id);
        const connection = connectionText(subscriber);
        card.parts.connection.className = `connection state-${connection.state}`;
        replaceChildren(card.parts.connection, el("span", { class: "dot", "aria-hidden": "true" }), connection.text, connection.at ? timeElement(connection.at) : null);
        const subscriptions = Object.values(subscriber.subscriptions ?? {}).sort((a, b) => a.message_type.localeCompare(b.message_type));
        syncList(
            card.parts.body,
            subscriptions,
            (subscription) => subscription.message_type,
            () => el("tr", {}, el("td", { class: "mono" }), el("td", {}), el("td", { class: "numeric" })),
            (row, subscription) => {
                setText(row.children[0], subscription.message_type);
                const blocks = subscription.wait_for_completion !== false;
                setText(row.children[1], blocks ? "blocks" : "does not block");
                row.children[1].title = blocks ? "A step of this type waits for this actor's answer" : "Steps do not wait for this actor";
                setText(row.children[2], durationText(subscription.timeout ?? 60));
            },
        );
    }

    /** Reads the subscribers and updates their cards in place. */
    async function refreshSubscribers() {
        try {
            const subscribers = await api.get("/subscribers");
            if (!alive) return;
            const sorted = subscribers.slice().sort((a, b) => a.id.localeCompare(b.id));
            syncList(subscriberList, sorted, (subscriber) => subscriber.id, makeSubscriber, updateSubscriber);
            replaceChildren(subscriberNote, sorted.length === 0 ? emptyState("No actors have subscribed yet: start one, for example rota worker, and it appears here.") : null);
        } catch (error) {
            if (alive) replaceChildren(subscriberNote, el("p", { class: "error-note" }, `The subscribers could not be read: ${error.message}`));
        }
    }

    /** Reads every workflow's details and lists the steps without a subscriber. */
    async function refreshUnserved() {
        try {
            const workflows = await api.get("/workflows");
            const details = await Promise.all(workflows.map((workflow) => api.get(`/workflows/${api.segment(workflow.id)}`).catch(() => null)));
            if (!alive) return;
            const items = [];
            for (const detail of details) {
                if (!detail) continue;
                const unserved = new Set(detail.steps_without_subscribers ?? []);
                for (const step of detail.steps ?? []) {
                    if (unserved.has(step.name)) items.push({ workflow: detail.id, step: step.name, action: step.action?.message_type ?? "" });
                }
            }
            syncList(
                unservedList,
                items,
                (item) => `${item.workflow}\u0000${item.step}`,
                () => el("li", { "data-testid": "unserved-step" }, el("a", {}), " / ", el("span", { class: "step-name" }), el("span", { class: "muted" })),
                (node, item) => {
                    node.dataset.workflow = item.workflow;
                    node.dataset.step = item.step;
                    const link = node.children[0];
                    link.href = `#/workflows/${encodeURIComponent(item.workflow)}`;
                    setText(link, item.workflow);
                    setText(node.children[1], item.step);
                    setText(node.children[2], item.action ? ` (action ${item.action})` : "");
                },
            );
            setText(unservedNote, items.length === 0 ? "Every step that performs an action has a subscriber." : `${items.length} step${items.length === 1 ? "" : "s"} without a subscriber.`);
        } catch (error) {
            if (alive) setText(unservedNote, `The workflows could not be read: ${error.message}`);
        }
    }

    const refreshSoon = live.debounced(() => {
        if (!alive) return;
        refreshSubscribers();
        refreshUnserved();
    }, 500);
    const stopListening = live.onMessage((message) => {
        if (message.message_type === "message-listener-connected" || message.message_type === "message-listener-disconnected") refreshSoon();
    });
    refreshSubscribers();
    refreshUnserved();
    const poller = setInterval(refreshSoon, 20000);
    return () => {
        alive = false;
        stopListening();
        refreshSoon.cancel();
        clearInterval(poller);
    };
}
