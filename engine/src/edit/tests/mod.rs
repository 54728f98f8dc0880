//! Tests of the edit model. Every test that applies an edit goes through
//! [`ok`] or [`refused`], which also check the module's invariants: a
//! refused edit leaves the plan equal to before, an applied edit leaves a
//! plan the loader accepts, and its undo record restores the plan.

mod bulk;
mod events;
mod fuzz;
mod import;
mod items;
mod library;
mod members;
mod programs;
mod settings;
mod streams;
mod undo;

use super::*;
use crate::model::*;
use crate::plan::{plan_from_json, plan_to_json};
use crate::time::{parse_date, parse_instant, Date, Instant, Weekday};

/// The app's "now" in these tests.
pub(super) fn now() -> Instant {
    at("2027-01-01T00:00:00Z")
}

pub(super) fn at(s: &str) -> Instant {
    parse_instant(s).unwrap()
}

pub(super) fn date(s: &str) -> Date {
    parse_date(s).unwrap()
}

pub(super) fn cid(s: &str) -> ContentId {
    ContentId::new(s)
}

pub(super) fn sid(s: &str) -> StreamId {
    StreamId::new(s)
}

pub(super) fn eid(s: &str) -> EpId {
    EpId::new(s)
}

pub(super) fn pid(s: &str) -> PersonId {
    PersonId::new(s)
}

pub(super) fn weekly(days: &[Weekday], first: &str, rtz: bool) -> Cadence {
    Cadence {
        pattern: Pattern::Weekly(WeekdaySet::from_days(days).unwrap()),
        every: 1,
        first_cast: date(first),
        time: TimeOfDay::new(9, 0).unwrap(),
        recipient_time_zone: rtz,
    }
}

fn email(id: &str, name: &str, approved: bool, operational: bool) -> Email {
    Email { id: cid(id), name: Some(name.into()), subject: Some(format!("About {name}")), approved, operational }
}

fn item(r: ContentRef, active: bool) -> ContentItem {
    ContentItem { active, ..ContentItem::new(r) }
}

fn e(id: &str) -> ContentRef {
    ContentRef::Email(cid(id))
}

fn p(id: &str) -> ContentRef {
    ContentRef::Program(cid(id))
}

fn stream(id: &str, name: &str, cadence: Option<Cadence>, content: Vec<ContentItem>, rules: Vec<Condition>) -> Stream {
    Stream { id: sid(id), name: Some(name.into()), cadence, content, transition_rules: rules }
}

fn membership(person: &str, program: &str, stream: &str, cadence: PersonCadence) -> Membership {
    Membership {
        person: pid(person),
        program: eid(program),
        stream: sid(stream),
        cadence,
        added_at: at("2026-12-01T00:00:00Z"),
    }
}

