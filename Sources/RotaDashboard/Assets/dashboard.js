// The dashboard's frame: the session (sign-in form), the banners saying what cannot be reached,
// the live stream's state, and the hash routes that draw each page.

import * as api from "/ui/assets/api.js";
import * as live from "/ui/assets/live.js";
import { el, replaceChildren, setText } from "/ui/assets/dom.js";
import * as runsPage from "/ui/assets/runs.js";
import * as runPage from "/ui/assets/run.js";
import * as workflowsPage from "/ui/assets/workflows.js";
import * as workflowPage from "/ui/assets/workflow.js";
import * as actorsPage from "/ui/assets/actors.js";
import * as inventoryPage from "/ui/assets/inventory.js";
import * as eventsPage from "/ui/assets/events.js";

const main = document.getElementById("page");
const loginSection = document.getElementById("login");
const loginForm = document.getElementById("login-form");
const loginKey = document.getElementById("login-key");
const loginError = document.getElementById("login-error");
const loginSubmit = document.getElementById("login-submit");
const signOutButton = document.getElementById("sign-out");
const banners = document.getElementById("banners");
const liveState = document.getElementById("live-state");

let unmount = null;
let signedIn = false;
let readinessTimer = null;
const bannerState = { core: null, socket: null, ready: null };

/** The page a hash route names, with its parameter: `#/runs/ID` → runPage with "ID". */
function route(hash) {
    const parts = hash.replace(/^#\/?/, "").split("/").filter((part) => part !== "");
    const [name, ...rest] = parts;
    const parameter = rest.length ? decodeURIComponent(rest.join("/")) : null;
    switch (name ?? "runs") {
        case "runs":
            return parameter ? { page: runPage, nav: "runs", parameter } : { page: runsPage, nav: "runs" };
        case "workflows":
            return parameter ? { page: workflowPage, nav: "workflows", parameter } : { page: workflowsPage, nav: "workflows" };
        case "actors":
            return { page: actorsPage, nav: "actors" };
        case "inventory":
            return { page: inventoryPage, nav: "inventory" };
        case "events":
            return { page: eventsPage, nav: "events" };
        default:
            return null;
    }
}

/** Draws the page the address names, after ending the one shown. */
function show() {
    if (!signedIn) return;
    const target = route(location.hash);
    unmount?.();
    unmount = null;
    for (const link of document.querySelectorAll("nav a[data-page]")) {
        if (target && link.dataset.page === target.nav) link.setAttribute("aria-current", "page");
        else link.removeAttribute("aria-current");
    }
    main.replaceChildren();
    if (!target) {
        replaceChildren(main, el("h1", {}, "Not found"), el("p", {}, "This address names no page. ", el("a", { href: "#/runs" }, "Go to the runs")));
        return;
    }
    try {
        unmount = target.page.mount(main, target.parameter) ?? null;
    } catch (error) {
        console.error(error);
        replaceChildren(main, el("p", { class: "error-note", role: "alert" }, `This page could not be drawn: ${error.message}`));
    }
}

/** Shows or hides one banner; `kind` picks the colour. */
function setBanner(name, text, kind = "warning") {
    if (bannerState[name] === text) return;
    bannerState[name] = text;
    let node = banners.querySelector(`[data-banner="${name}"]`);
    if (!text) {
        node?.remove();
        return;
    }
    if (!node) {
        node = el("div", { class: `banner ${kind}`, role: "alert", "data-banner": name, "data-testid": `banner-${name}` });
        banners.append(node);
    }
    node.className = `banner ${kind}`;
    setText(node, text);
}

/** Shows the live stream's state in the top bar, and a banner while it is down. */
function liveStatusChanged(status, retrySeconds) {
    liveState.dataset.state = status;
    if (status === "open") {
        setText(liveState, "Live");
        setBanner("socket", null);
    } else if (status === "connecting") {
        setText(liveState, "Connecting…");
    } else {
        setText(liveState, "Offline");
        if (signedIn) {
            setBanner(
                "socket",
                retrySeconds
                    ? `The live event stream dropped: trying again in ${retrySeconds} s. Pages refresh by polling meanwhile.`
                    : "The live event stream is closed.",
            );
        }
    }
}

/** Asks the core whether it is ready, and says so when it is not. */
async function checkReadiness() {
    clearTimeout(readinessTimer);
    try {
        await api.get("/system/ready");
        setBanner("ready", null);
    } catch (error) {
        if (error.status === 503 && error.body?.status === "standby") {
            const leader = error.body.leader;
            setBanner("ready", leader ? `This core is a standby; the leader serves at ${leader}.` : "This core is a standby, and no core leads right now.");
        } else if (error.status === 503) {
            setBanner("ready", `The core is not ready: ${error.message}`);
        } else if (error.status !== 401 && error.status !== 0) {
            setBanner("ready", null);
        }
    }
    readinessTimer = setTimeout(checkReadiness, api.isReachable() ? 15000 : 5000);
}

/** Hides the pages and shows the sign-in form. */
function showLogin() {
    signedIn = false;
    live.disconnect();
    unmount?.();
    unmount = null;
    clearTimeout(readinessTimer);
    setBanner("socket", null);
    main.replaceChildren();
    main.hidden = true;
    loginSection.hidden = false;
    loginKey.value = "";
    loginKey.focus();
}

/** Shows the pages once signed in (or when the core asks for no key). */
function enter(pskRequired) {
    signedIn = true;
    loginSection.hidden = true;
    loginError.hidden = true;
    main.hidden = false;
    signOutButton.hidden = !pskRequired;
    live.connect();
    checkReadiness();
    show();
}

/** Asks the core about the session, then shows the sign-in form or the pages. */
async function start() {
    try {
        const session = await api.sessionState();
        if (session.psk_required && !session.authenticated) showLogin();
        else enter(Boolean(session.psk_required));
    } catch (error) {
        replaceChildren(main, el("p", { class: "error-note", role: "alert" }, `The core cannot be reached: ${error.message}`), el("button", { type: "button", onclick: () => location.reload() }, "Try again"));
        setTimeout(start, 5000);
    }
}

loginForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    loginSubmit.disabled = true;
    loginError.hidden = true;
    const key = loginKey.value;
    loginKey.value = "";
    try {
        if (await api.signIn(key)) {
            enter(true);
        } else {
            setText(loginError, "The core refused this key.");
            loginError.hidden = false;
            loginKey.focus();
        }
    } catch (error) {
        setText(loginError, error.message);
        loginError.hidden = false;
    } finally {
        loginSubmit.disabled = false;
    }
});

signOutButton.addEventListener("click", async () => {
    try {
        await api.signOut();
    } finally {
        showLogin();
    }
});

document.querySelector(".skip-link")?.addEventListener("click", (event) => {
    event.preventDefault();
    main.focus();
});

api.onUnauthorized(() => {
    if (signedIn || loginSection.hidden) showLogin();
});
api.onReachability((reachable, detail) => {
    setBanner("core", reachable ? null : `${detail ?? "The core cannot be reached."} Retrying…`, "error");
    if (!reachable) {
        clearTimeout(readinessTimer);
        readinessTimer = setTimeout(checkReadiness, 3000);
    }
});
live.onStatus(liveStatusChanged);
window.addEventListener("hashchange", show);
start();
