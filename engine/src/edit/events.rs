//! Scheduled changes: the plan's `events` as undoable edits, checked like
//! the loader checks them, and the views the app's timeline needs
//! ([`scheduled_changes`], [`segment`]).
//!
//! A change a person schedules may be several events: pausing a *segment*
//! of a program's members is one `pause` per person at the same instant.
//! The plan has no grouping field (the format refuses unknown fields), so
//! [`scheduled_changes`] groups them back: `pause` (or `resume`) events of
//! one program at one instant are one change.

use super::error::EditError;
use super::journal::Journal;
use super::lookup::{check_instant, content_label, ep_index, ep_label, find_content, quoted, stream_label, ContentAt};
use super::Applied;
use crate::cadence::{check_25_hour_rule, describe};
use crate::model::{
    AttrValue, Condition, ContentId, ContentRef, EpId, Event, EventKind, Plan, PersonId, ProgramStatus, StreamId,
};
use crate::plan::MAX_ACTIVE_PROGRAMS;
use crate::time::{format_date, Instant};
use chrono_tz::Tz;
use std::collections::{HashMap, HashSet};

/// The stream `stream` of program `program`, as (EP index, stream index).
fn stream_of(plan: &Plan, program: &EpId, stream: &StreamId) -> Result<(usize, usize), EditError> {
    let e = ep_index(plan, program)?;
    let ep = &plan.engagement_programs[e];
    let s = ep.streams.iter().position(|s| &s.id == stream).ok_or_else(|| {
        EditError::not_found(format!("{} has no stream with id {}", ep_label(ep), quoted(stream.as_str())))
    })?;
    Ok((e, s))
}

fn check_person(plan: &Plan, person: &PersonId) -> Result<(), EditError> {
    if plan.people.iter().any(|p| &p.id == person) {
        Ok(())
    } else {
        Err(EditError::not_found(format!("There is no person with id {}", quoted(person.as_str()))))
    }
}

/// R-CO-2 for an email made active by an event.
fn check_activation(plan: &Plan, content: &ContentId) -> Result<(), EditError> {
    if let Some(ContentAt::Email(i)) = find_content(plan, content) {
        if !plan.emails[i].approved {
            return Err(EditError::rule(
                "R-CO-2",
                format!(
                    "Cannot schedule {} to become active: it is an email that is not approved; only an approved email can be active",
                    content_label(plan, content)
                ),
            ));
        }
    }
    Ok(())
}

fn check_library_id(plan: &Plan, content: &ContentId) -> Result<(), EditError> {
    if find_content(plan, content).is_some() {
        Ok(())
    } else {
        Err(EditError::not_found(format!(
            "There is no email or program with id {} in the library",
            quoted(content.as_str())
        )))
    }
}

