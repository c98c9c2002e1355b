// A type-ahead over the delegation registry (names, codes and aliases), as an ARIA combobox.

import { api, session } from "../api.js";
import { debounce, h, replace, uid } from "../dom.js";
import { announce, delegationChip, formError } from "../ui.js";

/**
 * A delegation picker. Returns `{ element, input, selected, clear }`; `selected()` gives the
 * chosen delegations ({code, name}). With `single`, choosing replaces the choice.
 */
export function delegationPicker({ label = "Delegations", single = false, onChange = () => {} } = {}) {
  const listId = uid("delegations");
  const inputId = uid("delegation-input");
  const hintId = uid("delegation-hint");
  const input = h("input", {
    id: inputId,
    type: "text",
    role: "combobox",
    autocomplete: "off",
    spellcheck: "false",
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-controls": listId,
    "aria-describedby": hintId,
    placeholder: "Type a name, code or alias",
  });
  const list = h("ul", { id: listId, role: "listbox", class: "picker-list", hidden: true, "aria-label": label });
  const chips = h("div", { class: "chips picker-chips", "aria-live": "polite" });
  const chosen = [];
  let options = [];
  let active = -1;

  const grouping = session.can("editor") && !single ? groupMaker() : null;
  const element = h("div", { class: "field picker" },
    h("label", { for: inputId, text: label }),
    h("div", { class: "picker-box" }, input, list),
    h("span", { class: "hint", id: hintId, text: "Arrow keys move through the suggestions, Enter chooses." }),
    chips,
    grouping?.element);

  /** "Make these a group": an ad-hoc group ("Core group") of the chosen delegations. */
  function groupMaker() {
    const nameId = uid("group-name");
    const name = h("input", { id: nameId, placeholder: "Core group", maxlength: 200 });
    const error = h("p", { class: "form-error", role: "alert", hidden: true });
    const create = h("button", { type: "button", class: "secondary", text: "Create group" });
    const box = h("div", { class: "group-maker", hidden: true },
      h("label", { for: nameId, text: "Name of the new group" }), name, create, error);
    const open = h("button", { type: "button", class: "link-button", text: "Make these a group…", "aria-expanded": "false",
      onClick: () => {
        box.hidden = !box.hidden;
        open.setAttribute("aria-expanded", String(!box.hidden));
        if (!box.hidden) name.focus();
      } });
    create.addEventListener("click", async () => {
      const title = name.value.trim();
      if (!title) {
        formError(error, "Name the group, for example Core group.");
        name.focus();
        return;
      }
      const code = title.toUpperCase().replace(/[^A-Z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 20) || "GROUP";
      try {
        const group = await api("/delegations", {
          method: "POST",
          json: { code, name: title, kind: "group", members: chosen.map((d) => d.code) },
        });
        chosen.splice(0, chosen.length, { code: group.code, name: group.name });
        renderChips();
        onChange(chosen.slice());
        box.hidden = true;
        name.value = "";
        announce(`Created the group ${group.name} (${group.code}).`);
        input.focus();
      } catch (failure) {
        formError(error, failure);
      }
    });
    return { element: h("div", { class: "picker-group", hidden: true }, open, box), box };
  }

  function renderChips() {
    if (grouping) grouping.element.hidden = chosen.length < 2;
    replace(chips, chosen.map((d) => delegationChip(d, {
      onRemove: () => {
        chosen.splice(chosen.indexOf(d), 1);
        renderChips();
        onChange(chosen.slice());
        input.focus();
      },
    })));
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function setActive(index) {
    active = index;
    [...list.children].forEach((li, i) => li.setAttribute("aria-selected", String(i === index)));
    const node = list.children[index];
    if (node) {
      input.setAttribute("aria-activedescendant", node.id);
      node.scrollIntoView({ block: "nearest" });
    }
  }

  function choose(delegation) {
    if (single) chosen.splice(0, chosen.length);
    if (!chosen.some((d) => d.code === delegation.code)) chosen.push({ code: delegation.code, name: delegation.name });
    input.value = "";
    close();
    renderChips();
    onChange(chosen.slice());
  }

  function aliasMatch(delegation, q) {
    const needle = q.toLowerCase();
    if (delegation.name.toLowerCase().includes(needle) || delegation.code.toLowerCase().includes(needle)) return "";
    return (delegation.aliases || []).find((a) => a.toLowerCase().includes(needle)) || "";
  }

  let controller = null;
  const search = debounce(async () => {
    const q = input.value.trim();
    if (!q) {
      close();
      return;
    }
    if (controller) controller.abort();
    controller = new AbortController();
    try {
      const page = await api(`/delegations?${new URLSearchParams({ q, limit: "10" })}`, { signal: controller.signal });
      options = page.items || [];
    } catch (error) {
      if (error.name === "AbortError") return;
      options = [];
      replace(list, h("li", { class: "picker-empty", role: "option", "aria-disabled": "true", text: error.message }));
      list.hidden = false;
      return;
    }
    replace(list, options.length
      ? options.map((d, i) => {
        const alias = aliasMatch(d, q);
        return h("li", {
          id: `${listId}-${i}`,
          role: "option",
          "aria-selected": "false",
          class: "picker-option",
          onMousedown: (event) => event.preventDefault(),
          onClick: () => choose(d),
        },
        h("span", { class: "chip-code", text: d.code }), " ",
        h("span", { text: d.name }),
        alias ? h("span", { class: "muted", text: ` (also “${alias}”)` }) : null);
      })
      : h("li", { class: "picker-empty", role: "option", "aria-disabled": "true", text: `No delegation matches “${q}”.` }));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    if (options.length) setActive(0);
  }, 150);

  input.addEventListener("input", search);
  input.addEventListener("blur", () => setTimeout(close, 150));
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && options.length) {
      event.preventDefault();
      if (list.hidden) search();
      else setActive((active + 1) % options.length);
    } else if (event.key === "ArrowUp" && options.length) {
      event.preventDefault();
      setActive((active - 1 + options.length) % options.length);
    } else if (event.key === "Enter") {
      if (!list.hidden && options[active]) {
        event.preventDefault();
        choose(options[active]);
      }
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  });

  return {
    element,
    input,
    selected: () => chosen.slice(),
    clear: () => {
      chosen.splice(0, chosen.length);
      renderChips();
    },
    restore: (delegations) => {
      chosen.splice(0, chosen.length, ...delegations.filter((d) => d && d.code));
      renderChips();
    },
  };
}
