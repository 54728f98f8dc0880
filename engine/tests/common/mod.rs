//! Random, valid plans for the property tests: one `u64` seed is one plan,
//! so proptest shrinks seeds and a failing case replays exactly.
//! Shared by `properties.rs` (invariants) and `fast_paths.rs` (shortcuts
//! change nothing); each test file uses part of it.
#![allow(dead_code)]

use engine::model::*;
use engine::time::{parse_date, parse_instant, Date};

/// A tiny deterministic generator.
pub struct Gen(pub u64);
impl Gen {
    pub fn next(&mut self) -> u64 { self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15); engine::sim::draw::mix(self.0) }
    pub fn below(&mut self, n: u64) -> u64 { self.next() % n.max(1) }
    pub fn chance(&mut self, percent: u64) -> bool { self.below(100) < percent }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T { &xs[self.below(xs.len() as u64) as usize] }
}
pub const ZONES: [Option<chrono_tz::Tz>; 6] = [None, Some(chrono_tz::Tz::Australia__Brisbane), Some(chrono_tz::Tz::America__Anchorage),
    Some(chrono_tz::Tz::Europe__Berlin), Some(chrono_tz::Tz::Pacific__Kiritimati), Some(chrono_tz::Tz::America__New_York)];
pub fn day(s: &str) -> Date { parse_date(s).unwrap() }

pub fn random_cadence(g: &mut Gen, rtz: u64) -> Option<Cadence> {
    if g.chance(8) { return None; }
    let first = day("2027-01-01") + chrono::Days::new(g.below(20));
    let pattern = if g.chance(75) {
        let days: Vec<_> = WeekdaySet::ALL.iter().copied().filter(|_| g.chance(30)).collect();
        Pattern::Weekly(WeekdaySet::from_days(&days).unwrap_or(WeekdaySet::from_days(&[chrono::Weekday::Tue]).unwrap()))
    } else if g.chance(50) {
        Pattern::Monthly(MonthlyRule::DayOfMonth(1 + g.below(31) as u8))
    } else {
        let n = *g.pick(&[Nth::First, Nth::Second, Nth::Third, Nth::Fourth, Nth::Last]);
        Pattern::Monthly(MonthlyRule::NthWeekday { n, day: *g.pick(&WeekdaySet::ALL) })
    };
    Some(Cadence { pattern, every: 1 + g.below(2) as u32, first_cast: first,
        time: TimeOfDay::new(g.below(24) as u32, 15 * g.below(4) as u32).unwrap(), recipient_time_zone: g.chance(rtz) })
}

pub fn attr_cond(g: &mut Gen) -> Condition {
    let tiers = ["pro", "basic", "free"];
    match g.below(9) {
        0 => Condition::Attr { name: "tier".into(), op: AttrOp::Eq(AttrValue::Str(g.pick(&tiers).to_string())) },
        1 => Condition::Attr { name: "tier".into(), op: AttrOp::Ne(AttrValue::Str(g.pick(&tiers).to_string())) },
        2 => Condition::Attr { name: "tier".into(), op: AttrOp::In(vec![AttrValue::Str("pro".into()), AttrValue::Num(3.0)]) },
        3 => Condition::Attr { name: "score".into(), op: AttrOp::Gte(g.below(100) as f64) },
        4 => Condition::Attr { name: "score".into(), op: AttrOp::Lte(g.below(100) as f64) },
        5 => Condition::Attr { name: "tier".into(), op: AttrOp::Contains("r".into()) },
        6 => Condition::Attr { name: "vip".into(), op: AttrOp::Eq(AttrValue::Bool(true)) },
        7 => Condition::Attr { name: "missing".into(), op: AttrOp::Ne(AttrValue::Num(1.0)) },
        _ => Condition::Attr { name: "score".into(), op: AttrOp::Eq(AttrValue::Num(g.below(10) as f64)) },
    }
}

