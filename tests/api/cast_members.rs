//! The cast members admin API: read by anyone signed in, written by admins and editors;
//! deleting someone removes their credits.

use marquee::domain::Role;
use reqwest::Method;
use serde_json::{json as j, Value};

use crate::helpers::{
    assert_problem, audit_log, get_json, ids, invalid_fields, json, movie_path, patch_if_match, redacted, send,
    spawn_app, texts,
};

const CAST_MEMBERS: &str = "/api/v1/admin/cast-members";

fn person_path(person: &Value) -> String {
    format!("{CAST_MEMBERS}/{}", person["id"])
}

#[tokio::test]
async fn cast_member_routes_are_401_anonymous() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let person = app.create_cast_member(&admin.token, j!({"name": "Amy Adams"})).await;
    let one = person_path(&person);
    let routes = [
        (Method::GET, CAST_MEMBERS),
        (Method::POST, CAST_MEMBERS),
        (Method::GET, &one),
        (Method::PATCH, &one),
        (Method::DELETE, &one),
    ];
    for (method, path) in routes {
        let response = app.request(method.clone(), path).json(&j!({"name": "Anonymous"})).send().await.unwrap();
        assert_eq!(response.status(), 401, "{method} {path}");
        assert_eq!(response.headers()["cache-control"], "no-store");
        assert_problem(response, 401).await;
    }
    assert_eq!(get_json(&app, &one, &admin.token).await, person, "nothing changed");
}

#[tokio::test]
async fn cast_member_writes_by_authors_and_moderators_are_403_and_change_nothing() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let person = app.create_cast_member(&admin.token, j!({"name": "Amy Adams"})).await;
    let one = person_path(&person);
    for role in [Role::Author, Role::Moderator] {
        let session = app.login_as(role).await;
        let writes = [
            (Method::POST, CAST_MEMBERS, j!({"name": "Not Allowed"})),
            (Method::PATCH, one.as_str(), j!({"name": "Renamed"})),
            (Method::DELETE, one.as_str(), Value::Null),
        ];
        for (method, path, body) in writes {
            let response = send(&app, method.clone(), path, &session.token, &body).await;
            assert_eq!(response.status(), 403, "{role} {method} {path}");
            assert_problem(response, 403).await;
        }
        // Reading is fine.
        assert_eq!(get_json(&app, &one, &session.token).await, person);
        assert_eq!(get_json(&app, CAST_MEMBERS, &session.token).await["data"], j!([person]));
    }
    assert_eq!(get_json(&app, CAST_MEMBERS, &admin.token).await["data"], j!([person]), "nothing changed");
}

#[tokio::test]
async fn editors_create_read_update_and_delete_cast_members() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    let body = j!({
        "name": " Amy Adams ", "bio": "Linguist, on screen.", "birth_date": "1974-08-20",
        "photo_url": "https://img.example.com/amy.jpg"
    });
    let response = send(&app, Method::POST, CAST_MEMBERS, &editor.token, &body).await;
    assert_eq!(response.status(), 201);
    assert_eq!(response.headers()["etag"], "\"1\"");
    assert_eq!(response.headers()["cache-control"], "no-store");
    let location = response.headers()["location"].to_str().unwrap().to_string();
    let created = json(response).await;
    assert_eq!(location, person_path(&created));
    let expected = j!({
        "id": "[id]", "slug": "amy-adams", "name": "Amy Adams", "bio": "Linguist, on screen.",
        "birth_date": "1974-08-20", "photo_url": "https://img.example.com/amy.jpg", "photo_id": null, "version": 1,
        "created_at": "[created_at]", "updated_at": "[updated_at]"
    });
    assert_eq!(redacted(&created), expected);

    let fetched = send(&app, Method::GET, &location, &editor.token, &Value::Null).await;
    assert_eq!((fetched.status().as_u16(), fetched.headers()["etag"].to_str().unwrap()), (200, "\"1\""));
    assert_eq!(json(fetched).await, created);

    let updated = patch_if_match(&app, &location, &editor.token, "\"1\"", &j!({"name": "Amy Lou Adams"})).await;
    assert_eq!((updated.status().as_u16(), updated.headers()["etag"].to_str().unwrap()), (200, "\"2\""));
    let updated = json(updated).await;
    let mut expected = created.clone();
    expected["name"] = j!("Amy Lou Adams");
    expected["version"] = j!(2);
    expected["updated_at"] = updated["updated_at"].clone();
    assert_eq!(updated, expected, "the slug stays when the name changes");

    let deleted =
        app.authed(Method::DELETE, &location, &editor.token).header("if-match", "\"2\"").send().await.unwrap();
    assert_eq!(deleted.status(), 204);
    assert_problem(send(&app, Method::GET, &location, &editor.token, &Value::Null).await, 404).await;
    assert_problem(send(&app, Method::DELETE, &location, &editor.token, &Value::Null).await, 404).await;
}

