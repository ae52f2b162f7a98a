// The comment queue (moderators, editors, admins): comments by status, oldest waiting first
// as the API lists them, each with the rule that held it; approve, mark as spam or reject
// one at a time (against its version) or many at once. Admins also get the moderation
// rules form.

import { request } from "./api.js";
import { action, field, h, notice, onSubmit, pages, query, report, select, show, textarea, when } from "./ui.js";
import { values } from "./spec.js";

const COMMENTS = "/api/v1/admin/comments";
const RULES = "/api/v1/admin/settings/moderation";
/** What each decision is called on its buttons, and in the notice after a bulk one. */
const DECISIONS = [
  ["approved", "Approve", "approved"],
  ["spam", "Spam", "marked as spam"],
  ["rejected", "Reject", "rejected"],
];

/** The rule that decided, as the API records it, said for a person. */
const REASONS = {
  hold_all: "every comment waits for a moderator",
  first_time: "the commenter's first comment",
  hold_word: "contains a hold word",
  too_many_links: "too many links",
  block_word: "contains a block word",
  honeypot: "filled in the field only bots see",
  auto_approved: "passed every rule",
};
const reason = (code) => REASONS[code] || code.replace(/_/g, " ");

export function moderationScreen(user) {
  const queue = h("section", { class: "card", "aria-labelledby": "queue-title" });
  const filter = h(
    "form",
    { class: "filters", role: "search", "aria-label": "Filter comments" },
    select("Status", "status", values("CommentStatus"), "pending", { id: "comment-status" }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "secondary" }, "Show")),
  );
  const wanted = { status: "pending" };
  const chosen = new Set();
  const comments = pages(queue, (cursor) => request("GET", query(COMMENTS, { limit: 20, status: wanted.status, cursor })).then((r) => r.data), render);
  onSubmit(filter, async (data) => {
    wanted.status = data.get("status");
    chosen.clear();
    await comments.reload();
  });

  async function decide(comment, status) {
    await request("PATCH", `${COMMENTS}/${comment.id}`, { body: { status }, ifMatch: comment.version });
    chosen.delete(comment.id);
    await comments.refresh();
  }

  function render(items) {
    if (items.length === 0) return h("p", { class: "quiet", role: "status" }, `No ${wanted.status} comments.`);
    return h(
      "ul",
      { class: "comments", "aria-label": "Comments" },
      items.map((c) => {
        const byline = `${c.author_name} on article ${c.article_id}`;
        const box = h("input", { type: "checkbox", id: `choose-${c.id}`, checked: chosen.has(c.id), onchange: (e) => (e.target.checked ? chosen.add(c.id) : chosen.delete(c.id)) });
        return h(
          "li",
          { "aria-label": `Comment by ${byline}` },
          h("div", { class: "inline" }, box, h("label", { for: `choose-${c.id}` }, `Choose: ${byline}`)),
          h("p", { class: "quiet" }, `${c.author_email} · ${when(c.created_at)} · ${c.status} · `, h("span", { class: "reason" }, `Reason: ${reason(c.moderation_reason)}`)),
          h("blockquote", {}, c.body),
          h(
            "div",
            { class: "row-actions" },
            DECISIONS.filter(([status]) => status !== c.status).map(([status, verb]) => action(verb, queue, () => decide(c, status), { class: "secondary", "aria-label": `${verb}: ${byline}`, reload: comments.refresh })),
          ),
        );
      }),
    );
  }

  const bulk = h(
    "div",
    { class: "actions" },
    DECISIONS.map(([status, verb, done]) =>
      action(`${verb} chosen`, queue, async () => {
        if (chosen.size === 0) return notice(queue, "Choose some comments first.");
        const { data } = await request("POST", `${COMMENTS}/moderate`, { body: { ids: [...chosen], status } });
        chosen.clear();
        await comments.refresh();
        notice(queue, `${data.updated} ${data.updated === 1 ? "comment" : "comments"} ${done}.`);
      }, { class: "secondary" }),
    ),
  );
  queue.append(h("h1", { id: "queue-title" }, "Comments"), filter, bulk, comments.element);
  show(queue, user.role === "admin" ? rulesForm() : null);
  comments.reload();
}

const words = (data, name) => [...new Set(data.get(name).split(/[\n,]/).map((w) => w.trim()).filter(Boolean))];

function rulesForm() {
  const form = h("form", { class: "card", "aria-labelledby": "rules-title" }, h("h2", { id: "rules-title" }, "Moderation rules"), h("p", { class: "quiet" }, "Loading…"));
  const fill = (rules) => {
    form.replaceChildren(
      h("h2", { id: "rules-title" }, "Moderation rules"),
      h("p", { class: "quiet" }, "New comments: a block word makes them spam; too many links, a hold word or the hold policy keeps them pending; otherwise they appear."),
      select("Hold for a moderator", "hold", [["all", "Every comment"], ["first_time", "A commenter's first comment"], ["none", "None"]], rules.hold),
      field("Most links allowed", "max_links", { type: "number", min: 0, max: 100, required: true, value: rules.max_links }),
      textarea("Hold words (one per line)", "hold_words", rules.hold_words.join("\n"), { rows: 4 }),
      textarea("Block words (one per line)", "block_words", rules.block_words.join("\n"), { rows: 4 }),
      field("Seconds between one reader's comments", "min_interval_seconds", { type: "number", min: 0, max: 86400, required: true, value: rules.min_interval_seconds }),
      h("div", { class: "actions" }, h("button", { type: "submit" }, "Save rules")),
    );
  };
  onSubmit(form, async (data) => {
    const body = {
      hold: data.get("hold"),
      max_links: Number(data.get("max_links")),
      hold_words: words(data, "hold_words"),
      block_words: words(data, "block_words"),
      min_interval_seconds: Number(data.get("min_interval_seconds")),
    };
    fill((await request("PUT", RULES, { body })).data);
    notice(form, "Rules saved.");
  });
  request("GET", RULES).then((r) => fill(r.data), (error) => report(form, error));
  return form;
}
