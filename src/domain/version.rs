//! Optimistic concurrency: which version of a record a conditional write was made against.

/// What a write expects the record's current version to be.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Expected {
    /// No precondition: the write applies to whatever the current version is.
    #[default]
    Any,
    /// One of these versions; any other means someone changed the record since the writer
    /// read it. An empty list matches nothing.
    OneOf(Vec<i64>),
}

impl Expected {
    pub fn version(version: i64) -> Self {
        Expected::OneOf(vec![version])
    }

    /// Whether a record at `current` satisfies the expectation.
    pub fn allows(&self, current: i64) -> bool {
        match self {
            Expected::Any => true,
            Expected::OneOf(versions) => versions.contains(&current),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_allows_everything_and_a_list_only_its_versions() {
        assert!(Expected::Any.allows(7));
        assert!(Expected::version(7).allows(7));
        assert!(!Expected::version(7).allows(8));
        assert!(!Expected::OneOf(Vec::new()).allows(1));
    }
}
