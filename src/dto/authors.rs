//! An author's public page.

use serde::Serialize;
use utoipa::ToSchema;

use super::summaries::{ArticleSummary, AuthorProfile};
use crate::content::views::AuthorPage;

/// An author's profile and their published articles, newest first (at most 100; page
/// through all of them with `GET /articles?author={slug}`). Never an email.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicAuthor {
    #[serde(flatten)]
    pub profile: AuthorProfile,
    pub articles: Vec<ArticleSummary>,
}

impl From<AuthorPage> for PublicAuthor {
    fn from(page: AuthorPage) -> Self {
        PublicAuthor {
            profile: page.profile.into(),
            articles: page.articles.into_iter().map(ArticleSummary::from).collect(),
        }
    }
}
