//! Webhooks end to end, against a receiver on loopback: the admin API and its roles, signed
//! deliveries in event order, retries with the same delivery id, a receiver that times out,
//! redelivery, paused webhooks, a slow receiver beside a fast one, nothing for a rolled-back
//! write, one event for a scheduled article falling due, and no delivery to a private address
//! unless allowed.

use std::sync::Arc;
use std::time::{Duration, Instant};

use marquee::domain::Role;
use reqwest::Method;
use serde_json::{json as j, Value};

use crate::helpers::{
    assert_problem, invalid_fields, json, patch_if_match, send, spawn_app_with, Received, Receiver, TestApp,
};

const WEBHOOKS: &str = "/api/v1/admin/webhooks";
const ALL_EVENTS: [&str; 6] = [
    "article.published",
    "article.unpublished",
    "article.updated",
    "article.deleted",
    "comment.created",
    "comment.moderated",
];
const WAIT: Duration = Duration::from_secs(15);

/// An app whose webhooks may reach loopback, with quick retries.
async fn app() -> TestApp {
    spawn_app_with(&[("MARQUEE_WEBHOOKS_ALLOW_PRIVATE", "on"), ("MARQUEE_WEBHOOK_RETRY_BASE_MS", "100")]).await
}

/// Creates a webhook, expecting 201; returns it with its secret.
async fn webhook(app: &TestApp, token: &str, body: Value) -> Value {
    let response = send(app, Method::POST, WEBHOOKS, token, &body).await;
    let status = response.status();
    let created = json(response).await;
    assert_eq!(status, 201, "{created}");
    created
}

async fn deliveries(app: &TestApp, token: &str, webhook_id: i64) -> Vec<Value> {
    let path = format!("{WEBHOOKS}/{webhook_id}/deliveries?limit=100");
    let page = json(send(app, Method::GET, &path, token, &Value::Null).await).await;
    page["data"].as_array().unwrap_or_else(|| panic!("{page}")).clone()
}

