//! PostgreSQL only: one connection that `LISTEN`s for the notification every writing
//! transaction sends on commit (see `db::changes::lock_for_append`), and wakes this node's
//! feed follower, so another node's write reaches this node's cache and streams within
//! milliseconds. When the connection drops (the database restarted, a network cut) it
//! reconnects with a growing pause, and wakes the follower once it is back, which catches up
//! on whatever was committed meanwhile.
//!
//! A notification may also name cache keys that no feed row stands for (an author's page):
//! those are purged when it arrives, and since a lost connection may have missed some, a
//! connection made again clears this node's whole response cache.

use std::time::Duration;

use futures_util::StreamExt;
use tokio_postgres::AsyncMessage;

use crate::cache::SurrogateKey;
use crate::state::AppState;

const FIRST_PAUSE: Duration = Duration::from_millis(100);
const LONGEST_PAUSE: Duration = Duration::from_secs(5);

pub async fn run(state: actix_web::web::Data<AppState>, url: String) {
    let mut pause = FIRST_PAUSE;
    let mut first = true;
    loop {
        let connected = listen(&state, &url, first).await;
        first = false;
        match connected {
            Ok(()) => {
                tracing::warn!("the notification connection closed; reconnecting");
                pause = FIRST_PAUSE;
            }
            Err(e) => tracing::warn!(error = %e, "no notification connection; retrying"),
        }
        state.metrics.set_listening(false);
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(LONGEST_PAUSE);
    }
}

/// One connection's life: `LISTEN`, then a wake-up for each notification until it ends.
async fn listen(state: &actix_web::web::Data<AppState>, url: &str, first: bool) -> Result<(), tokio_postgres::Error> {
    let mut config: tokio_postgres::Config = url.parse()?;
    config.application_name("marquee-listener").connect_timeout(Duration::from_secs(5));
    let (client, mut connection) = config.connect(tokio_postgres::NoTls).await?;
    // The connection yields notifications only while it is polled; `client` sends through it.
    let mut messages = futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
    let statement = format!("LISTEN {}", crate::db::changes::CHANNEL);
    {
        let subscribe = client.batch_execute(&statement);
        tokio::pin!(subscribe);
        loop {
            tokio::select! {
                done = &mut subscribe => { done?; break; }
                message = messages.next() => match message {
                    Some(Ok(_)) => {}
                    Some(Err(e)) => return Err(e),
                    None => return Ok(()),
                },
            }
        }
    }
    tracing::info!("listening for other nodes' changes");
    state.metrics.set_listening(true);
    // Whatever committed while this node was not listening: the follower reads the feed;
    // keys only notifications name are unknown, so everything goes.
    if !first {
        state.cache.clear();
    }
    state.feed.wake();
    while let Some(message) = messages.next().await {
        match message? {
            AsyncMessage::Notification(notification) => {
                if notification.payload().split_whitespace().any(|word| word == crate::db::changes::SCHEDULE_MOVED) {
                    // Another node scheduled (or unscheduled) an article: learn the next due
                    // time now, not at the scheduler's next tick.
                    let state = state.clone();
                    tokio::spawn(async move {
                        if let Err(e) = state.refresh_next_due().await {
                            tracing::warn!(error = %e, "could not read the next due time");
                        }
                    });
                }
                let keys: Vec<SurrogateKey> =
                    notification.payload().split_whitespace().filter_map(SurrogateKey::parse).collect();
                if !keys.is_empty() {
                    state.cache.purge(&keys);
                    if state.db.replica().is_some() {
                        state.feed.purge_after_replay(&keys);
                    }
                }
                state.feed.wake();
            }
            AsyncMessage::Notice(notice) => tracing::debug!(notice = %notice, "notice on the notification connection"),
            _ => {}
        }
    }
    drop(client);
    Ok(())
}
