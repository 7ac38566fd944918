// A JSON value printed as YAML (block style, strings quoted whenever YAML could read them as
// something else), for reading definitions.

const plainString = /^[A-Za-z_\/.][A-Za-z0-9_\/. -]*$/;
const reserved = /^(true|false|yes|no|on|off|null|~|y|n)$/i;

/** A scalar as YAML, quoted when it could be read as another type. */
function scalar(value) {
    if (value === null || value === undefined) return "null";
    if (typeof value === "boolean") return value ? "true" : "false";
    if (typeof value === "number") return Number.isFinite(value) ? String(value) : "null";
    const text = String(value);
    if (text !== "" && plainString.test(text) && !reserved.test(text) && !text.endsWith(" ") && !text.includes(": ") && !text.includes(" #")) return text;
    return JSON.stringify(text);
}

/** A mapping key as YAML. */
function key(name) {
    return scalar(String(name));
}

/** Whether a value is an empty list or object (printed inline). */
function isEmptyContainer(value) {
    return (Array.isArray(value) && value.length === 0) || (value && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0);
}

/** The lines of a value at an indentation. */
function lines(value, indent) {
    const pad = " ".repeat(indent);
    if (Array.isArray(value)) {
        if (value.length === 0) return [`${pad}[]`];
        const out = [];
        for (const item of value) {
            if (item && typeof item === "object" && !isEmptyContainer(item)) {
                const inner = lines(item, indent + 2);
                out.push(`${pad}- ${inner[0].trimStart()}`, ...inner.slice(1));
            } else {
                out.push(`${pad}- ${isEmptyContainer(item) ? (Array.isArray(item) ? "[]" : "{}") : scalar(item)}`);
            }
        }
        return out;
    }
    if (value && typeof value === "object") {
        const entries = Object.entries(value);
        if (entries.length === 0) return [`${pad}{}`];
        const out = [];
        for (const [name, item] of entries) {
            if (isEmptyContainer(item)) {
                out.push(`${pad}${key(name)}: ${Array.isArray(item) ? "[]" : "{}"}`);
            } else if (Array.isArray(item)) {
                out.push(`${pad}${key(name)}:`, ...lines(item, indent));
            } else if (item && typeof item === "object") {
                out.push(`${pad}${key(name)}:`, ...lines(item, indent + 2));
            } else if (typeof item === "string" && item.includes("\n")) {
                out.push(`${pad}${key(name)}: |-`, ...item.split("\n").map((line) => `${pad}  ${line}`));
            } else {
                out.push(`${pad}${key(name)}: ${scalar(item)}`);
            }
        }
        return out;
    }
    return [`${pad}${scalar(value)}`];
}

/** The YAML text of a JSON value. */
export function toYAML(value) {
    return `${lines(value, 0).join("\n")}\n`;
}
