// Penholder's web app: sign-in, hash routing and the page shell.

import { onUnauthorized, session } from "./api.js";
import { h, replace } from "./dom.js";
import { clearError, clearStatus, showError } from "./ui.js";
import { renderSignIn } from "./views/signin.js";
import { renderNegotiations } from "./views/negotiations.js";
import { renderNegotiation } from "./views/negotiation.js";
import { renderDraft } from "./views/draft.js";
import { renderCompare } from "./views/compare.js";
import { renderHistory } from "./views/history.js";
import { renderMap } from "./views/map.js";
import { renderProposalList } from "./views/proposal-list.js";
import { renderLibrary } from "./views/library.js";

performance.mark("app-start");

const ROUTES = [
  [/^\/?$/, renderNegotiations],
  [/^\/n\/([^/]+)\/?$/, (ctx, slug) => renderNegotiation(ctx, slug)],
  [/^\/n\/([^/]+)\/draft\/([^/]+)\/?$/, (ctx, slug, seq) => renderDraft(ctx, slug, seq)],
  [/^\/n\/([^/]+)\/compare\/([^/]+)\/([^/]+)(?:\/(inline|side))?\/?$/,
    (ctx, slug, from, to, mode) => renderCompare(ctx, slug, from, to, mode || "inline")],
  [/^\/n\/([^/]+)\/history\/([^/]+)\/?$/, (ctx, slug, ref) => renderHistory(ctx, slug, ref)],
  [/^\/n\/([^/]+)\/map\/?$/, (ctx, slug) => renderMap(ctx, slug)],
  [/^\/n\/([^/]+)\/proposals\/?$/, (ctx, slug) => renderProposalList(ctx, slug)],
  [/^\/library(?:\/(phrase|words|similar)\/(.+))?\/?$/, (ctx, mode, q) => renderLibrary(ctx, mode, q)],
];

let navigation = 0;

function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
let cleanup = null;

/** Read `#token=…` from the address, store it, and remove it from the URL. */
function takeTokenFromAddress() {
  const match = /^#token=([^&]+)/.exec(window.location.hash);
  if (!match) return;
  session.signIn(decodeURIComponent(match[1]));
  window.history.replaceState(null, "", `${window.location.pathname}${window.location.search}#/`);
}

function renderShell() {
  const nav = document.getElementById("site-nav");
  const box = document.getElementById("session");
  if (!session.token) {
    nav.replaceChildren();
    box.replaceChildren();
    return;
  }
  replace(nav, h("a", { href: "#/", text: "Negotiations" }), h("a", { href: "#/library", text: "Library" }));
  replace(box, h("button", { type: "button", class: "secondary", text: "Sign out", onClick: signOut }));
}

function signOut() {
  session.signOut();
  clearError();
  window.location.hash = "#/";
  route();
}

/** Render the view the address names. */
export async function route() {
  takeTokenFromAddress();
  renderShell();
  navigation += 1;
  const id = navigation;
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  const main = document.getElementById("main");
  const ctx = {
    main,
    isCurrent: () => id === navigation,
    onLeave: (fn) => {
      cleanup = fn;
    },
    focusHeading: () => {
      const heading = main.querySelector("h1");
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus({ preventScroll: true });
      }
    },
  };
  if (!session.token) {
    renderSignIn(ctx, () => route());
    return;
  }
  document.querySelectorAll("dialog[open]").forEach((dialog) => dialog.close());
  window.scrollTo(0, 0);
  const parts = window.location.hash.replace(/^#/, "").split("?")[0];
  const path = safeDecode(parts) || "/";
  for (const [pattern, view] of ROUTES) {
    const match = pattern.exec(parts || "/");
    if (!match) continue;
    const args = match.slice(1).map((part) => (part === undefined ? undefined : safeDecode(part)));
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
      if (ctx.isCurrent()) document.body.dataset.rendered = window.location.hash || "#/";
    } catch (error) {
      if (!ctx.isCurrent()) return;
      if (error.name === "AbortError") return;
      replace(main, h("h1", { text: "This page could not be loaded" }),
        h("p", { role: "alert", class: "form-error", text: error.message }),
        h("p", {}, h("a", { href: "#/", text: "Back to the negotiations" })));
    } finally {
      clearTimeout(slow);
      if (ctx.isCurrent()) main.removeAttribute("aria-busy");
    }
    return;
  }
  replace(main, h("h1", { text: "Page not found" }),
    h("p", { text: `Nothing lives at “${path}”.` }),
    h("p", {}, h("a", { href: "#/", text: "Back to the negotiations" })));
}

let lastPath = null;
window.addEventListener("hashchange", () => {
  if (/^#token=/.test(window.location.hash)) {
    route();
    return;
  }
  const path = window.location.hash;
  if (path === lastPath) return;
  lastPath = path;
  clearError();
  clearStatus();
  route();
});

onUnauthorized(() => {
  session.signOut();
  route().then(() => showError("Your token was not accepted. Please sign in again."));
});

// The skip link must not touch the address: the hash holds the route.
document.querySelector(".skip-link").addEventListener("click", (event) => {
  event.preventDefault();
  document.getElementById("main").focus();
});

takeTokenFromAddress();
lastPath = window.location.hash;
route();
