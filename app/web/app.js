// Penholder's web app: the session, the router over named views, and the page shell.
//
// The address is `#/path?query` (address.js): the path names a view (see VIEWS), the query
// holds the view's own state. Each view is one module under views/ whose render function takes
// `ctx` (main, query, isCurrent, onLeave, setTitle, focusHeading) and the path's parameters.

import { onSessionMessage, onUnauthorized, session } from "./api.js";
import { address } from "./address.js";
import { h, replace } from "./dom.js";
import { clearError, clearStatus, showError } from "./ui.js";
import { renderSignIn } from "./views/signin.js";
import { goToBox } from "./views/goto.js";
import { renderNegotiations } from "./views/negotiations.js";
import { renderNegotiation } from "./views/negotiation.js";
import { renderDraft } from "./views/draft.js";
import { renderCompare, renderDefaultCompare } from "./views/compare.js";
import { renderHistory } from "./views/history.js";
import { renderMap } from "./views/map.js";
import { renderProposalList } from "./views/proposal-list.js";
import { renderSearch } from "./views/search.js";
import { renderLibrary } from "./views/library.js";

performance.mark("app-start");

/** The named views: `[name, path pattern, render]`; captured groups become arguments. */
export const VIEWS = [
  ["negotiations", /^\/?$/, renderNegotiations],
  ["negotiation", /^\/n\/([^/]+)\/?$/, renderNegotiation],
  ["draft", /^\/n\/([^/]+)\/draft\/([^/]+)\/?$/, renderDraft],
  ["compare-default", /^\/n\/([^/]+)\/compare\/?$/, renderDefaultCompare],
  ["compare", /^\/n\/([^/]+)\/compare\/([^/]+)\/([^/]+)(?:\/(inline|side))?\/?$/,
    (ctx, slug, from, to, mode) => renderCompare(ctx, slug, from, to, mode || "inline")],
  ["history", /^\/n\/([^/]+)\/history\/([^/]+)\/?$/, renderHistory],
  ["map", /^\/n\/([^/]+)\/map\/?$/, renderMap],
  ["proposals", /^\/n\/([^/]+)\/proposals\/?$/, renderProposalList],
  ["search", /^\/n\/([^/]+)\/search\/?$/, renderSearch],
  ["library", /^\/library(?:\/(phrase|words|similar)\/(.+))?\/?$/, renderLibrary],
];

let navigation = 0;
let cleanup = null;
let lastHash = null;

function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Exchange a `#token=…` sign-in link for the session cookie and strip it from the address. */
async function takeTokenFromAddress() {
  const match = /^#token=([^&]+)/.exec(window.location.hash);
  if (!match) return;
  window.history.replaceState(null, "", `${window.location.pathname}${window.location.search}#/`);
  lastHash = "#/";
  try {
    await session.signIn(safeDecode(match[1]));
  } catch (error) {
    showError(error.status === 401 ? `This sign-in link did not work: ${error.message}` : error);
  }
}

function slugOf(path) {
  const match = /^\/n\/([^/]+)/.exec(path);
  return match ? safeDecode(match[1]) : "";
}

function renderShell(path) {
  const nav = document.getElementById("site-nav");
  const box = document.getElementById("session");
  if (!session.user) {
    nav.replaceChildren();
    box.replaceChildren();
    return;
  }
  const slug = slugOf(path);
  replace(nav, h("a", { href: "#/", text: "Negotiations" }), h("a", { href: "#/library", text: "Library" }),
    slug ? goToBox(slug) : null);
  replace(box,
    h("span", { class: "who", text: `${session.user.name} (${session.user.role})` }),
    h("button", { type: "button", class: "secondary", text: "Sign out", onClick: signOut }));
}

async function signOut() {
  await session.signOut();
  clearError();
  window.location.hash = "#/";
  route();
}

/** Render the view the address names. */
export async function route() {
  navigation += 1;
  const id = navigation;
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  const main = document.getElementById("main");
  const { path, query } = address();
  const ctx = {
    main,
    query,
    isCurrent: () => id === navigation,
    onLeave: (fn) => {
      cleanup = fn;
    },
    setTitle: (title) => {
      document.title = title ? `${title} · Penholder` : "Penholder";
    },
    focusHeading: () => {
      const heading = main.querySelector("h1");
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus({ preventScroll: true });
      }
    },
  };
  renderShell(path);
  if (!session.user) {
    ctx.setTitle("Sign in");
    renderSignIn(ctx, () => {
      clearError();
      route();
    });
    return;
  }
  document.querySelectorAll("dialog[open]").forEach((dialog) => dialog.close());
  if (!query.has("at")) window.scrollTo(0, 0);
  const shown = safeDecode(path) || "/";
  for (const [name, pattern, view] of VIEWS) {
    const match = pattern.exec(path || "/");
    if (!match) continue;
    const args = match.slice(1).map((part) => (part === undefined ? undefined : safeDecode(part)));
    document.body.dataset.view = name;
    // A slow view says so (unless it has drawn something already); a fast one never flashes.
    const previous = main.firstElementChild;
    const slow = setTimeout(() => {
      if (ctx.isCurrent() && main.firstElementChild === previous) {
        replace(main, h("p", { class: "loading", role: "status", text: "Loading…" }));
      }
    }, 300);
    main.setAttribute("aria-busy", "true");
    try {
      await view(ctx, ...args);
      if (ctx.isCurrent()) document.body.dataset.rendered = window.location.hash.split("?")[0] || "#/";
    } catch (error) {
      if (!ctx.isCurrent()) return;
      if (error.name === "AbortError") return;
      ctx.setTitle("Not loaded");
      replace(main, h("h1", { text: "This page could not be loaded" }),
        h("p", { role: "alert", class: "form-error", text: error.message }),
        h("p", {}, h("a", { href: "#/", text: "Back to the negotiations" })));
    } finally {
      clearTimeout(slow);
      if (ctx.isCurrent()) main.removeAttribute("aria-busy");
    }
    return;
  }
  ctx.setTitle("Page not found");
  replace(main, h("h1", { text: "Page not found" }),
    h("p", { text: `Nothing lives at “${shown}”.` }),
    h("p", {}, h("a", { href: "#/", text: "Back to the negotiations" })));
}

window.addEventListener("hashchange", async () => {
  if (/^#token=/.test(window.location.hash)) {
    await takeTokenFromAddress();
    route();
    return;
  }
  const hash = window.location.hash;
  if (hash === lastHash) return;
  lastHash = hash;
  clearError();
  clearStatus();
  route();
});

onUnauthorized(async (error) => {
  session.forget();
  await route();
  showError(error.message);
});

// Another tab signed in or out: this one follows.
onSessionMessage(async () => {
  await session.load();
  clearError();
  route();
});

// A tab coming back into view checks that its session still holds (revoked, expired, ended).
document.addEventListener("visibilitychange", async () => {
  if (document.visibilityState !== "visible" || !session.user) return;
  try {
    await session.load();
  } catch {
    return; // offline: the next request will say so
  }
  if (!session.user) {
    await route();
    showError("Your session has ended. Sign in again.");
  }
});

// The skip link must not touch the address: the hash holds the route.
document.querySelector(".skip-link").addEventListener("click", (event) => {
  event.preventDefault();
  document.getElementById("main").focus();
});

async function start() {
  await takeTokenFromAddress();
  if (!session.user) {
    try {
      await session.load();
    } catch (error) {
      showError(error);
    }
  }
  lastHash = window.location.hash;
  route();
}

start();
