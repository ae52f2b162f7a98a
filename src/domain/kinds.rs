//! The closed vocabularies of content.

crate::text_enum! {
    /// What sort of article.
    ArticleKind {
        Explainer => "explainer",
        Review => "review",
        News => "news",
        Recap => "recap",
    }
}

crate::text_enum! {
    /// What someone did on a movie. Only actors play a character.
    CreditRole {
        Actor => "actor",
        Director => "director",
        Writer => "writer",
        Producer => "producer",
        Composer => "composer",
        Cinematographer => "cinematographer",
        Other => "other",
    }
}

crate::text_enum! {
    /// What kind of public record a change-feed entry is about.
    ChangeKind {
        Article => "article",
        Movie => "movie",
        CastMember => "cast_member",
    }
}

crate::text_enum! {
    /// What kind of public record a slug names (each kind's slugs are unique on their own).
    SlugKind {
        Article => "article",
        Movie => "movie",
        CastMember => "cast_member",
        Tag => "tag",
        Author => "author",
    }
}

crate::text_enum! {
    /// Whether a public record appeared/changed or went away.
    ChangeAction {
        Upsert => "upsert",
        Delete => "delete",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_match_stored_names() {
        for k in ArticleKind::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
        for r in CreditRole::ALL {
            assert_eq!(serde_json::to_value(r).unwrap(), r.as_str());
        }
        for k in ChangeKind::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
        for a in ChangeAction::ALL {
            assert_eq!(serde_json::to_value(a).unwrap(), a.as_str());
        }
    }
}
