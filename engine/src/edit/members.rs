//! Memberships: add (R-ME-1), remove (R-ME-4), move between streams of the
//! program, pause and resume (R-ME-2). People themselves are not edited here.

use super::error::EditError;
use super::journal::Journal;
use super::lookup::{check_instant, ep_index, ep_label, quoted, stream_label};
use super::Applied;
use crate::model::{EpId, Membership, PersonCadence, PersonId, Plan, StreamId};
use crate::time::Instant;

/// The index of `stream` in program `e`, or an error naming both.
fn stream_in(plan: &Plan, e: usize, stream: &StreamId) -> Result<usize, EditError> {
    let ep = &plan.engagement_programs[e];
    ep.streams
        .iter()
        .position(|s| &s.id == stream)
        .ok_or_else(|| EditError::not_found(format!("{} has no stream with id {:?}", ep_label(ep), stream.as_str())))
}

fn membership_index(plan: &Plan, person: &PersonId, program: &EpId) -> Option<usize> {
    plan.memberships.iter().position(|m| &m.person == person && &m.program == program)
}

fn not_member(person: &PersonId, ep: &str) -> EditError {
    EditError::not_found(format!("Person {} is not a member of {ep}", quoted(person.as_str())))
}

pub(super) fn add(
    plan: &mut Plan,
    person: &PersonId,
    program: &EpId,
    stream: &StreamId,
    cadence: PersonCadence,
    now: Instant,
    j: &mut Journal,
) -> Result<Applied, EditError> {
    let e = ep_index(plan, program)?;
    let s = stream_in(plan, e, stream)?;
    check_instant(now, "time of adding")?;
    if !plan.people.iter().any(|p| &p.id == person) {
        return Err(EditError::not_found(format!("There is no person with id {:?}", person.as_str())));
    }
    let ep = &plan.engagement_programs[e];
    let ep_name = ep_label(ep).to_owned();
    if let Some(m) = membership_index(plan, person, program).and_then(|i| plan.memberships.get(i)) {
        let current = ep.streams.iter().find(|s| s.id == m.stream).map_or(m.stream.as_str(), stream_label);
        return Ok(Applied::unchanged(format!(
            "{} is already a member of {ep_name} (in {current}); nothing changed. Use Move to change their stream (R-ME-1)",
            person.as_str()
        )));
    }
    let stream_name = stream_label(&ep.streams[s]).to_owned();
    // R-ME-3: considered at casts processed strictly after `now`.
    j.push_membership(
        plan,
        Membership { person: person.clone(), program: program.clone(), stream: stream.clone(), cadence, added_at: now },
    );
    let paused = if cadence == PersonCadence::Paused { " (paused)" } else { "" };
    Ok(Applied::done(format!("Added {} to {ep_name} in {stream_name}{paused}", person.as_str())))
}

pub(super) fn remove(
    plan: &mut Plan,
    person: &PersonId,
    program: &EpId,
    j: &mut Journal,
) -> Result<Applied, EditError> {
    let e = ep_index(plan, program)?;
    let ep_name = ep_label(&plan.engagement_programs[e]).to_owned();
    if membership_index(plan, person, program).is_none() {
        return Err(not_member(person, &ep_name));
    }
    // R-ME-4: consumption and limit counts belong to the person and stay.
    j.remove_memberships(plan, |m| &m.person == person && &m.program == program);
    Ok(Applied::done(format!("Removed {} from {ep_name}", person.as_str())))
}

pub(super) fn move_member(
    plan: &mut Plan,
    person: &PersonId,
    program: &EpId,
    stream: &StreamId,
    j: &mut Journal,
) -> Result<Applied, EditError> {
    let e = ep_index(plan, program)?;
    let s = stream_in(plan, e, stream)?;
    let ep = &plan.engagement_programs[e];
    let ep_name = ep_label(ep).to_owned();
    let Some(i) = membership_index(plan, person, program) else {
        return Err(not_member(person, &ep_name));
    };
    let m = &plan.memberships[i];
    let to_name = stream_label(&ep.streams[s]).to_owned();
    if &m.stream == stream {
        return Ok(Applied::unchanged(format!("{} is already in {to_name}", person.as_str())));
    }
    let from_name = ep.streams.iter().find(|x| x.id == m.stream).map_or(m.stream.as_str(), stream_label).to_owned();
    // R-TR-3: a move keeps cadence and membership date.
    let moved = Membership { stream: stream.clone(), ..m.clone() };
    j.set_membership(plan, i, moved);
    Ok(Applied::done(format!("Moved {} from {from_name} to {to_name} in {ep_name}", person.as_str())))
}

pub(super) fn set_cadence(
    plan: &mut Plan,
    person: &PersonId,
    program: &EpId,
    cadence: PersonCadence,
    j: &mut Journal,
) -> Result<Applied, EditError> {
    let e = ep_index(plan, program)?;
    let ep_name = ep_label(&plan.engagement_programs[e]).to_owned();
    let Some(i) = membership_index(plan, person, program) else {
        return Err(not_member(person, &ep_name));
    };
    let m = &plan.memberships[i];
    let word = if cadence == PersonCadence::Paused { "paused" } else { "not paused" };
    if m.cadence == cadence {
        return Ok(Applied::unchanged(format!("{} is already {word} in {ep_name}", person.as_str())));
    }
    let changed = Membership { cadence, ..m.clone() };
    j.set_membership(plan, i, changed);
    let verb = if cadence == PersonCadence::Paused { "Paused" } else { "Resumed" };
    Ok(Applied::done(format!("{verb} {} in {ep_name}", person.as_str())))
}
