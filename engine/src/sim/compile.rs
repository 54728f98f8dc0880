//! Compiles a [`Plan`] into dense integer ids and flat tables, once, so the
//! cast loop never hashes a string.

use super::cond::{AtomKind, Cond, CondCompiler};
use crate::audience::compiled::compiled_people;
use crate::audience::Audience;
use crate::model::{
    Behavior, Cadence, ContentRef, EventKind, Plan, PersonCadence, ProgramStatus, Reaction,
    WeekStart,
};
use crate::sim::draw::fnv1a;
use crate::time::{day_number, Date, Instant};
use chrono_tz::Tz;
use std::collections::HashMap;

/// A stream content entry in dense ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Item {
    pub content: u32,
    pub active: bool,
    pub archived: bool,
    /// Inclusive cast days since 1970-01-01 (R-CO-3).
    pub from_day: i32,
    pub through_day: i32,
}

impl Item {
    pub fn available_on(&self, day: i32) -> bool {
        day >= self.from_day && day <= self.through_day
    }
}

pub struct ContentInfo {
    pub id: String,
    pub is_program: bool,
    pub fnv: u64,
    /// Content programs only: the audience filter (R-CS-7).
    pub audience: Option<Cond>,
}

pub struct EpInfo {
    pub id: String,
    pub active: bool,
    /// Dense stream ids, in file order.
    pub streams: Vec<u32>,
}

pub struct StreamInfo {
    pub id: String,
    pub ep: u32,
    pub cadence: Option<Cadence>,
    pub items: Vec<Item>,
    pub rules: Vec<Cond>,
}

/// A membership as the plan states it.
pub struct MemberSpec {
    pub person: u32,
    pub ep: u32,
    pub stream: u32,
    pub paused: bool,
    pub added_at: Instant,
}

/// An imported send, per person.
#[derive(Clone, Copy)]
pub struct HistorySend {
    pub person: u32,
    pub content: u32,
    pub at: Option<Instant>,
    pub engagement: bool,
    pub opened: bool,
    pub clicked: bool,
}

#[derive(Clone, Copy)]
pub struct ProgramHistory {
    pub person: u32,
    pub content: u32,
    pub success: bool,
}

/// Person changes of a `set_person` event, in dense form.
#[derive(Clone)]
pub struct PersonChange {
    pub email: Option<bool>,
    pub time_zone: Option<Option<Tz>>,
    pub unsubscribed: Option<bool>,
    pub marketing_suspended: Option<bool>,
    pub email_invalid: Option<bool>,
    /// Only attributes that some condition reads, by column.
    pub attributes: Vec<(u32, crate::model::AttrValue)>,
}

#[derive(Clone)]
pub enum Ev {
    AddMember { person: u32, ep: u32, stream: u32, paused: bool },
    RemoveMember { person: u32, ep: u32 },
    Pause { person: u32, ep: u32, paused: bool },
    Move { person: u32, ep: u32, stream: u32 },
    SetPerson { person: u32, change: Box<PersonChange> },
    AddContent { stream: u32, item: Item, to_index: Option<usize> },
    RemoveContent { stream: u32, content: u32 },
    MoveContent { stream: u32, content: u32, to_index: usize },
    SetContent {
        stream: u32,
        content: u32,
        active: Option<bool>,
        archived: Option<bool>,
        from_day: Option<i32>,
        through_day: Option<i32>,
    },
    SetCadence { stream: u32, cadence: Option<Cadence> },
    SetEpActive { ep: u32, active: bool },
}

pub struct TimedEv {
    pub at: Instant,
    /// Index in the plan's `events` (file order).
    pub index: u32,
    pub ev: Ev,
}

pub struct CompiledBehavior {
    pub seed: u64,
    /// Per content: open, click, unsubscribe, success.
    pub base: Vec<[f64; 4]>,
    pub multipliers: Vec<(Cond, [Option<f64>; 4])>,
}

pub fn reaction_slot(r: Reaction) -> usize {
    r as usize - 1
}

/// The enforced communication limits (R-LIM-1).
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub per_day: Option<u32>,
    pub per_7_days: Option<u32>,
}

