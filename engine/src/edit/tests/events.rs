//! Scheduled changes (the plan's events): adding, editing and removing
//! them as edits, the rules they are checked against, segments, and the
//! timeline's grouping.

use super::*;
use crate::edit::events::{pause_events, scheduled_changes, segment};

fn with_roles() -> Plan {
    let mut plan = sample();
    plan.people.push(Person::new("1004"));
    plan.memberships.push(membership("1003", "ep-new", "s-early", PersonCadence::Normal));
    plan.memberships.push(membership("1004", "ep-old", "s-old", PersonCadence::Normal));
    for (id, role) in [("1001", "buyer"), ("1002", "engineer"), ("1003", "buyer"), ("1004", "buyer")] {
        let p = plan.people.iter_mut().find(|p| p.id.as_str() == id).unwrap();
        p.attributes.insert("role".into(), AttrValue::Str(role.into()));
    }
    check_valid(&plan).unwrap();
    plan
}

fn buyers() -> Condition {
    Condition::Attr { name: "role".into(), op: AttrOp::Eq(AttrValue::Str("buyer".into())) }
}

#[test]
fn a_segment_is_the_programs_members_matching_the_condition() {
    let plan = with_roles();
    // 1004 is a buyer but not in ep-new; 1002 is in ep-new but an engineer.
    assert_eq!(segment(&plan, &eid("ep-new"), Some(&buyers())).unwrap(), vec![pid("1001"), pid("1003")]);
    assert_eq!(segment(&plan, &eid("ep-new"), None).unwrap().len(), 3);
    // History (R-CD-3) and streams count too.
    assert_eq!(segment(&plan, &eid("ep-new"), Some(&Condition::Opened(cid("e-welcome")))).unwrap(), vec![pid("1001")]);
    assert_eq!(segment(&plan, &eid("ep-new"), Some(&Condition::InStream(sid("s-engaged")))).unwrap(), vec![pid("1002")]);
    let e = segment(&plan, &eid("ep-new"), Some(&Condition::Exhausted(true))).unwrap_err();
    assert!(e.message.contains("exhausted"), "{e}");
    assert_eq!(segment(&plan, &eid("nope"), None).unwrap_err().kind, ErrorKind::NotFound);
}

#[test]
fn pausing_a_segment_is_one_change_on_the_timeline_and_one_undo() {
    let mut plan = with_roles();
    let people = segment(&plan, &eid("ep-new"), Some(&buyers())).unwrap();
    let when = at("2027-02-02T09:00:00Z");
    let mut history = History::new();
    let before = plan.clone();
    let a = history
        .apply(&mut plan, Edit::AddEvents { events: pause_events(&people, &eid("ep-new"), when, true) }, now())
        .unwrap();
    assert_eq!(a.description, "Scheduled pause 2 people in New prospects on Tue 2 Feb 2027 09:00");
    assert!(a.warnings.is_empty(), "{:?}", a.warnings);
    check_valid(&plan).unwrap();
    assert_eq!(plan.events.len(), before.events.len() + 2);
    let changes = scheduled_changes(&plan);
    let labels: Vec<&str> = changes.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "deactivate Case study in Early stage on Mon 1 Feb 2027 00:00",
            "pause 2 people in New prospects on Tue 2 Feb 2027 09:00",
            "add Case study to Engaged at the end (active) on Mon 1 Mar 2027 00:00",
            "switch Old leads on on Fri 5 Mar 2027 00:00",
        ]
    );
    assert_eq!(changes[1].indices, [3, 4]);
    assert_eq!(changes[1].kind, "pause");

    assert_eq!(history.undo(&mut plan).as_deref(), Some("Scheduled pause 2 people in New prospects on Tue 2 Feb 2027 09:00"));
    assert!(plan == before);
    history.redo(&mut plan).unwrap().unwrap();
    assert_eq!(scheduled_changes(&plan).len(), 4);

    // Removing the change removes both events.
    let r = ok(&mut plan, Edit::RemoveEvents { indices: changes[1].indices.clone() });
    assert!(r.description.starts_with("Removed the scheduled change pause 2 people"), "{}", r.description);
    assert!(plan == before);
}

#[test]
fn a_change_can_be_rescheduled_and_simulations_see_it() {
    let mut plan = with_roles();
    ok(&mut plan, Edit::AddEvents { events: pause_events(&[pid("1001")], &eid("ep-new"), at("2027-02-02T09:00:00Z"), true) });
    let moved: Vec<Event> = pause_events(&[pid("1001")], &eid("ep-new"), at("2027-01-04T09:00:00Z"), true);
    let a = ok(&mut plan, Edit::ReplaceEvents { indices: vec![3], events: moved.clone() });
    assert_eq!(a.description, "Changed the scheduled change to pause 1001 in New prospects on Mon 4 Jan 2027 09:00");
    assert_eq!(plan.events.last(), moved.last());
    // Paused before the first cast (5 Jan): 1001 gets nothing in the window.
    let log = crate::output::send_log(&plan).unwrap();
    assert!(!log.lines().any(|l| l.contains(",1001,") && l.ends_with(",sent")), "{log}");
    assert!(log.lines().any(|l| l.contains(",1001,") && l.contains("paused")), "{log}");
}

