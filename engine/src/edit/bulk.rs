//! Memberships of many people at once: the people table's bulk actions.
//! Each is one edit (one undo step) whatever the number of people; the
//! journal logs the membership rows it changes (one log entry per edit,
//! see [`Journal::extend_memberships`]), never a copy of the audience.
//!
//! The rules are those of the single-person edits in [`super::members`],
//! except that a person the action does not apply to is *skipped* instead
//! of refusing the whole edit: members already (R-ME-1), people who are
//! not members, people already in the target stream or with that cadence.
//! [`Applied::skipped`] lists them (the first [`SKIPPED_LISTED`]) and the
//! description counts them all. Unknown person ids refuse the edit: the
//! list comes from the audience, so an unknown id is a bug or a stale
//! list, not something to skip quietly.
//!
//! Cost: one pass over the people (to check the ids) and one over the
//! memberships (to index the program's members), so 1,000,000 people take
//! about as long as building two hash maps of that size.

use super::error::EditError;
use super::journal::Journal;
use super::lookup::{check_instant, ep_index, ep_label, quoted, stream_label};
use super::{Applied, Skipped, Subject};
use crate::model::{EpId, Membership, PersonCadence, PersonId, Plan, StreamId};
use crate::time::Instant;
use std::collections::{HashMap, HashSet};

/// [`Applied::skipped`] lists at most this many people; the description
/// counts them all. (A million `Skipped` rows would cost hundreds of MB
/// for a list nobody reads to the end.)
pub const SKIPPED_LISTED: usize = 1_000;

/// "1 person", "1,234 people".
pub(crate) fn people_count(n: usize) -> String {
    if n == 1 {
        return "1 person".into();
    }
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3 + 7);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out.push_str(" people");
    out
}

/// The skips of one bulk edit, counted by reason, the first
/// [`SKIPPED_LISTED`] listed.
#[derive(Default)]
struct Skips {
    listed: Vec<Skipped>,
    /// (summary phrase, count), in first-seen order.
    counts: Vec<(&'static str, usize)>,
}

impl Skips {
    /// `summary` is a plural phrase for the description ("already
    /// members"); `reason` the sentence for this person.
    fn skip(
        &mut self,
        person: &PersonId,
        summary: &'static str,
        reason: impl FnOnce() -> String,
        rule: Option<&'static str>,
    ) {
        match self.counts.iter_mut().find(|(s, _)| *s == summary) {
            Some((_, n)) => *n += 1,
            None => self.counts.push((summary, 1)),
        }
        if self.listed.len() < SKIPPED_LISTED {
            self.listed.push(Skipped {
                subject: Subject::Person(person.clone()),
                name: person.as_str().to_owned(),
                reason: reason(),
                rule,
            });
        }
    }

    /// "; skipped 3 already members (R-ME-1), 2 not members".
    fn suffix(&self) -> String {
        if self.counts.is_empty() {
            return String::new();
        }
        let parts: Vec<String> = self.counts.iter().map(|(s, n)| format!("{} {s}", thousands(*n))).collect();
        format!("; skipped {}", parts.join(", "))
    }

    fn finish(self, changed: usize, done: String) -> Applied {
        let description = format!("{done}{}", self.suffix());
        let mut a = if changed > 0 { Applied::done(description) } else { Applied::unchanged(description) };
        a.skipped = self.listed;
        a
    }
}

fn thousands(n: usize) -> String {
    let s = people_count(n);
    s.trim_end_matches(" people").trim_end_matches(" person").to_owned()
}

/// Refuses an empty list or unknown ids (all checked before any change).
fn check_people(plan: &Plan, people: &[PersonId]) -> Result<(), EditError> {
    if people.is_empty() {
        return Err(EditError::invalid("No people chosen: the action needs at least one person"));
    }
    let known: HashSet<&str> = plan.people.iter().map(|p| p.id.as_str()).collect();
    let mut unknown = people.iter().filter(|p| !known.contains(p.as_str()));
    if let Some(first) = unknown.next() {
        let more = unknown.count();
        let tail = if more > 0 { format!(" (and {} more unknown)", thousands(more)) } else { String::new() };
        return Err(EditError::not_found(format!("There is no person with id {}{tail}", quoted(first.as_str()))));
    }
    Ok(())
}

/// Person id → index in `plan.memberships`, for the members of program `program`.
fn members_of<'p>(plan: &'p Plan, program: &EpId) -> HashMap<&'p str, usize> {
    plan.memberships
        .iter()
        .enumerate()
        .filter(|(_, m)| &m.program == program)
        .map(|(i, m)| (m.person.as_str(), i))
        .collect()
}

fn stream_in(plan: &Plan, e: usize, stream: &StreamId) -> Result<usize, EditError> {
    let ep = &plan.engagement_programs[e];
    ep.streams
        .iter()
        .position(|s| &s.id == stream)
        .ok_or_else(|| EditError::not_found(format!("{} has no stream with id {:?}", ep_label(ep), stream.as_str())))
}

fn stream_name(plan: &Plan, e: usize, stream: &StreamId) -> String {
    let ep = &plan.engagement_programs[e];
    ep.streams.iter().find(|s| &s.id == stream).map_or(stream.as_str(), stream_label).to_owned()
}

