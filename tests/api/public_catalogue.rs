//! The public catalogue: movies with credits and articles, cast members with filmographies
//! (tags are in `tags.rs`).

use marquee::domain::Role;
use serde_json::{json as j, Value};

use crate::helpers::{assert_problem, get_ok, key_set, keys, slugs, spawn_app, walk, TestApp, SUMMARY_FIELDS};

const MOVIE_FIELDS: &[&str] = &[
    "id",
    "slug",
    "title",
    "original_title",
    "release_year",
    "runtime_minutes",
    "synopsis",
    "genres",
    "poster_url",
    "poster",
    "trailer_url",
    "trailer_embed",
];

const CAST_MEMBER_FIELDS: &[&str] = &["id", "slug", "name", "bio", "birth_date", "photo_url", "photo"];

/// Credits `person` on `movie`.
async fn credit(app: &TestApp, token: &str, movie: &Value, person: &Value, role: &str, extra: Value) {
    let mut body = j!({"cast_member_id": person["id"], "role": role});
    body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    app.create_credit(token, movie["id"].as_i64().unwrap(), body).await;
}

#[tokio::test]
async fn a_movie_page_has_every_field_its_credits_in_billing_order_and_its_published_articles() {
    let app = spawn_app().await;
    let t = app.login_as(Role::Editor).await.token;
    let movie = app
        .create_movie(
            &t,
            j!({"title": "Arrival", "original_title": "Story of Your Life", "release_year": 2016,
                "runtime_minutes": 116, "synopsis": "Linguist meets heptapods.", "genres": ["Drama", "Sci-Fi"],
                "poster_url": "https://img.example.com/p.jpg", "trailer_url": "https://video.example.com/t"}),
        )
        .await;
    let renner = app.create_cast_member(&t, j!({"name": "Jeremy Renner"})).await;
    let villeneuve = app.create_cast_member(&t, j!({"name": "Denis Villeneuve"})).await;
    let johannsson = app
        .create_cast_member(&t, j!({"name": "Johann Johannsson", "photo_url": "https://img.example.com/j.jpg"}))
        .await;
    let adams =
        app.create_cast_member(&t, j!({"name": "Amy Adams", "photo_url": "https://img.example.com/a.jpg"})).await;
    credit(&app, &t, &movie, &renner, "actor", j!({"character": "Ian Donnelly", "billing_order": 2})).await;
    credit(&app, &t, &movie, &johannsson, "composer", j!({"billing_order": 12})).await;
    credit(&app, &t, &movie, &villeneuve, "director", j!({"billing_order": 11})).await;
    credit(&app, &t, &movie, &adams, "actor", j!({"character": "Louise Banks", "billing_order": 1})).await;
    let older = app.publish_new(&t, j!({"title": "Older", "movie_id": movie["id"]})).await;
    app.create_article(&t, j!({"title": "A draft", "movie_id": movie["id"]})).await;
    app.publish_new(&t, j!({"title": "Newer", "movie_id": movie["id"]})).await;
    app.publish_new(&t, j!({"title": "About something else"})).await;

    let page = get_ok(&app, "/api/v1/movies/arrival").await;
    let expected: Vec<&str> = MOVIE_FIELDS.iter().copied().chain(["credits", "articles"]).collect();
    assert_eq!(keys(&page), key_set(&expected));
    assert_eq!(page["id"], movie["id"]);
    assert_eq!(page["slug"], "arrival");
    assert_eq!(page["title"], "Arrival");
    assert_eq!(page["original_title"], "Story of Your Life");
    assert_eq!(page["release_year"], 2016);
    assert_eq!(page["runtime_minutes"], 116);
    assert_eq!(page["synopsis"], "Linguist meets heptapods.");
    assert_eq!(page["genres"], j!(["Drama", "Sci-Fi"]));
    assert_eq!(page["poster_url"], "https://img.example.com/p.jpg");
    assert_eq!(page["trailer_url"], "https://video.example.com/t");
    assert_eq!(
        page["credits"],
        j!({
            "cast": [
                {"cast_member": {"slug": "amy-adams", "name": "Amy Adams", "photo_url": "https://img.example.com/a.jpg"},
                 "character": "Louise Banks", "billing_order": 1},
                {"cast_member": {"slug": "jeremy-renner", "name": "Jeremy Renner", "photo_url": null},
                 "character": "Ian Donnelly", "billing_order": 2}
            ],
            "crew": [
                {"cast_member": {"slug": "denis-villeneuve", "name": "Denis Villeneuve", "photo_url": null},
                 "role": "director"},
                {"cast_member": {"slug": "johann-johannsson", "name": "Johann Johannsson",
                                 "photo_url": "https://img.example.com/j.jpg"}, "role": "composer"}
            ]
        })
    );
    assert_eq!(slugs(&j!({"data": page["articles"]})), ["newer", "older"]);
    assert_eq!(keys(&page["articles"][1]), key_set(SUMMARY_FIELDS));
    assert_eq!(page["articles"][1]["published_at"], older["published_at"]);
    assert_eq!(page["articles"][1]["movie"], j!({"slug": "arrival", "title": "Arrival", "release_year": 2016}));
    assert!(page.get("version").is_none() && page.get("created_at").is_none());
}

