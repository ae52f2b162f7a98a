// The redirect manager (`#/redirects`, `#/redirects/12`; editors and admins): old addresses
// of the site and where they lead, found by words a page at a time with how often each was
// followed; a redirect added (the API's refusal of a loop or a chain shows next to its
// field), one changed or deleted against its version, and the whole list downloaded for the
// edge (nginx, Netlify, CSV). A redirect an import recorded leads to its record, following
// its renames, until someone gives it a destination of its own.

import { download, request } from "./api.js";
import { action, destructive, field, go, h, notice, onSubmit, optional, pages, query, report, saveFile, select, show, table, ticket, when } from "./ui.js";
import { bounds, paramBounds } from "./spec.js";

const REDIRECTS = "/api/v1/admin/redirects";

/** The statuses the API takes (its description names them: they are no enum of its own). */
const STATUSES = [
  [301, "301 Moved permanently"],
  [302, "302 Found (temporary)"],
  [307, "307 Temporary redirect"],
  [308, "308 Permanent redirect"],
  [410, "410 Gone (leads nowhere)"],
];
const GONE = 410;

/** The export formats, what each button says, and the file name when the answer gives none. */
const EXPORTS = [
  ["nginx", "Download for nginx", "redirects.nginx.conf"],
  ["netlify", "Download Netlify _redirects", "_redirects"],
  ["csv", "Download CSV", "redirects.csv"],
];

/** The record an imported redirect follows, said for a person: "article 12 (follows renames)". */
const record = (r) => (r.target ? `${r.target.kind} ${r.target.id} (follows renames)` : null);

/** Where a redirect leads now, said for a person. */
function leadsTo(r) {
  if (r.status === GONE) return "nowhere (gone)";
  if (r.target) return r.to ? `${r.to} — ${record(r)}` : `${record(r)}, not public now`;
  return r.to ?? "—";
}

/**
 * The destination field is only for redirects: a 410 leads nowhere, so the field is off (and
 * left out of the form's data) while 410 is chosen. Returns the function that brings the
 * field in line with the status, for after a reset.
 */
function destinationFollowsStatus(form, required) {
  const sync = () => {
    const gone = Number(form.elements.status.value) === GONE;
    form.elements.to.disabled = gone;
    form.elements.to.required = required && !gone;
  };
  form.elements.status.addEventListener("change", sync);
  sync();
  return sync;
}

export async function redirectsScreen(user, rest) {
  if (rest) return redirectScreen(Number(rest));
  const list = listCard();
  show(list.element, addForm(() => list.reload()), exportCard());
  await list.reload();
}

function listCard() {
  const card = h("section", { class: "card", "aria-labelledby": "redirects-title" }, h("h1", { id: "redirects-title" }, "Redirects"));
  const filter = h(
    "form",
    { class: "filters", role: "search", "aria-label": "Find redirects" },
    field("Find by path, destination or note", "q", { id: "find-redirects", type: "search", ...paramBounds("list_redirects", "q") }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "secondary" }, "Find")),
  );
  const wanted = { q: "" };
  const render = (items) => {
    if (items.length === 0) return h("p", { class: "quiet", role: "status" }, wanted.q ? "No redirects match." : "No redirects yet.");
    return table(
      "Redirects, newest first",
      ["From", "To", "Status", "Hits", "Last hit", "Origin"],
      items.map((r) => [h("a", { href: `#/redirects/${r.id}` }, r.from_path), leadsTo(r), String(r.status), String(r.hits), when(r.last_hit_at), r.origin]),
    );
  };
  const found = pages(card, (cursor) => request("GET", query(REDIRECTS, { limit: 20, ...wanted, cursor })).then((r) => r.data), render);
  onSubmit(filter, async (data) => {
    wanted.q = data.get("q").trim();
    await found.reload();
  });
  card.append(
    h("p", { class: "quiet" }, "Old addresses of the site and where they lead. Front-ends ask /api/v1/redirects/resolve for a path they cannot serve; each answer counts as a hit (counted within seconds)."),
    filter,
    found.element,
  );
  return { element: card, reload: () => found.reload() };
}

function addForm(added) {
  const form = h(
    "form",
    { class: "card", "aria-labelledby": "add-redirect-title" },
    h("h2", { id: "add-redirect-title" }, "Add a redirect"),
    h("p", { class: "quiet" }, "From a path of the site (a trailing slash and the query string do not count) to a path of the site or an http(s) URL. A destination that redirects itself is refused: point at where it leads instead."),
    field("From path", "from_path", { required: true, ...bounds("CreateRedirectRequest", "from_path"), placeholder: "/2021/03/13/an-old-address", autocomplete: "off" }),
    field("To (a path of the site or an http(s) URL)", "to", { ...bounds("CreateRedirectRequest", "to"), placeholder: "/a-new-address", autocomplete: "off" }),
    select("Status", "status", STATUSES, 301),
    field("Note", "note", { ...bounds("CreateRedirectRequest", "note"), autocomplete: "off" }),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Add redirect")),
  );
  const sync = destinationFollowsStatus(form, true);
  onSubmit(form, async (data) => {
    const status = Number(data.get("status"));
    const body = { from_path: data.get("from_path").trim(), to: status === GONE ? null : optional(data, "to"), status, note: optional(data, "note") };
    const { data: made } = await request("POST", REDIRECTS, { body });
    form.reset();
    sync();
    notice(form, `Redirect from ${made.from_path} added.`);
    await added();
  });
  return form;
}

