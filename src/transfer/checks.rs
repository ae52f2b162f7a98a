//! Every record of a catalogue file goes through the field rules the API applies
//! (`domain::fields`, `domain::limits`, the newtypes), before it is written: a file with a
//! `javascript:` URL, a slug like `Admin Slug/../x`, a negative id or a 5 MB title is
//! refused whole, naming the record and the field, rather than stored and served.

use super::records::{
    ArticleRecord, ArticleTagRecord, CastMemberRecord, CommentRecord, CreditRecord, MediaRecord, MovieRecord,
    RedirectRecord, RelatedRecord, RevisionRecord, SectionRecord, SlugHistoryRecord, TagRecord, UserRecord,
};
use crate::domain::addresses;
use crate::domain::fields::{self, BIRTH_YEARS, FILM_YEARS};
use crate::domain::{limits, media, text, CreditRole, Email, Slug};

/// A revision's stored snapshot: an article with up to 200 sections of 100 000 characters.
const SNAPSHOT_MAX: usize = 32 * 1024 * 1024;
/// Short machine-made texts: a revision's reason, a comment's moderation reason.
const REASON_MAX: usize = 100;
/// What the API keeps of a comment's `User-Agent`.
const USER_AGENT_MAX: usize = 300;
/// The longest runtime the API takes, in minutes.
const RUNTIME_MAX: i32 = 2000;

