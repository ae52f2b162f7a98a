//! Failures of every class are problem documents without internal detail.

use crate::helpers::{assert_problem, spawn_app};

#[tokio::test]
async fn unknown_routes_are_problem_404s() {
    let app = spawn_app().await;
    let body = assert_problem(app.get("/api/v1/nothing-here").await, 404).await;
    assert_eq!(body["title"], "Not Found");
}