/// Everything the loader refuses in one event (its references, R-CO-1,
/// R-CO-2, R-CO-3, R-CA-1, R-CA-4, R-CA-10), except R-EP-1, which needs
/// all the events ([`check_activations`]).
fn check_event(plan: &Plan, event: &Event) -> Result<(), EditError> {
    check_instant(event.at, "time of the scheduled change")?;
    match &event.kind {
        EventKind::AddMember { person, program, stream, .. } | EventKind::Move { person, program, stream } => {
            check_person(plan, person)?;
            stream_of(plan, program, stream)?;
        }
        EventKind::RemoveMember { person, program }
        | EventKind::Pause { person, program }
        | EventKind::Resume { person, program } => {
            check_person(plan, person)?;
            ep_index(plan, program)?;
        }
        EventKind::SetPerson { person, patch } => {
            check_person(plan, person)?;
            if patch.attributes.values().any(|v| matches!(v, AttrValue::Num(x) if !x.is_finite())) {
                return Err(EditError::invalid("An attribute set by a scheduled change must be a finite number"));
            }
        }
        EventKind::AddContent { program, stream, item, .. } => {
            stream_of(plan, program, stream)?;
            match (item.content.clone(), find_content(plan, item.content.id())) {
                (ContentRef::Email(id), Some(ContentAt::Email(i))) => {
                    if plan.emails[i].operational {
                        return Err(EditError::rule(
                            "R-CO-1",
                            format!(
                                "Cannot schedule adding {}: it is an operational email, and engagement programs are not for operational emails",
                                content_label(plan, &id)
                            ),
                        ));
                    }
                    if item.active {
                        check_activation(plan, &id)?;
                    }
                }
                (ContentRef::Program(_), Some(ContentAt::Program(_))) => {}
                (r, _) => {
                    let what = if r.is_program() { "program" } else { "email" };
                    return Err(EditError::not_found(format!(
                        "There is no {what} with id {} in the library",
                        quoted(r.id().as_str())
                    )));
                }
            }
            check_dates(item.available_from, item.available_through)?;
        }
        EventKind::RemoveContent { program, stream, content } | EventKind::MoveContent { program, stream, content, .. } => {
            stream_of(plan, program, stream)?;
            check_library_id(plan, content)?;
        }
        EventKind::SetContent { program, stream, content, active, available_from, available_through, .. } => {
            stream_of(plan, program, stream)?;
            check_library_id(plan, content)?;
            if *active == Some(true) {
                check_activation(plan, content)?;
            }
            check_dates(available_from.flatten(), available_through.flatten())?;
        }
        EventKind::SetCadence { program, stream, cadence } => {
            let (e, s) = stream_of(plan, program, stream)?;
            if let Some(c) = cadence {
                super::programs::check_cadence(c)?;
                if let Err(msg) = check_25_hour_rule(c, event.at) {
                    let detail = msg.strip_prefix("R-CA-10: ").unwrap_or(&msg);
                    let label = stream_label(&plan.engagement_programs[e].streams[s]);
                    return Err(EditError::rule(
                        "R-CA-10",
                        format!("Cannot schedule this cadence on {label} at {}: {detail}", event.at.log_format()),
                    ));
                }
            }
        }
        EventKind::SetProgramActive { program, .. } => {
            ep_index(plan, program)?;
        }
    }
    Ok(())
}

/// R-CO-3: inclusive dates, `from <= through`.
fn check_dates(from: Option<crate::time::Date>, through: Option<crate::time::Date>) -> Result<(), EditError> {
    if let (Some(f), Some(t)) = (from, through) {
        if t < f {
            return Err(EditError::rule(
                "R-CO-3",
                format!("The availability ends ({}) before it starts ({})", format_date(t), format_date(f)),
            ));
        }
    }
    Ok(())
}

/// R-EP-1 over `events` as the loader replays them: `set_program_active` in
/// `at` order (ties in list order) from the programs' current state.
fn check_activations(plan: &Plan, events: &[Event]) -> Result<(), EditError> {
    let mut acts: Vec<(Instant, usize, &EpId, bool)> = events
        .iter()
        .enumerate()
        .filter_map(|(i, e)| match &e.kind {
            EventKind::SetProgramActive { program, active } => Some((e.at, i, program, *active)),
            _ => None,
        })
        .collect();
    acts.sort_by_key(|a| (a.0, a.1));
    let mut state: HashMap<&EpId, bool> = plan.engagement_programs.iter().map(|ep| (&ep.id, ep.active)).collect();
    let mut count = state.values().filter(|a| **a).count();
    for (at, _, program, active) in acts {
        let Some(current) = state.get_mut(program) else { continue };
        if active && !*current {
            if count >= MAX_ACTIVE_PROGRAMS {
                return Err(EditError::rule(
                    "R-EP-1",
                    format!(
                        "Cannot switch {} on at {}: more than {MAX_ACTIVE_PROGRAMS} engagement programs would be active",
                        quoted(program.as_str()),
                        at.log_format()
                    ),
                ));
            }
            *current = true;
            count += 1;
        } else if !active && *current {
            *current = false;
            count -= 1;
        }
    }
    Ok(())
}

/// Warnings for changes that are allowed but may not do what one expects:
/// outside the simulation window, or acting on nothing.
fn warnings(plan: &Plan, events: &[Event], mut a: Applied) -> Applied {
    if let Some(w) = plan.simulation {
        let before = events.iter().filter(|e| e.at < w.start).count();
        let after = events.iter().filter(|e| e.at >= w.end).count();
        if before > 0 {
            a = a.warn(
                None,
                format!(
                    "This change is before the simulation window starts ({}): it applies before the first cast",
                    w.start.log_format()
                ),
            );
        }
        if after > 0 {
            a = a.warn(
                None,
                format!(
                    "This change is at or after the simulation window ends ({}): the simulation ignores it",
                    w.end.log_format()
                ),
            );
        }
    }
    let member = |person: &PersonId, program: &EpId| {
        plan.memberships.iter().any(|m| &m.person == person && &m.program == program)
            || plan.events.iter().chain(events).any(|e| {
                matches!(&e.kind, EventKind::AddMember { person: p, program: ep, .. } if p == person && ep == program)
            })
    };
    let idle = events
        .iter()
        .filter(|e| match &e.kind {
            EventKind::Pause { person, program }
            | EventKind::Resume { person, program }
            | EventKind::RemoveMember { person, program }
            | EventKind::Move { person, program, .. } => !member(person, program),
            _ => false,
        })
        .count();
    if idle > 0 {
        a = a.warn(
            Some("R-ME-1"),
            format!("{idle} of the people named are not members of the program: for them the change does nothing"),
        );
    }
    a
}

