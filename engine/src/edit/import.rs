//! Rows imported from a file (memberships, send history, program history),
//! added to the plan or replacing its rows of that kind, as one undoable
//! edit.
//!
//! The CSV importers of [`crate::audience::import`] read and check a file
//! against the plan and report bad rows by line; this edit puts their rows
//! into the plan. It checks every row again, as the plan loader would
//! (known person, program and stream, R-ME-1, history dates before
//! `simulation.start`), so a valid plan stays valid whatever the caller
//! passes; the error names the row (1-based) and what is wrong.
//!
//! Undo is cheap at any size: appended rows are logged as one truncation
//! point, replaced rows are moved (not copied) into the log.

use super::error::EditError;
use super::journal::Journal;
use super::lookup::check_instant;
use super::Applied;
use crate::model::{HistoryEntry, Membership, Plan, ProgramHistoryEntry};
use std::collections::{HashMap, HashSet};

/// The rows of one import, of one kind.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportedRows {
    Memberships(Vec<Membership>),
    History(Vec<HistoryEntry>),
    ProgramHistory(Vec<ProgramHistoryEntry>),
}

impl ImportedRows {
    pub fn len(&self) -> usize {
        match self {
            ImportedRows::Memberships(r) => r.len(),
            ImportedRows::History(r) => r.len(),
            ImportedRows::ProgramHistory(r) => r.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// "memberships", "send history entries", "program history entries".
    pub fn noun(&self) -> &'static str {
        match self {
            ImportedRows::Memberships(_) => "memberships",
            ImportedRows::History(_) => "send history entries",
            ImportedRows::ProgramHistory(_) => "program history entries",
        }
    }

    fn noun_one(&self) -> &'static str {
        match self {
            ImportedRows::Memberships(_) => "membership",
            ImportedRows::History(_) => "send history entry",
            ImportedRows::ProgramHistory(_) => "program history entry",
        }
    }

    /// The plan's list these rows go into, for sentences ("the memberships").
    fn list_name(&self) -> &'static str {
        match self {
            ImportedRows::Memberships(_) => "memberships",
            ImportedRows::History(_) => "send history",
            ImportedRows::ProgramHistory(_) => "program history",
        }
    }
}

fn row_error(n: usize, message: impl std::fmt::Display) -> EditError {
    EditError::not_found(format!("Imported row {}: {message}", n + 1))
}

/// Checks every row against `plan` (with its rows of that kind gone when
/// `replace`); the first problem is the error.
fn check(plan: &Plan, rows: &ImportedRows, replace: bool) -> Result<(), EditError> {
    let people: HashSet<&str> = plan.people.iter().map(|p| p.id.as_str()).collect();
    let person = |n: usize, id: &str| {
        if people.contains(id) {
            Ok(())
        } else {
            Err(row_error(n, format!("there is no person with id {id:?}")))
        }
    };
    let start = plan.simulation.map(|w| w.start);
    let dated = |n: usize, at: Option<crate::time::Instant>| -> Result<(), EditError> {
        let Some(at) = at else { return Ok(()) };
        check_instant(at, "date").map_err(|e| row_error(n, e.message))?;
        match start {
            Some(s) if at >= s => Err(row_error(n, format!("at {at} is not before simulation.start {s}"))),
            _ => Ok(()),
        }
    };
    match rows {
        ImportedRows::Memberships(rows) => {
            // Stream id → (its program's index).
            let mut streams: HashMap<&str, usize> = HashMap::new();
            let mut eps: HashMap<&str, usize> = HashMap::new();
            for (i, ep) in plan.engagement_programs.iter().enumerate() {
                eps.insert(ep.id.as_str(), i);
                for s in &ep.streams {
                    streams.insert(s.id.as_str(), i);
                }
            }
            let mut members: HashSet<(&str, &str)> = HashSet::new();
            if !replace {
                members.extend(plan.memberships.iter().map(|m| (m.person.as_str(), m.program.as_str())));
            }
            for (n, m) in rows.iter().enumerate() {
                person(n, m.person.as_str())?;
                let Some(&ep) = eps.get(m.program.as_str()) else {
                    return Err(row_error(n, format!("there is no engagement program with id {:?}", m.program.as_str())));
                };
                if streams.get(m.stream.as_str()) != Some(&ep) {
                    return Err(row_error(
                        n,
                        format!("{:?} has no stream with id {:?}", m.program.as_str(), m.stream.as_str()),
                    ));
                }
                check_instant(m.added_at, "time of adding").map_err(|e| row_error(n, e.message))?;
                if !members.insert((m.person.as_str(), m.program.as_str())) {
                    return Err(EditError::rule(
                        "R-ME-1",
                        format!(
                            "Imported row {}: person {:?} is already in {}",
                            n + 1,
                            m.person.as_str(),
                            m.program.as_str()
                        ),
                    ));
                }
            }
        }
        ImportedRows::History(rows) => {
            let emails: HashSet<&str> = plan.emails.iter().map(|e| e.id.as_str()).collect();
            for (n, h) in rows.iter().enumerate() {
                person(n, h.person.as_str())?;
                if !emails.contains(h.email.as_str()) {
                    return Err(row_error(n, format!("there is no email with id {:?}", h.email.as_str())));
                }
                dated(n, h.at)?;
            }
        }
        ImportedRows::ProgramHistory(rows) => {
            let programs: HashSet<&str> = plan.programs.iter().map(|p| p.id.as_str()).collect();
            for (n, h) in rows.iter().enumerate() {
                person(n, h.person.as_str())?;
                if !programs.contains(h.program.as_str()) {
                    return Err(row_error(n, format!("there is no content program with id {:?}", h.program.as_str())));
                }
                dated(n, h.at)?;
            }
        }
    }
    Ok(())
}

/// [`super::Edit::ImportRows`].
pub(super) fn import_rows(
    plan: &mut Plan,
    rows: &ImportedRows,
    replace: bool,
    source: &str,
    j: &mut Journal,
) -> Result<Applied, EditError> {
    check(plan, rows, replace)?;
    let from = if source.trim().is_empty() { String::new() } else { format!(" from {}", source.trim()) };
    let n = rows.len();
    let existing = match rows {
        ImportedRows::Memberships(_) => plan.memberships.len(),
        ImportedRows::History(_) => plan.history.len(),
        ImportedRows::ProgramHistory(_) => plan.program_history.len(),
    };
    if n == 0 && (!replace || existing == 0) {
        return Ok(Applied::unchanged(format!("No {} to import{from}; nothing changed", rows.noun())));
    }
    if replace {
        match rows {
            ImportedRows::Memberships(_) => j.remove_memberships(plan, |_| true),
            ImportedRows::History(_) => j.remove_history(plan, |_| true),
            ImportedRows::ProgramHistory(_) => j.remove_program_history(plan, |_| true),
        };
    }
    match rows {
        ImportedRows::Memberships(r) => j.extend_memberships(plan, r.clone()),
        ImportedRows::History(r) => j.extend_history(plan, r),
        ImportedRows::ProgramHistory(r) => j.extend_program_history(plan, r),
    }
    let count = if n == 1 { format!("1 {}", rows.noun_one()) } else { format!("{} {}", thousands(n), rows.noun()) };
    let description = if replace {
        format!("Replaced the {} with {count}{from}", rows.list_name())
    } else {
        format!("Imported {count}{from}")
    };
    Ok(Applied::done(description))
}

/// `1234567` → "1,234,567".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
