//! The media queue and store across processes: a node killed (SIGKILL) while it makes an
//! upload's variants leaves a job another start finishes once the claim lapses, and two
//! nodes sharing one S3 bucket (a real S3-compatible server, `MARQUEE_TEST_S3`) serve each
//! other's uploads and purge them.

use std::time::{Duration, Instant};

use marquee_media::fixtures::jpeg;
use serde_json::Value;

use super::Node;
use crate::helpers::{json, TestDb};

/// Uploads `bytes` through `node`; the new item.
async fn upload(client: &reqwest::Client, node: &Node, token: &str, bytes: Vec<u8>) -> Value {
    let response = client
        .post(node.url("/api/v1/admin/media?filename=still.jpg&alt=A%20still"))
        .bearer_auth(token)
        .header("content-type", "image/jpeg")
        .body(bytes)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    json(response).await
}

/// The item once ready, read through `node`.
async fn ready(client: &reqwest::Client, node: &Node, token: &str, id: i64, within: Duration) -> Value {
    let deadline = Instant::now() + within;
    loop {
        let item =
            json(client.get(node.url(&format!("/api/v1/admin/media/{id}"))).bearer_auth(token).send().await.unwrap())
                .await;
        match item["status"].as_str() {
            Some("ready") => return item,
            Some("processing") if Instant::now() < deadline => tokio::time::sleep(Duration::from_millis(100)).await,
            _ => panic!("item {id} not ready in {within:?}: {item}"),
        }
    }
}

/// Every variant of `item` decodes, read through `node`, at the size the item lists.
async fn assert_served(client: &reqwest::Client, node: &Node, item: &Value) {
    for variant in item["variants"].as_array().unwrap() {
        let url = node.url(variant["url"].as_str().unwrap());
        let response = client.get(&url).send().await.unwrap();
        assert_eq!(response.status(), 200, "{url}");
        let bytes = response.bytes().await.unwrap();
        assert_eq!(bytes.len() as u64, variant["bytes"].as_u64().unwrap(), "{url}");
        if variant["format"] != "avif" {
            let image = image::load_from_memory(&bytes).unwrap();
            assert_eq!(
                (image.width() as u64, image.height() as u64),
                (variant["width"].as_u64().unwrap(), variant["height"].as_u64().unwrap())
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn variants_killed_mid_way_are_made_after_a_restart() {
    let (_db, url) = TestDb::create();
    let client = reqwest::Client::new();
    let first = Node::start(&url, &[]);
    first.ready(&client).await;
    let token = first.admin_token(&client).await;
    // Large enough that making its fifteen variants takes a while.
    let item = upload(&client, &first, &token, jpeg(3600, 2400)).await;
    let id = item["id"].as_i64().unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let during =
        json(client.get(first.url(&format!("/api/v1/admin/media/{id}"))).bearer_auth(&token).send().await.unwrap())
            .await;
    assert_eq!(during["status"], "processing", "killed while the job runs");
    drop(first); // SIGKILL, holding the job's claim.

    let started = Instant::now();
    let second = Node::start(&url, &[]);
    second.ready(&client).await;
    // The claim lapses after 30 seconds; then the job runs again from the start.
    let done = ready(&client, &second, &token, id, Duration::from_secs(90)).await;
    assert_eq!(done["variants"].as_array().unwrap().len(), 15, "{done}");
    assert_served(&client, &second, &done).await;
    println!("killed mid-job; ready {:.1} s after the restart", started.elapsed().as_secs_f64());
}

/// The S3-compatible server of `MARQUEE_TEST_S3` (CI starts one on loopback); `None` (the
/// test says so and passes) when the variable is unset, outside CI.
fn s3_endpoint() -> Option<String> {
    let endpoint = std::env::var("MARQUEE_TEST_S3").ok().filter(|v| !v.is_empty());
    if endpoint.is_none() {
        eprintln!("MARQUEE_TEST_S3 is unset: no S3-compatible server to test against");
    }
    endpoint
}

/// The keys in `bucket`, listed by the S3 API itself.
async fn bucket_keys(client: &reqwest::Client, endpoint: &str, bucket: &str) -> Vec<String> {
    let listing = client.get(format!("{endpoint}/{bucket}?list-type=2")).send().await.unwrap().text().await.unwrap();
    listing.split("<Key>").skip(1).map(|rest| rest.split_once("</Key>").unwrap().0.to_string()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_nodes_share_one_bucket() {
    let Some(endpoint) = s3_endpoint() else { return };
    let (_db, url) = TestDb::create();
    let client = reqwest::Client::new();
    let bucket = format!("marquee-{}", std::process::id());
    let created = client.put(format!("{endpoint}/{bucket}")).send().await.unwrap();
    assert!(created.status().is_success(), "bucket {bucket}: {}", created.status());
    let store = format!("s3://{bucket}/site");
    let vars = [
        ("MARQUEE_MEDIA_STORE", Some(store.as_str())),
        ("AWS_ENDPOINT_URL", Some(endpoint.as_str())),
        ("AWS_ALLOW_HTTP", Some("true")),
        ("AWS_REGION", Some("us-east-1")),
        ("AWS_ACCESS_KEY_ID", Some("marquee")),
        ("AWS_SECRET_ACCESS_KEY", Some("marquee-secret")),
    ];
    let (a, b) = (Node::start(&url, &vars), Node::start(&url, &vars));
    a.ready(&client).await;
    b.ready(&client).await;
    let token = a.admin_token(&client).await;

    let item = upload(&client, &a, &token, jpeg(1000, 600)).await;
    let id = item["id"].as_i64().unwrap();
    let done = ready(&client, &b, &token, id, Duration::from_secs(30)).await;
    assert_served(&client, &b, &done).await;
    assert_served(&client, &a, &done).await;
    let key = done["url"].as_str().unwrap().split('/').nth(2).unwrap().to_string();
    let mut keys = bucket_keys(&client, &endpoint, &bucket).await;
    keys.sort();
    let mut expected: Vec<String> = std::iter::once("original.jpg".to_string())
        .chain(
            done["variants"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v["url"].as_str().unwrap().rsplit('/').next().unwrap().to_string()),
        )
        .map(|name| format!("site/{key}/{name}"))
        .collect();
    expected.sort();
    assert_eq!(keys, expected, "the files, and no upload left waiting");

    // Deleted through the other node: the purge empties the bucket.
    let deleted = client.delete(b.url(&format!("/api/v1/admin/media/{id}"))).bearer_auth(&token).send().await.unwrap();
    assert_eq!(deleted.status(), 204);
    let deadline = Instant::now() + Duration::from_secs(30);
    while !bucket_keys(&client, &endpoint, &bucket).await.is_empty() {
        assert!(Instant::now() < deadline, "the files stay: {:?}", bucket_keys(&client, &endpoint, &bucket).await);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // A node that read a file lately may serve it from memory a little longer (files never
    // change under their name); then it is gone there too.
    let variant = a.url(done["variants"][0]["url"].as_str().unwrap());
    let deadline = Instant::now() + marquee::media::store::HOT_FOR + Duration::from_secs(5);
    while client.get(&variant).send().await.unwrap().status() != 404 {
        assert!(Instant::now() < deadline, "{variant} is still served");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
