//! Property tests of the cast loop's invariants over random plans
//! (engine issue: "property tests of invariants over random plans").

use engine::explain::explain;
use engine::model::*;
use engine::sim::{compile, Outcome, Simulation, VecSink};
use engine::time::{parse_date, parse_instant, Date, Instant, MICROS_PER_HOUR};
use proptest::prelude::*;
use std::collections::{HashMap, HashSet};

/// A tiny deterministic generator, so one `u64` from proptest is one plan.
struct Gen(u64);
impl Gen {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        engine::sim::draw::mix(self.0)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
}

const ZONES: [Option<chrono_tz::Tz>; 5] = [
    None,
    Some(chrono_tz::Tz::Australia__Brisbane),
    Some(chrono_tz::Tz::America__Anchorage),
    Some(chrono_tz::Tz::Europe__Berlin),
    Some(chrono_tz::Tz::Pacific__Kiritimati),
];

fn day(s: &str) -> Date {
    parse_date(s).unwrap()
}

fn random_cadence(g: &mut Gen) -> Option<Cadence> {
    if g.chance(10) {
        return None;
    }
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
    Some(Cadence {
        pattern,
        every: 1 + g.below(2) as u32,
        first_cast: first,
        time: TimeOfDay::new(g.below(24) as u32, 15 * g.below(4) as u32).unwrap(),
        recipient_time_zone: g.chance(30),
    })
}

fn random_condition(g: &mut Gen, emails: &[String], programs: &[String], streams: &[String], depth: u32) -> Condition {
    let k = if depth > 1 { g.below(7) } else { g.below(10) };
    match k {
        0 => Condition::Clicked(ContentId(g.pick(emails).clone())),
        1 => Condition::Opened(ContentId(g.pick(emails).clone())),
        2 => Condition::Received(ContentId(g.pick(emails).clone())),
        3 => Condition::Exhausted(g.chance(50)),
        4 => Condition::Attr { name: "tier".into(), op: AttrOp::Eq(AttrValue::Str(g.pick(&["pro", "basic"]).to_string())) },
        5 => Condition::InStream(StreamId(g.pick(streams).clone())),
        6 if !programs.is_empty() => Condition::ProgramMember(ContentId(g.pick(programs).clone())),
        6 => Condition::Unsubscribed(g.chance(50)),
        7 => Condition::Not(Box::new(random_condition(g, emails, programs, streams, depth + 1))),
        8 => Condition::Any(vec![
            random_condition(g, emails, programs, streams, depth + 1),
            random_condition(g, emails, programs, streams, depth + 1),
        ]),
        _ => Condition::All(vec![
            random_condition(g, emails, programs, streams, depth + 1),
            random_condition(g, emails, programs, streams, depth + 1),
        ]),
    }
}