/// The first field of a record that breaks a rule: `(field, message)`.
pub type Broken = (&'static str, String);

/// Collects the outcome of each field's check; the first failure is the answer.
struct Check(Result<(), Broken>);

impl Check {
    fn new() -> Self {
        Check(Ok(()))
    }

    fn field<T>(&mut self, name: &'static str, outcome: Result<T, String>) -> &mut Self {
        if let (Ok(()), Err(message)) = (&self.0, outcome) {
            self.0 = Err((name, message));
        }
        self
    }

    fn id(&mut self, name: &'static str, value: i64) -> &mut Self {
        self.field(name, fields::id(value))
    }

    fn reference(&mut self, name: &'static str, value: Option<i64>) -> &mut Self {
        self.field(name, value.map(fields::id).transpose())
    }

    fn required(&mut self, name: &'static str, value: &str, max: usize) -> &mut Self {
        self.field(name, fields::required(value, max))
    }

    fn optional(&mut self, name: &'static str, value: Option<&String>, max: usize) -> &mut Self {
        self.field(name, fields::optional(value.cloned(), max))
    }

    fn url(&mut self, name: &'static str, value: Option<&String>) -> &mut Self {
        self.field(name, fields::url(value.cloned()))
    }

    fn slug(&mut self, name: &'static str, value: &str) -> &mut Self {
        self.field(name, slug_as_stored(value))
    }

    fn bounded(&mut self, name: &'static str, value: &str, max: usize) -> &mut Self {
        self.field(name, text::bounded(value, 0, max))
    }

    fn done(&self) -> Result<(), Broken> {
        self.0.clone()
    }
}

pub fn user(r: &UserRecord) -> Result<(), Broken> {
    Check::new()
        .id("id", r.id)
        .id("version", r.version)
        .field("email", Email::parse(&r.email))
        .required("display_name", &r.display_name, limits::DISPLAY_NAME)
        .field("slug", r.slug.as_deref().map(slug_as_stored).transpose())
        .optional("bio", r.bio.as_ref(), limits::AUTHOR_BIO)
        .url("avatar_url", r.avatar_url.as_ref())
        .reference("avatar_id", r.avatar_id)
        .done()
}

pub fn media(r: &MediaRecord) -> Result<(), Broken> {
    let key = if media::is_key(&r.key) { Ok(()) } else { Err("must be 32 lowercase hex digits".to_string()) };
    let mime = media::original_extension(&r.mime_type)
        .map(drop)
        .ok_or_else(|| "must be image/jpeg, image/png, image/webp or image/gif".to_string());
    let size = |v: i32| if v >= 1 { Ok(()) } else { Err("must be at least 1".to_string()) };
    let thousandths = |v: i32| if (0..=1000).contains(&v) { Ok(()) } else { Err("must be from 0 to 1000".to_string()) };
    let variants = crate::db::media::Variants::parse(&r.variants)
        .map(drop)
        .map_err(|_| "must be a JSON list of variants".to_string());
    Check::new()
        .id("id", r.id)
        .id("version", r.version)
        .field("key", key)
        .field("filename", fields::filename(&r.filename))
        .field("mime_type", mime)
        .field("bytes", fields::id(r.bytes))
        .field("width", size(r.width))
        .field("height", size(r.height))
        .optional("alt", r.alt.as_ref(), limits::ALT)
        .optional("caption", r.caption.as_ref(), limits::CAPTION)
        .optional("credit", r.credit.as_ref(), limits::CREDIT)
        .field("focal_x", thousandths(r.focal_x))
        .field("focal_y", thousandths(r.focal_y))
        .bounded("blurhash", r.blurhash.as_deref().unwrap_or(""), 100)
        .field("variants", variants)
        .bounded("failure", r.failure.as_deref().unwrap_or(""), REASON_MAX * 10)
        .reference("uploaded_by", r.uploaded_by)
        .done()
}

pub fn movie(r: &MovieRecord) -> Result<(), Broken> {
    let genres = serde_json::from_str::<Vec<String>>(&r.genres)
        .map_err(|_| "must be a JSON list of names".to_string())
        .and_then(|names| fields::names(names, limits::LABELS, limits::LABEL));
    Check::new()
        .id("id", r.id)
        .id("version", r.version)
        .slug("slug", &r.slug)
        .required("title", &r.title, limits::TITLE)
        .optional("original_title", r.original_title.as_ref(), limits::TITLE)
        .field("release_year", fields::year(r.release_year))
        .field("release_date", fields::date(r.release_date, FILM_YEARS))
        .field("runtime_minutes", fields::positive(r.runtime_minutes, RUNTIME_MAX))
        .optional("synopsis", r.synopsis.as_ref(), limits::LONG_TEXT)
        .field("genres", genres)
        .url("poster_url", r.poster_url.as_ref())
        .url("trailer_url", r.trailer_url.as_ref())
        .reference("poster_id", r.poster_id)
        .done()
}

pub fn cast_member(r: &CastMemberRecord) -> Result<(), Broken> {
    Check::new()
        .id("id", r.id)
        .id("version", r.version)
        .slug("slug", &r.slug)
        .required("name", &r.name, limits::TITLE)
        .optional("bio", r.bio.as_ref(), limits::LONG_TEXT)
        .field("birth_date", fields::date(r.birth_date, BIRTH_YEARS))
        .url("photo_url", r.photo_url.as_ref())
        .reference("photo_id", r.photo_id)
        .done()
}

pub fn credit(r: &CreditRecord) -> Result<(), Broken> {
    let character = match (r.role, &r.character) {
        (CreditRole::Actor, _) | (_, None) => fields::optional(r.character.clone(), limits::TITLE),
        _ => Err("only actors play a character".to_string()),
    };
    Check::new()
        .id("id", r.id)
        .id("version", r.version)
        .id("movie_id", r.movie_id)
        .id("cast_member_id", r.cast_member_id)
        .field("character", character)
        .field("billing_order", fields::billing_order(r.billing_order))
        .done()
}

pub fn tag(r: &TagRecord) -> Result<(), Broken> {
    Check::new().id("id", r.id).slug("slug", &r.slug).required("name", &r.name, limits::LABEL).done()
}

pub fn article(r: &ArticleRecord) -> Result<(), Broken> {
    Check::new()
        .id("id", r.id)
        .id("version", r.version)
        .slug("slug", &r.slug)
        .required("title", &r.title, limits::TITLE)
        .optional("subtitle", r.subtitle.as_ref(), limits::TITLE)
        .optional("excerpt", r.excerpt.as_ref(), limits::EXCERPT)
        .reference("movie_id", r.movie_id)
        .id("author_id", r.author_id)
        .url("cover_image_url", r.cover_image_url.as_ref())
        .reference("cover_image_id", r.cover_image_id)
        .field("reading_time_minutes", within(r.reading_time_minutes, 0, 100_000))
        .optional("meta_title", r.meta_title.as_ref(), limits::TITLE)
        .optional("meta_description", r.meta_description.as_ref(), limits::META_DESCRIPTION)
        .url("og_image_url", r.og_image_url.as_ref())
        .optional("cover_image_alt", r.cover_image_alt.as_ref(), limits::ALT)
        .optional("cover_image_caption", r.cover_image_caption.as_ref(), limits::CAPTION)
        .done()
}

pub fn article_tag(r: &ArticleTagRecord) -> Result<(), Broken> {
    Check::new().id("article_id", r.article_id).id("tag_id", r.tag_id).field("position", position(r.position)).done()
}

pub fn related(r: &RelatedRecord) -> Result<(), Broken> {
    Check::new()
        .id("article_id", r.article_id)
        .id("related_id", r.related_id)
        .field("position", position(r.position))
        .done()
}

pub fn section(r: &SectionRecord) -> Result<(), Broken> {
    Check::new()
        .id("id", r.id)
        .id("version", r.version)
        .id("article_id", r.article_id)
        .field("position", within(r.position, 1, i32::MAX))
        .required("heading", &r.heading, limits::TITLE)
        .optional("subheading", r.subheading.as_ref(), limits::TITLE)
        .bounded("body", &r.body, limits::SECTION_BODY)
        .url("media_url", r.media_url.as_ref())
        .optional("media_caption", r.media_caption.as_ref(), limits::CAPTION)
        .reference("media_id", r.media_id)
        .done()
}

pub fn revision(r: &RevisionRecord) -> Result<(), Broken> {
    let snapshot = if r.snapshot.len() > SNAPSHOT_MAX {
        Err(format!("must be at most {SNAPSHOT_MAX} bytes"))
    } else {
        serde_json::from_str::<serde_json::Value>(&r.snapshot).map(drop).map_err(|_| "must be JSON".to_string())
    };
    Check::new()
        .id("id", r.id)
        .id("article_id", r.article_id)
        .field("number", fields::id(i64::from(r.number)))
        .required("reason", &r.reason, REASON_MAX)
        .field("snapshot", snapshot)
        .reference("user_id", r.user_id)
        .done()
}

pub fn comment(r: &CommentRecord) -> Result<(), Broken> {
    Check::new()
        .id("id", r.id)
        .id("version", r.version)
        .id("article_id", r.article_id)
        .reference("parent_id", r.parent_id)
        .required("author_name", &r.author_name, limits::COMMENT_AUTHOR)
        .field("author_email", Email::parse(&r.author_email))
        .required("body", &r.body, limits::COMMENT_BODY)
        .required("moderation_reason", &r.moderation_reason, REASON_MAX)
        .optional("moderation_note", r.moderation_note.as_ref(), limits::MODERATION_NOTE)
        .optional("user_agent", r.user_agent.as_ref(), USER_AGENT_MAX)
        .reference("moderated_by", r.moderated_by)
        .done()
}

pub fn old_slug(r: &SlugHistoryRecord) -> Result<(), Broken> {
    Check::new().slug("slug", &r.slug).id("record_id", r.record_id).done()
}

pub fn redirect(r: &RedirectRecord) -> Result<(), Broken> {
    let gone = r.status == i32::from(addresses::GONE);
    let leads = match (&r.to_url, r.target_kind.zip(r.target_id)) {
        (None, None) if !gone => Err("a redirect other than 410 leads somewhere".to_string()),
        (Some(to), None) => addresses::destination(to).and_then(|d| {
            if &d == to {
                Ok(())
            } else {
                Err(format!("must be stored normalized, as {d}"))
            }
        }),
        _ => Ok(()),
    };
    let mut check = Check::new();
    check
        .id("id", r.id)
        .field(
            "from_path",
            addresses::normalize(&r.from_path).and_then(|p| {
                if p == r.from_path {
                    Ok(())
                } else {
                    Err(format!("must be stored normalized, as {p}"))
                }
            }),
        )
        .field("to_url", leads)
        .field(
            "status",
            u16::try_from(r.status)
                .ok()
                .filter(|s| addresses::STATUSES.contains(s))
                .ok_or("must be one of 301, 302, 307, 308, 410".to_string()),
        )
        .optional("note", r.note.as_ref(), limits::REDIRECT_NOTE)
        .field("hits", if r.hits >= 0 { Ok(()) } else { Err("must not be negative".to_string()) })
        .field(
            "origin",
            if matches!(r.origin.as_str(), "manual" | "wordpress") {
                Ok(())
            } else {
                Err("must be manual or wordpress".to_string())
            },
        );
    if let Some(id) = r.target_id {
        check.id("target_id", id);
    }
    check.done()
}

/// Stored slugs are what `Slug` makes: checked as they are, not trimmed into shape.
fn slug_as_stored(value: &str) -> Result<(), String> {
    match Slug::parse(value) {
        Ok(slug) if slug.as_str() == value => Ok(()),
        Ok(_) => Err("must be a slug as stored: lowercase a-z, 0-9 and single hyphens".into()),
        Err(e) => Err(e),
    }
}

fn within(value: i32, min: i32, max: i32) -> Result<i32, String> {
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(format!("must be between {min} and {max}"))
    }
}

