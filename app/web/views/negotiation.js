// A negotiation's page: its drafts as a timeline, the upload form, comparisons and exports.

import { api, seg } from "../api.js";
import { formatDate, h, plural, replace } from "../dom.js";
import { announce, field, formError, STAGES, summaryText } from "../ui.js";
import { cleanButton, compilationButton } from "./exports.js";

/** Load a negotiation with its drafts. */
export function loadNegotiation(slug, signal) {
  return api(`/negotiations/${seg(slug)}`, { signal });
}

/** The crumb trail and title block shared by a negotiation's pages. */
export function negotiationHeader(negotiation, current) {
  const href = `#/n/${encodeURIComponent(negotiation.slug)}`;
  return h("nav", { "aria-label": "Breadcrumb", class: "crumbs" },
    h("ol", {},
      h("li", {}, h("a", { href: "#/", text: "Negotiations" })),
      h("li", {}, current ? h("a", { href, text: negotiation.title }) : h("span", { "aria-current": "page", text: negotiation.title })),
      current ? h("li", {}, h("span", { "aria-current": "page", text: current })) : null));
}

/** Links to the negotiation's other views. */
export function negotiationTabs(negotiation, active) {
  const base = `#/n/${encodeURIComponent(negotiation.slug)}`;
  const drafts = negotiation.drafts || [];
  const first = drafts[0];
  const last = drafts[drafts.length - 1];
  const tabs = [["drafts", "Drafts", base]];
  if (drafts.length > 1) tabs.push(["compare", "Compare", `${base}/compare/${first.seq}/${last.seq}`]);
  if (drafts.length) tabs.push(["map", "Map", `${base}/map`]);
  if (drafts.length) tabs.push(["proposals", "Proposals", `${base}/proposals`]);
  return h("nav", { class: "tabs", "aria-label": "Negotiation views" },
    tabs.map(([key, text, href]) => h("a", { href, text, "aria-current": key === active ? "page" : null })));
}

/** Render the negotiation page. */
export async function renderNegotiation(ctx, slug) {
  const negotiation = await loadNegotiation(slug);
  if (!ctx.isCurrent()) return;
  const drafts = negotiation.drafts || [];
  const facts = [
    ["Body", negotiation.body],
    ["Session", negotiation.session],
    ["Agenda item", negotiation.agenda_item],
    ["Penholders", (negotiation.penholders || []).join(", ")],
    ["Status", negotiation.status],
  ].filter(([, value]) => value);
  replace(ctx.main,
    negotiationHeader(negotiation),
    h("div", { class: "page-head" },
      h("h1", { text: negotiation.title }),
      h("dl", { class: "facts" }, facts.map(([k, v]) => [h("dt", { text: k }), h("dd", { text: v })]))),
    negotiationTabs(negotiation, "drafts"),
    h("div", { class: "layout-two" },
      h("section", { class: "grow", "aria-labelledby": "timeline-title" },
        h("h2", { id: "timeline-title", text: `Drafts (${drafts.length})` }),
        drafts.length > 1 ? comparePicker(negotiation) : null,
        timeline(negotiation)),
      uploadForm(ctx, negotiation)));
  ctx.focusHeading();
}

/** A from/to picker that opens the comparison. */
export function comparePicker(negotiation, from, to, mode = "inline") {
  const drafts = negotiation.drafts || [];
  const options = (selected) => drafts.map((d) => h("option", { value: String(d.seq), text: `${d.seq}. ${d.label}`, selected: String(d.seq) === String(selected) }));
  const fromSelect = h("select", { name: "from" }, options(from ?? drafts[0]?.seq));
  const toSelect = h("select", { name: "to" }, options(to ?? drafts[drafts.length - 1]?.seq));
  const form = h("form", { class: "inline-form compare-picker", "aria-label": "Choose two drafts to compare" },
    field("From", fromSelect),
    field("To", toSelect),
    h("button", { type: "submit", text: "Compare" }));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const [a, b] = [Number(fromSelect.value), Number(toSelect.value)].sort((x, y) => x - y);
    window.location.hash = `#/n/${encodeURIComponent(negotiation.slug)}/compare/${a}/${b}/${mode}`;
  });
  return form;
}

