// Proposals on a paragraph: the list, their status, and the form that adds one.

import { api, seg, session } from "../api.js";
import { formatDate, h, replace } from "../dom.js";
import { announce, delegationChip, field, formError } from "../ui.js";
import { delegationPicker } from "./picker.js";
import { draftName } from "./negotiation.js";

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
export function proposalsSection(ctx, { slug, negotiation, lineageId, label, latestSeq }) {
  const list = h("div", { class: "proposal-list" }, h("p", { class: "muted", text: "Loading proposals…" }));
  const section = h("section", { class: "card proposals", "aria-labelledby": "proposals-title" },
    h("h2", { id: "proposals-title", text: `Proposals on ${label}` }),
    list,
    session.can("editor") ? proposalForm({ slug, lineageId, latestSeq, onAdded: load }) : null);

  async function load() {
    try {
      const all = await loadProposals(slug);
      if (!ctx.isCurrent()) return;
      const mine = all.filter((p) => p.lineage_id === lineageId || p.after_lineage_id === lineageId);
      replace(list, mine.length
        ? h("ul", { class: "plain" }, mine.map((p) => h("li", {}, proposalCard(slug, p, negotiation))))
        : h("p", { class: "muted", text: "No proposals on this paragraph yet." }));
    } catch (error) {
      replace(list, h("p", { class: "form-error", text: error.status === 404 ? "Proposals are not available on this server yet." : `Proposals could not be loaded: ${error.message}` }));
    }
  }
  load();
  return section;
}

/** What the proposal does to the words, as nodes: an insertion says where the words go. */
function proposalBody(proposal) {
  const quote = (text) => h("span", { class: "anchor", text: `“${text}”` });
  if (proposal.action === "insert") {
    return h("p", { class: "proposal-words" },
      h("span", { class: "muted", text: proposal.find ? "After " : "At the end, " }),
      proposal.find ? quote(proposal.find) : null,
      h("span", { class: "muted", text: proposal.find ? " insert " : "insert " }),
      h("ins", { text: proposal.text || "" }));
  }
  if (proposal.action === "replace") {
    return h("p", { class: "proposal-words" },
      h("span", { class: "muted", text: "Replace " }), h("del", { text: proposal.find || "" }),
      h("span", { class: "muted", text: " with " }), h("ins", { text: proposal.text || "" }));
  }
  if (proposal.action === "delete") {
    return h("p", { class: "proposal-words" }, h("span", { class: "muted", text: "Delete " }), h("del", { text: proposal.find || "" }));
  }
  if (proposal.action === "new-paragraph") {
    return h("p", { class: "proposal-words" }, h("span", { class: "muted", text: "New paragraph: " }), h("ins", { text: proposal.text || "" }));
  }
  return h("p", { class: "proposal-words muted", text: "Delete the whole paragraph." });
}

/** One proposal; editors change its status and edit its text and note in place. */
export function proposalCard(slug, proposal, negotiation) {
  const editor = session.can("editor");
  const error = h("p", { class: "form-error", role: "alert", hidden: true });
  const url = `/negotiations/${seg(slug)}/proposals/${seg(proposal.id)}`;
  const made = proposal.draft ? ` · on ${negotiation ? draftName(negotiation, proposal.draft) : `draft ${proposal.draft}`}` : "";
  const words = h("div", {}, proposalBody(proposal));
  const notes = h("p", { class: "muted" });
  const showNotes = () => {
    notes.textContent = [proposal.source, proposal.note].filter(Boolean).join(" — ");
    notes.hidden = !notes.textContent;
  };
  showNotes();
  const card = h("article", { class: `proposal status-${proposal.status}`, dataset: { id: String(proposal.id) } },
    h("header", {},
      h("span", { class: "chips" }, (proposal.delegations || []).map((d) => delegationChip(d))),
      h("span", { class: "muted", text: ` ${ACTIONS[proposal.action] || proposal.action}${proposal.target_label ? ` · ${proposal.target_label}` : ""}${made}` })),
    words,
    notes,
    proposal.collides_with?.length
      ? h("p", { class: "collision", text: `Collides with proposal ${proposal.collides_with.join(", ")}` }) : null,
    proposal.created_at ? h("p", { class: "muted small", text: `Added ${formatDate(proposal.created_at)}` }) : null,
    editor ? editControls() : h("p", { class: "small" }, h("span", { class: "muted", text: "Status: " }), proposal.status.replace("-", " ")),
    error);

  function editControls() {
    const status = h("select", { "aria-label": `Status of proposal ${proposal.id}` },
      PROPOSAL_STATUSES.map((s) => h("option", { value: s, text: s.replace("-", " "), selected: s === proposal.status })));
    status.addEventListener("change", async () => {
      formError(error, "");
      try {
        const updated = await api(url, { method: "PATCH", json: { status: status.value } });
        proposal.status = updated?.status || status.value;
        card.className = `proposal status-${proposal.status}`;
        announce(`Proposal ${proposal.id} is now ${proposal.status.replace("-", " ")}.`);
      } catch (failure) {
        status.value = proposal.status;
        formError(error, failure);
      }
    });
    const text = h("textarea", { name: "text", rows: 3, value: proposal.text || "" });
    const note = h("input", { name: "note", value: proposal.note || "" });
    const editForm = h("form", { class: "proposal-edit", hidden: true, "aria-label": `Edit proposal ${proposal.id}` },
      proposal.action === "delete" || proposal.action === "delete-paragraph" ? null : field("Proposed text", text),
      field("Note", note),
      h("div", { class: "actions" }, h("button", { type: "submit", text: "Save" }),
        h("button", { type: "button", class: "secondary", text: "Cancel", onClick: () => toggle(false) })));
    const edit = h("button", { type: "button", class: "secondary", text: "Edit", "aria-expanded": "false", onClick: () => toggle(editForm.hidden) });
    function toggle(open) {
      editForm.hidden = !open;
      edit.setAttribute("aria-expanded", String(open));
      if (open) (editForm.querySelector("textarea") || note).focus();
    }
    editForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      formError(error, "");
      const changes = { note: note.value.trim() };
      if (editForm.contains(text)) changes.text = text.value;
      try {
        const updated = await api(url, { method: "PATCH", json: changes });
        Object.assign(proposal, { text: updated.text, note: updated.note });
        replace(words, proposalBody(proposal));
        showNotes();
        toggle(false);
        announce(`Proposal ${proposal.id} saved.`);
      } catch (failure) {
        formError(error, failure);
      }
    });
    return [h("div", { class: "inline-form" }, status, edit), editForm];
  }
  return card;
}