pub fn random_condition(g: &mut Gen, emails: &[String], programs: &[String], streams: &[String], depth: u32) -> Condition {
    let k = if depth > 2 { g.below(8) } else { g.below(12) };
    match k {
        0 => Condition::Clicked(ContentId(g.pick(emails).clone())),
        1 => Condition::Opened(ContentId(g.pick(emails).clone())),
        2 => Condition::Received(ContentId(g.pick(emails).clone())),
        3 => Condition::Exhausted(g.chance(50)),
        4 | 5 => attr_cond(g),
        6 => Condition::InStream(StreamId(g.pick(streams).clone())),
        7 if !programs.is_empty() => if g.chance(50) { Condition::ProgramMember(ContentId(g.pick(programs).clone())) } else { Condition::ProgramSuccess(ContentId(g.pick(programs).clone())) },
        7 => Condition::Unsubscribed(g.chance(50)),
        8 => Condition::Not(Box::new(random_condition(g, emails, programs, streams, depth + 1))),
        9 => Condition::Any(vec![random_condition(g, emails, programs, streams, depth + 1), random_condition(g, emails, programs, streams, depth + 1)]),
        10 => Condition::Unsubscribed(g.chance(50)),
        _ => Condition::All(vec![random_condition(g, emails, programs, streams, depth + 1), random_condition(g, emails, programs, streams, depth + 1)]),
    }
}

pub fn random_person_attrs(g: &mut Gen, p: &mut std::collections::BTreeMap<String, AttrValue>) {
    if g.chance(85) { p.insert("tier".into(), AttrValue::Str(g.pick(&["pro", "basic", "free"]).to_string())); }
    if g.chance(20) { p.insert("tier".into(), AttrValue::Num(3.0)); }
    if g.chance(80) { p.insert("score".into(), AttrValue::Num(g.below(100) as f64)); }
    if g.chance(50) { p.insert("vip".into(), AttrValue::Bool(g.chance(50))); }
}

/// How large and how changing the random plans are.
#[derive(Clone, Copy, Debug)]
pub struct Profile {
    /// Sometimes large catalogs (60+ emails) and populations (50–300
    /// people); otherwise 1–10 people, which keeps per-person checks
    /// (explain replays every person) fast.
    pub large: bool,
    /// Events may change stream content, cadences and program status;
    /// without them content never changes during the run, so sends can be
    /// checked against the plan's flags.
    pub content_events: bool,
}

/// Every feature: rules of every kind, attribute, audience and multiplier
/// conditions, recipient time zones, limits, history with seconds, and
/// every kind of event.
pub const EVERYTHING: Profile = Profile { large: true, content_events: true };