#[test]
fn the_rules_refuse_bad_changes_and_name_them() {
    let plan = with_roles();
    let add = |at_: &str, kind| Edit::AddEvents { events: vec![Event { at: at(at_), kind }] };
    let t = "2027-02-01T00:00:00Z";
    // Unknown program; a stream of another program.
    let e = refused(&plan, add(t, EventKind::SetProgramActive { program: eid("ep-x"), active: true }));
    assert_eq!(e.kind, ErrorKind::NotFound);
    let e = refused(
        &plan,
        add(t, EventKind::RemoveContent { program: eid("ep-new"), stream: sid("s-old"), content: cid("e-welcome") }),
    );
    assert!(e.message.contains("New prospects has no stream"), "{e}");
    // R-CO-2: a draft email cannot be scheduled active; R-CO-1: nor an operational one.
    let item = |id: &str, active| ContentItem { active, ..ContentItem::new(ContentRef::Email(cid(id))) };
    let e = refused(
        &plan,
        add(t, EventKind::AddContent { program: eid("ep-new"), stream: sid("s-engaged"), item: item("e-draft", true), to_index: None }),
    );
    assert_eq!(e.rule, Some("R-CO-2"));
    let e = refused(
        &plan,
        add(t, EventKind::AddContent { program: eid("ep-new"), stream: sid("s-engaged"), item: item("e-receipt", false), to_index: Some(0) }),
    );
    assert_eq!(e.rule, Some("R-CO-1"));
    // R-CA-10: a recipient-time-zone cadence set less than 25 hours before its first cast.
    let e = refused(
        &plan,
        add("2027-01-10T00:00:00Z", EventKind::SetCadence {
            program: eid("ep-new"),
            stream: sid("s-engaged"),
            cadence: Some(weekly(&[Weekday::Mon], "2027-01-11", true)),
        }),
    );
    assert_eq!(e.rule, Some("R-CA-10"));
    assert!(e.to_string().ends_with("(R-CA-10)"));
    // The same cadence set a week earlier is fine.
    let mut p = plan.clone();
    ok(&mut p, add("2027-01-03T00:00:00Z", EventKind::SetCadence {
        program: eid("ep-new"),
        stream: sid("s-engaged"),
        cadence: Some(weekly(&[Weekday::Mon], "2027-01-11", true)),
    }));
    // Indices out of range or repeated.
    assert_eq!(refused(&plan, Edit::RemoveEvents { indices: vec![9] }).kind, ErrorKind::OutOfRange);
    assert_eq!(refused(&plan, Edit::RemoveEvents { indices: vec![0, 0] }).kind, ErrorKind::Invalid);
}

#[test]
fn switching_on_a_101st_program_is_refused_by_replay() {
    let mut plan = sample();
    let template = plan.engagement_programs[1].clone();
    for k in 0..99 {
        let mut ep = template.clone();
        ep.id = eid(&format!("ep-{k}"));
        ep.name = Some(format!("P{k}"));
        ep.active = true;
        ep.streams[0].id = sid(&format!("s-{k}"));
        ep.streams[0].transition_rules.clear();
        plan.engagement_programs.push(ep);
    }
    // 100 active now (ep-new and 99 copies); the sample's event switches ep-old on.
    plan.events.retain(|e| !matches!(e.kind, EventKind::SetProgramActive { .. }));
    check_valid(&plan).unwrap();
    let on = |at_: &str| Event { at: at(at_), kind: EventKind::SetProgramActive { program: eid("ep-old"), active: true } };
    let off = |at_: &str| Event { at: at(at_), kind: EventKind::SetProgramActive { program: eid("ep-3"), active: false } };
    let e = refused(&plan, Edit::AddEvents { events: vec![on("2027-03-01T00:00:00Z")] });
    assert_eq!(e.rule, Some("R-EP-1"));
    // With another switched off first it fits.
    ok(&mut plan, Edit::AddEvents { events: vec![off("2027-02-01T00:00:00Z"), on("2027-03-01T00:00:00Z")] });
}

#[test]
fn changes_outside_the_window_or_on_non_members_are_warned() {
    let mut plan = with_roles();
    let a = ok(&mut plan, Edit::AddEvents {
        events: vec![Event { at: at("2027-07-01T00:00:00Z"), kind: EventKind::SetProgramActive { program: eid("ep-new"), active: false } }],
    });
    assert_eq!(a.warnings.len(), 1);
    assert!(a.warnings[0].message.contains("ignores it"), "{:?}", a.warnings);
    // 1004 is not in ep-new.
    let a = ok(&mut plan, Edit::AddEvents { events: pause_events(&[pid("1004")], &eid("ep-new"), at("2027-02-01T00:00:00Z"), true) });
    assert_eq!(a.warnings[0].rule, Some("R-ME-1"));
    // Nothing new: unchanged.
    let a = ok(&mut plan, Edit::AddEvents { events: vec![] });
    assert!(!a.changed);
}
