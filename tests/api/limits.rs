//! Every bound the spec states (`dto::limits::FIELDS`, from `domain::limits`) is the one the
//! server enforces: a request one past a bound is refused naming that field, and one at the
//! bound is not refused for its size. So the spec, the checks and every client generated from
//! the spec cannot drift apart.

use marquee::dto::limits::{At, Bound, FIELDS};
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{json, send, spawn_app_with, TestApp};

/// Where a request schema is sent, and a body that is valid apart from the field under test.
struct Target {
    method: Method,
    path: String,
    base: Value,
    /// Who sends it, when not the admin.
    token: Option<String>,
    /// Sent as a `multipart/form-data` upload of an image with these text parts, not JSON.
    form: bool,
}

async fn targets(app: &TestApp, token: &str) -> Vec<(&'static str, Target)> {
    let movie = app.create_movie(token, json!({"title": "Heat"})).await;
    let person = app.create_cast_member(token, json!({"name": "Al Pacino"})).await;
    let credit = app
        .create_credit(token, movie["id"].as_i64().unwrap(), json!({"cast_member_id": person["id"], "role": "actor"}))
        .await;
    let article = app.published_article(token, "Heat explained").await;
    let (article_id, slug) = (article["id"].as_i64().unwrap(), article["slug"].as_str().unwrap().to_string());
    let section = app.create_section(token, article_id, json!({"heading": "The diner"})).await;
    let comment = json(
        app.post_json(
            &format!("/api/v1/articles/{slug}/comments"),
            &json!({"author_name": "Ann", "author_email": "ann@example.com", "body": "Why the diner?"}),
        )
        .await,
    )
    .await;
    let redirect = json(
        send(app, Method::POST, "/api/v1/admin/redirects", token, &json!({"from_path": "/limits", "to": "/z"})).await,
    )
    .await;
    let (user_id, _) = app.create_user(marquee::domain::Role::Author).await;
    let hook = json(
        send(
            app,
            Method::POST,
            "/api/v1/admin/webhooks",
            token,
            &json!({"url": "https://hooks.example.com/x", "events": ["article.published"]}),
        )
        .await,
    )
    .await;
    let t = |method: Method, path: String, base: Value| Target { method, path, base, token: None, form: false };
    let author = app.login_as(marquee::domain::Role::Author).await;
    let password = Target {
        method: Method::POST,
        path: "/api/v1/auth/password".into(),
        base: json!({"current_password": author.password, "new_password": "another long password"}),
        token: Some(author.token),
        form: false,
    };
    let upload = Target { form: true, ..t(Method::POST, "/api/v1/admin/media".into(), json!({})) };
    let picture = app.upload_ready(token, marquee_media::fixtures::jpeg(64, 48), "heat.jpg", "The diner").await;
    let admin = "/api/v1/admin";
    let (movie_id, person_id) = (movie["id"].as_i64().unwrap(), person["id"].as_i64().unwrap());
    vec![
        ("CreateArticleRequest", t(Method::POST, format!("{admin}/articles"), json!({"title": "T"}))),
        ("UpdateArticleRequest", t(Method::PATCH, format!("{admin}/articles/{article_id}"), json!({}))),
        (
            "CreateSectionRequest",
            t(Method::POST, format!("{admin}/articles/{article_id}/sections"), json!({"heading": "H"})),
        ),
        (
            "UpdateSectionRequest",
            t(Method::PATCH, format!("{admin}/articles/{article_id}/sections/{}", section["id"]), json!({})),
        ),
        ("CreateMovieRequest", t(Method::POST, format!("{admin}/movies"), json!({"title": "M"}))),
        ("UpdateMovieRequest", t(Method::PATCH, format!("{admin}/movies/{movie_id}"), json!({}))),
        (
            "CreateCreditRequest",
            t(
                Method::POST,
                format!("{admin}/movies/{movie_id}/credits"),
                json!({"cast_member_id": person_id, "role": "actor"}),
            ),
        ),
        (
            "UpdateCreditRequest",
            t(Method::PATCH, format!("{admin}/movies/{movie_id}/credits/{}", credit["id"]), json!({})),
        ),
        ("CreateCastMemberRequest", t(Method::POST, format!("{admin}/cast-members"), json!({"name": "N"}))),
        ("UpdateCastMemberRequest", t(Method::PATCH, format!("{admin}/cast-members/{person_id}"), json!({}))),
        (
            "CreateCommentRequest",
            t(
                Method::POST,
                format!("/api/v1/articles/{slug}/comments"),
                json!({"author_name": "A", "author_email": "a@example.com", "body": "B"}),
            ),
        ),
        (
            "UpdateCommentRequest",
            t(Method::PATCH, format!("{admin}/comments/{}", comment["id"]), json!({"status": "approved"})),
        ),
        ("BulkModerateRequest", t(Method::POST, format!("{admin}/comments/moderate"), json!({"status": "approved"}))),
        (
            "ModerationRules",
            t(
                Method::PUT,
                format!("{admin}/settings/moderation"),
                json!({"hold": "all", "max_links": 2, "hold_words": [], "block_words": [], "min_interval_seconds": 0}),
            ),
        ),
        (
            "CreateUserRequest",
            t(
                Method::POST,
                format!("{admin}/users"),
                json!({"email": "new@example.com", "display_name": "New", "role": "author", "password": "a long enough password"}),
            ),
        ),
        ("UpdateUserRequest", t(Method::PATCH, format!("{admin}/users/{user_id}"), json!({}))),
        ("UpdateProfileRequest", t(Method::PATCH, "/api/v1/auth/me".into(), json!({}))),
        ("ProfileFields", t(Method::PATCH, "/api/v1/auth/me".into(), json!({}))),
        ("CreateTokenRequest", t(Method::POST, format!("{admin}/tokens"), json!({"name": "bot"}))),
        (
            "CreateWebhookRequest",
            t(
                Method::POST,
                format!("{admin}/webhooks"),
                json!({"url": "https://hooks.example.com/y", "events": ["article.published"]}),
            ),
        ),
        ("UpdateWebhookRequest", t(Method::PATCH, format!("{admin}/webhooks/{}", hook["id"]), json!({}))),
        ("ChangePasswordRequest", password),
        ("UploadForm", upload),
        ("UpdateMediaRequest", t(Method::PATCH, format!("{admin}/media/{}", picture["id"]), json!({}))),
        (
            "CreateRedirectRequest",
            t(Method::POST, format!("{admin}/redirects"), json!({"from_path": "/x", "to": "/y"})),
        ),
        ("UpdateRedirectRequest", t(Method::PATCH, format!("{admin}/redirects/{}", redirect["id"]), json!({}))),
    ]
}

