//! Referential integrity: where a content item, a stream or an engagement
//! program is used, and removing it from those places.
//!
//! Places are listed in plan order: stream content lists, transition rules,
//! program audiences, the behaviour model, scheduled events, imported
//! history. Each [`Usage`] carries a location a person can read
//! ("Early stage (New prospects), position 3", "transition rule of Engaged
//! (New prospects)") and a [`Place`] a program can act on.
//!
//! Removing a reference from a condition *prunes* the condition: the leaves
//! that cite the thing go, an `all`/`any` left empty goes with them, a `not`
//! of nothing goes; a transition rule or multiplier pruned to nothing is
//! removed, and a program audience pruned to nothing becomes "everyone
//! passes".

use super::journal::Journal;
use super::lookup::{content_label, pos, stream_in_ep};
use crate::model::{Condition, ContentId, EpId, Event, EventKind, Plan, StreamId};
use std::collections::HashSet;
use std::fmt;

/// What may be used elsewhere.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// An email or content program of the library.
    Content(ContentId),
    Stream(StreamId),
    EngagementProgram(EpId),
}

/// Where something is used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// In a stream's content list, at `index` (0 = top).
    StreamItem { program: EpId, stream: StreamId, index: usize },
    /// In the transition rule `index` of a stream.
    TransitionRule { program: EpId, stream: StreamId, index: usize },
    /// In the audience filter of a content program.
    Audience { program: ContentId },
    /// The behaviour model's per-content probabilities.
    BehaviorOverride,
    /// In the condition of behaviour multiplier `index`.
    Multiplier { index: usize },
    /// In scheduled event `index` of the plan.
    Event { index: usize },
    /// In `entries` rows of the imported send history.
    History { entries: usize },
    /// In `entries` rows of the imported program history.
    ProgramHistory { entries: usize },
}

/// One place something is used, with a location for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Usage {
    pub place: Place,
    /// E.g. "Early stage (New prospects), position 3".
    pub location: String,
}

impl fmt::Display for Usage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.location)
    }
}

/// Every place content `id` (an email or content program) is used.
pub fn usages(plan: &Plan, id: &ContentId) -> Vec<Usage> {
    usages_of(plan, &Target::Content(id.clone()))
}

/// Every place `target` is used, apart from inside itself (a stream's own
/// rules, a program's own audience, the streams of an engagement program).
///
/// When an edit removes the thing "from those places" as well, stream
/// items, behaviour probabilities, scheduled events and imported history
/// rows that cite it go; conditions are *pruned*: the leaves that cite it
/// go, an `all`/`any` left empty goes with them, a `not` of nothing goes; a
/// transition rule or behaviour multiplier pruned to nothing is removed, and
/// a program audience pruned to nothing becomes "everyone passes".
pub fn usages_of(plan: &Plan, target: &Target) -> Vec<Usage> {
    find(plan, target, Scope::Everywhere)
}

/// Which uses count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Every reference (deleting the thing).
    Everywhere,
    /// Every reference but the imported history: streams, conditions,
    /// behaviour, events (unapproving an email).
    References,
    /// Content: where it is, or an event will make it, active content
    /// (unapproving an email, R-CO-2).
    Active,
    /// Content: where it stands, or an event will put it, in a stream
    /// (making an email operational, R-CO-1).
    AsContent,
}

struct Matcher<'a> {
    target: &'a Target,
    /// For an EP target: its streams.
    ep_streams: HashSet<&'a StreamId>,
}

