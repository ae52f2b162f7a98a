//! Publishes scheduled articles whose time has come.
//!
//! Public visibility never waits for this job: reads treat a due scheduled article as
//! published already. The job turns them into `published` records, writes their change-feed
//! rows, and keeps the response cache told of the next due time (which also picks up
//! schedules made on other nodes).

use std::time::Duration;

use crate::content::articles;
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;

/// Runs until the task is dropped.
pub async fn run(state: actix_web::web::Data<AppState>, every: Duration) {
    let mut interval = tokio::time::interval(every);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        if let Err(e) = tick(&state).await {
            tracing::warn!(error = %e, "scheduler tick failed");
        }
    }
}

/// One pass: learn the next due time; if it has passed, publish what is due.
pub async fn tick(state: &AppState) -> Result<usize, ApiError> {
    let next = state.db.run(|conn| Ok(db::articles::next_due(conn)?)).await?;
    if next.is_none_or(|at| at > db::now()) {
        state.cache.set_next_due(crate::cache::PublicCache::next_due(next));
        return Ok(0);
    }
    let published = state.write(articles::publish_due).await?;
    if published > 0 {
        tracing::info!(count = published, "published scheduled articles");
    }
    Ok(published)
}
