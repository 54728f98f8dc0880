//! The whole workspace document (`.plan.json`).

use super::{
    Behavior, ContentProgram, Email, EngagementProgram, Event, HistoryEntry, Membership, Person,
    ProgramHistoryEntry,
};
use crate::time::Instant;
use chrono_tz::Tz;

pub const FORMAT_NAME: &str = "engagement-plan";
/// The newest plan `version` this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub workspace: Workspace,
    pub emails: Vec<Email>,
    pub programs: Vec<ContentProgram>,
    pub engagement_programs: Vec<EngagementProgram>,
    pub people: Vec<Person>,
    pub memberships: Vec<Membership>,
    pub history: Vec<HistoryEntry>,
    pub program_history: Vec<ProgramHistoryEntry>,
    /// `None`: nobody reacts.
    pub behavior: Option<Behavior>,
    pub events: Vec<Event>,
    /// Required by `simulate` only.
    pub simulation: Option<SimulationWindow>,
}

impl Plan {
    /// An empty workspace in UTC.
    pub fn empty(name: &str) -> Plan {
        Plan {
            workspace: Workspace { name: Some(name.to_owned()), ..Workspace::default() },
            emails: vec![],
            programs: vec![],
            engagement_programs: vec![],
            people: vec![],
            memberships: vec![],
            history: vec![],
            program_history: vec![],
            behavior: None,
            events: vec![],
            simulation: None,
        }
    }
}

/// R-WS-1.
#[derive(Clone, Debug, PartialEq)]
pub struct Workspace {
    pub name: Option<String>,
    pub time_zone: Tz,
    pub week_start: WeekStart,
    pub communication_limits: Option<CommunicationLimits>,
    pub score_benchmarks: Benchmarks,
}

impl Default for Workspace {
    fn default() -> Self {
        Workspace {
            name: None,
            time_zone: Tz::UTC,
            week_start: WeekStart::Sunday,
            communication_limits: None,
            score_benchmarks: Benchmarks::default(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum WeekStart {
    #[default]
    Sunday,
    Monday,
}

/// R-LIM-1. `None` limit: no such limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct CommunicationLimits {
    pub enforced: bool,
    pub per_day: Option<u32>,
    pub per_7_days: Option<u32>,
}

/// R-SC-1 benchmark rates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Benchmarks {
    pub open: f64,
    pub click: f64,
    pub unsubscribe: f64,
    pub success: f64,
}

impl Default for Benchmarks {
    fn default() -> Self {
        Benchmarks { open: 0.20, click: 0.025, unsubscribe: 0.002, success: 0.05 }
    }
}

/// Casts run when their processing instant lies in `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SimulationWindow {
    pub start: Instant,
    pub end: Instant,
}
