// The editors' room: the app shell, the login screen and the account screen. Every text
// from the API goes in as text, never as HTML. Every control has a visible label.

import { ApiError, logIn, logOut, onSessionEnded, request, resume } from "./api.js";

const main = document.getElementById("main");
const who = document.getElementById("who");

/** Makes an element: `h("button", { type: "submit" }, "Log in")`. */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (value !== false && value !== undefined) element.setAttribute(name, value === true ? "" : value);
  }
  element.append(...children.flat().filter((c) => c !== null && c !== undefined));
  return element;
}

/** Shows `content` as the page, focused for screen readers and keyboards. */
function show(...content) {
  main.replaceChildren(...content);
  main.focus();
}

/** A labelled input; its error, when the API reports one, appears under it. */
function field(label, name, attributes = {}) {
  const id = `field-${name}`;
  const input = h("input", { id, name, "aria-describedby": `${id}-error`, ...attributes });
  return h("div", { class: "field" }, h("label", { for: id }, label), input, h("p", { id: `${id}-error`, class: "field-error" }));
}

/** Puts an API error on the form: its `detail` on top, field errors next to their fields. */
function report(form, error) {
  form.querySelectorAll(".problem, .notice").forEach((p) => p.remove());
  form.querySelectorAll("[aria-invalid]").forEach((i) => i.removeAttribute("aria-invalid"));
  form.querySelectorAll(".field-error").forEach((p) => (p.textContent = ""));
  if (!error) return;
  const fields = error instanceof ApiError ? error.fields : {};
  for (const [name, message] of Object.entries(fields)) {
    const input = form.elements[name];
    if (!input) continue;
    input.setAttribute("aria-invalid", "true");
    document.getElementById(`${input.id}-error`).textContent = message;
  }
  const detail = error instanceof ApiError ? error.message : "The server could not be reached. Try again.";
  form.prepend(h("p", { class: "problem", role: "alert" }, detail));
}

/** Runs `work` for a submitted form, with its button disabled meanwhile. */
function onSubmit(form, work) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      report(form, null);
      await work(new FormData(form));
    } catch (error) {
      report(form, error);
    } finally {
      button.disabled = false;
    }
  });
}

function loginScreen(notice) {
  who.replaceChildren();
  const form = h(
    "form",
    { class: "card narrow", "aria-labelledby": "login-title" },
    h("h1", { id: "login-title" }, "Log in"),
    notice ? h("p", { class: "problem", role: "status" }, notice) : null,
    field("Email", "email", { type: "email", autocomplete: "username", required: true }),
    field("Password", "password", { type: "password", autocomplete: "current-password", required: true }),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Log in")),
  );
  onSubmit(form, async (data) => signedIn(await logIn(data.get("email"), data.get("password"))));
  show(form);
  form.elements.email.focus();
}

function signedIn(user) {
  who.replaceChildren(
    h("span", { class: "name" }, user.display_name),
    h("span", { class: "role", "aria-label": `Role: ${user.role}` }, user.role),
    h("button", { type: "button", class: "secondary", onclick: leave }, "Log out"),
  );
  accountScreen(user);
}

async function leave() {
  try {
    await logOut();
  } finally {
    loginScreen("You are logged out.");
  }
}

function accountScreen(user) {
  const form = h(
    "form",
    { class: "card", "aria-labelledby": "password-title" },
    h("h2", { id: "password-title" }, "Change your password"),
    h("p", { class: "quiet" }, "Your other sessions end; this one carries on."),
    field("Current password", "current_password", { type: "password", autocomplete: "current-password", required: true }),
    field("New password", "new_password", { type: "password", autocomplete: "new-password", minlength: 12, required: true }),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Change password")),
  );
  onSubmit(form, async (data) => {
    await request("POST", "/api/v1/auth/password", {
      body: { current_password: data.get("current_password"), new_password: data.get("new_password") },
    });
    // Every access token of this user stopped working; this session's cookie gets a new one.
    await resume();
    form.reset();
    form.prepend(h("p", { class: "notice", role: "status" }, "Your password is changed."));
  });
  show(
    h(
      "section",
      { class: "card", "aria-labelledby": "account-title" },
      h("h1", { id: "account-title" }, "Your account"),
      h("dl", {}, h("dt", {}, "Name"), h("dd", {}, user.display_name), h("dt", {}, "Email"), h("dd", {}, user.email), h("dt", {}, "Role"), h("dd", {}, user.role)),
    ),
    form,
  );
}

onSessionEnded(() => loginScreen("Your session has ended. Log in again."));

resume()
  .then((user) => (user ? signedIn(user) : loginScreen()))
  .catch(() => loginScreen("The server could not be reached. Reload to try again."));
