//! An RFC 4180 CSV reader that knows the physical line of every record.
//!
//! Fields are separated by commas; a field may be quoted with `"`, inside
//! which commas, line breaks and doubled quotes (`""` = one `"`) are data.
//! Records end at CRLF, LF or a lone CR. A UTF-8 byte order mark at the
//! start is skipped. Line numbers count physical lines from 1, so a record
//! after a quoted field holding a line break still gets its true line.
//!
//! Departures from the RFC, all for files people make by hand: empty lines
//! and lines of only spaces and tabs are skipped (they are not records), and
//! a record's field count is not checked here (the importers check it
//! against the header, naming the line).
//!
//! Errors are per record: a quote inside an unquoted field, text after a
//! closing quote (both skip to the end of that line and reading goes on),
//! and a quoted field never closed (which runs to the end of the file).

use std::borrow::Cow;
use std::fmt;

/// A record that cannot be read, and the line it starts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

pub struct CsvReader<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
}

impl<'a> CsvReader<'a> {
    pub fn new(text: &'a str) -> CsvReader<'a> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        CsvReader { text, pos: 0, line: 1 }
    }

    /// The physical line the reader is on.
    pub fn line(&self) -> usize {
        self.line
    }

    /// Reads the next record into `fields` (cleared first) and returns the
    /// line it starts on; `None` at the end of the text.
    pub fn next_record(&mut self, fields: &mut Vec<Cow<'a, str>>) -> Option<Result<usize, CsvError>> {
        fields.clear();
        let b = self.text.as_bytes();
        // Skip blank lines.
        loop {
            let mut p = self.pos;
            while p < b.len() && (b[p] == b' ' || b[p] == b'\t') {
                p += 1;
            }
            if p >= b.len() {
                self.pos = b.len();
                return None;
            }
            match b[p] {
                b'\n' => self.pos = p + 1,
                b'\r' => self.pos = if b.get(p + 1) == Some(&b'\n') { p + 2 } else { p + 1 },
                _ => break,
            }
            self.line += 1;
        }
        let start_line = self.line;
        loop {
            if b.get(self.pos) == Some(&b'"') {
                self.pos += 1;
                let field_start = self.pos;
                let mut seg_start = self.pos;
                let mut owned: Option<String> = None;
                loop {
                    let Some(&c) = b.get(self.pos) else {
                        return Some(Err(CsvError {
                            line: start_line,
                            message: "a quoted field starting on this line is never closed (a missing \")".into(),
                        }));
                    };
                    match c {
                        b'"' if b.get(self.pos + 1) == Some(&b'"') => {
                            owned.get_or_insert_with(String::new).push_str(&self.text[seg_start..=self.pos]);
                            self.pos += 2;
                            seg_start = self.pos;
                        }
                        b'"' => {
                            let value = match owned {
                                None => Cow::Borrowed(&self.text[field_start..self.pos]),
                                Some(mut s) => {
                                    s.push_str(&self.text[seg_start..self.pos]);
                                    Cow::Owned(s)
                                }
                            };
                            fields.push(value);
                            self.pos += 1;
                            break;
                        }
                        b'\n' => {
                            self.line += 1;
                            self.pos += 1;
                        }
                        b'\r' => {
                            if b.get(self.pos + 1) != Some(&b'\n') {
                                self.line += 1;
                            }
                            self.pos += 1;
                        }
                        _ => self.pos += 1,
                    }
                }
                match b.get(self.pos) {
                    None => return Some(Ok(start_line)),
                    Some(b',') => self.pos += 1,
                    Some(b'\n' | b'\r') => {
                        self.end_line();
                        return Some(Ok(start_line));
                    }
                    Some(_) => {
                        self.skip_line();
                        return Some(Err(CsvError {
                            line: start_line,
                            message: "text after the closing quote of a field (a quote inside a quoted field is written \"\")"
                                .into(),
                        }));
                    }
                }
            } else {
                let start = self.pos;
                while let Some(&c) = b.get(self.pos) {
                    match c {
                        b',' | b'\n' | b'\r' => break,
                        b'"' => {
                            self.skip_line();
                            return Some(Err(CsvError {
                                line: start_line,
                                message: "a double quote inside an unquoted field (quote the whole field and write the quote as \"\")"
                                    .into(),
                            }));
                        }
                        _ => self.pos += 1,
                    }
                }
                fields.push(Cow::Borrowed(&self.text[start..self.pos]));
                match b.get(self.pos) {
                    None => return Some(Ok(start_line)),
                    Some(b',') => self.pos += 1,
                    _ => {
                        self.end_line();
                        return Some(Ok(start_line));
                    }
                }
            }
        }
    }

    /// Consumes the line break at `pos`.
    fn end_line(&mut self) {
        let b = self.text.as_bytes();
        if b.get(self.pos) == Some(&b'\r') {
            self.pos += 1;
        }
        if b.get(self.pos) == Some(&b'\n') {
            self.pos += 1;
        }
        self.line += 1;
    }

    /// Skips past the end of the current physical line.
    fn skip_line(&mut self) {
        let b = self.text.as_bytes();
        while let Some(&c) = b.get(self.pos) {
            if c == b'\n' || c == b'\r' {
                self.end_line();
                return;
            }
            self.pos += 1;
        }
    }
}