impl<'a> Matcher<'a> {
    fn new(plan: &'a Plan, target: &'a Target) -> Matcher<'a> {
        let ep_streams = match target {
            Target::EngagementProgram(id) => plan
                .engagement_programs
                .iter()
                .filter(|ep| &ep.id == id)
                .flat_map(|ep| ep.streams.iter().map(|s| &s.id))
                .collect(),
            _ => HashSet::new(),
        };
        Matcher { target, ep_streams }
    }

    fn stream(&self, s: &StreamId) -> bool {
        match self.target {
            Target::Stream(t) => t == s,
            Target::EngagementProgram(_) => self.ep_streams.contains(s),
            Target::Content(_) => false,
        }
    }

    fn content(&self, c: &ContentId) -> bool {
        matches!(self.target, Target::Content(t) if t == c)
    }

    fn ep(&self, e: &EpId) -> bool {
        matches!(self.target, Target::EngagementProgram(t) if t == e)
    }

    /// A condition leaf that cites the target.
    fn leaf(&self, c: &Condition) -> bool {
        match c {
            Condition::Received(id)
            | Condition::Opened(id)
            | Condition::Clicked(id)
            | Condition::ProgramMember(id)
            | Condition::ProgramSuccess(id) => self.content(id),
            Condition::InStream(s) => self.stream(s),
            _ => false,
        }
    }

    fn condition(&self, c: &Condition) -> bool {
        let mut hit = false;
        c.visit(&mut |x| hit |= self.leaf(x));
        hit
    }

    /// Whether event `e` cites the target, in `scope`.
    fn event(&self, e: &Event, scope: Scope) -> bool {
        match (&e.kind, scope) {
            (EventKind::AddContent { item, .. }, Scope::Active) => item.active && self.content(item.content.id()),
            (EventKind::SetContent { content, active, .. }, Scope::Active) => {
                *active == Some(true) && self.content(content)
            }
            (EventKind::AddContent { item, .. }, Scope::AsContent) => self.content(item.content.id()),
            (_, Scope::Active | Scope::AsContent) => false,
            (kind, Scope::Everywhere | Scope::References) => {
                let (ep, stream, content) = event_refs(kind);
                ep.is_some_and(|x| self.ep(x))
                    || stream.is_some_and(|x| self.stream(x))
                    || content.is_some_and(|x| self.content(x))
            }
        }
    }
}

/// The EP, stream and content an event names.
fn event_refs(kind: &EventKind) -> (Option<&EpId>, Option<&StreamId>, Option<&ContentId>) {
    match kind {
        EventKind::AddMember { program, stream, .. } | EventKind::Move { program, stream, .. } => {
            (Some(program), Some(stream), None)
        }
        EventKind::RemoveMember { program, .. }
        | EventKind::Pause { program, .. }
        | EventKind::Resume { program, .. }
        | EventKind::SetProgramActive { program, .. } => (Some(program), None, None),
        EventKind::SetPerson { .. } => (None, None, None),
        EventKind::AddContent { program, stream, item, .. } => (Some(program), Some(stream), Some(item.content.id())),
        EventKind::RemoveContent { program, stream, content }
        | EventKind::MoveContent { program, stream, content, .. }
        | EventKind::SetContent { program, stream, content, .. } => (Some(program), Some(stream), Some(content)),
        EventKind::SetCadence { program, stream, .. } => (Some(program), Some(stream), None),
    }
}

fn rule_location(plan: &Plan, ep_i: usize, s_i: usize, k: usize) -> String {
    let (Some(ep), Some(s)) =
        (plan.engagement_programs.get(ep_i), plan.engagement_programs.get(ep_i).and_then(|e| e.streams.get(s_i)))
    else {
        return String::new();
    };
    if s.transition_rules.len() == 1 {
        format!("transition rule of {}", stream_in_ep(ep, s))
    } else {
        format!("transition rule {} of {}", pos(k), stream_in_ep(ep, s))
    }
}

pub(crate) fn event_label(index: usize, e: &Event) -> String {
    format!("scheduled event {} ({} at {})", pos(index), e.kind.name(), e.at.log_format())
}

