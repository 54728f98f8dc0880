//! Undo and redo.
//!
//! Design: the command pattern with inverse records.
//!
//! - [`History::apply`] applies an edit with [`super::apply_with_undo`] and,
//!   when it changed something, pushes a record: the edit, its `now`, its
//!   description and its [`Undo`]. A new edit clears the redo stack.
//! - [`History::undo`] reverts the newest record's [`Undo`] and moves the
//!   record to the redo stack.
//! - [`History::redo`] **re-applies** the record's edit at its original
//!   `now`. [`super::apply`] is deterministic (same plan, edit and `now`,
//!   same result, generated ids included), and after the undo the plan is
//!   exactly as it was when the edit was first applied, so the redo gives the
//!   same plan; it records a fresh [`Undo`].
//! - Depth: at most `depth` records are kept (default
//!   [`DEFAULT_UNDO_DEPTH`]); the oldest are dropped.
//!
//! Why not whole-plan snapshots: the plan without its audience is small, so
//! an [`Undo`] holds copies of the small parts an edit changed (one
//! engagement program for most editor actions); but a workspace can hold a
//! million people and memberships, so membership edits (and deletions that
//! drop memberships or history rows) log the rows they change instead of
//! copying the audience. A record costs what the edit changed.
//!
//! Contract: every change to the plan goes through the same `History`
//! (undo assumes the plan is as the newer edits left it). A change from
//! outside (an import, a reload, another tab's newer save) must be followed
//! by [`History::clear`].

use super::error::EditError;
use super::journal::Undo;
use super::{apply_with_undo, Applied, Edit};
use crate::model::Plan;
use crate::time::Instant;
use std::collections::VecDeque;

/// How many edits [`History::new`] keeps for undo.
pub const DEFAULT_UNDO_DEPTH: usize = 200;

#[derive(Clone, Debug)]
struct Record {
    edit: Edit,
    now: Instant,
    description: String,
    undo: Undo,
}

/// Undo and redo stacks over one plan (see the module docs).
#[derive(Clone, Debug)]
pub struct History {
    undo: VecDeque<Record>,
    redo: Vec<Record>,
    depth: usize,
}

impl Default for History {
    fn default() -> Self {
        History::new()
    }
}

impl History {
    pub fn new() -> History {
        History::with_depth(DEFAULT_UNDO_DEPTH)
    }

    /// Keeps at most `depth` edits (at least 1).
    pub fn with_depth(depth: usize) -> History {
        History { undo: VecDeque::new(), redo: Vec::new(), depth: depth.max(1) }
    }

    /// Applies `edit` and records it for undo when it changed the plan. On
    /// `Err` neither the plan nor the history changes.
    pub fn apply(&mut self, plan: &mut Plan, edit: Edit, now: Instant) -> Result<Applied, EditError> {
        let (applied, undo) = apply_with_undo(plan, &edit, now)?;
        if applied.changed {
            self.redo.clear();
            self.push(Record { edit, now, description: applied.description.clone(), undo });
        }
        Ok(applied)
    }

    fn push(&mut self, r: Record) {
        self.undo.push_back(r);
        while self.undo.len() > self.depth {
            self.undo.pop_front();
        }
    }

    /// Undoes the newest edit; returns its description ("Moved Welcome
    /// from position 3 to 1 in Early stage"), `None` when there is nothing
    /// to undo.
    pub fn undo(&mut self, plan: &mut Plan) -> Option<String> {
        let mut r = self.undo.pop_back()?;
        std::mem::take(&mut r.undo).revert(plan);
        let d = r.description.clone();
        self.redo.push(r);
        Some(d)
    }

    /// Redoes the newest undone edit. `None` when there is nothing to redo;
    /// `Some(Err)` only when the plan was changed outside this history (the
    /// redo stack is then dropped and the plan is untouched).
    pub fn redo(&mut self, plan: &mut Plan) -> Option<Result<Applied, EditError>> {
        let r = self.redo.pop()?;
        match apply_with_undo(plan, &r.edit, r.now) {
            Ok((applied, undo)) => {
                self.push(Record { undo, description: applied.description.clone(), ..r });
                Some(Ok(applied))
            }
            Err(e) => {
                self.redo.clear();
                Some(Err(e))
            }
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// The description of the edit [`History::undo`] would undo ("Undo
    /// Moved Welcome …" in a menu).
    pub fn undo_description(&self) -> Option<&str> {
        self.undo.back().map(|r| r.description.as_str())
    }

    pub fn redo_description(&self) -> Option<&str> {
        self.redo.last().map(|r| r.description.as_str())
    }

    /// The descriptions that can be undone, newest first.
    pub fn undo_descriptions(&self) -> impl Iterator<Item = &str> {
        self.undo.iter().rev().map(|r| r.description.as_str())
    }

    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    pub fn redo_len(&self) -> usize {
        self.redo.len()
    }

    pub fn depth(&self) -> usize {
        self.depth
    }

    /// Forgets everything (after the plan was replaced from outside).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }
}
