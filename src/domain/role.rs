//! Editorial roles.

crate::text_enum! {
    /// What a user (or an API token) may do; see the roles table in `docs/api.md`.
    Role {
        Admin => "admin",
        Editor => "editor",
        Author => "author",
        Moderator => "moderator",
    }
}

impl Role {
    /// Whether this role holds every permission of `other`. Roles are not a line: an author
    /// and a moderator each may do something the other may not. An API token's role must be
    /// one its owner's role includes.
    pub fn includes(self, other: Role) -> bool {
        match self {
            Role::Admin => true,
            Role::Editor => other != Role::Admin,
            Role::Author => other == Role::Author,
            Role::Moderator => other == Role::Moderator,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), *role);
            assert_eq!(serde_json::to_value(role).unwrap(), role.as_str());
        }
        assert!("root".parse::<Role>().is_err());
        assert!("Admin".parse::<Role>().is_err());
    }

    #[test]
    fn inclusion_follows_the_roles_table() {
        assert!(Role::Admin.includes(Role::Admin));
        assert!(Role::Editor.includes(Role::Moderator) && Role::Editor.includes(Role::Author));
        assert!(!Role::Editor.includes(Role::Admin));
        assert!(!Role::Author.includes(Role::Moderator) && !Role::Moderator.includes(Role::Author));
    }
}
