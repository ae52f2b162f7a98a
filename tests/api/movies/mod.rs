//! The movies admin API: read by anyone signed in, written by admins and editors, with
//! optimistic concurrency and audited writes; `validation` checks every field rule.

mod search;
mod validation;

use marquee::domain::Role;
use reqwest::Method;
use serde_json::{json as j, Value};

use crate::helpers::{
    assert_problem, audit_log, get_json, invalid_fields, json, movie_path, patch_if_match, redacted, send, spawn_app,
    texts, MOVIES,
};

#[tokio::test]
async fn movie_routes_are_401_without_valid_credentials() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let movie = app.create_movie(&admin.token, j!({"title": "Dune"})).await;
    let one = movie_path(&movie);
    let routes = [
        (Method::GET, MOVIES),
        (Method::POST, MOVIES),
        (Method::GET, &one),
        (Method::PATCH, &one),
        (Method::DELETE, &one),
    ];
    for (method, path) in routes {
        for token in [None, Some("not-a-real-token"), Some("mq_not-a-real-api-token")] {
            let mut request = app.request(method.clone(), path).json(&j!({"title": "Anonymous"}));
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), 401, "{method} {path} with {token:?}");
            assert!(response.headers()["www-authenticate"].to_str().unwrap().starts_with("Bearer"));
            assert_eq!(response.headers()["cache-control"], "no-store");
            assert_problem(response, 401).await;
        }
    }
    assert_eq!(get_json(&app, &one, &admin.token).await, movie, "nothing changed");
}

#[tokio::test]
async fn movie_writes_by_authors_and_moderators_are_403_and_change_nothing() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let movie = app.create_movie(&admin.token, j!({"title": "Dune"})).await;
    let one = movie_path(&movie);
    for role in [Role::Author, Role::Moderator] {
        let session = app.login_as(role).await;
        let writes = [
            (Method::POST, MOVIES, j!({"title": "Not Allowed"})),
            // The role check answers before the body is judged.
            (Method::POST, MOVIES, j!({"title": "", "bogus": 1})),
            (Method::PATCH, one.as_str(), j!({"title": "Renamed"})),
            (Method::DELETE, one.as_str(), Value::Null),
        ];
        for (method, path, body) in writes {
            let response = send(&app, method.clone(), path, &session.token, &body).await;
            assert_eq!(response.status(), 403, "{role} {method} {path}");
            assert_eq!(response.headers()["cache-control"], "no-store");
            assert_problem(response, 403).await;
        }
    }
    let list = get_json(&app, MOVIES, &admin.token).await;
    assert_eq!(list["data"], j!([movie]), "nothing created, changed or deleted");
}

#[tokio::test]
async fn every_signed_in_role_reads_movies() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let movie = app.create_movie(&admin.token, j!({"title": "Dune"})).await;
    for role in [Role::Admin, Role::Editor, Role::Author, Role::Moderator] {
        let session = app.login_as(role).await;
        let list = get_json(&app, MOVIES, &session.token).await;
        assert_eq!(list, j!({"data": [movie], "next_cursor": null}), "{role}");
        assert_eq!(get_json(&app, &movie_path(&movie), &session.token).await, movie, "{role}");
    }
}

