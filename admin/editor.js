// The article editor (`#/articles/12`): the article's details, its sections (sections.js),
// publishing and scheduling, a preview in the public shape, and its revisions.
//
// Every write names the version it was made against (`If-Match`). The editor keeps the
// article as it last read or wrote it; a section write moves the article's version on by
// one, so after one the editor reads the article again and takes the new version only when
// nothing else happened in between. Otherwise the next save meets a 412 and the editor says
// that someone else changed the article, and offers to reload: nothing is overwritten.

import { request } from "./api.js";
import { chosenItem, libraryChoiceOf, libraryItems } from "./media.js";
import { sectionsCard } from "./sections.js";
import { action, destructive, field, go, h, list, notice, onSubmit, optional, query, report, searchInput, select, show, table, textarea, ticket, when } from "./ui.js";
import { bounds, paramBounds, values } from "./spec.js";

const PUBLISHERS = ["admin", "editor"];

const articlePath = (id) => `/api/v1/admin/articles/${id}`;

/** The editor's hold on one article: the record, and how to write to it. */
class Draft {
  constructor(article) {
    this.article = article;
    this.listeners = [];
  }

  /** Calls `listener` with the article whenever the editor's copy of it changes. */
  listen(listener) {
    this.listeners.push(listener);
  }

  get path() {
    return articlePath(this.article.id);
  }

  /** A write against the version in hand; its answer is the article's new state. */
  async write(method, suffix, body) {
    const { data } = await request(method, `${this.path}${suffix}`, { body, ifMatch: this.article.version });
    this.take(data);
    return data;
  }

  take(article) {
    this.article = article;
    this.listeners.forEach((listener) => listener(article));
  }

  /** After a write elsewhere in the article (a section): catch up if it was the only one. */
  async caughtUp() {
    const { data } = await request("GET", this.path);
    if (data.version === this.article.version + 1) this.take(data);
  }
}

export async function editorScreen(user, id) {
  const current = ticket();
  let loaded;
  try {
    loaded = await load(id);
  } catch (error) {
    if (!current()) return;
    const box = h("section", { class: "card" }, h("a", { href: "#/articles" }, "← All articles"));
    show(box);
    return report(box, error);
  }
  if (!current()) return;
  const reload = () => editorScreen(user, id);
  const heading = h("h1", { id: "editor-title" });
  const status = h("p", { class: "quiet", role: "status" });
  const draft = new Draft(loaded.article);
  draft.listen((article) => {
    heading.textContent = article.title;
    status.replaceChildren(h("span", { class: `status status-${article.status}` }, article.status), " ", statusLine(article));
  });

  const top = h("section", { class: "card", "aria-labelledby": "editor-title" }, h("a", { href: "#/articles" }, "← All articles"), heading, status);
  const publisher = PUBLISHERS.includes(user.role);
  if (!publisher && loaded.article.status !== "draft") {
    // Authors change their drafts only (as the API decides): the rest is an editor's.
    top.append(h("p", {}, "This article is out of draft: only an editor changes it now."));
    show(top, previewCard(draft));
  } else {
    show(
      top,
      detailsForm(draft, loaded.movies, libraryChoiceOf(loaded.library, "Cover image from the library", "cover_image_id", loaded.article.cover_image_id), reload),
      sectionsCard(draft, loaded.sections, reload, loaded.library),
      publisher ? publishingCard(draft, reload) : h("p", { class: "card quiet" }, "An editor publishes this article."),
      previewCard(draft),
      revisionsCard(draft, reload),
    );
  }
  draft.take(loaded.article);
}

/** The article, its sections, and the movies to choose from (its own among them). */
async function load(id) {
  const [article, sections, movies] = await Promise.all([
    request("GET", articlePath(id)),
    request("GET", `${articlePath(id)}/sections`),
    request("GET", "/api/v1/admin/movies?limit=100"),
  ]);
  const loaded = { article: article.data, sections: sections.data.data, movies: movies.data.data };
  loaded.library = await libraryItems(loaded.article.cover_image_id, ...loaded.sections.map((s) => s.media_id));
  const movieId = loaded.article.movie_id;
  if (movieId !== null && !loaded.movies.some((m) => m.id === movieId)) {
    loaded.movies.push((await request("GET", `/api/v1/admin/movies/${movieId}`)).data);
  }
  return loaded;
}

function statusLine(article) {
  if (article.status === "scheduled") return `to be published ${when(article.publish_at)} · version ${article.version}`;
  if (article.published_at) return `published ${when(article.published_at)} · version ${article.version}`;
  return `version ${article.version}`;
}

