//! A reader of the change stream (`text/event-stream`), block by block, for the tests of
//! one node and of several.

use std::time::Duration;

use serde_json::Value;

/// One block of an event stream: its `id`, its `data` (JSON) and its comment lines.
#[derive(Debug, Default)]
pub struct Event {
    pub id: Option<String>,
    pub data: Option<Value>,
    pub comments: Vec<String>,
}

/// A reader of `text/event-stream`, block by block.
pub struct Events {
    response: reqwest::Response,
    buffer: String,
}

impl Events {
    /// Opens the stream at `url` (the full address), optionally resuming after `last_id`.
    pub async fn open(client: &reqwest::Client, url: &str, last_id: Option<&str>) -> Events {
        let mut request = client.get(url);
        if let Some(id) = last_id {
            request = request.header("last-event-id", id);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "text/event-stream");
        Events { response, buffer: String::new() }
    }

    /// Reads past the `: connected` greeting.
    pub async fn skip_hello(mut self) -> Events {
        let hello = self.next(Duration::from_secs(5)).await.expect("a greeting");
        assert_eq!(hello.comments, ["connected"]);
        self
    }

    /// The next block, or `None` when the stream ended or nothing came within `within`.
    pub async fn next(&mut self, within: Duration) -> Option<Event> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut event = Event::default();
                for line in block.lines() {
                    if let Some(comment) = line.strip_prefix(':') {
                        event.comments.push(comment.trim().to_string());
                    } else if let Some(id) = line.strip_prefix("id: ") {
                        event.id = Some(id.to_string());
                    } else if let Some(data) = line.strip_prefix("data: ") {
                        event.data = Some(serde_json::from_str(data).expect("data is JSON"));
                    }
                }
                return Some(event);
            }
            let chunk = tokio::time::timeout_at(deadline, self.response.chunk()).await.ok()?.ok()??;
            self.buffer.push_str(std::str::from_utf8(&chunk).expect("UTF-8"));
        }
    }

    /// The next `n` entries (events with data), skipping comments; panics if they do not come.
    pub async fn entries(&mut self, n: usize, within: Duration) -> Vec<(String, Value)> {
        let mut entries = Vec::new();
        while entries.len() < n {
            let event = self.next(within).await.unwrap_or_else(|| panic!("only {} of {n} entries came", entries.len()));
            if let (Some(id), Some(data)) = (event.id, event.data) {
                entries.push((id, data));
            }
        }
        entries
    }
}
