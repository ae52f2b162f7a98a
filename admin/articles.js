// The articles screen: the list (newest first) by status and title, a page at a time, and a
// form that starts a new draft and opens it. Authors see only their own articles, as the API
// decides. `#/articles/12` opens article 12 in the editor.

import { request } from "./api.js";
import { editorScreen } from "./editor.js";
import { field, go, h, onSubmit, pages, query, select, show, table, when } from "./ui.js";
import { bounds, paramBounds, values } from "./spec.js";


function rows(articles) {
  if (articles.length === 0) return h("p", { class: "quiet", role: "status" }, "No articles match.");
  return table(
    "Articles, newest first",
    ["Title", "Status", "Updated"],
    articles.map((a) => [h("a", { href: `#/articles/${a.id}` }, a.title), h("span", { class: `status status-${a.status}` }, a.status), when(a.updated_at)]),
  );
}

export function articlesScreen(user, rest) {
  if (rest) return editorScreen(user, Number(rest));
  const filter = h(
    "form",
    { class: "filters", role: "search", "aria-label": "Filter articles" },
    select("Status", "status", [["", "All"], ...values("ArticleStatus")], "", { id: "filter-status" }),
    field("Title contains", "q", { type: "search", ...paramBounds("list_articles", "q") }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "secondary" }, "Show")),
  );
  const wanted = { status: "", q: "" };
  const list = pages(filter, (cursor) => request("GET", query("/api/v1/admin/articles", { limit: 20, ...wanted, cursor })).then((r) => r.data), rows);
  onSubmit(filter, async (data) => {
    Object.assign(wanted, { status: data.get("status"), q: data.get("q").trim() });
    await list.reload();
  });

  const create = h(
    "form",
    { class: "card", "aria-labelledby": "new-article-title" },
    h("h2", { id: "new-article-title" }, "New article"),
    field("Title", "title", { required: true, ...bounds("CreateArticleRequest", "title") }),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Create draft")),
  );
  onSubmit(create, async (data) => {
    const { data: article } = await request("POST", "/api/v1/admin/articles", { body: { title: data.get("title") } });
    go(`#/articles/${article.id}`);
  });

  show(h("section", { class: "card", "aria-labelledby": "articles-title" }, h("h1", { id: "articles-title" }, "Articles"), filter, list.element), create);
  list.reload();
}
