//! The moderation rules for reader comments and the pure function that applies them.
//!
//! Order (WordPress's, which the API contract follows except where noted): the honeypot
//! and the blocklist mark spam; a duplicate of the same client's recent comment, or one
//! sooner than the minimum interval, is refused with 429; too many links, a hold word or
//! the hold policy keep the comment pending; everything else is approved. The duplicate and
//! interval checks come before the hold rules (the contract lists them after): with the
//! default "hold all" policy they would otherwise never run, and floods and double posts
//! would fill the queue.

use crate::domain::limits;
use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

crate::text_enum! {
    /// Which new comments wait for a moderator.
    HoldPolicy {
        /// Every comment.
        All => "all",
        /// Comments from an email address with no approved comment yet.
        FirstTime => "first_time",
        /// None (the other rules still apply).
        None => "none",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ModerationRules {
    pub hold: HoldPolicy,
    /// More links than this holds a comment.
    #[schema(minimum = 0, maximum = 100)]
    pub max_links: u32,
    /// Words that hold a comment for moderation (case-insensitive).
    #[schema(value_type = Vec<super::text::Word>)]
    pub hold_words: Vec<String>,
    /// Words that mark a comment as spam (case-insensitive, in name, email or body).
    #[schema(value_type = Vec<super::text::Word>)]
    pub block_words: Vec<String>,
    /// The least time between two comments from one client.
    #[schema(minimum = 0, maximum = 86400)]
    pub min_interval_seconds: u32,
}

impl Default for ModerationRules {
    fn default() -> Self {
        ModerationRules {
            hold: HoldPolicy::All,
            max_links: 2,
            hold_words: Vec::new(),
            block_words: Vec::new(),
            min_interval_seconds: 15,
        }
    }
}

impl ModerationRules {
    /// Checks and normalises rules sent by an admin (words trimmed, lower-cased, unique).
    pub fn checked(mut self) -> Result<Self, Vec<(&'static str, String)>> {
        let mut errors = Vec::new();
        if self.max_links > 100 {
            errors.push(("max_links", "must be between 0 and 100".to_string()));
        }
        if self.min_interval_seconds > 86_400 {
            errors.push(("min_interval_seconds", "must be between 0 and 86400".to_string()));
        }
        for (field, words) in [("hold_words", &mut self.hold_words), ("block_words", &mut self.block_words)] {
            // Sizes first, so a huge list costs nothing; then one pass with a set.
            if words.len() > limits::WORDS {
                errors.push((field, format!("must have at most {} words", limits::WORDS)));
                continue;
            }
            let mut seen = std::collections::HashSet::with_capacity(words.len());
            let mut clean: Vec<String> = Vec::with_capacity(words.len());
            for word in words.iter() {
                let word = match super::text::bounded(word, 1, limits::WORD) {
                    Ok(word) => word.to_lowercase(),
                    Err(e) => {
                        errors.push((field, format!("each word {e}")));
                        break;
                    }
                };
                if seen.insert(word.clone()) {
                    clean.push(word);
                }
            }
            *words = clean;
        }
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors)
        }
    }
}

/// What a new comment says, as far as the rules care.
pub struct Submission<'a> {
    pub author_name: &'a str,
    pub author_email: &'a str,
    pub body: &'a str,
    /// The hidden `website` field was filled in: a bot.
    pub honeypot: bool,
    pub links: usize,
}

