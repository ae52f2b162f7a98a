//! Length-checked text fields.

/// Trims `value` and checks it has `min..=max` characters.
pub fn bounded(value: &str, min: usize, max: usize) -> Result<String, String> {
    let value = value.trim();
    let len = value.chars().count();
    if len < min || len > max {
        return Err(if min == 0 {
            format!("must be at most {max} characters")
        } else {
            format!("must be {min} to {max} characters")
        });
    }
    if value.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        return Err("must not contain control characters".into());
    }
    Ok(value.to_string())
}

/// An optional text field: `None` and blank both mean "no value".
pub fn optional(value: Option<&str>, max: usize) -> Result<Option<String>, String> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => bounded(v, 1, max).map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_in_characters() {
        assert_eq!(bounded("  Dune  ", 1, 200).unwrap(), "Dune");
        assert!(bounded("", 1, 200).is_err());
        assert!(bounded("   ", 1, 200).is_err());
        assert!(bounded(&"é".repeat(200), 1, 200).is_ok());
        assert!(bounded(&"é".repeat(201), 1, 200).is_err());
        assert!(bounded("a\u{0}b", 1, 10).is_err());
        assert_eq!(optional(Some("  "), 10).unwrap(), None);
    }
}