function detailsForm(draft, movies, cover, reload) {
  const a = draft.article;
  const related = relatedPicker(a.related_article_ids);
  const form = h(
    "form",
    { class: "card", "aria-labelledby": "details-title" },
    h("h2", { id: "details-title" }, "Details"),
    field("Title", "title", { required: true, ...bounds("UpdateArticleRequest", "title"), value: a.title }),
    field("Slug", "slug", { required: true, ...bounds("UpdateArticleRequest", "slug"), pattern: "[a-z0-9]+(-[a-z0-9]+)*", value: a.slug }),
    field("Subtitle", "subtitle", { ...bounds("UpdateArticleRequest", "subtitle"), value: a.subtitle }),
    textarea("Excerpt", "excerpt", a.excerpt, { rows: 3, ...bounds("UpdateArticleRequest", "excerpt") }),
    select("Kind", "kind", values("ArticleKind"), a.kind),
    select("Movie", "movie_id", [["", "None"], ...movies.map((m) => [m.id, m.release_year ? `${m.title} (${m.release_year})` : m.title])], a.movie_id),
    field("Tags (comma-separated)", "tags", { value: a.tags.join(", ") }),
    cover,
    field("Cover image URL (an image elsewhere, when none is chosen above)", "cover_image_url", { type: "url", value: a.cover_image_url }),
    field("Cover image alt text", "cover_image_alt", { ...bounds("UpdateArticleRequest", "cover_image_alt"), value: a.cover_image_alt }),
    field("Cover image caption", "cover_image_caption", { ...bounds("UpdateArticleRequest", "cover_image_caption"), value: a.cover_image_caption }),
    related.element,
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Save details")),
  );
  onSubmit(
    form,
    async (data) => {
      await draft.write("PATCH", "", {
        title: data.get("title"),
        slug: data.get("slug"),
        subtitle: optional(data, "subtitle"),
        excerpt: optional(data, "excerpt"),
        kind: data.get("kind"),
        movie_id: data.get("movie_id") ? Number(data.get("movie_id")) : null,
        tags: list(data, "tags"),
        ...chosenItem(data, "cover_image_id"),
        cover_image_url: optional(data, "cover_image_url"),
        cover_image_alt: optional(data, "cover_image_alt"),
        cover_image_caption: optional(data, "cover_image_caption"),
        related_article_ids: related.ids(),
      });
      notice(form, "Details saved.");
    },
    reload,
  );
  return form;
}

/**
 * Related articles: a multiple choice of published articles (the latest, or those a search
 * finds), keeping the ones already chosen.
 */
function relatedPicker(chosenIds) {
  const chosen = new Map(chosenIds.map((id) => [id, `Article ${id}`]));
  const choice = h("select", { id: "field-related_article_ids", name: "related_article_ids", multiple: true, size: 6, "aria-describedby": "field-related_article_ids-error" });
  const box = h("fieldset", {}, h("legend", {}, "Related articles"));

  function fill(articles) {
    for (const option of choice.selectedOptions) if (!chosen.has(Number(option.value))) chosen.set(Number(option.value), option.textContent);
    for (const option of choice.options) if (!option.selected) chosen.delete(Number(option.value));
    const offered = new Map(chosen);
    for (const a of articles) if (!offered.has(a.id)) offered.set(a.id, a.title);
    choice.replaceChildren(...[...offered].map(([id, title]) => h("option", { value: id, selected: chosen.has(id) }, title)));
  }

  const search = searchInput("related-search", box, async (q) => {
    const { data } = await request("GET", q ? query("/api/v1/search", { q, limit: 50 }) : "/api/v1/articles?limit=50");
    fill(data.data);
  }, paramBounds("search", "q"));
  fill([]);
  // The titles of the chosen ones (those this user may read), then the latest articles.
  Promise.all([...chosen.keys()].map((id) => request("GET", articlePath(id)).then((r) => chosen.set(id, r.data.title), () => {}))).then(search.run);
  box.append(
    h("label", { for: "related-search" }, "Find published articles"),
    search.row,
    h("label", { for: "field-related_article_ids" }, "Related articles (hold Ctrl or Shift to choose several)"),
    choice,
    h("p", { id: "field-related_article_ids-error", class: "field-error" }),
  );
  return { element: box, ids: () => [...choice.selectedOptions].map((o) => Number(o.value)) };
}