/// A random, valid plan.
pub fn random_plan(seed: u64, profile: Profile) -> Plan {
    let mut g = Gen(seed);
    let big = profile.large && g.chance(15);
    // Dated history lies before the window (plan format: `at` before
    // `simulation.start`); the loader refuses it otherwise.
    let start = parse_instant(if g.chance(70) { "2027-01-01T00:00:00Z" } else { "2027-01-09T13:00:00Z" }).unwrap();
    let rtz = *g.pick(&[0u64, 0, 20, 50]);
    let mut plan = Plan::empty("random");
    plan.workspace.time_zone = *g.pick(&[chrono_tz::Tz::UTC, chrono_tz::Tz::America__New_York, chrono_tz::Tz::Asia__Kolkata, chrono_tz::Tz::Europe__Berlin, chrono_tz::Tz::Pacific__Kiritimati]);
    plan.workspace.week_start = if g.chance(50) { WeekStart::Sunday } else { WeekStart::Monday };
    if g.chance(65) {
        plan.workspace.communication_limits = Some(CommunicationLimits { enforced: g.chance(90),
            per_day: g.chance(60).then(|| 1 + g.below(3) as u32), per_7_days: g.chance(70).then(|| 1 + g.below(5) as u32) });
    }
    let n_emails = if big { 60 + g.below(80) as usize } else { 1 + g.below(12) as usize };
    let emails: Vec<String> = (0..n_emails).map(|i| format!("e{i}")).collect();
    for id in &emails {
        plan.emails.push(Email { id: ContentId(id.clone()), name: None, subject: None, approved: g.chance(90), operational: false });
    }
    let n_programs = g.below(5) as usize;
    let programs: Vec<String> = (0..n_programs).map(|i| format!("cp{i}")).collect();
    let mut stream_ids = Vec::new();
    let n_eps = 1 + g.below(3) as usize;
    let mut shape = Vec::new();
    for e in 0..n_eps {
        let n_streams = 1 + g.below(4) as usize;
        let ids: Vec<String> = (0..n_streams).map(|s| format!("ep{e}-s{s}")).collect();
        stream_ids.extend(ids.clone());
        shape.push(ids);
    }
    for id in &programs {
        let audience = g.chance(60).then(|| if g.chance(50) { attr_cond(&mut g) } else { random_condition(&mut g, &emails, &[], &stream_ids, 1) });
        plan.programs.push(ContentProgram { id: ContentId(id.clone()), name: None, kind: ProgramKind::Default, audience });
    }
    let pool_all: Vec<ContentRef> = emails.iter().map(|i| ContentRef::Email(ContentId(i.clone())))
        .chain(programs.iter().map(|i| ContentRef::Program(ContentId(i.clone())))).collect();
    let mk_item = |g: &mut Gen, plan: &Plan, c: ContentRef| {
        let approved = match &c { ContentRef::Email(id) => plan.emails.iter().any(|m| m.id == *id && m.approved), ContentRef::Program(_) => true };
        let mut it = ContentItem::new(c);
        it.active = approved && g.chance(88);
        it.archived = g.chance(4);
        if g.chance(12) {
            let from = day("2027-01-01") + chrono::Days::new(g.below(60));
            if g.chance(70) { it.available_from = Some(from); }
            it.available_through = Some(from + chrono::Days::new(g.below(30)));
        }
        it
    };
    for (e, ids) in shape.iter().enumerate() {
        let mut streams = Vec::new();
        for id in ids {
            let mut content = Vec::new();
            let pct = if big { 80 } else { 60 };
            for c in pool_all.clone() { if g.chance(pct) { content.push(mk_item(&mut g, &plan, c)); } }
            let i = g.below(content.len() as u64 + 1) as usize;
            let len = content.len();
            content.rotate_left(i.min(len));
            let transition_rules = (0..*g.pick(&[0usize, 0, 1, 1, 2])).map(|_| random_condition(&mut g, &emails, &programs, &stream_ids, 1)).collect();
            streams.push(Stream { id: StreamId(id.clone()), name: None, cadence: random_cadence(&mut g, rtz), content, transition_rules });
        }
        plan.engagement_programs.push(EngagementProgram { id: EpId(format!("ep{e}")), name: None, active: g.chance(90), streams });
    }
    let n_people = if !profile.large {
        1 + g.below(10) as usize
    } else if g.chance(30) {
        50 + g.below(250) as usize
    } else {
        1 + g.below(20) as usize
    };
    for i in 0..n_people {
        let mut p = Person::new(format!("p{i}"));
        p.email = g.chance(93).then(|| format!("p{i}@example.com"));
        p.time_zone = *g.pick(&ZONES);
        p.unsubscribed = g.chance(6);
        p.marketing_suspended = g.chance(3);
        p.email_invalid = g.chance(3);
        random_person_attrs(&mut g, &mut p.attributes);
        plan.people.push(p);
        for (e, ids) in shape.iter().enumerate() {
            if g.chance(75) {
                plan.memberships.push(Membership { person: PersonId(format!("p{i}")), program: EpId(format!("ep{e}")),
                    stream: StreamId(g.pick(ids).clone()), cadence: if g.chance(8) { PersonCadence::Paused } else { PersonCadence::Normal },
                    added_at: parse_instant("2026-12-31T00:00:00Z").unwrap().plus_hours(g.below(24 * 40) as i64) });
            }
        }
        for _ in 0..g.below(3) {
            plan.history.push(HistoryEntry { person: PersonId(format!("p{i}")), email: ContentId(g.pick(&emails).clone()),
                at: g.chance(70).then(|| start.plus_hours(-1 - g.below(24 * 12) as i64)
                    .plus_micros(if g.chance(15) { 17_000_123 } else { 0 })),
                engagement: g.chance(50), opened: g.chance(30), clicked: g.chance(20) });
        }
        if !programs.is_empty() && g.chance(15) {
            plan.program_history.push(ProgramHistoryEntry { person: PersonId(format!("p{i}")), program: ContentId(g.pick(&programs).clone()),
                status: if g.chance(50) { ProgramStatus::Success } else { ProgramStatus::Member }, at: None });
        }
    }
    if g.chance(85) {
        let prob = |g: &mut Gen, max: u64| -> Option<f64> { match g.below(6) { 0 => None, 1 => Some(0.0), 2 => Some(1.0), _ => Some(g.below(max) as f64 / 100.0) } };
        let mut content = std::collections::BTreeMap::new();
        for _ in 0..g.below(4) {
            let c = g.pick(&pool_all).id().clone();
            content.insert(c, Probabilities { open: prob(&mut g, 100), click: prob(&mut g, 100), unsubscribe: prob(&mut g, 20), success: prob(&mut g, 100) });
        }
        let multipliers = (0..g.below(4)).map(|_| Multiplier {
            when: if g.chance(50) { attr_cond(&mut g) } else { random_condition(&mut g, &emails, &programs, &stream_ids, 1) },
            factors: Probabilities { open: g.chance(60).then(|| *g.pick(&[0.0, 0.5, 1.3, 2.0, 10.0])), click: g.chance(60).then(|| *g.pick(&[0.0, 0.5, 1.5, 3.0])),
                unsubscribe: g.chance(40).then(|| *g.pick(&[0.0, 0.5, 2.0])), success: g.chance(40).then(|| *g.pick(&[0.0, 0.5, 2.0])) },
        }).collect();
        plan.behavior = Some(Behavior { seed: g.next(),
            default: Probabilities { open: Some(g.below(100) as f64 / 100.0), click: Some(g.below(100) as f64 / 100.0),
                unsubscribe: g.chance(80).then(|| g.below(15) as f64 / 100.0), success: Some(g.below(100) as f64 / 100.0) },
            content, multipliers });
    }
    let n_events = if g.chance(20) { 0 } else { g.below(25) };
    for _ in 0..n_events {
        let at = parse_instant("2026-12-30T00:00:00Z").unwrap().plus_hours(g.below(24 * 75) as i64)
            .plus_micros(if g.chance(20) { 0 } else { 60_000_000 * g.below(60) as i64 });
        let e = g.below(n_eps as u64) as usize;
        let person = PersonId(format!("p{}", g.below(n_people as u64)));
        let program = EpId(format!("ep{e}"));
        let stream = StreamId(g.pick(&shape[e]).clone());
        // Kinds 7 and up change content, cadences or program status.
        let kind = match g.below(if profile.content_events { 14 } else { 7 }) {
            0 => EventKind::Pause { person, program },
            1 => EventKind::Resume { person, program },
            2 => EventKind::Move { person, program, stream },
            3 => EventKind::SetPerson { person, patch: PersonPatch { unsubscribed: Some(g.chance(50)), ..Default::default() } },
            4 => {
                let mut attributes = Default::default();
                random_person_attrs(&mut g, &mut attributes);
                EventKind::SetPerson { person, patch: PersonPatch {
                    email: g.chance(20).then(|| g.chance(50).then(|| "x@example.com".to_string())),
                    time_zone: g.chance(20).then(|| *g.pick(&ZONES)),
                    marketing_suspended: g.chance(20).then(|| g.chance(50)),
                    email_invalid: g.chance(20).then(|| g.chance(50)),
                    unsubscribed: g.chance(10).then(|| g.chance(50)),
                    attributes } }
            }
            5 => EventKind::AddMember { person, program, stream, cadence: if g.chance(20) { PersonCadence::Paused } else { PersonCadence::Normal } },
            6 => EventKind::RemoveMember { person, program },
            7 => EventKind::MoveContent { program, stream, content: g.pick(&pool_all).id().clone(), to_index: g.below(5) as usize },
            8 => {
                let content = g.pick(&pool_all).clone();
                // R-CO-2: only an approved email can be made active.
                let approved = match &content { ContentRef::Email(id) => plan.emails.iter().any(|m| m.id == *id && m.approved), ContentRef::Program(_) => true };
                EventKind::SetContent { program, stream, content: content.id().clone(), active: g.chance(70).then(|| approved && g.chance(50)),
                archived: g.chance(20).then(|| g.chance(50)), available_from: g.chance(20).then(|| g.chance(50).then(|| day("2027-01-20"))),
                available_through: g.chance(20).then(|| g.chance(50).then(|| day("2027-02-10"))) }
            }
            9 => {
                let mut cadence = random_cadence(&mut g, rtz);
                if let Some(c) = cadence.as_mut().filter(|c| c.recipient_time_zone) {
                    // R-CA-10: the first cast is processed 25 hours or more after the event.
                    c.first_cast = c.first_cast.max(at.date_in(chrono_tz::Tz::UTC) + chrono::Days::new(4));
                }
                EventKind::SetCadence { program, stream, cadence }
            }
            10 => EventKind::SetProgramActive { program, active: g.chance(60) },
            11 => { let c = g.pick(&pool_all).clone(); let it = mk_item(&mut g, &plan, c); EventKind::AddContent { program, stream, item: it, to_index: g.chance(60).then(|| g.below(4) as usize) } }
            12 => EventKind::RemoveContent { program, stream, content: g.pick(&pool_all).id().clone() },
            _ => EventKind::Pause { person, program },
        };
        plan.events.push(Event { at, kind });
    }
    plan.simulation = Some(SimulationWindow { start, end: start.plus_hours(24 * (30 + g.below(70) as i64)) });
    plan
}
