//! Movie fields: generated and explicit slugs, every rule on every field, unknown fields and
//! malformed bodies. A refused request changes nothing.

use reqwest::Method;
use serde_json::json as j;

use crate::helpers::{assert_problem, get_json, invalid_fields, json, movie_path, send, spawn_app, texts, MOVIES};

#[tokio::test]
async fn slugs_are_made_from_titles_and_suffixed_to_stay_unique() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let cases = [
        ("Amélie: The Ending!", "amelie-the-ending"),
        ("Amélie: The Ending!", "amelie-the-ending-2"),
        ("AMÉLIE — the   ending", "amelie-the-ending-3"),
        ("  Dune   Part Two ", "dune-part-two"),
        ("???", "untitled"),
        ("!!!", "untitled-2"),
    ];
    for (title, slug) in cases {
        assert_eq!(app.create_movie(&admin.token, j!({"title": title})).await["slug"], slug, "{title}");
    }
    let long = app.create_movie(&admin.token, j!({"title": "word ".repeat(40)})).await;
    let slug = long["slug"].as_str().unwrap();
    assert!(slug.len() <= 112 && slug.starts_with("word-word") && !slug.ends_with('-'), "{slug}");
}

#[tokio::test]
async fn a_generated_slug_skips_suffixes_taken_explicitly() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    app.create_movie(&admin.token, j!({"title": "Dune: Part Two", "slug": "dune-2"})).await;
    assert_eq!(app.create_movie(&admin.token, j!({"title": "Dune"})).await["slug"], "dune");
    assert_eq!(app.create_movie(&admin.token, j!({"title": "Dune"})).await["slug"], "dune-3");
}

#[tokio::test]
async fn an_explicit_slug_that_is_taken_is_409() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let first = app.create_movie(&admin.token, j!({"title": "Dune", "slug": "dune-1984"})).await;
    assert_eq!(first["slug"], "dune-1984");
    let taken = send(&app, Method::POST, MOVIES, &admin.token, &j!({"title": "Other", "slug": "dune-1984"})).await;
    assert_problem(taken, 409).await;

    let second = app.create_movie(&admin.token, j!({"title": "Dune"})).await;
    let rename = send(&app, Method::PATCH, &movie_path(&second), &admin.token, &j!({"slug": "dune-1984"})).await;
    assert_problem(rename, 409).await;
    assert_eq!(get_json(&app, &movie_path(&second), &admin.token).await, second, "unchanged");
    let list = get_json(&app, MOVIES, &admin.token).await;
    assert_eq!(texts(&list, "slug"), ["dune", "dune-1984"]);

    // Keeping one's own slug is no conflict.
    let same = send(&app, Method::PATCH, &movie_path(&first), &admin.token, &j!({"slug": "dune-1984"})).await;
    assert_eq!(same.status(), 200);
}