/// Positions in an article's order start at 0 or 1, never below.
fn position(value: i32) -> Result<i32, String> {
    within(value, 0, i32::MAX)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDateTime;

    use super::*;

    fn at() -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap().naive_utc()
    }

    fn movie_record() -> MovieRecord {
        MovieRecord {
            id: 1,
            slug: "arrival".into(),
            title: "Arrival".into(),
            original_title: None,
            release_year: Some(2016),
            release_date: None,
            runtime_minutes: Some(116),
            synopsis: None,
            genres: r#"["Sci-Fi"]"#.into(),
            poster_url: None,
            trailer_url: None,
            poster_id: None,
            version: 1,
            created_at: at(),
            updated_at: at(),
        }
    }

    #[test]
    fn a_valid_record_passes_and_each_broken_field_is_named() {
        assert_eq!(movie(&movie_record()), Ok(()));
        let cases: Vec<(MovieRecord, &str)> = vec![
            (MovieRecord { id: -7, ..movie_record() }, "id"),
            (MovieRecord { slug: "Admin Slug/../x".into(), ..movie_record() }, "slug"),
            (MovieRecord { title: "t".repeat(5_000_000), ..movie_record() }, "title"),
            (MovieRecord { poster_url: Some("javascript:alert(1)".into()), ..movie_record() }, "poster_url"),
            (MovieRecord { trailer_url: Some("data:text/html,x".into()), ..movie_record() }, "trailer_url"),
            (MovieRecord { genres: r#""Drama""#.into(), ..movie_record() }, "genres"),
            (MovieRecord { release_year: Some(0), ..movie_record() }, "release_year"),
            (MovieRecord { version: 0, ..movie_record() }, "version"),
        ];
        for (record, field) in cases {
            assert_eq!(movie(&record).map_err(|(f, _)| f), Err(field));
        }
    }
}
