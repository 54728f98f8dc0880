//! Engagement programs and streams: create, rename, clone, delete, activate,
//! order; stream cadences and transition rules.

use super::error::EditError;
use super::journal::Journal;
use super::lookup::{
    check_condition, check_date, check_given_id, check_stream_name_free, content_or_ep_id_taken, ep_index, ep_label,
    free_stream_name, fresh_id, pos, quoted, required_name, stream_id_taken, stream_label, stream_pos,
};
use super::reorder::reorder;
use super::usage::{in_use_error, resolve, usages_of, Resolve, Scope, Target};
use super::{Applied, Created};
use crate::cadence::{check_25_hour_rule, describe, first_cast_is_extra};
use crate::model::{
    Cadence, Condition, EngagementProgram, EpId, EventKind, MonthlyRule, Pattern, Plan, Stream, StreamId,
};
use crate::plan::{MAX_ACTIVE_PROGRAMS, MAX_STREAMS};
use crate::time::Instant;
use std::collections::{HashMap, HashSet};

const DEFAULT_STREAM_NAME: &str = "Default stream";

fn new_stream(id: StreamId, name: String) -> Stream {
    Stream { id, name: Some(name), cadence: None, content: vec![], transition_rules: vec![] }
}

/// A given id checked against `taken`, or a fresh one.
fn ep_id_for(plan: &Plan, given: &Option<EpId>, name: &str) -> Result<EpId, EditError> {
    match given {
        Some(id) => {
            check_given_id(id.as_str(), "engagement program")?;
            if content_or_ep_id_taken(plan, id.as_str()) {
                return Err(EditError::invalid(format!(
                    "The id {} is already used by an engagement program or a library item",
                    quoted(id.as_str())
                )));
            }
            Ok(id.clone())
        }
        None => Ok(EpId::new(fresh_id("ep", name, |c| content_or_ep_id_taken(plan, c)))),
    }
}

fn stream_id_for(
    plan: &Plan,
    given: &Option<StreamId>,
    seed: &str,
    also_taken: &HashSet<String>,
) -> Result<StreamId, EditError> {
    match given {
        Some(id) => {
            check_given_id(id.as_str(), "stream")?;
            if stream_id_taken(plan, id.as_str()) || also_taken.contains(id.as_str()) {
                return Err(EditError::rule(
                    "R-ST-1",
                    format!(
                        "The stream id {} is already used; stream ids are unique in the workspace",
                        quoted(id.as_str())
                    ),
                ));
            }
            Ok(id.clone())
        }
        None => Ok(StreamId::new(fresh_id("s", seed, |c| stream_id_taken(plan, c) || also_taken.contains(c)))),
    }
}

pub(super) fn create(
    plan: &mut Plan,
    id: &Option<EpId>,
    name: &str,
    stream_id: &Option<StreamId>,
    j: &mut Journal,
) -> Result<Applied, EditError> {
    let name = required_name(name, "engagement program")?;
    let id = ep_id_for(plan, id, &name)?;
    let sid = stream_id_for(plan, stream_id, &format!("{name} default"), &HashSet::new())?;
    j.eps(plan);
    plan.engagement_programs.push(EngagementProgram {
        id: id.clone(),
        name: Some(name.clone()),
        active: false,
        streams: vec![new_stream(sid.clone(), DEFAULT_STREAM_NAME.to_owned())],
    });
    Ok(Applied::done(format!("Created engagement program {name}"))
        .with_created(Created::EngagementProgram { program: id, first_stream: sid }))
}

pub(super) fn rename(plan: &mut Plan, program: &EpId, name: &str, j: &mut Journal) -> Result<Applied, EditError> {
    let i = ep_index(plan, program)?;
    let name = required_name(name, "engagement program")?;
    let ep = &plan.engagement_programs[i];
    let old = ep_label(ep).to_owned();
    if ep.name.as_deref() == Some(name.as_str()) {
        return Ok(Applied::unchanged(format!("{old} keeps its name")));
    }
    j.ep(plan, i);
    plan.engagement_programs[i].name = Some(name.clone());
    Ok(Applied::done(format!("Renamed engagement program {old} to {name}")))
}

