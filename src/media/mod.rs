//! The media library's plumbing beside the database: the store its files live in, and how an
//! upload enters it. The workflows are `content::media`, the processing job `jobs::media`,
//! the file names `domain::media::names`, the image work itself the `marquee-media` crate.

pub mod store;
pub mod upload;
