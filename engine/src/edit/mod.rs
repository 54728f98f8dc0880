//! The planner's edit model: every change the app makes to a [`Plan`] is an
//! [`Edit`], applied by one pure function, [`apply`].
//!
//! ```text
//!   UI event ──► Edit ──► apply(&mut Plan, &Edit, now) ──► Ok(Applied) / Err(EditError)
//!                              │
//!                              └─ History::apply also records an Undo
//! ```
//!
//! One place for validation, undo/redo, autosave and two-tab sync, in the
//! manner of Yew's `function_todomvc` (state + action + pure transition):
//! the app wraps [`History`] and the plan in a store and only dispatches
//! edits; this module knows nothing of the browser and is tested natively.
//!
//! # Invariants
//!
//! - **Validate, then change.** Every handler checks everything first and
//!   changes the plan only when nothing can fail any more: when [`apply`]
//!   returns `Err`, the plan is exactly as it was.
//! - **Never panic**, whatever the edit: unknown ids and indices past the
//!   end are [`EditError`]s.
//! - **A valid plan stays valid**: applied to a plan the loader accepts, an
//!   edit leaves a plan the loader accepts (ids unique, references known,
//!   R-EP-1, R-EP-3, R-CO-1, R-CO-2, R-CO-6, R-ME-1 …). The tests check it by
//!   saving and reloading after random edit sequences.
//! - **Ids never change.** Renames change names; references are by id.
//! - **`now` is the only clock**: the 25-hour rule (R-CA-10) and `added_at`
//!   of memberships (R-ME-3) use it; the app passes the wall clock, tests a
//!   fixed instant. Applying the same edit to the same plan at the same `now`
//!   gives the same result (generated ids included), which redo relies on.
//!
//! # Indices and positions
//!
//! Indices in edits are 0-based over the full list (archived content
//! included); `to_index` is the index the item has *after* the move.
//! Descriptions speak in 1-based positions ("position 3"). The pure list
//! helpers are in [`mod@reorder`].
//!
//! # Undo
//!
//! See [`History`] and [`Undo`]: an edit's undo record holds copies of the
//! small plan parts it changed (workspace, library, one or all engagement
//! programs, behaviour, events, window) and a log of its changes to the
//! large ones (memberships, history), never a copy of the audience; redo
//! re-applies the edit.

mod bulk;
mod error;
pub mod events;
mod history;
mod import;
mod items;
mod journal;
mod library;
mod lookup;
mod members;
mod programs;
pub mod reorder;
mod settings;
mod usage;

#[cfg(test)]
mod tests;

pub use bulk::SKIPPED_LISTED;
pub use error::{EditError, ErrorKind};
pub use history::{History, DEFAULT_UNDO_DEPTH};
pub use import::ImportedRows;
pub use journal::Undo;
pub use reorder::{reorder, transfer, IndexError, Step};
pub use usage::{usages, usages_of, Place, Target, Usage};

use crate::model::{
    Behavior, Benchmarks, Cadence, CommunicationLimits, Condition, ContentId, EpId, Event, Multiplier, PersonCadence,
    PersonId, Plan, Probabilities, ProgramKind, SimulationWindow, StreamId, WeekStart,
};
use crate::time::{Date, Instant};
use chrono_tz::Tz;
use journal::Journal;

/// The editable fields of an email.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct EmailFields {
    pub name: Option<String>,
    pub subject: Option<String>,
    /// R-CO-2: only an approved email can be active content.
    pub approved: bool,
    /// R-CO-1: an operational email is never content.
    pub operational: bool,
}

/// The editable fields of a content program.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ProgramFields {
    pub name: Option<String>,
    pub kind: ProgramKind,
    /// `None`: everyone passes (R-CS-7).
    pub audience: Option<Condition>,
}

