//! Memberships: R-ME-1 … R-ME-4, moves (R-TR-3).

use super::*;

fn add(person: &str, program: &str, stream: &str) -> Edit {
    Edit::AddMember { person: pid(person), program: eid(program), stream: sid(stream), cadence: PersonCadence::Normal }
}

#[test]
fn r_me_3_a_new_member_is_added_at_now() {
    let mut plan = sample();
    let a = ok(&mut plan, add("1003", "ep-new", "s-engaged"));
    assert_eq!(a.description, "Added 1003 to New prospects in Engaged");
    let m = plan.memberships.last().unwrap();
    assert_eq!(
        (m.person.as_str(), m.stream.as_str(), m.cadence, m.added_at),
        ("1003", "s-engaged", PersonCadence::Normal, now())
    );
    // R-EP-4: a member of several programs.
    ok(&mut plan, add("1003", "ep-old", "s-old"));
}

#[test]
fn r_me_1_adding_a_member_again_does_nothing_and_says_so() {
    let mut plan = sample();
    let a = ok(&mut plan, add("1001", "ep-new", "s-engaged"));
    assert!(!a.changed);
    assert_eq!(
        a.description,
        "1001 is already a member of New prospects (in Early stage); nothing changed. Use Move to change their stream (R-ME-1)"
    );
    let mut h = History::new();
    h.apply(&mut plan, add("1001", "ep-new", "s-engaged"), now()).unwrap();
    assert!(!h.can_undo(), "nothing to undo");
}

#[test]
fn adding_needs_a_known_person_and_a_stream_of_the_program() {
    let plan = sample();
    assert_eq!(refused(&plan, add("9999", "ep-new", "s-early")).kind, ErrorKind::NotFound);
    assert_eq!(refused(&plan, add("1003", "nope", "s-early")).kind, ErrorKind::NotFound);
    let err = refused(&plan, add("1003", "ep-new", "s-old"));
    assert_eq!(err.to_string(), "New prospects has no stream with id \"s-old\"");
    let mut p = plan.clone();
    assert_eq!(apply(&mut p, &add("1003", "ep-new", "s-early"), Instant::MAX).unwrap_err().kind, ErrorKind::Invalid);
    assert_eq!(p, plan);
}

#[test]
fn r_me_4_removing_a_member_keeps_their_history() {
    let mut plan = sample();
    let history = plan.history.clone();
    let a = ok(&mut plan, Edit::RemoveMember { person: pid("1001"), program: eid("ep-new") });
    assert_eq!(a.description, "Removed 1001 from New prospects");
    assert_eq!(plan.memberships.len(), 1);
    assert_eq!(plan.history, history);
    assert_eq!(
        refused(&plan, Edit::RemoveMember { person: pid("1001"), program: eid("ep-new") }).kind,
        ErrorKind::NotFound
    );
    // Re-adding starts a new membership.
    ok(&mut plan, add("1001", "ep-new", "s-engaged"));
    assert_eq!(plan.memberships.last().unwrap().added_at, now());
}

#[test]
fn r_tr_3_moving_a_member_keeps_cadence_and_membership_date() {
    let mut plan = sample();
    let before = plan.memberships[1].clone();
    let a = ok(&mut plan, Edit::MoveMember { person: pid("1002"), program: eid("ep-new"), stream: sid("s-early") });
    assert_eq!(a.description, "Moved 1002 from Engaged to Early stage in New prospects");
    let m = &plan.memberships[1];
    assert_eq!((m.stream.as_str(), m.cadence, m.added_at), ("s-early", before.cadence, before.added_at));
    assert!(
        !ok(&mut plan, Edit::MoveMember { person: pid("1002"), program: eid("ep-new"), stream: sid("s-early") })
            .changed
    );
    assert_eq!(
        refused(&plan, Edit::MoveMember { person: pid("1002"), program: eid("ep-new"), stream: sid("s-old") }).kind,
        ErrorKind::NotFound
    );
    assert_eq!(
        refused(&plan, Edit::MoveMember { person: pid("1003"), program: eid("ep-new"), stream: sid("s-early") }).kind,
        ErrorKind::NotFound
    );
}

#[test]
fn r_me_2_pause_and_resume_per_program() {
    let mut plan = sample();
    let pause = |c| Edit::SetMemberCadence { person: pid("1001"), program: eid("ep-new"), cadence: c };
    let a = ok(&mut plan, pause(PersonCadence::Paused));
    assert_eq!(a.description, "Paused 1001 in New prospects");
    assert_eq!(plan.memberships[0].cadence, PersonCadence::Paused);
    assert!(!ok(&mut plan, pause(PersonCadence::Paused)).changed);
    let a = ok(&mut plan, pause(PersonCadence::Normal));
    assert_eq!(a.description, "Resumed 1001 in New prospects");
    assert_eq!(
        refused(
            &plan,
            Edit::SetMemberCadence { person: pid("1003"), program: eid("ep-new"), cadence: PersonCadence::Paused }
        )
        .kind,
        ErrorKind::NotFound
    );
}
