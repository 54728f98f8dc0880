//! Scheduled changes (the plan's `events`).

use super::{AttrValue, Cadence, ContentId, ContentItem, EpId, PersonCadence, PersonId, StreamId};
use crate::time::{Date, Instant};
use chrono_tz::Tz;
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub at: Instant,
    pub kind: EventKind,
}

/// Changes to a person; `None` fields are left as they are. The outer
/// `Option` of `email` and `time_zone` says whether the field is set, the
/// inner one whether it is cleared (`null`).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct PersonPatch {
    pub email: Option<Option<String>>,
    pub time_zone: Option<Option<Tz>>,
    pub unsubscribed: Option<bool>,
    pub marketing_suspended: Option<bool>,
    pub email_invalid: Option<bool>,
    /// Merged into the person's attributes.
    pub attributes: BTreeMap<String, AttrValue>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum EventKind {
    AddMember { person: PersonId, program: EpId, stream: StreamId, cadence: PersonCadence },
    RemoveMember { person: PersonId, program: EpId },
    Pause { person: PersonId, program: EpId },
    Resume { person: PersonId, program: EpId },
    Move { person: PersonId, program: EpId, stream: StreamId },
    SetPerson { person: PersonId, patch: PersonPatch },
    AddContent { program: EpId, stream: StreamId, item: ContentItem, to_index: Option<usize> },
    RemoveContent { program: EpId, stream: StreamId, content: ContentId },
    MoveContent { program: EpId, stream: StreamId, content: ContentId, to_index: usize },
    /// `available_*`: outer `None` leaves it, `Some(None)` clears it.
    SetContent {
        program: EpId,
        stream: StreamId,
        content: ContentId,
        active: Option<bool>,
        archived: Option<bool>,
        available_from: Option<Option<Date>>,
        available_through: Option<Option<Date>>,
    },
    SetCadence { program: EpId, stream: StreamId, cadence: Option<Cadence> },
    SetProgramActive { program: EpId, active: bool },
}

impl EventKind {
    /// The plan's `do` word.
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::AddMember { .. } => "add_member",
            EventKind::RemoveMember { .. } => "remove_member",
            EventKind::Pause { .. } => "pause",
            EventKind::Resume { .. } => "resume",
            EventKind::Move { .. } => "move",
            EventKind::SetPerson { .. } => "set_person",
            EventKind::AddContent { .. } => "add_content",
            EventKind::RemoveContent { .. } => "remove_content",
            EventKind::MoveContent { .. } => "move_content",
            EventKind::SetContent { .. } => "set_content",
            EventKind::SetCadence { .. } => "set_cadence",
            EventKind::SetProgramActive { .. } => "set_program_active",
        }
    }
}
