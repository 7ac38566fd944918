// Building and updating the page's elements. Every text from the API goes through textContent or
// attributes, never through HTML parsing.

import { localText, parseTime, utcText } from "/ui/assets/format.js";

/**
 * Makes an element: `el("a", {href: "#/runs", class: "link", dataset: {taskId: "x"}}, "text", child)`.
 * Attributes are set as attributes (`on*` names add listeners); children are nodes or texts.
 */
export function el(tag, attributes = {}, ...children) {
    return decorate(document.createElement(tag), attributes, children);
}

/** Makes an SVG element, as el makes an HTML one. */
export function svgEl(tag, attributes = {}, ...children) {
    return decorate(document.createElementNS("http://www.w3.org/2000/svg", tag), attributes, children);
}

/** Sets the attributes, listeners and children of a new element. */
function decorate(node, attributes, children) {
    for (const [name, value] of Object.entries(attributes ?? {})) {
        if (value === undefined || value === null || value === false) continue;
        if (name === "dataset") {
            for (const [key, item] of Object.entries(value)) node.dataset[key] = String(item);
        } else if (name.startsWith("on") && typeof value === "function") {
            node.addEventListener(name.slice(2), value);
        } else if (name === "text") {
            node.textContent = String(value);
        } else {
            node.setAttribute(name, value === true ? "" : String(value));
        }
    }
    append(node, children);
    return node;
}

/** Appends nodes and texts (nested lists allowed, null skipped). */
export function append(parent, children) {
    for (const child of children.flat(Infinity)) {
        if (child === null || child === undefined || child === false) continue;
        parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return parent;
}

/** Replaces every child of a node. */
export function replaceChildren(parent, ...children) {
    parent.replaceChildren();
    return append(parent, children);
}

/** Sets a node's text only when it changed, so live updates do not disturb selection or layout. */
export function setText(node, text) {
    const value = text === null || text === undefined ? "" : String(text);
    if (node.textContent !== value) node.textContent = value;
}

/** Sets or removes an attribute only when it changed. */
export function setAttr(node, name, value) {
    if (value === null || value === undefined || value === false) {
        if (node.hasAttribute(name)) node.removeAttribute(name);
    } else if (node.getAttribute(name) !== String(value)) {
        node.setAttribute(name, String(value));
    }
}

/** A `<time>` showing an API time in the browser's zone, with its UTC form on hover. */
export function timeElement(value) {
    const date = value instanceof Date ? value : parseTime(value);
    const node = el("time");
    updateTime(node, date);
    return node;
}

/** Points a `<time>` made by timeElement at another time. */
export function updateTime(node, value) {
    const date = value instanceof Date ? value : parseTime(value);
    setText(node, localText(date));
    setAttr(node, "datetime", date ? date.toISOString() : null);
    setAttr(node, "title", date ? utcText(date) : null);
}

/**
 * Keeps a container's children in step with a list of items, by key: an existing element is
 * updated in place, a new one is made, a gone one removed, and the order follows the list.
 */
export function syncList(container, items, keyOf, create, update) {
    const existing = new Map();
    for (const child of Array.from(container.children)) {
        if (child.dataset.key !== undefined) existing.set(child.dataset.key, child);
        else child.remove();
    }
    let cursor = container.firstElementChild;
    for (const item of items) {
        const key = String(keyOf(item));
        let node = existing.get(key);
        if (node) {
            existing.delete(key);
        } else {
            node = create(item);
            node.dataset.key = key;
        }
        update(node, item);
        if (node !== cursor) container.insertBefore(node, cursor);
        else cursor = cursor.nextElementSibling;
    }
    for (const node of existing.values()) node.remove();
}

/** The notice shown when a list is empty, saying what to do. */
export function emptyState(text) {
    return el("p", { class: "empty-state", "data-testid": "empty-state" }, text);
}