/// What [`Edit::UpdateEmail`] does when the change conflicts with where the
/// email is used: unapproving an email that streams, conditions, behaviour
/// or scheduled events use (R-CO-2), or making operational an email that
/// stands in streams (R-CO-1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OnConflict {
    /// Refuse, listing every place ([`ErrorKind::InUse`]).
    #[default]
    Refuse,
    /// Unapproving: keep every reference, and deactivate it where it is
    /// active (and take `active` out of the scheduled events that would
    /// activate it), the least R-CO-2 needs. Refused for an operational
    /// email, which may not stand in a stream at all.
    Deactivate,
    /// Remove it from those places (conditions are pruned, see
    /// [`usages_of`]). The imported history is never touched by an update.
    Remove,
}

/// One planner action. See the module docs for the conventions.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    // ----- Workspace settings (R-WS-1) -----
    /// Empty or blank clears it.
    SetWorkspaceName {
        name: Option<String>,
    },
    SetTimeZone {
        time_zone: Tz,
    },
    SetWeekStart {
        week_start: WeekStart,
    },
    /// R-LIM-1: each limit ≥ 1. `None`: no limits.
    SetCommunicationLimits {
        limits: Option<CommunicationLimits>,
    },
    /// R-SC-1: each benchmark a finite number > 0.
    SetScoreBenchmarks {
        benchmarks: Benchmarks,
    },
    /// The whole behaviour model; `None`: nobody reacts (R-BH-1).
    SetBehavior {
        behavior: Option<Behavior>,
    },
    /// Creates the behaviour model when there is none.
    SetDefaultProbabilities {
        probabilities: Probabilities,
    },
    /// Per-content override; `None` removes it.
    SetContentProbabilities {
        content: ContentId,
        probabilities: Option<Probabilities>,
    },
    /// `to_index`: `None` appends.
    AddMultiplier {
        multiplier: Multiplier,
        to_index: Option<usize>,
    },
    ReplaceMultiplier {
        index: usize,
        multiplier: Multiplier,
    },
    RemoveMultiplier {
        index: usize,
    },
    MoveMultiplier {
        from: usize,
        to: usize,
    },
    /// R-BH-2.
    SetSeed {
        seed: u64,
    },
    SetSimulationWindow {
        window: Option<SimulationWindow>,
    },

    // ----- Engagement programs -----
    /// A new, inactive program with one stream named "Default stream" (no
    /// cadence). Ids are generated from the name when not given.
    CreateEngagementProgram {
        id: Option<EpId>,
        name: String,
        stream_id: Option<StreamId>,
    },
    RenameEngagementProgram {
        program: EpId,
        name: String,
    },
    /// An inactive copy, placed after the original: streams (new ids), their
    /// cadences, content and transition rules (`in_stream` of the original's
    /// streams pointing to the copies); no members.
    CloneEngagementProgram {
        program: EpId,
        id: Option<EpId>,
        name: Option<String>,
    },
    /// Deletes the program with its memberships. Refused while other places
    /// use it or its streams, unless `remove_usages`.
    DeleteEngagementProgram {
        program: EpId,
        remove_usages: bool,
    },
    /// R-EP-1: at most 100 active.
    SetEngagementProgramActive {
        program: EpId,
        active: bool,
    },
    /// File order of the programs (R-LIM-3).
    MoveEngagementProgram {
        from: usize,
        to: usize,
    },

    // ----- Streams -----
    /// Appended; R-EP-3 (at most 25), R-ST-1 (unique name and id).
    AddStream {
        program: EpId,
        id: Option<StreamId>,
        name: String,
    },
    RenameStream {
        stream: StreamId,
        name: String,
    },
    /// R-ST-2: content with its flags and the transition rules, no cadence,
    /// no members; placed after the original. R-EP-3.
    CloneStream {
        stream: StreamId,
        id: Option<StreamId>,
        name: Option<String>,
    },
    /// R-ST-3 (refused with members), R-EP-3 (not the last stream); refused
    /// while other places use it, unless `remove_usages`.
    DeleteStream {
        stream: StreamId,
        remove_usages: bool,
    },
    /// Stream order within a program (R-TR-2).
    MoveStream {
        program: EpId,
        from: usize,
        to: usize,
    },
    /// R-CA-1, R-CA-4, R-CA-10 (refused), R-CA-3 (warned). `None`: a holding
    /// stream (R-ST-4).
    SetCadence {
        stream: StreamId,
        cadence: Option<Cadence>,
    },
    /// Replaces the stream's rules (R-TR-1); `any`/`not` warned (R-TR-4).
    SetTransitionRules {
        stream: StreamId,
        rules: Vec<Condition>,
    },

    // ----- Content items of a stream -----
    /// From the library: R-CO-1, R-CO-6; the item starts inactive (R-CO-2).
    /// `to_index`: `None` appends.
    AddItem {
        stream: StreamId,
        content: ContentId,
        to_index: Option<usize>,
    },
    /// R-CO-2 (approved emails only), R-CO-4 (not while archived).
    SetItemActive {
        stream: StreamId,
        content: ContentId,
        active: bool,
    },
    /// R-CO-3: inclusive cast dates, `from <= through`.
    SetItemAvailability {
        stream: StreamId,
        content: ContentId,
        from: Option<Date>,
        through: Option<Date>,
    },
    /// R-CO-4: unarchiving brings it back inactive.
    SetItemArchived {
        stream: StreamId,
        content: ContentId,
        archived: bool,
    },
    /// R-CO-5.
    RemoveItem {
        stream: StreamId,
        content: ContentId,
    },
    /// Activates every item that may be active; [`Applied::skipped`] says
    /// which were not and why.
    ActivateAll {
        stream: StreamId,
    },
    /// Reorders within a stream or moves to another stream of the same
    /// program (R-CO-6). `to_index` is the index after the move.
    MoveItem {
        from_stream: StreamId,
        from_index: usize,
        to_stream: StreamId,
        to_index: usize,
    },

    // ----- Content library -----
    CreateEmail {
        id: Option<ContentId>,
        fields: EmailFields,
    },
    /// Ids never change. Unapproving (R-CO-2) or making operational (R-CO-1)
    /// an email that streams use follows `on_conflict`.
    UpdateEmail {
        id: ContentId,
        fields: EmailFields,
        on_conflict: OnConflict,
    },
    CreateContentProgram {
        id: Option<ContentId>,
        fields: ProgramFields,
    },
    UpdateContentProgram {
        id: ContentId,
        fields: ProgramFields,
    },
    /// An email or content program. Refused while used (see [`usages`]),
    /// unless `remove_usages`.
    DeleteContent {
        id: ContentId,
        remove_usages: bool,
    },

    // ----- Memberships -----
    /// R-ME-1: a member already does nothing (and says so); `added_at` is
    /// `now` (R-ME-3).
    AddMember {
        person: PersonId,
        program: EpId,
        stream: StreamId,
        cadence: PersonCadence,
    },
    /// R-ME-4.
    RemoveMember {
        person: PersonId,
        program: EpId,
    },
    /// To another stream of the same program (R-TR-3: keeps cadence and
    /// membership date).
    MoveMember {
        person: PersonId,
        program: EpId,
        stream: StreamId,
    },
    /// Pause / resume (R-ME-2).
    SetMemberCadence {
        person: PersonId,
        program: EpId,
        cadence: PersonCadence,
    },

    // ----- Memberships of many people: one edit, one undo step -----
    // People the action does not apply to are skipped and listed in
    // [`Applied::skipped`]; unknown ids or an empty list refuse the edit.
    /// R-ME-1: members already are skipped; `added_at` is `now` (R-ME-3).
    AddMembers {
        people: Vec<PersonId>,
        program: EpId,
        stream: StreamId,
        cadence: PersonCadence,
    },
    /// R-ME-4; people who are not members are skipped.
    RemoveMembers {
        people: Vec<PersonId>,
        program: EpId,
    },
    /// To another stream of the same program (R-TR-3); not members and
    /// people already in the stream are skipped.
    MoveMembers {
        people: Vec<PersonId>,
        program: EpId,
        stream: StreamId,
    },
    /// Pause / resume (R-ME-2); not members and people already so are
    /// skipped.
    SetMembersCadence {
        people: Vec<PersonId>,
        program: EpId,
        cadence: PersonCadence,
    },

    // ----- Scheduled changes (the plan's events; see [`mod@events`]) -----
    /// Appends events: one change (a segment's pause is one per person).
    /// References, R-CO-1, R-CO-2, R-CO-3, R-CA-10 (at the event's `at`)
    /// and R-EP-1 (by replay) refused; outside the simulation window warned.
    AddEvents {
        events: Vec<Event>,
    },
    /// Removes the events at these indices of the plan's `events` and
    /// appends `events` (editing a change); checked as [`Edit::AddEvents`].
    ReplaceEvents {
        indices: Vec<usize>,
        events: Vec<Event>,
    },
    /// Removes the events at these indices (one change).
    RemoveEvents {
        indices: Vec<usize>,
    },

    // ----- Imported rows (CSV imports) -----
    /// Appends memberships, send history or program history rows, or with
    /// `replace` replaces that list with them; every row is checked as the
    /// loader would (R-ME-1 included). `source` (a file name) is for the
    /// description only.
    ImportRows {
        rows: ImportedRows,
        replace: bool,
        source: String,
    },
}