#[tokio::test]
async fn cast_member_slugs_are_made_from_names_and_suffixed_to_stay_unique() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let cases = [("Zoë Saldaña", "zoe-saldana"), ("Zoë Saldaña", "zoe-saldana-2"), ("ZOE  saldana!", "zoe-saldana-3")];
    for (name, slug) in cases {
        assert_eq!(app.create_cast_member(&admin.token, j!({"name": name})).await["slug"], slug, "{name}");
    }
    let explicit = app.create_cast_member(&admin.token, j!({"name": "Someone", "slug": "zoe"})).await;
    assert_eq!(explicit["slug"], "zoe");
}

#[tokio::test]
async fn cast_member_slugs_are_unique_per_kind_only() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    app.create_movie(&admin.token, j!({"title": "Madonna"})).await;
    assert_eq!(app.create_cast_member(&admin.token, j!({"name": "Madonna"})).await["slug"], "madonna");
    app.create_movie(&admin.token, j!({"title": "Arrival"})).await;
    let explicit = app.create_cast_member(&admin.token, j!({"name": "Another", "slug": "arrival"})).await;
    assert_eq!(explicit["slug"], "arrival", "a movie's slug does not block a person's");
}

#[tokio::test]
async fn an_explicit_cast_member_slug_that_is_taken_is_409() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let first = app.create_cast_member(&admin.token, j!({"name": "Amy Adams"})).await;
    let taken = send(&app, Method::POST, CAST_MEMBERS, &admin.token, &j!({"name": "Other", "slug": "amy-adams"})).await;
    assert_problem(taken, 409).await;
    let second = app.create_cast_member(&admin.token, j!({"name": "Jeremy Renner"})).await;
    let rename = send(&app, Method::PATCH, &person_path(&second), &admin.token, &j!({"slug": "amy-adams"})).await;
    assert_problem(rename, 409).await;
    let list = get_json(&app, CAST_MEMBERS, &admin.token).await;
    assert_eq!(list["data"], j!([second, first]), "nothing created or changed");
}

#[tokio::test]
async fn invalid_cast_members_list_every_bad_field_and_create_nothing() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let body = j!({
        "slug": "Amy Adams", "name": " ", "bio": "b".repeat(20_001), "birth_date": "1799-12-31",
        "photo_url": "javascript:alert(1)"
    });
    let fields = invalid_fields(send(&app, Method::POST, CAST_MEMBERS, &admin.token, &body).await).await;
    // Any date from the year 1000 is a birth date: the 1799 one is kept out of the errors.
    assert_eq!(fields, ["slug", "name", "bio", "photo_url"]);
    assert_eq!(get_json(&app, CAST_MEMBERS, &admin.token).await["data"], j!([]), "nothing was created");
}

#[tokio::test]
async fn each_cast_member_rule_refuses_its_bad_values() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let cases = [
        (j!({"name": ""}), "name", "empty"),
        (j!({"name": "n".repeat(201)}), "name", "201 characters"),
        (j!({"birth_date": "20/08/1974"}), "birth_date", "day first"),
        (j!({"birth_date": "1974-08-20T00:00:00Z"}), "birth_date", "a timestamp"),
        (j!({"birth_date": "1974"}), "birth_date", "a year"),
        (j!({"birth_date": "1974-02-30"}), "birth_date", "no such day"),
        (j!({"birth_date": "yesterday"}), "birth_date", "words"),
        (j!({"birth_date": 19740820}), "birth_date", "a number"),
        (j!({"birth_date": "0000-01-01"}), "birth_date", "the year 0"),
        (j!({"birth_date": "+99999-01-01"}), "birth_date", "the year 99999"),
        (j!({"photo_url": "javascript:alert(1)"}), "photo_url", "javascript:"),
        (j!({"photo_url": "ftp://example.com/amy.jpg"}), "photo_url", "ftp:"),
        (j!({"photo_url": "//example.com/amy.jpg"}), "photo_url", "no scheme"),
        (j!({"slug": "Amy"}), "slug", "uppercase"),
        (j!({"age": 50}), "age", "an unknown field"),
    ];
    for (fragment, field, reason) in cases {
        let mut body = j!({"name": "Amy Adams"});
        body.as_object_mut().unwrap().extend(fragment.as_object().unwrap().clone());
        let response = send(&app, Method::POST, CAST_MEMBERS, &admin.token, &body).await;
        assert_eq!(invalid_fields(response).await, [field], "{field}: {reason}");
    }
    let missing = send(&app, Method::POST, CAST_MEMBERS, &admin.token, &j!({"bio": "Nameless"})).await;
    assert_eq!(invalid_fields(missing).await, ["name"]);
    assert_eq!(get_json(&app, CAST_MEMBERS, &admin.token).await["data"], j!([]), "nothing was created");
}

