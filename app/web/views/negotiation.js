// A negotiation's page: its drafts as a timeline, the upload form, comparisons and exports.

import { api, seg, session } from "../api.js";
import { formatDate, h, plural, replace } from "../dom.js";
import { actionButton, announce, field, formError, showError, STAGES, summaryText } from "../ui.js";
import { cleanButton, compilationButton } from "./exports.js";
import { STATUSES } from "./negotiations.js";

/** Load a negotiation with its drafts; `drafts` holds the current ones, `withdrawn` the rest. */
export async function loadNegotiation(slug, signal) {
  const negotiation = await api(`/negotiations/${seg(slug)}`, { signal });
  const all = negotiation.drafts || [];
  negotiation.withdrawn = all.filter((d) => d.withdrawn_at);
  negotiation.drafts = all.filter((d) => !d.withdrawn_at);
  negotiation.allDrafts = all;
  return negotiation;
}

/** The label of draft `seq` ("Rev.3"), from every draft of the negotiation. */
export function draftName(negotiation, seq) {
  const found = (negotiation.allDrafts || negotiation.drafts || []).find((d) => String(d.seq) === String(seq));
  return found ? found.label : `draft ${seq}`;
}

/** The default comparison: the draft before the latest → the latest. */
export function defaultPair(negotiation) {
  const drafts = negotiation.drafts || [];
  if (drafts.length < 2) return null;
  const last = drafts[drafts.length - 1];
  const base = drafts.find((d) => d.seq === last.based_on) || drafts[drafts.length - 2];
  return [base.seq, last.seq];
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
  const pair = defaultPair(negotiation);
  const tabs = [["drafts", "Drafts", base]];
  if (pair) tabs.push(["compare", "Compare", `${base}/compare/${pair[0]}/${pair[1]}`]);
  if (drafts.length) tabs.push(["map", "Map", `${base}/map`]);
  if (drafts.length) tabs.push(["proposals", "Proposals", `${base}/proposals`]);
  if (drafts.length) tabs.push(["search", "Search", `${base}/search`]);
  return h("nav", { class: "tabs", "aria-label": "Negotiation views" },
    tabs.map(([key, text, href]) => h("a", { href, text, "aria-current": key === active ? "page" : null })));
}

/** Render the negotiation page. */
export async function renderNegotiation(ctx, slug) {
  const negotiation = await loadNegotiation(slug);
  if (!ctx.isCurrent()) return;
  ctx.setTitle(negotiation.title);
  const drafts = negotiation.drafts || [];
  const editor = session.can("editor");
  const reload = () => renderNegotiation(ctx, slug);
  const facts = [
    ["Body", negotiation.body],
    ["Session", negotiation.session],
    ["Agenda item", negotiation.agenda_item],
    ["Penholders", (negotiation.penholders || []).join(", ")],
    editor ? null : ["Status", negotiation.status],
  ].filter((fact) => fact && fact[1]);
  replace(ctx.main,
    negotiationHeader(negotiation),
    h("div", { class: "page-head" },
      h("h1", { text: negotiation.title }),
      h("dl", { class: "facts" }, facts.map(([k, v]) => [h("dt", { text: k }), h("dd", { text: v })])),
      editor ? statusControl(negotiation) : null),
    negotiationTabs(negotiation, "drafts"),
    h("div", { class: "layout-two" },
      h("section", { class: "grow", "aria-labelledby": "timeline-title" },
        h("h2", { id: "timeline-title", text: `Drafts (${drafts.length})` }),
        drafts.length > 1 ? comparePicker(negotiation) : null,
        timeline(negotiation, editor, reload),
        withdrawnDrafts(negotiation, editor, reload)),
      editor ? uploadForm(ctx, negotiation) : null));
  ctx.focusHeading();
}

/** The negotiation's status, changed in place (editors). */
function statusControl(negotiation) {
  const select = h("select", { id: "negotiation-status" },
    STATUSES.map((s) => h("option", { value: s, text: s, selected: s === negotiation.status })));
  select.addEventListener("change", async () => {
    try {
      const updated = await api(`/negotiations/${seg(negotiation.slug)}`, { method: "PATCH", json: { status: select.value } });
      negotiation.status = updated.status;
      announce(`The negotiation is now ${updated.status}.`);
    } catch (failure) {
      select.value = negotiation.status;
      showError(failure);
    }
  });
  return h("div", { class: "field inline-field" }, h("label", { for: "negotiation-status", text: "Status" }), select);
}