/// A random, valid plan. With `content_events` false, stream content never
/// changes during the run, so sends can be checked against the plan's flags.
fn random_plan(seed: u64, content_events: bool) -> Plan {
    let mut g = Gen(seed);
    let mut plan = Plan::empty("random");
    plan.workspace.time_zone = *g.pick(&[chrono_tz::Tz::UTC, chrono_tz::Tz::America__New_York, chrono_tz::Tz::Asia__Kolkata, chrono_tz::Tz::Europe__Berlin]);
    plan.workspace.week_start = if g.chance(50) { WeekStart::Sunday } else { WeekStart::Monday };
    if g.chance(60) {
        plan.workspace.communication_limits = Some(CommunicationLimits {
            enforced: true,
            per_day: g.chance(60).then(|| 1 + g.below(2) as u32),
            per_7_days: g.chance(60).then(|| 1 + g.below(4) as u32),
        });
    }
    let n_emails = 1 + g.below(8) as usize;
    let emails: Vec<String> = (0..n_emails).map(|i| format!("e{i}")).collect();
    for id in &emails {
        plan.emails.push(Email { id: ContentId(id.clone()), name: None, subject: None, approved: g.chance(85), operational: false });
    }
    let n_programs = g.below(3) as usize;
    let programs: Vec<String> = (0..n_programs).map(|i| format!("cp{i}")).collect();
    let mut stream_ids = Vec::new();
    let n_eps = 1 + g.below(2) as usize;
    let mut shape = Vec::new();
    for e in 0..n_eps {
        let n_streams = 1 + g.below(3) as usize;
        let ids: Vec<String> = (0..n_streams).map(|s| format!("ep{e}-s{s}")).collect();
        stream_ids.extend(ids.clone());
        shape.push(ids);
    }
    for id in &programs {
        let audience = g.chance(50).then(|| random_condition(&mut g, &emails, &[], &stream_ids, 1));
        plan.programs.push(ContentProgram { id: ContentId(id.clone()), name: None, kind: ProgramKind::Default, audience });
    }
    for (e, ids) in shape.iter().enumerate() {
        let mut streams = Vec::new();
        for id in ids {
            let mut pool: Vec<ContentRef> = emails.iter().map(|i| ContentRef::Email(ContentId(i.clone()))).collect();
            pool.extend(programs.iter().map(|i| ContentRef::Program(ContentId(i.clone()))));
            let mut content = Vec::new();
            for c in pool {
                if !g.chance(60) {
                    continue;
                }
                let approved = match &c {
                    ContentRef::Email(id) => plan.emails.iter().any(|m| m.id == *id && m.approved),
                    ContentRef::Program(_) => true,
                };
                let mut it = ContentItem::new(c);
                it.active = approved && g.chance(85);
                it.archived = g.chance(5);
                if g.chance(15) {
                    let from = day("2027-01-01") + chrono::Days::new(g.below(40));
                    it.available_from = Some(from);
                    it.available_through = Some(from + chrono::Days::new(g.below(20)));
                }
                content.push(it);
            }
            let i = g.below(content.len() as u64 + 1) as usize;
            let len = content.len();
            content.rotate_left(i.min(len));
            let transition_rules = if g.chance(35) {
                vec![random_condition(&mut g, &emails, &programs, &stream_ids, 1)]
            } else {
                vec![]
            };
            streams.push(Stream { id: StreamId(id.clone()), name: None, cadence: random_cadence(&mut g), content, transition_rules });
        }
        plan.engagement_programs.push(EngagementProgram { id: EpId(format!("ep{e}")), name: None, active: g.chance(90), streams });
    }
    let n_people = 1 + g.below(10) as usize;
    for i in 0..n_people {
        let mut p = Person::new(format!("p{i}"));
        p.email = g.chance(92).then(|| format!("p{i}@example.com"));
        p.time_zone = *g.pick(&ZONES);
        p.unsubscribed = g.chance(8);
        p.attributes.insert("tier".into(), AttrValue::Str(g.pick(&["pro", "basic"]).to_string()));
        plan.people.push(p);
        for (e, ids) in shape.iter().enumerate() {
            if g.chance(70) {
                plan.memberships.push(Membership {
                    person: PersonId(format!("p{i}")),
                    program: EpId(format!("ep{e}")),
                    stream: StreamId(g.pick(ids).clone()),
                    cadence: if g.chance(10) { PersonCadence::Paused } else { PersonCadence::Normal },
                    added_at: parse_instant("2026-12-31T00:00:00Z").unwrap().plus_hours(g.below(24 * 30) as i64),
                });
            }
        }
        if g.chance(40) {
            plan.history.push(HistoryEntry {
                person: PersonId(format!("p{i}")),
                email: ContentId(g.pick(&emails).clone()),
                at: g.chance(70).then(|| parse_instant("2026-12-30T00:00:00Z").unwrap().plus_hours(g.below(40) as i64)),
                engagement: g.chance(50),
                opened: g.chance(30),
                clicked: g.chance(20),
            });
        }
    }
    if g.chance(80) {
        plan.behavior = Some(Behavior {
            seed: g.next(),
            default: Probabilities {
                open: Some(g.below(100) as f64 / 100.0),
                click: Some(g.below(100) as f64 / 100.0),
                unsubscribe: Some(g.below(20) as f64 / 100.0),
                success: Some(g.below(100) as f64 / 100.0),
            },
            content: Default::default(),
            multipliers: vec![Multiplier {
                when: random_condition(&mut g, &emails, &programs, &stream_ids, 1),
                factors: Probabilities { open: Some(2.0), click: Some(0.5), unsubscribe: None, success: None },
            }],
        });
    }
    // Events that do not touch content: pause/resume/move/person changes.
    for _ in 0..g.below(4) {
        let at = parse_instant("2027-01-01T00:00:00Z").unwrap().plus_hours(g.below(24 * 55) as i64);
        let e = g.below(n_eps as u64) as usize;
        let person = PersonId(format!("p{}", g.below(n_people as u64)));
        let program = EpId(format!("ep{e}"));
        let kind = match g.below(5) {
            0 => EventKind::Pause { person, program },
            1 => EventKind::Resume { person, program },
            2 => EventKind::Move { person, program, stream: StreamId(g.pick(&shape[e]).clone()) },
            3 => EventKind::SetPerson { person, patch: PersonPatch { unsubscribed: Some(g.chance(50)), ..Default::default() } },
            _ => EventKind::AddMember { person, program, stream: StreamId(g.pick(&shape[e]).clone()), cadence: PersonCadence::Normal },
        };
        plan.events.push(Event { at, kind });
    }
    if content_events {
        for _ in 0..g.below(4) {
            let at = parse_instant("2027-01-01T00:00:00Z").unwrap().plus_hours(g.below(24 * 55) as i64);
            let e = g.below(n_eps as u64) as usize;
            let program = EpId(format!("ep{e}"));
            let stream = StreamId(g.pick(&shape[e]).clone());
            let content = ContentId(g.pick(&emails).clone());
            let kind = match g.below(4) {
                0 => EventKind::MoveContent { program, stream, content, to_index: g.below(5) as usize },
                1 => EventKind::SetContent { program, stream, content, active: Some(false), archived: None, available_from: None, available_through: None },
                2 => EventKind::SetCadence { program, stream, cadence: random_cadence(&mut g) },
                _ => EventKind::SetProgramActive { program, active: g.chance(50) },
            };
            plan.events.push(Event { at, kind });
        }
    }
    plan.simulation = Some(SimulationWindow {
        start: parse_instant("2027-01-01T00:00:00Z").unwrap(),
        end: parse_instant("2027-03-01T00:00:00Z").unwrap(),
    });
    plan
}

