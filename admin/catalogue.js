// The catalogue (editors and admins): movies and cast members, found by name a page at a
// time, created and edited; `#/catalogue/7` is movie 7 with its credits (who did what, the
// character an actor plays, the billing order, moved up and down).

import { request } from "./api.js";
import { action, destructive, field, go, h, list, notice, Notice, onSubmit, optional, pages, query, report, searchInput, select, show, table, textarea, ticket } from "./ui.js";
import { chosenItem, libraryChoice } from "./media.js";
import { bounds, paramBounds, values } from "./spec.js";

const MOVIES = "/api/v1/admin/movies";
const PEOPLE = "/api/v1/admin/cast-members";

const number = (data, name) => (optional(data, name) === null ? null : Number(data.get(name)));

function movieFields(m = {}) {
  return [
    field("Title", "title", { required: true, ...bounds("UpdateMovieRequest", "title"), value: m.title }),
    field("Original title", "original_title", { ...bounds("UpdateMovieRequest", "original_title"), value: m.original_title }),
    field("Release year", "release_year", { type: "number", min: 1870, max: 2100, value: m.release_year }),
    field("Release date", "release_date", { type: "date", value: m.release_date }),
    field("Runtime (minutes)", "runtime_minutes", { type: "number", min: 1, max: 2000, value: m.runtime_minutes }),
    field("Genres (comma-separated)", "genres", { value: (m.genres || []).join(", ") }),
    field("Poster URL", "poster_url", { type: "url", value: m.poster_url }),
    field("Trailer URL", "trailer_url", { type: "url", value: m.trailer_url }),
    textarea("Synopsis", "synopsis", m.synopsis, { rows: 4 }),
  ];
}

function movieBody(data) {
  return {
    title: data.get("title"),
    original_title: optional(data, "original_title"),
    release_year: number(data, "release_year"),
    release_date: optional(data, "release_date"),
    runtime_minutes: number(data, "runtime_minutes"),
    genres: list(data, "genres"),
    poster_url: optional(data, "poster_url"),
    ...chosenItem(data, "poster_id"),
    trailer_url: optional(data, "trailer_url"),
    synopsis: optional(data, "synopsis"),
  };
}

function personFields(prefix, p = {}) {
  const id = (name) => `${prefix}-${name}`;
  return [
    field("Name", "name", { id: id("name"), required: true, ...bounds("UpdateCastMemberRequest", "name"), value: p.name }),
    field("Birth date", "birth_date", { id: id("birth_date"), type: "date", value: p.birth_date }),
    field("Photo URL", "photo_url", { id: id("photo_url"), type: "url", value: p.photo_url }),
    textarea("Biography", "bio", p.bio, { id: id("bio"), rows: 3 }),
  ];
}

const personBody = (data) => ({ name: data.get("name"), birth_date: optional(data, "birth_date"), photo_url: optional(data, "photo_url"), ...chosenItem(data, "photo_id"), bio: optional(data, "bio") });

/** A searchable list of a catalogue resource, a page at a time. */
function searchable(name, path, rows) {
  const filter = h("form", { class: "filters", role: "search", "aria-label": `Find ${name}` }, field(`Find ${name}`, "q", { id: `find-${name.replace(/ /g, "-")}`, type: "search", ...paramBounds(name === "movies" ? "list_movies" : "list_cast_members", "q") }), h("div", { class: "actions" }, h("button", { type: "submit", class: "secondary" }, "Find")));
  const wanted = { q: "" };
  const found = pages(filter, (cursor) => request("GET", query(path, { limit: 20, q: wanted.q, cursor })).then((r) => r.data), rows);
  onSubmit(filter, async (data) => {
    wanted.q = data.get("q").trim();
    await found.reload();
  });
  found.reload();
  return { filter, found };
}

