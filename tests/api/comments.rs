//! Reader comments: submission, the moderation rules and their reasons, threads, the
//! honeypot, rate limits, privacy and escaping.

use reqwest::Method;
use serde_json::{json as j, Value};

use crate::helpers::{assert_problem, json, spawn_app, spawn_app_with, Session, TestApp};

/// Rules that let comments through, so each test switches on only the rule it tests.
fn open_rules() -> Value {
    j!({"hold": "none", "max_links": 2, "hold_words": [], "block_words": [], "min_interval_seconds": 0})
}

async fn set_rules(app: &TestApp, admin: &Session, rules: Value) {
    let response = app.send_json(Method::PUT, "/api/v1/admin/settings/moderation", &admin.token, &rules).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
}

/// A published article; returns its slug.
async fn article(app: &TestApp, admin: &Session, title: &str) -> String {
    let a = app.create_article(&admin.token, j!({ "title": title })).await;
    app.publish(&admin.token, a["id"].as_i64().unwrap(), None).await;
    a["slug"].as_str().unwrap().to_string()
}

async fn comment(app: &TestApp, slug: &str, body: Value) -> reqwest::Response {
    app.post_json(&format!("/api/v1/articles/{slug}/comments"), &body).await
}

fn by(name: &str, text: &str) -> Value {
    j!({"author_name": name, "author_email": format!("{}@readers.example", name.to_lowercase()), "body": text})
}

async fn stored(app: &TestApp, admin: &Session, id: &Value) -> Value {
    let list =
        json(app.authed(Method::GET, "/api/v1/admin/comments?limit=100", &admin.token).send().await.unwrap()).await;
    list["data"].as_array().unwrap().iter().find(|c| &c["id"] == id).cloned().expect("the comment is in the queue")
}

#[tokio::test]
async fn by_default_every_comment_is_held() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let slug = article(&app, &admin, "Held").await;
    let response = comment(&app, &slug, by("Ann", "So Hannah was never born?")).await;
    assert_eq!(response.status(), 202);
    let accepted = json(response).await;
    assert_eq!(accepted["status"], "pending");
    let record = stored(&app, &admin, &accepted["id"]).await;
    assert_eq!(record["moderation_reason"], "hold_all");
    assert_eq!(record["author_email"], "ann@readers.example");
    let public = json(app.get(&format!("/api/v1/articles/{slug}/comments")).await).await;
    assert_eq!(public["data"], j!([]));
}

#[tokio::test]
async fn every_rule_decides_with_its_reason() {
    let app = spawn_app_with(&[("MARQUEE_RATE_LIMIT", "off")]).await;
    let admin = app.admin().await;
    let slug = article(&app, &admin, "Rules").await;
    let mut rules = open_rules();
    rules["block_words"] = j!(["Casino"]);
    rules["hold_words"] = j!(["refund"]);
    set_rules(&app, &admin, rules).await;

    let cases = [
        (by("Ann", "Loved the ending"), "approved", "auto_approved"),
        (by("Bob", "Visit my CASINO"), "spam", "block_word"),
        (j!({"author_name": "Cy", "author_email": "cy@casino.biz", "body": "hello"}), "spam", "block_word"),
        (by("Dee", "I want a REFUND"), "pending", "hold_word"),
        (by("Eve", "http://a.io http://b.io http://c.io"), "pending", "too_many_links"),
        (by("Fay", "two links http://a.io https://b.io are fine"), "approved", "auto_approved"),
    ];
    for (body, status, reason) in cases {
        let response = comment(&app, &slug, body.clone()).await;
        assert_eq!(response.status(), 202, "{body}");
        let accepted = json(response).await;
        let record = stored(&app, &admin, &accepted["id"]).await;
        assert_eq!(
            (record["status"].as_str(), record["moderation_reason"].as_str()),
            (Some(status), Some(reason)),
            "{body}"
        );
        // Spam is answered like any held comment.
        let answered = if status == "approved" { "approved" } else { "pending" };
        assert_eq!(accepted["status"], answered);
    }
}