pub struct Compiled {
    pub time_zone: Tz,
    pub week_start: WeekStart,
    pub limits: Option<Limits>,
    pub benchmarks: crate::model::Benchmarks,
    pub content: Vec<ContentInfo>,
    pub eps: Vec<EpInfo>,
    pub streams: Vec<StreamInfo>,
    pub person_ids: Vec<String>,
    pub person_fnv: Vec<u64>,
    pub person_tz: Vec<Option<Tz>>,
    pub person_has_email: Vec<bool>,
    pub person_unsubscribed: Vec<bool>,
    pub person_suspended: Vec<bool>,
    pub person_invalid: Vec<bool>,
    /// One column per attribute that some condition reads.
    pub attr_columns: Vec<Vec<Option<crate::model::AttrValue>>>,
    pub attr_names: Vec<String>,
    pub atoms: Vec<(AtomKind, u32)>,
    pub memberships: Vec<MemberSpec>,
    pub history: Vec<HistorySend>,
    pub program_history: Vec<ProgramHistory>,
    pub behavior: Option<CompiledBehavior>,
    pub events: Vec<TimedEv>,
    pub start: Instant,
    pub end: Instant,
}

/// Compiles `plan` for the window `[start, end)`. With `only_person`, keeps
/// that person alone: people never affect each other, so their rows are
/// exactly those of the full run (explain).
///
/// The people are `plan.people`, converted to an [`Audience`] (only the
/// explained person, with `only_person`).
pub fn compile(
    plan: &Plan,
    start: Instant,
    end: Instant,
    only_person: Option<&str>,
) -> Result<Compiled, String> {
    let audience = match only_person {
        None => Audience::from_people(&plan.people),
        Some(id) => match plan.people.iter().find(|p| p.id.as_str() == id) {
            Some(p) => Audience::from_people(std::slice::from_ref(p)),
            None => return Err(format!("unknown person {id:?}")),
        },
    }
    .map_err(|e| e.to_string())?;
    compile_with_audience(plan, &audience, start, end, only_person)
}

