//! Reading WordPress exports, as pure functions with bounded costs: `wxr` parses a
//! WordPress export file, `html` turns WordPress post bodies into markdown sections. What
//! the importer does with them is `content::wordpress`.

pub mod html;
pub mod wxr;
