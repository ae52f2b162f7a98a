//! What the operations endpoints answer: liveness and readiness.

use serde::Serialize;
use utoipa::ToSchema;

use crate::db::replica::{Replica, ReplicaState};

#[derive(Serialize, ToSchema)]
pub struct Health {
    /// Always `ok`.
    #[schema(example = "ok")]
    pub status: String,
}

/// What `/readyz` says: the primary answers, and how the read replica is doing.
#[derive(Serialize, ToSchema)]
pub struct Readiness {
    /// Always `ok` (when the primary does not answer, the answer is 503).
    #[schema(example = "ok")]
    pub status: String,
    /// The read replica (`MARQUEE_READ_DATABASE_URL`); `null` when none is configured. Its
    /// state never makes the node unready: public reads go to the primary meanwhile.
    pub read_replica: Option<ReplicaHealth>,
}

#[derive(Serialize, ToSchema)]
pub struct ReplicaHealth {
    pub state: ReplicaHealthState,
    /// How long the replica took to replay the primary's position at the last check (made
    /// every second), in milliseconds.
    #[schema(example = 2.5)]
    pub lag_ms: f64,
}

/// `up`: public reads go to the replica. `behind`: it did not replay the primary's position
/// within a second; `down`: it does not answer (or is not a standby). In both, public reads
/// go to the primary until a check finds it caught up.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReplicaHealthState {
    Up,
    Behind,
    Down,
}

impl From<&Replica> for ReplicaHealth {
    fn from(replica: &Replica) -> Self {
        let state = match replica.state() {
            ReplicaState::Up => ReplicaHealthState::Up,
            ReplicaState::Behind => ReplicaHealthState::Behind,
            ReplicaState::Down => ReplicaHealthState::Down,
        };
        ReplicaHealth { state, lag_ms: replica.lag().as_secs_f64() * 1000.0 }
    }
}
