//! Keeps this node's response cache correct when other nodes (or the command line) write
//! to the same database: it follows the change feed and purges what each new row names.
//! Local writes purge at once; this catches the rest within one interval.

use std::time::Duration;

use crate::content::stale_keys;
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;

pub async fn run(state: actix_web::web::Data<AppState>, every: Duration) {
    let mut last = match state.db.run(|conn| Ok(db::changes::last_id(conn)?)).await {
        Ok(last) => last,
        Err(e) => {
            tracing::warn!(error = %e, "change follower could not start");
            0
        }
    };
    let mut interval = tokio::time::interval(every);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        match follow(&state, last).await {
            Ok(next) => last = next,
            Err(e) => tracing::warn!(error = %e, "change follower tick failed"),
        }
    }
}

/// Purges what the changes after `last` touched; returns where to resume. It reads the feed
/// the way public followers do, so it misses no row whatever the commit order.
pub async fn follow(state: &AppState, last: i64) -> Result<i64, ApiError> {
    let rows = state.db.run(move |conn| Ok(db::changes::since(conn, last, 1000)?)).await?;
    let Some(newest) = rows.last().map(|c| c.id) else { return Ok(last) };
    let keys: Vec<String> = rows.iter().flat_map(|c| stale_keys(c.kind, c.record_id)).collect();
    state.cache.purge(&keys);
    Ok(newest)
}