/** `datetime-local` input value (the editor's own time) for an RFC 3339 UTC timestamp. */
function localInput(timestamp) {
  const date = timestamp ? new Date(timestamp) : new Date(Date.now() + 3600_000);
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

function publishingCard(draft, reload) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const card = h("form", { class: "card", "aria-labelledby": "publishing-title" });
  const render = () => {
    const a = draft.article;
    const buttons = [];
    if (a.status !== "published") buttons.push(action("Publish now", card, () => draft.write("POST", "/publish", {}), { reload }));
    if (a.status === "published" || a.status === "scheduled") buttons.push(action("Unpublish", card, () => draft.write("POST", "/unpublish"), { class: "secondary", reload }));
    if (a.status !== "archived") buttons.push(action("Archive", card, () => draft.write("POST", "/archive"), { class: "secondary", reload }));
    buttons.push(
      destructive("Delete article", card, async () => {
        await request("DELETE", draft.path, { ifMatch: draft.article.version });
        go("#/articles");
      }, { reload }),
    );
    card.replaceChildren(
      h("h2", { id: "publishing-title" }, "Publishing"),
      h("div", { class: "actions" }, buttons),
      field(`Publish at (your time, ${zone})`, "publish_at", { type: "datetime-local", required: true, value: localInput(a.publish_at) }),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "secondary" }, "Schedule")),
    );
  };
  draft.listen(render);
  onSubmit(
    card,
    async (data) => {
      // The browser reads a datetime-local value in the editor's time zone; the API stores UTC.
      const publishAt = new Date(data.get("publish_at")).toISOString().replace(/\.\d{3}Z$/, "Z");
      await draft.write("POST", "/publish", { publish_at: publishAt });
    },
    reload,
  );
  return card;
}

function previewCard(draft) {
  const view = h("div", { class: "preview", "aria-live": "polite" });
  const card = h("section", { class: "card", "aria-labelledby": "preview-title" }, h("h2", { id: "preview-title" }, "Preview"));
  card.append(
    h("div", { class: "actions" }, action("Show preview", card, async () => view.replaceChildren(rendered((await request("GET", `${draft.path}/preview`)).data)), { class: "secondary" })),
    view,
  );
  return card;
}

/** The article as readers get it (the public shape the preview answers). */
/**
 * The cover in the preview: shown when it is this site's own, else a link to it. (Loading an
 * outside image would tell its host who opened the preview, and when; the page's policy
 * refuses them anyway.)
 */
function coverImage(article) {
  const url = article.cover_image_url;
  if (!url) return null;
  if (new URL(url, location.href).origin === location.origin) return h("img", { src: url, alt: article.cover_image_alt || "" });
  return h("p", { class: "quiet" }, "Cover image (not loaded in the preview): ", h("a", { href: url, rel: "noopener noreferrer" }, url));
}

function rendered(article) {
  const html = (markup) => {
    // The server renders and sanitises markdown (no script, no handlers); this page's
    // policy forbids inline script besides.
    const box = h("div", { class: "prose" });
    box.innerHTML = markup;
    return box;
  };
  const movie = article.movie;
  return h(
    "article",
    { "aria-label": "Preview of the article" },
    h("h1", {}, article.title),
    article.subtitle ? h("p", { class: "subtitle" }, article.subtitle) : null,
    article.excerpt ? h("p", { class: "quiet" }, article.excerpt) : null,
    coverImage(article),
    article.sections.map((s) =>
      h(
        "section",
        {},
        h("h2", {}, s.heading),
        s.subheading ? h("h3", {}, s.subheading) : null,
        html(s.body_html),
        s.media_url ? h("p", {}, h("a", { href: s.media_url, rel: "noopener" }, s.media_caption || s.media_url)) : null,
      ),
    ),
    movie
      ? h(
          "aside",
          {},
          h("h2", {}, movie.release_year ? `${movie.title} (${movie.release_year})` : movie.title),
          movie.directors.length ? h("p", {}, `Directed by ${movie.directors.map((d) => d.name).join(", ")}`) : null,
          h("ol", {}, movie.cast.map((c) => h("li", {}, c.character ? `${c.name} as ${c.character}` : c.name))),
        )
      : null,
  );
}

function revisionsCard(draft, reload) {
  const card = h("section", { class: "card", "aria-labelledby": "revisions-title" }, h("h2", { id: "revisions-title" }, "Revisions"));
  const body = h("div");
  const load = async () => {
    const { data } = await request("GET", `${draft.path}/revisions?limit=100`);
    if (data.data.length === 0) return body.replaceChildren(h("p", { class: "quiet" }, "None yet: publishing records the first."));
    body.replaceChildren(
      table(
        "Revisions, newest first",
        ["Revision", "Reason", "When", ""],
        data.data.map((r) => [
          String(r.number),
          r.reason,
          when(r.created_at),
          action(`Restore revision ${r.number}`, card, async () => {
            await draft.write("POST", `/revisions/${r.number}/restore`);
            await reload();
          }, { class: "secondary", reload }),
        ]),
      ),
    );
  };
  card.append(h("div", { class: "actions" }, action("Show revisions", card, load, { class: "secondary" })), body);
  return card;
}