/// The events at `indices`, checked: in range and without repeats.
fn check_indices(plan: &Plan, indices: &[usize]) -> Result<HashSet<usize>, EditError> {
    let mut set = HashSet::with_capacity(indices.len());
    for &i in indices {
        if i >= plan.events.len() {
            return Err(EditError::out_of_range(format!(
                "There is no scheduled change at index {i} (the plan has {})",
                plan.events.len()
            )));
        }
        if !set.insert(i) {
            return Err(EditError::invalid(format!("Scheduled change {i} is named twice")));
        }
    }
    Ok(set)
}

pub(super) fn add(plan: &mut Plan, events: &[Event], j: &mut Journal) -> Result<Applied, EditError> {
    replace(plan, &[], events, j)
}

pub(super) fn remove(plan: &mut Plan, indices: &[usize], j: &mut Journal) -> Result<Applied, EditError> {
    replace(plan, indices, &[], j)
}

/// Removes the events at `indices` and appends `events`: adding (no
/// indices), removing (no events) and editing a change (both).
pub(super) fn replace(
    plan: &mut Plan,
    indices: &[usize],
    events: &[Event],
    j: &mut Journal,
) -> Result<Applied, EditError> {
    let gone = check_indices(plan, indices)?;
    for e in events {
        check_event(plan, e)?;
    }
    let mut next: Vec<Event> =
        plan.events.iter().enumerate().filter(|(i, _)| !gone.contains(i)).map(|(_, e)| e.clone()).collect();
    next.extend(events.iter().cloned());
    check_activations(plan, &next)?;
    if next == plan.events {
        return Ok(Applied::unchanged("The scheduled changes are unchanged"));
    }
    let tz = plan.workspace.time_zone;
    let old: Vec<Event> = indices.iter().map(|&i| plan.events[i].clone()).collect();
    let description = match (old.is_empty(), events.is_empty()) {
        (true, _) => format!("Scheduled {}", group_label(plan, events, tz)),
        (false, true) => format!("Removed the scheduled change {}", group_label(plan, &old, tz)),
        (false, false) => format!("Changed the scheduled change to {}", group_label(plan, events, tz)),
    };
    let applied = warnings(plan, events, Applied::done(description));
    j.events(plan);
    plan.events = next;
    Ok(applied)
}

// ----- Views for the timeline -----

/// One scheduled change as people see it: one event, or a segment's
/// pauses (or resumes) grouped.
#[derive(Clone, Debug, PartialEq)]
pub struct ScheduledChange {
    pub at: Instant,
    /// Indices into the plan's `events` (what [`super::Edit::RemoveEvents`]
    /// and [`super::Edit::ReplaceEvents`] take), ascending.
    pub indices: Vec<usize>,
    /// The plan's `do` word of its events.
    pub kind: &'static str,
    /// E.g. "pause 12 people in New prospects on Tue 2 Mar 2027 09:00".
    pub label: String,
}

/// The plan's events as changes, in time order (ties in list order), a
/// program's `pause`/`resume` events at one instant grouped into one.
pub fn scheduled_changes(plan: &Plan) -> Vec<ScheduledChange> {
    let mut order: Vec<usize> = (0..plan.events.len()).collect();
    order.sort_by_key(|&i| (plan.events[i].at, i));
    let group_key = |e: &Event| match &e.kind {
        EventKind::Pause { program, .. } => Some((e.at, true, program.clone())),
        EventKind::Resume { program, .. } => Some((e.at, false, program.clone())),
        _ => None,
    };
    let mut out: Vec<ScheduledChange> = Vec::new();
    let mut groups: HashMap<(Instant, bool, EpId), usize> = HashMap::new();
    for i in order {
        let e = &plan.events[i];
        match group_key(e) {
            Some(k) => match groups.get(&k) {
                Some(&g) => out[g].indices.push(i),
                None => {
                    groups.insert(k, out.len());
                    out.push(ScheduledChange { at: e.at, indices: vec![i], kind: e.kind.name(), label: String::new() });
                }
            },
            None => out.push(ScheduledChange { at: e.at, indices: vec![i], kind: e.kind.name(), label: String::new() }),
        }
    }
    let tz = plan.workspace.time_zone;
    for c in &mut out {
        c.indices.sort_unstable();
        let events: Vec<Event> = c.indices.iter().map(|&i| plan.events[i].clone()).collect();
        c.label = group_label(plan, &events, tz);
    }
    out
}