/// [`compile`] with the people of `audience` instead of `plan.people`
/// (ignored): the per-person tables are filled straight from the audience's
/// columns, so a large audience never becomes `Person` structs.
pub fn compile_with_audience(
    plan: &Plan,
    audience: &Audience,
    start: Instant,
    end: Instant,
    only_person: Option<&str>,
) -> Result<Compiled, String> {
    let mut content_index: HashMap<&str, u32> = HashMap::new();
    let mut content = Vec::new();
    for e in &plan.emails {
        content_index.insert(e.id.as_str(), content.len() as u32);
        content.push(ContentInfo { id: e.id.0.clone(), is_program: false, fnv: fnv1a(&e.id.0), audience: None });
    }
    for p in &plan.programs {
        content_index.insert(p.id.as_str(), content.len() as u32);
        content.push(ContentInfo { id: p.id.0.clone(), is_program: true, fnv: fnv1a(&p.id.0), audience: None });
    }
    let content_of = |id: &str, what: &str| -> Result<u32, String> {
        content_index.get(id).copied().ok_or_else(|| format!("unknown {what} {id:?}"))
    };

    let mut ep_index: HashMap<&str, u32> = HashMap::new();
    let mut stream_index: HashMap<&str, u32> = HashMap::new();
    let mut eps = Vec::new();
    let mut stream_eps = Vec::new();
    for (ei, ep) in plan.engagement_programs.iter().enumerate() {
        ep_index.insert(ep.id.as_str(), ei as u32);
        let mut ids = Vec::new();
        for s in &ep.streams {
            let si = stream_eps.len() as u32;
            stream_index.insert(s.id.as_str(), si);
            stream_eps.push(ei as u32);
            ids.push(si);
        }
        eps.push(EpInfo { id: ep.id.0.clone(), active: ep.active, streams: ids });
    }

    // People: all of the audience, or the one explained (as person 0).
    let only = match only_person {
        None => None,
        Some(id) => Some(audience.find(id).ok_or_else(|| format!("unknown person {id:?}"))?),
    };
    // In explain mode, references to other people are dropped, not errors.
    let person_of = |id: &str| -> Result<Option<u32>, String> {
        match (audience.find(id), only) {
            (Some(i), None) => Ok(Some(i)),
            (Some(i), Some(o)) => Ok((i == o).then_some(0)),
            (None, Some(_)) => Ok(None),
            (None, None) => Err(format!("unknown person {id:?}")),
        }
    };

    let mut cc = CondCompiler::new(&content_index, &stream_index, &stream_eps);
    let mut streams = Vec::new();
    for (ei, ep) in plan.engagement_programs.iter().enumerate() {
        for s in &ep.streams {
            let items = s
                .content
                .iter()
                .map(|it| compile_item(it, &content_index))
                .collect::<Result<Vec<_>, _>>()?;
            let rules = s.transition_rules.iter().map(|c| cc.compile(c)).collect::<Result<Vec<_>, _>>()?;
            streams.push(StreamInfo { id: s.id.0.clone(), ep: ei as u32, cadence: s.cadence, items, rules });
        }
    }
    for p in &plan.programs {
        if let Some(a) = &p.audience {
            let ci = content_of(p.id.as_str(), "program")?;
            content[ci as usize].audience = Some(cc.compile(a)?);
        }
    }
    let behavior = match &plan.behavior {
        None => None,
        Some(b) => Some(compile_behavior(b, &content, &content_index, &mut cc)?),
    };

    let mut memberships = Vec::new();
    for m in &plan.memberships {
        let Some(person) = person_of(m.person.as_str())? else { continue };
        let ep = *ep_index.get(m.program.as_str()).ok_or_else(|| format!("unknown engagement program {:?}", m.program.0))?;
        let stream = *stream_index.get(m.stream.as_str()).ok_or_else(|| format!("unknown stream {:?}", m.stream.0))?;
        memberships.push(MemberSpec { person, ep, stream, paused: m.cadence == PersonCadence::Paused, added_at: m.added_at });
    }
    let mut history = Vec::new();
    for h in &plan.history {
        let Some(person) = person_of(h.person.as_str())? else { continue };
        history.push(HistorySend {
            person,
            content: content_of(h.email.as_str(), "email")?,
            at: h.at,
            engagement: h.engagement,
            opened: h.opened || h.clicked,
            clicked: h.clicked,
        });
    }
    let mut program_history = Vec::new();
    for h in &plan.program_history {
        let Some(person) = person_of(h.person.as_str())? else { continue };
        program_history.push(ProgramHistory {
            person,
            content: content_of(h.program.as_str(), "program")?,
            success: h.status == ProgramStatus::Success,
        });
    }

    let mut events = Vec::new();
    for (i, e) in plan.events.iter().enumerate() {
        if e.at >= end {
            continue;
        }
        let ep_of = |id: &str| ep_index.get(id).copied().ok_or_else(|| format!("unknown engagement program {id:?}"));
        let stream_of = |id: &str| stream_index.get(id).copied().ok_or_else(|| format!("unknown stream {id:?}"));
        let ev = match &e.kind {
            EventKind::AddMember { person, program, stream, cadence } => {
                let Some(person) = person_of(person.as_str())? else { continue };
                Ev::AddMember { person, ep: ep_of(program.as_str())?, stream: stream_of(stream.as_str())?, paused: *cadence == PersonCadence::Paused }
            }
            EventKind::RemoveMember { person, program } => {
                let Some(person) = person_of(person.as_str())? else { continue };
                Ev::RemoveMember { person, ep: ep_of(program.as_str())? }
            }
            EventKind::Pause { person, program } | EventKind::Resume { person, program } => {
                let Some(person) = person_of(person.as_str())? else { continue };
                Ev::Pause { person, ep: ep_of(program.as_str())?, paused: matches!(e.kind, EventKind::Pause { .. }) }
            }
            EventKind::Move { person, program, stream } => {
                let Some(person) = person_of(person.as_str())? else { continue };
                Ev::Move { person, ep: ep_of(program.as_str())?, stream: stream_of(stream.as_str())? }
            }
            EventKind::SetPerson { person, patch } => {
                let Some(person) = person_of(person.as_str())? else { continue };
                let attributes = patch
                    .attributes
                    .iter()
                    .filter_map(|(k, v)| cc.attr_column(k).map(|c| (c, v.clone())))
                    .collect();
                Ev::SetPerson {
                    person,
                    change: Box::new(PersonChange {
                        email: patch.email.as_ref().map(|e| e.is_some()),
                        time_zone: patch.time_zone,
                        unsubscribed: patch.unsubscribed,
                        marketing_suspended: patch.marketing_suspended,
                        email_invalid: patch.email_invalid,
                        attributes,
                    }),
                }
            }
            EventKind::AddContent { stream, item, to_index, .. } => Ev::AddContent {
                stream: stream_of(stream.as_str())?,
                item: compile_item(item, &content_index)?,
                to_index: *to_index,
            },
            EventKind::RemoveContent { stream, content: c, .. } => {
                Ev::RemoveContent { stream: stream_of(stream.as_str())?, content: content_of(c.as_str(), "content")? }
            }
            EventKind::MoveContent { stream, content: c, to_index, .. } => Ev::MoveContent {
                stream: stream_of(stream.as_str())?,
                content: content_of(c.as_str(), "content")?,
                to_index: *to_index,
            },
            EventKind::SetContent { stream, content: c, active, archived, available_from, available_through, .. } => {
                Ev::SetContent {
                    stream: stream_of(stream.as_str())?,
                    content: content_of(c.as_str(), "content")?,
                    active: *active,
                    archived: *archived,
                    from_day: available_from.map(|d| d.map_or(i32::MIN, day_i32)),
                    through_day: available_through.map(|d| d.map_or(i32::MAX, day_i32)),
                }
            }
            EventKind::SetCadence { stream, cadence, .. } => Ev::SetCadence { stream: stream_of(stream.as_str())?, cadence: *cadence },
            EventKind::SetProgramActive { program, active } => Ev::SetEpActive { ep: ep_of(program.as_str())?, active: *active },
        };
        events.push(TimedEv { at: e.at, index: i as u32, ev });
    }
    // Applied in order of `at`, ties in file order (plan-format "Events").
    events.sort_by_key(|e| (e.at, e.index));

    let (attr_names, _) = cc.attr_names();
    let people = compiled_people(audience, only, &attr_names);
    let atoms = cc.atoms();
    let streams_check = streams.len();
    debug_assert_eq!(streams_check, stream_eps.len());

    Ok(Compiled {
        time_zone: plan.workspace.time_zone,
        week_start: plan.workspace.week_start,
        limits: plan
            .workspace
            .communication_limits
            .filter(|l| l.enforced && (l.per_day.is_some() || l.per_7_days.is_some()))
            .map(|l| Limits { per_day: l.per_day, per_7_days: l.per_7_days }),
        benchmarks: plan.workspace.score_benchmarks,
        content,
        eps,
        streams,
        person_ids: people.ids,
        person_fnv: people.fnv,
        person_tz: people.tz,
        person_has_email: people.has_email,
        person_unsubscribed: people.unsubscribed,
        person_suspended: people.suspended,
        person_invalid: people.invalid,
        attr_columns: people.attr_columns,
        attr_names,
        atoms,
        memberships,
        history,
        program_history,
        behavior,
        events,
        start,
        end,
    })
}