#[tokio::test]
async fn invalid_explicit_slugs_are_422() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let movie = app.create_movie(&admin.token, j!({"title": "Dune"})).await;
    let too_long = "a".repeat(121);
    let cases = [
        ("Dune", "uppercase"),
        ("dune two", "a space"),
        ("dune--two", "a double hyphen"),
        ("-dune", "a leading hyphen"),
        ("dune-", "a trailing hyphen"),
        ("dün", "a non-ASCII letter"),
        ("a/b", "a slash"),
        ("", "empty"),
        (too_long.as_str(), "121 characters"),
    ];
    for (slug, reason) in cases {
        let create = send(&app, Method::POST, MOVIES, &admin.token, &j!({"title": "X", "slug": slug})).await;
        assert_eq!(invalid_fields(create).await, ["slug"], "create: {reason}");
        let patch = send(&app, Method::PATCH, &movie_path(&movie), &admin.token, &j!({"slug": slug})).await;
        assert_eq!(invalid_fields(patch).await, ["slug"], "patch: {reason}");
    }
    let longest = app.create_movie(&admin.token, j!({"title": "X", "slug": "b".repeat(120)})).await;
    assert_eq!(longest["slug"], "b".repeat(120));
    assert_eq!(get_json(&app, MOVIES, &admin.token).await["data"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn invalid_movies_list_every_bad_field_and_create_nothing() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let body = j!({
        "slug": "Not A Slug", "title": "   ", "original_title": "o".repeat(201), "release_year": 1869,
        "release_date": "1799-12-31", "runtime_minutes": 0, "synopsis": "s".repeat(20_001),
        "genres": vec!["Drama"; 21], "poster_url": "javascript:alert(1)", "trailer_url": "ftp://example.com/t.mp4"
    });
    let fields = invalid_fields(send(&app, Method::POST, MOVIES, &admin.token, &body).await).await;
    let expected = [
        "slug",
        "title",
        "original_title",
        "release_year",
        "release_date",
        "runtime_minutes",
        "synopsis",
        "genres",
        "poster_url",
        "trailer_url",
    ];
    assert_eq!(fields, expected);
    assert_eq!(get_json(&app, MOVIES, &admin.token).await["data"], j!([]), "nothing was created");
}

#[tokio::test]
async fn each_movie_rule_refuses_its_bad_values() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let cases = [
        (j!({"title": ""}), "title", "empty"),
        (j!({"title": " \t "}), "title", "only whitespace"),
        (j!({"title": "t".repeat(201)}), "title", "201 characters"),
        (j!({"title": "a\u{0}b"}), "title", "a control character"),
        (j!({"title": "a\u{9f}b"}), "title", "a C1 control character"),
        (j!({"title": "\u{1c}\u{1d}"}), "title", "only separator controls"),
        (j!({"title": format!(" {}", "t".repeat(200))}), "title", "201 characters with the space"),
        (j!({"original_title": "o\u{7}"}), "original_title", "a bell"),
        (j!({"title": 42}), "title", "not a string"),
        (j!({"release_year": 1869}), "release_year", "before cinema"),
        (j!({"release_year": 2101}), "release_year", "too far ahead"),
        (j!({"release_year": "2016"}), "release_year", "a string"),
        (j!({"release_date": "11/11/2016"}), "release_date", "not YYYY-MM-DD"),
        (j!({"release_date": "2016-02-30"}), "release_date", "no such day"),
        (j!({"release_date": "0000-06-01"}), "release_date", "the year 0"),
        (j!({"release_date": "+99999-01-01"}), "release_date", "the year 99999"),
        (j!({"release_date": "1869-12-31"}), "release_date", "before cinema"),
        (j!({"runtime_minutes": 0}), "runtime_minutes", "zero"),
        (j!({"runtime_minutes": -90}), "runtime_minutes", "negative"),
        (j!({"runtime_minutes": 2001}), "runtime_minutes", "too long"),
        (j!({"genres": vec!["g"; 21]}), "genres", "21 items"),
        (j!({"genres": ["Drama", " "]}), "genres", "a blank item"),
        (j!({"genres": ["g".repeat(51)]}), "genres", "an item of 51 characters"),
        (j!({"genres": "Drama"}), "genres", "not a list"),
        (j!({"poster_url": "javascript:alert(1)"}), "poster_url", "javascript:"),
        (j!({"poster_url": "ftp://example.com/p.jpg"}), "poster_url", "ftp:"),
        (j!({"poster_url": "data:image/png;base64,AAAA"}), "poster_url", "data:"),
        (j!({"poster_url": "img.example.com/p.jpg"}), "poster_url", "no scheme"),
        (j!({"poster_url": "https://203.0.113.9/p.jpg"}), "poster_url", "an IP address"),
        (j!({"poster_url": "https://user:pw@img.example.com/p.jpg"}), "poster_url", "a user name"),
        (j!({"poster_url": " https://img.example.com/p.jpg"}), "poster_url", "a leading space"),
        (j!({"poster_url": "https://img.example.com/a b.jpg"}), "poster_url", "a space in the path"),
        (j!({"poster_url": "https://img.example.com:70000/p.jpg"}), "poster_url", "no such port"),
        (j!({"trailer_url": "javascript:alert(1)"}), "trailer_url", "javascript:"),
        (j!({"trailer_url": "ftp://example.com/t.mp4"}), "trailer_url", "ftp:"),
        (j!({"synopsis": "s".repeat(20_001)}), "synopsis", "too long"),
    ];
    for (fragment, field, reason) in cases {
        let mut body = j!({"title": "Valid"});
        body.as_object_mut().unwrap().extend(fragment.as_object().unwrap().clone());
        let response = send(&app, Method::POST, MOVIES, &admin.token, &body).await;
        assert_eq!(invalid_fields(response).await, [field], "{field}: {reason}");
    }
    assert_eq!(get_json(&app, MOVIES, &admin.token).await["data"], j!([]), "nothing was created");
}

