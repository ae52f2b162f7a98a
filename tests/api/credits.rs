//! A movie's credits: who played whom and who made it, in billing order. Read by anyone
//! signed in, written by admins and editors.

use marquee::domain::Role;
use reqwest::Method;
use serde_json::{json as j, Value};

use crate::helpers::{
    assert_problem, audit_log, get_json, invalid_fields, json, movie_path, patch_if_match, send, spawn_app, TestApp,
};

const ROLES: [&str; 7] = ["actor", "director", "writer", "producer", "composer", "cinematographer", "other"];

fn credits_path(movie: &Value) -> String {
    format!("{}/credits", movie_path(movie))
}

fn credit_path(movie: &Value, credit: &Value) -> String {
    format!("{}/{}", credits_path(movie), credit["id"])
}

/// Credits someone on `movie`, expecting 201, and returns the credit.
async fn add_credit(app: &TestApp, token: &str, movie: &Value, body: Value) -> Value {
    let response = send(app, Method::POST, &credits_path(movie), token, &body).await;
    assert_eq!(response.status(), 201, "credit {body}");
    json(response).await
}

/// `(name, role, character, billing_order)` of each credit of `movie`, in listed order.
async fn billing(app: &TestApp, token: &str, movie: &Value) -> Vec<(String, String, Option<String>, i64)> {
    let list = get_json(app, &credits_path(movie), token).await;
    assert!(list["next_cursor"].is_null(), "every credit on one page: {list}");
    list["data"]
        .as_array()
        .unwrap_or_else(|| panic!("credits are a page: {list}"))
        .iter()
        .map(|c| {
            let name = c["cast_member"]["name"].as_str().unwrap().to_string();
            let character = c["character"].as_str().map(str::to_string);
            (name, c["role"].as_str().unwrap().to_string(), character, c["billing_order"].as_i64().unwrap())
        })
        .collect()
}

/// A movie and two people, made by the admin.
async fn catalogue(app: &TestApp) -> (String, Value, Value, Value) {
    let admin = app.admin().await;
    let movie = app.create_movie(&admin.token, j!({"title": "Arrival"})).await;
    let amy = app.create_cast_member(&admin.token, j!({"name": "Amy Adams"})).await;
    let denis = app.create_cast_member(&admin.token, j!({"name": "Denis Villeneuve"})).await;
    (admin.token, movie, amy, denis)
}

#[tokio::test]
async fn credit_routes_are_401_anonymous() {
    let app = spawn_app().await;
    let (token, movie, amy, _) = catalogue(&app).await;
    let credit = add_credit(&app, &token, &movie, j!({"cast_member_id": amy["id"], "role": "actor"})).await;
    let (list, one) = (credits_path(&movie), credit_path(&movie, &credit));
    let routes = [(Method::GET, &list), (Method::POST, &list), (Method::PATCH, &one), (Method::DELETE, &one)];
    for (method, path) in routes {
        let body = j!({"cast_member_id": amy["id"], "role": "writer"});
        let response = app.request(method.clone(), path).json(&body).send().await.unwrap();
        assert_eq!(response.status(), 401, "{method} {path}");
        assert_eq!(response.headers()["cache-control"], "no-store");
        assert_problem(response, 401).await;
    }
    assert_eq!(billing(&app, &token, &movie).await, [("Amy Adams".into(), "actor".into(), None, 1)]);
}

#[tokio::test]
async fn credit_writes_by_authors_and_moderators_are_403_and_reads_are_fine() {
    let app = spawn_app().await;
    let (token, movie, amy, _) = catalogue(&app).await;
    let credit = add_credit(&app, &token, &movie, j!({"cast_member_id": amy["id"], "role": "actor"})).await;
    let (list, one) = (credits_path(&movie), credit_path(&movie, &credit));
    for role in [Role::Author, Role::Moderator] {
        let session = app.login_as(role).await;
        let writes = [
            (Method::POST, &list, j!({"cast_member_id": amy["id"], "role": "writer"})),
            (Method::PATCH, &one, j!({"character": "Louise Banks"})),
            (Method::DELETE, &one, Value::Null),
        ];
        for (method, path, body) in writes {
            let response = send(&app, method.clone(), path, &session.token, &body).await;
            assert_eq!(response.status(), 403, "{role} {method} {path}");
            assert_problem(response, 403).await;
        }
        assert_eq!(get_json(&app, &list, &session.token).await["data"], j!([credit]), "{role} reads");
    }
}

