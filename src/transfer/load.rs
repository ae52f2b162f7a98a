//! Reading a catalogue file into an empty database, all of it in one transaction: a record
//! that breaks a field rule (`checks`) or that the database refuses (a broken reference, a
//! duplicate slug) leaves the database as it was, and the error names it. The file is read as
//! a stream, each record checked and written as it is read, so memory stays bounded whatever
//! its size.

use std::io::Read;

use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use super::checks::{self, Broken};
use super::records::{
    ArticleRecord, ArticleTagRecord, CastMemberRecord, CommentRecord, CreditRecord, MediaRecord, MovieRecord,
    RedirectRecord, RelatedRecord, RevisionRecord, SectionRecord, SlugHistoryRecord, TagRecord, UserRecord,
};
use super::{Counts, FORMAT, VERSION};
use crate::auth::password::NO_PASSWORD;
use crate::content::{media, search, settings};
use crate::db::media_jobs::JobKind;
use crate::db::{self, catalogue, DbConn};
use crate::domain::addresses::TargetKind;
use crate::domain::media::MediaStatus;
use crate::domain::moderation::ModerationRules;
use crate::domain::SlugKind;
use crate::error::ApiError;
use crate::render;

/// The client hash of imported comments: no address is known (see `clients`).
const IMPORTED_CLIENT: &str = "imported";

/// The lists of a catalogue, in the order they must come (parents before children); those
/// after [`REQUIRED_LISTS`] came in later versions and may be missing.
const LISTS: [&str; 14] = [
    "users",
    "media",
    "movies",
    "cast_members",
    "credits",
    "tags",
    "articles",
    "article_tags",
    "related_articles",
    "sections",
    "revisions",
    "comments",
    "slug_history",
    "redirects",
];
const REQUIRED_LISTS: usize = 12;
const FIELDS: [&str; 18] = [
    "format",
    "version",
    "exported_at",
    "users",
    "media",
    "movies",
    "cast_members",
    "credits",
    "tags",
    "articles",
    "article_tags",
    "related_articles",
    "sections",
    "revisions",
    "comments",
    "slug_history",
    "redirects",
    "moderation",
];

/// Imports the catalogue `open` reads into a database with no content yet (409 otherwise:
/// the ids would clash); returns how many records of each kind. Users arrive without
/// passwords. `open` may be called again if the database asks for the transaction to be
/// tried again.
pub fn catalogue<R: Read>(conn: &mut DbConn, open: impl Fn() -> std::io::Result<R>) -> Result<Counts, ApiError> {
    db::tx::write(conn, |conn| {
        if !catalogue::is_empty(conn)? {
            return Err(ApiError::Conflict(
                "the database already has users or content; import a catalogue into a new database".into(),
            ));
        }
        let reader = open().map_err(|e| ApiError::BadRequest(format!("cannot read the catalogue: {e}")))?;
        let mut load = Load {
            conn,
            counts: Counts::default(),
            articles: Vec::new(),
            avatars: Vec::new(),
            failure: None,
            next_list: 0,
        };
        let mut json = serde_json::Deserializer::from_reader(std::io::BufReader::new(reader));
        let read = Document { load: &mut load }.deserialize(&mut json).and_then(|rules| json.end().map(|()| rules));
        let rules = match (read, load.failure.take()) {
            (_, Some(failure)) => return Err(failure),
            (Err(e), None) => return Err(ApiError::BadRequest(format!("not a catalogue: {e}"))),
            (Ok(rules), None) => rules,
        };
        let Load { conn, counts, articles, avatars, .. } = load;
        for (user, avatar) in avatars {
            media::check_item(conn, Some(avatar), "avatar_id")
                .and_then(|()| Ok(catalogue::set_avatar(conn, user, avatar)?))
                .map_err(|e| ApiError::BadRequest(format!("users (id {user}): avatar_id {avatar}: {e}")))?;
        }
        settings::set_moderation_rules(conn, None, &rules)?;
        catalogue::move_sequences(conn)?;
        for chunk in articles.chunks(500) {
            search::reindex(conn, chunk)?;
        }
        db::audit::record(conn, None, "catalogue.import", "catalogue", None)?;
        Ok(counts)
    })
}

/// What the import has done so far.
struct Load<'c> {
    conn: &'c mut DbConn,
    counts: Counts,
    /// Imported articles, for the search index.
    articles: Vec<i64>,
    /// Imported users' library avatars, set once the library is in.
    avatars: Vec<(i64, i64)>,
    /// What stopped the import, when it was not the file's form (a refused record).
    failure: Option<ApiError>,
    /// The first list that may come next.
    next_list: usize,
}

/// The whole document; its value is the moderation rules, written last.
struct Document<'l, 'c> {
    load: &'l mut Load<'c>,
}

