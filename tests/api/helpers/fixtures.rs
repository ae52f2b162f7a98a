//! What tests make through the API before they look: users and their sessions, API tokens,
//! movies, cast members, credits, articles with sections, publications. Each helper asserts
//! that the write succeeded and returns what the API answered.

use chrono::{Duration, SecondsFormat, Utc};
use marquee::domain::Role;
use reqwest::Method;
use serde_json::Value;

use super::{json, TestApp, ADMIN_EMAIL, ADMIN_PASSWORD};

/// A signed-in user of a test.
#[derive(Debug, Clone)]
pub struct Session {
    pub user_id: i64,
    pub email: String,
    /// What the user signed in with.
    pub password: String,
    pub token: String,
    pub refresh_token: String,
}

pub const USER_PASSWORD: &str = "a-password-for-tests";

/// Users and their sign-ins.
impl TestApp {
    async fn session(&self, email: &str, password: &str) -> Session {
        let response = self.login(email, password).await;
        assert_eq!(response.status(), 200, "login as {email}");
        let body = json(response).await;
        Session {
            user_id: body["user"]["id"].as_i64().unwrap(),
            email: email.to_string(),
            password: password.to_string(),
            token: body["access_token"].as_str().unwrap().to_string(),
            refresh_token: body["refresh_token"].as_str().unwrap().to_string(),
        }
    }

    /// The administrator the app was started with.
    pub async fn admin(&self) -> Session {
        self.session(ADMIN_EMAIL, ADMIN_PASSWORD).await
    }

