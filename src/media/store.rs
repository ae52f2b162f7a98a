//! Where media files live: one interface (`object_store`'s) over two real backends, a local
//! folder (the default, beside the SQLite file) or any S3-compatible bucket
//! (`MARQUEE_MEDIA_STORE=s3://BUCKET/PREFIX`, configured by the standard `AWS_*` variables),
//! so tests and production run the same code. Several nodes share one bucket.
//!
//! An item's files are `{key}/original.{ext}` and `{key}/{width}.{ext}`; an upload waits for
//! its processing at `incoming/{key}`, which is never served.

use std::ops::Range;
use std::sync::Arc;

use actix_web::web::Bytes;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};

use crate::config::MediaStoreUrl;

/// The media store, and the base URL of the files it holds as the API hands them out.
#[derive(Clone)]
pub struct MediaStore {
    inner: Arc<dyn ObjectStore>,
    prefix: Option<Path>,
    /// The folder of a file store: whole files are read from it directly, in one blocking
    /// call, rather than through `object_store`'s several.
    folder: Option<Arc<std::path::PathBuf>>,
    /// Files read lately, for the hot path of `/media`: files never change under their
    /// name, so an entry is only ever stale once its file is purged. This node forgets a
    /// file as it deletes it; another node's copy lives at most [`HOT_FOR`] more.
    hot: moka::sync::Cache<String, Bytes>,
}

/// How many bytes of lately read files a node keeps.
const HOT_BYTES: u64 = 32 << 20;
/// The largest file kept.
const HOT_FILE_BYTES: usize = 1 << 20;
/// How long a file read is kept.
pub const HOT_FOR: std::time::Duration = std::time::Duration::from_secs(10);

fn hot_files() -> moka::sync::Cache<String, Bytes> {
    moka::sync::Cache::builder()
        .max_capacity(HOT_BYTES)
        .weigher(|name: &String, bytes: &Bytes| u32::try_from(name.len() + bytes.len()).unwrap_or(u32::MAX))
        .time_to_live(HOT_FOR)
        .build()
}

/// A failure of the store, for the log (the client hears only that it is unavailable).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no such file")]
    NotFound,
    #[error("media store: {0}")]
    Other(String),
}

impl From<object_store::Error> for StoreError {
    fn from(e: object_store::Error) -> Self {
        match e {
            object_store::Error::NotFound { .. } => StoreError::NotFound,
            other => StoreError::Other(other.to_string()),
        }
    }
}

/// A file's size, read from the store.
#[derive(Debug, Clone, Copy)]
pub struct Head {
    pub size: u64,
}

impl MediaStore {
    /// Opens the store `url` names: a folder (created when missing) or a bucket.
    pub fn open(url: &MediaStoreUrl) -> Result<Self, String> {
        match url {
            MediaStoreUrl::Folder(dir) => {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("MARQUEE_MEDIA_STORE: cannot create {}: {e}", dir.display()))?;
                let local = object_store::local::LocalFileSystem::new_with_prefix(dir)
                    .map_err(|e| format!("MARQUEE_MEDIA_STORE: {e}"))?
                    .with_automatic_cleanup(true);
                let folder = Some(Arc::new(dir.canonicalize().unwrap_or_else(|_| dir.clone())));
                Ok(MediaStore { inner: Arc::new(local), prefix: None, folder, hot: hot_files() })
            }
            MediaStoreUrl::S3 { bucket, prefix } => {
                let s3 = object_store::aws::AmazonS3Builder::from_env()
                    .with_bucket_name(bucket)
                    .build()
                    .map_err(|e| format!("MARQUEE_MEDIA_STORE: the S3 bucket {bucket}: {e}"))?;
                let prefix = (!prefix.is_empty()).then(|| Path::from(prefix.as_str()));
                Ok(MediaStore { inner: Arc::new(s3), prefix, folder: None, hot: hot_files() })
            }
        }
    }

    fn path(&self, name: &str) -> Path {
        match &self.prefix {
            Some(prefix) => Path::from(format!("{prefix}/{name}")),
            None => Path::from(name),
        }
    }

    pub async fn put(&self, name: &str, bytes: Bytes) -> Result<(), StoreError> {
        self.inner.put(&self.path(name), PutPayload::from(bytes)).await?;
        Ok(())
    }

    /// A whole file, from memory when it was read lately.
    pub async fn get(&self, name: &str) -> Result<Bytes, StoreError> {
        let path = self.path(name);
        if let Some(bytes) = self.hot.get(path.as_ref()) {
            return Ok(bytes);
        }
        let bytes = match &self.folder {
            Some(folder) => {
                let file = folder.join(name);
                match actix_web::web::block(move || std::fs::read(file)).await {
                    Ok(Ok(bytes)) => Bytes::from(bytes),
                    Ok(Err(e)) if e.kind() == std::io::ErrorKind::NotFound => return Err(StoreError::NotFound),
                    Ok(Err(e)) => return Err(StoreError::Other(e.to_string())),
                    Err(e) => return Err(StoreError::Other(e.to_string())),
                }
            }
            None => self.inner.get(&path).await?.bytes().await?,
        };
        // Waiting uploads are read once, by the job that makes their files.
        if bytes.len() <= HOT_FILE_BYTES && !name.starts_with("incoming/") {
            self.hot.insert(path.to_string(), bytes.clone());
        }
        Ok(bytes)
    }

    pub async fn get_range(&self, name: &str, range: Range<u64>) -> Result<Bytes, StoreError> {
        Ok(self.inner.get_range(&self.path(name), range).await?)
    }

    pub async fn head(&self, name: &str) -> Result<Head, StoreError> {
        Ok(Head { size: self.inner.head(&self.path(name)).await?.size })
    }

    /// Removes every file under `folder/`.
    pub async fn delete_folder(&self, folder: &str) -> Result<(), StoreError> {
        use futures_util::TryStreamExt;
        let prefix = self.path(folder);
        let names: Vec<Path> = self.inner.list(Some(&prefix)).map_ok(|meta| meta.location).try_collect().await?;
        for name in names {
            let deleted = self.inner.delete(&name).await;
            self.hot.invalidate(name.as_ref());
            match deleted {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }

    /// Removes a file; one that is gone already is fine.
    pub async fn delete(&self, name: &str) -> Result<(), StoreError> {
        let deleted = self.inner.delete(&self.path(name)).await;
        self.hot.invalidate(self.path(name).as_ref());
        match deleted {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}
