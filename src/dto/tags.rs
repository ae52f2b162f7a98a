//! Tags, as articles show them and as the public tag list counts them.

use serde::Serialize;
use utoipa::ToSchema;

use crate::db::tags::Tag;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TagRef {
    #[schema(example = "endings")]
    pub slug: String,
    #[schema(example = "Endings")]
    pub name: String,
}

impl From<Tag> for TagRef {
    fn from(t: Tag) -> Self {
        TagRef { slug: t.slug, name: t.name }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TagCount {
    pub slug: String,
    pub name: String,
    /// Published articles with this tag.
    pub article_count: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TagList {
    pub data: Vec<TagCount>,
}