#[tokio::test]
async fn the_movie_list_is_by_title_without_credits_or_articles() {
    let app = spawn_app().await;
    let t = app.login_as(Role::Editor).await.token;
    for (title, year) in [("Zodiac", 2007), ("Arrival", 2016), ("Memento", 2000)] {
        app.create_movie(&t, j!({"title": title, "release_year": year, "genres": ["Thriller"]})).await;
    }
    let page = get_ok(&app, "/api/v1/movies").await;
    assert_eq!(slugs(&page), ["arrival", "memento", "zodiac"]);
    assert!(page["next_cursor"].is_null());
    assert_eq!(keys(&page["data"][0]), key_set(MOVIE_FIELDS));
    assert_eq!(page["data"][1]["release_year"], 2000);
    assert_eq!(page["data"][1]["genres"], j!(["Thriller"]));
    assert!(page["data"][1]["synopsis"].is_null());
    assert_eq!(walk(&app, "/api/v1/movies", 2).await, [vec!["arrival", "memento"], vec!["zodiac"]]);
}

#[tokio::test]
async fn a_cast_member_page_has_their_filmography_newest_movie_first() {
    let app = spawn_app().await;
    let t = app.login_as(Role::Editor).await.token;
    let person = app
        .create_cast_member(
            &t,
            j!({"name": "Greta Gerwig", "bio": "Writer and director.", "birth_date": "1983-08-04",
                "photo_url": "https://img.example.com/g.jpg"}),
        )
        .await;
    let frances = app.create_movie(&t, j!({"title": "Frances Ha", "release_year": 2012})).await;
    let barbie = app.create_movie(&t, j!({"title": "Barbie", "release_year": 2023})).await;
    let jackie = app.create_movie(&t, j!({"title": "Jackie", "release_year": 2016})).await;
    credit(&app, &t, &frances, &person, "actor", j!({"character": "Frances"})).await;
    credit(&app, &t, &barbie, &person, "director", j!({})).await;
    credit(&app, &t, &jackie, &person, "actor", j!({"character": "Nancy Tuckerman"})).await;
    app.create_cast_member(&t, j!({"name": "Someone Else"})).await;

    let page = get_ok(&app, "/api/v1/cast-members/greta-gerwig").await;
    let expected: Vec<&str> = CAST_MEMBER_FIELDS.iter().copied().chain(["filmography"]).collect();
    assert_eq!(keys(&page), key_set(&expected));
    assert_eq!(page["id"], person["id"]);
    assert_eq!(page["name"], "Greta Gerwig");
    assert_eq!(page["bio"], "Writer and director.");
    assert_eq!(page["birth_date"], "1983-08-04");
    assert_eq!(page["photo_url"], "https://img.example.com/g.jpg");
    assert_eq!(
        page["filmography"],
        j!([
            {"movie": {"slug": "barbie", "title": "Barbie", "release_year": 2023}, "role": "director", "character": null},
            {"movie": {"slug": "jackie", "title": "Jackie", "release_year": 2016}, "role": "actor",
             "character": "Nancy Tuckerman"},
            {"movie": {"slug": "frances-ha", "title": "Frances Ha", "release_year": 2012}, "role": "actor",
             "character": "Frances"}
        ])
    );
    assert!(page.get("version").is_none() && page.get("created_at").is_none());
}

#[tokio::test]
async fn filmographies_list_undated_movies_last_on_every_backend() {
    let app = spawn_app().await;
    let t = app.login_as(Role::Editor).await.token;
    let person = app.create_cast_member(&t, j!({"name": "Florence Pugh"})).await;
    let undated = app.create_movie(&t, j!({"title": "Untitled Project"})).await;
    let dated = app.create_movie(&t, j!({"title": "Midsommar", "release_year": 2019})).await;
    credit(&app, &t, &undated, &person, "actor", j!({})).await;
    credit(&app, &t, &dated, &person, "actor", j!({})).await;
    let page = get_ok(&app, "/api/v1/cast-members/florence-pugh").await;
    let titles: Vec<&str> =
        page["filmography"].as_array().unwrap().iter().map(|f| f["movie"]["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Midsommar", "Untitled Project"]);
}

#[tokio::test]
async fn the_cast_member_list_is_by_name_without_filmographies() {
    let app = spawn_app().await;
    let t = app.login_as(Role::Editor).await.token;
    for name in ["Zoe Saldana", "Amy Adams", "Mahershala Ali"] {
        app.create_cast_member(&t, j!({ "name": name })).await;
    }
    let page = get_ok(&app, "/api/v1/cast-members").await;
    assert_eq!(slugs(&page), ["amy-adams", "mahershala-ali", "zoe-saldana"]);
    assert_eq!(keys(&page["data"][0]), key_set(CAST_MEMBER_FIELDS));
    assert!(page["data"][0]["birth_date"].is_null());
    assert_eq!(walk(&app, "/api/v1/cast-members", 2).await.concat(), ["amy-adams", "mahershala-ali", "zoe-saldana"]);
}

#[tokio::test]
async fn unknown_movies_and_cast_members_are_404() {
    let app = spawn_app().await;
    for path in ["/api/v1/movies/no-such-movie", "/api/v1/cast-members/no-such-person", "/api/v1/movies/1"] {
        assert_problem(app.get(path).await, 404).await;
    }
}
