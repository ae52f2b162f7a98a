//! The public content API: published content for front-ends, no credentials.

pub mod preview;
