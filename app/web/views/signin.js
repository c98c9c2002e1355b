// Sign-in: a token exchanged for a session cookie that every tab of this browser shares.

import { session } from "../api.js";
import { h, replace } from "../dom.js";
import { clearError, field, formError } from "../ui.js";

/** The sign-in form; `done` is called once the session is open. */
export function renderSignIn(ctx, done) {
  const token = h("input", { type: "password", name: "token", autocomplete: "off", required: true, spellcheck: "false" });
  const error = h("p", { class: "form-error", role: "alert", hidden: true });
  const form = h("form", { class: "card narrow", "aria-labelledby": "signin-title" },
    h("h1", { id: "signin-title", text: "Sign in to Penholder" }),
    h("p", { text: "Paste the API token you were given. It is exchanged for a session that every tab of this browser shares; the page itself never keeps the token." }),
    field("API token", token, "Tokens start with ph_. Ask an administrator for one (penholder token create)."),
    error,
    h("div", { class: "actions" }, h("button", { type: "submit", text: "Sign in" })));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = token.value.trim();
    if (!value) {
      formError(error, "Enter a token.");
      token.focus();
      return;
    }
    try {
      await session.signIn(value);
      clearError();
      done();
    } catch (failure) {
      formError(error, failure.status === 401 ? `That token was not accepted: ${failure.message}` : failure);
      token.focus();
    }
  });
  replace(ctx.main, form);
  token.focus();
}
