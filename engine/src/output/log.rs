//! The send log writer: a sink that streams rows in log order.
//!
//! Rows come in processing order; a recipient-time-zone cast writes rows
//! whose `at` is later than the instant being processed. No row earlier than
//! the processing instant can come any more, so everything before it is
//! sorted and written, and only the recipient-time-zone tail stays buffered.

use super::csv::record;
use crate::sim::outcome::{Reactions, Row};
use crate::sim::sink::{Sink, Why};
use crate::sim::Compiled;
use crate::time::Instant;
use std::io::Write;

pub const LOG_HEADER: &str = "at,program,stream,person,content,outcome\n";

/// Formats one row as a log line.
pub fn format_row(c: &Compiled, row: &Row, out: &mut String) {
    let at = row.at.log_format();
    let content = row.content.map_or("", |i| c.content[i as usize].id.as_str());
    record(
        out,
        &[
            &at,
            &c.eps[row.ep as usize].id,
            &c.streams[row.stream as usize].id,
            &c.person_ids[row.person as usize],
            content,
            row.outcome.as_str(),
        ],
    );
}

pub struct LogWriter<'c, W: Write> {
    c: &'c Compiled,
    out: W,
    buf: Vec<Row>,
    line: String,
    /// The first write error; later writes are skipped.
    pub error: Option<std::io::Error>,
}

impl<'c, W: Write> LogWriter<'c, W> {
    /// Writes the header at once.
    pub fn new(c: &'c Compiled, mut out: W) -> Self {
        let error = out.write_all(LOG_HEADER.as_bytes()).err();
        LogWriter { c, out, buf: Vec::new(), line: String::new(), error }
    }

    pub fn into_inner(mut self) -> Result<W, std::io::Error> {
        self.flush_before(Instant::MAX);
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        self.out.flush()?;
        Ok(self.out)
    }

    fn flush_before(&mut self, t: Instant) {
        if self.buf.is_empty() {
            return;
        }
        self.buf.sort_by_key(Row::sort_key);
        let cut = self.buf.partition_point(|r| r.at < t);
        self.line.clear();
        for row in &self.buf[..cut] {
            format_row(self.c, row, &mut self.line);
        }
        if self.error.is_none() {
            self.error = self.out.write_all(self.line.as_bytes()).err();
        }
        self.buf.drain(..cut);
    }
}

impl<W: Write> Sink for LogWriter<'_, W> {
    fn row(&mut self, row: &Row, _r: Reactions, _why: &Why) {
        self.buf.push(*row);
    }
    fn advance(&mut self, t: Instant) {
        self.flush_before(t);
    }
}