#[tokio::test]
async fn first_time_holds_until_the_email_has_an_approved_comment() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let slug = article(&app, &admin, "First time").await;
    let mut rules = open_rules();
    rules["hold"] = j!("first_time");
    set_rules(&app, &admin, rules).await;
    let first = json(comment(&app, &slug, by("Ann", "Hello")).await).await;
    assert_eq!(stored(&app, &admin, &first["id"]).await["moderation_reason"], "first_time");
    let path = format!("/api/v1/admin/comments/{}", first["id"]);
    assert_eq!(app.send_json(Method::PATCH, &path, &admin.token, &j!({"status": "approved"})).await.status(), 200);
    let second = json(comment(&app, &slug, by("Ann", "Me again")).await).await;
    assert_eq!(second["status"], "approved");
}

#[tokio::test]
async fn duplicates_and_comments_sooner_than_the_interval_are_429() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let slug = article(&app, &admin, "Flood").await;
    // With the default hold-everything policy, floods are still refused.
    assert_eq!(comment(&app, &slug, by("Ann", "First!")).await.status(), 202);
    let too_soon = comment(&app, &slug, by("Ann", "Second!")).await;
    assert!(too_soon.headers()["retry-after"].to_str().unwrap().parse::<u64>().unwrap() > 0);
    assert_problem(too_soon, 429).await;

    set_rules(&app, &admin, open_rules()).await;
    let duplicate = comment(&app, &slug, by("Ann", "First!")).await;
    assert_problem(duplicate, 429).await;
    assert_eq!(comment(&app, &slug, by("Ann", "Something new")).await.status(), 202);
    let queue = json(app.authed(Method::GET, "/api/v1/admin/comments", &admin.token).send().await.unwrap()).await;
    assert_eq!(queue["data"].as_array().unwrap().len(), 2, "refused comments are not stored");
}

#[tokio::test]
async fn the_honeypot_stores_spam_and_answers_202() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let slug = article(&app, &admin, "Honeypot").await;
    set_rules(&app, &admin, open_rules()).await;
    let mut body = by("Bot", "Great post");
    body["website"] = j!("http://spam.example");
    let response = comment(&app, &slug, body).await;
    assert_eq!(response.status(), 202);
    let accepted = json(response).await;
    assert_eq!(accepted["status"], "pending");
    let record = stored(&app, &admin, &accepted["id"]).await;
    assert_eq!((record["status"].as_str(), record["moderation_reason"].as_str()), (Some("spam"), Some("honeypot")));
    let mut empty = by("Human", "An empty website field is fine");
    empty["website"] = j!("");
    assert_eq!(json(comment(&app, &slug, empty).await).await["status"], "approved");
}

#[tokio::test]
async fn invalid_comments_list_every_field() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let slug = article(&app, &admin, "Invalid").await;
    let response =
        comment(&app, &slug, j!({"author_name": "", "author_email": "not-an-email", "body": "x".repeat(5001)})).await;
    let problem = assert_problem(response, 422).await;
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["author_name", "author_email", "body"]);
    assert_eq!(
        assert_problem(comment(&app, &slug, j!({"author_name": "A", "body": "x"})).await, 422).await["errors"][0]
            ["field"],
        "author_email"
    );
    let extra =
        comment(&app, &slug, j!({"author_name": "A", "author_email": "a@b.io", "body": "x", "ip": "1.2.3.4"})).await;
    assert_eq!(assert_problem(extra, 422).await["errors"][0]["field"], "ip");
    assert_eq!(comment(&app, &slug, by("Ann", &"é".repeat(5000))).await.status(), 202, "5000 characters is the limit");
}