/// `base copy`, `base copy 2`, … not used by another engagement program.
fn free_program_name(plan: &Plan, base: &str) -> String {
    let taken = |n: &str| plan.engagement_programs.iter().any(|ep| ep.name.as_deref() == Some(n));
    let first = format!("{base} copy");
    if !taken(&first) {
        return first;
    }
    (2..).map(|k| format!("{base} copy {k}")).find(|n| !taken(n)).unwrap_or(first)
}

fn remap_streams(c: &Condition, map: &HashMap<StreamId, StreamId>) -> Condition {
    match c {
        Condition::All(cs) => Condition::All(cs.iter().map(|x| remap_streams(x, map)).collect()),
        Condition::Any(cs) => Condition::Any(cs.iter().map(|x| remap_streams(x, map)).collect()),
        Condition::Not(x) => Condition::Not(Box::new(remap_streams(x, map))),
        Condition::InStream(s) => Condition::InStream(map.get(s).cloned().unwrap_or_else(|| s.clone())),
        other => other.clone(),
    }
}

pub(super) fn clone_program(
    plan: &mut Plan,
    program: &EpId,
    id: &Option<EpId>,
    name: &Option<String>,
    j: &mut Journal,
) -> Result<Applied, EditError> {
    let i = ep_index(plan, program)?;
    let src = &plan.engagement_programs[i];
    let name = match name {
        Some(n) => required_name(n, "engagement program")?,
        None => free_program_name(plan, ep_label(src)),
    };
    let new_id = ep_id_for(plan, id, &name)?;
    let mut taken = HashSet::new();
    let mut map = HashMap::new();
    for s in &src.streams {
        let sid = stream_id_for(plan, &None, &format!("{name} {}", stream_label(s)), &taken)?;
        taken.insert(sid.as_str().to_owned());
        map.insert(s.id.clone(), sid);
    }
    let streams: Vec<Stream> = src
        .streams
        .iter()
        .map(|s| Stream {
            id: map.get(&s.id).cloned().unwrap_or_else(|| s.id.clone()),
            name: s.name.clone(),
            cadence: s.cadence,
            content: s.content.clone(),
            transition_rules: s.transition_rules.iter().map(|r| remap_streams(r, &map)).collect(),
        })
        .collect();
    let first_stream = streams.first().map(|s| s.id.clone()).unwrap_or_else(|| StreamId::new(""));
    let src_label = ep_label(src).to_owned();
    let copy = EngagementProgram { id: new_id.clone(), name: Some(name.clone()), active: false, streams };
    j.eps(plan);
    plan.engagement_programs.insert(i + 1, copy);
    Ok(Applied::done(format!("Cloned engagement program {src_label} as {name} (inactive, no members)"))
        .with_created(Created::EngagementProgram { program: new_id, first_stream }))
}

pub(super) fn delete(
    plan: &mut Plan,
    program: &EpId,
    remove_usages: bool,
    j: &mut Journal,
) -> Result<Applied, EditError> {
    let i = ep_index(plan, program)?;
    let label = ep_label(&plan.engagement_programs[i]).to_owned();
    let target = Target::EngagementProgram(program.clone());
    let used = usages_of(plan, &target);
    if !used.is_empty() && !remove_usages {
        return Err(in_use_error(
            &format!("delete engagement program {}", quoted(&label)),
            used,
            "Remove it from those places too, or cancel.",
            None,
        ));
    }
    let places = resolve(plan, &target, Scope::Everywhere, Resolve::Remove, j);
    j.eps(plan);
    plan.engagement_programs.remove(i);
    let members = j.remove_memberships(plan, |m| &m.program == program);
    let mut desc = format!("Deleted engagement program {label}");
    if members > 0 {
        desc.push_str(&format!(" and its {members} {}", if members == 1 { "membership" } else { "memberships" }));
    }
    if places > 0 {
        desc.push_str(&format!("; removed it from {places} {}", if places == 1 { "place" } else { "places" }));
    }
    Ok(Applied::done(desc))
}

