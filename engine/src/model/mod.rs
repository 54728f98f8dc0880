//! The workspace model: what the plan file holds and the app edits.
//!
//! These types are the document, keyed by the user's string ids. The
//! simulator compiles them to dense integer ids before it runs
//! (see `sim::compile`).

mod behavior;
mod condition;
mod content;
mod event;
mod ids;
mod people;
mod plan;

pub use behavior::{Behavior, Multiplier, Probabilities, Reaction};
pub use condition::{AttrOp, AttrValue, Condition};
pub use content::{
    Cadence, ContentItem, ContentProgram, ContentRef, Email, EngagementProgram, MonthlyRule, Nth,
    Pattern, ProgramKind, Stream, TimeOfDay, WeekdaySet,
};
pub use event::{Event, EventKind, PersonPatch};
pub use ids::{ContentId, EpId, PersonId, StreamId};
pub use people::{
    HistoryEntry, Membership, Person, PersonCadence, ProgramHistoryEntry, ProgramStatus,
};
pub use plan::{
    Benchmarks, CommunicationLimits, Plan, SimulationWindow, WeekStart, Workspace, FORMAT_NAME,
    FORMAT_VERSION,
};