#[tokio::test]
async fn editors_credit_people_on_a_movie() {
    let app = spawn_app().await;
    let (_, movie, amy, _) = catalogue(&app).await;
    let editor = app.login_as(Role::Editor).await;
    let body = j!({"cast_member_id": amy["id"], "role": "actor", "character": " Louise Banks "});
    let response = send(&app, Method::POST, &credits_path(&movie), &editor.token, &body).await;
    assert_eq!(response.status(), 201);
    assert_eq!(response.headers()["etag"], "\"1\"");
    assert_eq!(response.headers()["cache-control"], "no-store");
    let location = response.headers()["location"].to_str().unwrap().to_string();
    let credit = json(response).await;
    assert_eq!(location, credit_path(&movie, &credit));
    assert!(credit["id"].as_i64().is_some_and(|id| id > 0));
    let expected = j!({
        "id": credit["id"], "movie_id": movie["id"], "cast_member_id": amy["id"],
        "cast_member": {"id": amy["id"], "slug": "amy-adams", "name": "Amy Adams"},
        "role": "actor", "character": "Louise Banks", "billing_order": 1, "version": 1
    });
    assert_eq!(credit, expected);
    let list = send(&app, Method::GET, &credits_path(&movie), &editor.token, &Value::Null).await;
    assert_eq!(list.headers()["cache-control"], "no-store");
    assert_eq!(json(list).await["data"], j!([expected]));
}

#[tokio::test]
async fn billing_order_defaults_to_after_the_last_credit() {
    let app = spawn_app().await;
    let (token, movie, amy, denis) = catalogue(&app).await;
    let other = app.create_movie(&token, j!({"title": "Other"})).await;
    let mut orders = Vec::new();
    for (person, role) in [(&amy, "actor"), (&denis, "director"), (&denis, "producer")] {
        let credit = add_credit(&app, &token, &movie, j!({"cast_member_id": person["id"], "role": role})).await;
        orders.push(credit["billing_order"].as_i64().unwrap());
    }
    assert_eq!(orders, [1, 2, 3]);
    let explicit = j!({"cast_member_id": amy["id"], "role": "writer", "billing_order": 10});
    assert_eq!(add_credit(&app, &token, &movie, explicit).await["billing_order"], 10);
    let next = add_credit(&app, &token, &movie, j!({"cast_member_id": amy["id"], "role": "other"})).await;
    assert_eq!(next["billing_order"], 11);
    // Each movie counts on its own.
    let first = add_credit(&app, &token, &other, j!({"cast_member_id": amy["id"], "role": "actor"})).await;
    assert_eq!(first["billing_order"], 1);
}

#[tokio::test]
async fn credits_are_listed_in_billing_order_then_creation_order() {
    let app = spawn_app().await;
    let (token, movie, amy, denis) = catalogue(&app).await;
    let jeremy = app.create_cast_member(&token, j!({"name": "Jeremy Renner"})).await;
    let forest = app.create_cast_member(&token, j!({"name": "Forest Whitaker"})).await;
    for (person, order) in [(&forest, 3), (&amy, 1), (&denis, 0), (&jeremy, 2), (&amy, 2)] {
        let role = if person == &denis { "director" } else { "actor" };
        add_credit(&app, &token, &movie, j!({"cast_member_id": person["id"], "role": role, "billing_order": order}))
            .await;
    }
    let listed: Vec<(String, i64)> =
        billing(&app, &token, &movie).await.into_iter().map(|(n, _, _, o)| (n, o)).collect();
    let expected =
        [("Denis Villeneuve", 0), ("Amy Adams", 1), ("Jeremy Renner", 2), ("Amy Adams", 2), ("Forest Whitaker", 3)];
    assert_eq!(listed, expected.map(|(n, o)| (n.to_string(), o)));
}

