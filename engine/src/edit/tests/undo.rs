//! Undo and redo through [`History`].

use super::*;

fn script() -> Vec<Edit> {
    vec![
        Edit::CreateEngagementProgram { id: None, name: "Spring".into(), stream_id: None },
        Edit::AddItem { stream: sid("s-spring-default"), content: cid("e-welcome"), to_index: None },
        Edit::SetItemActive { stream: sid("s-spring-default"), content: cid("e-welcome"), active: true },
        Edit::MoveItem { from_stream: sid("s-early"), from_index: 3, to_stream: sid("s-early"), to_index: 0 },
        Edit::MoveItem { from_stream: sid("s-early"), from_index: 0, to_stream: sid("s-engaged"), to_index: 1 },
        Edit::AddMember {
            person: pid("1003"),
            program: eid("ep-new"),
            stream: sid("s-early"),
            cadence: PersonCadence::Normal,
        },
        Edit::SetMemberCadence { person: pid("1001"), program: eid("ep-new"), cadence: PersonCadence::Paused },
        Edit::SetCadence { stream: sid("s-engaged"), cadence: Some(weekly(&[Weekday::Mon], "2027-01-11", true)) },
        Edit::DeleteContent { id: cid("e-welcome"), remove_usages: true },
        Edit::SetSeed { seed: 99 },
        Edit::DeleteEngagementProgram { program: eid("ep-new"), remove_usages: true },
        Edit::SetWorkspaceName { name: Some("After".into()) },
    ]
}

#[test]
fn undo_walks_back_through_every_state_and_redo_forward() {
    let mut plan = sample();
    let mut history = History::new();
    let mut states = vec![plan.clone()];
    for edit in script() {
        let a = history.apply(&mut plan, edit.clone(), now()).unwrap_or_else(|e| panic!("{edit:?}: {e}"));
        assert!(a.changed, "{edit:?}");
        check_valid(&plan).unwrap();
        states.push(plan.clone());
    }
    assert_eq!(history.undo_len(), states.len() - 1);
    assert_eq!(history.undo_description(), Some("Renamed the workspace to After"));
    for k in (0..states.len() - 1).rev() {
        assert!(history.undo(&mut plan).is_some());
        assert!(plan == states[k], "after undoing back to state {k}");
    }
    assert_eq!(history.undo(&mut plan), None);
    assert_eq!(history.redo_description(), Some("Created engagement program Spring"));
    for state in states.iter().skip(1) {
        history.redo(&mut plan).unwrap().unwrap();
        assert!(&plan == state);
    }
    assert!(history.redo(&mut plan).is_none());
    // And back again, with the records the redo made.
    while history.undo(&mut plan).is_some() {}
    assert!(plan == states[0]);
}

#[test]
fn undo_reports_what_it_undid() {
    let mut plan = sample();
    let mut history = History::new();
    history
        .apply(
            &mut plan,
            Edit::MoveItem { from_stream: sid("s-early"), from_index: 2, to_stream: sid("s-early"), to_index: 0 },
            now(),
        )
        .unwrap();
    assert_eq!(history.undo(&mut plan).as_deref(), Some("Moved Spring webinar from position 3 to 1 in Early stage"));
    assert_eq!(ids(stream_of(&plan, "s-early")), ["e-welcome", "e-case", "p-webinar", "e-draft"]);
    let redone = history.redo(&mut plan).unwrap().unwrap();
    assert_eq!(redone.description, "Moved Spring webinar from position 3 to 1 in Early stage");
}

#[test]
fn a_new_edit_clears_redo_and_refused_or_empty_edits_are_not_recorded() {
    let mut plan = sample();
    let mut history = History::new();
    history.apply(&mut plan, Edit::SetSeed { seed: 1 }, now()).unwrap();
    history.apply(&mut plan, Edit::SetSeed { seed: 2 }, now()).unwrap();
    history.undo(&mut plan);
    assert!(history.can_redo());
    // Refused: the plan and both stacks stay.
    let before = plan.clone();
    assert!(history.apply(&mut plan, Edit::RemoveMultiplier { index: 9 }, now()).is_err());
    assert_eq!(plan, before);
    assert!(history.can_redo());
    // Changes nothing: nothing recorded, redo kept.
    history.apply(&mut plan, Edit::SetSeed { seed: 1 }, now()).unwrap();
    assert!(history.can_redo());
    assert_eq!(history.undo_len(), 1);
    assert_eq!(history.undo_descriptions().collect::<Vec<_>>(), ["Set the behaviour seed to 1"]);
    // A new change: redo is gone.
    history.apply(&mut plan, Edit::SetSeed { seed: 3 }, now()).unwrap();
    assert!(!history.can_redo());
    assert_eq!(history.undo_len(), 2);
}

