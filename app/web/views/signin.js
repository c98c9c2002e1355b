// Sign-in with an API token.

import { api, session } from "../api.js";
import { h, replace } from "../dom.js";
import { clearError, field, formError } from "../ui.js";

/** The sign-in form; `done` is called once the token works. */
export function renderSignIn(ctx, done) {
  const token = h("input", { type: "password", name: "token", autocomplete: "off", required: true, spellcheck: "false" });
  const error = h("p", { class: "form-error", role: "alert", hidden: true });
  const form = h("form", { class: "card narrow", "aria-labelledby": "signin-title" },
    h("h1", { id: "signin-title", text: "Sign in to Penholder" }),
    h("p", { text: "Paste the API token you were given. It is kept for this browser tab only and sent with every request." }),
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
    session.signIn(value);
    try {
      await api("/negotiations?limit=1", { signingIn: true });
      clearError();
      done();
    } catch (failure) {
      session.signOut();
      formError(error, failure.status === 401 ? "That token was not accepted. Check it and try again." : failure);
      token.focus();
    }
  });
  replace(ctx.main, form);
  token.focus();
}