#[tokio::test]
async fn boundary_values_are_accepted() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let genres: Vec<String> = (0..20).map(|i| format!("{i:0>50}")).collect();
    let body = j!({
        "title": "é".repeat(200), "release_year": 1870, "runtime_minutes": 1, "genres": genres,
        "poster_url": "http://img.example.com/p.jpg", "trailer_url": "HTTPS://video.example.com/t"
    });
    let movie = app.create_movie(&admin.token, body).await;
    assert_eq!(movie["title"], "é".repeat(200));
    assert_eq!(movie["genres"], j!(genres));
    assert_eq!(movie["poster_url"], "http://img.example.com/p.jpg");
    assert!(movie["trailer_url"].as_str().unwrap().starts_with("https://video.example.com/"));
    // JSON Schema counts 2000.0 as an integer; so does the server.
    let other =
        app.create_movie(&admin.token, j!({"title": "Y", "release_year": 2100, "runtime_minutes": 2000.0})).await;
    assert_eq!((other["release_year"].as_i64(), other["runtime_minutes"].as_i64()), (Some(2100), Some(2000)));
    // Tab and line breaks are text; an empty URL is no URL.
    let third = app.create_movie(&admin.token, j!({"title": "Z", "synopsis": "a\tb\r\nc", "poster_url": ""})).await;
    assert_eq!((third["synopsis"].as_str(), third["poster_url"].as_str()), (Some("a\tb\r\nc"), None));
}

#[tokio::test]
async fn genres_are_trimmed_and_deduplicated_case_insensitively() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let body = j!({"title": "Arrival", "genres": ["Drama", " drama ", "Sci-Fi", "SCI-FI", " Mystery "]});
    let movie = app.create_movie(&admin.token, body).await;
    assert_eq!(movie["genres"], j!(["Drama", "Sci-Fi", "Mystery"]));
    let patch = j!({"genres": ["Thriller", "THRILLER"]});
    let updated = json(send(&app, Method::PATCH, &movie_path(&movie), &admin.token, &patch).await).await;
    assert_eq!(updated["genres"], j!(["Thriller"]));
}

#[tokio::test]
async fn unknown_and_missing_fields_are_422_naming_the_field() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let extra = send(&app, Method::POST, MOVIES, &admin.token, &j!({"title": "Dune", "director": "Lynch"})).await;
    assert_eq!(invalid_fields(extra).await, ["director"]);
    let missing = send(&app, Method::POST, MOVIES, &admin.token, &j!({"release_year": 1984})).await;
    assert_eq!(invalid_fields(missing).await, ["title"]);
    let movie = app.create_movie(&admin.token, j!({"title": "Dune"})).await;
    let patch = send(&app, Method::PATCH, &movie_path(&movie), &admin.token, &j!({"rating": 5})).await;
    assert_eq!(invalid_fields(patch).await, ["rating"]);
    assert_eq!(get_json(&app, &movie_path(&movie), &admin.token).await, movie);
}

#[tokio::test]
async fn movie_bodies_must_be_well_formed_json() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let malformed = app.authed(Method::POST, MOVIES, &admin.token).header("content-type", "application/json");
    assert_problem(malformed.body("{\"title\": ").send().await.unwrap(), 400).await;
    let text = app.authed(Method::POST, MOVIES, &admin.token).header("content-type", "text/plain");
    assert_problem(text.body("{\"title\": \"Dune\"}").send().await.unwrap(), 415).await;
    assert_eq!(get_json(&app, MOVIES, &admin.token).await["data"], j!([]));
}