/// The uses of `target` in `scope`, in plan order.
pub(crate) fn find(plan: &Plan, target: &Target, scope: Scope) -> Vec<Usage> {
    let m = Matcher::new(plan, target);
    let mut out = Vec::new();
    let own_ep = match target {
        Target::EngagementProgram(id) => Some(id),
        _ => None,
    };
    // Stream content.
    if let Target::Content(id) = target {
        for ep in &plan.engagement_programs {
            for s in &ep.streams {
                for (k, item) in s.content.iter().enumerate() {
                    let hit = item.content.id() == id && (scope != Scope::Active || item.active);
                    if hit {
                        out.push(Usage {
                            place: Place::StreamItem { program: ep.id.clone(), stream: s.id.clone(), index: k },
                            location: format!("{}, position {}", stream_in_ep(ep, s), pos(k)),
                        });
                    }
                }
            }
        }
    }
    if matches!(scope, Scope::Everywhere | Scope::References) {
        // Transition rules, outside the target itself.
        for (e, ep) in plan.engagement_programs.iter().enumerate() {
            if own_ep == Some(&ep.id) {
                continue;
            }
            for (si, s) in ep.streams.iter().enumerate() {
                if matches!(target, Target::Stream(t) if t == &s.id) {
                    continue;
                }
                for (k, rule) in s.transition_rules.iter().enumerate() {
                    if m.condition(rule) {
                        out.push(Usage {
                            place: Place::TransitionRule { program: ep.id.clone(), stream: s.id.clone(), index: k },
                            location: rule_location(plan, e, si, k),
                        });
                    }
                }
            }
        }
        // Program audiences, outside the target itself.
        for p in &plan.programs {
            if matches!(target, Target::Content(t) if t == &p.id) {
                continue;
            }
            if p.audience.as_ref().is_some_and(|a| m.condition(a)) {
                out.push(Usage {
                    place: Place::Audience { program: p.id.clone() },
                    location: format!("audience of program {}", p.name.as_deref().unwrap_or(p.id.as_str())),
                });
            }
        }
        // Behaviour.
        if let Some(b) = &plan.behavior {
            if let Target::Content(id) = target {
                if b.content.contains_key(id) {
                    out.push(Usage {
                        place: Place::BehaviorOverride,
                        location: format!("behaviour probabilities for {}", content_label(plan, id)),
                    });
                }
            }
            for (k, mult) in b.multipliers.iter().enumerate() {
                if m.condition(&mult.when) {
                    out.push(Usage {
                        place: Place::Multiplier { index: k },
                        location: format!("behaviour multiplier {}", pos(k)),
                    });
                }
            }
        }
    }
    // Events.
    for (k, e) in plan.events.iter().enumerate() {
        if m.event(e, scope) {
            out.push(Usage { place: Place::Event { index: k }, location: event_label(k, e) });
        }
    }
    if scope == Scope::Everywhere {
        if let Target::Content(id) = target {
            let n = plan.history.iter().filter(|h| &h.email == id).count();
            if n > 0 {
                out.push(Usage {
                    place: Place::History { entries: n },
                    location: format!("imported send history ({})", rows(n)),
                });
            }
            let n = plan.program_history.iter().filter(|h| &h.program == id).count();
            if n > 0 {
                out.push(Usage {
                    place: Place::ProgramHistory { entries: n },
                    location: format!("imported program history ({})", rows(n)),
                });
            }
        }
    }
    out
}

fn rows(n: usize) -> String {
    if n == 1 {
        "1 entry".to_owned()
    } else {
        format!("{n} entries")
    }
}

/// "Welcome is used in 3 places: A; B; C."
pub(crate) fn list_usages(what: &str, usages: &[Usage]) -> String {
    let places: Vec<&str> = usages.iter().map(|u| u.location.as_str()).collect();
    let n = usages.len();
    format!("{what} is used in {} {}: {}", n, if n == 1 { "place" } else { "places" }, places.join("; "))
}

/// Removes `cond`'s leaves for which `hit` holds; `None` when nothing is left.
pub(crate) fn prune(cond: &Condition, hit: &dyn Fn(&Condition) -> bool) -> Option<Condition> {
    match cond {
        Condition::All(cs) | Condition::Any(cs) => {
            let kept: Vec<Condition> = cs.iter().filter_map(|c| prune(c, hit)).collect();
            if kept.is_empty() {
                None
            } else if matches!(cond, Condition::All(_)) {
                Some(Condition::All(kept))
            } else {
                Some(Condition::Any(kept))
            }
        }
        Condition::Not(c) => prune(c, hit).map(|c| Condition::Not(Box::new(c))),
        leaf if hit(leaf) => None,
        leaf => Some(leaf.clone()),
    }
}

/// What removing does with the uses found in [`Scope::Active`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Resolve {
    /// Remove the thing from those places.
    Remove,
    /// Keep it there, inactive (only for [`Scope::Active`]).
    Deactivate,
}

