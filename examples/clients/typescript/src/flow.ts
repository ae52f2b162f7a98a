// The whole editorial flow through the client generated from openapi/openapi.json: an
// editor logs in, builds a movie with its cast and an explainer with sections, reorders and
// publishes it; a reader fetches it (and revalidates with If-None-Match), comments; a
// moderation script approves the comment with an API token; the comment is in the thread.
//
//   MARQUEE_URL=http://127.0.0.1:8080 MARQUEE_EMAIL=... MARQUEE_PASSWORD=... npm run flow
//
// Every step checks what came back and exits non-zero on the first surprise.

import createClient from "openapi-fetch";
import type { paths } from "./schema.js";

const baseUrl = env("MARQUEE_URL");
const api = createClient<paths>({ baseUrl });

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

function check(condition: boolean, what: string): asserts condition {
  if (!condition) throw new Error(`step failed: ${what}`);
  console.log(`ok   ${what}`);
}

/** The body of a successful call, or an error naming the call and the problem. */
function ok<T>(what: string, result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) {
    throw new Error(`${what}: ${result.response.status} ${JSON.stringify(result.error)}`);
  }
  return result.data;
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const etag = (response: Response) => response.headers.get("etag") ?? "";
const suffix = Date.now().toString(36);

async function main() {
  // An editor (here the first admin) signs in.
  const login = ok(
    "login",
    await api.POST("/api/v1/auth/login", {
      body: { email: env("MARQUEE_EMAIL"), password: env("MARQUEE_PASSWORD") },
    }),
  );
  check(login.token_type === "Bearer" && login.access_token.length > 0, "logged in");
  const editor = { headers: bearer(login.access_token) };

  // The catalogue: two cast members, a movie, its credits in billing order.
  const amy = ok(
    "create Amy Adams",
    await api.POST("/api/v1/admin/cast-members", { ...editor, body: { name: `Amy Adams ${suffix}` } }),
  );
  const denis = ok(
    "create Denis Villeneuve",
    await api.POST("/api/v1/admin/cast-members", { ...editor, body: { name: `Denis Villeneuve ${suffix}` } }),
  );
  const movie = ok(
    "create the movie",
    await api.POST("/api/v1/admin/movies", {
      ...editor,
      body: { title: `Arrival ${suffix}`, release_year: 2016, runtime_minutes: 116, genres: ["Drama", "Sci-Fi"] },
    }),
  );
  check(movie.genres.join() === "Drama,Sci-Fi", "movie created with its genres");
  const movieId = { path: { id: movie.id } };
  ok(
    "credit the director",
    await api.POST("/api/v1/admin/movies/{id}/credits", {
      ...editor,
      params: movieId,
      body: { cast_member_id: denis.id, role: "director" },
    }),
  );
  const lead = ok(
    "credit the lead",
    await api.POST("/api/v1/admin/movies/{id}/credits", {
      ...editor,
      params: movieId,
      body: { cast_member_id: amy.id, role: "actor", character: "Louise Banks", billing_order: 1 },
    }),
  );
  check(lead.character === "Louise Banks", "cast credited with a character");

  // The explainer, written with its sections in one request.
  const created = await api.POST("/api/v1/admin/articles", {
    ...editor,
    body: {
      title: `Arrival ${suffix}: The Ending, Explained`,
      excerpt: "What Louise knows, and when.",
      movie_id: movie.id,
      tags: ["Endings"],
      sections: [
        { heading: "The heptapods' gift", body: "Their language *is* the gift." },
        { heading: "What happens at the end?", subheading: "Does Louise choose?", body: "She does." },
        { heading: "Time, non-linearly", body: "Memories of the future." },
      ],
    },
  });
  const article = ok("create the article", created);
  check(article.status === "draft", "article created as a draft");
  const articleId = { path: { id: article.id } };

  // Reorder: the question goes first.
  const sections = ok("list sections", await api.GET("/api/v1/admin/articles/{id}/sections", { ...editor, params: articleId }));
  const [first, second, third] = sections.data.map((s) => s.id);
  check(first !== undefined && second !== undefined && third !== undefined, "the article has three sections");
  const wanted = [second, first, third];
  const reordered = ok(
    "reorder sections",
    await api.PUT("/api/v1/admin/articles/{id}/sections/order", {
      ...editor,
      params: { ...articleId, header: { "If-Match": etag(created.response) } },
      body: { section_ids: wanted },
    }),
  );
  check(reordered.data.map((s) => s.id).join() === wanted.join(), "sections reordered");
  check(reordered.data.map((s) => s.position).join() === "1,2,3", "positions are 1, 2, 3");

  // Publish, with no body: publishing now.
  const current = await api.GET("/api/v1/admin/articles/{id}", { ...editor, params: articleId });
  const published = ok(
    "publish",
    await api.POST("/api/v1/admin/articles/{id}/publish", {
      ...editor,
      params: { ...articleId, header: { "If-Match": etag(current.response) } },
    }),
  );
  check(published.status === "published", "article published");

  // A reader fetches it, then revalidates.
  const slug = { path: { slug: published.slug } };
  const read = await api.GET("/api/v1/articles/{slug}", { params: slug });
  const page = ok("read the article", read);
  check(page.sections[0]?.heading === "What happens at the end?", "readers see the new order");
  check(page.movie?.title === movie.title, "readers see the movie");
  const tag = etag(read.response);
  check(tag.length > 0, "the article has an ETag");
  const again = await api.GET("/api/v1/articles/{slug}", { params: { ...slug, header: { "If-None-Match": tag } } });
  check(again.response.status === 304 && again.data === undefined, "If-None-Match gives 304");

  // A reader comments; it waits for moderation.
  const comment = ok(
    "post a comment",
    await api.POST("/api/v1/articles/{slug}/comments", {
      params: slug,
      body: { author_name: "Ann", author_email: `ann-${suffix}@example.com`, body: "So Louise knew all along?" },
    }),
  );
  check(comment.status === "pending", "the comment awaits moderation");

  // A moderation script, with an API token, approves it.
  const token = ok(
    "create a moderator token",
    await api.POST("/api/v1/admin/tokens", { ...editor, body: { name: `moderation-bot-${suffix}`, role: "moderator" } }),
  );
  const bot = { headers: bearer(token.token) };
  const queue = ok(
    "read the queue",
    await api.GET("/api/v1/admin/comments", { ...bot, params: { query: { status: "pending", article_id: article.id } } }),
  );
  check(queue.data.some((c) => c.id === comment.id), "the comment is in the queue");
  const approved = ok(
    "approve",
    await api.PATCH("/api/v1/admin/comments/{id}", {
      ...bot,
      params: { path: { id: comment.id } },
      body: { status: "approved" },
    }),
  );
  check(approved.status === "approved", "the token approved the comment");

  // The public thread has it.
  const thread = ok("read the thread", await api.GET("/api/v1/articles/{slug}/comments", { params: slug }));
  check(
    thread.data.some((c) => c.id === comment.id && c.author_name === "Ann"),
    "the comment is in the public thread",
  );
  console.log("flow complete");
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
