//! Works the media queue (`media_jobs`): makes each upload's files and removes the files of
//! deleted items. Every node runs this, one job at a time, so a node never holds more than
//! one image's pixels (uploads beyond that wait in the queue, not in memory). A job is
//! claimed for [`LEASE`] and the claim renewed while it runs: when a node dies mid-job,
//! another takes it once the claim runs out; jobs survive restarts because they are rows.

use std::time::Duration;

use actix_web::web::{Bytes, Data};

use crate::content::media as library;
use crate::db::media::{self, Made};
use crate::db::media_jobs::{self as queue, Job, JobKind};
use crate::db::{self};
use crate::domain::media::names;
use crate::domain::media::{Variant, VariantFormat};
use crate::error::ApiError;
use crate::media::store::StoreError;
use crate::state::AppState;

const POLL: Duration = Duration::from_secs(2);
/// How long a claim holds without renewal.
const LEASE: Duration = Duration::from_secs(30);
/// Attempts before a job whose store keeps failing gives up.
const MAX_ATTEMPTS: i32 = 8;

/// Runs until the server stops.
pub async fn run(state: Data<AppState>) {
    let settings = marquee_media::Settings { max_pixels: state.config.media_max_pixels, ..Default::default() };
    let mut poll = tokio::time::interval(POLL);
    poll.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = poll.tick() => {}
            () = state.media_due.notified() => {}
            () = state.stopping.cancelled() => return,
        }
        loop {
            match next(&state).await {
                Ok(Some((job, attempt))) => work(&state, &settings, job, attempt).await,
                Ok(None) => break,
                Err(e) => {
                    tracing::warn!(error = %e, "the media queue could not be read");
                    break;
                }
            }
        }
    }
}

/// Claims the oldest due job no node holds, with its attempt number.
async fn next(state: &AppState) -> Result<Option<(Job, i32)>, ApiError> {
    let hold = chrono::Duration::from_std(LEASE).unwrap_or(chrono::Duration::seconds(30));
    state
        .db
        .write(move |conn| {
            let now = db::now();
            for job in queue::due(conn, now, 8)? {
                if let Some(attempt) = queue::claim(conn, job.id, now, now + hold)? {
                    return Ok(Some((job, attempt)));
                }
            }
            Ok(None)
        })
        .await
}

/// Does a claimed job, renewing its claim meanwhile, and records the outcome.
async fn work(state: &Data<AppState>, settings: &marquee_media::Settings, job: Job, attempt: i32) {
    let id = job.id;
    let renewing = tokio::spawn(renew(state.clone(), id));
    let outcome = match job.kind() {
        JobKind::Variants => make(state, settings, &job).await,
        JobKind::Purge => purge(state, &job.key).await,
    };
    renewing.abort();
    let recorded = match outcome {
        Ok(()) => state.db.write(move |conn| Ok(queue::done(conn, id)?)).await.map(drop),
        Err(failure) if attempt < MAX_ATTEMPTS => {
            tracing::warn!(job = id, attempt, error = %failure, "a media job failed; it will be retried");
            let delay = chrono::Duration::seconds(2_i64.pow(attempt.clamp(1, 10) as u32));
            let text = failure.to_string();
            state.db.write(move |conn| Ok(queue::retry(conn, id, db::now() + delay, &text)?)).await.map(drop)
        }
        Err(failure) => {
            tracing::error!(job = id, error = %failure, "a media job failed for good");
            let (text, key) = (failure.to_string(), job.key.clone());
            state
                .db
                .write(move |conn| {
                    for item in media::processing_with_key(conn, &key)? {
                        library::failed(conn, item, &text)?;
                    }
                    Ok(queue::done(conn, id)?)
                })
                .await
                .map(drop)
        }
    };
    if let Err(e) = recorded {
        tracing::warn!(job = id, error = %e, "a media job's outcome could not be recorded");
    }
}

/// Keeps a running job's claim alive.
async fn renew(state: Data<AppState>, id: i64) {
    let hold = chrono::Duration::from_std(LEASE).unwrap_or(chrono::Duration::seconds(30));
    loop {
        tokio::time::sleep(LEASE / 3).await;
        if let Err(e) = state.db.write(move |conn| Ok(queue::extend(conn, id, db::now() + hold)?)).await {
            tracing::warn!(job = id, error = %e, "a media job's claim could not be renewed");
        }
    }
}

