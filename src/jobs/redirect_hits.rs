//! Hit counts of redirects: `/redirects/resolve` counts each answer in memory (a cached one
//! too, see `content::redirects::Hits`), and every few seconds the counts are added to their
//! rows in one write. A node that stops loses at most one interval's counts; the answers
//! never wait on a write.

use std::time::Duration;

use crate::state::AppState;

/// Adds the counted hits to their redirects every `every`, until the server stops (then
/// once more).
pub async fn run(state: actix_web::web::Data<AppState>, every: Duration) {
    let mut interval = tokio::time::interval(every);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = interval.tick() => {}
            () = state.stopping.cancelled() => {
                write(&state).await;
                return;
            }
        }
        write(&state).await;
    }
}

async fn write(state: &AppState) {
    let counted = state.redirect_hits.take();
    if counted.is_empty() {
        return;
    }
    let written = state
        .db
        .write(move |conn| {
            for (path, (n, last)) in &counted {
                crate::db::redirects::add_hits(conn, path, *n, *last)?;
            }
            Ok(())
        })
        .await;
    if let Err(e) = written {
        tracing::warn!(error = %e, "redirect hits were not written");
    }
}