/// A warning the UI shows with an applied edit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub rule: Option<&'static str>,
    pub message: String,
}

/// What a bulk action left alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Subject {
    /// A content item of a stream ([`Edit::ActivateAll`]).
    Content(ContentId),
    /// A person (the bulk membership edits).
    Person(PersonId),
}

/// An item or person a bulk action left alone, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub subject: Subject,
    /// The item's name (or id), the person's id: for people.
    pub name: String,
    pub reason: String,
    pub rule: Option<&'static str>,
}

/// What an edit created, so the UI can select or focus it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Created {
    EngagementProgram { program: EpId, first_stream: StreamId },
    Stream(StreamId),
    Content(ContentId),
}

/// The outcome of an applied edit.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Applied {
    /// One sentence for the undo menu and the live region, e.g. "Moved
    /// Welcome from position 3 to 1 in Early stage".
    pub description: String,
    /// False when the edit found nothing to change (adding a member twice,
    /// setting a value it already has); [`History`] then records nothing.
    pub changed: bool,
    pub warnings: Vec<Warning>,
    /// For bulk actions: what was left alone.
    pub skipped: Vec<Skipped>,
    pub created: Option<Created>,
}

impl Applied {
    pub(crate) fn done(description: impl Into<String>) -> Applied {
        Applied { description: description.into(), changed: true, ..Applied::default() }
    }

