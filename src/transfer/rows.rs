//! How each record of the catalogue file becomes the database's row and back: the fields
//! they share move by name; what only the database keeps (rendered HTML, password hashes,
//! client hashes) is filled in on the way in and left behind on the way out.

use super::records::{
    ArticleRecord, ArticleTagRecord, CastMemberRecord, CommentRecord, CreditRecord, MediaRecord, MovieRecord,
    RedirectRecord, RelatedRecord, RevisionRecord, SectionRecord, SlugHistoryRecord, TagRecord, UserRecord,
};
use crate::db::articles::{Article, PageFields};
use crate::db::cast_members::CastMember;
use crate::db::catalogue::{RelatedLink, TagLink, TagRow};
use crate::db::comments::Comment;
use crate::db::credits::Credit;
use crate::db::media::{Media, Variants};
use crate::db::movies::{Genres, Movie};
use crate::db::redirects::Redirect;
use crate::db::revisions::Revision;
use crate::db::sections::Section;
use crate::db::slugs::OldSlug;
use crate::db::users::User;

/// Moves the fields a record and its row share, by name, both ways.
macro_rules! same_fields {
    ($record:ident <=> $row:ident { $($field:ident),* $(,)? }) => {
        impl From<$row> for $record {
            fn from(row: $row) -> Self {
                $record { $($field: row.$field),* }
            }
        }
        impl From<$record> for $row {
            fn from(record: $record) -> Self {
                $row { $($field: record.$field),* }
            }
        }
    };
}

same_fields!(CastMemberRecord <=> CastMember {
    id, slug, name, bio, birth_date, photo_url, photo_id, version, created_at, updated_at
});
same_fields!(CreditRecord <=> Credit {
    id, movie_id, cast_member_id, role, character, billing_order, version, created_at, updated_at
});
same_fields!(TagRecord <=> TagRow { id, slug, name });
same_fields!(ArticleTagRecord <=> TagLink { article_id, tag_id, position });
same_fields!(RelatedRecord <=> RelatedLink { article_id, related_id, position });
same_fields!(RevisionRecord <=> Revision { id, article_id, number, reason, snapshot, user_id, created_at });
same_fields!(SlugHistoryRecord <=> OldSlug { kind, slug, record_id, created_at });
same_fields!(RedirectRecord <=> Redirect {
    id, from_path, to_url, target_kind, target_id, status, note, origin, hits, last_hit_at, version, created_at,
    updated_at
});

impl From<User> for UserRecord {
    fn from(u: User) -> Self {
        UserRecord {
            id: u.id,
            email: u.email,
            display_name: u.display_name,
            role: u.role,
            disabled: u.disabled,
            version: u.version,
            created_at: u.created_at,
            updated_at: u.updated_at,
            slug: u.slug,
            bio: u.bio,
            avatar_url: u.avatar_url,
            avatar_id: u.avatar_id,
        }
    }
}

impl UserRecord {
    /// The row, with `password_hash` (imported accounts have none yet) and no avatar from
    /// the library yet (see `catalogue::set_avatar`).
    pub fn into_row(self, password_hash: &str) -> User {
        User {
            id: self.id,
            email: self.email,
            display_name: self.display_name,
            role: self.role,
            password_hash: password_hash.to_string(),
            disabled: self.disabled,
            token_version: 0,
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
            slug: self.slug,
            bio: self.bio,
            avatar_url: self.avatar_url,
            avatar_id: None,
        }
    }
}

