// Building blocks of every screen: elements made safely (text stays text), labelled fields,
// forms that show the API's problem `detail` on top and field errors next to their fields,
// the "someone else changed it" answer to a 412, lists read a page at a time, and files
// saved from the API.

import { ApiError } from "./api.js";

const main = document.getElementById("main");

/** An error whose message is written for the person at the screen. */
export class Notice extends Error {}

/** Makes an element: `h("button", { type: "submit" }, "Log in")`. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (value !== false && value !== undefined && value !== null) element.setAttribute(name, value === true ? "" : value);
  }
  element.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return element;
}

/** Shows `content` as the page, focused for screen readers and keyboards. */
export function show(...content) {
  main.replaceChildren(...content.filter(Boolean));
  main.focus();
}

let visit = 0;

/** Marks a new visit to a screen (the app calls it on every navigation). */
export function visiting() {
  visit += 1;
}

/**
 * For screens that load before they show: `const current = ticket()` before the first
 * await, and `if (!current()) return` after each, so a slow answer never covers the screen
 * the user went to since.
 */
export function ticket() {
  const mine = visit;
  return () => mine === visit;
}

/** Goes to another screen of the app. */
export function go(address) {
  location.hash = address;
}

/** A control with its label, and a line under it for the API's error about it. */
function labelled(label, name, control) {
  control.id ||= `field-${name}`;
  control.name = name;
  control.setAttribute("aria-describedby", `${control.id}-error`);
  return h("div", { class: "field" }, h("label", { for: control.id }, label), control, h("p", { id: `${control.id}-error`, class: "field-error" }));
}

/** A labelled input: `field("Title", "title", { required: true, value })`. */
export function field(label, name, attributes = {}) {
  return labelled(label, name, h("input", attributes));
}

/** A labelled text area holding `value`. */
export function textarea(label, name, value, attributes = {}) {
  const control = h("textarea", attributes);
  control.value = value ?? "";
  return labelled(label, name, control);
}

/** A labelled choice; `options` are values or `[value, text]` pairs. */
export function select(label, name, options, value, attributes = {}) {
  const choices = options.map((option) => {
    const [v, text] = Array.isArray(option) ? option : [option, option];
    return h("option", { value: v, selected: String(v) === String(value ?? "") }, text);
  });
  return labelled(label, name, h("select", attributes, choices));
}

/** A form's text value, `null` when left empty. */
export function optional(data, name) {
  const value = (data.get(name) ?? "").trim();
  return value === "" ? null : value;
}

/** A comma-separated list typed into one field. */
export function list(data, name) {
  return (data.get(name) ?? "").split(",").map((item) => item.trim()).filter(Boolean);
}

export function when(timestamp) {
  return timestamp ? new Date(timestamp).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }) : "—";
}

/**
 * Puts an API error on `box` (a form or any element): its `detail` on top, field errors
 * next to their fields. A 412 says that someone else changed the record and offers
 * `reload`, so nothing is overwritten silently.
 */
export function report(box, error, reload) {
  box.querySelectorAll(":scope > .problem, :scope > .notice").forEach((p) => p.remove());
  box.querySelectorAll("[aria-invalid]").forEach((i) => i.removeAttribute("aria-invalid"));
  box.querySelectorAll(".field-error").forEach((p) => (p.textContent = ""));
  if (!error) return;
  const fields = error instanceof ApiError ? error.fields : {};
  for (const [name, message] of Object.entries(fields)) {
    const input = box.elements?.[name] || box.querySelector(`[name="${CSS.escape(name)}"]`);
    if (!input) continue;
    input.setAttribute("aria-invalid", "true");
    document.getElementById(`${input.id}-error`).textContent = message;
  }
  let problem;
  if (error instanceof ApiError && error.status === 412) {
    problem = h(
      "div",
      { class: "problem", role: "alert" },
      h("p", {}, "Someone else changed this since you opened it. Your changes are not saved."),
      reload ? h("button", { type: "button", class: "secondary", onclick: () => Promise.resolve().then(reload).catch((e) => report(box, e)) }, "Reload their version") : null,
    );
  } else {
    const detail = error instanceof ApiError || error instanceof Notice ? error.message : "The server could not be reached. Try again.";
    problem = h("p", { class: "problem", role: "alert" }, detail);
  }
  box.prepend(problem);
  // Long forms: the message is at the top, the button pressed may be far below.
  problem.scrollIntoView({ block: "nearest" });
}

/** Says on `box` that something worked. */
export function notice(box, text) {
  report(box, null);
  box.prepend(h("p", { class: "notice", role: "status" }, text));
}

/**
 * Runs `work` for a submitted form, with its buttons disabled meanwhile; errors go on the
 * form (with `reload` offered on a 412).
 */
