//! Small SQL helpers shared by the table modules: row locks, timestamps as stored,
//! `RETURNING` columns and case-insensitive `LIKE`.

use super::MultiBackend;

/// Reads the first row of `$query` and, on PostgreSQL, locks it (`FOR UPDATE`) until the
/// transaction ends. SQLite needs no row locks: its writers take turns.
macro_rules! first_for_update {
    ($conn:expr, $query:expr) => {
        match $conn {
            $crate::db::DbConn::Postgres(c) => $query.for_update().first(c).optional(),
            $crate::db::DbConn::Sqlite(c) => $query.first(c).optional(),
        }
    };
}
pub(crate) use first_for_update;

/// The current time as stored: UTC, truncated to microseconds so both backends keep exactly
/// what was written.
pub fn now() -> chrono::NaiveDateTime {
    use chrono::SubsecRound;
    chrono::Utc::now().naive_utc().trunc_subsecs(6)
}

/// The columns of `T`, for `RETURNING` clauses: `MultiConnection` cannot take
/// `T::as_returning()`, but it can take the plain selection.
pub fn columns<T: diesel::Selectable<MultiBackend>>() -> T::SelectExpression {
    T::construct_selection()
}

/// Escapes `%`, `_` and `\` so user text matches literally in `LIKE ... ESCAPE '\'`.
pub fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

diesel::define_sql_function! {
    /// SQL `lower()`, the same on both backends.
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

/// The `LIKE` pattern for "contains `text`, ignoring case"; compare with `lower(column)`.
pub fn contains_pattern(text: &str) -> String {
    format!("%{}%", escape_like(&text.to_lowercase()))
}