/// Removes (or deactivates) `target` from every place [`find`] lists in
/// `scope`. Infallible: callers validate first. Returns the number of places
/// changed.
pub(crate) fn resolve(plan: &mut Plan, target: &Target, scope: Scope, how: Resolve, j: &mut Journal) -> usize {
    let found = find(plan, target, scope);
    if found.is_empty() {
        return 0;
    }
    let touches_eps = found.iter().any(|u| matches!(u.place, Place::StreamItem { .. } | Place::TransitionRule { .. }));
    let touches_programs = found.iter().any(|u| matches!(u.place, Place::Audience { .. }));
    let touches_behavior = found.iter().any(|u| matches!(u.place, Place::BehaviorOverride | Place::Multiplier { .. }));
    let event_indices: HashSet<usize> =
        found.iter().filter_map(|u| if let Place::Event { index } = u.place { Some(index) } else { None }).collect();
    if touches_eps {
        j.eps(plan);
    }
    if touches_programs {
        j.programs(plan);
    }
    if touches_behavior {
        j.behavior(plan);
    }
    if !event_indices.is_empty() {
        j.events(plan);
    }

    // Matching is by value, so no borrow of the plan outlives this point.
    let target = target.clone();
    let ep_streams: HashSet<StreamId> = match &target {
        Target::EngagementProgram(id) => plan
            .engagement_programs
            .iter()
            .filter(|ep| &ep.id == id)
            .flat_map(|ep| ep.streams.iter().map(|s| s.id.clone()))
            .collect(),
        _ => HashSet::new(),
    };
    let leaf_hit = |c: &Condition| match c {
        Condition::Received(id)
        | Condition::Opened(id)
        | Condition::Clicked(id)
        | Condition::ProgramMember(id)
        | Condition::ProgramSuccess(id) => matches!(&target, Target::Content(t) if t == id),
        Condition::InStream(s) => match &target {
            Target::Stream(t) => t == s,
            Target::EngagementProgram(_) => ep_streams.contains(s),
            Target::Content(_) => false,
        },
        _ => false,
    };

    // Stream items (content targets only).
    if let Target::Content(id) = &target {
        for ep in &mut plan.engagement_programs {
            for s in &mut ep.streams {
                match (scope, how) {
                    (Scope::Active, Resolve::Deactivate) => {
                        for item in s.content.iter_mut().filter(|i| i.content.id() == id) {
                            item.active = false;
                        }
                    }
                    (Scope::Active, Resolve::Remove) => s.content.retain(|i| !(i.content.id() == id && i.active)),
                    _ => s.content.retain(|i| i.content.id() != id),
                }
            }
        }
    }
    if matches!(scope, Scope::Everywhere | Scope::References) {
        let own_ep = match &target {
            Target::EngagementProgram(id) => Some(id.clone()),
            _ => None,
        };
        for ep in &mut plan.engagement_programs {
            if own_ep.as_ref() == Some(&ep.id) {
                continue;
            }
            for s in &mut ep.streams {
                if matches!(&target, Target::Stream(t) if t == &s.id) {
                    continue;
                }
                if s.transition_rules.iter().any(|r| has_leaf(r, &leaf_hit)) {
                    s.transition_rules = s.transition_rules.iter().filter_map(|r| prune(r, &leaf_hit)).collect();
                }
            }
        }
        for p in &mut plan.programs {
            if matches!(&target, Target::Content(t) if t == &p.id) {
                continue;
            }
            if p.audience.as_ref().is_some_and(|a| has_leaf(a, &leaf_hit)) {
                p.audience = p.audience.as_ref().and_then(|a| prune(a, &leaf_hit));
            }
        }
        if let Some(b) = &mut plan.behavior {
            if let Target::Content(id) = &target {
                b.content.remove(id);
            }
            if b.multipliers.iter().any(|m| has_leaf(&m.when, &leaf_hit)) {
                let kept = std::mem::take(&mut b.multipliers)
                    .into_iter()
                    .filter_map(|mut m| {
                        let when = prune(&m.when, &leaf_hit)?;
                        m.when = when;
                        Some(m)
                    })
                    .collect();
                b.multipliers = kept;
            }
        }
    }
    // Events.
    if !event_indices.is_empty() {
        let old = std::mem::take(&mut plan.events);
        for (k, mut e) in old.into_iter().enumerate() {
            if !event_indices.contains(&k) {
                plan.events.push(e);
                continue;
            }
            if how == Resolve::Deactivate {
                let keep = match &mut e.kind {
                    EventKind::AddContent { item, .. } => {
                        item.active = false;
                        true
                    }
                    EventKind::SetContent { active, archived, available_from, available_through, .. } => {
                        *active = None;
                        archived.is_some() || available_from.is_some() || available_through.is_some()
                    }
                    _ => false,
                };
                if keep {
                    plan.events.push(e);
                }
            }
        }
    }
    if scope == Scope::Everywhere {
        if let Target::Content(id) = &target {
            j.remove_history(plan, |h| &h.email == id);
            j.remove_program_history(plan, |h| &h.program == id);
        }
    }
    found.len()
}

fn has_leaf(c: &Condition, hit: &dyn Fn(&Condition) -> bool) -> bool {
    let mut found = false;
    c.visit(&mut |x| found |= hit(x));
    found
}

/// The refusal for a thing still in use: "Cannot {action}: it is used in
/// N places: …. {advice}".
pub(crate) fn in_use_error(
    action: &str,
    usages: Vec<Usage>,
    advice: &str,
    rule: Option<&'static str>,
) -> super::error::EditError {
    let msg = format!("Cannot {action}: {}. {advice}", list_usages("it", &usages));
    super::error::EditError::in_use(msg, rule, usages)
}
