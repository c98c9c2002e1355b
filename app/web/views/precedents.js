// A draft paragraph's precedents: the closest adopted paragraphs, each with its word diff.

import { api, seg } from "../api.js";
import { h, replace } from "../dom.js";
import { renderOps } from "../redline.js";
import { adoptedHeading } from "./library.js";

/** A section that loads the precedents of paragraph `paragraphId` of draft `seq`. */
export function precedentsSection(slug, seq, paragraphId) {
  const list = h("div", { class: "precedents-list" }, h("p", { class: "muted", text: "Looking in the library…" }));
  const section = h("section", { class: "precedents", "aria-labelledby": "precedents-title" },
    h("h2", { id: "precedents-title", text: "Precedents in adopted resolutions" }), list);
  api(`/negotiations/${seg(slug)}/drafts/${seg(String(seq))}/paragraphs/${seg(String(paragraphId))}/precedents`)
    .then((found) => {
      replace(list, found.items.length
        ? h("ol", { class: "library-hits" }, found.items.map((item) => h("li", { class: "card precedent" },
          adoptedHeading(item),
          h("p", { class: "muted", text: item.score === 1 ? "The same words." : `Likeness ${Math.round(item.score * 100)}%; the changes from it to this draft:` }),
          h("p", { class: "text", dir: "auto" }, renderOps(item.ops, "inline")))))
        : h("p", { class: "muted", text: "No adopted paragraph is close: new language." }));
    })
    .catch((error) => replace(list, h("p", { class: "form-error", text: error.message })));
  return section;
}