/// Waits until the webhook's deliveries are all settled (none pending); returns them.
async fn settled(app: &TestApp, token: &str, webhook_id: i64, count: usize) -> Vec<Value> {
    let deadline = Instant::now() + WAIT;
    loop {
        let all = deliveries(app, token, webhook_id).await;
        if all.len() >= count && all.iter().all(|d| d["status"] != "pending") {
            return all;
        }
        assert!(Instant::now() < deadline, "deliveries did not settle: {all:#?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn webhook_routes_are_for_admins_only() {
    let app = app().await;
    let editor = app.login_as(Role::Editor).await;
    let admin = app.admin().await;
    let hook =
        webhook(&app, &admin.token, j!({"url": "https://hooks.example.com/x", "events": ["article.published"]})).await;
    let id = hook["id"].as_i64().unwrap();
    let routes = [
        (Method::GET, WEBHOOKS.to_string()),
        (Method::POST, WEBHOOKS.to_string()),
        (Method::GET, format!("{WEBHOOKS}/{id}")),
        (Method::PATCH, format!("{WEBHOOKS}/{id}")),
        (Method::DELETE, format!("{WEBHOOKS}/{id}")),
        (Method::GET, format!("{WEBHOOKS}/{id}/deliveries")),
        (Method::POST, format!("{WEBHOOKS}/{id}/deliveries/1/redeliver")),
    ];
    for (method, path) in routes {
        let anonymous = app.request(method.clone(), &path).json(&j!({})).send().await.unwrap();
        assert_problem(anonymous, 401).await;
        let response = app.authed(method.clone(), &path, &editor.token).json(&j!({})).send().await.unwrap();
        assert_problem(response, 403).await;
    }
}

#[tokio::test]
async fn webhooks_are_checked_and_their_secret_shown_once() {
    let app = spawn_app_with(&[]).await;
    let admin = app.admin().await;
    for (body, field) in [
        (j!({"url": "ftp://hooks.example.com/x", "events": ["article.published"]}), "url"),
        (j!({"url": "https://user:pw@hooks.example.com/x", "events": ["article.published"]}), "url"),
        (j!({"url": "http://127.0.0.1:9/x", "events": ["article.published"]}), "url"),
        (j!({"url": "http://[::1]:9/x", "events": ["article.published"]}), "url"),
        (j!({"url": "http://10.0.0.8/x", "events": ["article.published"]}), "url"),
        (j!({"url": "http://169.254.169.254/latest", "events": ["article.published"]}), "url"),
        (j!({"url": "http://localhost:9/x", "events": ["article.published"]}), "url"),
        (j!({"url": "https://hooks.example.com/x", "events": []}), "events"),
        (j!({"url": "https://hooks.example.com/x", "events": ["article.eaten"]}), "events[0]"),
        (j!({"url": "https://hooks.example.com/x", "events": ["article.published"], "secret": "short"}), "secret"),
    ] {
        let response = send(&app, Method::POST, WEBHOOKS, &admin.token, &body).await;
        assert_eq!(invalid_fields(response).await, [field], "{body}");
    }
    let created = webhook(
        &app,
        &admin.token,
        j!({"url": "https://hooks.example.com/x", "events": ["article.published", "article.published"]}),
    )
    .await;
    assert!(created["secret"].as_str().unwrap().starts_with("whsec_"));
    assert_eq!(created["events"], j!(["article.published"]), "named twice counts once");
    let path = format!("{WEBHOOKS}/{}", created["id"]);
    let shown = json(send(&app, Method::GET, &path, &admin.token, &Value::Null).await).await;
    assert!(shown.get("secret").is_none(), "{shown}");
    let list = json(send(&app, Method::GET, WEBHOOKS, &admin.token, &Value::Null).await).await;
    assert!(list["data"][0].get("secret").is_none());
    let chosen = webhook(
        &app,
        &admin.token,
        j!({"url": "https://hooks.example.com/y", "events": ["comment.created"], "secret": "a-secret-of-my-own"}),
    )
    .await;
    assert_eq!(chosen["secret"], "a-secret-of-my-own");
}

/// Publishes, edits, unpublishes, republishes and deletes an article, and posts and
/// moderates a comment: each event arrives once, signed, in the order it happened.
#[tokio::test]
async fn events_arrive_signed_in_the_order_they_happened() {
    let app = app().await;
    let admin = app.admin().await;
    let receiver = Receiver::start().await;
    let hook = webhook(&app, &admin.token, j!({"url": receiver.url, "events": ALL_EVENTS})).await;
    let secret = hook["secret"].as_str().unwrap().to_string();
    let rules = j!({"hold": "all", "max_links": 2, "hold_words": [], "block_words": [], "min_interval_seconds": 0});
    send(&app, Method::PUT, "/api/v1/admin/settings/moderation", &admin.token, &rules).await;

    let article = app.create_article(&admin.token, j!({"title": "Heat: the ending"})).await;
    let id = article["id"].as_i64().unwrap();
    let path = format!("/api/v1/admin/articles/{id}");
    let published = app.publish(&admin.token, id, None).await;
    let slug = published["slug"].as_str().unwrap().to_string();
    for i in 1..=3 {
        let edit = send(&app, Method::PATCH, &path, &admin.token, &j!({"excerpt": format!("Take {i}")})).await;
        assert_eq!(edit.status(), 200);
    }
    let comment = app
        .post_json(
            &format!("/api/v1/articles/{slug}/comments"),
            &j!({"author_name": "Ann", "author_email": "ann@example.com", "body": "So he knew?"}),
        )
        .await;
    let comment_id = json(comment).await["id"].as_i64().unwrap();
    let approve = j!({"status": "approved"});
    send(&app, Method::PATCH, &format!("/api/v1/admin/comments/{comment_id}"), &admin.token, &approve).await;
    send(&app, Method::POST, &format!("{path}/unpublish"), &admin.token, &Value::Null).await;
    app.publish(&admin.token, id, None).await;
    assert_eq!(send(&app, Method::DELETE, &path, &admin.token, &Value::Null).await.status(), 204);

    let expected = [
        "article.published",
        "article.updated",
        "article.updated",
        "article.updated",
        "comment.created",
        "comment.moderated",
        "article.unpublished",
        "article.published",
        "article.deleted",
    ];
    let got = receiver.wait_for(expected.len(), WAIT).await;
    assert_eq!(got.iter().map(Received::event).collect::<Vec<_>>(), expected);
    for request in &got {
        assert!(request.signed_with(&secret), "{request:?}");
        assert_eq!(request.header("content-type"), "application/json");
        let payload = request.json();
        assert_eq!(payload["event"], request.event());
        assert!(!request.header("x-marquee-delivery").is_empty());
        assert!(payload["surrogate_keys"].is_array(), "{payload}");
        assert!(!request.body.contains("ann@example.com"), "no reader's email: {}", request.body);
    }
    let bodies: Vec<Value> = got.iter().map(Received::json).collect();
    assert_eq!(bodies[0]["data"]["slug"], slug);
    assert!(bodies[0]["data"]["sections"].is_array(), "the public article: {}", bodies[0]);
    assert!(bodies[0]["surrogate_keys"].as_array().unwrap().contains(&j!(format!("article-{id}"))));
    assert_eq!(bodies[3]["data"]["excerpt"], "Take 3", "each update carries the article as committed then");
    assert_eq!(bodies[4]["data"]["status"], "pending");
    assert_eq!(bodies[4]["data"]["author_name"], "Ann");
    assert_eq!(bodies[4]["surrogate_keys"], j!([]), "a held comment changes no public page");
    assert_eq!(bodies[5]["data"]["status"], "approved");
    assert_eq!(bodies[8]["data"], j!({"kind": "article", "id": id, "slug": slug}));
    let ids: std::collections::HashSet<&str> = got.iter().map(|r| r.header("x-marquee-delivery")).collect();
    assert_eq!(ids.len(), expected.len(), "one delivery id per event");
    let log = settled(&app, &admin.token, hook["id"].as_i64().unwrap(), expected.len()).await;
    assert!(log.iter().all(|d| d["status"] == "delivered" && d["attempts"] == 1), "{log:#?}");
}

#[tokio::test]
async fn a_failing_receiver_is_retried_with_the_same_delivery_id() {
    let app = app().await;
    let admin = app.admin().await;
    let receiver = Receiver::scripted(Arc::new(|n| (if n < 2 { 500 } else { 204 }, Duration::ZERO))).await;
    let hook = webhook(&app, &admin.token, j!({"url": receiver.url, "events": ["article.published"]})).await;
    app.published_article(&admin.token, "Retried").await;

    let got = receiver.wait_for(3, WAIT).await;
    let ids: Vec<&str> = got.iter().map(|r| r.header("x-marquee-delivery")).collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    assert_eq!(got[0].body, got[2].body, "every attempt sends the same payload");
    // The first retry waits for the base delay (100 ms here), the second for twice that.
    assert!(got[1].at - got[0].at >= Duration::from_millis(100), "{:?}", got[1].at - got[0].at);
    assert!(got[2].at - got[1].at >= Duration::from_millis(200), "{:?}", got[2].at - got[1].at);
    let log = settled(&app, &admin.token, hook["id"].as_i64().unwrap(), 1).await;
    assert_eq!(log[0]["status"], "delivered");
    assert_eq!(log[0]["attempts"], 3);
    let codes: Vec<&Value> = log[0]["attempt_log"].as_array().unwrap().iter().map(|a| &a["status_code"]).collect();
    assert_eq!(codes, [&j!(500), &j!(500), &j!(204)]);
    assert_eq!(log[0]["delivery_id"], ids[0]);
}

#[tokio::test]
async fn a_receiver_too_slow_to_answer_times_out_and_is_tried_again() {
    let app = spawn_app_with(&[
        ("MARQUEE_WEBHOOKS_ALLOW_PRIVATE", "on"),
        ("MARQUEE_WEBHOOK_RETRY_BASE_MS", "100"),
        ("MARQUEE_WEBHOOK_TIMEOUT_MS", "300"),
    ])
    .await;
    let admin = app.admin().await;
    let receiver =
        Receiver::scripted(Arc::new(|n| (204, if n == 0 { Duration::from_secs(3) } else { Duration::ZERO }))).await;
    let hook = webhook(&app, &admin.token, j!({"url": receiver.url, "events": ["article.published"]})).await;
    let before = chrono::Utc::now() - chrono::Duration::seconds(1);
    app.published_article(&admin.token, "Slow to answer").await;

    let log = settled(&app, &admin.token, hook["id"].as_i64().unwrap(), 1).await;
    assert_eq!((log[0]["status"].as_str(), log[0]["attempts"].as_i64()), (Some("delivered"), Some(2)), "{log:#?}");
    let attempts = log[0]["attempt_log"].as_array().unwrap();
    let (first, second) = (&attempts[0], &attempts[1]);
    assert_eq!((first["status_code"].clone(), first["error"].as_str()), (Value::Null, Some("timed out")), "{first}");
    let waited = first["duration_ms"].as_i64().unwrap();
    assert!((300..2_000).contains(&waited), "the first attempt gave up after {waited} ms, not at its 300 ms timeout");
    assert_eq!(second["status_code"], 204, "{second}");
    let at = |a: &Value| chrono::DateTime::parse_from_rfc3339(a["at"].as_str().unwrap()).unwrap();
    assert!(at(first) >= before && at(second) >= at(first), "attempt times: {} then {}", first["at"], second["at"]);
}

#[tokio::test]
async fn a_receiver_that_never_answers_well_ends_failed_after_eight_attempts() {
    let app = spawn_app_with(&[("MARQUEE_WEBHOOKS_ALLOW_PRIVATE", "on"), ("MARQUEE_WEBHOOK_RETRY_BASE_MS", "1")]).await;
    let admin = app.admin().await;
    let receiver = Receiver::scripted(Arc::new(|_| (503, Duration::ZERO))).await;
    let hook = webhook(&app, &admin.token, j!({"url": receiver.url, "events": ["article.published"]})).await;
    app.published_article(&admin.token, "Doomed").await;
    let log = settled(&app, &admin.token, hook["id"].as_i64().unwrap(), 1).await;
    assert_eq!((log[0]["status"].as_str(), log[0]["attempts"].as_i64()), (Some("failed"), Some(8)));
    assert_eq!(log[0]["attempt_log"].as_array().unwrap().len(), 8);
    assert_eq!(receiver.received().len(), 8);
}

#[tokio::test]
async fn redelivery_sends_again_as_a_new_attempt() {
    let app = app().await;
    let admin = app.admin().await;
    let receiver = Receiver::start().await;
    let hook = webhook(&app, &admin.token, j!({"url": receiver.url, "events": ["article.published"]})).await;
    let hook_id = hook["id"].as_i64().unwrap();
    app.published_article(&admin.token, "Again").await;
    let first = settled(&app, &admin.token, hook_id, 1).await;
    let delivery = first[0]["id"].as_i64().unwrap();

    let path = format!("{WEBHOOKS}/{hook_id}/deliveries/{delivery}/redeliver");
    let queued = send(&app, Method::POST, &path, &admin.token, &Value::Null).await;
    assert_eq!(queued.status(), 202);
    let got = receiver.wait_for(2, WAIT).await;
    assert_eq!(got[0].header("x-marquee-delivery"), got[1].header("x-marquee-delivery"));
    assert_eq!(got[0].body, got[1].body);
    let log = settled(&app, &admin.token, hook_id, 1).await;
    assert_eq!(log[0]["attempts"], 2);
    assert_eq!(log[0]["attempt_log"].as_array().unwrap().len(), 2);
    let missing = format!("{WEBHOOKS}/{hook_id}/deliveries/{}/redeliver", delivery + 1000);
    assert_problem(send(&app, Method::POST, &missing, &admin.token, &Value::Null).await, 404).await;
}

#[tokio::test]
async fn paused_webhooks_are_sent_nothing() {
    let app = app().await;
    let admin = app.admin().await;
    let (paused, active) = (Receiver::start().await, Receiver::start().await);
    let off = webhook(&app, &admin.token, j!({"url": paused.url, "events": ["article.published"]})).await;
    let off_id = off["id"].as_i64().unwrap();
    let response =
        patch_if_match(&app, &format!("{WEBHOOKS}/{off_id}"), &admin.token, "\"1\"", &j!({"active": false})).await;
    assert_eq!(json(response).await["active"], false);
    webhook(&app, &admin.token, j!({"url": active.url, "events": ["article.published"]})).await;
    app.published_article(&admin.token, "Quiet").await;
    active.wait_for(1, WAIT).await;
    // Deliveries are queued in the transaction of the event: a paused webhook got none.
    assert!(deliveries(&app, &admin.token, off_id).await.is_empty());
    assert!(paused.received().is_empty());
}

#[tokio::test]
async fn a_slow_receiver_does_not_hold_up_the_others() {
    let app = app().await;
    let admin = app.admin().await;
    let slow = Receiver::scripted(Arc::new(|_| (200, Duration::from_secs(3)))).await;
    let fast = Receiver::start().await;
    webhook(&app, &admin.token, j!({"url": slow.url, "events": ["article.published"]})).await;
    webhook(&app, &admin.token, j!({"url": fast.url, "events": ["article.published"]})).await;
    let started = Instant::now();
    app.published_article(&admin.token, "Race").await;
    fast.wait_for(1, Duration::from_secs(2)).await;
    assert!(slow.received().is_empty(), "the slow receiver has not answered yet");
    assert!(started.elapsed() < Duration::from_secs(3));
    slow.wait_for(1, WAIT).await;
}

#[tokio::test]
async fn a_rolled_back_write_emits_nothing() {
    let app = app().await;
    let admin = app.admin().await;
    let receiver = Receiver::start().await;
    let hook = webhook(&app, &admin.token, j!({"url": receiver.url, "events": ALL_EVENTS})).await;
    let article = app.create_article(&admin.token, j!({"title": "Never out"})).await;
    let id = article["id"].as_i64().unwrap();
    // The publication and its event are written, then the transaction fails.
    let user = admin.user_id;
    let result = app
        .state
        .write(move |conn, fx| {
            marquee::content::articles::publish(conn, fx, user, id, &marquee::domain::Expected::Any, None)?;
            Err::<(), _>(marquee::error::ApiError::Conflict("changed my mind".into()))
        })
        .await;
    assert!(result.is_err());
    let shown =
        json(send(&app, Method::GET, &format!("/api/v1/admin/articles/{id}"), &admin.token, &Value::Null).await).await;
    assert_eq!(shown["status"], "draft");
    assert!(deliveries(&app, &admin.token, hook["id"].as_i64().unwrap()).await.is_empty());
    // A committed write after it is delivered, and is the only one.
    app.publish(&admin.token, id, None).await;
    let got = receiver.wait_for(1, WAIT).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(receiver.received().len(), 1, "{got:?}");
}

#[tokio::test]
async fn a_scheduled_article_falling_due_emits_one_published_event() {
    let app =
        spawn_app_with(&[("MARQUEE_WEBHOOKS_ALLOW_PRIVATE", "on"), ("MARQUEE_SCHEDULER_INTERVAL_MS", "50")]).await;
    let admin = app.admin().await;
    let receiver = Receiver::start().await;
    let hook = webhook(&app, &admin.token, j!({"url": receiver.url, "events": ALL_EVENTS})).await;
    let article = app.create_article(&admin.token, j!({"title": "Later"})).await;
    let at = (chrono::Utc::now() + chrono::Duration::seconds(1)).to_rfc3339();
    let scheduled = app.publish(&admin.token, article["id"].as_i64().unwrap(), Some(&at)).await;
    assert_eq!(scheduled["status"], "scheduled");
    let got = receiver.wait_for(1, WAIT).await;
    assert_eq!(got[0].event(), "article.published");
    assert_eq!(got[0].json()["data"]["slug"], scheduled["slug"]);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(settled(&app, &admin.token, hook["id"].as_i64().unwrap(), 1).await.len(), 1, "exactly one event");
}

#[tokio::test]
async fn private_addresses_are_refused_at_delivery_unless_allowed() {
    let app = spawn_app_with(&[("MARQUEE_WEBHOOK_RETRY_BASE_MS", "1")]).await;
    let admin = app.admin().await;
    let receiver = Receiver::start().await;
    let literal = receiver.url.clone();
    let by_name = receiver.url.replace("127.0.0.1", "localhost");
    // Webhooks made while private targets were allowed (put in the database directly here).
    let ids: Vec<i64> = app
        .state
        .db
        .write(move |conn| {
            let mut ids = Vec::new();
            for url in [literal.clone(), by_name.clone()] {
                let now = marquee::db::now();
                let new = marquee::db::webhooks::NewWebhook {
                    url,
                    events: marquee::db::webhooks::events_text(&[marquee::domain::webhooks::Event::ArticlePublished]),
                    secret: "whsec_test_secret_value".into(),
                    active: true,
                    created_at: now,
                    updated_at: now,
                };
                ids.push(marquee::db::webhooks::insert(conn, &new)?.id);
            }
            Ok(ids)
        })
        .await
        .unwrap();
    app.published_article(&admin.token, "Inside job").await;
    for id in ids {
        let log = settled(&app, &admin.token, id, 1).await;
        assert_eq!(log[0]["status"], "failed", "{log:#?}");
        let error = log[0]["attempt_log"][0]["error"].as_str().unwrap().to_string();
        assert!(error.contains("loopback or private"), "{error}");
    }
    assert!(receiver.received().is_empty());
}