/// R-EP-1 against the scheduled `set_program_active` events, replayed as the
/// loader does (by `at`, ties in file order) from the plan with `program`
/// active: the first event that would activate a 101st, if any.
fn replay_violation(plan: &Plan, program: &EpId) -> Option<usize> {
    let mut state: HashMap<&EpId, bool> =
        plan.engagement_programs.iter().map(|ep| (&ep.id, ep.active || &ep.id == program)).collect();
    let mut count = state.values().filter(|a| **a).count();
    let mut acts: Vec<(Instant, usize, &EpId, bool)> = plan
        .events
        .iter()
        .enumerate()
        .filter_map(|(k, e)| match &e.kind {
            EventKind::SetProgramActive { program, active } => Some((e.at, k, program, *active)),
            _ => None,
        })
        .collect();
    acts.sort_by_key(|a| (a.0, a.1));
    for (_, k, p, active) in acts {
        let Some(cur) = state.get_mut(p) else { continue };
        if active && !*cur {
            if count >= MAX_ACTIVE_PROGRAMS {
                return Some(k);
            }
            *cur = true;
            count += 1;
        } else if !active && *cur {
            *cur = false;
            count -= 1;
        }
    }
    None
}

pub(super) fn set_active(plan: &mut Plan, program: &EpId, active: bool, j: &mut Journal) -> Result<Applied, EditError> {
    let i = ep_index(plan, program)?;
    let ep = &plan.engagement_programs[i];
    let label = ep_label(ep).to_owned();
    if ep.active == active {
        return Ok(Applied::unchanged(format!("{label} is already {}", if active { "active" } else { "inactive" })));
    }
    if active {
        let others = plan.engagement_programs.iter().filter(|e| e.active).count();
        if others >= MAX_ACTIVE_PROGRAMS {
            return Err(EditError::rule(
                "R-EP-1",
                format!(
                    "Cannot activate a {} engagement program: at most {MAX_ACTIVE_PROGRAMS} may be active at once",
                    ordinal(others + 1)
                ),
            ));
        }
        if let Some(k) = replay_violation(plan, program) {
            let e = &plan.events[k];
            return Err(EditError::rule(
                "R-EP-1",
                format!(
                    "Cannot activate {label}: {} would then make more than {MAX_ACTIVE_PROGRAMS} engagement programs active",
                    super::usage::event_label(k, e)
                ),
            ));
        }
    }
    j.ep(plan, i);
    plan.engagement_programs[i].active = active;
    Ok(Applied::done(format!("{} {label}", if active { "Activated" } else { "Deactivated" })))
}

fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

pub(super) fn move_program(plan: &mut Plan, from: usize, to: usize, j: &mut Journal) -> Result<Applied, EditError> {
    let n = plan.engagement_programs.len();
    for k in [from, to] {
        if k >= n {
            return Err(EditError::out_of_range(format!(
                "There is no engagement program at position {} (there are {n})",
                pos(k)
            )));
        }
    }
    let label = ep_label(&plan.engagement_programs[from]).to_owned();
    if from == to {
        return Ok(Applied::unchanged(format!("{label} stays at position {}", pos(from))));
    }
    j.eps(plan);
    reorder(&mut plan.engagement_programs, from, to).map_err(|e| EditError::out_of_range(e.to_string()))?;
    Ok(Applied::done(format!("Moved engagement program {label} from position {} to {}", pos(from), pos(to))))
}

fn too_many_streams(ep: &EngagementProgram) -> EditError {
    EditError::rule(
        "R-EP-3",
        format!(
            "Cannot add a {} stream to {}: an engagement program has at most {MAX_STREAMS} streams",
            ordinal(ep.streams.len() + 1),
            ep_label(ep)
        ),
    )
}

pub(super) fn add_stream(
    plan: &mut Plan,
    program: &EpId,
    id: &Option<StreamId>,
    name: &str,
    j: &mut Journal,
) -> Result<Applied, EditError> {
    let i = ep_index(plan, program)?;
    let name = required_name(name, "stream")?;
    let ep = &plan.engagement_programs[i];
    if ep.streams.len() >= MAX_STREAMS {
        return Err(too_many_streams(ep));
    }
    check_stream_name_free(ep, &name, None)?;
    let sid = stream_id_for(plan, id, &format!("{} {name}", ep_label(ep)), &HashSet::new())?;
    let label = ep_label(ep).to_owned();
    j.ep(plan, i);
    plan.engagement_programs[i].streams.push(new_stream(sid.clone(), name.clone()));
    Ok(Applied::done(format!("Added stream {name} to {label}")).with_created(Created::Stream(sid)))
}