#[tokio::test]
async fn cast_member_patch_keeps_omitted_fields_and_null_clears_optional_ones() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let body = j!({"name": "Amy Adams", "bio": "Bio.", "birth_date": "1974-08-20", "photo_url": "https://img.example.com/a.jpg"});
    let person = app.create_cast_member(&admin.token, body).await;
    let path = person_path(&person);

    let bio_only = json(send(&app, Method::PATCH, &path, &admin.token, &j!({"bio": "New bio."})).await).await;
    assert_eq!((bio_only["bio"].as_str(), bio_only["birth_date"].as_str()), (Some("New bio."), Some("1974-08-20")));
    assert_eq!(bio_only["photo_url"], "https://img.example.com/a.jpg");

    let clear = j!({"bio": null, "birth_date": null, "photo_url": null});
    let cleared = json(send(&app, Method::PATCH, &path, &admin.token, &clear).await).await;
    let expected = j!({
        "id": "[id]", "slug": "amy-adams", "name": "Amy Adams", "bio": null, "birth_date": null, "photo_url": null, "photo_id": null,
        "version": 3, "created_at": "[created_at]", "updated_at": "[updated_at]"
    });
    assert_eq!(redacted(&cleared), expected);
    assert_eq!(get_json(&app, &path, &admin.token).await, cleared);

    let bad = j!({"name": "", "birth_date": "08/20/1974"});
    let fields = invalid_fields(send(&app, Method::PATCH, &path, &admin.token, &bad).await).await;
    assert_eq!(fields, ["birth_date"], "a malformed date fails the whole body");
    let bad = j!({"slug": "Bad", "name": "", "photo_url": "ftp://x.org/a"});
    let fields = invalid_fields(send(&app, Method::PATCH, &path, &admin.token, &bad).await).await;
    assert_eq!(fields, ["slug", "name", "photo_url"]);
    assert_eq!(get_json(&app, &path, &admin.token).await, cleared, "unchanged");
}

#[tokio::test]
async fn a_stale_if_match_on_a_cast_member_is_412_and_changes_nothing() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let person = app.create_cast_member(&admin.token, j!({"name": "Amy Adams"})).await;
    let path = person_path(&person);
    assert_eq!(patch_if_match(&app, &path, &admin.token, "\"1\"", &j!({"bio": "One"})).await.status(), 200);
    assert_problem(patch_if_match(&app, &path, &admin.token, "\"1\"", &j!({"bio": "Two"})).await, 412).await;
    let stale_delete = app.authed(Method::DELETE, &path, &admin.token).header("if-match", "\"1\"");
    assert_problem(stale_delete.send().await.unwrap(), 412).await;
    let current = get_json(&app, &path, &admin.token).await;
    assert_eq!((current["bio"].as_str(), current["version"].as_i64()), (Some("One"), Some(2)));
}

#[tokio::test]
async fn unknown_cast_members_are_404_and_bad_ids_400() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    for method in [Method::GET, Method::PATCH, Method::DELETE] {
        let unknown = format!("{CAST_MEMBERS}/999999");
        assert_problem(send(&app, method.clone(), &unknown, &admin.token, &j!({"name": "X"})).await, 404).await;
        let bad = format!("{CAST_MEMBERS}/amy-adams");
        assert_problem(send(&app, method.clone(), &bad, &admin.token, &j!({"name": "X"})).await, 400).await;
    }
}