/// A value of `n` characters, or `n` items, that is valid in every other way.
fn sized(field: &str, bound: &Bound, n: usize) -> Value {
    if bound.max_items.is_some() || bound.min_items.is_some() {
        return Value::Array(
            (0..n)
                .map(|i| match field {
                    "ids" | "related_article_ids" => json!(1_000_000 + i),
                    "events" => json!("article.published"),
                    "sections" => json!({"heading": format!("Part {i}")}),
                    _ => json!(format!("word{i}")),
                })
                .collect(),
        );
    }
    match field {
        "email" | "author_email" => json!(format!("{}@example.com", "a".repeat(n.saturating_sub(12)))),
        "from_path" | "to" => json!(format!("/{}", "a".repeat(n.saturating_sub(1)))),
        _ => json!("a".repeat(n)),
    }
}

/// Sends `base` with `field` set to `value` and returns the status and the fields any
/// validation problem names, with their messages.
async fn try_field(
    app: &TestApp,
    token: &str,
    target: &Target,
    field: &str,
    value: Value,
) -> (u16, Vec<(String, String)>) {
    let mut body = target.base.clone();
    body[field] = value;
    let token = target.token.as_deref().unwrap_or(token);
    let response = if target.form {
        let form = body.as_object().unwrap().iter().fold(
            reqwest::multipart::Form::new()
                .part("file", reqwest::multipart::Part::bytes(marquee_media::fixtures::jpeg(8, 8)).file_name("a.jpg")),
            |form, (name, value)| form.text(name.clone(), value.as_str().unwrap().to_string()),
        );
        app.authed(target.method.clone(), &target.path, token).multipart(form).send().await.unwrap()
    } else {
        send(app, target.method.clone(), &target.path, token, &body).await
    };
    let status = response.status().as_u16();
    let problem: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap_or(Value::Null);
    let errors = problem["errors"]
        .as_array()
        .map(|e| {
            e.iter()
                .map(|e| (e["field"].as_str().unwrap().to_string(), e["message"].as_str().unwrap().to_string()))
                .collect()
        })
        .unwrap_or_default();
    (status, errors)
}

fn bound_refused(errors: &[(String, String)], field: &str) -> bool {
    errors.iter().any(|(f, m)| f == field && (m.contains("at most") || m.contains("at least") || m.contains(" to ")))
}

