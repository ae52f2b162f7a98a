//! The media library on the wire: an item as editors see it (`MediaResponse`), the image
//! object public shapes carry (`Image`), and the requests that describe an item.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{double_option, fields, non_null, rfc3339, utc, Check};
use crate::db::media::{Media, MediaChanges};
use crate::domain::limits;
use crate::domain::media::names;
use crate::domain::media::{thousandths, MediaStatus, MediaUse, Variant, VariantFormat};
use crate::error::ApiError;

/// Where in the image the subject is, as fractions of its width and height from the top
/// left: front-ends crop around it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FocalPoint {
    #[schema(minimum = 0, maximum = 1)]
    pub x: f64,
    #[schema(minimum = 0, maximum = 1)]
    pub y: f64,
}

impl FocalPoint {
    fn of(item: &Media) -> Self {
        FocalPoint { x: f64::from(item.focal_x) / 1000.0, y: f64::from(item.focal_y) / 1000.0 }
    }
}

/// A file's bytes, in the spec (the routes read and write them as they are).
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct FileBytes(#[allow(dead_code)] Vec<u8>);

/// A made file of an item.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VariantResponse {
    pub width: u32,
    pub height: u32,
    pub format: VariantFormat,
    pub url: String,
    pub bytes: u64,
}

/// Ready-made `srcset` attribute values, one per format: `avif` and `webp` always, and the
/// original's family, `jpeg` or (for images with transparency) `png`; the other is `null`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Srcset {
    pub avif: String,
    pub webp: String,
    pub jpeg: Option<String>,
    pub png: Option<String>,
}

/// The files of an item, as URLs under `base`.
struct Files<'a> {
    base: &'a str,
    item: &'a Media,
}

impl Files<'_> {
    fn url(&self) -> String {
        names::url(self.base, &self.item.key, &names::original(&self.item.mime_type))
    }

    fn variants(&self) -> Vec<VariantResponse> {
        self.item.variants.list().iter().map(|v| self.variant(v)).collect()
    }

    fn variant(&self, v: &Variant) -> VariantResponse {
        VariantResponse {
            width: v.width,
            height: v.height,
            format: v.format,
            url: names::url(self.base, &self.item.key, &v.file_name()),
            bytes: v.bytes,
        }
    }

    /// `null` until the item is ready.
    fn srcset(&self) -> Option<Srcset> {
        if self.item.status != MediaStatus::Ready {
            return None;
        }
        let of = |format: VariantFormat| {
            let list: Vec<String> = self
                .item
                .variants
                .list()
                .iter()
                .filter(|v| v.format == format)
                .map(|v| format!("{} {}w", names::url(self.base, &self.item.key, &v.file_name()), v.width))
                .collect();
            (!list.is_empty()).then(|| list.join(", "))
        };
        Some(Srcset {
            avif: of(VariantFormat::Avif).unwrap_or_default(),
            webp: of(VariantFormat::Webp).unwrap_or_default(),
            jpeg: of(VariantFormat::Jpeg),
            png: of(VariantFormat::Png),
        })
    }
}

/// A record that uses an item.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MediaUseRef {
    pub kind: MediaUse,
    pub id: i64,
}

/// A library item.
#[derive(Debug, Serialize, ToSchema)]
pub struct MediaResponse {
    pub id: i64,
    /// The content address of the upload: the first 128 bits of its SHA-256, in hex.
    pub key: String,
    pub filename: String,
    /// What the bytes are (never what the upload claimed).
    pub mime_type: String,
    /// Of the stored original (metadata removed).
    pub bytes: i64,
    /// As displayed: EXIF orientation applied.
    pub width: i32,
    pub height: i32,
    pub alt: Option<String>,
    pub caption: Option<String>,
    pub credit: Option<String>,
    pub focal_point: FocalPoint,
    /// A placeholder to paint while the image loads (blurha.sh); `null` until ready.
    pub blurhash: Option<String>,
    /// The stored original (served once the item is ready).
    pub url: String,
    /// Every made file, smallest first; empty until ready.
    pub variants: Vec<VariantResponse>,
    /// `null` until ready.
    pub srcset: Option<Srcset>,
    /// `processing` until every variant is made.
    pub status: MediaStatus,
    /// Why processing failed, when `status` is `failed`.
    pub failure: Option<String>,
    /// The records that show this item.
    pub used_by: Vec<MediaUseRef>,
    pub uploaded_by: Option<i64>,
    pub version: i64,
    #[serde(with = "rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "rfc3339")]
    pub updated_at: DateTime<Utc>,
}