export function catalogueScreen(user, rest) {
  if (rest) return movieScreen(Number(rest));
  const movies = searchable("movies", MOVIES, (items) =>
    items.length ? table("Movies, newest first", ["Title", "Year"], items.map((m) => [h("a", { href: `#/catalogue/${m.id}` }, m.title), m.release_year ? String(m.release_year) : "—"])) : h("p", { class: "quiet" }, "No movies match."),
  );
  const newMovie = h("form", { class: "card", "aria-labelledby": "new-movie-title" }, h("h2", { id: "new-movie-title" }, "New movie"), movieFields(), h("div", { class: "actions" }, h("button", { type: "submit" }, "Create movie")));
  onSubmit(newMovie, async (data) => go(`#/catalogue/${(await request("POST", MOVIES, { body: movieBody(data) })).data.id}`));

  const editingPerson = h("div");
  const people = searchable("cast members", PEOPLE, (items) =>
    items.length
      ? table("Cast members, newest first", ["Name", "Born", ""], items.map((p) => [p.name, p.birth_date || "—", action("Edit", editingPerson, async () => editPerson(p), { class: "secondary", "aria-label": `Edit ${p.name}` })]))
      : h("p", { class: "quiet" }, "No cast members match."),
  );
  async function editPerson(person) {
    const photo = await libraryChoice("Photo from the library", "photo_id", person.photo_id);
    const form = h("form", { class: "editing", "aria-labelledby": "edit-person-title" }, h("h3", { id: "edit-person-title" }, `Editing ${person.name}`), personFields("edit-person", person), photo, h("div", { class: "actions" }, h("button", { type: "submit" }, "Save cast member"), h("button", { type: "button", class: "secondary", onclick: () => editingPerson.replaceChildren() }, "Close")));
    onSubmit(
      form,
      async (data) => {
        await request("PATCH", `${PEOPLE}/${person.id}`, { body: personBody(data), ifMatch: person.version });
        editingPerson.replaceChildren();
        await people.found.refresh();
      },
      async () => editPerson((await request("GET", `${PEOPLE}/${person.id}`)).data),
    );
    editingPerson.replaceChildren(form);
    form.elements.name.focus();
  }
  const newPerson = h("form", { "aria-labelledby": "new-person-title" }, h("h3", { id: "new-person-title" }, "New cast member"), personFields("new-person"), h("div", { class: "actions" }, h("button", { type: "submit" }, "Add cast member")));
  onSubmit(newPerson, async (data) => {
    const { data: person } = await request("POST", PEOPLE, { body: personBody(data) });
    newPerson.reset();
    notice(newPerson, `${person.name} added.`);
    await people.found.reload();
  });

  show(
    h("section", { class: "card", "aria-labelledby": "movies-title" }, h("h1", { id: "movies-title" }, "Movies"), movies.filter, movies.found.element),
    newMovie,
    h("section", { class: "card", "aria-labelledby": "people-title" }, h("h2", { id: "people-title" }, "Cast members"), people.filter, people.found.element, editingPerson, newPerson),
  );
}

async function movieScreen(id) {
  const path = `${MOVIES}/${id}`;
  const top = h("section", { class: "card" }, h("a", { href: "#/catalogue" }, "← The catalogue"));
  const current = ticket();
  let movie, poster;
  try {
    movie = (await request("GET", path)).data;
    poster = await libraryChoice("Poster from the library", "poster_id", movie.poster_id);
  } catch (error) {
    if (!current()) return;
    show(top);
    return report(top, error);
  }
  if (!current()) return;
  const reload = () => movieScreen(id);
  top.append(h("h1", { id: "movie-title" }, movie.title));
  const details = h("form", { class: "card", "aria-labelledby": "movie-details-title" }, h("h2", { id: "movie-details-title" }, "Details"), movieFields(movie), poster, h("div", { class: "actions" }, h("button", { type: "submit" }, "Save movie")));
  onSubmit(
    details,
    async (data) => {
      movie = (await request("PATCH", path, { body: movieBody(data), ifMatch: movie.version })).data;
      top.querySelector("h1").textContent = movie.title;
      notice(details, "Movie saved.");
    },
    reload,
  );
  details.querySelector(".actions").append(
    destructive("Delete movie", details, async () => {
      await request("DELETE", path, { ifMatch: movie.version });
      go("#/catalogue");
    }, { reload }),
  );
  show(top, details, creditsCard(path, reload));
}

