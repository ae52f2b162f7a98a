//! The names cached responses are filed under.
//!
//! A [`SurrogateKey`] names something a response shows: one public record
//! (`article-12`, `movie-3`, `cast-member-7`), an author's profile (`author-4`), or a
//! [`Collection`] whose membership or order a list depends on (`articles`, `tags`...). Only
//! the constructors here make one, so what a response records and what a write purges are
//! checked by the compiler against the same vocabulary. A [`CacheKey`] is the entry a
//! response is stored under: its route and the values its handler parsed.

use std::fmt::{self, Debug, Write};

use crate::domain::ChangeKind;

/// A set of public records that lists, counts and searches show: a write that adds one,
/// removes one or changes how they sort makes every response naming it stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Collection {
    Articles,
    Movies,
    CastMembers,
    Tags,
    Search,
    /// The redirects, which every answer of `/redirects/resolve` depends on.
    Redirects,
    /// The change feed, which every public change extends.
    Changes,
}

impl Collection {
    pub const ALL: [Collection; 7] = [
        Collection::Articles,
        Collection::Movies,
        Collection::CastMembers,
        Collection::Tags,
        Collection::Search,
        Collection::Redirects,
        Collection::Changes,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Collection::Articles => "articles",
            Collection::Movies => "movies",
            Collection::CastMembers => "cast-members",
            Collection::Tags => "tags",
            Collection::Search => "search",
            Collection::Redirects => "redirects",
            Collection::Changes => "changes",
        }
    }

    /// The collections a change to a record of `kind` can resize or reorder.
    pub fn touched_by(kind: ChangeKind) -> &'static [Collection] {
        match kind {
            ChangeKind::Article => &[Collection::Articles, Collection::Tags, Collection::Search, Collection::Changes],
            ChangeKind::Movie => &[Collection::Movies, Collection::Search, Collection::Changes],
            ChangeKind::CastMember => &[Collection::CastMembers, Collection::Search, Collection::Changes],
        }
    }
}

/// A `Surrogate-Key`: the name of something public responses show, sent in the header of
/// the same name and in webhook payloads, and the handle by which cached responses are purged.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SurrogateKey(String);

impl SurrogateKey {
    /// One public record.
    pub fn record(kind: ChangeKind, id: i64) -> Self {
        SurrogateKey(match kind {
            ChangeKind::Article => format!("article-{id}"),
            ChangeKind::Movie => format!("movie-{id}"),
            ChangeKind::CastMember => format!("cast-member-{id}"),
        })
    }

    /// An author's public profile (it has no change-feed entry of its own).
    pub fn author(user_id: i64) -> Self {
        SurrogateKey(format!("author-{user_id}"))
    }

    pub fn collection(collection: Collection) -> Self {
        SurrogateKey(collection.as_str().to_string())
    }

    /// Every key a change to the record of `kind` and `id` makes stale: its own and those of
    /// the collections it belongs to.
    pub fn stale_after_change(kind: ChangeKind, id: i64) -> impl Iterator<Item = SurrogateKey> {
        std::iter::once(SurrogateKey::record(kind, id))
            .chain(Collection::touched_by(kind).iter().map(|c| SurrogateKey::collection(*c)))
    }

    /// A key as another node wrote it into a notification; `None` unless it is one this
    /// module makes.
    pub fn parse(text: &str) -> Option<Self> {
        let numbered = |prefix: &str| {
            text.strip_prefix(prefix)
                .and_then(|id| id.parse::<i64>().ok())
                .filter(|id| id.to_string().len() + prefix.len() == text.len())
        };
        let known = Collection::ALL.iter().any(|c| c.as_str() == text)
            || ["article-", "movie-", "cast-member-", "author-"].iter().any(|p| numbered(p).is_some());
        known.then(|| SurrogateKey(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SurrogateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for SurrogateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a public response is cached under: its route and the values its handler parsed
/// from the request, defaults applied, in the handler's order. Never the raw URL, so query
/// parameters a route does not know, their order, `limit=20` spelled out or a slug written
/// with percent-escapes all land on one entry.
#[derive(Debug)]
pub struct CacheKey(String);

impl CacheKey {
    pub fn new(route: &'static str) -> Self {
        CacheKey(route.to_string())
    }

    pub fn with(mut self, name: &str, value: &impl Debug) -> Self {
        // Writing into a String cannot fail.
        let _ = write!(self.0, " {name}={value:?}");
        self
    }

    pub(super) fn into_inner(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_takes_back_exactly_what_the_constructors_make() {
        let made = [
            SurrogateKey::record(ChangeKind::Article, 12),
            SurrogateKey::record(ChangeKind::Movie, 3),
            SurrogateKey::record(ChangeKind::CastMember, 7),
            SurrogateKey::author(4),
        ];
        for key in made.iter().cloned().chain(Collection::ALL.map(SurrogateKey::collection)) {
            assert_eq!(SurrogateKey::parse(key.as_str()), Some(key));
        }
        for junk in ["", "article-", "article-x", "article-012", "articles ", "movie-1-2", "cast-members-1", "author"] {
            assert_eq!(SurrogateKey::parse(junk), None, "{junk:?}");
        }
    }

    #[test]
    fn a_change_makes_its_record_and_its_collections_stale() {
        let keys: Vec<String> =
            SurrogateKey::stale_after_change(ChangeKind::CastMember, 7).map(|k| k.as_str().to_string()).collect();
        assert_eq!(keys, ["cast-member-7", "cast-members", "search", "changes"]);
    }
}