#[tokio::test]
async fn comments_only_on_published_articles() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let draft = app.create_article(&admin.token, j!({"title": "Draft only"})).await;
    assert_problem(comment(&app, draft["slug"].as_str().unwrap(), by("Ann", "hi")).await, 404).await;
    assert_problem(comment(&app, "no-such-article", by("Ann", "hi")).await, 404).await;
    assert_problem(app.get("/api/v1/articles/no-such-article/comments").await, 404).await;
}

#[tokio::test]
async fn replies_need_an_approved_parent_of_the_same_article() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let (slug, other) = (article(&app, &admin, "Thread").await, article(&app, &admin, "Other").await);
    set_rules(&app, &admin, open_rules()).await;
    let parent = json(comment(&app, &slug, by("Ann", "Question?")).await).await;
    let mut reply = by("Bob", "Answer.");
    reply["parent_id"] = parent["id"].clone();
    let reply_id = json(comment(&app, &slug, reply.clone()).await).await["id"].clone();

    let public = json(app.get(&format!("/api/v1/articles/{slug}/comments")).await).await;
    let flat: Vec<(Value, Value)> =
        public["data"].as_array().unwrap().iter().map(|c| (c["id"].clone(), c["parent_id"].clone())).collect();
    assert_eq!(flat, [(parent["id"].clone(), Value::Null), (reply_id, parent["id"].clone())], "oldest first, flat");

    assert_eq!(
        assert_problem(comment(&app, &other, reply.clone()).await, 422).await["errors"][0]["field"],
        "parent_id"
    );
    let mut held = open_rules();
    held["hold"] = j!("all");
    set_rules(&app, &admin, held).await;
    let pending = json(comment(&app, &slug, by("Cy", "Held one")).await).await;
    let mut to_pending = by("Dee", "Reply to a held comment");
    to_pending["parent_id"] = pending["id"].clone();
    assert_problem(comment(&app, &slug, to_pending).await, 422).await;
}

#[tokio::test]
async fn comment_submission_is_rate_limited_per_client() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let slug = article(&app, &admin, "Busy").await;
    set_rules(&app, &admin, open_rules()).await;
    let mut statuses = Vec::new();
    for i in 0..8 {
        statuses.push(comment(&app, &slug, by("Ann", &format!("comment {i}"))).await.status().as_u16());
    }
    assert_eq!(&statuses[..5], [202; 5], "{statuses:?}");
    assert_eq!(statuses[7], 429, "{statuses:?}");
    let limited = comment(&app, &slug, by("Ann", "one more")).await;
    assert!(limited.headers().contains_key("retry-after"));
    assert_problem(limited, 429).await;
}

#[tokio::test]
async fn one_ipv6_64_shares_one_comment_allowance() {
    let app = spawn_app_with(&[("MARQUEE_TRUSTED_PROXIES", "127.0.0.1/32")]).await;
    let admin = app.admin().await;
    let slug = article(&app, &admin, "Busy from one home").await;
    set_rules(&app, &admin, open_rules()).await;
    let from = |address: String, body: Value| {
        app.request(reqwest::Method::POST, &format!("/api/v1/articles/{slug}/comments"))
            .header("x-forwarded-for", address)
            .json(&body)
            .send()
    };
    // Every comment from a different address of one /64: the sixth is refused all the same.
    let mut statuses = Vec::new();
    for i in 1..=6u16 {
        let response = from(format!("2001:db8:7:7::{i:x}"), by("Ann", &format!("comment {i}"))).await.unwrap();
        statuses.push(response.status().as_u16());
    }
    assert_eq!(statuses, [202, 202, 202, 202, 202, 429]);
    // The next /64 is another home.
    let other = from("2001:db8:7:8::1".into(), by("Bo", "hello")).await.unwrap();
    assert_eq!(other.status(), 202);
}