    pub(crate) fn unchanged(description: impl Into<String>) -> Applied {
        Applied { description: description.into(), changed: false, ..Applied::default() }
    }

    pub(crate) fn warn(mut self, rule: Option<&'static str>, message: impl Into<String>) -> Applied {
        self.warnings.push(Warning { rule, message: message.into() });
        self
    }

    pub(crate) fn with_created(mut self, c: Created) -> Applied {
        self.created = Some(c);
        self
    }
}

/// Applies `edit` to `plan` at instant `now` (see the module docs). On
/// `Err` the plan is untouched.
pub fn apply(plan: &mut Plan, edit: &Edit, now: Instant) -> Result<Applied, EditError> {
    run(plan, edit, now, &mut Journal::off())
}

/// [`apply`], also returning what undoes it.
pub fn apply_with_undo(plan: &mut Plan, edit: &Edit, now: Instant) -> Result<(Applied, Undo), EditError> {
    let mut j = Journal::recording();
    let applied = run(plan, edit, now, &mut j)?;
    Ok((applied, j.into_undo()))
}

fn run(plan: &mut Plan, edit: &Edit, now: Instant, j: &mut Journal) -> Result<Applied, EditError> {
    use Edit::*;
    match edit {
        SetWorkspaceName { name } => settings::set_name(plan, name, j),
        SetTimeZone { time_zone } => settings::set_time_zone(plan, *time_zone, j),
        SetWeekStart { week_start } => settings::set_week_start(plan, *week_start, j),
        SetCommunicationLimits { limits } => settings::set_limits(plan, *limits, j),
        SetScoreBenchmarks { benchmarks } => settings::set_benchmarks(plan, *benchmarks, j),
        SetBehavior { behavior } => settings::set_behavior(plan, behavior, j),
        SetDefaultProbabilities { probabilities } => settings::set_default_probabilities(plan, probabilities, j),
        SetContentProbabilities { content, probabilities } => {
            settings::set_content_probabilities(plan, content, probabilities, j)
        }
        AddMultiplier { multiplier, to_index } => settings::add_multiplier(plan, multiplier, *to_index, j),
        ReplaceMultiplier { index, multiplier } => settings::replace_multiplier(plan, *index, multiplier, j),
        RemoveMultiplier { index } => settings::remove_multiplier(plan, *index, j),
        MoveMultiplier { from, to } => settings::move_multiplier(plan, *from, *to, j),
        SetSeed { seed } => settings::set_seed(plan, *seed, j),
        SetSimulationWindow { window } => settings::set_window(plan, *window, j),

        CreateEngagementProgram { id, name, stream_id } => programs::create(plan, id, name, stream_id, j),
        RenameEngagementProgram { program, name } => programs::rename(plan, program, name, j),
        CloneEngagementProgram { program, id, name } => programs::clone_program(plan, program, id, name, j),
        DeleteEngagementProgram { program, remove_usages } => programs::delete(plan, program, *remove_usages, j),
        SetEngagementProgramActive { program, active } => programs::set_active(plan, program, *active, j),
        MoveEngagementProgram { from, to } => programs::move_program(plan, *from, *to, j),

        AddStream { program, id, name } => programs::add_stream(plan, program, id, name, j),
        RenameStream { stream, name } => programs::rename_stream(plan, stream, name, j),
        CloneStream { stream, id, name } => programs::clone_stream(plan, stream, id, name, j),
        DeleteStream { stream, remove_usages } => programs::delete_stream(plan, stream, *remove_usages, j),
        MoveStream { program, from, to } => programs::move_stream(plan, program, *from, *to, j),
        SetCadence { stream, cadence } => programs::set_cadence(plan, stream, cadence, now, j),
        SetTransitionRules { stream, rules } => programs::set_rules(plan, stream, rules, j),

        AddItem { stream, content, to_index } => items::add(plan, stream, content, *to_index, j),
        SetItemActive { stream, content, active } => items::set_active(plan, stream, content, *active, j),
        SetItemAvailability { stream, content, from, through } => {
            items::set_availability(plan, stream, content, *from, *through, j)
        }
        SetItemArchived { stream, content, archived } => items::set_archived(plan, stream, content, *archived, j),
        RemoveItem { stream, content } => items::remove(plan, stream, content, j),
        ActivateAll { stream } => items::activate_all(plan, stream, j),
        MoveItem { from_stream, from_index, to_stream, to_index } => {
            items::move_item(plan, from_stream, *from_index, to_stream, *to_index, j)
        }

        CreateEmail { id, fields } => library::create_email(plan, id, fields, j),
        UpdateEmail { id, fields, on_conflict } => library::update_email(plan, id, fields, *on_conflict, j),
        CreateContentProgram { id, fields } => library::create_program(plan, id, fields, j),
        UpdateContentProgram { id, fields } => library::update_program(plan, id, fields, j),
        DeleteContent { id, remove_usages } => library::delete(plan, id, *remove_usages, j),

        AddMember { person, program, stream, cadence } => members::add(plan, person, program, stream, *cadence, now, j),
        RemoveMember { person, program } => members::remove(plan, person, program, j),
        MoveMember { person, program, stream } => members::move_member(plan, person, program, stream, j),
        SetMemberCadence { person, program, cadence } => members::set_cadence(plan, person, program, *cadence, j),

        AddMembers { people, program, stream, cadence } => {
            bulk::add_members(plan, people, program, stream, *cadence, now, j)
        }
        RemoveMembers { people, program } => bulk::remove_members(plan, people, program, j),
        MoveMembers { people, program, stream } => bulk::move_members(plan, people, program, stream, j),
        SetMembersCadence { people, program, cadence } => bulk::set_members_cadence(plan, people, program, *cadence, j),

        AddEvents { events } => events::add(plan, events, j),
        ReplaceEvents { indices, events } => events::replace(plan, indices, events, j),
        RemoveEvents { indices } => events::remove(plan, indices, j),

        ImportRows { rows, replace, source } => import::import_rows(plan, rows, *replace, source, j),
    }
}
