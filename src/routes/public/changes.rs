//! The change feed: what became visible, changed or went away, oldest first.

use actix_web::{get, web, HttpRequest, HttpResponse};

use super::{cached_json, CacheKey};
use crate::cache::Collection;
use crate::db::{self, changes::Change};
use crate::dto::changes::{ChangeEntry, ChangesQuery, StreamQuery};
use crate::error::ApiError;
use crate::error::Problem;
use crate::extract::client_key;
use crate::feed::Refused;
use crate::pagination::{Page, PageParams};
use crate::state::AppState;

/// Changes since a cursor, oldest first, so static-site builders and caches can sync
/// incrementally.
///
/// `next_cursor` is always set: it is where to resume. Pass it back as `since`; an empty
/// `data` means you are up to date, and the same cursor is good for the next poll. A follower
/// that resumes from each `next_cursor` sees every entry exactly once, in a stable order,
/// whatever the order in which concurrent writes commit and however many nodes write: entries
/// are numbered in commit order and appear as soon as their write commits. The entries of one
/// record come in the order its changes were made, so the last one says its current state.
#[utoipa::path(
    tag = "public",
    params(ChangesQuery),
    responses((status = 200, body = Page<ChangeEntry>, headers(("ETag"), ("Cache-Control"), ("Surrogate-Key"))))
)]
#[get("/changes")]
pub async fn list_changes(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<ChangesQuery>,
) -> Result<HttpResponse, ApiError> {
    let params = PageParams { limit: query.limit, cursor: query.since.clone() };
    let limit = params.limit()?;
    let after: i64 = state.cursors.position(&params)?.unwrap_or(0);
    if state.cache.due_passed() {
        // A scheduled article is public from its time on; its feed entry is written now,
        // not at the scheduler's next tick.
        crate::jobs::scheduler::tick(&state).await?;
    }
    let key = CacheKey::new("changes").with("limit", &limit).with("after", &after);
    let cursors = state.cursors.clone();
    cached_json(&state, &req, key, move |conn, deps, _| {
        deps.collection(Collection::Changes);
        let rows = db::changes::since(conn, after, limit + 1)?;
        let mut page = cursors.page(rows, limit, |c| c.id, |c| c);
        // Always hand back a cursor to resume from, even on the last page.
        let last = page.data.last().map_or(after, |c: &Change| c.id);
        page.next_cursor.get_or_insert_with(|| cursors.encode(&last));
        deps.text("next", page.next_cursor.as_deref().unwrap_or(""));
        Ok(page.map(ChangeEntry::from))
    })
    .await
}

/// The change feed live, as Server-Sent Events: each entry of `/changes` as an event whose
/// `data` is the entry (JSON) and whose `id` is the cursor to resume after it.
///
/// Resume with `Last-Event-ID` (browsers' `EventSource` sends it when it reconnects) or
/// `?since=` (a `next_cursor` of `/changes`, or an event's id): every entry after it comes, in
/// order, with no gap and no repeat, then new entries as their writes commit on any node.
/// Without either, the stream starts with the next change. A comment line (`: heartbeat`) is
/// sent every 15 seconds so proxies keep an idle stream open. Each node serves a bounded
/// number of streams (`MARQUEE_STREAM_MAX_SUBSCRIBERS`), and one client (an IPv4 address or
/// an IPv6 /64) at most a quarter of them, at most 8: beyond the node's bound the answer is
/// 503, beyond the client's 429, both with `Retry-After`. A stream ends when the server
/// stops or after `MARQUEE_STREAM_MAX_SECONDS` (an hour by default); clients reconnect, to
/// this node or another, and resume with `Last-Event-ID`.
#[utoipa::path(
    tag = "public",
    params(
        StreamQuery,
        ("Last-Event-ID" = Option<String>, Header, description = "The id of the last event received; takes precedence over `since`."),
    ),
    responses(
        (status = 200, description = "A `text/event-stream` of change-feed entries, open until the node stops or `MARQUEE_STREAM_MAX_SECONDS` pass", content_type = "text/event-stream", body = String),
        (status = 429, description = "This client holds as many streams as one client may", body = Problem, content_type = "application/problem+json", headers(("Retry-After"))),
        (status = 503, description = "This node serves as many streams as it may", body = Problem, content_type = "application/problem+json", headers(("Retry-After"))),
    )
)]
#[get("/changes/stream")]
pub async fn stream_changes(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<StreamQuery>,
) -> Result<HttpResponse, ApiError> {
    let resume = req
        .headers()
        .get("last-event-id")
        // A header that is not text is no cursor: refused as a malformed one.
        .map(|v| v.to_str().map_or("\u{0}", str::trim).to_string())
        .or_else(|| query.since.clone())
        .filter(|c| !c.is_empty());
    let after: Option<i64> = resume.map(|c| state.cursors.decode(&c)).transpose()?;
    let client = client_key(&req, &state.config.trusted_proxies);
    let subscription = state.feed.subscribe(client).map_err(|refused| match refused {
        Refused::NodeFull => {
            ApiError::Unavailable("this node serves as many change streams as it may; retry shortly".into())
        }
        Refused::ClientFull => ApiError::TooManyRequests { retry_after: 5 },
    })?;
    let after = match after {
        Some(after) => after,
        None => state.db.run(|conn| Ok(db::changes::last_id(conn)?)).await?,
    };
    let (events, body) = tokio::sync::mpsc::channel::<web::Bytes>(16);
    tokio::spawn(stream::pump(state.into_inner(), subscription, after, events));
    let body = futures_util::stream::unfold(body, |mut body| async move {
        body.recv().await.map(|chunk| (Ok::<_, std::convert::Infallible>(chunk), body))
    });
    Ok(HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header(("cache-control", "no-store"))
        // Events go out one by one: not through the compressor, not buffered by nginx.
        .insert_header(("content-encoding", "identity"))
        .insert_header(("x-accel-buffering", "no"))
        .streaming(body))
}

