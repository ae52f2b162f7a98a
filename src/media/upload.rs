//! Taking in an upload: its type and size told from its bytes (nothing is decoded), its key
//! from its hash, its bytes put where the processing job finds them, and its item
//! recorded. An upload that fails any step leaves nothing behind.

use actix_web::web::Bytes;
use sha2::{Digest, Sha256};

use super::store::MediaStore;
use crate::auth::Identity;
use crate::db::media::{Media, NewMedia};
use crate::db::Db;
use crate::domain::media::names;
use crate::error::ApiError;

/// An upload as it arrived, with what the uploader said about it.
pub struct Incoming {
    pub bytes: Bytes,
    /// The name it had on the uploader's machine, when known.
    pub filename: Option<String>,
    pub alt: Option<String>,
    pub caption: Option<String>,
    pub credit: Option<String>,
}

/// Checks an upload, stores it and records its item (status `processing`, or `ready` at once
/// when the library holds the same bytes already). 415 for what is not an accepted image,
/// 422 for one too large or unreadable, naming why.
pub async fn receive(
    store: &MediaStore,
    db: &Db,
    max_pixels: u64,
    who: &Identity,
    incoming: Incoming,
) -> Result<Media, ApiError> {
    let bytes = incoming.bytes.clone();
    let upload =
        actix_web::web::block(move || described(&incoming, max_pixels)).await.map_err(ApiError::internal)??;
    let waiting = names::incoming(&upload.key);
    store.put(&waiting, bytes).await.map_err(unavailable)?;
    let who = who.clone();
    let recorded = {
        let upload = upload.clone();
        db.write(move |conn| crate::content::media::upload(conn, &who, &upload)).await
    };
    let item = match recorded {
        Ok(item) => item,
        Err(e) => {
            forget(store, db, &upload.key).await;
            return Err(e);
        }
    };
    if item.status == crate::domain::media::MediaStatus::Ready {
        // The library had these bytes; their files are made.
        let _ = store.delete(&waiting).await;
    }
    Ok(item)
}

/// What an upload is, told from its bytes (its type, displayed size and key); 415 or 422
/// when it is not an image this library takes. Costs a hash and a header read. Its width and
/// height are as displayed (EXIF orientation applied); who uploaded it and when are filled in
/// as it is recorded.
pub fn described(incoming: &Incoming, max_pixels: u64) -> Result<NewMedia, ApiError> {
    let probe = marquee_media::probe(&incoming.bytes, max_pixels).map_err(refusal)?;
    let (width, height) = probe.displayed(&incoming.bytes);
    let now = crate::db::now();
    Ok(NewMedia {
        filename: incoming.filename.clone().unwrap_or_else(|| format!("upload.{}", probe.kind.extension())),
        mime_type: probe.original_kind().mime_type().to_string(),
        bytes: i64::try_from(incoming.bytes.len()).unwrap_or(i64::MAX),
        width: i32::try_from(width).unwrap_or(i32::MAX),
        height: i32::try_from(height).unwrap_or(i32::MAX),
        alt: incoming.alt.clone(),
        caption: incoming.caption.clone(),
        credit: incoming.credit.clone(),
        key: key_of(&incoming.bytes),
        status: crate::domain::media::MediaStatus::Processing,
        uploaded_by: None,
        created_at: now,
        updated_at: now,
    })
}

/// Removes a waiting upload whose item was not recorded, unless another item waits on the
/// same bytes.
pub async fn forget(store: &MediaStore, db: &Db, key: &str) {
    let owned = key.to_string();
    let wanted = db.run(move |conn| Ok(crate::db::media::key_in_use(conn, &owned)?)).await.unwrap_or(true);
    if !wanted {
        if let Err(e) = store.delete(&names::incoming(key)).await {
            tracing::warn!(error = %e, "a refused upload's bytes could not be removed");
        }
    }
}

/// The content address of an upload: the first 128 bits of its SHA-256, in hex.
pub fn key_of(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// The answer to an upload the pipeline refuses.
pub fn refusal(refused: marquee_media::Refused) -> ApiError {
    match refused {
        marquee_media::Refused::Type(why) => ApiError::UnsupportedMediaType(why),
        other => ApiError::invalid("file", other.to_string()),
    }
}

/// The store did not answer: the client hears it is unavailable, the log hears why.
pub fn unavailable(e: super::store::StoreError) -> ApiError {
    tracing::warn!(error = %e, "media store unavailable");
    ApiError::Unavailable("the media store is temporarily unavailable".into())
}
