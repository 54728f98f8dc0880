//! Emails, content programs, engagement programs, streams, content items and
//! cadences.

use super::{Condition, ContentId, EpId, StreamId};
use crate::time::{Date, Weekday};

/// R-CO-1, R-CO-2: only an approved, non-operational email can be active
/// content.
#[derive(Clone, Debug, PartialEq)]
pub struct Email {
    pub id: ContentId,
    pub name: Option<String>,
    pub subject: Option<String>,
    pub approved: bool,
    pub operational: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ProgramKind {
    #[default]
    Default,
    Event,
}

/// A content program (never an engagement program, R-CO-1).
#[derive(Clone, Debug, PartialEq)]
pub struct ContentProgram {
    pub id: ContentId,
    pub name: Option<String>,
    pub kind: ProgramKind,
    /// `None`: everyone passes (R-CS-7).
    pub audience: Option<Condition>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EngagementProgram {
    pub id: EpId,
    pub name: Option<String>,
    pub active: bool,
    /// 1 to 25 streams (R-EP-3).
    pub streams: Vec<Stream>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Stream {
    pub id: StreamId,
    pub name: Option<String>,
    /// `None`: a holding stream that never casts (R-ST-4).
    pub cadence: Option<Cadence>,
    /// Index 0 is the top, the highest priority (R-ST-1).
    pub content: Vec<ContentItem>,
    /// Rules that pull people *into* this stream (R-TR-1).
    pub transition_rules: Vec<Condition>,
}

/// An email or a content program.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ContentRef {
    Email(ContentId),
    Program(ContentId),
}

impl ContentRef {
    pub fn id(&self) -> &ContentId {
        match self {
            ContentRef::Email(id) | ContentRef::Program(id) => id,
        }
    }
    pub fn is_program(&self) -> bool {
        matches!(self, ContentRef::Program(_))
    }
}

/// One entry of a stream's prioritized list.
#[derive(Clone, Debug, PartialEq)]
pub struct ContentItem {
    pub content: ContentRef,
    pub active: bool,
    pub archived: bool,
    /// Inclusive cast dates (R-CO-3).
    pub available_from: Option<Date>,
    pub available_through: Option<Date>,
}

impl ContentItem {
    /// A new item: inactive, as R-CO-2 has it.
    pub fn new(content: ContentRef) -> Self {
        ContentItem {
            content,
            active: false,
            archived: false,
            available_from: None,
            available_through: None,
        }
    }

    /// Inside the availability window on cast date `d` (R-CO-3).
    pub fn available_on(&self, d: Date) -> bool {
        self.available_from.is_none_or(|f| d >= f) && self.available_through.is_none_or(|t| d <= t)
    }
}

/// A time of day, HH:MM on a 24-hour clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay(u16);

impl TimeOfDay {
    pub fn new(hour: u32, minute: u32) -> Option<TimeOfDay> {
        (hour < 24 && minute < 60).then(|| TimeOfDay((hour * 60 + minute) as u16))
    }
    pub fn minutes(self) -> u32 {
        u32::from(self.0)
    }
    pub fn hour(self) -> u32 {
        u32::from(self.0 / 60)
    }
    pub fn minute(self) -> u32 {
        u32::from(self.0 % 60)
    }
    /// Parses `HH:MM` exactly (two digits each).
    pub fn parse(s: &str) -> Result<TimeOfDay, String> {
        let b = s.as_bytes();
        let bad = || format!("invalid time {s:?} (expected HH:MM, 24-hour)");
        if b.len() != 5 || b[2] != b':' || !b.iter().enumerate().all(|(i, c)| i == 2 || c.is_ascii_digit()) {
            return Err(bad());
        }
        let h: u32 = s[..2].parse().map_err(|_| bad())?;
        let m: u32 = s[3..].parse().map_err(|_| bad())?;
        TimeOfDay::new(h, m).ok_or_else(bad)
    }
    pub fn format(self) -> String {
        format!("{:02}:{:02}", self.hour(), self.minute())
    }
}

/// A non-empty set of weekdays (bit i = `Weekday::num_days_from_sunday() == i`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct WeekdaySet(u8);

impl WeekdaySet {
    pub const ALL: [Weekday; 7] = [
        Weekday::Sun,
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
    ];

    /// `None` when `days` is empty.
    pub fn from_days(days: &[Weekday]) -> Option<WeekdaySet> {
        let bits = days.iter().fold(0u8, |acc, d| acc | (1 << d.num_days_from_sunday()));
        (bits != 0).then_some(WeekdaySet(bits))
    }
    pub fn contains(self, d: Weekday) -> bool {
        self.0 & (1 << d.num_days_from_sunday()) != 0
    }
    /// The days in Sunday-first order.
    pub fn days(self) -> Vec<Weekday> {
        Self::ALL.iter().copied().filter(|d| self.contains(*d)).collect()
    }
    pub fn bits(self) -> u8 {
        self.0
    }
}

/// Which weekday of the month (R-CA-4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Nth {
    First,
    Second,
    Third,
    Fourth,
    Last,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MonthlyRule {
    /// 1–31; past the month's end, the month's last day (R-CA-4).
    DayOfMonth(u8),
    NthWeekday { n: Nth, day: Weekday },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pattern {
    Weekly(WeekdaySet),
    Monthly(MonthlyRule),
}

/// A stream cadence (R-CA-1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Cadence {
    pub pattern: Pattern,
    /// Every N weeks or months, N ≥ 1.
    pub every: u32,
    pub first_cast: Date,
    pub time: TimeOfDay,
    pub recipient_time_zone: bool,
}
