//! Several `marquee serve` processes on one database, as behind a load balancer: nodes
//! started at the same moment on an empty database all come up with one admin and one JWT
//! secret between them, and a follower of the change feed misses nothing and repeats
//! nothing while clients write through both nodes at once.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{json as j, Value};
use tokio::sync::Barrier;

use crate::helpers::{json, spawn_marquee, test_env, TestDb, ADMIN_EMAIL, ADMIN_PASSWORD};

mod cluster;
mod coherence;
mod media;
mod replica;
mod restart;
mod shutdown;
mod throttle;

/// One server process; killed when dropped.
pub struct Node {
    pub address: String,
    child: Child,
    /// What the process printed on stdout (the one-time admin password, if any).
    pub stdout: Arc<Mutex<String>>,
}

impl Node {
    /// Starts `marquee serve` on `database_url` with the test settings, `overrides` on top
    /// (`None` removes a variable), on a port of its choosing; returns once it listens.
    pub fn start(database_url: &str, overrides: &[(&str, Option<&str>)]) -> Node {
        let mut vars = test_env(database_url, &[("MARQUEE_LOG_FORMAT", "json"), ("RUST_LOG", "info")]);
        vars.insert("MARQUEE_RATE_LIMIT".into(), "off".into());
        for (key, value) in overrides {
            match value {
                Some(v) => vars.insert(key.to_string(), v.to_string()),
                None => vars.remove(*key),
            };
        }
        let env: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let mut child = spawn_marquee(&env, &["serve"]);
        let stdout = Arc::new(Mutex::new(String::new()));
        let out = child.stdout.take().unwrap();
        let sink = stdout.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                sink.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        let (port_tx, port_rx) = std::sync::mpsc::channel();
        let err = child.stderr.take().unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let log = stderr.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                log.lock().unwrap().push_str(&format!("{line}\n"));
                let Ok(event) = serde_json::from_str::<Value>(&line) else { continue };
                if event["message"] == "listening" {
                    let _ = port_tx.send(event["port"].as_u64().unwrap_or(0));
                }
            }
        });
        match port_rx.recv_timeout(Duration::from_secs(30)) {
            Ok(port) => Node { address: format!("http://127.0.0.1:{port}"), child, stdout },
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("the node did not start listening:\n{}", stderr.lock().unwrap());
            }
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// Waits until the node answers `/readyz` with 200.
    pub async fn ready(&self, client: &reqwest::Client) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if client.get(self.url("/readyz")).send().await.is_ok_and(|r| r.status() == 200) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{} never became ready", self.address);
    }
}

impl Node {
    /// Sends SIGTERM, as a service manager stopping the node would.
    pub fn terminate(&self) {
        let status = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().unwrap();
        assert!(status.success());
    }

