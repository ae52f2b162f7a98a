// Building blocks of every screen: elements made safely (text stays text), labelled fields,
// forms that show the API's problem `detail` on top and field errors next to their fields.

import { ApiError } from "./api.js";

const main = document.getElementById("main");

/** Makes an element: `h("button", { type: "submit" }, "Log in")`. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (value !== false && value !== undefined) element.setAttribute(name, value === true ? "" : value);
  }
  element.append(...children.flat().filter((c) => c !== null && c !== undefined));
  return element;
}

/** Shows `content` as the page, focused for screen readers and keyboards. */
export function show(...content) {
  main.replaceChildren(...content);
  main.focus();
}

/** A labelled input; its error, when the API reports one, appears under it. */
export function field(label, name, attributes = {}) {
  const id = `field-${name}`;
  const input = h("input", { id, name, "aria-describedby": `${id}-error`, ...attributes });
  return h("div", { class: "field" }, h("label", { for: id }, label), input, h("p", { id: `${id}-error`, class: "field-error" }));
}

/** Puts an API error on the form: its `detail` on top, field errors next to their fields. */
export function report(form, error) {
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
export function onSubmit(form, work) {
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