function exportCard() {
  const card = h(
    "section",
    { class: "card", "aria-labelledby": "export-title" },
    h("h2", { id: "export-title" }, "Export for the edge"),
    h("p", { class: "quiet" }, "Every redirect, where it leads now: an nginx file to include in the site's server block, Netlify's _redirects file, or CSV with the hits. Redirects whose record is not public now are left out."),
  );
  card.append(
    h(
      "div",
      { class: "actions" },
      EXPORTS.map(([format, text, name]) =>
        action(text, card, async () => {
          const { blob, filename } = await download(query(`${REDIRECTS}/export`, { format }));
          saveFile(blob, filename || name);
        }, { class: "secondary" }),
      ),
    ),
  );
  return card;
}

async function redirectScreen(id) {
  const current = ticket();
  let redirect;
  try {
    ({ data: redirect } = await request("GET", `${REDIRECTS}/${id}`));
  } catch (error) {
    if (!current()) return;
    const box = h("section", { class: "card" }, h("p", {}, h("a", { href: "#/redirects" }, "← Redirects")), h("h1", {}, "Redirect"));
    show(box);
    report(box, error);
    return;
  }
  if (!current()) return;
  shown(redirect);
}

/** One redirect: what it is now, and the form that changes or deletes it. */
function shown(redirect, saved) {
  const id = redirect.id;
  const reload = () => redirectScreen(id);
  const follows = record(redirect);
  const card = h(
    "section",
    { class: "card", "aria-labelledby": "redirect-title" },
    h("p", {}, h("a", { href: "#/redirects" }, "← Redirects")),
    h("h1", { id: "redirect-title" }, redirect.from_path),
    h(
      "dl",
      {},
      h("dt", {}, "Leads to"), h("dd", {}, leadsTo(redirect)),
      h("dt", {}, "Status"), h("dd", {}, String(redirect.status)),
      h("dt", {}, "Hits"), h("dd", {}, String(redirect.hits)),
      h("dt", {}, "Last hit"), h("dd", {}, when(redirect.last_hit_at)),
      h("dt", {}, "Origin"), h("dd", {}, redirect.origin),
      h("dt", {}, "Added"), h("dd", {}, when(redirect.created_at)),
      h("dt", {}, "Changed"), h("dd", {}, when(redirect.updated_at)),
    ),
  );
  const form = h(
    "form",
    { class: "card", "aria-labelledby": "change-redirect-title" },
    h("h2", { id: "change-redirect-title" }, "Change the redirect"),
    field("From path", "from_path", { required: true, ...bounds("UpdateRedirectRequest", "from_path"), value: redirect.from_path, autocomplete: "off" }),
    follows
      ? h("p", { class: "quiet" }, `It leads to ${follows}. Give a destination to lead elsewhere instead: it replaces the link to the record.`)
      : null,
    field(follows ? "To (empty: keep following the record)" : "To (a path of the site or an http(s) URL)", "to", {
      ...bounds("UpdateRedirectRequest", "to"),
      // A redirect that follows its record has no destination of its own to show.
      value: follows ? "" : redirect.to,
      placeholder: follows ? redirect.to : null,
      autocomplete: "off",
    }),
    select("Status", "status", STATUSES, redirect.status),
    field("Note", "note", { ...bounds("UpdateRedirectRequest", "note"), value: redirect.note, autocomplete: "off" }),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit" }, "Save redirect"),
      destructive("Delete redirect", card, async () => {
        await request("DELETE", `${REDIRECTS}/${id}`, { ifMatch: redirect.version });
        go("#/redirects");
      }, { reload }),
    ),
  );
  destinationFollowsStatus(form, !follows);
  onSubmit(
    form,
    async (data) => {
      const status = Number(data.get("status"));
      const to = status === GONE ? null : optional(data, "to");
      const body = { from_path: data.get("from_path").trim(), status, note: optional(data, "note") };
      // Left empty, a redirect that follows its record keeps following it.
      if (!(follows && to === null)) body.to = to;
      const { data: changed } = await request("PATCH", `${REDIRECTS}/${id}`, { body, ifMatch: redirect.version });
      shown(changed, "Redirect saved.");
    },
    reload,
  );
  show(card, form);
  if (saved) notice(form, saved);
}
