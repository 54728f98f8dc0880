//! People, memberships and imported history.

use super::{AttrValue, ContentId, EpId, PersonId, StreamId};
use crate::time::Instant;
use chrono_tz::Tz;
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq)]
pub struct Person {
    pub id: PersonId,
    /// `None`: no address, so blocked (R-CS-6).
    pub email: Option<String>,
    /// `None`: the workspace zone.
    pub time_zone: Option<Tz>,
    pub unsubscribed: bool,
    pub marketing_suspended: bool,
    pub email_invalid: bool,
    pub attributes: BTreeMap<String, AttrValue>,
}

impl Person {
    pub fn new(id: impl Into<String>) -> Person {
        Person {
            id: PersonId(id.into()),
            email: None,
            time_zone: None,
            unsubscribed: false,
            marketing_suspended: false,
            email_invalid: false,
            attributes: BTreeMap::new(),
        }
    }
}

/// Person cadence, per engagement program (R-ME-2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash)]
pub enum PersonCadence {
    #[default]
    Normal,
    Paused,
}

/// R-ME-1.
#[derive(Clone, Debug, PartialEq)]
pub struct Membership {
    pub person: PersonId,
    pub program: EpId,
    pub stream: StreamId,
    pub cadence: PersonCadence,
    pub added_at: Instant,
}

/// An imported email send (R-DD-1, R-LIM-2, R-CD-3).
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryEntry {
    pub person: PersonId,
    pub email: ContentId,
    /// Undated entries feed conditions and consumption, not limits.
    pub at: Option<Instant>,
    pub engagement: bool,
    pub opened: bool,
    pub clicked: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProgramStatus {
    Member,
    Success,
}

/// An imported content-program membership (R-DD-2).
#[derive(Clone, Debug, PartialEq)]
pub struct ProgramHistoryEntry {
    pub person: PersonId,
    pub program: ContentId,
    pub status: ProgramStatus,
    pub at: Option<Instant>,
}