#[test]
fn depth_is_limited() {
    let mut plan = sample();
    let mut history = History::with_depth(3);
    for seed in 0..10 {
        history.apply(&mut plan, Edit::SetSeed { seed: 100 + seed }, now()).unwrap();
    }
    assert_eq!(history.undo_len(), 3);
    while history.undo(&mut plan).is_some() {}
    assert_eq!(plan.behavior.as_ref().unwrap().seed, 106);
    assert_eq!(History::with_depth(0).depth(), 1);
    history.clear();
    assert!(!history.can_undo() && !history.can_redo());
}

#[test]
fn redo_after_an_outside_change_is_refused_and_dropped() {
    let mut plan = sample();
    let mut history = History::new();
    history
        .apply(&mut plan, Edit::AddItem { stream: sid("s-engaged"), content: cid("e-case"), to_index: None }, now())
        .unwrap();
    history.undo(&mut plan);
    // Another tab added it meanwhile (and the app forgot to clear).
    apply(&mut plan, &Edit::AddItem { stream: sid("s-engaged"), content: cid("e-case"), to_index: Some(0) }, now())
        .unwrap();
    let before = plan.clone();
    let err = history.redo(&mut plan).unwrap().unwrap_err();
    assert_eq!(err.rule, Some("R-CO-6"));
    assert_eq!(plan, before);
    assert!(!history.can_redo());
}

fn big_audience(n: usize) -> Plan {
    let mut plan = sample();
    for k in 0..n {
        let id = format!("p{k}");
        plan.people.push(Person::new(id.clone()));
        plan.memberships.push(Membership {
            person: pid(&id),
            program: eid(if k % 2 == 0 { "ep-new" } else { "ep-old" }),
            stream: sid(if k % 2 == 0 { "s-engaged" } else { "s-old" }),
            cadence: PersonCadence::Normal,
            added_at: at("2026-12-01T00:00:00Z"),
        });
    }
    plan
}

#[test]
fn membership_edits_record_an_inverse_not_a_copy_of_the_audience() {
    let mut plan = big_audience(20_000);
    for edit in [
        Edit::AddMember {
            person: pid("1003"),
            program: eid("ep-new"),
            stream: sid("s-early"),
            cadence: PersonCadence::Normal,
        },
        Edit::MoveMember { person: pid("p10"), program: eid("ep-new"), stream: sid("s-early") },
        Edit::SetMemberCadence { person: pid("p12"), program: eid("ep-new"), cadence: PersonCadence::Paused },
        Edit::RemoveMember { person: pid("p14"), program: eid("ep-new") },
    ] {
        let before = plan.clone();
        let (_, undo) = apply_with_undo(&mut plan, &edit, now()).unwrap();
        let size = format!("{undo:?}").len();
        assert!(size < 1_000, "{edit:?}: undo record of {size} bytes");
        let mut back = plan.clone();
        undo.revert(&mut back);
        assert!(back == before);
    }
}

#[test]
fn deleting_a_program_with_many_members_undoes_in_order() {
    let mut plan = big_audience(5_000);
    let before = plan.clone();
    let mut history = History::new();
    let a = history
        .apply(&mut plan, Edit::DeleteEngagementProgram { program: eid("ep-old"), remove_usages: true }, now())
        .unwrap();
    assert_eq!(a.description, "Deleted engagement program Old leads and its 2500 memberships; removed it from 1 place");
    assert_eq!(plan.memberships.len(), 2 + 2_500);
    history.undo(&mut plan);
    assert!(plan == before);
    history.redo(&mut plan).unwrap().unwrap();
    assert_eq!(plan.memberships.len(), 2 + 2_500);
}

#[test]
fn an_edit_inside_one_program_copies_only_that_program() {
    let mut plan = big_audience(1);
    for k in 0..50 {
        apply(&mut plan, &Edit::CreateEngagementProgram { id: None, name: format!("P{k}"), stream_id: None }, now())
            .unwrap();
    }
    let (_, undo) = apply_with_undo(
        &mut plan,
        &Edit::MoveItem { from_stream: sid("s-early"), from_index: 0, to_stream: sid("s-early"), to_index: 1 },
        now(),
    )
    .unwrap();
    let text = format!("{undo:?}");
    assert!(text.contains("One(0,"), "{text}");
    assert!(!text.contains("P49"));
}
