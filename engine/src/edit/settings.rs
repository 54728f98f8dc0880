//! Workspace settings, the behaviour model and the simulation window.

use super::error::EditError;
use super::journal::Journal;
use super::lookup::{check_condition, check_instant, check_probabilities, find_content, optional_text, pos, quoted};
use super::reorder::reorder;
use super::Applied;
use crate::model::{
    Behavior, Benchmarks, CommunicationLimits, ContentId, Multiplier, Plan, Probabilities, SimulationWindow, WeekStart,
};
use chrono_tz::Tz;

pub(super) fn set_name(plan: &mut Plan, name: &Option<String>, j: &mut Journal) -> Result<Applied, EditError> {
    let name = optional_text(name);
    if plan.workspace.name == name {
        return Ok(Applied::unchanged("The workspace name is unchanged"));
    }
    j.workspace(plan);
    let desc = match &name {
        Some(n) => format!("Renamed the workspace to {n}"),
        None => "Cleared the workspace name".to_owned(),
    };
    plan.workspace.name = name;
    Ok(Applied::done(desc))
}

pub(super) fn set_time_zone(plan: &mut Plan, tz: Tz, j: &mut Journal) -> Result<Applied, EditError> {
    if plan.workspace.time_zone == tz {
        return Ok(Applied::unchanged(format!("The workspace time zone is already {}", tz.name())));
    }
    j.workspace(plan);
    plan.workspace.time_zone = tz;
    Ok(Applied::done(format!("Set the workspace time zone to {}", tz.name())))
}

pub(super) fn set_week_start(plan: &mut Plan, ws: WeekStart, j: &mut Journal) -> Result<Applied, EditError> {
    let day = match ws {
        WeekStart::Sunday => "Sunday",
        WeekStart::Monday => "Monday",
    };
    if plan.workspace.week_start == ws {
        return Ok(Applied::unchanged(format!("Weeks already start on {day}")));
    }
    j.workspace(plan);
    plan.workspace.week_start = ws;
    Ok(Applied::done(format!("Weeks now start on {day}")))
}

pub(super) fn set_limits(
    plan: &mut Plan,
    limits: Option<CommunicationLimits>,
    j: &mut Journal,
) -> Result<Applied, EditError> {
    if let Some(l) = limits {
        for (what, v) in [("per-day", l.per_day), ("per-7-days", l.per_7_days)] {
            if v == Some(0) {
                return Err(EditError::rule(
                    "R-LIM-1",
                    format!("Cannot set a {what} limit of 0: a communication limit is at least 1 (leave it empty for no limit)"),
                ));
            }
        }
    }
    if plan.workspace.communication_limits == limits {
        return Ok(Applied::unchanged("The communication limits are unchanged"));
    }
    j.workspace(plan);
    plan.workspace.communication_limits = limits;
    let desc = match limits {
        None => "Removed the communication limits".to_owned(),
        Some(l) => {
            let part = |v: Option<u32>, per: &str| v.map(|n| format!("{n} per {per}"));
            let parts: Vec<String> =
                [part(l.per_day, "day"), part(l.per_7_days, "7 days")].into_iter().flatten().collect();
            let what = if parts.is_empty() { "no limit".to_owned() } else { parts.join(", ") };
            format!("Set communication limits to {what}{}", if l.enforced { "" } else { " (not enforced)" })
        }
    };
    Ok(Applied::done(desc))
}

pub(super) fn set_benchmarks(plan: &mut Plan, b: Benchmarks, j: &mut Journal) -> Result<Applied, EditError> {
    for (what, v) in [("open", b.open), ("click", b.click), ("unsubscribe", b.unsubscribe), ("success", b.success)] {
        if !(v.is_finite() && v > 0.0) {
            return Err(EditError::rule(
                "R-SC-1",
                format!("Cannot set the {what} benchmark to {v}: a benchmark rate is a number greater than 0"),
            ));
        }
    }
    if plan.workspace.score_benchmarks == b {
        return Ok(Applied::unchanged("The score benchmarks are unchanged"));
    }
    j.workspace(plan);
    plan.workspace.score_benchmarks = b;
    Ok(Applied::done("Set the score benchmarks"))
}