mod stream {
    use std::sync::Arc;

    use actix_web::web::Bytes;
    use tokio::sync::{broadcast::error::RecvError, mpsc::Sender};

    use crate::db::{self, changes::Change};
    use crate::dto::changes::ChangeEntry;
    use crate::feed::Subscription;
    use crate::state::AppState;

    const BATCH: i64 = 1000;

    /// Feeds one stream: the entries after `last` from the database, then the rows the
    /// follower publishes; after falling behind those, the database again. The subscription
    /// is taken before the first read, so every row is in one or the other: none is missed.
    pub async fn pump(state: Arc<AppState>, mut subscription: Subscription, mut last: i64, events: Sender<Bytes>) {
        let beat = state.config.stream_heartbeat;
        let mut heartbeat = tokio::time::interval_at(tokio::time::Instant::now() + beat, beat);
        if events.send(Bytes::from_static(b"retry: 2000\n: connected\n\n")).await.is_err() {
            return;
        }
        let mut behind = true;
        // A stream ends after its longest life; its client comes back with `Last-Event-ID`,
        // perhaps to another node (streams spread out again after a deploy).
        let ends = tokio::time::sleep(state.config.stream_max_life);
        tokio::pin!(ends);
        loop {
            if ends.is_elapsed() {
                return;
            }
            if behind {
                let after = last;
                match state.db.run(move |conn| Ok(db::changes::since(conn, after, BATCH)?)).await {
                    Ok(rows) => {
                        behind = rows.len() as i64 == BATCH;
                        for row in rows {
                            if events.send(event(&state, &row)).await.is_err() {
                                return;
                            }
                            last = row.id;
                        }
                    }
                    // The database is away: try again shortly, still answering heartbeats.
                    Err(_) => tokio::select! {
                        () = state.stopping.cancelled() => return,
                        () = tokio::time::sleep(beat.min(std::time::Duration::from_secs(1))) => {}
                    },
                }
                continue;
            }
            tokio::select! {
                () = state.stopping.cancelled() => return,
                () = events.closed() => return,
                () = &mut ends => return,
                _ = heartbeat.tick() => {
                    if events.send(Bytes::from_static(b": heartbeat\n\n")).await.is_err() {
                        return;
                    }
                }
                received = subscription.live.recv() => match received {
                    Ok(row) if row.id > last => {
                        if events.send(event(&state, &row)).await.is_err() {
                            return;
                        }
                        last = row.id;
                    }
                    Ok(_) => {}
                    Err(RecvError::Lagged(_)) => behind = true,
                    Err(RecvError::Closed) => return,
                },
            }
        }
    }

    fn event(state: &AppState, row: &Change) -> Bytes {
        let entry = ChangeEntry::from(row.clone());
        let data = serde_json::to_string(&entry).expect("a change entry always serializes");
        Bytes::from(format!("id: {}\ndata: {data}\n\n", state.cursors.encode(&row.id)))
    }
}
