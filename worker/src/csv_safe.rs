//! Spreadsheet formula injection, neutralised in the app's CSV exports.
//!
//! A spreadsheet opening a CSV runs a cell that starts with `=`, `+`, `-`
//! or `@` as a formula (and some read a leading tab or carriage return the
//! same way), so an id like `=HYPERLINK(…)` in a plan would become a live
//! link in the marketer's spreadsheet. Every cell the app exports that
//! starts with one of those characters gets a single quote in front, which
//! spreadsheets show as text.
//!
//! Only the app's downloads go through here: the command line's CSV is the
//! plan format's byte-exact contract and never changes.

use engine::audience::csv::{write_record, CsvReader};
use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula.
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The cell, with a `'` in front when it starts like a formula.
pub fn neutralise_cell(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Appends one record of neutralised cells (RFC 4180 quoting, `\n` ends).
pub fn safe_record(out: &mut String, fields: &[&str]) {
    let cells: Vec<Cow<'_, str>> = fields.iter().map(|f| neutralise_cell(f)).collect();
    let refs: Vec<&str> = cells.iter().map(AsRef::as_ref).collect();
    write_record(out, &refs);
}

/// A whole CSV text (RFC 4180, as the engine writes it) with every cell
/// neutralised. Records keep their fields and order; blank lines, which the
/// engine never writes, are dropped.
pub fn safe_csv(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 64);
    let mut reader = CsvReader::new(text);
    let mut fields = Vec::new();
    while let Some(record) = reader.next_record(&mut fields) {
        if record.is_err() {
            // The engine's own output always reads; keep going regardless.
            continue;
        }
        let refs: Vec<&str> = fields.iter().map(AsRef::as_ref).collect();
        safe_record(&mut out, &refs);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_get_a_quote_and_nothing_else_changes() {
        for (cell, want) in [
            ("=1+1", "'=1+1"),
            ("+33 1 23", "'+33 1 23"),
            ("-5", "'-5"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("e-welcome", "e-welcome"),
            ("2027-01-05T09:00:00Z", "2027-01-05T09:00:00Z"),
            ("", ""),
            ("a=b", "a=b"),
            ("'=already", "'=already"),
        ] {
            assert_eq!(neutralise_cell(cell), want, "{cell:?}");
        }
    }

    #[test]
    fn a_whole_csv_is_neutralised_cell_by_cell_with_quoting_kept() {
        let text = "at,program,stream,person,content,outcome\n\
                    2027-01-05T09:00:00Z,ep,s1,\"=HYPERLINK(\"\"http://x\"\")\",\"-e1,b\",sent\n\
                    2027-01-05T09:00:00Z,ep,s1,@p2,,exhausted\n";
        let got = safe_csv(text);
        assert_eq!(
            got,
            "at,program,stream,person,content,outcome\n\
             2027-01-05T09:00:00Z,ep,s1,\"'=HYPERLINK(\"\"http://x\"\")\",\"'-e1,b\",sent\n\
             2027-01-05T09:00:00Z,ep,s1,'@p2,,exhausted\n"
        );
        // Safe input comes out byte for byte.
        let plain = "a,b\n1,\"x,y\"\n";
        assert_eq!(safe_csv(plain), plain);
    }

    #[test]
    fn a_cell_with_a_line_break_stays_one_cell() {
        let text = "reason\n\"-two\nlines\"\n";
        assert_eq!(safe_csv(text), "reason\n\"'-two\nlines\"\n");
    }
}