impl From<Media> for MediaRecord {
    fn from(m: Media) -> Self {
        MediaRecord {
            id: m.id,
            key: m.key,
            filename: m.filename,
            mime_type: m.mime_type,
            bytes: m.bytes,
            width: m.width,
            height: m.height,
            alt: m.alt,
            caption: m.caption,
            credit: m.credit,
            focal_x: m.focal_x,
            focal_y: m.focal_y,
            blurhash: m.blurhash,
            status: m.status,
            variants: serde_json::to_string(m.variants.list()).expect("variants always serialize"),
            failure: m.failure,
            uploaded_by: m.uploaded_by,
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

impl MediaRecord {
    /// The row; `Err` names the field that is not what the database holds.
    pub fn into_row(self) -> Result<Media, (&'static str, String)> {
        let variants =
            Variants::parse(&self.variants).map_err(|_| ("variants", "must be a JSON list of variants".to_string()))?;
        Ok(Media {
            id: self.id,
            key: self.key,
            filename: self.filename,
            mime_type: self.mime_type,
            bytes: self.bytes,
            width: self.width,
            height: self.height,
            alt: self.alt,
            caption: self.caption,
            credit: self.credit,
            focal_x: self.focal_x,
            focal_y: self.focal_y,
            blurhash: self.blurhash,
            status: self.status,
            variants,
            failure: self.failure,
            uploaded_by: self.uploaded_by,
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

impl From<Movie> for MovieRecord {
    fn from(m: Movie) -> Self {
        MovieRecord {
            id: m.id,
            slug: m.slug,
            title: m.title,
            original_title: m.original_title,
            release_year: m.release_year,
            release_date: m.release_date,
            runtime_minutes: m.runtime_minutes,
            synopsis: m.synopsis,
            genres: serde_json::to_string(m.genres.names()).expect("a list of strings always serializes"),
            poster_url: m.poster_url,
            trailer_url: m.trailer_url,
            poster_id: m.poster_id,
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

impl MovieRecord {
    /// The row; `Err` names the field that is not what the database holds.
    pub fn into_row(self) -> Result<Movie, (&'static str, String)> {
        let genres = Genres::parse(&self.genres).map_err(|_| ("genres", "must be a JSON list of names".to_string()))?;
        Ok(Movie {
            id: self.id,
            slug: self.slug,
            title: self.title,
            original_title: self.original_title,
            release_year: self.release_year,
            release_date: self.release_date,
            runtime_minutes: self.runtime_minutes,
            synopsis: self.synopsis,
            genres,
            poster_url: self.poster_url,
            trailer_url: self.trailer_url,
            poster_id: self.poster_id,
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

impl From<Article> for ArticleRecord {
    fn from(a: Article) -> Self {
        ArticleRecord {
            id: a.id,
            slug: a.slug,
            title: a.title,
            subtitle: a.subtitle,
            excerpt: a.excerpt,
            kind: a.kind,
            movie_id: a.movie_id,
            author_id: a.author_id,
            status: a.status,
            publish_at: a.publish_at,
            published_at: a.published_at,
            cover_image_url: a.cover_image_url,
            reading_time_minutes: a.reading_time_minutes,
            version: a.version,
            created_at: a.created_at,
            updated_at: a.updated_at,
            meta_title: a.page.meta_title,
            meta_description: a.page.meta_description,
            og_image_url: a.page.og_image_url,
            cover_image_alt: a.page.cover_image_alt,
            cover_image_caption: a.page.cover_image_caption,
            cover_image_id: a.page.cover_image_id,
        }
    }
}

impl From<ArticleRecord> for Article {
    fn from(a: ArticleRecord) -> Self {
        Article {
            id: a.id,
            slug: a.slug,
            title: a.title,
            subtitle: a.subtitle,
            excerpt: a.excerpt,
            kind: a.kind,
            movie_id: a.movie_id,
            author_id: a.author_id,
            status: a.status,
            publish_at: a.publish_at,
            published_at: a.published_at,
            cover_image_url: a.cover_image_url,
            reading_time_minutes: a.reading_time_minutes,
            version: a.version,
            created_at: a.created_at,
            updated_at: a.updated_at,
            page: PageFields {
                meta_title: a.meta_title,
                meta_description: a.meta_description,
                og_image_url: a.og_image_url,
                cover_image_alt: a.cover_image_alt,
                cover_image_caption: a.cover_image_caption,
                cover_image_id: a.cover_image_id,
            },
        }
    }
}

impl From<Section> for SectionRecord {
    fn from(s: Section) -> Self {
        SectionRecord {
            id: s.id,
            article_id: s.article_id,
            position: s.position,
            heading: s.heading,
            subheading: s.subheading,
            body: s.body,
            media_url: s.media_url,
            media_caption: s.media_caption,
            media_id: s.media_id,
            version: s.version,
            created_at: s.created_at,
            updated_at: s.updated_at,
        }
    }
}

impl SectionRecord {
    /// The row, with its body rendered as `body_html`.
    pub fn into_row(self, body_html: String) -> Section {
        Section {
            id: self.id,
            article_id: self.article_id,
            position: self.position,
            heading: self.heading,
            subheading: self.subheading,
            body: self.body,
            body_html,
            media_url: self.media_url,
            media_caption: self.media_caption,
            media_id: self.media_id,
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

impl From<Comment> for CommentRecord {
    fn from(c: Comment) -> Self {
        CommentRecord {
            id: c.id,
            article_id: c.article_id,
            parent_id: c.parent_id,
            author_name: c.author_name,
            author_email: c.author_email,
            body: c.body,
            status: c.status,
            moderation_reason: c.moderation_reason,
            moderation_note: c.moderation_note,
            user_agent: c.user_agent,
            moderated_by: c.moderated_by,
            moderated_at: c.moderated_at,
            version: c.version,
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

impl CommentRecord {
    /// The row, with its body rendered as `body_html` and `client_hash` standing for "no
    /// address known".
    pub fn into_row(self, body_html: String, client_hash: &str) -> Comment {
        Comment {
            id: self.id,
            article_id: self.article_id,
            parent_id: self.parent_id,
            author_name: self.author_name,
            author_email: self.author_email,
            body: self.body,
            body_html,
            status: self.status,
            moderation_reason: self.moderation_reason,
            moderation_note: self.moderation_note,
            client_hash: client_hash.to_string(),
            user_agent: self.user_agent,
            moderated_by: self.moderated_by,
            moderated_at: self.moderated_at,
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}