impl<'de> DeserializeSeed<'de> for Document<'_, '_> {
    type Value = ModerationRules;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<ModerationRules, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Document<'_, '_> {
    type Value = ModerationRules;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a Marquee catalogue")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ModerationRules, A::Error> {
        let (mut format, mut version, mut rules) = (None::<String>, None::<u32>, None::<ModerationRules>);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => format = Some(map.next_value()?),
                "version" => {
                    let v: u32 = map.next_value()?;
                    if format.as_deref() != Some(FORMAT) {
                        return Err(de::Error::custom(format!("not a Marquee catalogue (format {format:?})")));
                    }
                    if v > VERSION {
                        return Err(de::Error::custom(format!(
                            "catalogue version {v} is newer than this Marquee reads ({VERSION})"
                        )));
                    }
                    version = Some(v);
                }
                "exported_at" => {
                    let _: chrono::NaiveDateTime = map.next_value()?;
                }
                "moderation" => {
                    let given: ModerationRules = map.next_value()?;
                    rules = Some(given.checked().map_err(|errors| {
                        let listed: Vec<String> = errors.iter().map(|(f, m)| format!("{f} {m}")).collect();
                        de::Error::custom(format!("moderation settings: {}", listed.join("; ")))
                    })?);
                }
                other => {
                    let Some(position) = LISTS.iter().position(|l| *l == other) else {
                        return Err(de::Error::unknown_field(other, &FIELDS));
                    };
                    let list = LISTS[position];
                    if version.is_none() {
                        return Err(de::Error::custom("format and version must come before the records"));
                    }
                    if position < self.load.next_list {
                        return Err(de::Error::custom(format!(
                            "{list} must come before {}",
                            LISTS[self.load.next_list - 1]
                        )));
                    }
                    self.load.next_list = position + 1;
                    map.next_value_seed(Rows { load: &mut *self.load, list })?;
                }
            }
        }
        if let Some(missing) = LISTS[..REQUIRED_LISTS].get(self.load.next_list) {
            return Err(de::Error::missing_field(missing));
        }
        rules.ok_or_else(|| de::Error::missing_field("moderation"))
    }
}

/// One list of records, each checked and written as it is read.
struct Rows<'l, 'c> {
    load: &'l mut Load<'c>,
    list: &'static str,
}

impl<'de> DeserializeSeed<'de> for Rows<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Rows<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "a list of {}", self.list)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Rows { load, list } = self;
        let mut index = 0usize;
        let outcome = loop {
            let written = match list {
                "users" => {
                    let avatars = &mut load.avatars;
                    let mut avatar = None;
                    let written = next(&mut seq, load.conn, checks::user, |c, r: UserRecord| {
                        avatar = r.avatar_id.map(|a| (r.id, a));
                        catalogue::insert_user(c, &r.into_row(NO_PASSWORD))
                    });
                    avatars.extend(avatar);
                    written
                }
                "media" => next(&mut seq, load.conn, checks::media, |c, r: MediaRecord| {
                    let row = r.into_row().map_err(|(f, m)| ApiError::invalid(f, m))?;
                    catalogue::insert_media(c, &row)?;
                    if row.status == MediaStatus::Processing {
                        // Made from its upload, when the media folder brought it.
                        db::media_jobs::enqueue(c, JobKind::Variants, Some(row.id), &row.key)?;
                    }
                    Ok::<_, ApiError>(())
                }),
                "movies" => next(&mut seq, load.conn, checks::movie, |c, r: MovieRecord| {
                    media::check_item(c, r.poster_id, "poster_id")?;
                    let row = r.into_row().map_err(|(f, m)| ApiError::invalid(f, m))?;
                    Ok::<_, ApiError>(catalogue::insert_movie(c, &row)?)
                }),
                "cast_members" => next(&mut seq, load.conn, checks::cast_member, |c, r: CastMemberRecord| {
                    media::check_item(c, r.photo_id, "photo_id")?;
                    Ok::<_, ApiError>(catalogue::insert_cast_member(c, &r.into())?)
                }),
                "credits" => next(&mut seq, load.conn, checks::credit, |c, r: CreditRecord| {
                    catalogue::insert_credit(c, &r.into())
                }),
                "tags" => next(&mut seq, load.conn, checks::tag, |c, r: TagRecord| catalogue::insert_tag(c, &r.into())),
                "articles" => next(&mut seq, load.conn, checks::article, |c, r: ArticleRecord| {
                    media::check_item(c, r.cover_image_id, "cover_image_id")?;
                    Ok::<_, ApiError>(catalogue::insert_article(c, &r.into())?)
                }),
                "article_tags" => next(&mut seq, load.conn, checks::article_tag, |c, r: ArticleTagRecord| {
                    catalogue::insert_article_tag(c, &r.into())
                }),
                "related_articles" => next(&mut seq, load.conn, checks::related, |c, r: RelatedRecord| {
                    catalogue::insert_related(c, &r.into())
                }),
                "sections" => next(&mut seq, load.conn, checks::section, |c, r: SectionRecord| {
                    media::check_item(c, r.media_id, "media_id")?;
                    let html = media::section_html(c, &r.body, "body")?;
                    let row = r.into_row(html);
                    catalogue::insert_section(c, &row)?;
                    media::link_section(c, row.id, &row.body)
                }),
                "revisions" => next(&mut seq, load.conn, checks::revision, |c, r: RevisionRecord| {
                    catalogue::insert_revision(c, &r.into())
                }),
                "slug_history" => next(&mut seq, load.conn, checks::old_slug, |c, r: SlugHistoryRecord| {
                    db::slugs::insert(c, &r.into())
                }),
                "redirects" => next(&mut seq, load.conn, checks::redirect, |c, r: RedirectRecord| {
                    redirect_target(c, &r)?;
                    Ok::<_, ApiError>(db::redirects::insert_whole(c, &r.into())?)
                }),
                _ => next(&mut seq, load.conn, checks::comment, |c, r: CommentRecord| {
                    let html = render::comment_to_html(&r.body);
                    catalogue::insert_comment(c, &r.into_row(html, IMPORTED_CLIENT))
                }),
            };
            match written {
                Ok(Some(id)) => {
                    if list == "articles" {
                        load.articles.push(id);
                    }
                    index += 1;
                }
                Ok(None) => break Ok(()),
                Err(Refused::File(e)) => break Err(e),
                Err(Refused::Record(_, e)) if e.is_transient() => {
                    // The database asks for the whole transaction again: not the record's fault.
                    load.failure = Some(e);
                    break Err(de::Error::custom("the transaction is tried again"));
                }
                Err(Refused::Record(id, e)) => {
                    let which = id.map_or(String::new(), |id| format!(" (id {id})"));
                    let problem = match e {
                        ApiError::Validation(errors) => {
                            let e = &errors[0];
                            format!("{list}[{index}]{which}: {} {}", e.field, e.message)
                        }
                        other => format!("{list}[{index}]{which}: {other}"),
                    };
                    load.failure = Some(ApiError::BadRequest(problem.clone()));
                    break Err(de::Error::custom(problem));
                }
            }
        };
        load.counts.add(list, index);
        outcome
    }
}