function creditsCard(moviePath, reload) {
  const path = `${moviePath}/credits`;
  const card = h("section", { class: "card", "aria-labelledby": "credits-title" });
  const listed = h("div");
  let credits = [];

  async function load(focus) {
    credits = (await request("GET", `${path}?limit=100`)).data.data;
    listed.replaceChildren(
      credits.length
        ? table("Credits in billing order", ["Billing", "Name", "Role", "Character", ""], credits.map((c, i) => [String(c.billing_order), c.cast_member.name, c.role, c.character || "—", creditActions(c, i)]))
        : h("p", { class: "quiet" }, "No credits yet."),
    );
    if (focus) listed.querySelector(`[data-credit="${focus.id}"][data-which="${focus.which}"]:not([disabled])`)?.focus();
  }

  /** Swaps two credits' billing orders (one write each, each against its version). */
  async function swap(i, j, which) {
    const [a, b] = [credits[i], credits[j]];
    const v = b.billing_order;
    // Equal orders (the order of entry decides) are pulled apart instead of swapped.
    const [first, second] = a.billing_order !== v ? [v, a.billing_order] : j < i ? [v, v + 1] : [v + 1, v];
    try {
      await request("PATCH", `${path}/${a.id}`, { body: { billing_order: first }, ifMatch: a.version });
      try {
        await request("PATCH", `${path}/${b.id}`, { body: { billing_order: second }, ifMatch: b.version });
      } catch (error) {
        throw new Notice(`Only half of the move was saved (${error.message}). The list shows the credits as stored now.`);
      }
    } finally {
      await load({ id: a.id, which });
    }
  }

  function creditActions(c, i) {
    const named = (label, which) => ({ class: "secondary", "aria-label": `${label}: ${c.cast_member.name}`, "data-credit": c.id, "data-which": which, reload });
    return h(
      "div",
      { class: "row-actions" },
      action("Move up", card, () => swap(i, i - 1, "up"), { ...named("Move up", "up"), disabled: i === 0 }),
      action("Move down", card, () => swap(i, i + 1, "down"), { ...named("Move down", "down"), disabled: i === credits.length - 1 }),
      destructive("Remove", card, async () => {
        await request("DELETE", `${path}/${c.id}`, { ifMatch: c.version });
        await load();
      }, named("Remove", "remove")),
    );
  }

  const adding = h("form", { "aria-labelledby": "add-credit-title" });
  const person = h("select", { id: "credit-person", name: "cast_member_id", required: true, "aria-describedby": "credit-person-error" });
  const find = searchInput("credit-find", adding, async (q) => {
    const { data } = await request("GET", query(PEOPLE, { limit: 100, q }));
    person.replaceChildren(...data.data.map((p) => h("option", { value: p.id }, p.name)));
  }, paramBounds("list_cast_members", "q"));
  adding.append(
    h("h3", { id: "add-credit-title" }, "Add a credit"),
    h("label", { for: "credit-find" }, "Find a cast member"),
    find.row,
    h("div", { class: "field" }, h("label", { for: "credit-person" }, "Cast member"), person, h("p", { id: "credit-person-error", class: "field-error" })),
    select("Role", "role", values("CreditRole"), "actor", { id: "credit-role" }),
    field("Character (actors)", "character", { id: "credit-character", ...bounds("CreateCreditRequest", "character") }),
    field("Billing order (empty: last)", "billing_order", { id: "credit-billing", type: "number", min: 0, max: 10000 }),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Add credit")),
  );
  onSubmit(adding, async (data) => {
    await request("POST", path, {
      body: { cast_member_id: Number(data.get("cast_member_id")), role: data.get("role"), character: optional(data, "character"), billing_order: number(data, "billing_order") },
    });
    adding.elements.character.value = "";
    adding.elements.billing_order.value = "";
    await load();
  });

  card.append(h("h2", { id: "credits-title" }, "Credits"), listed, adding);
  load().catch((error) => report(card, error));
  find.run();
  return card;
}
