//! The inverse of one applied edit ([`Undo`]) and the journal that builds it
//! while the edit runs.
//!
//! Two kinds of plan parts, two ways to undo them:
//!
//! - **The plan without people** (workspace, emails, programs, engagement
//!   programs, behaviour, events, simulation window) is small: before an
//!   edit first changes a part, the journal keeps a copy of that part
//!   (of one engagement program when the edit stays inside one).
//!   Undo puts the copies back.
//! - **The audience** (memberships, imported history, program history) can
//!   hold a million rows: the journal never copies it whole but logs each
//!   change (a row pushed, a row replaced with its old value, rows removed
//!   with their indices). Undo reverts the log backwards.
//!
//! People themselves are never changed by an edit of this module.
//!
//! Handlers call the journal *before* they change a part; an edit applied
//! without recording (plain [`super::apply`]) uses a journal that records
//! nothing and costs nothing.

use crate::model::{
    Behavior, ContentProgram, Email, EngagementProgram, Event, HistoryEntry, Membership, Plan, ProgramHistoryEntry,
    SimulationWindow, Workspace,
};

/// One change to a large list, logged so it can be reverted.
#[derive(Clone, Debug, PartialEq)]
enum VecChange<T> {
    /// A row was pushed at the end.
    Pushed,
    /// This many rows were pushed at the end (a bulk edit: one entry, not
    /// one per row).
    Extended(usize),
    /// Row `.0` was replaced; `.1` is its old value.
    Set(usize, T),
    /// Several rows replaced: (index, old value), in the order set.
    SetMany(Vec<(usize, T)>),
    /// These rows were removed; their indices are those before the removal,
    /// ascending.
    Removed(Vec<(usize, T)>),
}

