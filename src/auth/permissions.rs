//! The roles table of `docs/api.md` as pure functions, one per row, so every rule is unit-tested
//! here and read by the extractors and handlers.

use crate::domain::{ArticleStatus, Role};

/// Users, site settings and the audit log.
pub fn can_administer(role: Role) -> bool {
    role == Role::Admin
}

/// Movies, cast members and credits.
pub fn can_edit_catalogue(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Editor)
}

/// Creating articles (authors create their own drafts).
pub fn can_write_articles(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Editor | Role::Author)
}

/// Editing an article or its sections: editors any, authors only their own drafts.
pub fn can_edit_article(role: Role, actor_id: i64, author_id: i64, status: ArticleStatus) -> bool {
    match role {
        Role::Admin | Role::Editor => true,
        Role::Author => actor_id == author_id && status == ArticleStatus::Draft,
        Role::Moderator => false,
    }
}

/// Publishing, unpublishing, scheduling, archiving and deleting any article.
pub fn can_publish(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Editor)
}

/// Keeping the site's addresses: the redirect manager.
pub fn can_manage_redirects(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Editor)
}

/// Reading an unpublished article or its preview: editors any, authors their own.
pub fn can_read_article(role: Role, actor_id: i64, author_id: i64) -> bool {
    match role {
        Role::Admin | Role::Editor => true,
        Role::Author => actor_id == author_id,
        Role::Moderator => false,
    }
}

/// Working the comment queue.
pub fn can_moderate(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Editor | Role::Moderator)
}

/// Seeing or revoking an API token: admins all, everyone else their own.
pub fn can_manage_token(role: Role, actor_id: i64, owner_id: i64) -> bool {
    role == Role::Admin || actor_id == owner_id
}

/// Uploading to the media library: whoever writes articles.
pub fn can_upload_media(role: Role) -> bool {
    can_write_articles(role)
}

/// Changing or deleting a library item: admins and editors any, authors their own uploads.
pub fn can_manage_media(role: Role, actor_id: i64, uploaded_by: Option<i64>) -> bool {
    matches!(role, Role::Admin | Role::Editor) || (role == Role::Author && uploaded_by == Some(actor_id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ArticleStatus::*;
    use Role::*;

    #[test]
    fn the_roles_table() {
        // (row, admin, editor, author, moderator)
        type Row = (&'static str, fn(Role) -> bool, [bool; 4]);
        let rows: [Row; 5] = [
            ("catalogue", can_edit_catalogue, [true, true, false, false]),
            ("write articles", can_write_articles, [true, true, true, false]),
            ("publish", can_publish, [true, true, false, false]),
            ("moderate", can_moderate, [true, true, false, true]),
            ("administer", can_administer, [true, false, false, false]),
        ];
        for (name, rule, expected) in rows {
            let actual = [Admin, Editor, Author, Moderator].map(rule);
            assert_eq!(actual, expected, "{name}");
        }
    }

    #[test]
    fn authors_edit_only_their_own_drafts() {
        assert!(can_edit_article(Author, 1, 1, Draft));
        assert!(!can_edit_article(Author, 1, 2, Draft));
        for status in [Scheduled, Published, Archived] {
            assert!(!can_edit_article(Author, 1, 1, status), "{status}");
            assert!(can_edit_article(Editor, 1, 2, status), "{status}");
        }
        assert!(!can_edit_article(Moderator, 1, 1, Draft));
    }

    #[test]
    fn drafts_are_read_by_editors_and_their_authors() {
        assert!(can_read_article(Admin, 1, 2) && can_read_article(Editor, 1, 2));
        assert!(can_read_article(Author, 1, 1) && !can_read_article(Author, 1, 2));
        assert!(!can_read_article(Moderator, 1, 1));
    }

    #[test]
    fn media_is_managed_by_editors_and_by_authors_for_their_own_uploads() {
        assert!(can_manage_media(Admin, 1, Some(2)) && can_manage_media(Editor, 1, None));
        assert!(can_manage_media(Author, 1, Some(1)) && !can_manage_media(Author, 1, Some(2)));
        assert!(!can_manage_media(Author, 1, None) && !can_manage_media(Moderator, 1, Some(1)));
        assert!(can_upload_media(Author) && !can_upload_media(Moderator));
    }

    #[test]
    fn tokens_are_managed_by_their_owner_or_an_admin() {
        assert!(can_manage_token(Admin, 1, 2));
        for role in [Editor, Author, Moderator] {
            assert!(can_manage_token(role, 1, 1) && !can_manage_token(role, 1, 2));
        }
    }
}
