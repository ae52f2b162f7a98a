//! Library images in markdown: `![alt](media:12)` becomes a full responsive `<img>` of item 12
//! (its `src`, a `srcset` of its variants, `sizes`, its size, and `loading="lazy"`), when the
//! writer of the body asks for it by id rather than pasting a URL.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// What an `<img>` of a library item carries, worked out by whoever knows the library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineImage {
    pub src: String,
    /// `URL 320w, URL 640w, ...`.
    pub srcset: String,
    pub width: u32,
    pub height: u32,
    /// The item's own alt text, used when the markdown gives none.
    pub alt: Option<String>,
}

/// How wide an image in an article is shown, for the browser to pick from `srcset`.
const SIZES: &str = "(min-width: 960px) 960px, 100vw";

/// The item a link destination names (`media:12`).
pub fn media_id(destination: &str) -> Option<i64> {
    destination.strip_prefix("media:").and_then(|id| id.parse().ok()).filter(|id| *id > 0)
}

/// The library items a body shows, in order of first appearance.
pub fn media_ids(markdown: &str) -> Vec<i64> {
    let mut ids = Vec::new();
    for event in pulldown_cmark::Parser::new(markdown) {
        if let Event::Start(Tag::Image { dest_url, .. }) = event {
            if let Some(id) = media_id(&dest_url) {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
    }
    ids
}

/// Replaces each library image of `events` by its `<img>` (or, when `images` does not know
/// the item, by its alt text), and leaves every other event as it is.
pub fn replace<'a>(
    events: impl Iterator<Item = Event<'a>>,
    images: &'a dyn Fn(i64) -> Option<InlineImage>,
) -> impl Iterator<Item = Event<'a>> {
    let mut inside: Option<(i64, String)> = None;
    events.filter_map(move |event| match (&mut inside, event) {
        (None, Event::Start(Tag::Image { dest_url, .. })) if media_id(&dest_url).is_some() => {
            inside = media_id(&dest_url).map(|id| (id, String::new()));
            None
        }
        (Some((_, alt)), Event::Text(text) | Event::Code(text)) => {
            alt.push_str(&text);
            None
        }
        (Some(_), Event::End(TagEnd::Image)) => {
            let (id, alt) = inside.take().expect("inside an image");
            Some(match images(id) {
                Some(image) => Event::InlineHtml(CowStr::from(tag(&image, &alt))),
                None => Event::Text(CowStr::from(alt)),
            })
        }
        (Some(_), _) => None,
        (None, event) => Some(event),
    })
}

fn tag(image: &InlineImage, alt: &str) -> String {
    let alt = if alt.trim().is_empty() { image.alt.as_deref().unwrap_or("") } else { alt };
    format!(
        "<img src=\"{}\" srcset=\"{}\" sizes=\"{SIZES}\" width=\"{}\" height=\"{}\" alt=\"{}\" loading=\"lazy\" decoding=\"async\">",
        escape(&image.src),
        escape(&image.srcset),
        image.width,
        image.height,
        escape(alt)
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Whether a `srcset` value names only library files (`…/<32 hex>/<width>.<ext> <n>w`): the
/// sanitizer keeps no other, so raw HTML cannot smuggle other sources through it.
pub fn is_library_srcset(value: &str) -> bool {
    value.split(',').all(|candidate| {
        let mut parts = candidate.split_whitespace();
        let (Some(url), Some(width), None) = (parts.next(), parts.next(), parts.next()) else { return false };
        let Some((folder, file)) = url.rsplit_once('/') else { return false };
        let key = folder.rsplit('/').next().unwrap_or("");
        let safe_base = url.starts_with("https://") || url.starts_with("http://") || url.starts_with('/');
        let (stem, ext) = file.split_once('.').unwrap_or(("", ""));
        safe_base
            && crate::domain::media::is_key(key)
            && stem.bytes().all(|b| b.is_ascii_digit())
            && !stem.is_empty()
            && crate::domain::media::VariantFormat::from_extension(ext).is_some()
            && width.strip_suffix('w').is_some_and(|w| w.parse::<u32>().is_ok())
    })
}
