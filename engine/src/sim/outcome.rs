//! What a cast produces: log rows and their outcomes (plan-format "send log").

use crate::time::Instant;

/// The outcome of one person at one cast (section 12 of the rules).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Outcome {
    Sent,
    ProgramEntered,
    ProgramFiltered,
    BlockedPerson,
    BlockedLimit,
    Exhausted,
    Paused,
}

impl Outcome {
    pub const ALL: [Outcome; 7] = [
        Outcome::Sent,
        Outcome::ProgramEntered,
        Outcome::ProgramFiltered,
        Outcome::BlockedPerson,
        Outcome::BlockedLimit,
        Outcome::Exhausted,
        Outcome::Paused,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Sent => "sent",
            Outcome::ProgramEntered => "program_entered",
            Outcome::ProgramFiltered => "program_filtered",
            Outcome::BlockedPerson => "blocked_person",
            Outcome::BlockedLimit => "blocked_limit",
            Outcome::Exhausted => "exhausted",
            Outcome::Paused => "paused",
        }
    }

    /// A delivery in the sense of R-SC-1.
    pub fn is_delivery(self) -> bool {
        matches!(self, Outcome::Sent | Outcome::ProgramEntered)
    }
}

/// One send-log row in dense ids. `content` is `None` for `exhausted` and
/// `paused`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    pub at: Instant,
    pub ep: u32,
    pub stream: u32,
    pub person: u32,
    pub content: Option<u32>,
    pub outcome: Outcome,
    /// The cast's date (R-CO-3), days since 1970-01-01.
    pub cast_day: i32,
}

impl Row {
    /// The log's sort key: `at`, EP file order, stream file order, person
    /// file order (plan-format "The send log"). Streams are numbered in file
    /// order across EPs, so the stream index already orders EPs.
    pub fn sort_key(&self) -> (Instant, u32, u32) {
        (self.at, self.stream, self.person)
    }
}

/// Reactions drawn for one delivery (R-BH-1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reactions {
    pub opened: bool,
    pub clicked: bool,
    pub unsubscribed: bool,
    pub succeeded: bool,
}
