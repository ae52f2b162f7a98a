//! A webhook receiver on loopback for the tests: a small HTTP/1.1 server that records every
//! request and answers as the test scripts it (a status, after a delay).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// One request as the receiver got it.
#[derive(Debug, Clone)]
pub struct Received {
    pub headers: HashMap<String, String>,
    pub body: String,
    pub at: Instant,
}

impl Received {
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).map_or("", String::as_str)
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).expect("the body is JSON")
    }

    pub fn event(&self) -> String {
        self.header("x-marquee-event").to_string()
    }

    /// Whether `X-Marquee-Signature` is the HMAC of `t.body` with `secret`.
    pub fn signed_with(&self, secret: &str) -> bool {
        let header = self.header("x-marquee-signature");
        let Some((t, v1)) = header.strip_prefix("t=").and_then(|rest| rest.split_once(",v1=")) else { return false };
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(format!("{t}.{}", self.body).as_bytes());
        let expected: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
        expected == v1
    }
}

/// How the receiver answers its `n`-th request (from 0): a status and a delay before it.
pub type Script = Arc<dyn Fn(usize) -> (u16, Duration) + Send + Sync>;

pub struct Receiver {
    pub url: String,
    got: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    /// A receiver that answers 200 at once.
    pub async fn start() -> Receiver {
        Receiver::scripted(Arc::new(|_| (200, Duration::ZERO))).await
    }

    pub async fn scripted(script: Script) -> Receiver {
        Receiver::on(0, script).await
    }

    /// A receiver on `port` (0: any free one).
    pub async fn on(port: u16, script: Script) -> Receiver {
        let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let got: Arc<Mutex<Vec<Received>>> = Arc::default();
        let count = Arc::new(Mutex::new(0usize));
        let sink = got.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (sink, script, count) = (sink.clone(), script.clone(), count.clone());
                tokio::spawn(async move {
                    let mut stream = BufReader::new(stream);
                    let Some(received) = read_request(&mut stream).await else { return };
                    let n = {
                        let mut c = count.lock().unwrap();
                        *c += 1;
                        *c - 1
                    };
                    let (status, delay) = script(n);
                    tokio::time::sleep(delay).await;
                    sink.lock().unwrap().push(received);
                    let reply = format!("HTTP/1.1 {status} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
                    let _ = stream.get_mut().write_all(reply.as_bytes()).await;
                });
            }
        });
        Receiver { url, got }
    }

    pub fn received(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }

    /// Waits until `n` requests have arrived (panics after `within`); returns them all.
    pub async fn wait_for(&self, n: usize, within: Duration) -> Vec<Received> {
        let deadline = Instant::now() + within;
        loop {
            let got = self.received();
            if got.len() >= n {
                return got;
            }
            assert!(Instant::now() < deadline, "{} of {n} requests arrived in {within:?}: {got:#?}", got.len());
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

async fn read_request(stream: &mut BufReader<tokio::net::TcpStream>) -> Option<Received> {
    let mut line = String::new();
    stream.read_line(&mut line).await.ok()?;
    let mut headers = HashMap::new();
    loop {
        line.clear();
        stream.read_line(&mut line).await.ok()?;
        let trimmed = line.trim_end();
        if trimmed.is_empty() {
            break;
        }
        let (name, value) = trimmed.split_once(':')?;
        headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
    }
    let length: usize = headers.get("content-length").and_then(|l| l.parse().ok()).unwrap_or(0);
    let mut body = vec![0; length];
    stream.read_exact(&mut body).await.ok()?;
    Some(Received { headers, body: String::from_utf8(body).ok()?, at: Instant::now() })
}
