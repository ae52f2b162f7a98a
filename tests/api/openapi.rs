//! The committed spec is the served spec is the generated spec.

use crate::helpers::{json, spawn_app};

const COMMITTED: &str = include_str!("../../openapi/openapi.json");

#[test]
fn committed_spec_matches_the_code() {
    let generated = marquee::openapi::document_json().unwrap();
    if generated != COMMITTED {
        if std::env::var_os("UPDATE_OPENAPI").is_some() {
            std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/openapi.json"), &generated).unwrap();
            return;
        }
        panic!(
            "openapi/openapi.json is out of date with the code.\n\
             Regenerate it with:  cargo run -- openapi > openapi/openapi.json\n\
             (or UPDATE_OPENAPI=1 cargo test --test api openapi) and commit the result."
        );
    }
}

#[tokio::test]
async fn served_spec_is_the_committed_one() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/openapi.json").await;
    assert_eq!(response.status(), 200);
    let served = json(response).await;
    let committed: serde_json::Value = serde_json::from_str(COMMITTED).unwrap();
    assert_eq!(served, committed);
    assert_eq!(served["openapi"], "3.1.0");
}

#[test]
fn every_operation_has_an_id_a_tag_and_documented_errors() {
    let spec: serde_json::Value = serde_json::from_str(COMMITTED).unwrap();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let name = format!("{method} {path}");
            assert!(op["operationId"].is_string(), "{name} has no operationId");
            assert!(op["tags"].as_array().is_some_and(|t| !t.is_empty()), "{name} has no tag");
            let responses = op["responses"].as_object().unwrap();
            if op.get("security").and_then(|s| s.as_array()).is_some_and(|s| !s.is_empty()) {
                assert!(responses.contains_key("401") && responses.contains_key("403"), "{name} lacks 401/403");
            }
            if op.get("requestBody").is_some() {
                for status in ["400", "413", "415", "422"] {
                    assert!(responses.contains_key(status), "{name} lacks {status}");
                }
            }
        }
    }
}