#[tokio::test]
async fn every_credit_role_is_accepted_and_no_other() {
    let app = spawn_app().await;
    let (token, movie, amy, _) = catalogue(&app).await;
    for role in ROLES {
        let credit = add_credit(&app, &token, &movie, j!({"cast_member_id": amy["id"], "role": role})).await;
        assert_eq!(credit["role"], role);
    }
    for bad in ["stuntman", "Actor", "", "ACTOR"] {
        let body = j!({"cast_member_id": amy["id"], "role": bad});
        let response = send(&app, Method::POST, &credits_path(&movie), &token, &body).await;
        assert_eq!(invalid_fields(response).await, ["role"], "{bad:?}");
    }
    let listed: Vec<String> = billing(&app, &token, &movie).await.into_iter().map(|(_, role, ..)| role).collect();
    assert_eq!(listed, ROLES);
}

#[tokio::test]
async fn only_actors_play_a_character() {
    let app = spawn_app().await;
    let (token, movie, amy, _) = catalogue(&app).await;
    for role in &ROLES[1..] {
        let body = j!({"cast_member_id": amy["id"], "role": role, "character": "Louise Banks"});
        let response = send(&app, Method::POST, &credits_path(&movie), &token, &body).await;
        assert_eq!(invalid_fields(response).await, ["character"], "{role}");
    }
    assert_eq!(get_json(&app, &credits_path(&movie), &token).await["data"], j!([]), "nothing was created");
    let actor = j!({"cast_member_id": amy["id"], "role": "actor", "character": "Louise Banks"});
    assert_eq!(add_credit(&app, &token, &movie, actor).await["character"], "Louise Banks");
    let director = j!({"cast_member_id": amy["id"], "role": "director", "character": null});
    assert_eq!(add_credit(&app, &token, &movie, director).await["character"], Value::Null);
}

#[tokio::test]
async fn invalid_credits_list_every_bad_field_and_create_nothing() {
    let app = spawn_app().await;
    let (token, movie, amy, _) = catalogue(&app).await;
    let cases = [
        (
            j!({"cast_member_id": amy["id"], "role": "director", "character": "X", "billing_order": -1}),
            vec!["character", "billing_order"],
        ),
        (
            j!({"cast_member_id": amy["id"], "role": "actor", "character": "c".repeat(201), "billing_order": 10_001}),
            vec!["character", "billing_order"],
        ),
        (j!({"role": "actor"}), vec!["cast_member_id"]),
        (j!({"cast_member_id": amy["id"]}), vec!["role"]),
        (j!({"cast_member_id": "amy", "role": "actor"}), vec!["cast_member_id"]),
        (j!({"cast_member_id": amy["id"], "role": "actor", "billing_order": "first"}), vec!["billing_order"]),
        (j!({"cast_member_id": amy["id"], "role": "actor", "notes": "x"}), vec!["notes"]),
    ];
    for (body, fields) in cases {
        let response = send(&app, Method::POST, &credits_path(&movie), &token, &body).await;
        assert_eq!(invalid_fields(response).await, fields, "{body}");
    }
    assert_eq!(get_json(&app, &credits_path(&movie), &token).await["data"], j!([]), "nothing was created");
    for order in [0, 10_000] {
        let body = j!({"cast_member_id": amy["id"], "role": "actor", "billing_order": order});
        assert_eq!(add_credit(&app, &token, &movie, body).await["billing_order"], order);
    }
}

#[tokio::test]
async fn an_unknown_cast_member_is_422_naming_cast_member_id() {
    let app = spawn_app().await;
    let (token, movie, amy, _) = catalogue(&app).await;
    let body = j!({"cast_member_id": 999_999, "role": "actor"});
    let response = send(&app, Method::POST, &credits_path(&movie), &token, &body).await;
    assert_eq!(invalid_fields(response).await, ["cast_member_id"]);
    let credit = add_credit(&app, &token, &movie, j!({"cast_member_id": amy["id"], "role": "actor"})).await;
    let patch =
        send(&app, Method::PATCH, &credit_path(&movie, &credit), &token, &j!({"cast_member_id": 999_999})).await;
    assert_eq!(invalid_fields(patch).await, ["cast_member_id"]);
    assert_eq!(get_json(&app, &credits_path(&movie), &token).await["data"], j!([credit]), "unchanged");
}

