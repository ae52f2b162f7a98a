//! `marquee import wordpress --media-from URL|DIR`: the site's uploads brought into the
//! library before the posts are written, so posts point at library items. Each upload a
//! post, a featured image or the media library names is read once — from the old site
//! (`URL/wp-content/uploads/…`) or a copy of its `wp-content/uploads` folder — checked like
//! any upload, and remembered in `import_sources`, so a second run reads nothing again.
//! A resized copy (`photo-1024x576.jpg`) leads to its full-size file when there is one.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::time::Duration;

use actix_web::web::Bytes;

use crate::auth::Identity;
use crate::config::Config;
use crate::content::wordpress::Library;
use crate::db::{self, DbConn};
use crate::domain::Role;
use crate::media::store::MediaStore;
use crate::media::upload::{described, Incoming};
use crate::webhooks::send::describe;
use crate::wordpress::media::{full_size, upload_path, uploads_in_html};
use crate::wordpress::wxr::{Export, Item, PostType};

/// How long one file may take to arrive.
const FETCH_TIMEOUT: Duration = Duration::from_secs(30);

/// Where the uploads are read from.
#[derive(Debug, Clone)]
pub enum MediaFrom {
    /// The site's address: files are read from `URL/wp-content/uploads/PATH`.
    Site(url::Url),
    /// A copy of `wp-content/uploads`: files are read from `DIR/PATH`.
    Folder(PathBuf),
}

impl std::str::FromStr for MediaFrom {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, String> {
        if value.starts_with("http://") || value.starts_with("https://") {
            let url = url::Url::parse(value).map_err(|e| format!("{value}: {e}"))?;
            return Ok(MediaFrom::Site(url));
        }
        let dir = PathBuf::from(value);
        if !dir.is_dir() {
            return Err(format!("{value} is neither an http(s) URL nor a folder"));
        }
        Ok(MediaFrom::Folder(dir))
    }
}

/// What bringing the uploads in did.
#[derive(Debug, Default)]
pub struct Brought {
    pub library: Library,
    /// Files read and stored now.
    pub read: usize,
    /// Uploads an earlier run brought in.
    pub known: usize,
    /// Uploads that could not be brought in, with why.
    pub failed: Vec<(String, String)>,
}

/// Reads every upload `export` names into the library.
pub fn bring_in(
    config: &Config,
    conn: &mut DbConn,
    source: &str,
    export: &Export,
    from: &MediaFrom,
) -> anyhow::Result<Brought> {
    if let MediaFrom::Site(url) = from {
        if crate::webhooks::send::private_literal(url.as_str(), config.webhooks_allow_private) {
            anyhow::bail!(
                "{url} is a loopback or private address: set MARQUEE_WEBHOOKS_ALLOW_PRIVATE=on to read from it"
            );
        }
    }
    let store = MediaStore::open(&config.media_store).map_err(anyhow::Error::msg)?;
    let admin = db::users::first_admin(conn)?.ok_or_else(|| anyhow::anyhow!("no administrator to own the uploads"))?;
    let who = Identity { user_id: admin, role: Role::Admin, api_token_id: None, session: None };
    let described_by = attachments(export);
    let client = reqwest::Client::builder()
        .timeout(FETCH_TIMEOUT)
        .connect_timeout(Duration::from_secs(10))
        // As for webhooks: public addresses only (unless MARQUEE_WEBHOOKS_ALLOW_PRIVATE), and
        // no redirects, which could lead anywhere.
        .redirect(reqwest::redirect::Policy::none())
        .dns_resolver(crate::webhooks::send::public_only(config.webhooks_allow_private))
        .user_agent(concat!("marquee/", env!("CARGO_PKG_VERSION"), " (wordpress import)"))
        .build()?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let mut brought = Brought::default();
    let mut items: HashMap<String, i64> = HashMap::new();
    for path in wanted(export) {
        if items.contains_key(&path) {
            // A resized copy's full-size file, read for the copy a moment ago.
            continue;
        }
        if let Some((id, _)) = db::imports::source(conn, source, "media", &path)? {
            if db::media::find(conn, id)?.is_some() {
                items.insert(path, id);
                brought.known += 1;
                continue;
            }
        }
        let full = full_size(&path);
        let candidates: Vec<&str> = if full == path { vec![&path] } else { vec![&full, &path] };
        // The first candidate that makes an item; else why the last one failed.
        let mut outcome = Err("not found".to_string());
        for candidate in candidates {
            if let Some(&id) = items.get(candidate) {
                outcome = Ok(id);
                break;
            }
            match runtime.block_on(read(&client, from, candidate, config.media_max_bytes)) {
                Ok(Some(bytes)) => {
                    let about = described_by.get(candidate).or_else(|| described_by.get(&path)).copied();
                    outcome = store_upload(config, conn, &runtime, &store, &who, candidate, about, bytes);
                    if let Ok(id) = outcome {
                        db::imports::remember(conn, source, "media", candidate, id, "")?;
                        items.insert(candidate.to_string(), id);
                        brought.read += 1;
                        break;
                    }
                }
                Ok(None) => continue,
                Err(why) => {
                    outcome = Err(why);
                    break;
                }
            }
        }
        match outcome {
            Ok(id) => {
                db::imports::remember(conn, source, "media", &path, id, "")?;
                items.insert(path, id);
            }
            Err(why) => brought.failed.push((path, why)),
        }
    }
    brought.library = Library::new(items);
    Ok(brought)
}

