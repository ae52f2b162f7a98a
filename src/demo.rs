//! `marquee demo`: a small catalogue written for this project — a fictional film, its
//! director and twelve-name cast, one published "ending explained" article in six sections
//! with reader-question subheadings, a trailer and a clip, and approved comments — to try
//! the API and the example sites at once.

use crate::auth::Identity;
use crate::content::articles::{self, ArticleInput};
use crate::content::cast_members::{self, CastMemberInput};
use crate::content::comments::{self, CommentInput};
use crate::content::movies::{self, MovieInput};
use crate::content::{credits, Effects};
use crate::db::credits::NewCredit;
use crate::db::{self, DbConn};
use crate::domain::{CommentStatus, CreditRole, Email, Expected, Role, Slug};
use crate::dto::articles::CreateArticleRequest;
use crate::dto::cast_members::CreateCastMemberRequest;
use crate::dto::movies::CreateMovieRequest;
use crate::dto::sections::CreateSectionRequest;
use crate::error::ApiError;

/// The demo movie's title; its slug tells whether the demo is loaded already.
const MOVIE_TITLE: &str = "The Keeper's Daughter";

/// Heading, reader's question, markdown, and an optional clip with its caption.
type DemoSection = (&'static str, &'static str, &'static str, Option<(&'static str, &'static str)>);

const SECTIONS: &[DemoSection] = &[
    (
        "The last night on the island",
        "What happens in the final scene?",
        "Mara climbs the lighthouse one last time and lets the lamp go dark. For the first time in the \
         film the sea is *silent*, and the ship her father waited for finally appears on the horizon.",
        Some(("https://www.youtube.com/watch?v=kd7Xa3Lm9Qe", "The final scene, from the official trailer")),
    ),
    (
        "Who was keeping the light?",
        "Was her father ever really there?",
        "The letters Mara reads aloud are dated after his funeral. The film never says it outright, \
         but every scene they share is lit by the lamp alone: he exists only while the light turns.",
        None,
    ),
    (
        "The postmistress knows",
        "Why does Odile keep delivering the letters?",
        "Odile is the only islander who has read them. She keeps bringing them because she believes, \
         as Mara does, that the island needs someone to keep the light — and she would rather it was **not** her.",
        None,
    ),
    (
        "Why the ship comes back",
        "What does the ship mean?",
        "The ship is the life Mara refused. When she stops keeping the light for someone else, the \
         way off the island opens. Watch the trailer again: the ship is in the first shot too.",
        Some(("https://vimeo.com/284371234", "The opening shot, with the ship on the horizon")),
    ),
    (
        "The storm that never breaks",
        "Why is there no storm?",
        "Every character warns of the storm. It never comes, because the threat was never the weather: \
         it was what Mara would do when the lamp finally went out.",
        None,
    ),
    (
        "What the ending asks of us",
        "Did Mara leave the island?",
        "The last shot holds on the dark lighthouse, not on the ship. Varga leaves it to us — but the \
         door at the top of the tower is open, and it was locked in every other scene.",
        None,
    ),
];

/// Name, role, and the character they play.
const PEOPLE: &[(&str, CreditRole, Option<&str>)] = &[
    ("Ines Varga", CreditRole::Director, None),
    ("Lena Moor", CreditRole::Actor, Some("Mara")),
    ("Tomas Reyes", CreditRole::Actor, Some("The Keeper")),
    ("Odile Brand", CreditRole::Actor, Some("Odile, the postmistress")),
    ("Jonas Heller", CreditRole::Actor, Some("The ferryman")),
    ("Amara Quist", CreditRole::Actor, Some("Young Mara")),
    ("Piet Olsen", CreditRole::Actor, Some("The doctor")),
    ("Rosa Lind", CreditRole::Actor, Some("Mara's mother")),
    ("Kai Brenner", CreditRole::Actor, Some("The surveyor")),
    ("Nora Falk", CreditRole::Actor, Some("The teacher")),
    ("Emil Sato", CreditRole::Actor, Some("The ship's captain")),
    ("Greta Vos", CreditRole::Actor, Some("The innkeeper")),
    ("Luc Marchal", CreditRole::Actor, Some("The priest")),
];

fn author(conn: &mut DbConn) -> Result<Identity, ApiError> {
    let admin =
        db::users::first_admin(conn)?.ok_or_else(|| ApiError::NotFound("no admin user to sign the demo".into()))?;
    Ok(Identity { user_id: admin, role: Role::Admin, api_token_id: None, session: None })
}

/// Loads the demo content (inside the caller's transaction); returns the article's slug, or
/// `None` when the demo is there already.
pub fn load(conn: &mut DbConn, fx: &mut Effects) -> Result<Option<String>, ApiError> {
    let movie_slug = Slug::from_text(MOVIE_TITLE).unwrap_or_else(Slug::untitled);
    if db::movies::slug_taken(conn, movie_slug.as_str())? {
        return Ok(None);
    }
    let who = author(conn)?;
    let movie = movies::create(
        conn,
        fx,
        who.user_id,
        &MovieInput::try_from(CreateMovieRequest {
            slug: None,
            title: MOVIE_TITLE.into(),
            original_title: None,
            release_year: Some(2019),
            release_date: None,
            runtime_minutes: Some(104),
            synopsis: Some("A young woman keeps her late father's lighthouse running, and waits.".into()),
            genres: Some(vec!["Drama".into(), "Mystery".into()]),
            poster_url: Some("https://example.com/keepers-daughter/poster.jpg".into()),
            trailer_url: Some("https://www.youtube.com/watch?v=kd7Xa3Lm9Qe".into()),
            poster_id: None,
        })?,
    )?;
    for (name, role, character) in PEOPLE {
        let person = cast_members::create(
            conn,
            fx,
            who.user_id,
            &CastMemberInput::try_from(CreateCastMemberRequest {
                slug: None,
                name: (*name).into(),
                bio: None,
                birth_date: None,
                photo_url: None,
                photo_id: None,
            })?,
        )?;
        let now = db::now();
        let credit = NewCredit {
            movie_id: movie.id,
            cast_member_id: person.id,
            role: *role,
            character: character.map(str::to_string),
            billing_order: 0,
            created_at: now,
            updated_at: now,
        };
        credits::create(conn, fx, who.user_id, movie.id, &credit, None)?;
    }
    let input = ArticleInput::try_from(CreateArticleRequest {
        title: "The Keeper's Daughter ending explained".into(),
        subtitle: Some("Who was keeping the light?".into()),
        excerpt: Some("Why the lamp goes dark, and why the ship finally comes.".into()),
        movie_id: Some(movie.id),
        tags: Some(vec!["Endings".into(), "Mystery".into()]),
        cover_image_url: Some("https://example.com/keepers-daughter/lighthouse.jpg".into()),
        cover_image_alt: Some("A lighthouse at dusk, its lamp dark".into()),
        cover_image_caption: Some("Lena Moor as Mara in The Keeper's Daughter (2019)".into()),
        meta_description: Some("The ending of The Keeper's Daughter, explained scene by scene.".into()),
        sections: Some(
            SECTIONS
                .iter()
                .map(|(heading, subheading, body, media)| CreateSectionRequest {
                    heading: (*heading).to_string(),
                    subheading: Some((*subheading).to_string()),
                    body: Some((*body).to_string()),
                    media_url: media.map(|(url, _)| url.to_string()),
                    media_caption: media.map(|(_, caption)| caption.to_string()),
                    media_id: None,
                    position: None,
                })
                .collect(),
        ),
        ..CreateArticleRequest::default()
    })?;
    let article = articles::create(conn, &who, &input)?.article;
    articles::publish(conn, fx, who.user_id, article.id, &Expected::Any, None)?;
    for (name, email, body) in [
        ("Ann", "ann@example.com", "So the father was a ghost the whole time? That changes the first act."),
        ("Bo", "bo@example.com", "The ship in the first shot! I missed that completely."),
    ] {
        let input = CommentInput {
            author_name: name.into(),
            author_email: Email::parse(email).map_err(|e| ApiError::invalid("author_email", e))?,
            body: body.into(),
            parent_id: None,
            honeypot: false,
        };
        let sender = comments::Sender { client_hash: format!("demo-{name}"), user_agent: None };
        let comment = comments::submit(conn, fx, &article.slug, &input, &sender)?;
        comments::moderate(conn, fx, who.user_id, comment.id, &Expected::Any, (CommentStatus::Approved, None))?;
    }
    Ok(Some(article.slug))
}