#[tokio::test]
async fn credits_of_unknown_movies_are_404_and_bad_ids_400() {
    let app = spawn_app().await;
    let (token, movie, amy, _) = catalogue(&app).await;
    let body = j!({"cast_member_id": amy["id"], "role": "actor"});
    let unknown_movie = "/api/v1/admin/movies/999999/credits";
    for method in [Method::GET, Method::POST] {
        assert_problem(send(&app, method.clone(), unknown_movie, &token, &body).await, 404).await;
        assert_problem(send(&app, method, "/api/v1/admin/movies/abc/credits", &token, &body).await, 400).await;
    }
    for method in [Method::PATCH, Method::DELETE] {
        let unknown_credit = format!("{}/999999", credits_path(&movie));
        assert_problem(send(&app, method.clone(), &unknown_credit, &token, &body).await, 404).await;
        assert_problem(send(&app, method.clone(), &format!("{unknown_movie}/1"), &token, &body).await, 404).await;
        let bad = format!("{}/first", credits_path(&movie));
        assert_problem(send(&app, method, &bad, &token, &body).await, 400).await;
    }
    assert_eq!(get_json(&app, &credits_path(&movie), &token).await["data"], j!([]));
}

#[tokio::test]
async fn a_credit_is_404_through_another_movie() {
    let app = spawn_app().await;
    let (token, movie, amy, _) = catalogue(&app).await;
    let other = app.create_movie(&token, j!({"title": "Enchanted"})).await;
    let credit = add_credit(&app, &token, &movie, j!({"cast_member_id": amy["id"], "role": "actor"})).await;
    let through_other = format!("{}/{}", credits_path(&other), credit["id"]);
    let patch = send(&app, Method::PATCH, &through_other, &token, &j!({"character": "Giselle"})).await;
    assert_problem(patch, 404).await;
    assert_problem(send(&app, Method::DELETE, &through_other, &token, &Value::Null).await, 404).await;
    assert_eq!(get_json(&app, &credits_path(&movie), &token).await["data"], j!([credit]), "untouched");
    assert_eq!(get_json(&app, &credits_path(&other), &token).await["data"], j!([]));
}

#[tokio::test]
async fn credit_patches_change_what_they_name_and_null_clears_the_character() {
    let app = spawn_app().await;
    let (token, movie, amy, denis) = catalogue(&app).await;
    let body = j!({"cast_member_id": amy["id"], "role": "actor", "character": "Louise"});
    let credit = add_credit(&app, &token, &movie, body).await;
    let path = credit_path(&movie, &credit);

    let changed =
        patch_if_match(&app, &path, &token, "\"1\"", &j!({"character": "Louise Banks", "billing_order": 5})).await;
    assert_eq!((changed.status().as_u16(), changed.headers()["etag"].to_str().unwrap()), (200, "\"2\""));
    let mut expected = credit.clone();
    expected["character"] = j!("Louise Banks");
    expected["billing_order"] = j!(5);
    expected["version"] = j!(2);
    assert_eq!(json(changed).await, expected, "role and person kept");

    // A director plays nobody: the character must go with the change of role.
    let keeps_character = send(&app, Method::PATCH, &path, &token, &j!({"role": "director"})).await;
    assert_eq!(invalid_fields(keeps_character).await, ["character"]);
    let bad = send(&app, Method::PATCH, &path, &token, &j!({"character": "c".repeat(201), "billing_order": -1})).await;
    assert_eq!(invalid_fields(bad).await, ["character", "billing_order"]);
    assert_eq!(get_json(&app, &credits_path(&movie), &token).await["data"], j!([expected]), "unchanged");

    let body = j!({"role": "director", "character": null, "cast_member_id": denis["id"]});
    let redone = json(send(&app, Method::PATCH, &path, &token, &body).await).await;
    let expected = j!({
        "id": credit["id"], "movie_id": movie["id"], "cast_member_id": denis["id"],
        "cast_member": {"id": denis["id"], "slug": "denis-villeneuve", "name": "Denis Villeneuve"},
        "role": "director", "character": null, "billing_order": 5, "version": 3
    });
    assert_eq!(redone, expected);
    assert_eq!(get_json(&app, &credits_path(&movie), &token).await["data"], j!([expected]));
}