fn check_multiplier(plan: &Plan, m: &Multiplier) -> Result<(), EditError> {
    check_condition(plan, &m.when)?;
    check_probabilities(&m.factors, "factor")
}

fn check_behavior(plan: &Plan, b: &Behavior) -> Result<(), EditError> {
    check_probabilities(&b.default, "probability")?;
    for (id, p) in &b.content {
        if find_content(plan, id).is_none() {
            return Err(EditError::not_found(format!(
                "The behaviour model has probabilities for {}, which is no email or program of the library",
                quoted(id.as_str())
            )));
        }
        check_probabilities(p, "probability")?;
    }
    for m in &b.multipliers {
        check_multiplier(plan, m)?;
    }
    Ok(())
}

pub(super) fn set_behavior(plan: &mut Plan, b: &Option<Behavior>, j: &mut Journal) -> Result<Applied, EditError> {
    if let Some(b) = b {
        check_behavior(plan, b)?;
    }
    if &plan.behavior == b {
        return Ok(Applied::unchanged("The behaviour model is unchanged"));
    }
    j.behavior(plan);
    plan.behavior = b.clone();
    Ok(Applied::done(if b.is_some() {
        "Set the behaviour model"
    } else {
        "Turned the behaviour model off: nobody reacts"
    }))
}

/// The behaviour model, created when absent (changes nothing by itself:
/// an empty model reacts like none, every probability 0).
fn behavior_mut<'p>(plan: &'p mut Plan, j: &mut Journal) -> &'p mut Behavior {
    j.behavior(plan);
    plan.behavior.get_or_insert_with(Behavior::default)
}

pub(super) fn set_default_probabilities(
    plan: &mut Plan,
    p: &Probabilities,
    j: &mut Journal,
) -> Result<Applied, EditError> {
    check_probabilities(p, "probability")?;
    if plan.behavior.as_ref().is_some_and(|b| &b.default == p) {
        return Ok(Applied::unchanged("The default probabilities are unchanged"));
    }
    behavior_mut(plan, j).default = *p;
    Ok(Applied::done("Set the default reaction probabilities"))
}

pub(super) fn set_content_probabilities(
    plan: &mut Plan,
    content: &ContentId,
    p: &Option<Probabilities>,
    j: &mut Journal,
) -> Result<Applied, EditError> {
    let label = super::lookup::content_label(plan, content);
    match p {
        Some(p) => {
            if find_content(plan, content).is_none() {
                return Err(EditError::not_found(format!(
                    "There is no email or program with id {:?}",
                    content.as_str()
                )));
            }
            check_probabilities(p, "probability")?;
            if plan.behavior.as_ref().and_then(|b| b.content.get(content)) == Some(p) {
                return Ok(Applied::unchanged(format!("The probabilities for {label} are unchanged")));
            }
            behavior_mut(plan, j).content.insert(content.clone(), *p);
            Ok(Applied::done(format!("Set the reaction probabilities for {label}")))
        }
        None => {
            if !plan.behavior.as_ref().is_some_and(|b| b.content.contains_key(content)) {
                return Ok(Applied::unchanged(format!("{label} has no probabilities of its own")));
            }
            behavior_mut(plan, j).content.remove(content);
            Ok(Applied::done(format!("{label} now uses the default probabilities")))
        }
    }
}

fn multiplier_count(plan: &Plan) -> usize {
    plan.behavior.as_ref().map_or(0, |b| b.multipliers.len())
}

fn multiplier_out_of_range(index: usize, n: usize) -> EditError {
    EditError::out_of_range(format!(
        "There is no behaviour multiplier {} (there {} {n})",
        pos(index),
        if n == 1 { "is" } else { "are" }
    ))
}

