//! Stopping a node with SIGTERM: the request in flight is answered, live change streams
//! end cleanly, new connections are refused, and the process exits within its grace period.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::Node;
use crate::helpers::{Events, TestDb, ADMIN_EMAIL, ADMIN_PASSWORD};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigterm_finishes_requests_in_flight_ends_streams_and_exits() {
    let (_db, url) = TestDb::create();
    let mut node = Node::start(&url, &[("MARQUEE_SHUTDOWN_GRACE_SECONDS", Some("10"))]);
    let client = reqwest::Client::new();
    node.ready(&client).await;
    let address = node.address.trim_start_matches("http://").to_string();
    let mut stream = Events::open(&client, &node.url("/api/v1/changes/stream"), None).await.skip_hello().await;

    // A login whose body is still on its way when the signal comes.
    let body = format!(r#"{{"email":"{ADMIN_EMAIL}","password":"{ADMIN_PASSWORD}"}}"#);
    let (head, tail) = body.split_at(10);
    let mut in_flight = TcpStream::connect(&address).unwrap();
    write!(
        in_flight,
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{head}",
        body.len()
    )
    .unwrap();
    in_flight.flush().unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;

    let stopped_at = Instant::now();
    node.terminate();
    // The stream ends, as a stream: no error, no more events.
    let ended = stream.next(Duration::from_secs(5)).await;
    assert!(ended.is_none(), "the stream ended: {ended:?}");
    // New connections are refused once the listener is closed.
    let mut refused = false;
    for _ in 0..100 {
        if TcpStream::connect(&address).is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(refused, "the node still accepts connections after SIGTERM");
    // The request in flight is still answered.
    in_flight.write_all(tail.as_bytes()).unwrap();
    let mut answer = String::new();
    in_flight.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    in_flight.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("access_token"), "{answer}");
    let status = node.exited(Duration::from_secs(10)).expect("the node exits within its grace period");
    assert!(status.success(), "{status}");
    println!("stopped {:?} after SIGTERM", stopped_at.elapsed());
}