#[tokio::test]
async fn changing_billing_order_reorders_the_list() {
    let app = spawn_app().await;
    let (token, movie, amy, denis) = catalogue(&app).await;
    add_credit(&app, &token, &movie, j!({"cast_member_id": amy["id"], "role": "actor"})).await;
    let director = add_credit(&app, &token, &movie, j!({"cast_member_id": denis["id"], "role": "director"})).await;
    let path = credit_path(&movie, &director);
    assert_eq!(send(&app, Method::PATCH, &path, &token, &j!({"billing_order": 0})).await.status(), 200);
    let names: Vec<String> = billing(&app, &token, &movie).await.into_iter().map(|(n, ..)| n).collect();
    assert_eq!(names, ["Denis Villeneuve", "Amy Adams"]);
}

#[tokio::test]
async fn a_stale_if_match_on_a_credit_is_412_and_changes_nothing() {
    let app = spawn_app().await;
    let (token, movie, amy, _) = catalogue(&app).await;
    let credit = add_credit(&app, &token, &movie, j!({"cast_member_id": amy["id"], "role": "actor"})).await;
    let path = credit_path(&movie, &credit);
    assert_eq!(patch_if_match(&app, &path, &token, "\"1\"", &j!({"character": "One"})).await.status(), 200);
    assert_problem(patch_if_match(&app, &path, &token, "\"1\"", &j!({"character": "Two"})).await, 412).await;
    let stale_delete = app.authed(Method::DELETE, &path, &token).header("if-match", "\"1\"");
    assert_problem(stale_delete.send().await.unwrap(), 412).await;
    assert_eq!(billing(&app, &token, &movie).await, [("Amy Adams".into(), "actor".into(), Some("One".into()), 1)]);
    let delete = app.authed(Method::DELETE, &path, &token).header("if-match", "\"2\"");
    assert_eq!(delete.send().await.unwrap().status(), 204);
}

#[tokio::test]
async fn deleting_a_credit_removes_only_that_credit() {
    let app = spawn_app().await;
    let (token, movie, amy, denis) = catalogue(&app).await;
    let acting = add_credit(&app, &token, &movie, j!({"cast_member_id": amy["id"], "role": "actor"})).await;
    add_credit(&app, &token, &movie, j!({"cast_member_id": denis["id"], "role": "director"})).await;
    let path = credit_path(&movie, &acting);
    let deleted = send(&app, Method::DELETE, &path, &token, &Value::Null).await;
    assert_eq!(deleted.status(), 204);
    assert_eq!(deleted.headers()["cache-control"], "no-store");
    assert_eq!(billing(&app, &token, &movie).await, [("Denis Villeneuve".into(), "director".into(), None, 2)]);
    assert_problem(send(&app, Method::DELETE, &path, &token, &Value::Null).await, 404).await;
    // The person and the movie stay.
    assert_eq!(get_json(&app, &format!("/api/v1/admin/cast-members/{}", amy["id"]), &token).await, amy);
    assert_eq!(get_json(&app, &movie_path(&movie), &token).await["title"], "Arrival");
}

#[tokio::test]
async fn credit_writes_are_audited() {
    let app = spawn_app().await;
    let (_, movie, amy, _) = catalogue(&app).await;
    let editor = app.login_as(Role::Editor).await;
    let credit = add_credit(&app, &editor.token, &movie, j!({"cast_member_id": amy["id"], "role": "actor"})).await;
    let id = credit["id"].as_i64().unwrap();
    let path = credit_path(&movie, &credit);
    assert_eq!(send(&app, Method::PATCH, &path, &editor.token, &j!({"billing_order": 3})).await.status(), 200);
    assert_eq!(send(&app, Method::DELETE, &path, &editor.token, &Value::Null).await.status(), 204);
    let entries: Vec<_> = audit_log(&app).await.into_iter().filter(|(a, ..)| a.starts_with("credit.")).collect();
    let expected = ["credit.delete", "credit.update", "credit.create"]
        .map(|action| (action.to_string(), "credit".to_string(), id, editor.user_id));
    assert_eq!(entries, expected);
}
