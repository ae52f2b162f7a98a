//! Text fields: the rules every stored string follows, stated once so the OpenAPI patterns
//! (`openapi::finish`) say exactly what the server accepts.
//!
//! - Lengths count the characters sent, before trimming.
//! - Control characters are refused, except tab, line feed and carriage return.
//! - A required field must have a character that is neither whitespace nor a control.
//! - Stored values are trimmed.

/// Whether `c` is a control character text may not contain.
pub fn is_forbidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Whether `value` has something to show: a character that is neither whitespace nor a
/// control.
pub fn has_visible(value: &str) -> bool {
    value.chars().any(|c| !c.is_whitespace() && !c.is_control())
}

/// Refuses the control characters text may not contain.
pub fn no_controls(value: &str) -> Result<(), String> {
    if value.chars().any(is_forbidden_control) {
        return Err("must not contain control characters".into());
    }
    Ok(())
}

/// Checks `value` has at most `max` characters and no control characters, and, when
/// `min > 0`, at least `min` characters and something visible; returns it trimmed.
pub fn bounded(value: &str, min: usize, max: usize) -> Result<String, String> {
    let len = value.chars().count();
    let visible = has_visible(value);
    if len > max || len < min || (min > 0 && !visible) {
        return Err(if min == 0 {
            format!("must be at most {max} characters")
        } else {
            format!("must be {min} to {max} characters, not all blank")
        });
    }
    no_controls(value)?;
    Ok(value.trim().to_string())
}

/// An optional text field: `None` and blank both mean "no value".
pub fn optional(value: Option<&str>, max: usize) -> Result<Option<String>, String> {
    match value {
        None => Ok(None),
        Some(v) => bounded(v, 0, max).map(|v| Some(v).filter(|v| !v.is_empty())),
    }
}

/// The schema of a genre or tag name in a request.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, min_length = 1, pattern = r"\S", example = "Sci-Fi")]
pub struct Label(pub String);

/// The schema of a word in the moderation lists.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, min_length = 1, pattern = r"\S", example = "casino")]
pub struct Word(pub String);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_count_what_was_sent() {
        assert_eq!(bounded("  Dune  ", 1, 200).unwrap(), "Dune");
        assert!(bounded("", 1, 200).is_err());
        assert!(bounded("   ", 1, 200).is_err());
        assert!(bounded(&"é".repeat(200), 1, 200).is_ok());
        assert!(bounded(&"é".repeat(201), 1, 200).is_err());
        assert!(bounded(&format!(" {}", "a".repeat(200)), 1, 200).is_err(), "the space counts");
        assert!(bounded("a\u{0}b", 1, 10).is_err());
        assert!(bounded("a\u{9f}b", 1, 10).is_err());
        assert!(bounded("\u{1c}", 1, 10).is_err(), "a separator control is not visible");
        assert_eq!(bounded("a\tb\r\nc", 1, 10).unwrap(), "a\tb\r\nc");
        assert_eq!(optional(Some("  "), 10).unwrap(), None);
        assert_eq!(optional(None, 10).unwrap(), None);
        assert!(optional(Some("\u{7}"), 10).is_err());
    }
}
