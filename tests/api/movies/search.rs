//! The `q` filter of the admin movie list: a case-insensitive substring of the title, with
//! `%` and `_` taken literally, paged with cursors.

use reqwest::Method;
use serde_json::json as j;

use crate::helpers::{ids, json, spawn_app, texts, TestApp, MOVIES};

async fn search(app: &TestApp, token: &str, q: &str) -> Vec<String> {
    let response = app.authed(Method::GET, MOVIES, token).query(&[("q", q)]).send().await.unwrap();
    assert_eq!(response.status(), 200, "q={q}");
    texts(&json(response).await, "title")
}

#[tokio::test]
async fn q_filters_titles_by_substring_with_like_characters_taken_literally() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    for title in ["100% Wolf", "1000 Wolves", "snake_case Story", "snakeXcase Story", r"Back\slash"] {
        app.create_movie(&admin.token, j!({"title": title})).await;
    }
    let cases: [(&str, &[&str]); 9] = [
        ("Wol", &["1000 Wolves", "100% Wolf"]),
        ("  Wol  ", &["1000 Wolves", "100% Wolf"]),
        ("100%", &["100% Wolf"]),
        ("%", &["100% Wolf"]),
        ("_", &["snake_case Story"]),
        ("e_c", &["snake_case Story"]),
        (r"\", &[r"Back\slash"]),
        ("nothing like it", &[]),
        ("", &[r"Back\slash", "snakeXcase Story", "snake_case Story", "1000 Wolves", "100% Wolf"]),
    ];
    for (q, expected) in cases {
        assert_eq!(search(&app, &admin.token, q).await, expected, "q={q:?}");
    }
}

#[tokio::test]
async fn q_matches_titles_and_names_whatever_their_case() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    app.create_movie(&admin.token, j!({"title": "Dune"})).await;
    app.create_movie(&admin.token, j!({"title": "Arrival"})).await;
    assert_eq!(search(&app, &admin.token, "dune").await, ["Dune"]);
    assert_eq!(search(&app, &admin.token, "ARRIV").await, ["Arrival"]);
    app.create_cast_member(&admin.token, j!({"name": "Amy Adams"})).await;
    let people = app.authed(Method::GET, "/api/v1/admin/cast-members", &admin.token).query(&[("q", "amy")]);
    assert_eq!(texts(&json(people.send().await.unwrap()).await, "name"), ["Amy Adams"]);
}

#[tokio::test]
async fn q_filtered_lists_page_with_cursors() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mut wanted = Vec::new();
    for n in 1..=5 {
        wanted.push(app.create_movie(&admin.token, j!({"title": format!("Star {n}")})).await["id"].as_i64().unwrap());
        app.create_movie(&admin.token, j!({"title": format!("Other {n}")})).await;
    }
    wanted.reverse();
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut query = vec![("q", "Star".to_string()), ("limit", "2".to_string())];
        query.extend(cursor.map(|c| ("cursor", c)));
        let page = json(app.authed(Method::GET, MOVIES, &admin.token).query(&query).send().await.unwrap()).await;
        seen.extend(ids(&page));
        cursor = page["next_cursor"].as_str().map(str::to_string);
        if cursor.is_none() {
            break;
        }
    }
    assert_eq!(seen, wanted, "every match once, newest first");
}