/// Why a job did not finish.
#[derive(Debug, thiserror::Error)]
enum Failure {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Db(#[from] ApiError),
}

/// Makes an upload's files, or marks its items failed when the image cannot be made into
/// any (that is final: trying again would fail the same way).
async fn make(state: &Data<AppState>, settings: &marquee_media::Settings, job: &Job) -> Result<(), Failure> {
    let key = job.key.clone();
    let twin = {
        let key = key.clone();
        state
            .db
            .run(move |conn| Ok((media::ready_with_key(conn, &key)?, media::processing_with_key(conn, &key)?)))
            .await?
    };
    match twin {
        // Another item with the same bytes finished first: its files serve this one.
        (Some(ready), _) => {
            let made = Made {
                width: ready.width,
                height: ready.height,
                bytes: ready.bytes,
                blurhash: ready.blurhash.unwrap_or_default(),
                variants: ready.variants.list().to_vec(),
            };
            finish(state, &key, made).await?;
            return Ok(());
        }
        // Deleted while it waited.
        (None, waiting) if waiting.is_empty() => {
            state.media.delete(&names::incoming(&key)).await?;
            return Ok(());
        }
        _ => {}
    }
    let upload = state.media.get(&names::incoming(&key)).await?;
    let settings = *settings;
    let processed = tokio::task::spawn_blocking(move || marquee_media::process(&upload, &settings))
        .await
        .map_err(|e| Failure::Db(ApiError::internal(e)))?;
    let processed = match processed {
        Ok(processed) => processed,
        Err(refused) => {
            let why = refused.to_string();
            tracing::info!(key = %key, why = %why, "an upload cannot be made into images");
            let owned = key.clone();
            state
                .db
                .write(move |conn| {
                    for item in media::processing_with_key(conn, &owned)? {
                        library::failed(conn, item, &why)?;
                    }
                    Ok(())
                })
                .await?;
            state.media.delete(&names::incoming(&key)).await?;
            return Ok(());
        }
    };
    let made = store_files(state, &key, processed).await?;
    finish(state, &key, made).await?;
    state.media.delete(&names::incoming(&key)).await?;
    Ok(())
}

/// Puts the original and every variant in the store; what to record of them.
async fn store_files(state: &AppState, key: &str, processed: marquee_media::Processed) -> Result<Made, Failure> {
    let kind = marquee_media::probe(&processed.original, u64::MAX).map_or("image/jpeg", |p| p.kind.mime_type());
    let original_bytes = i64::try_from(processed.original.len()).unwrap_or(i64::MAX);
    state.media.put(&names::file(key, &names::original(kind)), Bytes::from(processed.original)).await?;
    let mut variants = Vec::with_capacity(processed.variants.len());
    for encoded in processed.variants {
        let variant = Variant {
            width: encoded.width,
            height: encoded.height,
            format: match encoded.format {
                marquee_media::Format::Avif => VariantFormat::Avif,
                marquee_media::Format::WebP => VariantFormat::Webp,
                marquee_media::Format::Jpeg => VariantFormat::Jpeg,
                marquee_media::Format::Png => VariantFormat::Png,
            },
            bytes: encoded.bytes.len() as u64,
        };
        state.media.put(&names::file(key, &variant.file_name()), Bytes::from(encoded.bytes)).await?;
        variants.push(variant);
    }
    Ok(Made {
        width: i32::try_from(processed.width).unwrap_or(i32::MAX),
        height: i32::try_from(processed.height).unwrap_or(i32::MAX),
        bytes: original_bytes,
        blurhash: processed.blurhash,
        variants,
    })
}

/// Marks the key's items ready; what shows them follows.
async fn finish(state: &AppState, key: &str, made: Made) -> Result<(), Failure> {
    let key = key.to_string();
    state.write(move |conn, fx| library::finished(conn, fx, &key, &made).map(drop)).await?;
    Ok(())
}

/// Removes a deleted upload's files, unless the same bytes were uploaded again meanwhile (an
/// upload arriving while this runs waits for it: see `content::media::upload`).
async fn purge(state: &AppState, key: &str) -> Result<(), Failure> {
    let owned = key.to_string();
    if state.db.run(move |conn| Ok(media::key_in_use(conn, &owned)?)).await? {
        return Ok(());
    }
    state.media.delete_folder(key).await?;
    Ok(())
}