#[tokio::test]
async fn editors_create_read_update_and_delete_movies() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    let body = j!({
        "title": "  Arrival ", "original_title": "Story of Your Life", "release_year": 2016,
        "release_date": "2016-11-11", "runtime_minutes": 116, "synopsis": "A linguist meets visitors.",
        "genres": ["Drama", "Sci-Fi"], "poster_url": "https://img.example.com/arrival.jpg",
        "trailer_url": "https://video.example.com/arrival"
    });
    let response = send(&app, Method::POST, MOVIES, &editor.token, &body).await;
    assert_eq!(response.status(), 201);
    assert_eq!(response.headers()["etag"], "\"1\"");
    assert_eq!(response.headers()["cache-control"], "no-store");
    let location = response.headers()["location"].to_str().unwrap().to_string();
    let created = json(response).await;
    assert_eq!(location, movie_path(&created));
    assert_eq!(created["created_at"], created["updated_at"]);
    let expected = j!({
        "id": "[id]", "slug": "arrival", "title": "Arrival", "original_title": "Story of Your Life",
        "release_year": 2016, "release_date": "2016-11-11", "runtime_minutes": 116,
        "synopsis": "A linguist meets visitors.", "genres": ["Drama", "Sci-Fi"],
        "poster_url": "https://img.example.com/arrival.jpg", "poster_id": null, "trailer_url": "https://video.example.com/arrival",
        "version": 1, "created_at": "[created_at]", "updated_at": "[updated_at]"
    });
    assert_eq!(redacted(&created), expected);

    let fetched = send(&app, Method::GET, &location, &editor.token, &Value::Null).await;
    assert_eq!(fetched.status(), 200);
    assert_eq!(fetched.headers()["etag"], "\"1\"");
    assert_eq!(fetched.headers()["cache-control"], "no-store");
    assert_eq!(json(fetched).await, created);

    let updated = patch_if_match(&app, &location, &editor.token, "\"1\"", &j!({"runtime_minutes": 118})).await;
    assert_eq!(updated.status(), 200);
    assert_eq!(updated.headers()["etag"], "\"2\"");
    let updated = json(updated).await;
    let mut expected = created.clone();
    expected["runtime_minutes"] = j!(118);
    expected["version"] = j!(2);
    expected["updated_at"] = updated["updated_at"].clone();
    assert_eq!(updated, expected);

    let deleted =
        app.authed(Method::DELETE, &location, &editor.token).header("if-match", "\"2\"").send().await.unwrap();
    assert_eq!(deleted.status(), 204);
    assert_eq!(deleted.headers()["cache-control"], "no-store");
    assert_problem(send(&app, Method::GET, &location, &editor.token, &Value::Null).await, 404).await;
    assert_problem(send(&app, Method::DELETE, &location, &editor.token, &Value::Null).await, 404).await;
}

#[tokio::test]
async fn a_movie_with_only_a_title_has_null_optional_fields() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let movie = app.create_movie(&admin.token, j!({"title": "Dune", "poster_url": "", "synopsis": "  "})).await;
    let expected = j!({
        "id": "[id]", "slug": "dune", "title": "Dune", "original_title": null, "release_year": null,
        "release_date": null, "runtime_minutes": null, "synopsis": null, "genres": [], "poster_url": null, "poster_id": null,
        "trailer_url": null, "version": 1, "created_at": "[created_at]", "updated_at": "[updated_at]"
    });
    assert_eq!(redacted(&movie), expected);
}

#[tokio::test]
async fn patch_keeps_omitted_fields_and_null_clears_optional_ones() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let full = j!({
        "title": "Arrival", "original_title": "Story of Your Life", "release_year": 2016, "release_date": "2016-11-11",
        "runtime_minutes": 116, "synopsis": "Visitors.", "genres": ["Drama"],
        "poster_url": "https://img.example.com/a.jpg", "trailer_url": "https://video.example.com/a"
    });
    let movie = app.create_movie(&admin.token, full).await;
    let path = movie_path(&movie);

    let renamed = json(send(&app, Method::PATCH, &path, &admin.token, &j!({"title": "Arrival (2016)"})).await).await;
    let mut expected = movie.clone();
    expected["title"] = j!("Arrival (2016)");
    expected["version"] = j!(2);
    expected["updated_at"] = renamed["updated_at"].clone();
    assert_eq!(renamed, expected, "only the title changed; the slug stays");

    let clear = j!({
        "original_title": null, "release_year": null, "release_date": null, "runtime_minutes": null,
        "synopsis": null, "poster_url": null, "trailer_url": null, "genres": []
    });
    let cleared = json(send(&app, Method::PATCH, &path, &admin.token, &clear).await).await;
    let expected = j!({
        "id": "[id]", "slug": "arrival", "title": "Arrival (2016)", "original_title": null, "release_year": null,
        "release_date": null, "runtime_minutes": null, "synopsis": null, "genres": [], "poster_url": null, "poster_id": null,
        "trailer_url": null, "version": 3, "created_at": "[created_at]", "updated_at": "[updated_at]"
    });
    assert_eq!(redacted(&cleared), expected);
    assert_eq!(get_json(&app, &path, &admin.token).await, cleared);
}