#[tokio::test]
async fn every_bound_in_the_spec_is_the_one_enforced() {
    let app = spawn_app_with(&[("MARQUEE_RATE_LIMIT", "off")]).await;
    let admin = app.admin().await;
    let targets = targets(&app, &admin.token).await;
    let mut checked = 0;
    for (at, bound) in FIELDS {
        let At::Property(schema, field) = *at else { continue };
        if field == "website" {
            // The honeypot's bound tells people to leave it empty; a bot that fills it is
            // answered 202 like anyone and its comment kept as spam (`comments.rs`).
            continue;
        }
        let Some((_, target)) = targets.iter().find(|(name, _)| *name == schema) else {
            // Response schemas carry the bounds of what was accepted; nothing to send.
            assert!(schema.ends_with("Response") || schema.starts_with("Public"), "no request for {schema}");
            continue;
        };
        // Refusals first: a request at the bound may succeed, and a changed password ends
        // the session that changed it.
        let max = bound.max_length.or(bound.max_items);
        if let Some(max) = max {
            let (status, errors) = try_field(&app, &admin.token, target, field, sized(field, bound, max + 1)).await;
            assert!(
                status == 422 && bound_refused(&errors, field),
                "{schema}.{field} at {} answered {status} {errors:?}",
                max + 1
            );
        }
        if let Some(min) = bound.min_length.or(bound.min_items) {
            let (status, errors) = try_field(&app, &admin.token, target, field, sized(field, bound, min - 1)).await;
            assert!(
                status == 422 && errors.iter().any(|(f, _)| f == field),
                "{schema}.{field} at {} answered {status}",
                min - 1
            );
        }
        if let Some(max) = max.filter(|max| *max > 0) {
            let (_, errors) = try_field(&app, &admin.token, target, field, sized(field, bound, max)).await;
            assert!(!bound_refused(&errors, field), "{schema}.{field} at {max} refused: {errors:?}");
        }
        checked += 1;
    }
    assert!(checked >= 60, "only {checked} bounds checked");
}

#[tokio::test]
async fn query_bounds_in_the_spec_are_enforced() {
    let app = spawn_app_with(&[]).await;
    let admin = app.admin().await;
    let paths = [
        ("list_articles", "/api/v1/admin/articles"),
        ("list_movies", "/api/v1/admin/movies"),
        ("list_cast_members", "/api/v1/admin/cast-members"),
        ("list_comments_queue", "/api/v1/admin/comments"),
        ("list_audit", "/api/v1/admin/audit"),
        ("search", "/api/v1/search"),
        ("list_media", "/api/v1/admin/media"),
        ("list_redirects", "/api/v1/admin/redirects"),
    ];
    for (at, bound) in FIELDS {
        let At::Param(operation, name) = *at else { continue };
        if operation == "upload_media" {
            // The description of a raw upload is in its query; the form's parts carry the
            // same bounds (`media.rs`).
            let max = bound.max_length.unwrap();
            for (n, refused) in [(max, false), (max + 1, true)] {
                let url = format!("/api/v1/admin/media?{name}={}.jpg", "a".repeat(n - 4));
                let response = app
                    .authed(Method::POST, &url, &admin.token)
                    .header("content-type", "image/jpeg")
                    .body(marquee_media::fixtures::jpeg(8, 8))
                    .send()
                    .await
                    .unwrap();
                let status = response.status().as_u16();
                assert_eq!(status >= 400, refused, "upload_media {name} of {n} characters answered {status}");
            }
            continue;
        }
        if operation == "resolve_redirect" {
            // A path at the bound leads nowhere (404); one past it is refused.
            let max = bound.max_length.unwrap();
            for (n, expected) in [(max, 404), (max + 1, 422)] {
                let url = format!("/api/v1/redirects/resolve?{name}=/{}", "a".repeat(n - 1));
                assert_eq!(
                    app.get(&url).await.status().as_u16(),
                    expected,
                    "resolve_redirect {name} of {n} characters"
                );
            }
            continue;
        }
        let path = paths.iter().find(|(op, _)| *op == operation).unwrap_or_else(|| panic!("no path for {operation}")).1;
        let max = bound.max_length.unwrap();
        for (n, refused) in [(max, false), (max + 1, true)] {
            let url = format!("{path}?{name}={}", "a".repeat(n));
            let status = send(&app, Method::GET, &url, &admin.token, &Value::Null).await.status().as_u16();
            assert_eq!(status >= 400, refused, "{operation} {name} of {n} characters answered {status}");
        }
    }
}