export function onSubmit(form, work, reload) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const buttons = [...form.querySelectorAll("button")];
    buttons.forEach((b) => (b.disabled = true));
    try {
      report(form, null);
      await work(new FormData(form), event.submitter);
    } catch (error) {
      report(form, error, reload);
    } finally {
      buttons.forEach((b) => (b.disabled = false));
    }
  });
}

/** A button whose click runs `work`; errors go on `box`. */
export function action(text, box, work, { reload, ...attributes } = {}) {
  const button = h("button", { type: "button", ...attributes }, text);
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      report(box, null);
      await work();
    } catch (error) {
      report(box, error, reload);
    } finally {
      button.disabled = false;
      // The work replaced the button (the list or card shows the new state): rather than
      // leave the focus on nothing, put it at the start of what changed.
      if (!button.isConnected && box.isConnected && [null, document.body].includes(document.activeElement)) {
        const start = box.querySelector("h1, h2, h3") || box;
        start.tabIndex = -1;
        start.focus();
      }
    }
  });
  return button;
}

/**
 * A button for something that cannot be undone: the first click asks "Really …?" on the
 * button itself, the second does it (no dialog to dismiss, reachable by keyboard).
 */
export function destructive(text, box, work, attributes = {}) {
  const button = action(text, box, async () => {
    if (!button.dataset.armed) {
      button.dataset.armed = "yes";
      button.textContent = `Really ${text.toLowerCase()}?`;
      // "Disable Ada Lovelace" becomes "Really disable? Ada Lovelace": the visible words first.
      if (label) button.setAttribute("aria-label", `Really ${text.toLowerCase()}? ${label.slice(text.length).replace(/^[:\s]+/, "")}`);
      return;
    }
    delete button.dataset.armed;
    await work();
  }, { class: "secondary danger", ...attributes });
  const label = button.getAttribute("aria-label");
  // Leaving the button disarms it (but not the blur of its being disabled while it works).
  button.addEventListener("blur", () => {
    if (button.disabled) return;
    delete button.dataset.armed;
    button.textContent = text;
    if (label) button.setAttribute("aria-label", label);
  });
  return button;
}

/**
 * A search box inside a bigger form, with its Find button: Enter runs `find(text)` rather
 * than submitting the form; errors go on `box`. `bounds` are the query's (see spec.js).
 */
export function searchInput(id, box, find, bounds) {
  const input = h("input", { id, type: "search", ...bounds });
  const run = () => {
    report(box, null);
    return find(input.value.trim()).catch((error) => report(box, error));
  };
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      run();
    }
  });
  return { input, run, row: h("div", { class: "inline" }, input, h("button", { type: "button", class: "secondary", onclick: run }, "Find")) };
}

/** A table: `columns` are headings, `rows` arrays of cells. */
export function table(caption, columns, rows) {
  return h(
    "table",
    {},
    h("caption", { class: "visually-hidden" }, caption),
    h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((c) => h("td", {}, c))))),
  );
}

/**
 * A list read a page at a time with Previous/Next buttons. `read(cursor)` returns a page
 * (`{data, next_cursor}`), `render(items)` its content. Errors go on `box`.
 */
export function pages(box, read, render) {
  const results = h("div", { "aria-live": "polite", tabindex: "-1" });
  const paging = h("div", { class: "actions" });
  const cursors = [null];

  async function load() {
    try {
      report(box, null);
      const page = await read(cursors[cursors.length - 1]);
      results.replaceChildren(render(page.data));
      const buttons = [];
      if (cursors.length > 1) buttons.push(h("button", { type: "button", class: "secondary", onclick: () => turn(() => cursors.pop()) }, "Previous page"));
      if (page.next_cursor) buttons.push(h("button", { type: "button", class: "secondary", onclick: () => turn(() => cursors.push(page.next_cursor)) }, "Next page"));
      paging.replaceChildren(...buttons);
    } catch (error) {
      report(box, error);
    }
  }

  /** Another page; the focus goes to its start, as the buttons pressed are replaced. */
  async function turn(step) {
    step();
    await load();
    results.focus();
  }

  return {
    element: h("div", {}, results, paging),
    /** Reads the first page again (after a change, or with new filters). */
    reload() {
      cursors.splice(1);
      return load();
    },
    /** Reads the page on show again. */
    refresh: load,
  };
}

/**
 * Saves `blob` as the file `name`, as a download link would (for files read with the access
 * token, see `download` in api.js).
 */
export function saveFile(blob, name) {
  // As bytes of no known type: a browser would add an extension to a text file's name
  // (Netlify's `_redirects` would arrive as `_redirects.txt`).
  const url = URL.createObjectURL(new Blob([blob], { type: "application/octet-stream" }));
  const link = h("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // The browser reads the blob after the click returns: let it go a while later.
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

/** `path` with the query parameters that have a value. */
export function query(path, parameters) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) if (value !== null && value !== undefined && value !== "") search.set(name, value);
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}