#[tokio::test]
async fn invalid_patches_list_every_bad_field_and_change_nothing() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let movie = app.create_movie(&admin.token, j!({"title": "Dune", "release_year": 1984})).await;
    let body = j!({
        "slug": "Bad Slug", "title": "", "release_year": 3000, "runtime_minutes": 0, "genres": [""],
        "poster_url": "javascript:alert(1)", "trailer_url": "ftp://example.com/t"
    });
    let fields = invalid_fields(send(&app, Method::PATCH, &movie_path(&movie), &admin.token, &body).await).await;
    assert_eq!(fields, ["slug", "title", "release_year", "runtime_minutes", "genres", "poster_url", "trailer_url"]);
    assert_eq!(get_json(&app, &movie_path(&movie), &admin.token).await, movie, "unchanged, still version 1");
}

#[tokio::test]
async fn a_stale_if_match_is_412_and_changes_nothing() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    let movie = app.create_movie(&editor.token, j!({"title": "Dune"})).await;
    let path = movie_path(&movie);
    let first = patch_if_match(&app, &path, &editor.token, "\"1\"", &j!({"title": "One"})).await;
    assert_eq!((first.status().as_u16(), first.headers()["etag"].to_str().unwrap()), (200, "\"2\""));
    let stale = patch_if_match(&app, &path, &editor.token, "\"1\"", &j!({"title": "Two"})).await;
    assert_problem(stale, 412).await;
    let stale_delete = app.authed(Method::DELETE, &path, &editor.token).header("if-match", "\"1\"");
    assert_problem(stale_delete.send().await.unwrap(), 412).await;
    let current = get_json(&app, &path, &editor.token).await;
    assert_eq!((current["title"].as_str(), current["version"].as_i64()), (Some("One"), Some(2)));

    let any = patch_if_match(&app, &path, &editor.token, "*", &j!({"title": "Three"})).await;
    assert_eq!((any.status().as_u16(), any.headers()["etag"].to_str().unwrap()), (200, "\"3\""));
    let delete = app.authed(Method::DELETE, &path, &editor.token).header("if-match", "\"3\"");
    assert_eq!(delete.send().await.unwrap().status(), 204);
}

#[tokio::test]
async fn a_matching_if_none_match_is_304() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let movie = app.create_movie(&admin.token, j!({"title": "Dune"})).await;
    let request = app.authed(Method::GET, &movie_path(&movie), &admin.token).header("if-none-match", "\"1\"");
    assert_eq!(request.send().await.unwrap().status(), 304);
}

#[tokio::test]
async fn unknown_movies_are_404_and_bad_ids_400() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    for method in [Method::GET, Method::PATCH, Method::DELETE] {
        let unknown = send(&app, method.clone(), &format!("{MOVIES}/999999"), &admin.token, &j!({"title": "X"})).await;
        assert_problem(unknown, 404).await;
        for bad in ["abc", "1.5", "-"] {
            let response =
                send(&app, method.clone(), &format!("{MOVIES}/{bad}"), &admin.token, &j!({"title": "X"})).await;
            assert_eq!(response.status(), 400, "{method} {bad}");
            assert_problem(response, 400).await;
        }
    }
}

#[tokio::test]
async fn deleting_a_movie_deletes_its_credits_and_frees_its_slug() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let movie = app.create_movie(&admin.token, j!({"title": "Dune"})).await;
    let person = app.create_cast_member(&admin.token, j!({"name": "Kyle MacLachlan"})).await;
    let credits = format!("{}/credits", movie_path(&movie));
    let credit =
        send(&app, Method::POST, &credits, &admin.token, &j!({"cast_member_id": person["id"], "role": "actor"})).await;
    assert_eq!(credit.status(), 201);
    let credit = json(credit).await;

    assert_eq!(send(&app, Method::DELETE, &movie_path(&movie), &admin.token, &Value::Null).await.status(), 204);
    assert_problem(send(&app, Method::GET, &movie_path(&movie), &admin.token, &Value::Null).await, 404).await;
    assert_problem(send(&app, Method::GET, &credits, &admin.token, &Value::Null).await, 404).await;
    let credit_path = format!("{credits}/{}", credit["id"]);
    assert_problem(send(&app, Method::DELETE, &credit_path, &admin.token, &Value::Null).await, 404).await;
    // The person stays, and the slug can be used again.
    let path = format!("/api/v1/admin/cast-members/{}", person["id"]);
    assert_eq!(get_json(&app, &path, &admin.token).await, person);
    assert_eq!(app.create_movie(&admin.token, j!({"title": "Dune"})).await["slug"], "dune");
}

