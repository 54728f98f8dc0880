//! Bulk membership edits: R-ME-1 (skips), R-ME-2, R-ME-4, R-TR-3; one
//! undo step each, and a 100,000-person round trip.

use super::*;

fn people(ids: &[&str]) -> Vec<PersonId> {
    ids.iter().map(|s| pid(s)).collect()
}

fn add_all(ids: &[&str], stream: &str) -> Edit {
    Edit::AddMembers {
        people: people(ids),
        program: eid("ep-new"),
        stream: sid(stream),
        cadence: PersonCadence::Normal,
    }
}

fn skipped(a: &Applied) -> Vec<(&str, &str, Option<&str>)> {
    a.skipped.iter().map(|s| (s.name.as_str(), s.reason.as_str(), s.rule)).collect()
}

#[test]
fn r_me_1_bulk_add_skips_members_and_reports_them() {
    let mut plan = sample();
    plan.people.push(Person::new("1004"));
    let a = ok(&mut plan, add_all(&["1001", "1003", "1004", "1002"], "s-engaged"));
    assert_eq!(a.description, "Added 2 people to New prospects in Engaged; skipped 2 already members (R-ME-1)");
    assert_eq!(
        skipped(&a),
        [
            ("1001", "already a member of New prospects (in Early stage)", Some("R-ME-1")),
            ("1002", "already a member of New prospects (in Engaged)", Some("R-ME-1")),
        ]
    );
    assert_eq!(a.skipped[0].subject, Subject::Person(pid("1001")));
    // R-ME-3: added at now; the existing memberships are untouched.
    let added: Vec<(&str, &str, Instant)> =
        plan.memberships[2..].iter().map(|m| (m.person.as_str(), m.stream.as_str(), m.added_at)).collect();
    assert_eq!(added, [("1003", "s-engaged", now()), ("1004", "s-engaged", now())]);
    assert_eq!(plan.memberships[0], membership("1001", "ep-new", "s-early", PersonCadence::Normal));
}

#[test]
fn adding_only_members_changes_nothing_and_records_no_undo() {
    let mut plan = sample();
    let a = ok(&mut plan, add_all(&["1001", "1002"], "s-early"));
    assert!(!a.changed);
    assert_eq!(a.description, "Added 0 people to New prospects in Early stage; skipped 2 already members (R-ME-1)");
    let mut h = History::new();
    h.apply(&mut plan, add_all(&["1001"], "s-early"), now()).unwrap();
    assert!(!h.can_undo());
}

#[test]
fn a_person_listed_twice_is_added_once() {
    let mut plan = sample();
    let a = ok(&mut plan, add_all(&["1003", "1003"], "s-early"));
    assert_eq!(a.description, "Added 1 person to New prospects in Early stage; skipped 1 listed twice");
    assert_eq!(plan.memberships.iter().filter(|m| m.person.as_str() == "1003").count(), 1);
}

#[test]
fn unknown_people_an_empty_list_and_foreign_streams_are_refused() {
    let plan = sample();
    let err = refused(&plan, add_all(&["1003", "x1", "x2", "x3"], "s-early"));
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert_eq!(err.to_string(), "There is no person with id \u{201c}x1\u{201d} (and 2 more unknown)");
    let err = refused(&plan, add_all(&[], "s-early"));
    assert_eq!(err.to_string(), "No people chosen: the action needs at least one person");
    let err = refused(&plan, add_all(&["1003"], "s-old"));
    assert_eq!(err.to_string(), "New prospects has no stream with id \"s-old\"");
    let err =
        refused(&plan, Edit::MoveMembers { people: people(&["1001"]), program: eid("ep-new"), stream: sid("s-old") });
    assert_eq!(err.kind, ErrorKind::NotFound);
    let err = refused(&plan, Edit::RemoveMembers { people: people(&["1001"]), program: eid("nope") });
    assert_eq!(err.kind, ErrorKind::NotFound);
}

#[test]
fn r_me_2_bulk_pause_and_resume_skip_who_is_already_so() {
    let mut plan = sample();
    let pause =
        |ids: &[&str], cadence| Edit::SetMembersCadence { people: people(ids), program: eid("ep-new"), cadence };
    let a = ok(&mut plan, pause(&["1001", "1002", "1003"], PersonCadence::Paused));
    assert_eq!(a.description, "Paused 1 person in New prospects; skipped 1 already paused, 1 not members");
    assert_eq!(
        skipped(&a),
        [("1002", "already paused in New prospects", Some("R-ME-2")), ("1003", "not a member of New prospects", None)]
    );
    assert!(plan.memberships.iter().all(|m| m.cadence == PersonCadence::Paused));
    let a = ok(&mut plan, pause(&["1001", "1002"], PersonCadence::Normal));
    assert_eq!(a.description, "Resumed 2 people in New prospects");
    assert!(plan.memberships.iter().all(|m| m.cadence == PersonCadence::Normal));
}

