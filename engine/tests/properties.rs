//! Property tests of the cast loop's invariants over random plans
//! (engine issue: "property tests of invariants over random plans").

use engine::explain::explain;
use engine::model::*;
use engine::sim::{compile, Outcome, Simulation, VecSink};
use engine::time::{Instant, MICROS_PER_HOUR};
use proptest::prelude::*;
use std::collections::{HashMap, HashSet};

mod common;
use common::{random_plan, Profile};

/// Content may change during the run (events of every kind).
const CHANGING: Profile = Profile { large: false, content_events: true };
/// Content never changes during the run.
const FIXED_CONTENT: Profile = Profile { large: false, content_events: false };

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
        let plan = random_plan(seed, CHANGING);
        let mut seen = HashSet::new();
        for (r, _) in run(&plan) {
            prop_assert!(seen.insert((r.person, r.stream, r.cast_day)), "two rows for one cast: {r:?}");
        }
    }

    /// R-DD-1: an email is sent at most once to a person, and never when
    /// history already consumed it.
    #[test]
    fn no_email_is_sent_twice(seed in any::<u64>()) {
        let plan = random_plan(seed, CHANGING);
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
        let plan = random_plan(seed, FIXED_CONTENT);
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
        let plan = random_plan(seed, FIXED_CONTENT);
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
        let plan = random_plan(seed, CHANGING);
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
        let plan = random_plan(seed, CHANGING);
        prop_assert_eq!(run(&plan), run(&plan));
    }

    /// Explain replays one person alone and agrees with the full log.
    #[test]
    fn explain_agrees_with_the_full_log(seed in any::<u64>()) {
        let plan = random_plan(seed, CHANGING);
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
