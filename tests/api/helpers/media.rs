//! The media library: uploads as a browser form sends them, and waiting for an item's
//! variants.

use std::time::Duration;

use reqwest::Method;
use serde_json::Value;

use super::{json, media_dir, TestApp};

impl TestApp {
    /// The files in the app's media folder, as sorted paths relative to it.
    pub fn stored_media_files(&self) -> Vec<String> {
        let root = media_dir(&self.database_url);
        let mut found = Vec::new();
        let mut stack = vec![root.clone()];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    found.push(path.strip_prefix(&root).unwrap().display().to_string());
                }
            }
        }
        found.sort();
        found
    }

    /// Uploads `bytes` as a `multipart/form-data` form with `alt`, as the editors' room does.
    pub async fn upload_form(&self, token: &str, bytes: Vec<u8>, filename: &str, alt: &str) -> reqwest::Response {
        let form = reqwest::multipart::Form::new()
            .part("file", reqwest::multipart::Part::bytes(bytes).file_name(filename.to_string()))
            .text("alt", alt.to_string());
        self.authed(Method::POST, "/api/v1/admin/media", token).multipart(form).send().await.expect("request sent")
    }

    /// Uploads an image and waits until its variants are made; the ready item.
    pub async fn upload_ready(&self, token: &str, bytes: Vec<u8>, filename: &str, alt: &str) -> Value {
        let response = self.upload_form(token, bytes, filename, alt).await;
        assert_eq!(response.status(), 201, "upload of {filename}");
        let id = json(response).await["id"].as_i64().unwrap();
        self.media_ready(token, id).await
    }

    /// The item once it is no longer processing (panics if it failed).
    pub async fn media_ready(&self, token: &str, id: i64) -> Value {
        let path = format!("/api/v1/admin/media/{id}");
        for _ in 0..600 {
            let item = json(self.authed(Method::GET, &path, token).send().await.unwrap()).await;
            match item["status"].as_str() {
                Some("ready") => return item,
                Some("failed") => panic!("processing failed: {item}"),
                _ => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
        panic!("media {id} never became ready");
    }
}
