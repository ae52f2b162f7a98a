//! Background work that runs beside the HTTP server.

pub mod invalidator;
pub mod listener;
pub mod media;
pub mod redirect_hits;
pub mod scheduler;
pub mod webhooks;

/// Every `every`, forgets the clients whose comment allowance is whole again, so the map
/// of allowances holds only recent commenters however many addresses come and go.
pub async fn forget_idle_clients(state: actix_web::web::Data<crate::state::AppState>, every: std::time::Duration) {
    let mut interval = tokio::time::interval(every);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        state.clients.forget_idle();
    }
}
