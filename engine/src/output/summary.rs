//! The per-cast aggregate (`--summary`): one row per distinct (`at`, EP,
//! stream, content, outcome) with its count, placed where the group's first
//! log row would be. It never holds the full log, only the open groups.

use super::csv::record;
use crate::sim::outcome::{Outcome, Reactions, Row};
use crate::sim::sink::{Sink, Why};
use crate::sim::Compiled;
use crate::time::Instant;
use std::collections::HashMap;
use std::io::Write;

pub const SUMMARY_HEADER: &str = "at,program,stream,content,outcome,count\n";

/// One group of the summary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Group {
    pub at: Instant,
    pub ep: u32,
    pub stream: u32,
    pub content: Option<u32>,
    pub outcome: Outcome,
    pub count: u64,
    /// The person of the group's first log row: its place in the log.
    pub first_person: u32,
}

/// Collects groups; finished groups are handed out in log order.
///
/// Rows come in runs sharing `at` and stream (a whole stream cast without
/// recipient time zone), so they are counted in a dense table indexed by
/// (content, outcome) for the current (`at`, stream), and folded into the
/// open groups once per run: no hashing per row.
#[derive(Default)]
pub struct GroupCounter {
    open: HashMap<(Instant, u32, Option<u32>, Outcome), Group>,
    /// The (`at`, stream, EP) whose rows `table` counts.
    current: Option<(Instant, u32, u32)>,
    /// (count, first person) at `slot(content, outcome)`.
    table: Vec<(u64, u32)>,
    /// Slots with a count, in first-row order.
    touched: Vec<u32>,
}

const OUTCOMES: usize = Outcome::ALL.len();

/// The table slot of (content, outcome); row 0 is "no content".
#[inline]
fn slot(content: Option<u32>, outcome: Outcome) -> usize {
    content.map_or(0, |c| c as usize + 1) * OUTCOMES + outcome as usize
}

impl GroupCounter {
    #[inline]
    pub fn add(&mut self, row: &Row) {
        if self.current.is_none_or(|(at, s, _)| at != row.at || s != row.stream) {
            self.switch_to(row);
        }
        let i = slot(row.content, row.outcome);
        let Some((count, first)) = self.table.get_mut(i) else { return self.add_new(i, row.person) };
        if *count == 0 {
            self.touched.push(i as u32);
            *first = row.person;
        }
        *count += 1;
        *first = (*first).min(row.person);
    }

    /// Starts counting the rows of `row`'s (`at`, stream).
    #[cold]
    fn switch_to(&mut self, row: &Row) {
        self.fold();
        self.current = Some((row.at, row.stream, row.ep));
    }

    /// The first row of a slot past the table's end.
    #[cold]
    fn add_new(&mut self, i: usize, person: u32) {
        self.table.resize(i + 1, (0, 0));
        self.table[i] = (1, person);
        self.touched.push(i as u32);
    }

    /// Moves the dense table's counts into the open groups.
    fn fold(&mut self) {
        let Some((at, stream, ep)) = self.current.take() else { return };
        for i in self.touched.drain(..) {
            let (count, first) = std::mem::take(&mut self.table[i as usize]);
            let row = i as usize / OUTCOMES;
            let content = row.checked_sub(1).map(|c| c as u32);
            let outcome = Outcome::ALL[i as usize % OUTCOMES];
            let g = self.open.entry((at, stream, content, outcome)).or_insert(Group {
                at,
                ep,
                stream,
                content,
                outcome,
                count: 0,
                first_person: first,
            });
            g.count += count;
            g.first_person = g.first_person.min(first);
        }
    }

    /// Removes and returns, in log order, the groups whose `at` is before `t`.
    pub fn take_before(&mut self, t: Instant) -> Vec<Group> {
        self.fold();
        let mut done: Vec<Group> = Vec::new();
        self.open.retain(|_, g| {
            if g.at < t {
                done.push(*g);
                false
            } else {
                true
            }
        });
        // Ties (two casts of one stream delivering at one instant) in a
        // fixed order, not the hash map's.
        done.sort_by_key(|g| (g.at, g.stream, g.first_person, g.content, g.outcome));
        done
    }
}

/// The `--summary` CSV writer.
pub struct SummaryWriter<'c, W: Write> {
    c: &'c Compiled,
    out: W,
    groups: GroupCounter,
    pub error: Option<std::io::Error>,
}

impl<'c, W: Write> SummaryWriter<'c, W> {
    pub fn new(c: &'c Compiled, mut out: W) -> Self {
        let error = out.write_all(SUMMARY_HEADER.as_bytes()).err();
        SummaryWriter { c, out, groups: GroupCounter::default(), error }
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
        let done = self.groups.take_before(t);
        if done.is_empty() || self.error.is_some() {
            return;
        }
        let mut text = String::new();
        for g in done {
            let at = g.at.log_format();
            let count = g.count.to_string();
            record(
                &mut text,
                &[
                    &at,
                    &self.c.eps[g.ep as usize].id,
                    &self.c.streams[g.stream as usize].id,
                    g.content.map_or("", |i| self.c.content[i as usize].id.as_str()),
                    g.outcome.as_str(),
                    &count,
                ],
            );
        }
        self.error = self.out.write_all(text.as_bytes()).err();
    }
}

impl<W: Write> Sink for SummaryWriter<'_, W> {
    #[inline]
    fn row(&mut self, row: &Row, _r: Reactions, _why: &Why) {
        self.groups.add(row);
    }
    fn advance(&mut self, t: Instant) {
        self.flush_before(t);
    }
}