/// Every record of `text` with its line, or its error (tests and small
/// files; the importers stream with [`CsvReader::next_record`]).
pub fn read_all(text: &str) -> Vec<Result<(usize, Vec<String>), CsvError>> {
    let mut r = CsvReader::new(text);
    let mut fields = Vec::new();
    let mut out = Vec::new();
    while let Some(rec) = r.next_record(&mut fields) {
        out.push(rec.map(|line| (line, fields.iter().map(|f| f.to_string()).collect())));
    }
    out
}

/// Appends `fields` as one CSV record ending in `\n`, quoting a field only
/// when it holds a comma, a quote or a line break (plan-format's rule).
pub fn write_record(out: &mut String, fields: &[&str]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if f.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(f);
        }
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Vec<(usize, Vec<String>)> {
        read_all(text).into_iter().map(|r| r.unwrap()).collect()
    }

    fn rec(line: usize, f: &[&str]) -> (usize, Vec<String>) {
        (line, f.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn plain_records_lf_and_crlf_and_cr() {
        assert_eq!(ok("a,b\n1,2\n"), [rec(1, &["a", "b"]), rec(2, &["1", "2"])]);
        assert_eq!(ok("a,b\r\n1,2\r\n"), [rec(1, &["a", "b"]), rec(2, &["1", "2"])]);
        assert_eq!(ok("a,b\r1,2"), [rec(1, &["a", "b"]), rec(2, &["1", "2"])]);
        assert_eq!(ok("a,b\n1,2"), [rec(1, &["a", "b"]), rec(2, &["1", "2"])], "no final newline");
    }

    #[test]
    fn empty_fields() {
        assert_eq!(ok(",\na,,\n\"\",x\n"), [rec(1, &["", ""]), rec(2, &["a", "", ""]), rec(3, &["", "x"])]);
    }

    #[test]
    fn quoted_fields_with_commas_doubled_quotes_and_line_breaks() {
        let text = "id,note\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n4,\"crlf\r\ninside\"\r\n5,end\n";
        assert_eq!(
            ok(text),
            [
                rec(1, &["id", "note"]),
                rec(2, &["1", "a, b"]),
                rec(3, &["2", "say \"hi\""]),
                rec(4, &["3", "two\nlines"]),
                rec(6, &["4", "crlf\r\ninside"]),
                rec(8, &["5", "end"]),
            ]
        );
    }

    #[test]
    fn bom_is_skipped() {
        assert_eq!(ok("\u{feff}id,email\n1,a@x\n"), [rec(1, &["id", "email"]), rec(2, &["1", "a@x"])]);
        assert_eq!(ok("\u{feff}\"id\"\n"), [rec(1, &["id"])]);
    }

    #[test]
    fn blank_lines_are_skipped_but_counted() {
        assert_eq!(ok("a\n\n  \n\r\nb\n\n"), [rec(1, &["a"]), rec(5, &["b"])]);
        assert_eq!(ok(""), []);
        assert_eq!(ok("\n\n"), []);
    }

    #[test]
    fn unicode_is_kept() {
        assert_eq!(ok("名前,ville\n\"Zoë, “q”\",São Paulo\n"), [rec(1, &["名前", "ville"]), rec(2, &["Zoë, “q”", "São Paulo"])]);
    }

    #[test]
    fn errors_name_the_record_line_and_reading_goes_on() {
        let r = read_all("a,b\nx\"y,1\n\"q\"z,2\nok,3\n\"multi\nline\" bad,4\nlast,5\n");
        assert_eq!(r[0], Ok(rec(1, &["a", "b"])));
        assert_eq!(r[1].as_ref().unwrap_err().line, 2);
        assert!(r[1].as_ref().unwrap_err().message.contains("unquoted"));
        assert_eq!(r[2].as_ref().unwrap_err().line, 3);
        assert!(r[2].as_ref().unwrap_err().message.contains("closing quote"));
        assert_eq!(r[3], Ok(rec(4, &["ok", "3"])));
        assert_eq!(r[4].as_ref().unwrap_err().line, 5);
        assert_eq!(r[5], Ok(rec(7, &["last", "5"])));
        assert_eq!(r.len(), 6);
    }

    #[test]
    fn an_unclosed_quote_runs_to_the_end() {
        let r = read_all("a\n1\n\"open\n2\n3\n");
        assert_eq!(r.len(), 3);
        assert_eq!(r[2], Err(CsvError { line: 3, message: r[2].clone().unwrap_err().message }));
    }

    #[test]
    fn write_then_read_round_trips() {
        let rows = [vec!["plain", "with,comma", "with \"quote\"", "two\nlines", ""], vec!["", "", "", "", "x"]];
        let mut text = String::new();
        for r in &rows {
            write_record(&mut text, r);
        }
        let back = ok(&text);
        assert_eq!(back.len(), 2);
        for (got, want) in back.iter().zip(&rows) {
            assert_eq!(&got.1, want);
        }
        assert_eq!(back[1].0, 3);
    }
}