impl MediaResponse {
    /// The item with its URLs under `base` and the uses among `uses` (`(media, kind, id)`).
    pub fn new(item: Media, base: &str, uses: &[(i64, MediaUse, i64)]) -> Self {
        let files = Files { base, item: &item };
        let (url, variants, srcset) = (files.url(), files.variants(), files.srcset());
        let used_by = uses
            .iter()
            .filter(|(media, _, _)| *media == item.id)
            .map(|(_, kind, id)| MediaUseRef { kind: *kind, id: *id })
            .collect();
        MediaResponse {
            focal_point: FocalPoint::of(&item),
            id: item.id,
            key: item.key,
            filename: item.filename,
            mime_type: item.mime_type,
            bytes: item.bytes,
            width: item.width,
            height: item.height,
            alt: item.alt,
            caption: item.caption,
            credit: item.credit,
            blurhash: item.blurhash,
            url,
            variants,
            srcset,
            status: item.status,
            failure: item.failure,
            used_by,
            uploaded_by: item.uploaded_by,
            version: item.version,
            created_at: utc(item.created_at),
            updated_at: utc(item.updated_at),
        }
    }
}

/// A library image as public content carries it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Image {
    /// The stored original.
    pub url: String,
    pub width: i32,
    pub height: i32,
    pub alt: Option<String>,
    pub caption: Option<String>,
    pub credit: Option<String>,
    pub focal_point: FocalPoint,
    pub blurhash: Option<String>,
    pub srcset: Srcset,
    pub variants: Vec<VariantResponse>,
}

impl Image {
    /// The public object of a ready item; `None` while it is processing or failed (content
    /// then shows no image rather than a broken one).
    pub fn of(item: &Media, base: &str) -> Option<Self> {
        let files = Files { base, item };
        Some(Image {
            srcset: files.srcset()?,
            url: files.url(),
            variants: files.variants(),
            width: item.width,
            height: item.height,
            alt: item.alt.clone(),
            caption: item.caption.clone(),
            credit: item.credit.clone(),
            focal_point: FocalPoint::of(item),
            blurhash: item.blurhash.clone(),
        })
    }
}

/// The library items a public response shows, by id, with the base of their URLs.
pub struct Images<'a> {
    base: &'a str,
    items: &'a HashMap<i64, Media>,
}

impl<'a> Images<'a> {
    pub fn new(base: &'a str, items: &'a HashMap<i64, Media>) -> Self {
        Images { base, items }
    }

    /// The public image of item `id`, if it is among them and ready.
    pub fn image(&self, id: Option<i64>) -> Option<Image> {
        id.and_then(|id| self.items.get(&id)).and_then(|item| Image::of(item, self.base))
    }
}

/// Filters of the library list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MediaFilter {
    /// Items whose file name, alt text or caption contains this text.
    pub q: Option<String>,
    /// Items of this type.
    #[param(inline, value_type = Option<String>, pattern = "^image/(jpeg|png|gif|webp)$")]
    pub mime_type: Option<String>,
    /// `true`: only items nothing uses.
    pub unused: Option<bool>,
}

/// A description change: omitted fields stay, `null` clears an optional one.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateMediaRequest {
    #[schema(min_length = 1, pattern = r"\S", nullable = false)]
    #[serde(default, deserialize_with = "non_null")]
    pub filename: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub alt: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub caption: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub credit: Option<Option<String>>,
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "non_null")]
    pub focal_point: Option<FocalPoint>,
}

impl TryFrom<UpdateMediaRequest> for MediaChanges {
    type Error = ApiError;

    fn try_from(r: UpdateMediaRequest) -> Result<Self, ApiError> {
        let mut c = Check::new();
        let (focal_x, focal_y) = match r.focal_point {
            Some(point) => {
                let x = c.take("focal_point.x", fraction(point.x));
                let y = c.take("focal_point.y", fraction(point.y));
                (Some(x), Some(y))
            }
            None => (None, None),
        };
        let changes = MediaChanges {
            filename: c.patch("filename", r.filename, |f| fields::filename(&f)),
            alt: c.patch("alt", r.alt, |v| fields::optional(v, limits::ALT)),
            caption: c.patch("caption", r.caption, |v| fields::optional(v, limits::CAPTION)),
            credit: c.patch("credit", r.credit, |v| fields::optional(v, limits::CREDIT)),
            focal_x,
            focal_y,
        };
        c.finish(changes)
    }
}

fn fraction(value: f64) -> Result<i32, String> {
    thousandths(value).ok_or_else(|| "must be from 0 to 1".to_string())
}

/// The description given with an upload (multipart parts or query parameters).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadDescription {
    /// With a raw body: what the image shows (as a multipart request's `alt` part).
    pub alt: Option<String>,
    /// With a raw body: the caption.
    pub caption: Option<String>,
    /// With a raw body: who made the image.
    pub credit: Option<String>,
    /// With a raw body: the file name (also read from `Content-Disposition`).
    pub filename: Option<String>,
}

/// A checked upload description.
pub struct Described {
    pub filename: Option<String>,
    pub alt: Option<String>,
    pub caption: Option<String>,
    pub credit: Option<String>,
}

impl UploadDescription {
    pub fn checked(self) -> Result<Described, ApiError> {
        let mut c = Check::new();
        let described = Described {
            filename: c.take("filename", self.filename.as_deref().map(fields::filename).transpose()),
            alt: c.take("alt", fields::optional(self.alt, limits::ALT)),
            caption: c.take("caption", fields::optional(self.caption, limits::CAPTION)),
            credit: c.take("credit", fields::optional(self.credit, limits::CREDIT)),
        };
        c.finish(described)
    }
}
