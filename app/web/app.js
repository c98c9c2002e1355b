// Penholder's web app: sign-in, hash routing and the page shell.

import { onUnauthorized, session } from "./api.js";
import { h, replace } from "./dom.js";
import { clearError, showError } from "./ui.js";
import { renderSignIn } from "./views/signin.js";
import { renderNegotiations } from "./views/negotiations.js";
import { renderNegotiation } from "./views/negotiation.js";
import { renderDraft } from "./views/draft.js";
import { renderCompare } from "./views/compare.js";
import { renderHistory } from "./views/history.js";
import { renderMap } from "./views/map.js";

performance.mark("app-start");

const ROUTES = [
  [/^\/?$/, renderNegotiations],
  [/^\/n\/([^/]+)\/?$/, (ctx, slug) => renderNegotiation(ctx, slug)],
  [/^\/n\/([^/]+)\/draft\/([^/]+)\/?$/, (ctx, slug, seq) => renderDraft(ctx, slug, seq)],
  [/^\/n\/([^/]+)\/compare\/([^/]+)\/([^/]+)(?:\/(inline|side))?\/?$/,
    (ctx, slug, from, to, mode) => renderCompare(ctx, slug, from, to, mode || "inline")],
  [/^\/n\/([^/]+)\/history\/([^/]+)\/?$/, (ctx, slug, ref) => renderHistory(ctx, slug, ref)],
  [/^\/n\/([^/]+)\/map\/?$/, (ctx, slug) => renderMap(ctx, slug)],
];

let navigation = 0;
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
  replace(nav, h("a", { href: "#/", text: "Negotiations" }));
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
  const path = decodeURIComponent(window.location.hash.replace(/^#/, "")) || "/";
  const parts = window.location.hash.replace(/^#/, "").split("?")[0];
  for (const [pattern, view] of ROUTES) {
    const match = pattern.exec(parts || "/");
    if (!match) continue;
    const args = match.slice(1).map((part) => (part === undefined ? undefined : decodeURIComponent(part)));
    try {
      await view(ctx, ...args);
    } catch (error) {
      if (!ctx.isCurrent()) return;
      if (error.name === "AbortError") return;
      showError(error);
      if (!main.querySelector("h1")) {
        replace(main, h("h1", { text: "This page could not be loaded" }),
          h("p", {}, h("a", { href: "#/", text: "Back to the negotiations" })));
      }
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
  route();
});

onUnauthorized(() => {
  session.signOut();
  route().then(() => showError("Your token was not accepted. Please sign in again."));
});

takeTokenFromAddress();
lastPath = window.location.hash;
route();
