//! Reading WordPress exports, as pure functions with bounded costs: `wxr` parses a
//! WordPress export file, `html` turns WordPress post bodies into markdown sections, `media`
//! finds the site's uploads they show and points them at the library. What
//! the importer does with them is `content::wordpress`.

pub mod html;
pub mod media;
pub mod wxr;