fn revert_vec<T>(v: &mut Vec<T>, log: Vec<VecChange<T>>) {
    for change in log.into_iter().rev() {
        match change {
            VecChange::Pushed => {
                v.pop();
            }
            VecChange::Extended(n) => v.truncate(v.len().saturating_sub(n)),
            VecChange::Set(i, old) => {
                if let Some(slot) = v.get_mut(i) {
                    *slot = old;
                }
            }
            VecChange::SetMany(rows) => {
                for (i, old) in rows.into_iter().rev() {
                    if let Some(slot) = v.get_mut(i) {
                        *slot = old;
                    }
                }
            }
            VecChange::Removed(rows) => {
                for (i, row) in rows {
                    let i = i.min(v.len());
                    v.insert(i, row);
                }
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Default)]
enum SavedPrograms {
    #[default]
    Untouched,
    /// Only this engagement program (by index) changed, not the list.
    One(usize, EngagementProgram),
    All(Vec<EngagementProgram>),
}

/// What undoes one applied edit: copies of the small plan parts it changed
/// and a log of its changes to the audience. Apply it with
/// [`Undo::revert`] to the plan exactly as the edit left it.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Undo {
    workspace: Option<Workspace>,
    emails: Option<Vec<Email>>,
    programs: Option<Vec<ContentProgram>>,
    engagement_programs: SavedPrograms,
    behavior: Option<Option<Behavior>>,
    events: Option<Vec<Event>>,
    simulation: Option<Option<SimulationWindow>>,
    memberships: Vec<VecChange<Membership>>,
    history: Vec<VecChange<HistoryEntry>>,
    program_history: Vec<VecChange<ProgramHistoryEntry>>,
}

impl Undo {
    /// Puts the plan back as it was before the edit. The plan must be as the
    /// edit left it (what [`super::History`] guarantees by undoing in
    /// reverse order).
    pub fn revert(self, plan: &mut Plan) {
        if let Some(w) = self.workspace {
            plan.workspace = w;
        }
        if let Some(e) = self.emails {
            plan.emails = e;
        }
        if let Some(p) = self.programs {
            plan.programs = p;
        }
        match self.engagement_programs {
            SavedPrograms::Untouched => {}
            SavedPrograms::One(i, ep) => {
                if let Some(slot) = plan.engagement_programs.get_mut(i) {
                    *slot = ep;
                }
            }
            SavedPrograms::All(eps) => plan.engagement_programs = eps,
        }
        if let Some(b) = self.behavior {
            plan.behavior = b;
        }
        if let Some(e) = self.events {
            plan.events = e;
        }
        if let Some(s) = self.simulation {
            plan.simulation = s;
        }
        revert_vec(&mut plan.memberships, self.memberships);
        revert_vec(&mut plan.history, self.history);
        revert_vec(&mut plan.program_history, self.program_history);
    }

    /// Whether the edit changed nothing.
    pub fn is_empty(&self) -> bool {
        self == &Undo::default()
    }
}

/// Builds an [`Undo`] while an edit runs (or records nothing).
pub(crate) struct Journal {
    recording: bool,
    undo: Undo,
}

impl Journal {
    pub fn recording() -> Journal {
        Journal { recording: true, undo: Undo::default() }
    }

    pub fn off() -> Journal {
        Journal { recording: false, undo: Undo::default() }
    }

    pub fn into_undo(self) -> Undo {
        self.undo
    }

    pub fn workspace(&mut self, plan: &Plan) {
        if self.recording && self.undo.workspace.is_none() {
            self.undo.workspace = Some(plan.workspace.clone());
        }
    }

    pub fn emails(&mut self, plan: &Plan) {
        if self.recording && self.undo.emails.is_none() {
            self.undo.emails = Some(plan.emails.clone());
        }
    }

    pub fn programs(&mut self, plan: &Plan) {
        if self.recording && self.undo.programs.is_none() {
            self.undo.programs = Some(plan.programs.clone());
        }
    }

    /// Before changing engagement program `i` in place.
    pub fn ep(&mut self, plan: &Plan, i: usize) {
        if !self.recording {
            return;
        }
        match &self.undo.engagement_programs {
            SavedPrograms::Untouched => {
                if let Some(ep) = plan.engagement_programs.get(i) {
                    self.undo.engagement_programs = SavedPrograms::One(i, ep.clone());
                }
            }
            SavedPrograms::One(j, _) if *j == i => {}
            SavedPrograms::One(..) => self.eps(plan),
            SavedPrograms::All(_) => {}
        }
    }

    /// Before changing the list of engagement programs, or several of them.
    pub fn eps(&mut self, plan: &Plan) {
        if !self.recording {
            return;
        }
        match std::mem::take(&mut self.undo.engagement_programs) {
            SavedPrograms::Untouched => {
                self.undo.engagement_programs = SavedPrograms::All(plan.engagement_programs.clone());
            }
            SavedPrograms::One(i, original) => {
                // Program i may have changed already: keep its original.
                let mut all = plan.engagement_programs.clone();
                if let Some(slot) = all.get_mut(i) {
                    *slot = original;
                }
                self.undo.engagement_programs = SavedPrograms::All(all);
            }
            all @ SavedPrograms::All(_) => self.undo.engagement_programs = all,
        }
    }

    pub fn behavior(&mut self, plan: &Plan) {
        if self.recording && self.undo.behavior.is_none() {
            self.undo.behavior = Some(plan.behavior.clone());
        }
    }

    pub fn events(&mut self, plan: &Plan) {
        if self.recording && self.undo.events.is_none() {
            self.undo.events = Some(plan.events.clone());
        }
    }

    pub fn simulation(&mut self, plan: &Plan) {
        if self.recording && self.undo.simulation.is_none() {
            self.undo.simulation = Some(plan.simulation);
        }
    }

    pub fn push_membership(&mut self, plan: &mut Plan, m: Membership) {
        plan.memberships.push(m);
        if self.recording {
            self.undo.memberships.push(VecChange::Pushed);
        }
    }

    /// Appends imported send history (one log entry).
    pub fn extend_history(&mut self, plan: &mut Plan, rows: &[HistoryEntry]) {
        extend_logged(&mut plan.history, self.recording.then_some(&mut self.undo.history), rows);
    }

    pub fn extend_program_history(&mut self, plan: &mut Plan, rows: &[ProgramHistoryEntry]) {
        extend_logged(&mut plan.program_history, self.recording.then_some(&mut self.undo.program_history), rows);
    }

    /// Replaces membership `i` (which must exist).
    pub fn set_membership(&mut self, plan: &mut Plan, i: usize, m: Membership) {
        if let Some(slot) = plan.memberships.get_mut(i) {
            let old = std::mem::replace(slot, m);
            if self.recording {
                self.undo.memberships.push(VecChange::Set(i, old));
            }
        }
    }

    /// Appends `rows` (one log entry whatever their number).
    pub fn extend_memberships(&mut self, plan: &mut Plan, rows: Vec<Membership>) {
        let n = rows.len();
        if n == 0 {
            return;
        }
        plan.memberships.extend(rows);
        if self.recording {
            self.undo.memberships.push(VecChange::Extended(n));
        }
    }

    /// Replaces memberships at the given indices (which must exist), as one
    /// log entry holding the old rows (moved out, not copied).
    pub fn set_memberships(&mut self, plan: &mut Plan, rows: Vec<(usize, Membership)>) {
        let mut old = Vec::with_capacity(if self.recording { rows.len() } else { 0 });
        for (i, m) in rows {
            if let Some(slot) = plan.memberships.get_mut(i) {
                let was = std::mem::replace(slot, m);
                if self.recording {
                    old.push((i, was));
                }
            }
        }
        if self.recording && !old.is_empty() {
            self.undo.memberships.push(VecChange::SetMany(old));
        }
    }

    /// Removes the memberships for which `remove` holds; returns how many.
    pub fn remove_memberships(&mut self, plan: &mut Plan, remove: impl FnMut(&Membership) -> bool) -> usize {
        remove_logged(&mut plan.memberships, self.recording.then_some(&mut self.undo.memberships), remove)
    }

    pub fn remove_history(&mut self, plan: &mut Plan, remove: impl FnMut(&HistoryEntry) -> bool) -> usize {
        remove_logged(&mut plan.history, self.recording.then_some(&mut self.undo.history), remove)
    }

    pub fn remove_program_history(
        &mut self,
        plan: &mut Plan,
        remove: impl FnMut(&ProgramHistoryEntry) -> bool,
    ) -> usize {
        remove_logged(&mut plan.program_history, self.recording.then_some(&mut self.undo.program_history), remove)
    }
}

/// Appends `rows`; with a log, records how many (one entry).
fn extend_logged<T: Clone>(v: &mut Vec<T>, log: Option<&mut Vec<VecChange<T>>>, rows: &[T]) {
    if rows.is_empty() {
        return;
    }
    v.extend_from_slice(rows);
    if let Some(log) = log {
        log.push(VecChange::Extended(rows.len()));
    }
}

/// Removes the rows matching `remove`, keeping the others in order; with a
/// log, records the removed rows with their indices (moved, not copied).
fn remove_logged<T>(v: &mut Vec<T>, log: Option<&mut Vec<VecChange<T>>>, mut remove: impl FnMut(&T) -> bool) -> usize {
    match log {
        None => {
            let before = v.len();
            v.retain(|x| !remove(x));
            before - v.len()
        }
        Some(log) => {
            if !v.iter().any(&mut remove) {
                return 0;
            }
            let mut kept = Vec::with_capacity(v.len());
            let mut removed = Vec::new();
            for (i, x) in std::mem::take(v).into_iter().enumerate() {
                if remove(&x) {
                    removed.push((i, x));
                } else {
                    kept.push(x);
                }
            }
            *v = kept;
            let n = removed.len();
            log.push(VecChange::Removed(removed));
            n
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removed_rows_go_back_where_they_were() {
        let original: Vec<u32> = (0..10).collect();
        let mut v = original.clone();
        let mut log = Vec::new();
        assert_eq!(remove_logged(&mut v, Some(&mut log), |x| x % 3 == 0), 4);
        assert_eq!(v, [1, 2, 4, 5, 7, 8]);
        v.push(99);
        log.push(VecChange::Pushed);
        let old = std::mem::replace(&mut v[0], 42);
        log.push(VecChange::Set(0, old));
        v.extend([7, 8, 9]);
        log.push(VecChange::Extended(3));
        let (a, b) = (std::mem::replace(&mut v[1], 50), std::mem::replace(&mut v[1], 51));
        log.push(VecChange::SetMany(vec![(1, a), (1, b)]));
        revert_vec(&mut v, log);
        assert_eq!(v, original);
    }

    #[test]
    fn removing_nothing_logs_nothing() {
        let mut v = vec![1, 2];
        let mut log = Vec::new();
        assert_eq!(remove_logged(&mut v, Some(&mut log), |_| false), 0);
        assert!(log.is_empty());
    }
}