fn ep_name(plan: &Plan, id: &EpId) -> String {
    plan.engagement_programs.iter().find(|ep| &ep.id == id).map_or_else(|| id.as_str().to_owned(), |ep| ep_label(ep).to_owned())
}

fn stream_name(plan: &Plan, id: &StreamId) -> String {
    plan.engagement_programs
        .iter()
        .flat_map(|ep| &ep.streams)
        .find(|s| &s.id == id)
        .map_or_else(|| id.as_str().to_owned(), |s| stream_label(s).to_owned())
}

/// `Tue 2 Mar 2027 09:00` in the workspace zone.
pub fn when(at: Instant, tz: Tz) -> String {
    use chrono::TimeZone;
    tz.from_utc_datetime(&at.to_naive_utc()).format("%a %-d %b %Y %H:%M").to_string()
}

/// What one change does, in words, e.g. "pause 12 people in New prospects
/// on Tue 2 Mar 2027 09:00".
pub fn group_label(plan: &Plan, events: &[Event], tz: Tz) -> String {
    let Some(first) = events.first() else { return "nothing".to_owned() };
    let on = format!("on {}", when(first.at, tz));
    let people = |n: usize| if n == 1 { "1 person".to_owned() } else { format!("{n} people") };
    let what = match &first.kind {
        EventKind::Pause { program, person } | EventKind::Resume { program, person } => {
            let verb = if matches!(first.kind, EventKind::Pause { .. }) { "pause" } else { "resume" };
            let who = if events.len() == 1 { person.as_str().to_owned() } else { people(events.len()) };
            format!("{verb} {who} in {}", ep_name(plan, program))
        }
        EventKind::AddMember { person, program, stream, .. } => {
            format!("add {} to {} in {}", person.as_str(), ep_name(plan, program), stream_name(plan, stream))
        }
        EventKind::RemoveMember { person, program } => {
            format!("remove {} from {}", person.as_str(), ep_name(plan, program))
        }
        EventKind::Move { person, program, stream } => {
            format!("move {} to {} in {}", person.as_str(), stream_name(plan, stream), ep_name(plan, program))
        }
        EventKind::SetPerson { person, .. } => format!("change person {}", person.as_str()),
        EventKind::AddContent { stream, item, to_index, .. } => {
            let place = to_index.map_or_else(|| "at the end".to_owned(), |i| format!("at position {}", i + 1));
            format!(
                "add {} to {} {place}{}",
                content_label(plan, item.content.id()),
                stream_name(plan, stream),
                if item.active { " (active)" } else { "" }
            )
        }
        EventKind::RemoveContent { stream, content, .. } => {
            format!("remove {} from {}", content_label(plan, content), stream_name(plan, stream))
        }
        EventKind::MoveContent { stream, content, to_index, .. } => format!(
            "move {} to position {} in {}",
            content_label(plan, content),
            to_index + 1,
            stream_name(plan, stream)
        ),
        EventKind::SetContent { stream, content, active, archived, .. } => {
            let mut parts = Vec::new();
            if let Some(a) = active {
                parts.push(if *a { "activate" } else { "deactivate" });
            }
            if let Some(a) = archived {
                parts.push(if *a { "archive" } else { "unarchive" });
            }
            if parts.is_empty() {
                parts.push("change the availability of");
            }
            format!("{} {} in {}", parts.join(" and "), content_label(plan, content), stream_name(plan, stream))
        }
        EventKind::SetCadence { stream, cadence, .. } => match cadence {
            Some(c) => format!("set the cadence of {} to {}", stream_name(plan, stream), describe(c)),
            None => format!("remove the cadence of {} (a holding stream)", stream_name(plan, stream)),
        },
        EventKind::SetProgramActive { program, active } => {
            format!("switch {} {}", ep_name(plan, program), if *active { "on" } else { "off" })
        }
    };
    format!("{what} {on}")
}

