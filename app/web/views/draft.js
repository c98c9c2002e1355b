// One draft as a document: every paragraph opens its history.

import { api, seg } from "../api.js";
import { formatDate, h, plural, replace } from "../dom.js";
import { STAGES } from "../ui.js";
import { loadNegotiation, negotiationHeader, negotiationTabs } from "./negotiation.js";
import { cleanButton, compilationButton } from "./exports.js";

/** Render draft `seq` (or `latest`). */
export async function renderDraft(ctx, slug, seq) {
  const [negotiation, draft] = await Promise.all([
    loadNegotiation(slug),
    api(`/negotiations/${seg(slug)}/drafts/${seg(seq)}`),
  ]);
  if (!ctx.isCurrent()) return;
  ctx.setTitle(`${draft.label} · ${negotiation.title}`);
  const base = `#/n/${encodeURIComponent(slug)}`;
  replace(ctx.main,
    negotiationHeader(negotiation, draft.label),
    h("div", { class: "page-head" },
      h("h1", { text: draft.label }),
      h("p", { class: "meta" },
        [STAGES[draft.stage] || draft.stage, draft.symbol, draft.circulated_on ? formatDate(draft.circulated_on) : "", plural(draft.paragraph_count, "paragraph")]
          .filter(Boolean).join(" · "))),
    negotiationTabs(negotiation, "drafts"),
    h("div", { class: "toolbar no-print" }, cleanButton(slug, draft.seq), compilationButton(slug, draft.seq)),
    h("p", { class: "muted no-print", text: "Select a paragraph to see its life across every draft." }),
    h("article", { class: "document", lang: draft.language || null },
      h("ol", { class: "paragraphs plain" }, (draft.paragraphs || []).map((p) =>
        h("li", { class: `para kind-${p.kind} level-${p.level || 0}` },
          h("a", { class: "para-link", href: `${base}/history/${encodeURIComponent(p.lineage_id)}` },
            h("span", { class: "para-label", text: p.label }),
            h("span", { class: "para-text", dir: "auto" },
              p.number ? h("span", { class: "para-number", text: `${p.number} ` }) : null,
              p.lead && p.text.startsWith(p.lead)
                ? [h("em", { text: p.lead }), p.text.slice(p.lead.length)]
                : p.text)),
          (p.footnotes || []).length
            ? h("ol", { class: "footnotes plain" }, p.footnotes.map((f) =>
              h("li", {}, h("span", { class: "footnote-marker", text: f.marker }), " ", f.text)))
            : null)))));
  ctx.focusHeading();
}
