//! [`Deps`]: what a public response shows, collected while it is assembled — the surrogate
//! keys it is filed and purged under, and the versions its ETag is made from.

use std::collections::BTreeSet;

use sha2::{Digest, Sha256};

use super::keys::{Collection, SurrogateKey};
use crate::domain::ChangeKind;
use crate::pagination::Page;

/// The records a response depends on.
#[derive(Debug, Default)]
pub struct Deps {
    keys: BTreeSet<SurrogateKey>,
    fingerprint: Sha256,
}

impl Deps {
    /// A public record at `version`.
    pub fn record(&mut self, kind: ChangeKind, id: i64, version: i64) {
        let key = SurrogateKey::record(kind, id);
        self.fingerprint.update(format!("{key}@{version};"));
        self.keys.insert(key);
    }

    /// A collection the response lists, counts or searches.
    pub fn collection(&mut self, collection: Collection) {
        self.keys.insert(SurrogateKey::collection(collection));
    }

    /// An author's profile as shown (`shown`: the fields the response carries, since a
    /// profile has no version of its own).
    pub fn author(&mut self, user_id: i64, shown: &str) {
        let key = SurrogateKey::author(user_id);
        self.text(key.as_str(), shown);
        self.keys.insert(key);
    }

    /// Something else the response shows that has no version of its own (a count).
    pub fn value(&mut self, label: &str, value: i64) {
        self.fingerprint.update(format!("{label}={value};"));
    }

    /// Text the response depends on beyond record versions.
    pub fn text(&mut self, label: &str, value: &str) {
        self.fingerprint.update(format!("{label}={value};"));
    }

    /// A page of a list: its next cursor is part of what the response shows.
    pub fn page<T>(&mut self, page: Page<T>) -> Page<T> {
        self.text("next", page.next_cursor.as_deref().unwrap_or(""));
        page
    }

    pub fn keys(&self) -> Vec<SurrogateKey> {
        self.keys.iter().cloned().collect()
    }

    /// A strong ETag from the versions of everything shown.
    pub fn etag(&self) -> String {
        let digest = self.fingerprint.clone().finalize();
        let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
        format!("\"{hex}\"")
    }
}
