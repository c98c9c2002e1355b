// Proposals on a paragraph: the list, their status, and the form that adds one.

import { api, seg } from "../api.js";
import { formatDate, h, replace } from "../dom.js";
import { announce, delegationChip, field, formError } from "../ui.js";
import { delegationPicker } from "./picker.js";

export const PROPOSAL_STATUSES = ["pending", "accepted", "partly-accepted", "rejected", "withdrawn"];
const ACTIONS = {
  replace: "Replace words",
  insert: "Insert words",
  delete: "Delete words",
  "new-paragraph": "New paragraph after this one",
  "delete-paragraph": "Delete the paragraph",
};

/** Every proposal of a negotiation (all pages). */
export async function loadProposals(slug, signal) {
  const items = [];
  for (let offset = 0; ; offset += 200) {
    const page = await api(`/negotiations/${seg(slug)}/proposals?limit=200&offset=${offset}`, { signal });
    items.push(...(page.items || []));
    if (!page.items?.length || items.length >= (page.total ?? items.length)) break;
  }
  return items;
}

/** The section listing and adding proposals on lineage `lineageId`. */
export function proposalsSection(ctx, { slug, lineageId, label, latestSeq }) {
  const list = h("div", { class: "proposal-list" }, h("p", { class: "muted", text: "Loading proposals…" }));
  const section = h("section", { class: "card proposals", "aria-labelledby": "proposals-title" },
    h("h2", { id: "proposals-title", text: `Proposals on ${label}` }),
    list,
    proposalForm({ slug, lineageId, latestSeq, onAdded: load }));

  async function load() {
    try {
      const all = await loadProposals(slug);
      if (!ctx.isCurrent()) return;
      const mine = all.filter((p) => p.lineage_id === lineageId || p.after_lineage_id === lineageId);
      replace(list, mine.length
        ? h("ul", { class: "plain" }, mine.map((p) => h("li", {}, proposalCard(slug, p))))
        : h("p", { class: "muted", text: "No proposals on this paragraph yet." }));
    } catch (error) {
      replace(list, h("p", { class: "form-error", text: error.status === 404 ? "Proposals are not available on this server yet." : `Proposals could not be loaded: ${error.message}` }));
    }
  }
  load();
  return section;
}

/** One proposal with a status selector. */
export function proposalCard(slug, proposal) {
  const status = h("select", { "aria-label": `Status of proposal ${proposal.id}` },
    PROPOSAL_STATUSES.map((s) => h("option", { value: s, text: s.replace("-", " "), selected: s === proposal.status })));
  const error = h("p", { class: "form-error", role: "alert", hidden: true });
  const card = h("article", { class: `proposal status-${proposal.status}`, dataset: { id: String(proposal.id) } },
    h("header", {},
      h("span", { class: "chips" }, (proposal.delegations || []).map((d) => delegationChip(d))),
      h("span", { class: "muted", text: ` ${ACTIONS[proposal.action] || proposal.action}${proposal.target_label ? ` · ${proposal.target_label}` : ""}${proposal.draft ? ` · on draft ${proposal.draft}` : ""}` })),
    proposal.find ? h("p", {}, h("span", { class: "muted", text: "Find: " }), h("del", { text: proposal.find })) : null,
    proposal.text ? h("p", {}, h("span", { class: "muted", text: proposal.action === "delete" ? "Text: " : "Proposed: " }), h("ins", { text: proposal.text })) : null,
    proposal.source || proposal.note
      ? h("p", { class: "muted", text: [proposal.source, proposal.note].filter(Boolean).join(" — ") }) : null,
    proposal.collides_with?.length
      ? h("p", { class: "collision", text: `Collides with proposal ${proposal.collides_with.join(", ")}` }) : null,
    proposal.created_at ? h("p", { class: "muted small", text: `Added ${formatDate(proposal.created_at)}` }) : null,
    h("div", { class: "inline-form" }, status),
    error);
  status.addEventListener("change", async () => {
    formError(error, "");
    try {
      const updated = await api(`/negotiations/${seg(slug)}/proposals/${seg(proposal.id)}`, { method: "PATCH", json: { status: status.value } });
      proposal.status = updated?.status || status.value;
      card.className = `proposal status-${proposal.status}`;
      announce(`Proposal ${proposal.id} is now ${proposal.status.replace("-", " ")}.`);
    } catch (failure) {
      status.value = proposal.status;
      formError(error, failure);
    }
  });
  return card;
}

function proposalForm({ slug, lineageId, latestSeq, onAdded }) {
  const picker = delegationPicker({ label: "Proposed by" });
  const action = h("select", { name: "action" }, Object.entries(ACTIONS).map(([value, text]) => h("option", { value, text })));
  const find = h("input", { name: "find" });
  const text = h("textarea", { name: "text", rows: 3 });
  const source = h("input", { name: "source", placeholder: "informal consultation, written comments, L.47…" });
  const note = h("input", { name: "note" });
  const error = h("p", { class: "form-error", role: "alert", hidden: true });
  const submit = h("button", { type: "submit", text: "Add proposal" });
  const findField = field("Words to change (exactly as in the draft)", find);
  const form = h("form", { class: "proposal-form", "aria-labelledby": "proposal-form-title" },
    h("h3", { id: "proposal-form-title", text: "Add a proposal" }),
    picker.element,
    field("Action", action),
    findField,
    field("Proposed text", text),
    field("Source", source),
    field("Note", note),
    error,
    h("div", { class: "actions" }, submit));
  const sync = () => {
    findField.hidden = !["replace", "delete", "insert"].includes(action.value);
  };
  action.addEventListener("change", sync);
  sync();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    formError(error, "");
    const delegations = picker.selected();
    if (!delegations.length) {
      formError(error, "Name at least one delegation.");
      picker.input.focus();
      return;
    }
    const body = {
      delegations: delegations.map((d) => d.code),
      draft: latestSeq,
      action: action.value,
      text: text.value,
      source: source.value.trim(),
      note: note.value.trim(),
    };
    if (action.value === "new-paragraph") {
      body.lineage_id = null;
      body.after_lineage_id = lineageId;
    } else body.lineage_id = lineageId;
    if (!findField.hidden && find.value) body.find = find.value;
    submit.disabled = true;
    try {
      await api(`/negotiations/${seg(slug)}/proposals`, { method: "POST", json: body });
      announce("Proposal added.");
      form.reset();
      picker.clear();
      sync();
      await onAdded();
    } catch (failure) {
      formError(error, failure);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