pub(super) fn rename_stream(
    plan: &mut Plan,
    stream: &StreamId,
    name: &str,
    j: &mut Journal,
) -> Result<Applied, EditError> {
    let (e, s) = stream_pos(plan, stream)?;
    let name = required_name(name, "stream")?;
    let ep = &plan.engagement_programs[e];
    let old = stream_label(&ep.streams[s]).to_owned();
    if ep.streams[s].name.as_deref() == Some(name.as_str()) {
        return Ok(Applied::unchanged(format!("Stream {old} keeps its name")));
    }
    check_stream_name_free(ep, &name, Some(s))?;
    j.ep(plan, e);
    plan.engagement_programs[e].streams[s].name = Some(name.clone());
    Ok(Applied::done(format!("Renamed stream {old} to {name}")))
}

pub(super) fn clone_stream(
    plan: &mut Plan,
    stream: &StreamId,
    id: &Option<StreamId>,
    name: &Option<String>,
    j: &mut Journal,
) -> Result<Applied, EditError> {
    let (e, s) = stream_pos(plan, stream)?;
    let ep = &plan.engagement_programs[e];
    if ep.streams.len() >= MAX_STREAMS {
        return Err(too_many_streams(ep));
    }
    let src = &ep.streams[s];
    let src_label = stream_label(src).to_owned();
    let name = match name {
        Some(n) => {
            let n = required_name(n, "stream")?;
            check_stream_name_free(ep, &n, None)?;
            n
        }
        None => free_stream_name(ep, &format!("{src_label} copy")),
    };
    let sid = stream_id_for(plan, id, &format!("{} {name}", ep_label(ep)), &HashSet::new())?;
    // R-ST-2: content with its flags and the rules; no cadence, no members.
    let copy = Stream {
        id: sid.clone(),
        name: Some(name.clone()),
        cadence: None,
        content: src.content.clone(),
        transition_rules: src.transition_rules.clone(),
    };
    let has_rules = !copy.transition_rules.is_empty();
    j.ep(plan, e);
    plan.engagement_programs[e].streams.insert(s + 1, copy);
    let mut applied = Applied::done(format!("Cloned stream {src_label} as {name} (no cadence, no members)"))
        .with_created(Created::Stream(sid));
    if has_rules {
        applied = applied.warn(
            Some("R-TR-2"),
            format!(
                "{name} has the same transition rules as {src_label}, which comes first in stream order: \
                 they pull people into {src_label}, not into {name}, until you change them"
            ),
        );
    }
    Ok(applied)
}

pub(super) fn delete_stream(
    plan: &mut Plan,
    stream: &StreamId,
    remove_usages: bool,
    j: &mut Journal,
) -> Result<Applied, EditError> {
    let (e, s) = stream_pos(plan, stream)?;
    let ep = &plan.engagement_programs[e];
    let label = stream_label(&ep.streams[s]).to_owned();
    let ep_name = ep_label(ep).to_owned();
    if ep.streams.len() <= 1 {
        return Err(EditError::rule(
            "R-EP-3",
            format!("Cannot delete {label}: it is the last stream of {ep_name}, and an engagement program has at least one stream"),
        ));
    }
    let members = plan.memberships.iter().filter(|m| &m.stream == stream).count();
    if members > 0 {
        return Err(EditError::rule(
            "R-ST-3",
            format!(
                "Cannot delete stream {label}: it still has {members} {}; move {} out first",
                if members == 1 { "member" } else { "members" },
                if members == 1 { "that person" } else { "those people" }
            ),
        ));
    }
    let target = Target::Stream(stream.clone());
    let used = usages_of(plan, &target);
    if !used.is_empty() && !remove_usages {
        return Err(in_use_error(
            &format!("delete stream {}", quoted(&label)),
            used,
            "Remove it from those places too, or cancel.",
            None,
        ));
    }
    let places = resolve(plan, &target, Scope::Everywhere, Resolve::Remove, j);
    j.ep(plan, e);
    plan.engagement_programs[e].streams.remove(s);
    let mut desc = format!("Deleted stream {label} from {ep_name}");
    if places > 0 {
        desc.push_str(&format!("; removed it from {places} {}", if places == 1 { "place" } else { "places" }));
    }
    Ok(Applied::done(desc))
}