pub fn day_i32(d: Date) -> i32 {
    day_number(d) as i32
}

fn compile_item(it: &crate::model::ContentItem, index: &HashMap<&str, u32>) -> Result<Item, String> {
    let id = match &it.content {
        ContentRef::Email(id) | ContentRef::Program(id) => id.as_str(),
    };
    let content = *index.get(id).ok_or_else(|| format!("unknown content {id:?}"))?;
    Ok(Item {
        content,
        active: it.active,
        archived: it.archived,
        from_day: it.available_from.map_or(i32::MIN, day_i32),
        through_day: it.available_through.map_or(i32::MAX, day_i32),
    })
}

fn compile_behavior(
    b: &Behavior,
    content: &[ContentInfo],
    index: &HashMap<&str, u32>,
    cc: &mut CondCompiler,
) -> Result<CompiledBehavior, String> {
    let kinds = [Reaction::Open, Reaction::Click, Reaction::Unsubscribe, Reaction::Success];
    let default: [f64; 4] = kinds.map(|k| b.default.get(k).unwrap_or(0.0));
    let mut base = vec![default; content.len()];
    for (id, probs) in &b.content {
        let ci = *index.get(id.as_str()).ok_or_else(|| format!("unknown content {:?} in behavior", id.0))?;
        for (slot, k) in kinds.iter().enumerate() {
            if let Some(p) = probs.get(*k) {
                base[ci as usize][slot] = p;
            }
        }
    }
    let multipliers = b
        .multipliers
        .iter()
        .map(|m| Ok((cc.compile(&m.when)?, kinds.map(|k| m.factors.get(k)))))
        .collect::<Result<Vec<_>, String>>()?;
    Ok(CompiledBehavior { seed: b.seed, base, multipliers })
}