#[tokio::test]
async fn deleting_a_movie_that_articles_refer_to_is_409() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let movie = app.create_movie(&admin.token, j!({"title": "Dune"})).await;
    let article = j!({"title": "Dune, explained", "kind": "explainer", "movie_id": movie["id"]});
    let response = send(&app, Method::POST, "/api/v1/admin/articles", &admin.token, &article).await;
    assert_eq!(response.status(), 201);
    let article_path = response.headers()["location"].to_str().unwrap().to_string();
    assert_problem(send(&app, Method::DELETE, &movie_path(&movie), &admin.token, &Value::Null).await, 409).await;
    assert_eq!(get_json(&app, &movie_path(&movie), &admin.token).await, movie, "still there");
    // Once no article refers to it, the movie can go.
    assert_eq!(send(&app, Method::DELETE, &article_path, &admin.token, &Value::Null).await.status(), 204);
    assert_eq!(send(&app, Method::DELETE, &movie_path(&movie), &admin.token, &Value::Null).await.status(), 204);
}

#[tokio::test]
async fn movie_lists_are_newest_first_and_page_without_repeats() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    for n in 1..=5 {
        app.create_movie(&admin.token, j!({"title": format!("Movie {n}")})).await;
    }
    let all = get_json(&app, MOVIES, &admin.token).await;
    assert_eq!(texts(&all, "title"), ["Movie 5", "Movie 4", "Movie 3", "Movie 2", "Movie 1"]);
    assert!(all["next_cursor"].is_null());
    assert_eq!(all["data"][0]["version"], 1, "list items are full records");

    let mut pages = Vec::new();
    let mut path = format!("{MOVIES}?limit=2");
    loop {
        let page = get_json(&app, &path, &admin.token).await;
        pages.push(texts(&page, "title"));
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("{MOVIES}?limit=2&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(pages, [vec!["Movie 5", "Movie 4"], vec!["Movie 3", "Movie 2"], vec!["Movie 1"]]);
}

#[tokio::test]
async fn movie_list_limits_outside_1_to_100_and_bad_cursors_are_400() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    app.create_movie(&admin.token, j!({"title": "Dune"})).await;
    for query in ["limit=0", "limit=101", "limit=-1", "limit=ten", "cursor=garbage", "cursor=eyJ4IjoxfQ.AAAA"] {
        let response = send(&app, Method::GET, &format!("{MOVIES}?{query}"), &admin.token, &Value::Null).await;
        assert_eq!(response.status(), 400, "{query}");
        assert_problem(response, 400).await;
    }
    for query in ["limit=1", "limit=100"] {
        assert_eq!(
            get_json(&app, &format!("{MOVIES}?{query}"), &admin.token).await["data"].as_array().unwrap().len(),
            1
        );
    }
}

/// The titles a `q` search lists, newest first.
#[tokio::test]
async fn movie_writes_are_audited() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    let movie = app.create_movie(&editor.token, j!({"title": "Dune"})).await;
    let id = movie["id"].as_i64().unwrap();
    assert_eq!(send(&app, Method::PATCH, &movie_path(&movie), &editor.token, &j!({"title": "X"})).await.status(), 200);
    assert_eq!(send(&app, Method::DELETE, &movie_path(&movie), &editor.token, &Value::Null).await.status(), 204);
    let log = audit_log(&app).await;
    let movie_entries: Vec<_> = log.into_iter().filter(|(action, ..)| action.starts_with("movie.")).collect();
    let expected = ["movie.delete", "movie.update", "movie.create"]
        .map(|action| (action.to_string(), "movie".to_string(), id, editor.user_id));
    assert_eq!(movie_entries, expected);
}
