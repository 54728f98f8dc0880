//! What an import found, in words: the summary line, each error as a
//! sentence naming its line and column, the capped list and the CSV of
//! every error offered for download.

use engine::audience::RowError;
use sim_worker::csv_safe::safe_record;

use super::kind::ImportKind;
use crate::results::record::thousands;

/// How many errors the dialog renders; the rest are counted ("and 1,234
/// more") and in the download.
pub const SHOWN_ERRORS: usize = 100;

/// The counts of an import and its listed errors.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Findings {
    pub rows: usize,
    pub valid: usize,
    pub bad: usize,
    pub errors: Vec<RowError>,
    /// Errors the engine counted but did not list (past its cap).
    pub omitted: usize,
}

impl Findings {
    pub fn from_report<T>(r: &engine::audience::ImportReport<T>) -> Findings {
        Findings {
            rows: r.rows,
            valid: r.valid_rows,
            bad: r.bad_rows,
            errors: r.errors.clone(),
            omitted: r.errors_omitted,
        }
    }

    /// A problem with the file as a whole (no header, unknown columns, a
    /// bad mapping): no row was read.
    pub fn file_refused(&self) -> bool {
        self.rows == 0 && !self.errors.is_empty()
    }

    pub fn total_errors(&self) -> usize {
        self.errors.len() + self.omitted
    }

    /// "1,200 people: 1,180 valid, 20 with errors"; "12 people, all valid".
    pub fn summary(&self, kind: ImportKind) -> String {
        if self.file_refused() {
            return "The file cannot be imported:".to_owned();
        }
        let rows = kind.count(self.rows);
        if self.bad == 0 {
            return match self.rows {
                0 => format!("The file holds no {}.", kind.nouns().1),
                1 => format!("{rows}, valid."),
                _ => format!("{rows}, all valid."),
            };
        }
        let with = if self.bad == 1 { "1 with errors".to_owned() } else { format!("{} with errors", thousands(self.bad as u64)) };
        format!("{rows}: {} valid, {with}.", thousands(self.valid as u64))
    }

    /// The first errors, as rendered.
    pub fn shown(&self) -> impl Iterator<Item = String> + '_ {
        self.errors.iter().take(SHOWN_ERRORS).map(error_text)
    }

    /// "and 1,234 more" when the rendered list stops short.
    pub fn more(&self) -> Option<String> {
        let hidden = self.total_errors().saturating_sub(SHOWN_ERRORS.min(self.errors.len()));
        (hidden > 0).then(|| format!("and {} more", thousands(hidden as u64)))
    }
}

/// `Line 14, column score: "abc" is not a number`.
pub fn error_text(e: &RowError) -> String {
    match &e.column {
        Some(c) => format!("Line {}, column {}: {}", e.line, c.trim(), e.message),
        None => format!("Line {}: {}", e.line, e.message),
    }
}

/// Every listed error as CSV (`line,column,problem`), cells neutralised
/// against spreadsheet formulas (they quote the file's cells); a last row
/// counts the errors past the engine's cap, if any.
pub fn errors_csv(f: &Findings) -> String {
    let mut out = String::with_capacity(64 * (f.errors.len() + 1));
    safe_record(&mut out, &["line", "column", "problem"]);
    for e in &f.errors {
        safe_record(&mut out, &[&e.line.to_string(), e.column.as_deref().unwrap_or(""), &e.message]);
    }
    if f.omitted > 0 {
        let note = format!("{} more errors not listed", thousands(f.omitted as u64));
        safe_record(&mut out, &["", "", &note]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(line: usize, column: Option<&str>, message: &str) -> RowError {
        RowError { line, column: column.map(str::to_owned), message: message.to_owned() }
    }

    #[test]
    fn errors_name_their_line_and_column() {
        assert_eq!(error_text(&err(14, Some("score"), "\"abc\" is not a number")), "Line 14, column score: \"abc\" is not a number");
        assert_eq!(error_text(&err(3, None, "2 fields, expected 3 as in the header")), "Line 3: 2 fields, expected 3 as in the header");
    }

    #[test]
    fn the_summary_counts_valid_rows_and_rows_with_errors() {
        let f = Findings { rows: 1200, valid: 1180, bad: 20, errors: vec![err(2, None, "x")], omitted: 0 };
        assert_eq!(f.summary(ImportKind::People), "1,200 people: 1,180 valid, 20 with errors.");
        let clean = Findings { rows: 12, valid: 12, ..Findings::default() };
        assert_eq!(clean.summary(ImportKind::Memberships), "12 memberships, all valid.");
        let empty = Findings::default();
        assert_eq!(empty.summary(ImportKind::People), "The file holds no people.");
        let refused = Findings { errors: vec![err(1, None, "missing column \"stream\"")], ..Findings::default() };
        assert!(refused.file_refused());
        assert_eq!(refused.summary(ImportKind::Memberships), "The file cannot be imported:");
    }

    #[test]
    fn the_rendered_list_is_capped_and_the_rest_counted() {
        let errors: Vec<RowError> = (0..150).map(|i| err(i + 2, Some("score"), "bad")).collect();
        let f = Findings { rows: 2000, valid: 850, bad: 1150, errors, omitted: 1084 };
        assert_eq!(f.shown().count(), SHOWN_ERRORS);
        assert_eq!(f.more().as_deref(), Some("and 1,134 more"));
        let few = Findings { errors: vec![err(2, None, "x")], ..f.clone() };
        assert_eq!(few.more().as_deref(), Some("and 1,084 more"));
        let none = Findings { errors: vec![err(2, None, "x")], omitted: 0, ..f };
        assert_eq!(none.more(), None);
    }

    #[test]
    fn the_errors_csv_holds_every_listed_error_neutralised() {
        let f = Findings {
            rows: 3,
            valid: 1,
            bad: 2,
            errors: vec![err(2, Some("score"), "\"=1+1\" is not a number"), err(3, None, "a, b")],
            omitted: 2,
        };
        let csv = errors_csv(&f);
        assert_eq!(
            csv,
            "line,column,problem\n2,score,\"\"\"=1+1\"\" is not a number\"\n3,,\"a, b\"\n,,2 more errors not listed\n"
        );
        let formula = Findings { errors: vec![err(2, Some("=cmd"), "-x")], ..Findings::default() };
        assert_eq!(errors_csv(&formula), "line,column,problem\n2,'=cmd,'-x\n");
    }
}