/// A small plan touching every part of the model.
///
/// - emails: e-welcome (Welcome), e-case (Case study), e-news (Newsletter)
///   approved; e-draft (Draft) unapproved; e-receipt (Receipt) operational.
/// - programs: p-webinar (Spring webinar, audience score ≥ 10), p-ebook.
/// - ep-new "New prospects" (active):
///   - s-early "Early stage", weekly Tue 09:00 from 2027-01-05:
///     Welcome (active), Case study (active), Spring webinar, Draft
///   - s-engaged "Engaged", no cadence: Newsletter (active); rule
///     all[opened e-welcome, score ≥ 50]
/// - ep-old "Old leads" (inactive): s-old "Main": Welcome; rule received
///   e-case
/// - people 1001..1003; 1001 in s-early, 1002 paused in s-engaged.
/// - history: 1001 got e-welcome; program history: 1002 in p-ebook.
/// - behaviour: seed 7, Welcome override, a multiplier on in_stream
///   s-engaged.
/// - events: set_content e-case in s-early; add_content e-case to
///   s-engaged; set_program_active ep-old.
pub(super) fn sample() -> Plan {
    let score = |op| Condition::Attr { name: "score".into(), op };
    let mut plan = Plan::empty("Test");
    plan.emails = vec![
        email("e-welcome", "Welcome", true, false),
        email("e-case", "Case study", true, false),
        email("e-news", "Newsletter", true, false),
        email("e-draft", "Draft", false, false),
        email("e-receipt", "Receipt", true, true),
    ];
    plan.programs = vec![
        ContentProgram {
            id: cid("p-webinar"),
            name: Some("Spring webinar".into()),
            kind: ProgramKind::Event,
            audience: Some(score(AttrOp::Gte(10.0))),
        },
        ContentProgram { id: cid("p-ebook"), name: Some("Ebook".into()), kind: ProgramKind::Default, audience: None },
    ];
    plan.engagement_programs = vec![
        EngagementProgram {
            id: eid("ep-new"),
            name: Some("New prospects".into()),
            active: true,
            streams: vec![
                stream(
                    "s-early",
                    "Early stage",
                    Some(weekly(&[Weekday::Tue], "2027-01-05", false)),
                    vec![
                        item(e("e-welcome"), true),
                        item(e("e-case"), true),
                        item(p("p-webinar"), false),
                        item(e("e-draft"), false),
                    ],
                    vec![],
                ),
                stream(
                    "s-engaged",
                    "Engaged",
                    None,
                    vec![item(e("e-news"), true)],
                    vec![Condition::All(vec![Condition::Opened(cid("e-welcome")), score(AttrOp::Gte(50.0))])],
                ),
            ],
        },
        EngagementProgram {
            id: eid("ep-old"),
            name: Some("Old leads".into()),
            active: false,
            streams: vec![stream(
                "s-old",
                "Main",
                None,
                vec![item(e("e-welcome"), false)],
                vec![Condition::Received(cid("e-case"))],
            )],
        },
    ];
    plan.people = vec![Person::new("1001"), Person::new("1002"), Person::new("1003")];
    plan.memberships = vec![
        membership("1001", "ep-new", "s-early", PersonCadence::Normal),
        membership("1002", "ep-new", "s-engaged", PersonCadence::Paused),
    ];
    plan.history = vec![HistoryEntry {
        person: pid("1001"),
        email: cid("e-welcome"),
        at: Some(at("2026-11-01T09:00:00Z")),
        engagement: true,
        opened: true,
        clicked: false,
    }];
    plan.program_history = vec![ProgramHistoryEntry {
        person: pid("1002"),
        program: cid("p-ebook"),
        status: ProgramStatus::Member,
        at: None,
    }];
    let mut content = std::collections::BTreeMap::new();
    content.insert(cid("e-welcome"), Probabilities { open: Some(0.5), ..Probabilities::default() });
    plan.behavior = Some(Behavior {
        seed: 7,
        default: Probabilities { open: Some(0.2), click: Some(0.05), unsubscribe: Some(0.001), success: Some(0.1) },
        content,
        multipliers: vec![Multiplier {
            when: Condition::InStream(sid("s-engaged")),
            factors: Probabilities { open: Some(1.5), ..Probabilities::default() },
        }],
    });
    plan.events = vec![
        Event {
            at: at("2027-02-01T00:00:00Z"),
            kind: EventKind::SetContent {
                program: eid("ep-new"),
                stream: sid("s-early"),
                content: cid("e-case"),
                active: Some(false),
                archived: None,
                available_from: None,
                available_through: None,
            },
        },
        Event {
            at: at("2027-03-01T00:00:00Z"),
            kind: EventKind::AddContent {
                program: eid("ep-new"),
                stream: sid("s-engaged"),
                item: item(e("e-case"), true),
                to_index: None,
            },
        },
        Event {
            at: at("2027-03-05T00:00:00Z"),
            kind: EventKind::SetProgramActive { program: eid("ep-old"), active: true },
        },
    ];
    plan.simulation = Some(SimulationWindow { start: at("2027-01-01T00:00:00Z"), end: at("2027-06-01T00:00:00Z") });
    plan
}

/// The plan as the loader sees it: saved and read back, or the errors.
pub(super) fn check_valid(plan: &Plan) -> Result<(), String> {
    plan_from_json(&plan_to_json(plan)).map(|_| ()).map_err(|e| e.to_string())
}

/// Applies an edit that must succeed, checking that the plan stays valid
/// and that the undo record restores the plan before it.
#[track_caller]
pub(super) fn ok(plan: &mut Plan, edit: Edit) -> Applied {
    let before = plan.clone();
    let (applied, undo) = match apply_with_undo(plan, &edit, now()) {
        Ok(x) => x,
        Err(e) => panic!("edit {edit:?} refused: {e}"),
    };
    if let Err(e) = check_valid(plan) {
        panic!("edit {edit:?} left an invalid plan:\n{e}");
    }
    assert_eq!(applied.changed, plan != &before, "`changed` must say whether the plan changed: {edit:?}");
    let mut reverted = plan.clone();
    undo.revert(&mut reverted);
    assert!(reverted == before, "undo of {edit:?} does not restore the plan");
    // `apply` without undo does the same.
    let mut again = before;
    assert_eq!(apply(&mut again, &edit, now()), Ok(applied.clone()));
    assert!(&again == plan);
    applied
}

/// Applies an edit that must be refused, checking the plan is untouched.
#[track_caller]
pub(super) fn refused(plan: &Plan, edit: Edit) -> EditError {
    let mut p = plan.clone();
    let err = match apply(&mut p, &edit, now()) {
        Ok(a) => panic!("edit {edit:?} was applied: {}", a.description),
        Err(e) => e,
    };
    assert!(&p == plan, "refused edit {edit:?} changed the plan");
    let mut q = plan.clone();
    assert_eq!(apply_with_undo(&mut q, &edit, now()).map(|_| ()), Err(err.clone()));
    assert!(&q == plan);
    err
}

pub(super) fn stream_of<'p>(plan: &'p Plan, id: &str) -> &'p Stream {
    plan.engagement_programs.iter().flat_map(|ep| &ep.streams).find(|s| s.id.as_str() == id).unwrap()
}

pub(super) fn ids(s: &Stream) -> Vec<&str> {
    s.content.iter().map(|i| i.content.id().as_str()).collect()
}

pub(super) fn item_of<'p>(plan: &'p Plan, stream: &str, content: &str) -> &'p ContentItem {
    stream_of(plan, stream).content.iter().find(|i| i.content.id().as_str() == content).unwrap()
}

#[test]
fn the_sample_plan_is_valid() {
    check_valid(&sample()).unwrap();
}