/// Walks `people` once each: a second listing of a person is skipped.
fn each_once<'a>(people: &'a [PersonId], skips: &mut Skips, mut f: impl FnMut(&'a PersonId, &mut Skips)) {
    let mut seen: HashSet<&str> = HashSet::with_capacity(people.len());
    for p in people {
        if seen.insert(p.as_str()) {
            f(p, skips);
        } else {
            skips.skip(p, "listed twice", || "listed twice; done once".into(), None);
        }
    }
}

pub(super) fn add_members(
    plan: &mut Plan,
    people: &[PersonId],
    program: &EpId,
    stream: &StreamId,
    cadence: PersonCadence,
    now: Instant,
    j: &mut Journal,
) -> Result<Applied, EditError> {
    let e = ep_index(plan, program)?;
    stream_in(plan, e, stream)?;
    check_instant(now, "time of adding")?;
    check_people(plan, people)?;
    let ep_name = ep_label(&plan.engagement_programs[e]).to_owned();
    let to_name = stream_name(plan, e, stream);
    let mut skips = Skips::default();
    let mut rows = Vec::new();
    {
        let members = members_of(plan, program);
        each_once(people, &mut skips, |p, skips| {
            match members.get(p.as_str()) {
                Some(&i) => skips.skip(
                    p,
                    "already members (R-ME-1)",
                    || {
                        format!(
                            "already a member of {ep_name} (in {})",
                            stream_name(plan, e, &plan.memberships[i].stream)
                        )
                    },
                    Some("R-ME-1"),
                ),
                // R-ME-3: considered at casts processed strictly after `now`.
                None => rows.push(Membership {
                    person: p.clone(),
                    program: program.clone(),
                    stream: stream.clone(),
                    cadence,
                    added_at: now,
                }),
            }
        });
    }
    let n = rows.len();
    j.extend_memberships(plan, rows);
    let paused = if cadence == PersonCadence::Paused { " (paused)" } else { "" };
    Ok(skips.finish(n, format!("Added {} to {ep_name} in {to_name}{paused}", people_count(n))))
}

pub(super) fn remove_members(
    plan: &mut Plan,
    people: &[PersonId],
    program: &EpId,
    j: &mut Journal,
) -> Result<Applied, EditError> {
    let e = ep_index(plan, program)?;
    check_people(plan, people)?;
    let ep_name = ep_label(&plan.engagement_programs[e]).to_owned();
    let mut skips = Skips::default();
    let mut leaving: HashSet<&str> = HashSet::new();
    {
        let members = members_of(plan, program);
        each_once(people, &mut skips, |p, skips| {
            if members.contains_key(p.as_str()) {
                leaving.insert(p.as_str());
            } else {
                skips.skip(p, "not members", || format!("not a member of {ep_name}"), None);
            }
        });
    }
    // R-ME-4: consumption and limit counts belong to the person and stay.
    let n = if leaving.is_empty() {
        0
    } else {
        j.remove_memberships(plan, |m| &m.program == program && leaving.contains(m.person.as_str()))
    };
    Ok(skips.finish(n, format!("Removed {} from {ep_name}", people_count(n))))
}

pub(super) fn move_members(
    plan: &mut Plan,
    people: &[PersonId],
    program: &EpId,
    stream: &StreamId,
    j: &mut Journal,
) -> Result<Applied, EditError> {
    let e = ep_index(plan, program)?;
    stream_in(plan, e, stream)?;
    check_people(plan, people)?;
    let ep_name = ep_label(&plan.engagement_programs[e]).to_owned();
    let to_name = stream_name(plan, e, stream);
    let mut skips = Skips::default();
    let mut rows = Vec::new();
    {
        let members = members_of(plan, program);
        each_once(people, &mut skips, |p, skips| {
            match members.get(p.as_str()) {
                None => skips.skip(p, "not members", || format!("not a member of {ep_name}"), None),
                Some(&i) if &plan.memberships[i].stream == stream => {
                    skips.skip(p, "already there", || format!("already in {to_name}"), None)
                }
                // R-TR-3: a move keeps cadence and membership date.
                Some(&i) => rows.push((i, Membership { stream: stream.clone(), ..plan.memberships[i].clone() })),
            }
        });
    }
    let n = rows.len();
    j.set_memberships(plan, rows);
    Ok(skips.finish(n, format!("Moved {} to {to_name} in {ep_name}", people_count(n))))
}

pub(super) fn set_members_cadence(
    plan: &mut Plan,
    people: &[PersonId],
    program: &EpId,
    cadence: PersonCadence,
    j: &mut Journal,
) -> Result<Applied, EditError> {
    let e = ep_index(plan, program)?;
    check_people(plan, people)?;
    let ep_name = ep_label(&plan.engagement_programs[e]).to_owned();
    let (verb, state) = match cadence {
        PersonCadence::Paused => ("Paused", "already paused"),
        PersonCadence::Normal => ("Resumed", "not paused"),
    };
    let mut skips = Skips::default();
    let mut rows = Vec::new();
    {
        let members = members_of(plan, program);
        each_once(people, &mut skips, |p, skips| match members.get(p.as_str()) {
            None => skips.skip(p, "not members", || format!("not a member of {ep_name}"), None),
            Some(&i) if plan.memberships[i].cadence == cadence => {
                skips.skip(p, state, || format!("{state} in {ep_name}"), Some("R-ME-2"))
            }
            Some(&i) => rows.push((i, Membership { cadence, ..plan.memberships[i].clone() })),
        });
    }
    let n = rows.len();
    j.set_memberships(plan, rows);
    Ok(skips.finish(n, format!("{verb} {} in {ep_name}", people_count(n))))
}