function timeline(negotiation) {
  const drafts = negotiation.drafts || [];
  if (!drafts.length) return h("p", { class: "empty", text: "No drafts yet. Upload the zero draft to start." });
  const bySeq = new Map(drafts.map((d) => [d.seq, d]));
  const base = `#/n/${encodeURIComponent(negotiation.slug)}`;
  return h("ol", { class: "timeline drafts" }, [...drafts].reverse().map((draft) => {
    const basis = draft.based_on ? bySeq.get(draft.based_on) : null;
    return h("li", { class: `timeline-item stage-${draft.stage}`, dataset: { seq: String(draft.seq) } },
      h("div", { class: "timeline-marker", "aria-hidden": "true" }),
      h("article", { class: "card draft-card" },
        h("header", {},
          h("h3", {}, h("a", { href: `${base}/draft/${draft.seq}`, text: draft.label })),
          h("span", { class: `badge stage-badge stage-${draft.stage}`, text: STAGES[draft.stage] || draft.stage }),
          draft.symbol ? h("span", { class: "symbol", text: draft.symbol }) : null),
        h("p", { class: "meta" },
          draft.circulated_on ? h("time", { datetime: draft.circulated_on, text: formatDate(draft.circulated_on) }) : "No date",
          " · ", plural(draft.paragraph_count, "paragraph"),
          " · ", draft.file_name),
        basis
          ? h("p", { class: "summary-line" },
            h("span", { class: "muted", text: `Against ${basis.label}: ` }),
            summaryText(draft.summary))
          : h("p", { class: "summary-line muted", text: "First draft" }),
        h("div", { class: "actions" },
          basis ? h("a", { class: "button", href: `${base}/compare/${basis.seq}/${draft.seq}`, text: `Compare with ${basis.label}` }) : null,
          h("a", { class: "button secondary", href: `${base}/draft/${draft.seq}`, text: "Read" }),
          cleanButton(negotiation.slug, draft.seq),
          compilationButton(negotiation.slug, draft.seq))));
  }));
}

function uploadForm(ctx, negotiation) {
  const drafts = negotiation.drafts || [];
  const file = h("input", { type: "file", name: "file", accept: ".docx,.pdf,.txt,.md", required: true, class: "file-input" });
  const chosen = h("span", { class: "drop-chosen", "aria-live": "polite", text: "No file chosen" });
  const drop = h("div", { class: "drop-zone" },
    h("label", { class: "drop-label" },
      h("span", { class: "drop-text", text: "Choose a .docx, .pdf, .txt or .md file, or drop it here" }),
      file),
    chosen);
  const label = h("input", { name: "label", required: true, maxlength: 120, placeholder: drafts.length ? `Rev.${drafts.length}` : "Zero draft" });
  const symbol = h("input", { name: "symbol", maxlength: 80, placeholder: "A/HRC/58/L.22" });
  const stage = h("select", { name: "stage" }, Object.entries(STAGES).map(([value, text]) =>
    h("option", { value, text, selected: value === (drafts.length ? "revision" : "zero") })));
  const circulated = h("input", { type: "date", name: "circulated_on" });
  const basedOn = h("select", { name: "based_on" },
    h("option", { value: "", text: drafts.length ? "The previous draft" : "Nothing (first draft)" }),
    drafts.map((d) => h("option", { value: String(d.seq), text: `${d.seq}. ${d.label}` })));
  const error = h("p", { class: "form-error", role: "alert", hidden: true });
  const submit = h("button", { type: "submit", text: "Upload draft" });

  const showChosen = () => {
    const picked = file.files[0];
    chosen.textContent = picked ? `Chosen: ${picked.name} (${Math.ceil(picked.size / 1024)} KB)` : "No file chosen";
  };
  file.addEventListener("change", showChosen);
  drop.addEventListener("dragover", (event) => {
    event.preventDefault();
    drop.classList.add("dragging");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("dragging"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("dragging");
    if (event.dataTransfer?.files?.length) {
      file.files = event.dataTransfer.files;
      showChosen();
    }
  });

  const form = h("form", { class: "card upload", "aria-labelledby": "upload-title" },
    h("h2", { id: "upload-title", text: "Upload a draft" }),
    drop,
    field("Label", label, "What negotiators call it: Zero draft, Rev.1, L.22…"),
    field("Stage", stage),
    field("UN symbol (optional)", symbol),
    field("Circulated on (optional)", circulated),
    field("Compare against", basedOn),
    error,
    h("div", { class: "actions" }, submit));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    formError(error, "");
    if (!file.files.length) {
      formError(error, "Choose the draft's file first.");
      file.focus();
      return;
    }
    if (!label.value.trim()) {
      formError(error, "Give the draft a label, such as Rev.1.");
      label.focus();
      return;
    }
    const data = new FormData();
    data.append("file", file.files[0]);
    data.append("label", label.value.trim());
    data.append("stage", stage.value);
    if (symbol.value.trim()) data.append("symbol", symbol.value.trim());
    if (circulated.value) data.append("circulated_on", circulated.value);
    if (basedOn.value) data.append("based_on", basedOn.value);
    submit.disabled = true;
    submit.textContent = "Uploading…";
    try {
      const draft = await api(`/negotiations/${seg(negotiation.slug)}/drafts`, { method: "POST", form: data });
      announce(`Uploaded ${draft.label}: ${plural(draft.paragraph_count, "paragraph")}.`);
      if (ctx.isCurrent()) await renderNegotiation(ctx, negotiation.slug);
    } catch (failure) {
      formError(error, failure);
      submit.disabled = false;
      submit.textContent = "Upload draft";
    }
  });
  return form;
}
