//! Where a run's results go. The cast loop calls a [`Sink`]; the caller
//! chooses one that keeps only what it needs (a full log, aggregates, one
//! person's trace), so no output costs what it does not need.

use super::outcome::{Reactions, Row};
use crate::time::Instant;

/// Why an item was passed over in a walk (R-CS-2, R-CS-7).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Skip {
    Inactive,
    Archived,
    OutsideWindow,
    /// Consumed (R-DD), or for a program: is or was a member (R-CS-7).
    Consumed,
    /// Reserved for the person by a recipient-time-zone cast (R-CA-7).
    Reserved,
}

/// Why a delivery turned out as it did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Detail {
    #[default]
    None,
    NoEmailAddress,
    Unsubscribed,
    MarketingSuspended,
    EmailInvalid,
    /// `count` sends already on the workspace-local day, limit `limit`.
    PerDayLimit { count: u32, limit: u32 },
    /// `count` sends in the 168 hours before, limit `limit`.
    Per7DaysLimit { count: u32, limit: u32 },
    AudienceFailed,
}

/// The explanation of one row, filled only for sinks with `TRACE`.
#[derive(Clone, Debug, Default)]
pub struct Why {
    /// Items passed over before the one taken, in walk order.
    pub skipped: Vec<(u32, Skip)>,
    pub detail: Detail,
}

/// What moved a person between streams.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoveCause {
    /// Rule `rule` of the destination stream held (R-TR-2).
    Rule { rule: u32 },
    /// The plan's event at this index of `events` (file order).
    Event { index: u32 },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Move {
    pub at: Instant,
    pub ep: u32,
    pub person: u32,
    pub from: u32,
    pub to: u32,
    pub cause: MoveCause,
}

/// A consumer of simulation results. All methods default to doing nothing.
pub trait Sink {
    /// Whether the walk records [`Why`] for each row (explain only: it costs).
    const TRACE: bool = false;

    /// One log row. Rows arrive in processing order; a row's `at` may lie in
    /// the future of the processing instant (recipient time zone), never in
    /// its past.
    fn row(&mut self, _row: &Row, _reactions: Reactions, _why: &Why) {}

    /// A person changed stream.
    fn moved(&mut self, _m: &Move) {}

    /// No row with `at` earlier than `t` will come any more.
    fn advance(&mut self, _t: Instant) {}
}

/// Sends every row to both sinks.
impl<A: Sink, B: Sink> Sink for (A, B) {
    const TRACE: bool = A::TRACE || B::TRACE;
    fn row(&mut self, row: &Row, reactions: Reactions, why: &Why) {
        self.0.row(row, reactions, why);
        self.1.row(row, reactions, why);
    }
    fn moved(&mut self, m: &Move) {
        self.0.moved(m);
        self.1.moved(m);
    }
    fn advance(&mut self, t: Instant) {
        self.0.advance(t);
        self.1.advance(t);
    }
}

/// Counts rows and nothing else.
#[derive(Default, Debug)]
pub struct CountSink {
    pub rows: u64,
}

impl Sink for CountSink {
    fn row(&mut self, _row: &Row, _r: Reactions, _why: &Why) {
        self.rows += 1;
    }
}

/// Keeps every row in memory, sorted on demand; for tests and small plans.
#[derive(Default, Debug)]
pub struct VecSink {
    pub rows: Vec<(Row, Reactions)>,
    pub moves: Vec<Move>,
}

impl VecSink {
    /// The rows in log order.
    pub fn sorted(mut self) -> Vec<(Row, Reactions)> {
        self.rows.sort_by_key(|(r, _)| r.sort_key());
        self.rows
    }
}

impl Sink for VecSink {
    fn row(&mut self, row: &Row, reactions: Reactions, _why: &Why) {
        self.rows.push((*row, reactions));
    }
    fn moved(&mut self, m: &Move) {
        self.moves.push(*m);
    }
}
