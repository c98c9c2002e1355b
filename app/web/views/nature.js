// Editorial or substantive: the comparison's "hide editorial changes" switch, and the badges
// that say a change is only editorial or that a hunk swapped a lead verb on the scale.

import { h } from "../dom.js";

/** Whether a change stays visible: editorial ones hide when the switch is on. */
export function showsNature(change, state) {
  return !(state.hideEditorial && change.nature === "editorial" && change.kind !== "unchanged");
}

/** The "Hide editorial changes" switch; `redraw` runs when it flips. */
export function natureSwitch(state, redraw) {
  const editorial = state.comparison.changes.filter((c) => c.nature === "editorial" && c.kind !== "unchanged").length;
  const box = h("input", { type: "checkbox", name: "hide-editorial", checked: Boolean(state.hideEditorial) });
  box.addEventListener("change", () => {
    state.hideEditorial = box.checked;
    redraw();
  });
  return h("label", { class: "check hide-editorial", title: "Only case, punctuation, spacing, quotation marks or footnote numbers changed" },
    box, ` Hide editorial changes (${editorial})`);
}

/** Badges for a change: "editorial", and each lead verb swapped ("encourages → urges, stronger"). */
export function natureBadges(change) {
  const badges = [];
  if (change.nature === "editorial" && change.kind !== "unchanged") {
    badges.push(h("span", { class: "badge nature-editorial", text: "editorial" }));
  }
  for (const hunk of change.hunks || []) {
    if (!hunk.shift) continue;
    const stronger = hunk.shift.direction === "stronger";
    badges.push(h("span", {
      class: `badge shift shift-${stronger ? "up" : "down"}`,
      title: "Lead verb swapped, on the scale of UN lead verbs",
      text: `${hunk.shift.from} → ${hunk.shift.to} (${hunk.shift.direction})`,
    }));
  }
  return badges;
}