// ----- Segments -----

/// The members of `program` (in any stream) who match `condition` now, by
/// the plan's data: attributes, imported history and program history,
/// memberships (`in_stream`), `unsubscribed`. `None` matches every member.
///
/// `exhausted` is refused: it depends on the simulation, not on the plan.
pub fn segment(plan: &Plan, program: &EpId, condition: Option<&Condition>) -> Result<Vec<PersonId>, EditError> {
    ep_index(plan, program)?;
    if let Some(c) = condition {
        super::lookup::check_condition(plan, c)?;
        let mut exhausted = false;
        c.visit(&mut |x| exhausted |= matches!(x, Condition::Exhausted(_)));
        if exhausted {
            return Err(EditError::invalid(
                "A segment cannot test \u{201c}exhausted\u{201d}: whether someone has run out of content depends on the simulation, not on the plan",
            ));
        }
    }
    let people: HashMap<&PersonId, usize> = plan.people.iter().enumerate().map(|(i, p)| (&p.id, i)).collect();
    let mut sent: HashMap<&PersonId, Vec<usize>> = HashMap::new();
    for (i, h) in plan.history.iter().enumerate() {
        sent.entry(&h.person).or_default().push(i);
    }
    let mut programs: HashMap<&PersonId, Vec<usize>> = HashMap::new();
    for (i, h) in plan.program_history.iter().enumerate() {
        programs.entry(&h.person).or_default().push(i);
    }
    let mut streams: HashMap<&PersonId, Vec<&StreamId>> = HashMap::new();
    for m in &plan.memberships {
        streams.entry(&m.person).or_default().push(&m.stream);
    }
    let ctx = Ctx { plan, sent, programs, streams };
    let mut out = Vec::new();
    for m in plan.memberships.iter().filter(|m| &m.program == program) {
        let Some(&p) = people.get(&m.person) else { continue };
        if condition.is_none_or(|c| ctx.holds(c, p)) {
            out.push(m.person.clone());
        }
    }
    Ok(out)
}

struct Ctx<'p> {
    plan: &'p Plan,
    sent: HashMap<&'p PersonId, Vec<usize>>,
    programs: HashMap<&'p PersonId, Vec<usize>>,
    streams: HashMap<&'p PersonId, Vec<&'p StreamId>>,
}

impl Ctx<'_> {
    fn holds(&self, c: &Condition, p: usize) -> bool {
        let person = &self.plan.people[p];
        let history = || self.sent.get(&person.id).into_iter().flatten().map(|&i| &self.plan.history[i]);
        let programs = || self.programs.get(&person.id).into_iter().flatten().map(|&i| &self.plan.program_history[i]);
        match c {
            Condition::All(cs) => cs.iter().all(|x| self.holds(x, p)),
            Condition::Any(cs) => cs.iter().any(|x| self.holds(x, p)),
            Condition::Not(x) => !self.holds(x, p),
            Condition::Attr { name, op } => op.holds(person.attributes.get(name)),
            Condition::Received(id) => history().any(|h| &h.email == id),
            // R-CD-3: a history click implies an open.
            Condition::Opened(id) => history().any(|h| &h.email == id && (h.opened || h.clicked)),
            Condition::Clicked(id) => history().any(|h| &h.email == id && h.clicked),
            Condition::ProgramMember(id) => programs().any(|h| &h.program == id),
            Condition::ProgramSuccess(id) => programs().any(|h| &h.program == id && h.status == ProgramStatus::Success),
            Condition::InStream(s) => self.streams.get(&person.id).is_some_and(|v| v.contains(&s)),
            Condition::Unsubscribed(b) => person.unsubscribed == *b,
            Condition::Exhausted(_) => false,
        }
    }
}

/// One `pause` (or `resume`) event per person of `people` at `at` in
/// `program`: a segment's change, for [`super::Edit::AddEvents`].
pub fn pause_events(people: &[PersonId], program: &EpId, at: Instant, pause: bool) -> Vec<Event> {
    people
        .iter()
        .map(|person| Event {
            at,
            kind: if pause {
                EventKind::Pause { person: person.clone(), program: program.clone() }
            } else {
                EventKind::Resume { person: person.clone(), program: program.clone() }
            },
        })
        .collect()
}