    /// Waits up to `within` for the process to exit; its status if it did.
    pub fn exited(&mut self, within: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Node {
    /// The test admin's access token, from a login on this node.
    pub async fn admin_token(&self, client: &reqwest::Client) -> String {
        let login = json(login(client, self, ADMIN_EMAIL, ADMIN_PASSWORD).await).await;
        login["access_token"].as_str().expect("the admin logs in").to_string()
    }

    /// Creates a movie through this node; its id and slug.
    pub async fn create_movie(&self, client: &reqwest::Client, token: &str, title: &str) -> (i64, String) {
        let movie = client
            .post(self.url("/api/v1/admin/movies"))
            .bearer_auth(token)
            .json(&j!({"title": title, "synopsis": "before"}))
            .send()
            .await
            .unwrap();
        assert_eq!(movie.status(), StatusCode::CREATED);
        let movie = json(movie).await;
        (movie["id"].as_i64().unwrap(), movie["slug"].as_str().unwrap().to_string())
    }

    /// Sets the movie's synopsis through this node; returns once the write is acknowledged.
    pub async fn edit_movie(&self, client: &reqwest::Client, token: &str, id: i64, synopsis: &str) {
        let edit = client
            .patch(self.url(&format!("/api/v1/admin/movies/{id}")))
            .bearer_auth(token)
            .json(&j!({ "synopsis": synopsis }))
            .send()
            .await
            .unwrap();
        assert_eq!(edit.status(), StatusCode::OK);
    }
}

async fn login(client: &reqwest::Client, node: &Node, email: &str, password: &str) -> reqwest::Response {
    client.post(node.url("/api/v1/auth/login")).json(&j!({"email": email, "password": password})).send().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn nodes_started_at_once_on_an_empty_database_share_one_admin_and_one_secret() {
    let (_db, url) = TestDb::create();
    // No configured admin and no configured secret: the first start makes both.
    let unset = [("MARQUEE_ADMIN_EMAIL", None), ("MARQUEE_ADMIN_PASSWORD", None), ("MARQUEE_JWT_SECRET", None)];
    let starts: Vec<_> = (0..3)
        .map(|_| {
            std::thread::spawn({
                let url = url.clone();
                move || Node::start(&url, &unset)
            })
        })
        .collect();
    let nodes: Vec<Node> = starts.into_iter().map(|s| s.join().expect("every node starts")).collect();
    let client = reqwest::Client::new();
    for node in &nodes {
        node.ready(&client).await;
    }

    let printed: Vec<String> = nodes.iter().map(|n| n.stdout.lock().unwrap().clone()).collect();
    let creators: Vec<&String> = printed.iter().filter(|out| out.contains("Created the first administrator")).collect();
    assert_eq!(creators.len(), 1, "exactly one node creates the admin: {printed:?}");
    let password = creators[0]
        .lines()
        .find_map(|l| l.trim().strip_prefix("password:"))
        .map(|p| p.trim().to_string())
        .expect("the password is printed");

    let response = login(&client, &nodes[0], "admin@localhost", &password).await;
    assert_eq!(response.status(), 200);
    let token = json(response).await["access_token"].as_str().unwrap().to_string();
    for node in &nodes {
        // A token signed by one node is good on every node: they agree on the secret.
        let me = client.get(node.url("/api/v1/auth/me")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(me.status(), 200, "{}", node.address);
        let users = client.get(node.url("/api/v1/admin/users")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(json(users).await["data"].as_array().unwrap().len(), 1, "one admin, not one per node");
    }
}

/// Writes through the nodes in turn for `duration`; returns how many writes were
/// acknowledged and the statuses of those that were not.
async fn keep_writing(nodes: Arc<Vec<Node>>, token: String, who: usize, duration: Duration) -> (usize, Vec<u16>) {
    let client = reqwest::Client::new();
    let (mut acknowledged, mut failures) = (0, Vec::new());
    let deadline = Instant::now() + duration;
    let mut i = 0;
    while Instant::now() < deadline {
        let node = &nodes[(who + i) % nodes.len()];
        i += 1;
        let movie = client
            .post(node.url("/api/v1/admin/movies"))
            .bearer_auth(&token)
            .json(&j!({"title": format!("Film {who}-{i}")}))
            .send()
            .await
            .unwrap();
        if movie.status() != StatusCode::CREATED {
            failures.push(movie.status().as_u16());
            continue;
        }
        acknowledged += 1;
        let id = json(movie).await["id"].as_i64().unwrap();
        let other = &nodes[(who + i) % nodes.len()];
        let renamed = client
            .patch(other.url(&format!("/api/v1/admin/movies/{id}")))
            .bearer_auth(&token)
            .json(&j!({"synopsis": format!("Edited by client {who}")}))
            .send()
            .await
            .unwrap();
        match renamed.status() {
            StatusCode::OK => acknowledged += 1,
            s => failures.push(s.as_u16()),
        }
    }
    (acknowledged, failures)
}

/// Reads the whole feed from `since` (or the start), following each `next_cursor`.
async fn read_feed(client: &reqwest::Client, node: &Node, since: &mut Option<String>, into: &mut Vec<Value>) {
    loop {
        let mut request = client.get(node.url("/api/v1/changes")).query(&[("limit", "100")]);
        if let Some(cursor) = since.as_ref() {
            request = request.query(&[("since", cursor)]);
        }
        let page = json(request.send().await.unwrap()).await;
        let entries = page["data"].as_array().unwrap().clone();
        *since = page["next_cursor"].as_str().map(str::to_string);
        if entries.is_empty() {
            return;
        }
        into.extend(entries);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_feed_follower_sees_every_entry_once_while_two_nodes_write() {
    let (_db, url) = TestDb::create();
    let first = Node::start(&url, &[]);
    let second = Node::start(&url, &[]);
    let client = reqwest::Client::new();
    first.ready(&client).await;
    second.ready(&client).await;
    let token = json(login(&client, &first, ADMIN_EMAIL, ADMIN_PASSWORD).await).await["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let nodes = Arc::new(vec![first, second]);

    // The follower polls one node while sixteen clients write through both. Once the
    // writers stop, it carries on until it has as many entries as there were acknowledged
    // writes (each entry is visible from its write's commit; the last ones reach the
    // follower on its next polls).
    let expected = Arc::new(AtomicUsize::new(usize::MAX));
    let barrier = Arc::new(Barrier::new(17));
    let follower = tokio::spawn({
        let (nodes, expected, barrier, client) = (nodes.clone(), expected.clone(), barrier.clone(), client.clone());
        async move {
            barrier.wait().await;
            let (mut cursor, mut seen) = (None, Vec::new());
            let mut deadline = None;
            while seen.len() < expected.load(Ordering::Acquire) {
                read_feed(&client, &nodes[0], &mut cursor, &mut seen).await;
                if expected.load(Ordering::Acquire) != usize::MAX {
                    let until = *deadline.get_or_insert_with(|| Instant::now() + Duration::from_secs(10));
                    if Instant::now() > until {
                        break;
                    }
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            // Anything past the expected count would be a repeat: read once more.
            read_feed(&client, &nodes[0], &mut cursor, &mut seen).await;
            seen
        }
    });
    let writers: Vec<_> = (0..16)
        .map(|who| {
            let (nodes, token, barrier) = (nodes.clone(), token.clone(), barrier.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                keep_writing(nodes, token, who, Duration::from_secs(3)).await
            })
        })
        .collect();
    let mut acknowledged = 0;
    let mut failures = Vec::new();
    for writer in writers {
        let (ok, failed) = writer.await.unwrap();
        acknowledged += ok;
        failures.extend(failed);
    }
    expected.store(acknowledged, Ordering::Release);
    let seen = follower.await.unwrap();

    assert!(failures.is_empty(), "writes refused: {failures:?}");
    let mut everything = Vec::new();
    read_feed(&client, &nodes[1], &mut None, &mut everything).await;
    // Each acknowledged create or edit of a movie wrote one feed entry.
    assert_eq!(everything.len(), acknowledged, "entries in the feed vs acknowledged writes");
    assert_eq!(seen.len(), everything.len(), "entries seen by the follower vs in the feed");
    assert_eq!(seen, everything, "the follower saw exactly the feed, in its order");
    println!(
        "feed: {acknowledged} writes acknowledged, {} entries written, {} seen by the follower",
        everything.len(),
        seen.len()
    );
}