#[test]
fn r_tr_3_bulk_move_keeps_cadence_and_membership_date() {
    let mut plan = sample();
    let before = plan.memberships.clone();
    let a = ok(
        &mut plan,
        Edit::MoveMembers {
            people: people(&["1001", "1002", "1003"]),
            program: eid("ep-new"),
            stream: sid("s-engaged"),
        },
    );
    assert_eq!(a.description, "Moved 1 person to Engaged in New prospects; skipped 1 already there, 1 not members");
    assert_eq!(plan.memberships[0], Membership { stream: sid("s-engaged"), ..before[0].clone() });
    assert_eq!(plan.memberships[1], before[1]);
}

#[test]
fn r_me_4_bulk_remove_keeps_history_and_skips_non_members() {
    let mut plan = sample();
    let history = (plan.history.clone(), plan.program_history.clone());
    let a = ok(&mut plan, Edit::RemoveMembers { people: people(&["1002", "1003", "1001"]), program: eid("ep-new") });
    assert_eq!(a.description, "Removed 2 people from New prospects; skipped 1 not members");
    assert!(plan.memberships.is_empty());
    assert_eq!((plan.history.clone(), plan.program_history.clone()), history);
}

#[test]
fn each_bulk_edit_is_one_undo_step_and_redo_gives_the_same_plan() {
    let mut plan = sample();
    let original = plan.clone();
    let mut h = History::new();
    let edits = [
        add_all(&["1003"], "s-early"),
        Edit::SetMembersCadence {
            people: people(&["1001", "1003"]),
            program: eid("ep-new"),
            cadence: PersonCadence::Paused,
        },
        Edit::MoveMembers { people: people(&["1001", "1003"]), program: eid("ep-new"), stream: sid("s-engaged") },
        Edit::RemoveMembers { people: people(&["1001", "1002"]), program: eid("ep-new") },
    ];
    let mut states = vec![plan.clone()];
    for edit in edits {
        h.apply(&mut plan, edit, now()).unwrap();
        states.push(plan.clone());
    }
    for want in states.iter().rev().skip(1) {
        h.undo(&mut plan).unwrap();
        assert!(&plan == want);
    }
    assert!(plan == original);
    for want in states.iter().skip(1) {
        h.redo(&mut plan).unwrap().unwrap();
        assert!(&plan == want);
    }
}

#[test]
fn skipped_people_are_listed_up_to_the_limit_and_counted_in_full() {
    let mut plan = Plan::empty("Big");
    plan.engagement_programs = sample().engagement_programs;
    let n = SKIPPED_LISTED + 5;
    plan.people = (0..n).map(|i| Person::new(format!("p{i}"))).collect();
    let ids: Vec<PersonId> = plan.people.iter().map(|p| p.id.clone()).collect();
    let edit = |cadence| Edit::SetMembersCadence { people: ids.clone(), program: eid("ep-new"), cadence };
    let a = apply(&mut plan, &edit(PersonCadence::Paused), now()).unwrap();
    assert!(!a.changed);
    assert_eq!(a.skipped.len(), SKIPPED_LISTED);
    assert_eq!(a.description, "Paused 0 people in New prospects; skipped 1,005 not members");
}

/// 100,000 people through every bulk edit, undone and redone: each is one
/// record, and undo restores the memberships exactly.
#[test]
fn a_hundred_thousand_people_round_trip() {
    let n = 100_000;
    let mut plan = sample();
    plan.people.extend((0..n).map(|i| Person::new(format!("b{i:06}"))));
    let everyone: Vec<PersonId> = plan.people.iter().map(|p| p.id.clone()).collect();
    let original = plan.clone();
    let mut h = History::new();
    let a = h
        .apply(
            &mut plan,
            Edit::AddMembers {
                people: everyone.clone(),
                program: eid("ep-new"),
                stream: sid("s-early"),
                cadence: PersonCadence::Normal,
            },
            now(),
        )
        .unwrap();
    assert_eq!(
        a.description,
        "Added 100,001 people to New prospects in Early stage; skipped 2 already members (R-ME-1)"
    );
    assert_eq!(plan.memberships.len(), n + 3);
    let after_add = plan.clone();
    let program = eid("ep-new");
    h.apply(
        &mut plan,
        Edit::SetMembersCadence { people: everyone.clone(), program: program.clone(), cadence: PersonCadence::Paused },
        now(),
    )
    .unwrap();
    h.apply(
        &mut plan,
        Edit::MoveMembers { people: everyone.clone(), program: program.clone(), stream: sid("s-engaged") },
        now(),
    )
    .unwrap();
    let before_remove = plan.clone();
    let a = h.apply(&mut plan, Edit::RemoveMembers { people: everyone[..n / 2].to_vec(), program }, now()).unwrap();
    assert_eq!(a.description, "Removed 50,000 people from New prospects");
    assert_eq!(plan.memberships.len(), n / 2 + 3);
    h.undo(&mut plan).unwrap();
    assert!(plan == before_remove);
    h.undo(&mut plan).unwrap();
    h.undo(&mut plan).unwrap();
    assert!(plan == after_add);
    h.undo(&mut plan).unwrap();
    assert!(plan == original);
    for _ in 0..4 {
        h.redo(&mut plan).unwrap().unwrap();
    }
    assert_eq!(plan.memberships.len(), n / 2 + 3);
    assert!(plan.memberships.iter().all(|m| m.cadence == PersonCadence::Paused && m.stream.as_str() == "s-engaged"));
    assert!(!h.can_redo());
}
