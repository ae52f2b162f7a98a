// Who works here: users (admins create them, change their role, disable and enable them),
// API tokens (everyone's own; admins see all; the secret is shown once, on creation), and
// the audit log (admins), a page at a time.

import { request } from "./api.js";
import { action, destructive, field, h, notice, onSubmit, optional, pages, query, select, show, table, when } from "./ui.js";
import { bounds, paramBounds, values } from "./spec.js";

/**
 * The roles a token of each role's owner may have, as the API decides (at most the owner's:
 * an admin's any, an editor's any but admin, the others' only their own).
 */
const grants = (role) => ({ admin: values("Role"), editor: values("Role").filter((r) => r !== "admin") })[role] || [role];
const USERS = "/api/v1/admin/users";
const TOKENS = "/api/v1/admin/tokens";

const listed = (path, filters) => (cursor) => request("GET", query(path, { limit: 20, ...filters, cursor })).then((r) => r.data);

export function usersScreen(user) {
  const card = h("section", { class: "card", "aria-labelledby": "users-title" });
  const users = pages(card, listed(USERS, {}), (items) =>
    table(
      "Users",
      ["Name", "Email", "Role", "State", ""],
      items.map((u) => {
        const change = (body) => request("PATCH", `${USERS}/${u.id}`, { body, ifMatch: u.version }).then(() => users.refresh());
        const role = h("select", { "aria-label": `Role of ${u.display_name}`, disabled: u.id === user.id }, values("Role").map((r) => h("option", { value: r, selected: r === u.role }, r)));
        const save = action("Change role", card, () => change({ role: role.value }), { class: "secondary", "aria-label": `Change role of ${u.display_name}`, disabled: u.id === user.id, reload: users.refresh });
        const toggle = u.disabled
          ? action("Enable", card, () => change({ disabled: false }), { class: "secondary", "aria-label": `Enable ${u.display_name}`, reload: users.refresh })
          : destructive("Disable", card, () => change({ disabled: true }), { "aria-label": `Disable ${u.display_name}`, disabled: u.id === user.id, reload: users.refresh });
        return [u.display_name, u.email, h("div", { class: "inline" }, role, save), u.disabled ? "disabled" : "active", toggle];
      }),
    ),
  );
  const create = h(
    "form",
    { class: "card", "aria-labelledby": "new-user-title" },
    h("h2", { id: "new-user-title" }, "New user"),
    field("Email", "email", { id: "new-user-email", type: "email", required: true, autocomplete: "off" }),
    field("Display name", "display_name", { id: "new-user-name", required: true, ...bounds("CreateUserRequest", "display_name") }),
    select("Role", "role", values("Role"), "author", { id: "new-user-role" }),
    field(`Password (${bounds("CreateUserRequest", "password").minlength} characters or more)`, "password", { id: "new-user-password", type: "password", required: true, ...bounds("CreateUserRequest", "password"), autocomplete: "new-password" }),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Create user")),
  );
  onSubmit(create, async (data) => {
    const body = Object.fromEntries(["email", "display_name", "role", "password"].map((name) => [name, data.get(name)]));
    const { data: made } = await request("POST", USERS, { body });
    create.reset();
    notice(create, `${made.display_name} can log in now.`);
    await users.reload();
  });
  card.append(h("h1", { id: "users-title" }, "Users"), users.element);
  show(card, create);
  users.reload();
}

export function tokensScreen(user) {
  const card = h("section", { class: "card", "aria-labelledby": "tokens-title" });
  const tokens = pages(card, listed(TOKENS, {}), (items) =>
    items.length
      ? table(
          "API tokens",
          ["Name", "Role", "Starts with", "Last used", "Expires", ""],
          items.map((t) => [t.name, t.role, `${t.prefix}…`, when(t.last_used_at), when(t.expires_at), destructive("Revoke", card, async () => {
            await request("DELETE", `${TOKENS}/${t.id}`);
            await tokens.reload();
          }, { "aria-label": `Revoke ${t.name}` })]),
        )
      : h("p", { class: "quiet" }, "No API tokens."),
  );
  const create = h(
    "form",
    { class: "card", "aria-labelledby": "new-token-title" },
    h("h2", { id: "new-token-title" }, "New API token"),
    h("p", { class: "quiet" }, "For scripts: send it as Authorization: Bearer <token>. Its role is at most yours."),
    field("Name", "name", { id: "new-token-name", required: true, ...bounds("CreateTokenRequest", "name") }),
    select("Role", "role", grants(user.role), user.role, { id: "new-token-role" }),
    field("Expires (optional)", "expires_at", { id: "new-token-expires", type: "date" }),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Create token")),
  );
  onSubmit(create, async (data) => {
    const expires = optional(data, "expires_at");
    const body = { name: data.get("name"), role: data.get("role"), expires_at: expires ? new Date(`${expires}T23:59:59`).toISOString().replace(/\.\d{3}Z$/, "Z") : null };
    const { data: made } = await request("POST", TOKENS, { body });
    create.reset();
    notice(create, "Copy the token now: it is not shown again.");
    // A read-only field: labelled, selectable, and easy to copy.
    const shown = field("The new token", "token", { id: "new-token-secret", readonly: true, value: made.token, class: "secret" });
    create.querySelector(".notice").append(shown);
    shown.querySelector("input").select();
    await tokens.reload();
  });
  card.append(h("h1", { id: "tokens-title" }, "API tokens"), tokens.element);
  show(card, create);
  tokens.reload();
}

export function auditScreen() {
  const card = h("section", { class: "card", "aria-labelledby": "audit-title" });
  const filter = h("form", { class: "filters", role: "search", "aria-label": "Filter the audit log" }, field("Action", "action", { id: "audit-action", ...paramBounds("list_audit", "action"), placeholder: "article.publish" }), h("div", { class: "actions" }, h("button", { type: "submit", class: "secondary" }, "Show")));
  const wanted = { action: "" };
  const entries = pages(card, listed("/api/v1/admin/audit", wanted), (items) =>
    items.length
      ? table("Audit log, newest first", ["When", "User", "Action", "Target"], items.map((e) => [when(e.at), e.user_id === null ? "—" : `user ${e.user_id}`, e.action, e.target_id === null ? e.target_type : `${e.target_type} ${e.target_id}`]))
      : h("p", { class: "quiet" }, "Nothing recorded."),
  );
  onSubmit(filter, async (data) => {
    wanted.action = data.get("action").trim();
    await entries.reload();
  });
  card.append(h("h1", { id: "audit-title" }, "Audit log"), filter, entries.element);
  show(card);
  entries.reload();
}
