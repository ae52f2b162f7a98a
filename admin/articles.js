// The articles screen: the list (newest first) by status and title, a page at a time, and a
// form that starts a new draft. Authors see only their own articles, as the API decides.

import { request } from "./api.js";
import { field, h, onSubmit, report, show } from "./ui.js";

const STATUSES = ["draft", "scheduled", "published", "archived"];
const PAGE = 20;

function listPath({ status, q, cursor }) {
  const query = new URLSearchParams({ limit: String(PAGE) });
  if (status) query.set("status", status);
  if (q) query.set("q", q);
  if (cursor) query.set("cursor", cursor);
  return `/api/v1/admin/articles?${query}`;
}

function when(timestamp) {
  return new Date(timestamp).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

function table(articles) {
  if (articles.length === 0) return h("p", { class: "quiet", role: "status" }, "No articles match.");
  return h(
    "table",
    {},
    h("caption", { class: "visually-hidden" }, "Articles, newest first"),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Title"), h("th", { scope: "col" }, "Status"), h("th", { scope: "col" }, "Updated"))),
    h(
      "tbody",
      {},
      articles.map((a) =>
        h("tr", {}, h("td", {}, a.title), h("td", {}, h("span", { class: `status status-${a.status}` }, a.status)), h("td", {}, when(a.updated_at))),
      ),
    ),
  );
}

export function articlesScreen() {
  // Where the list is: the filter, and the cursors of the pages before this one.
  const state = { status: "", q: "", cursors: [null] };
  const results = h("div", { id: "article-results", "aria-live": "polite" });
  const paging = h("div", { class: "actions" });

  const filter = h(
    "form",
    { class: "filters", role: "search", "aria-label": "Filter articles" },
    h(
      "div",
      { class: "field" },
      h("label", { for: "filter-status" }, "Status"),
      h("select", { id: "filter-status", name: "status", "aria-describedby": "filter-status-error" }, h("option", { value: "" }, "All"), STATUSES.map((s) => h("option", { value: s }, s))),
      h("p", { id: "filter-status-error", class: "field-error" }),
    ),
    field("Title contains", "q", { type: "search", maxlength: 200 }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "secondary" }, "Show")),
  );

  async function load() {
    const cursor = state.cursors[state.cursors.length - 1];
    try {
      report(filter, null);
      const { data } = await request("GET", listPath({ ...state, cursor }));
      results.replaceChildren(table(data.data));
      const buttons = [];
      if (state.cursors.length > 1) buttons.push(h("button", { type: "button", class: "secondary", onclick: () => turn(-1) }, "Previous page"));
      if (data.next_cursor) buttons.push(h("button", { type: "button", class: "secondary", onclick: () => turn(1, data.next_cursor) }, "Next page"));
      paging.replaceChildren(...buttons);
    } catch (error) {
      report(filter, error);
    }
  }

  function turn(step, cursor) {
    if (step > 0) state.cursors.push(cursor);
    else state.cursors.pop();
    load();
  }

  onSubmit(filter, async (data) => {
    Object.assign(state, { status: data.get("status"), q: data.get("q").trim(), cursors: [null] });
    await load();
  });

  const create = h(
    "form",
    { class: "card", "aria-labelledby": "new-article-title" },
    h("h2", { id: "new-article-title" }, "New article"),
    field("Title", "title", { required: true, maxlength: 200 }),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Create draft")),
  );
  onSubmit(create, async (data) => {
    await request("POST", "/api/v1/admin/articles", { body: { title: data.get("title") } });
    create.reset();
    Object.assign(state, { status: "", q: "", cursors: [null] });
    filter.reset();
    await load();
  });

  show(h("section", { class: "card", "aria-labelledby": "articles-title" }, h("h1", { id: "articles-title" }, "Articles"), filter, results, paging), create);
  load();
}
