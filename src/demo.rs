//! `marquee demo`: a small catalogue written for this project (a fictional film, its cast,
//! one published explainer with sections, and a few comments), to try the API at once.

use crate::auth::Identity;
use crate::content::articles::{self, ArticleInput};
use crate::content::cast_members::{self, CastMemberInput};
use crate::content::comments::{self, CommentInput};
use crate::content::movies::{self, MovieInput};
use crate::content::{credits, Effects};
use crate::db::credits::NewCredit;
use crate::db::{self, DbConn};
use crate::domain::{CommentStatus, CreditRole, Email, Expected, Role};
use crate::dto::articles::CreateArticleRequest;
use crate::dto::cast_members::CreateCastMemberRequest;
use crate::dto::movies::CreateMovieRequest;
use crate::dto::sections::CreateSectionRequest;
use crate::error::ApiError;

const SECTIONS: &[(&str, &str, &str)] = &[
    (
        "The last night on the island",
        "What happens in the final scene?",
        "Mara climbs the lighthouse one last time and lets the lamp go dark. For the first time in the \
         film the sea is *silent*, and the ship her father waited for finally appears on the horizon.",
    ),
    (
        "Who was keeping the light?",
        "Was her father ever really there?",
        "The letters Mara reads aloud are dated after his funeral. The film never says it outright, \
         but every scene they share is lit by the lamp alone: he exists only while the light turns.",
    ),
    (
        "Why the ship comes back",
        "What does the ship mean?",
        "The ship is the life Mara refused. When she stops keeping the light for someone else, the \
         way off the island opens. Watch the trailer again: the ship is in the first shot too.",
    ),
];

fn author(conn: &mut DbConn) -> Result<Identity, ApiError> {
    let admin =
        db::users::first_admin(conn)?.ok_or_else(|| ApiError::NotFound("no admin user to sign the demo".into()))?;
    Ok(Identity { user_id: admin, role: Role::Admin, api_token_id: None })
}

/// The demo movie's title; its slug tells whether the demo is loaded already.
const MOVIE_TITLE: &str = "The Keeper's Daughter";

/// Loads the demo content (inside the caller's transaction); returns the article's slug, or
/// `None` when the demo is there already.
pub fn load(conn: &mut DbConn, fx: &mut Effects) -> Result<Option<String>, ApiError> {
    if db::movies::slug_taken(
        conn,
        &crate::domain::Slug::from_text(MOVIE_TITLE).unwrap_or_else(crate::domain::Slug::untitled).into_inner(),
    )? {
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
            trailer_url: Some("https://example.com/keepers-daughter/trailer.mp4".into()),
        })?,
    )?;
    let people = [
        ("Ines Varga", CreditRole::Director, None),
        ("Lena Moor", CreditRole::Actor, Some("Mara")),
        ("Tomas Reyes", CreditRole::Actor, Some("The Keeper")),
        ("Odile Brand", CreditRole::Actor, Some("The Postmistress")),
    ];
    for (name, role, character) in people {
        let person = cast_members::create(
            conn,
            fx,
            who.user_id,
            &CastMemberInput::try_from(CreateCastMemberRequest {
                slug: None,
                name: name.into(),
                bio: None,
                birth_date: None,
                photo_url: None,
            })?,
        )?;
        let now = db::now();
        let credit = NewCredit {
            movie_id: movie.id,
            cast_member_id: person.id,
            role,
            character: character.map(str::to_string),
            billing_order: 0,
            created_at: now,
            updated_at: now,
        };
        credits::create(conn, fx, who.user_id, movie.id, &credit, None)?;
    }
    let input = ArticleInput::try_from(CreateArticleRequest {
        slug: None,
        title: "The Keeper's Daughter ending explained".into(),
        subtitle: Some("Who was keeping the light?".into()),
        excerpt: Some("Why the lamp goes dark, and why the ship finally comes.".into()),
        kind: None,
        movie_id: Some(movie.id),
        tags: Some(vec!["Endings".into(), "Mystery".into()]),
        cover_image_url: None,
        related_article_ids: None,
        sections: Some(
            SECTIONS
                .iter()
                .map(|(heading, subheading, body)| CreateSectionRequest {
                    heading: heading.to_string(),
                    subheading: Some(subheading.to_string()),
                    body: Some(body.to_string()),
                    media_url: None,
                    media_caption: None,
                    position: None,
                })
                .collect(),
        ),
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