/** Rename or withdraw a draft (editors). */
function draftCorrections(negotiation, draft, reload) {
  const url = `/negotiations/${seg(negotiation.slug)}/drafts/${seg(draft.seq)}`;
  const input = h("input", { name: "label", value: draft.label, maxlength: 120, required: true });
  const error = h("p", { class: "form-error", role: "alert", hidden: true });
  const form = h("form", { class: "inline-form rename", hidden: true, "aria-label": `Rename ${draft.label}` },
    field("New label", input), h("button", { type: "submit", text: "Save" }), error);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await api(url, { method: "PATCH", json: { label: input.value.trim() } });
      announce(`Renamed ${draft.label} to ${input.value.trim()}.`);
      await reload();
    } catch (failure) {
      formError(error, failure);
    }
  });
  const rename = h("button", { type: "button", class: "secondary", text: "Rename", "aria-expanded": "false",
    onClick: () => {
      form.hidden = !form.hidden;
      rename.setAttribute("aria-expanded", String(!form.hidden));
      if (!form.hidden) input.focus();
    } });
  const withdraw = actionButton("Withdraw", async () => {
    if (!window.confirm(`Withdraw ${draft.label}? It leaves the timeline and comparisons; its file is kept and you can restore it.`)) return;
    await api(url, { method: "PATCH", json: { withdrawn: true } });
    announce(`${draft.label} was withdrawn. Restore it from “Withdrawn drafts”.`);
    await reload();
  }, { class: "secondary danger" });
  return [rename, withdraw, form];
}

function withdrawnDrafts(negotiation, editor, reload) {
  const gone = negotiation.withdrawn || [];
  if (!gone.length) return null;
  return h("details", { class: "withdrawn" },
    h("summary", { text: `Withdrawn drafts (${gone.length})` }),
    h("ul", { class: "plain" }, gone.map((draft) => h("li", { dataset: { seq: String(draft.seq) } },
      h("span", { text: `${draft.label} · ${draft.file_name} · withdrawn ${formatDate(draft.withdrawn_at)}` }), " ",
      editor ? actionButton("Restore", async () => {
        await api(`/negotiations/${seg(negotiation.slug)}/drafts/${seg(draft.seq)}`, { method: "PATCH", json: { withdrawn: false } });
        announce(`${draft.label} is back in the timeline.`);
        await reload();
      }, { class: "secondary" }) : null))));
}

/** A from/to picker that opens the comparison. */
export function comparePicker(negotiation, from, to, mode = "inline") {
  const drafts = negotiation.drafts || [];
  const options = (selected) => drafts.map((d) => h("option", { value: String(d.seq), text: `${d.seq}. ${d.label}`, selected: String(d.seq) === String(selected) }));
  const pair = defaultPair(negotiation) || [drafts[0]?.seq, drafts[drafts.length - 1]?.seq];
  const fromSelect = h("select", { name: "from" }, options(from ?? pair[0]));
  const toSelect = h("select", { name: "to" }, options(to ?? pair[1]));
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

function timeline(negotiation, editor, reload) {
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
          compilationButton(negotiation.slug, draft.seq),
          editor ? draftCorrections(negotiation, draft, reload) : null)));
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
  const question = h("div", { class: "question", role: "alert", hidden: true });
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
    question,
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
    await send({});
  });

  /** Upload with the user's answers to earlier questions (`allow_duplicate`, tracked changes). */
  async function send(answers) {
    const data = new FormData();
    data.append("file", file.files[0]);
    data.append("label", label.value.trim());
    data.append("stage", stage.value);
    if (symbol.value.trim()) data.append("symbol", symbol.value.trim());
    if (circulated.value) data.append("circulated_on", circulated.value);
    if (basedOn.value) data.append("based_on", basedOn.value);
    for (const [key, value] of Object.entries(answers)) data.append(key, value);
    replace(question);
    question.hidden = true;
    submit.disabled = true;
    submit.textContent = "Uploading…";
    try {
      const draft = await api(`/negotiations/${seg(negotiation.slug)}/drafts`, { method: "POST", form: data });
      announce(`Uploaded ${draft.label}: ${plural(draft.paragraph_count, "paragraph")}.`);
      if (ctx.isCurrent()) await renderNegotiation(ctx, negotiation.slug);
    } catch (failure) {
      submit.disabled = false;
      submit.textContent = "Upload draft";
      const reason = failure.status === 409 ? failure.problem?.reason : "";
      if (reason === "duplicate") ask(failure.message, [["Upload it anyway", () => send({ ...answers, allow_duplicate: "true" })]]);
      else if (reason === "tracked-changes") {
        ask(`${file.files[0].name} holds tracked changes (${plural(failure.problem.revisions || 0, "change")}). How should it be read?`, [
          ["As a draft, with the changes accepted", () => send({ ...answers, accept_tracked_changes: "true" })],
          ["As proposals on the latest draft", () => importAsProposals()],
        ]);
      } else formError(error, failure);
    }
  }

  /** Show a question with one button per answer, in the form. */
  function ask(message, answers) {
    replace(question, h("p", { text: message }),
      h("div", { class: "actions" }, answers.map(([text, run]) => h("button", { type: "button", class: "secondary", text, onClick: run }))));
    question.hidden = false;
    question.querySelector("button").focus();
  }

  async function importAsProposals() {
    const data = new FormData();
    data.append("file", file.files[0]);
    try {
      const imported = await api(`/negotiations/${seg(negotiation.slug)}/proposals/import`, { method: "POST", form: data });
      announce(`Imported ${plural(imported.created, "new proposal")}${imported.skipped?.length ? `; ${imported.skipped.length} could not be placed` : ""}.`);
      window.location.hash = `#/n/${encodeURIComponent(negotiation.slug)}/proposals`;
    } catch (failure) {
      formError(error, failure);
    }
  }
  return form;
}