pub(super) fn move_stream(
    plan: &mut Plan,
    program: &EpId,
    from: usize,
    to: usize,
    j: &mut Journal,
) -> Result<Applied, EditError> {
    let i = ep_index(plan, program)?;
    let ep = &plan.engagement_programs[i];
    let n = ep.streams.len();
    for k in [from, to] {
        if k >= n {
            return Err(EditError::out_of_range(format!(
                "{} has no stream at position {} (it has {n})",
                ep_label(ep),
                pos(k)
            )));
        }
    }
    let label = stream_label(&ep.streams[from]).to_owned();
    if from == to {
        return Ok(Applied::unchanged(format!("Stream {label} stays at position {}", pos(from))));
    }
    j.ep(plan, i);
    reorder(&mut plan.engagement_programs[i].streams, from, to).map_err(|e| EditError::out_of_range(e.to_string()))?;
    Ok(Applied::done(format!("Moved stream {label} from position {} to {}", pos(from), pos(to))))
}

/// R-CA-1, R-CA-4 and a date the plan can spell.
pub(super) fn check_cadence(c: &Cadence) -> Result<(), EditError> {
    if c.every == 0 {
        return Err(EditError::rule(
            "R-CA-1",
            "Cannot set a cadence that repeats every 0 periods: every is at least 1",
        ));
    }
    if let Pattern::Monthly(MonthlyRule::DayOfMonth(d)) = c.pattern {
        if !(1..=31).contains(&d) {
            return Err(EditError::rule("R-CA-4", format!("Cannot cast on day {d} of the month: the day is 1 to 31")));
        }
    }
    check_date(c.first_cast, "first cast date")
}

pub(super) fn set_cadence(
    plan: &mut Plan,
    stream: &StreamId,
    cadence: &Option<Cadence>,
    now: Instant,
    j: &mut Journal,
) -> Result<Applied, EditError> {
    let (e, s) = stream_pos(plan, stream)?;
    let label = stream_label(&plan.engagement_programs[e].streams[s]).to_owned();
    if &plan.engagement_programs[e].streams[s].cadence == cadence {
        return Ok(Applied::unchanged(format!("The cadence of {label} is unchanged")));
    }
    let applied = match cadence {
        None => Applied::done(format!("Removed the cadence of {label}: it is a holding stream and no longer casts")),
        Some(c) => {
            check_cadence(c)?;
            if let Err(msg) = check_25_hour_rule(c, now) {
                let detail = msg.strip_prefix("R-CA-10: ").unwrap_or(&msg);
                return Err(EditError::rule("R-CA-10", format!("Cannot set this cadence on {label}: {detail}")));
            }
            let mut a = Applied::done(format!("Set the cadence of {label}: {}", describe(c)));
            if first_cast_is_extra(c, plan.workspace.week_start) {
                a = a.warn(
                    Some("R-CA-3"),
                    format!(
                        "The first cast date, {}, is not one of the cadence's regular dates: the stream casts on it anyway, in addition to the regular casts",
                        c.first_cast.format("%a %-d %b %Y")
                    ),
                );
            }
            a
        }
    };
    j.ep(plan, e);
    plan.engagement_programs[e].streams[s].cadence = *cadence;
    Ok(applied)
}

pub(super) fn set_rules(
    plan: &mut Plan,
    stream: &StreamId,
    rules: &[Condition],
    j: &mut Journal,
) -> Result<Applied, EditError> {
    let (e, s) = stream_pos(plan, stream)?;
    for r in rules {
        check_condition(plan, r)?;
    }
    let label = stream_label(&plan.engagement_programs[e].streams[s]).to_owned();
    if plan.engagement_programs[e].streams[s].transition_rules.as_slice() == rules {
        return Ok(Applied::unchanged(format!("The transition rules of {label} are unchanged")));
    }
    j.ep(plan, e);
    plan.engagement_programs[e].streams[s].transition_rules = rules.to_vec();
    let mut applied = Applied::done(match rules.len() {
        0 => format!("Removed the transition rules of {label}"),
        1 => format!("Set 1 transition rule on {label}"),
        n => format!("Set {n} transition rules on {label}"),
    });
    for (k, r) in rules.iter().enumerate() {
        if r.beyond_marketo() {
            applied = applied.warn(
                Some("R-TR-4"),
                format!(
                    "Transition rule {} uses \u{201c}any\u{201d} or \u{201c}not\u{201d}, which Marketo does not offer in a rule (beyond Marketo)",
                    pos(k)
                ),
            );
        }
    }
    Ok(applied)
}