const FIND_LABELS = {
  replace: "Words to replace (exactly as in the draft)",
  delete: "Words to delete (exactly as in the draft)",
  insert: "Insert after these words (empty: at the end of the paragraph)",
};

/** Where an unsent proposal is kept, so that it survives a new sign-in or a reload. */
const unsentKey = (slug, lineageId) => `penholder.unsent-proposal.${slug}.${lineageId}`;

function proposalForm({ slug, lineageId, latestSeq, onAdded }) {
  const picker = delegationPicker({ label: "Proposed by", onChange: () => keep() });
  const action = h("select", { name: "action" }, Object.entries(ACTIONS).map(([value, text]) => h("option", { value, text })));
  const find = h("input", { name: "find" });
  const text = h("textarea", { name: "text", rows: 3 });
  const source = h("input", { name: "source", placeholder: "informal consultation, written comments, L.47…" });
  const note = h("input", { name: "note" });
  const error = h("p", { class: "form-error", role: "alert", hidden: true });
  const restored = h("p", { class: "note", role: "status", hidden: true, text: "Your unsent proposal was restored." });
  const submit = h("button", { type: "submit", text: "Add proposal" });
  const findField = field(FIND_LABELS.replace, find);
  const form = h("form", { class: "proposal-form", "aria-labelledby": "proposal-form-title" },
    h("h3", { id: "proposal-form-title", text: "Add a proposal" }),
    restored,
    picker.element,
    field("Action", action),
    findField,
    field("Proposed text", text),
    field("Source", source),
    field("Note", note),
    error,
    h("div", { class: "actions" }, submit));
  const sync = () => {
    findField.hidden = !FIND_LABELS[action.value];
    if (FIND_LABELS[action.value]) findField.querySelector("label").textContent = FIND_LABELS[action.value];
  };
  const key = unsentKey(slug, lineageId);
  /** Keep what is typed (never the token) until it is sent. */
  function keep() {
    const fields = { action: action.value, find: find.value, text: text.value, source: source.value, note: note.value, delegations: picker.selected() };
    if (fields.find || fields.text || fields.note || fields.delegations.length) localStorage.setItem(key, JSON.stringify(fields));
    else localStorage.removeItem(key);
  }
  try {
    const kept = JSON.parse(localStorage.getItem(key) || "null");
    if (kept) {
      action.value = kept.action || "replace";
      find.value = kept.find || "";
      text.value = kept.text || "";
      source.value = kept.source || "";
      note.value = kept.note || "";
      picker.restore(kept.delegations || []);
      restored.hidden = false;
    }
  } catch {
    localStorage.removeItem(key);
  }
  form.addEventListener("input", keep);
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
    if (["delete", "delete-paragraph"].includes(action.value)) delete body.text;
    submit.disabled = true;
    try {
      await api(`/negotiations/${seg(slug)}/proposals`, { method: "POST", json: body });
      announce("Proposal added.");
      form.reset();
      picker.clear();
      localStorage.removeItem(key);
      restored.hidden = true;
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