/// Stores one file as an upload described by its attachment; the new item's id.
#[allow(clippy::too_many_arguments)]
fn store_upload(
    config: &Config,
    conn: &mut DbConn,
    runtime: &tokio::runtime::Runtime,
    store: &MediaStore,
    who: &Identity,
    path: &str,
    about: Option<&Item>,
    bytes: Bytes,
) -> Result<i64, String> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let incoming = Incoming {
        bytes: bytes.clone(),
        filename: crate::domain::fields::filename(name).ok(),
        alt: about.and_then(|a| a.attachment_alt.as_deref()).and_then(|t| limited(t, crate::domain::limits::ALT)),
        caption: about.and_then(|a| limited(&a.excerpt, crate::domain::limits::CAPTION)),
        credit: None,
    };
    let upload = described(&incoming, config.media_max_pixels).map_err(|e| e.to_string())?;
    let waiting = crate::domain::media::names::incoming(&upload.key);
    runtime.block_on(store.put(&waiting, bytes)).map_err(|e| e.to_string())?;
    let item = match db::tx::write(conn, |c| crate::content::media::upload(c, who, &upload)) {
        Ok(item) => item,
        Err(e) => {
            // Nothing is left behind: the bytes go unless another item waits on them.
            if !db::media::key_in_use(conn, &upload.key).unwrap_or(true) {
                let _ = runtime.block_on(store.delete(&waiting));
            }
            return Err(e.to_string());
        }
    };
    if item.status == crate::domain::media::MediaStatus::Ready {
        let _ = runtime.block_on(store.delete(&waiting));
    }
    Ok(item.id)
}

/// Reads one upload: its bytes, `None` when the source has no such file, or why it failed.
async fn read(client: &reqwest::Client, from: &MediaFrom, path: &str, max_bytes: u64) -> Result<Option<Bytes>, String> {
    match from {
        MediaFrom::Folder(dir) => {
            let file = dir.join(path);
            match std::fs::metadata(&file) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(e.to_string()),
                Ok(meta) if meta.len() > max_bytes => Err(format!("larger than {max_bytes} bytes")),
                Ok(_) => std::fs::read(&file).map(|b| Some(Bytes::from(b))).map_err(|e| e.to_string()),
            }
        }
        MediaFrom::Site(base) => {
            let url = format!("{}/wp-content/uploads/{}", base.as_str().trim_end_matches('/'), encode_path(path));
            let mut response = client.get(&url).send().await.map_err(|e| describe(&e))?;
            match response.status().as_u16() {
                404 | 410 => return Ok(None),
                200 => {}
                other => return Err(format!("{url} answered {other}")),
            }
            if response.content_length().is_some_and(|n| n > max_bytes) {
                return Err(format!("larger than {max_bytes} bytes"));
            }
            let mut body = Vec::new();
            while let Some(chunk) = response.chunk().await.map_err(|e| describe(&e))? {
                if (body.len() + chunk.len()) as u64 > max_bytes {
                    return Err(format!("larger than {max_bytes} bytes"));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(Some(Bytes::from(body)))
        }
    }
}

/// Every upload path the export names: its media library, featured images and post bodies.
fn wanted(export: &Export) -> BTreeSet<String> {
    let mut paths = BTreeSet::new();
    for item in &export.items {
        match item.post_type {
            PostType::Attachment => paths.extend(item.attachment_url.as_deref().and_then(upload_path)),
            _ => paths.extend(uploads_in_html(&item.content_html)),
        }
    }
    paths
}

/// Each attachment by its upload path, for its alt text and caption.
fn attachments(export: &Export) -> HashMap<String, &Item> {
    export
        .items
        .iter()
        .filter(|item| item.post_type == PostType::Attachment)
        .filter_map(|item| Some((item.attachment_url.as_deref().and_then(upload_path)?, item)))
        .collect()
}

/// Text cut to `max` characters without control characters; `None` when nothing is left.
fn limited(text: &str, max: usize) -> Option<String> {
    let kept: String = text.chars().filter(|c| !crate::domain::text::is_forbidden_control(*c)).take(max).collect();
    let trimmed = kept.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// A path's segments percent-encoded for a URL.
fn encode_path(path: &str) -> String {
    path.split('/')
        .map(|segment| url::form_urlencoded::byte_serialize(segment.as_bytes()).collect::<String>())
        .collect::<Vec<_>>()
        .join("/")
        .replace('+', "%20")
}