#[tokio::test]
async fn rate_limits_are_off_when_configured_off() {
    let app = spawn_app_with(&[("MARQUEE_RATE_LIMIT", "off")]).await;
    let admin = app.admin().await;
    let slug = article(&app, &admin, "Unlimited").await;
    set_rules(&app, &admin, open_rules()).await;
    for i in 0..12 {
        assert_eq!(comment(&app, &slug, by("Ann", &format!("comment {i}"))).await.status(), 202);
    }
}

#[tokio::test]
async fn bodies_are_escaped_and_links_are_nofollow() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let slug = article(&app, &admin, "Escaping").await;
    set_rules(&app, &admin, open_rules()).await;
    let hostile = "<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) see https://example.com/a?b=1&c=<2>";
    comment(&app, &slug, by("Mallory", hostile)).await;
    let public = json(app.get(&format!("/api/v1/articles/{slug}/comments")).await).await;
    let html = public["data"][0]["body_html"].as_str().unwrap();
    assert!(!html.contains("<script") && !html.contains("<img"), "{html}");
    assert!(html.contains("&lt;script&gt;"), "{html}");
    assert!(!html.contains("href=\"javascript"), "{html}");
    assert!(html.contains("<a href=\"https://example.com/a?b=1&amp;c=\" rel=\"nofollow ugc noopener\">"), "{html}");
    assert_eq!(public["data"][0]["body"], hostile, "the text itself is kept as written");
}

#[tokio::test]
async fn public_responses_never_show_email_address_status_or_reason() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let slug = article(&app, &admin, "Privacy").await;
    set_rules(&app, &admin, open_rules()).await;
    let email = "very.private@readers.example";
    comment(&app, &slug, j!({"author_name": "Ann", "author_email": email, "body": "Public words"})).await;
    let mut public = String::new();
    for path in [
        format!("/api/v1/articles/{slug}/comments"),
        format!("/api/v1/articles/{slug}"),
        "/api/v1/articles".to_string(),
        "/api/v1/changes".to_string(),
        "/api/v1/search?q=privacy".to_string(),
    ] {
        let response = app.get(&path).await;
        assert_eq!(response.status(), 200, "{path}");
        public.push_str(&response.text().await.unwrap());
    }
    for secret in [email, "127.0.0.1", "auto_approved", "moderation", "client_hash", "user_agent", "author_email"] {
        assert!(!public.contains(secret), "a public response contains {secret}");
    }
    let list = json(app.get(&format!("/api/v1/articles/{slug}/comments")).await).await;
    let keys: Vec<&String> = list["data"][0].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["author_name", "body", "body_html", "created_at", "id", "parent_id"]);
}

#[tokio::test]
async fn comment_counts_and_caches_follow_moderation() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let slug = article(&app, &admin, "Counts").await;
    let count = || async { json(app.get(&format!("/api/v1/articles/{slug}")).await).await["comment_count"].clone() };
    let listed = || async {
        json(app.get(&format!("/api/v1/articles/{slug}/comments")).await).await["data"].as_array().unwrap().len()
    };
    assert_eq!((count().await, listed().await), (j!(0), 0));
    let c = json(comment(&app, &slug, by("Ann", "Held")).await).await;
    assert_eq!((count().await, listed().await), (j!(0), 0), "held comments do not count");
    let path = format!("/api/v1/admin/comments/{}", c["id"]);
    app.send_json(Method::PATCH, &path, &admin.token, &j!({"status": "approved", "moderation_note": "fine"})).await;
    assert_eq!((count().await, listed().await), (j!(1), 1), "approval shows at once");
    app.send_json(Method::PATCH, &path, &admin.token, &j!({"status": "spam"})).await;
    assert_eq!((count().await, listed().await), (j!(0), 0), "and so does the reverse");
    app.send_json(Method::PATCH, &path, &admin.token, &j!({"status": "approved"})).await;
    assert_eq!(app.authed(Method::DELETE, &path, &admin.token).send().await.unwrap().status(), 204);
    assert_eq!((count().await, listed().await), (j!(0), 0));
}
