// The editors' room: the app shell, the login screen and the account screen. Every text
// from the API goes in as text, never as HTML. Every control has a visible label.

import { logIn, logOut, onSessionEnded, request, resume } from "./api.js";
import { articlesScreen } from "./articles.js";
import { catalogueScreen } from "./catalogue.js";
import { chosenItem, libraryChoice, mediaScreen } from "./media.js";
import { moderationScreen } from "./moderation.js";
import { redirectsScreen } from "./redirects.js";
import { auditScreen, tokensScreen, usersScreen } from "./team.js";
import { field, h, notice, onSubmit, show, ticket, visiting } from "./ui.js";
import { bounds, loadSpec, values } from "./spec.js";

const who = document.getElementById("who");

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

/** The signed-in user, while there is one. */
let current = null;

/** Every role the API knows; filled in once its description is read. */
let EVERYONE = [];

/**
 * The screens by address, and who may see each (as the API's roles decide). The rest of an
 * address names what the screen shows: `#/articles/12` is article 12 on the articles screen.
 */
const SCREENS = {
  "#/articles": { title: "Articles", render: articlesScreen, roles: ["admin", "editor", "author"] },
  "#/media": { title: "Media", render: mediaScreen, roles: ["admin", "editor", "author"] },
  "#/catalogue": { title: "Catalogue", render: catalogueScreen, roles: ["admin", "editor"] },
  "#/redirects": { title: "Redirects", render: redirectsScreen, roles: ["admin", "editor"] },
  "#/moderation": { title: "Comments", render: moderationScreen, roles: ["admin", "editor", "moderator"] },
  "#/users": { title: "Users", render: usersScreen, roles: ["admin"] },
  "#/audit": { title: "Audit log", render: auditScreen, roles: ["admin"] },
  "#/tokens": { title: "API tokens", render: tokensScreen, roles: null },
  "#/account": { title: "Account", render: accountScreen, roles: null },
};

function allowed(user) {
  return Object.entries(SCREENS).filter(([, screen]) => screen.roles.includes(user.role));
}

/** Shows the screen the address names, or the first this user may see. */
function route() {
  if (!current) return;
  const screens = allowed(current);
  const [, base, rest] = location.hash.match(/^(#\/[^/]*)\/?(.*)$/) || [];
  const found = screens.find(([a]) => a === base);
  const [address, screen] = found || screens[0];
  document.querySelectorAll("nav a").forEach((a) => a.toggleAttribute("aria-current", a.getAttribute("href") === address));
  visiting();
  screen.render(current, found ? rest : "");
}

function signedIn(user) {
  current = user;
  who.replaceChildren(
    h("nav", { "aria-label": "Screens" }, allowed(user).map(([address, screen]) => h("a", { href: address }, screen.title))),
    h("span", { class: "name" }, user.display_name),
    h("span", { class: "role" }, h("span", { class: "visually-hidden" }, "Role: "), user.role),
    h("button", { type: "button", class: "secondary", onclick: leave }, "Log out"),
  );
  route();
}

async function leave() {
  let notice = "You are logged out.";
  try {
    await logOut();
  } catch {
    // The token in memory is gone either way; the cookie may live on until it expires.
    notice = "The server could not be reached, so your session may still be open: reload and log out again.";
  }
  current = null;
  loginScreen(notice);
}

window.addEventListener("hashchange", route);

/** Who keeps pictures in the media library (as the API's roles decide). */
const LIBRARY_USERS = ["admin", "editor", "author"];

async function accountScreen(user) {
  const current = ticket();
  let picture = null;
  if (LIBRARY_USERS.includes(user.role)) {
    const { data: me } = await request("GET", "/api/v1/auth/me");
    if (!current()) return;
    picture = h(
      "form",
      { class: "card", "aria-labelledby": "picture-title" },
      h("h2", { id: "picture-title" }, "Your picture"),
      h("p", { class: "quiet" }, "Shown with your name on your articles and your author page."),
      await libraryChoice("Picture from the library", "avatar_id", me.avatar_id),
      h("div", { class: "actions" }, h("button", { type: "submit" }, "Save picture")),
    );
    if (!current()) return;
    onSubmit(picture, async (data) => {
      const { data: latest } = await request("GET", "/api/v1/auth/me");
      await request("PATCH", "/api/v1/auth/me", { body: chosenItem(data, "avatar_id"), ifMatch: latest.version });
      notice(picture, "Your picture is saved.");
    });
  }
  const form = h(
    "form",
    { class: "card", "aria-labelledby": "password-title" },
    h("h2", { id: "password-title" }, "Change your password"),
    h("p", { class: "quiet" }, "Your other sessions end and your API tokens are revoked; this session carries on."),
    field("Current password", "current_password", { type: "password", autocomplete: "current-password", ...bounds("ChangePasswordRequest", "current_password"), required: true }),
    field("New password", "new_password", { type: "password", autocomplete: "new-password", ...bounds("ChangePasswordRequest", "new_password"), required: true }),
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
    picture,
    form,
  );
}

onSessionEnded(() => {
  current = null;
  loginScreen("Your session has ended. Log in again.");
});

loadSpec()
  .then(() => {
    EVERYONE = values("Role");
    for (const screen of Object.values(SCREENS)) screen.roles ||= EVERYONE;
  })
  .then(resume)
  .then((user) => (user ? signedIn(user) : loginScreen()))
  .catch(() => loginScreen("The server could not be reached. Reload to try again."));