/// What the database knows about the sender.
pub struct History {
    /// The email address has an approved comment already.
    pub email_has_approved: bool,
    /// When this client last commented.
    pub last_comment_at: Option<NaiveDateTime>,
    /// This client (or email) sent the same body recently.
    pub duplicate: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Spam(&'static str),
    Pending(&'static str),
    Approved(&'static str),
    /// Refused with 429: `retry_after` seconds.
    TooSoon {
        reason: &'static str,
        retry_after: u64,
    },
}

fn contains_word(text: &str, words: &[String]) -> bool {
    let text = text.to_lowercase();
    words.iter().any(|w| text.contains(w.as_str()))
}

/// Applies the rules to one submission.
pub fn decide(rules: &ModerationRules, s: &Submission<'_>, h: &History, now: NaiveDateTime) -> Verdict {
    if s.honeypot {
        return Verdict::Spam("honeypot");
    }
    if [s.author_name, s.author_email, s.body].iter().any(|t| contains_word(t, &rules.block_words)) {
        return Verdict::Spam("block_word");
    }
    if h.duplicate {
        return Verdict::TooSoon { reason: "duplicate", retry_after: 60 };
    }
    if let Some(last) = h.last_comment_at {
        let ready = last + Duration::seconds(i64::from(rules.min_interval_seconds));
        if now < ready {
            return Verdict::TooSoon { reason: "too_soon", retry_after: (ready - now).num_seconds().max(1) as u64 };
        }
    }
    if s.links > rules.max_links as usize {
        return Verdict::Pending("too_many_links");
    }
    if contains_word(s.author_name, &rules.hold_words) || contains_word(s.body, &rules.hold_words) {
        return Verdict::Pending("hold_word");
    }
    match rules.hold {
        HoldPolicy::All => Verdict::Pending("hold_all"),
        HoldPolicy::FirstTime if !h.email_has_approved => Verdict::Pending("first_time"),
        _ => Verdict::Approved("auto_approved"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap().naive_utc()
    }

    fn open_rules() -> ModerationRules {
        ModerationRules {
            hold: HoldPolicy::None,
            block_words: vec!["casino".into()],
            hold_words: vec!["refund".into()],
            ..Default::default()
        }
    }

    fn sub(body: &str) -> Submission<'_> {
        Submission { author_name: "Ann", author_email: "ann@example.com", body, honeypot: false, links: 0 }
    }

    fn fresh() -> History {
        History { email_has_approved: false, last_comment_at: None, duplicate: false }
    }

    #[test]
    fn each_rule_decides_with_its_reason() {
        let r = open_rules();
        assert_eq!(decide(&r, &sub("Lovely film"), &fresh(), now()), Verdict::Approved("auto_approved"));
        assert_eq!(decide(&r, &Submission { honeypot: true, ..sub("hi") }, &fresh(), now()), Verdict::Spam("honeypot"));
        assert_eq!(decide(&r, &sub("Best CASINO here"), &fresh(), now()), Verdict::Spam("block_word"));
        assert_eq!(
            decide(&r, &Submission { author_email: "win@casino.biz", ..sub("hi") }, &fresh(), now()),
            Verdict::Spam("block_word")
        );
        assert_eq!(
            decide(&r, &Submission { links: 3, ..sub("x") }, &fresh(), now()),
            Verdict::Pending("too_many_links")
        );
        assert_eq!(
            decide(&r, &Submission { links: 2, ..sub("x") }, &fresh(), now()),
            Verdict::Approved("auto_approved")
        );
        assert_eq!(decide(&r, &sub("I want a Refund"), &fresh(), now()), Verdict::Pending("hold_word"));
        let all = ModerationRules { hold: HoldPolicy::All, ..open_rules() };
        assert_eq!(decide(&all, &sub("x"), &fresh(), now()), Verdict::Pending("hold_all"));
    }

    #[test]
    fn first_time_holds_until_an_email_has_an_approved_comment() {
        let r = ModerationRules { hold: HoldPolicy::FirstTime, ..open_rules() };
        assert_eq!(decide(&r, &sub("x"), &fresh(), now()), Verdict::Pending("first_time"));
        let known = History { email_has_approved: true, ..fresh() };
        assert_eq!(decide(&r, &sub("x"), &known, now()), Verdict::Approved("auto_approved"));
    }

    #[test]
    fn duplicates_and_floods_are_refused_even_when_everything_is_held() {
        let r = ModerationRules::default();
        let dup = History { duplicate: true, ..fresh() };
        assert!(matches!(decide(&r, &sub("x"), &dup, now()), Verdict::TooSoon { reason: "duplicate", .. }));
        let recent = History { last_comment_at: Some(now() - Duration::seconds(5)), ..fresh() };
        assert_eq!(decide(&r, &sub("x"), &recent, now()), Verdict::TooSoon { reason: "too_soon", retry_after: 10 });
        let earlier = History { last_comment_at: Some(now() - Duration::seconds(15)), ..fresh() };
        assert_eq!(decide(&r, &sub("x"), &earlier, now()), Verdict::Pending("hold_all"));
        // Spam is decided first: a blocked bot learns nothing from a 429.
        let spam = History { duplicate: true, ..fresh() };
        assert_eq!(decide(&open_rules(), &sub("casino"), &spam, now()), Verdict::Spam("block_word"));
    }

    #[test]
    fn rules_are_checked_and_normalised() {
        let rules = ModerationRules { hold_words: vec![" Refund ".into(), "refund".into()], ..Default::default() };
        assert_eq!(rules.checked().unwrap().hold_words, vec!["refund".to_string()]);
        let bad = ModerationRules { max_links: 101, block_words: vec!["".into()], ..Default::default() };
        let errors = bad.checked().unwrap_err();
        assert_eq!(errors.iter().map(|e| e.0).collect::<Vec<_>>(), ["max_links", "block_words"]);
    }
}
