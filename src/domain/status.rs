//! Lifecycle states of articles and comments.

crate::text_enum! {
    /// Where an article is in its life. `Scheduled` articles become public when their
    /// `publish_at` passes, whether or not the scheduler has run.
    ArticleStatus {
        Draft => "draft",
        Scheduled => "scheduled",
        Published => "published",
        Archived => "archived",
    }
}

crate::text_enum! {
    /// Where a comment is in moderation. Only `Approved` comments are public.
    CommentStatus {
        Pending => "pending",
        Approved => "approved",
        Spam => "spam",
        Rejected => "rejected",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_match_stored_names() {
        for s in ArticleStatus::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        for s in CommentStatus::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
    }
}