#[tokio::test]
async fn deleting_a_cast_member_removes_their_credits() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let movie = app.create_movie(&admin.token, j!({"title": "Arrival"})).await;
    let other_movie = app.create_movie(&admin.token, j!({"title": "Enchanted"})).await;
    let amy = app.create_cast_member(&admin.token, j!({"name": "Amy Adams"})).await;
    let denis = app.create_cast_member(&admin.token, j!({"name": "Denis Villeneuve"})).await;
    let credit = |movie: &Value, person: &Value, role: &str| {
        let path = format!("{}/credits", movie_path(movie));
        let body = j!({"cast_member_id": person["id"], "role": role});
        let app = &app;
        let token = admin.token.clone();
        async move { assert_eq!(send(app, Method::POST, &path, &token, &body).await.status(), 201) }
    };
    credit(&movie, &amy, "actor").await;
    credit(&movie, &denis, "director").await;
    credit(&movie, &amy, "producer").await;
    credit(&other_movie, &amy, "actor").await;

    assert_eq!(send(&app, Method::DELETE, &person_path(&amy), &admin.token, &Value::Null).await.status(), 204);
    let credits = get_json(&app, &format!("{}/credits", movie_path(&movie)), &admin.token).await;
    let names: Vec<&str> =
        credits["data"].as_array().unwrap().iter().map(|c| c["cast_member"]["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Denis Villeneuve"]);
    assert_eq!(get_json(&app, &format!("{}/credits", movie_path(&other_movie)), &admin.token).await["data"], j!([]));
    // The movies themselves stay.
    assert_eq!(get_json(&app, &movie_path(&movie), &admin.token).await["title"], "Arrival");
}

#[tokio::test]
async fn cast_member_lists_are_newest_first_filter_by_name_and_page() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    for name in ["Amy Adams", "Jeremy Renner", "Forest Whitaker", "Amy_Ryan", "AmyXRyan", "100% Ryan"] {
        app.create_cast_member(&admin.token, j!({"name": name})).await;
    }
    let all = get_json(&app, CAST_MEMBERS, &admin.token).await;
    let names = ["100% Ryan", "AmyXRyan", "Amy_Ryan", "Forest Whitaker", "Jeremy Renner", "Amy Adams"];
    assert_eq!(texts(&all, "name"), names);
    assert!(all["next_cursor"].is_null());

    let cases: [(&str, &[&str]); 5] = [
        ("Amy", &["AmyXRyan", "Amy_Ryan", "Amy Adams"]),
        ("y_R", &["Amy_Ryan"]),
        ("0%", &["100% Ryan"]),
        (" Whit ", &["Forest Whitaker"]),
        ("Nobody", &[]),
    ];
    for (q, expected) in cases {
        let response = app.authed(Method::GET, CAST_MEMBERS, &admin.token).query(&[("q", q)]).send().await.unwrap();
        assert_eq!(texts(&json(response).await, "name"), expected, "q={q:?}");
    }

    let mut seen = Vec::new();
    let mut path = format!("{CAST_MEMBERS}?limit=4");
    loop {
        let page = get_json(&app, &path, &admin.token).await;
        assert!(page["data"].as_array().unwrap().len() <= 4);
        seen.extend(ids(&page));
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("{CAST_MEMBERS}?limit=4&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen, ids(&all), "every person once, newest first");
    for query in ["limit=0", "limit=101", "cursor=nonsense"] {
        assert_problem(
            send(&app, Method::GET, &format!("{CAST_MEMBERS}?{query}"), &admin.token, &Value::Null).await,
            400,
        )
        .await;
    }
}

#[tokio::test]
async fn cast_member_writes_are_audited() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    let person = app.create_cast_member(&editor.token, j!({"name": "Amy Adams"})).await;
    let id = person["id"].as_i64().unwrap();
    assert_eq!(send(&app, Method::PATCH, &person_path(&person), &editor.token, &j!({"bio": "x"})).await.status(), 200);
    assert_eq!(send(&app, Method::DELETE, &person_path(&person), &editor.token, &Value::Null).await.status(), 204);
    let entries: Vec<_> = audit_log(&app).await.into_iter().filter(|(a, ..)| a.starts_with("cast_member.")).collect();
    let expected = ["cast_member.delete", "cast_member.update", "cast_member.create"]
        .map(|action| (action.to_string(), "cast_member".to_string(), id, editor.user_id));
    assert_eq!(entries, expected);
}
