//! Slugs: the readable, unique part of public URLs.

use super::limits;

/// Lowercase `a-z`, `0-9` and single hyphens between them, 1 to 120 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slug(String);

impl Slug {
    pub fn parse(raw: &str) -> Result<Slug, String> {
        let s = raw.trim();
        if s.is_empty() || s.len() > limits::SLUG {
            return Err(format!("must be 1 to {} characters", limits::SLUG));
        }
        let valid = s
            .split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
        if !valid {
            return Err("must be lowercase letters, digits and single hyphens, like the-ending-explained".into());
        }
        Ok(Slug(s.to_string()))
    }

    /// A slug made from a title or name ("Amélie: The Ending" → "amelie-the-ending"), cut to
    /// leave room for a uniqueness suffix. `None` when nothing sluggable remains ("???").
    pub fn from_text(text: &str) -> Option<Slug> {
        // Apostrophes join rather than split words ("The Keeper's Daughter" is
        // `the-keepers-daughter`), as WordPress and Ghost make them.
        let joined: String = text.chars().filter(|c| !matches!(c, '\'' | '’' | 'ʼ' | '`')).collect();
        let full = slug::slugify(joined);
        let mut cut: String = full.chars().take(limits::SLUG - 8).collect();
        while cut.ends_with('-') {
            cut.pop();
        }
        (!cut.is_empty()).then_some(Slug(cut))
    }

    /// A stable slug for a name with nothing sluggable in it (`"!!!"`, an emoji): `prefix`
    /// and the start of the name's SHA-256, so the same name always gets the same slug.
    pub fn digest_of(prefix: &str, text: &str) -> Slug {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(text.to_lowercase().as_bytes());
        let hex: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
        Slug(format!("{prefix}-{hex}"))
    }

    /// The slug of a record whose title has nothing sluggable in it.
    pub fn untitled() -> Slug {
        Slug("untitled".to_string())
    }

    /// This slug with `-n` appended, for the n-th record wanting the same one.
    pub fn with_suffix(&self, n: u32) -> Slug {
        Slug(format!("{}-{n}", self.0))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// The first of `base`, `base-2`, `base-3`, ... for which `taken` says no.
pub fn first_free<E>(base: &Slug, mut taken: impl FnMut(&str) -> Result<bool, E>) -> Result<Slug, E> {
    if !taken(base.as_str())? {
        return Ok(base.clone());
    }
    let mut n = 2;
    loop {
        let candidate = base.with_suffix(n);
        if !taken(candidate.as_str())? {
            return Ok(candidate);
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses() {
        assert!(Slug::parse("dune-part-two-ending-explained").is_ok());
        assert!(Slug::parse("2001").is_ok());
        for bad in ["", "Dune", "dune--two", "-dune", "dune-", "dune two", "dün", "a/b", &"a".repeat(121)] {
            assert!(Slug::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn made_from_titles() {
        assert_eq!(Slug::from_text("Amélie: The Ending, Explained!").unwrap().as_str(), "amelie-the-ending-explained");
        assert_eq!(Slug::from_text("  Dune   Part Two ").unwrap().as_str(), "dune-part-two");
        assert_eq!(Slug::from_text("The Keeper's Daughter").unwrap().as_str(), "the-keepers-daughter");
        assert_eq!(Slug::from_text("Schindler’s List").unwrap().as_str(), "schindlers-list");
        assert!(Slug::from_text("???").is_none());
        let digest = Slug::digest_of("tag", "!!!");
        assert!(Slug::parse(digest.as_str()).is_ok() && digest.as_str().starts_with("tag-"));
        assert_eq!(digest, Slug::digest_of("tag", "!!!"));
        assert_ne!(digest, Slug::digest_of("tag", "???"));
        let long = Slug::from_text(&"word ".repeat(100)).unwrap();
        assert!(long.as_str().len() <= limits::SLUG - 8 && !long.as_str().ends_with('-'));
        assert!(Slug::parse(long.as_str()).is_ok());
    }

    #[test]
    fn suffixes_until_free() {
        let base = Slug::parse("dune").unwrap();
        let taken = ["dune", "dune-2"];
        let free = first_free::<()>(&base, |s| Ok(taken.contains(&s))).unwrap();
        assert_eq!(free.as_str(), "dune-3");
    }
}