fn run(plan: &Plan) -> Vec<(engine::sim::Row, engine::sim::Reactions)> {
    let w = plan.simulation.unwrap();
    let c = compile(plan, w.start, w.end, None).unwrap();
    let mut sim = Simulation::new(&c, VecSink::default(), false);
    sim.run();
    sim.into_sink().sorted()
}

fn config() -> ProptestConfig {
    ProptestConfig { cases: 256, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config())]

    /// R-CS-1: one row at most per person per stream cast.
    #[test]
    fn one_row_per_person_per_stream_cast(seed in any::<u64>()) {
        let plan = random_plan(seed, true);
        let mut seen = HashSet::new();
        for (r, _) in run(&plan) {
            prop_assert!(seen.insert((r.person, r.stream, r.cast_day)), "two rows for one cast: {r:?}");
        }
    }

    /// R-DD-1: an email is sent at most once to a person, and never when
    /// history already consumed it.
    #[test]
    fn no_email_is_sent_twice(seed in any::<u64>()) {
        let plan = random_plan(seed, true);
        let w = plan.simulation.unwrap();
        let c = compile(&plan, w.start, w.end, None).unwrap();
        let mut sent = HashSet::new();
        for h in &c.history {
            if h.engagement {
                sent.insert((h.person, h.content));
            }
        }
        for (r, _) in run(&plan) {
            if r.outcome == Outcome::Sent || r.outcome == Outcome::ProgramEntered || r.outcome == Outcome::ProgramFiltered {
                prop_assert!(sent.insert((r.person, r.content.unwrap())), "sent twice: {r:?}");
            }
        }
    }

    /// R-CS-3: a person paused in the plan, with no event about them, gets
    /// only `paused` rows.
    #[test]
    fn paused_people_get_nothing(seed in any::<u64>()) {
        let plan = random_plan(seed, false);
        let w = plan.simulation.unwrap();
        let c = compile(&plan, w.start, w.end, None).unwrap();
        let touched: HashSet<&str> = plan.events.iter().filter_map(|e| match &e.kind {
            EventKind::Pause { person, .. } | EventKind::Resume { person, .. } | EventKind::AddMember { person, .. }
            | EventKind::Move { person, .. } => Some(person.as_str()),
            _ => None,
        }).collect();
        let paused: HashSet<(u32, u32)> = c.memberships.iter()
            .filter(|m| m.paused && !touched.contains(c.person_ids[m.person as usize].as_str()))
            .map(|m| (m.person, m.ep)).collect();
        for (r, _) in run(&plan) {
            if paused.contains(&(r.person, r.ep)) {
                prop_assert_eq!(r.outcome, Outcome::Paused);
            }
        }
    }

    /// R-CS-2, R-CO-3, R-CO-4: only active, unarchived content inside its
    /// window is ever delivered.
    #[test]
    fn unavailable_content_is_never_sent(seed in any::<u64>()) {
        let plan = random_plan(seed, false);
        let w = plan.simulation.unwrap();
        let c = compile(&plan, w.start, w.end, None).unwrap();
        for (r, _) in run(&plan) {
            if let Some(content) = r.content {
                let item = c.streams[r.stream as usize].items.iter().find(|i| i.content == content).unwrap();
                prop_assert!(item.active && !item.archived && item.available_on(r.cast_day), "{r:?} {item:?}");
            }
        }
    }

    /// R-LIM-1, R-LIM-2: limits are never exceeded, history included.
    #[test]
    fn limits_are_never_exceeded(seed in any::<u64>()) {
        let plan = random_plan(seed, true);
        let Some(l) = plan.workspace.communication_limits.filter(|l| l.enforced) else { return Ok(()) };
        let w = plan.simulation.unwrap();
        let c = compile(&plan, w.start, w.end, None).unwrap();
        let tz = plan.workspace.time_zone;
        let mut sends: HashMap<u32, Vec<Instant>> = HashMap::new();
        for h in &c.history {
            if let Some(at) = h.at { sends.entry(h.person).or_default().push(at); }
        }
        for (r, _) in run(&plan) {
            if r.outcome == Outcome::Sent { sends.entry(r.person).or_default().push(r.at); }
        }
        for (p, mut ts) in sends {
            ts.sort();
            for (i, t) in ts.iter().enumerate() {
                if t < &w.start { continue; }
                if let Some(limit) = l.per_day {
                    let same = ts[..=i].iter().filter(|s| s.date_in(tz) == t.date_in(tz)).count();
                    prop_assert!(same as u32 <= limit, "person {p}: {same} sends on one day");
                }
                if let Some(limit) = l.per_7_days {
                    let window = ts[..=i].iter().filter(|s| s.0 > t.0 - 168 * MICROS_PER_HOUR).count();
                    prop_assert!(window as u32 <= limit, "person {p}: {window} sends in 7 days");
                }
            }
        }
    }

    /// R-BH-2: the same plan gives the same log, row for row.
    #[test]
    fn same_seed_same_log(seed in any::<u64>()) {
        let plan = random_plan(seed, true);
        prop_assert_eq!(run(&plan), run(&plan));
    }

    /// Explain replays one person alone and agrees with the full log.
    #[test]
    fn explain_agrees_with_the_full_log(seed in any::<u64>()) {
        let plan = random_plan(seed, true);
        let w = plan.simulation.unwrap();
        let c = compile(&plan, w.start, w.end, None).unwrap();
        let rows = run(&plan);
        for (pi, person) in plan.people.iter().enumerate() {
            let want: Vec<(Instant, String, String)> = rows.iter()
                .filter(|(r, _)| r.person == pi as u32)
                .map(|(r, _)| (r.at, c.streams[r.stream as usize].id.clone(), r.outcome.as_str().to_owned()))
                .collect();
            let got: Vec<(Instant, String, String)> = explain(&plan, person.id.as_str()).unwrap().into_iter()
                .filter(|e| e.outcome != "moved")
                .map(|e| (e.at, e.stream, e.outcome))
                .collect();
            prop_assert_eq!(got, want, "person {}", person.id);
        }
    }
}