/// Why a record was not written.
enum Refused<E> {
    /// The file is not a catalogue here (not JSON, a field of the wrong type).
    File(E),
    /// The record breaks a rule, or the database refused it.
    Record(Option<i64>, ApiError),
}

/// A record of the catalogue: it knows its id, for error messages.
trait Identified {
    fn key(&self) -> Option<i64>;
}

macro_rules! identified {
    ($($record:ty => $id:ident),*) => {$(
        impl Identified for $record {
            fn key(&self) -> Option<i64> {
                Some(self.$id)
            }
        }
    )*};
}

identified!(UserRecord => id, MediaRecord => id, MovieRecord => id, CastMemberRecord => id, CreditRecord => id, TagRecord => id,
    ArticleRecord => id, SectionRecord => id, RevisionRecord => id, CommentRecord => id,
    ArticleTagRecord => article_id, RelatedRecord => article_id, SlugHistoryRecord => record_id, RedirectRecord => id);

/// Reads the next record of a list, checks it and writes it; its id, or `None` at the list's end.
fn next<'de, A, R, W, E>(
    seq: &mut A,
    conn: &mut DbConn,
    check: fn(&R) -> Result<(), Broken>,
    write: W,
) -> Result<Option<i64>, Refused<A::Error>>
where
    A: SeqAccess<'de>,
    R: DeserializeOwned + Identified,
    W: FnOnce(&mut DbConn, R) -> Result<(), E>,
    ApiError: From<E>,
{
    let Some(record) = seq.next_element::<R>().map_err(Refused::File)? else { return Ok(None) };
    let id = record.key();
    check(&record).map_err(|(field, message)| Refused::Record(id, ApiError::invalid(field, message)))?;
    write(conn, record).map_err(|e| Refused::Record(id, e.into()))?;
    Ok(Some(id.unwrap_or_default()))
}

/// A redirect's record must be in the catalogue.
fn redirect_target(conn: &mut DbConn, r: &RedirectRecord) -> Result<(), ApiError> {
    let Some((kind, id)) = r.target_kind.zip(r.target_id) else { return Ok(()) };
    let found = match kind {
        TargetKind::Article => db::articles::find(conn, id)?.is_some(),
        TargetKind::Tag => db::slugs::current_slug(conn, SlugKind::Tag, id)?.is_some(),
        TargetKind::Media => db::media::find(conn, id)?.is_some(),
    };
    if found {
        Ok(())
    } else {
        Err(ApiError::invalid("target_id", format!("no {kind} {id} in the catalogue")))
    }
}
