// The list of negotiations, with search, and the form that creates one.

import { api, session } from "../api.js";
import { debounce, formatDate, h, replace } from "../dom.js";
import { field, formError } from "../ui.js";

/** The negotiation statuses, in the order a negotiation goes through them. */
export const STATUSES = ["informals", "tabled", "adopted", "withdrawn"];

/** Render the negotiations page. */
export async function renderNegotiations(ctx) {
  const search = h("input", { type: "search", name: "q", autocomplete: "off", placeholder: "Title, body or slug" });
  const results = h("div", { class: "results", "aria-live": "polite" });
  const heading = h("h1", { text: "Negotiations" });
  ctx.setTitle("Negotiations");
  replace(ctx.main,
    h("div", { class: "page-head" }, heading),
    h("div", { class: "layout-two" },
      h("section", { "aria-labelledby": "list-title", class: "grow" },
        h("h2", { id: "list-title", class: "visually-hidden", text: "All negotiations" }),
        h("form", { role: "search", class: "search", onSubmit: (e) => { e.preventDefault(); load(); } },
          field("Search negotiations", search)),
        results),
      session.can("editor") ? createForm(ctx) : null));

  let controller = null;
  async function load() {
    if (controller) controller.abort();
    controller = new AbortController();
    const q = search.value.trim();
    const query = new URLSearchParams({ limit: "100" });
    if (q) query.set("q", q);
    try {
      const page = await api(`/negotiations?${query}`, { signal: controller.signal });
      if (!ctx.isCurrent()) return;
      replace(results, listOf(page, q));
    } catch (error) {
      if (error.name !== "AbortError") replace(results, h("p", { class: "form-error", text: error.message }));
    }
  }
  search.addEventListener("input", debounce(load, 250));
  await load();
  ctx.focusHeading();
}

function listOf(page, q) {
  if (!page.items.length) {
    return h("p", { class: "empty", text: q ? `No negotiation matches “${q}”.` : "No negotiations yet. Create the first one." });
  }
  const table = h("table", { class: "data stack" },
    h("caption", { text: `${page.total} negotiation${page.total === 1 ? "" : "s"}${q ? ` matching “${q}”` : ""}` }),
    h("thead", {}, h("tr", {},
      ["Title", "Body", "Session", "Status", "Latest draft", "Last change"].map((t) => h("th", { scope: "col", text: t })))),
    h("tbody", {}, page.items.map((n) => h("tr", {},
      h("th", { scope: "row" }, h("a", { href: `#/n/${encodeURIComponent(n.slug)}`, text: n.title })),
      h("td", { "data-label": "Body", text: n.body }),
      h("td", { "data-label": "Session", text: n.session || "—" }),
      h("td", { "data-label": "Status" }, h("span", { class: `pill pill-${n.status}`, text: n.status })),
      h("td", { "data-label": "Latest draft", text: n.latest_draft ? `${n.latest_draft.label} (${n.draft_count} draft${n.draft_count === 1 ? "" : "s"})` : "No draft yet" }),
      h("td", { "data-label": "Last change" }, h("time", { datetime: n.updated_at, text: formatDate(n.updated_at) }))))));
  const more = page.total > page.items.length
    ? h("p", { class: "muted", text: `Showing the ${page.items.length} most recently changed; search to find the others.` })
    : null;
  return [h("div", { class: "table-wrap" }, table), more];
}

function createForm() {
  const title = h("input", { name: "title", required: true, maxlength: 500 });
  const body = h("input", { name: "body", required: true, maxlength: 40, placeholder: "HRC, GA, GA-C3…" });
  const sessionInput = h("input", { name: "session", maxlength: 40, placeholder: "58" });
  const agenda = h("input", { name: "agenda_item", maxlength: 200 });
  const penholders = h("input", { name: "penholders", placeholder: "Norway, Mexico" });
  const status = h("select", { name: "status" }, STATUSES.map((s) => h("option", { value: s, text: s })));
  const error = h("p", { class: "form-error", role: "alert", hidden: true });
  const submit = h("button", { type: "submit", text: "Create negotiation" });
  const form = h("form", { class: "card", "aria-labelledby": "create-title" },
    h("h2", { id: "create-title", text: "New negotiation" }),
    field("Title", title),
    field("Body", body, "The body's code, for example HRC or GA-C3."),
    field("Session", sessionInput),
    field("Agenda item", agenda),
    field("Penholders", penholders, "Delegations holding the pen, separated by commas."),
    field("Status", status),
    error,
    h("div", { class: "actions" }, submit));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    formError(error, "");
    submit.disabled = true;
    try {
      const created = await api("/negotiations", {
        method: "POST",
        json: {
          title: title.value.trim(),
          body: body.value.trim(),
          session: sessionInput.value.trim(),
          agenda_item: agenda.value.trim(),
          penholders: penholders.value.split(",").map((p) => p.trim()).filter(Boolean),
          status: status.value,
        },
      });
      window.location.hash = `#/n/${encodeURIComponent(created.slug)}`;
    } catch (failure) {
      formError(error, failure);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