pub(super) fn add_multiplier(
    plan: &mut Plan,
    m: &Multiplier,
    to_index: Option<usize>,
    j: &mut Journal,
) -> Result<Applied, EditError> {
    check_multiplier(plan, m)?;
    let n = multiplier_count(plan);
    let at = to_index.unwrap_or(n);
    if at > n {
        return Err(EditError::out_of_range(format!(
            "Cannot add a behaviour multiplier at position {}: there are {n}",
            pos(at)
        )));
    }
    behavior_mut(plan, j).multipliers.insert(at, m.clone());
    Ok(Applied::done(format!("Added behaviour multiplier {}", pos(at))))
}

pub(super) fn replace_multiplier(
    plan: &mut Plan,
    index: usize,
    m: &Multiplier,
    j: &mut Journal,
) -> Result<Applied, EditError> {
    let n = multiplier_count(plan);
    if index >= n {
        return Err(multiplier_out_of_range(index, n));
    }
    check_multiplier(plan, m)?;
    if plan.behavior.as_ref().and_then(|b| b.multipliers.get(index)) == Some(m) {
        return Ok(Applied::unchanged(format!("Behaviour multiplier {} is unchanged", pos(index))));
    }
    if let Some(slot) = behavior_mut(plan, j).multipliers.get_mut(index) {
        *slot = m.clone();
    }
    Ok(Applied::done(format!("Changed behaviour multiplier {}", pos(index))))
}

pub(super) fn remove_multiplier(plan: &mut Plan, index: usize, j: &mut Journal) -> Result<Applied, EditError> {
    let n = multiplier_count(plan);
    if index >= n {
        return Err(multiplier_out_of_range(index, n));
    }
    behavior_mut(plan, j).multipliers.remove(index);
    Ok(Applied::done(format!("Removed behaviour multiplier {}", pos(index))))
}

pub(super) fn move_multiplier(plan: &mut Plan, from: usize, to: usize, j: &mut Journal) -> Result<Applied, EditError> {
    let n = multiplier_count(plan);
    for i in [from, to] {
        if i >= n {
            return Err(multiplier_out_of_range(i, n));
        }
    }
    if from == to {
        return Ok(Applied::unchanged(format!("Behaviour multiplier {} stays in place", pos(from))));
    }
    let b = behavior_mut(plan, j);
    reorder(&mut b.multipliers, from, to).map_err(|e| EditError::out_of_range(e.to_string()))?;
    Ok(Applied::done(format!("Moved behaviour multiplier {} to position {}", pos(from), pos(to))))
}

pub(super) fn set_seed(plan: &mut Plan, seed: u64, j: &mut Journal) -> Result<Applied, EditError> {
    if plan.behavior.as_ref().is_some_and(|b| b.seed == seed) {
        return Ok(Applied::unchanged(format!("The seed is already {seed}")));
    }
    behavior_mut(plan, j).seed = seed;
    Ok(Applied::done(format!("Set the behaviour seed to {seed}")))
}

pub(super) fn set_window(plan: &mut Plan, w: Option<SimulationWindow>, j: &mut Journal) -> Result<Applied, EditError> {
    if let Some(w) = w {
        check_instant(w.start, "simulation start")?;
        check_instant(w.end, "simulation end")?;
        if w.end <= w.start {
            return Err(EditError::invalid(format!(
                "The simulation window must end after it starts: {} is not after {}",
                w.end.log_format(),
                w.start.log_format()
            )));
        }
        let late_send = plan
            .history
            .iter()
            .filter_map(|h| h.at)
            .chain(plan.program_history.iter().filter_map(|h| h.at))
            .find(|at| *at >= w.start);
        if let Some(at) = late_send {
            return Err(EditError::invalid(format!(
                "The simulation cannot start at {}: the imported history has an entry at {}, and history lies before the simulation",
                w.start.log_format(),
                at.log_format()
            )));
        }
    }
    if plan.simulation == w {
        return Ok(Applied::unchanged("The simulation window is unchanged"));
    }
    j.simulation(plan);
    plan.simulation = w;
    Ok(Applied::done(match w {
        Some(w) => format!("Set the simulation window to {} – {}", w.start.log_format(), w.end.log_format()),
        None => "Cleared the simulation window".to_owned(),
    }))
}