    /// Creates a user with `role` (as the admin) and returns its id and email.
    pub async fn create_user(&self, role: Role) -> (i64, String) {
        let admin = self.admin().await;
        let email = format!("{role}-{}@marquee.test", uuid::Uuid::new_v4().simple());
        let response = self
            .authed(Method::POST, "/api/v1/admin/users", &admin.token)
            .json(&serde_json::json!({"email": email, "display_name": format!("A {role}"), "role": role.as_str(), "password": USER_PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        (json(response).await["id"].as_i64().unwrap(), email)
    }

    /// Signs in a new user with `role` (`Role::Admin` is the seeded admin).
    pub async fn login_as(&self, role: Role) -> Session {
        if role == Role::Admin {
            return self.admin().await;
        }
        let (_, email) = self.create_user(role).await;
        self.session(&email, USER_PASSWORD).await
    }

    /// Creates an API token as `session` and returns the token.
    pub async fn api_token(&self, session: &Session, body: Value) -> String {
        let response =
            self.authed(Method::POST, "/api/v1/admin/tokens", &session.token).json(&body).send().await.unwrap();
        assert_eq!(response.status(), 201);
        json(response).await["token"].as_str().unwrap().to_string()
    }
}

/// Content helpers: each asserts success and returns the JSON body.
impl TestApp {
    async fn created(&self, path: &str, token: &str, body: Value) -> Value {
        let response = self.send_json(Method::POST, path, token, &body).await;
        let status = response.status();
        let json = json(response).await;
        assert_eq!(status, 201, "POST {path}: {json}");
        json
    }

    pub async fn create_movie(&self, token: &str, body: Value) -> Value {
        self.created("/api/v1/admin/movies", token, body).await
    }

    pub async fn create_cast_member(&self, token: &str, body: Value) -> Value {
        self.created("/api/v1/admin/cast-members", token, body).await
    }

    pub async fn create_credit(&self, token: &str, movie_id: i64, body: Value) -> Value {
        self.created(&format!("/api/v1/admin/movies/{movie_id}/credits"), token, body).await
    }

    pub async fn create_article(&self, token: &str, body: Value) -> Value {
        self.created("/api/v1/admin/articles", token, body).await
    }

    pub async fn create_section(&self, token: &str, article_id: i64, body: Value) -> Value {
        self.created(&format!("/api/v1/admin/articles/{article_id}/sections"), token, body).await
    }

    /// Publishes now (or at `publish_at`), returning the article.
    pub async fn publish(&self, token: &str, article_id: i64, publish_at: Option<&str>) -> Value {
        let path = format!("/api/v1/admin/articles/{article_id}/publish");
        let request = self.authed(Method::POST, &path, token);
        let request = match publish_at {
            Some(at) => request.json(&serde_json::json!({ "publish_at": at })),
            None => request,
        };
        let response = request.send().await.unwrap();
        let status = response.status();
        let body = json(response).await;
        assert_eq!(status, 200, "publish: {body}");
        body
    }

    /// A published article with a movie, a director, two actors and three sections.
    pub async fn published_article(&self, token: &str, title: &str) -> Value {
        let movie = self
            .create_movie(token, serde_json::json!({"title": format!("{title} (the film)"), "release_year": 2016}))
            .await;
        let movie_id = movie["id"].as_i64().unwrap();
        for (name, role, character) in [
            ("Ada Director", "director", None),
            ("Bo Lead", "actor", Some("Hero")),
            ("Cy Second", "actor", Some("Friend")),
        ] {
            let person = self.create_cast_member(token, serde_json::json!({ "name": name })).await;
            let mut credit = serde_json::json!({"cast_member_id": person["id"], "role": role});
            if let Some(c) = character {
                credit["character"] = c.into();
            }
            self.create_credit(token, movie_id, credit).await;
        }
        let article = self
            .create_article(
                token,
                serde_json::json!({
                    "title": title,
                    "excerpt": "What happens at the end.",
                    "movie_id": movie_id,
                    "tags": ["Endings"],
                    "sections": [
                        {"heading": "The setup", "body": "It begins."},
                        {"heading": "The twist", "subheading": "Who knew?", "body": "Nobody *knew*."},
                        {"heading": "The end", "body": "It ends."}
                    ]
                }),
            )
            .await;
        self.publish(token, article["id"].as_i64().unwrap(), None).await
    }
}

/// Articles through their lifecycle, for the public API tests.
impl TestApp {
    /// Creates an article and publishes it now; returns the admin record after publishing.
    pub async fn publish_new(&self, token: &str, body: Value) -> Value {
        let article = self.create_article(token, body).await;
        self.publish(token, article["id"].as_i64().unwrap(), None).await
    }

    /// POSTs a lifecycle action (`unpublish`, `archive`) and asserts 200.
    pub async fn lifecycle(&self, token: &str, id: i64, action: &str) {
        let path = format!("/api/v1/admin/articles/{id}/{action}");
        let response = self.authed(Method::POST, &path, token).send().await.unwrap();
        assert_eq!(response.status(), 200, "{action}");
    }

    /// One article in each state the public must not see, all built from `body`, with their
    /// slugs: a draft, an archived, a scheduled-for-tomorrow and an unpublished article.
    pub async fn hidden_articles(&self, token: &str, body: Value) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        for state in ["draft", "archived", "scheduled", "unpublished"] {
            let mut body = body.clone();
            body["title"] = format!("{} {state}", body["title"].as_str().unwrap_or("Hidden")).into();
            let article = self.create_article(token, body).await;
            let id = article["id"].as_i64().unwrap();
            match state {
                "archived" => {
                    self.publish(token, id, None).await;
                    self.lifecycle(token, id, "archive").await;
                }
                "scheduled" => {
                    self.publish(token, id, Some(&from_now(Duration::days(1)))).await;
                }
                "unpublished" => {
                    self.publish(token, id, None).await;
                    self.lifecycle(token, id, "unpublish").await;
                }
                _ => {}
            }
            out.push((state, article["slug"].as_str().unwrap().to_string()));
        }
        out
    }
}

/// An RFC 3339 time `offset` from now, to the millisecond (a `publish_at`).
pub fn from_now(offset: Duration) -> String {
    (Utc::now() + offset).to_rfc3339_opts(SecondsFormat::Millis, true)
}
