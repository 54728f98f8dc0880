//! Engagement programs: create, rename, clone, delete, activate (R-EP-1).

use super::*;

fn create(name: &str) -> Edit {
    Edit::CreateEngagementProgram { id: None, name: name.into(), stream_id: None }
}

#[test]
fn a_new_program_is_inactive_with_one_default_stream() {
    let mut plan = sample();
    let a = ok(&mut plan, create("  Spring campaign "));
    assert_eq!(a.description, "Created engagement program Spring campaign");
    let Some(Created::EngagementProgram { program, first_stream }) = a.created else { panic!("{a:?}") };
    assert_eq!((program.as_str(), first_stream.as_str()), ("ep-spring-campaign", "s-spring-campaign-default"));
    let ep = plan.engagement_programs.last().unwrap();
    assert_eq!(ep.name.as_deref(), Some("Spring campaign"));
    assert!(!ep.active);
    assert_eq!(ep.streams.len(), 1);
    assert_eq!(ep.streams[0].name.as_deref(), Some("Default stream"));
    assert_eq!(ep.streams[0].cadence, None);
    // The same name again gets fresh ids.
    let b = ok(&mut plan, create("Spring campaign"));
    assert_eq!(
        b.created,
        Some(Created::EngagementProgram {
            program: eid("ep-spring-campaign-2"),
            first_stream: sid("s-spring-campaign-default-2")
        })
    );
}

#[test]
fn given_ids_must_be_free_and_names_not_empty() {
    let plan = sample();
    let with_id = |id: &str, stream: &str| Edit::CreateEngagementProgram {
        id: Some(eid(id)),
        name: "X".into(),
        stream_id: Some(sid(stream)),
    };
    assert_eq!(refused(&plan, with_id("ep-new", "s-x")).kind, ErrorKind::Invalid);
    // Engagement-program ids differ from content ids.
    assert_eq!(refused(&plan, with_id("p-webinar", "s-x")).kind, ErrorKind::Invalid);
    assert_eq!(refused(&plan, with_id("ep-x", "s-early")).rule, Some("R-ST-1"));
    assert_eq!(refused(&plan, with_id("", "s-x")).kind, ErrorKind::Invalid);
    assert_eq!(refused(&plan, with_id(" ep-x", "s-x")).kind, ErrorKind::Invalid);
    let err = refused(&plan, create("   "));
    assert_eq!(err.to_string(), "An engagement program needs a name");
    let mut plan = plan;
    ok(&mut plan, with_id("ep-x", "s-x"));
}

#[test]
fn renaming_keeps_the_id() {
    let mut plan = sample();
    let a = ok(&mut plan, Edit::RenameEngagementProgram { program: eid("ep-new"), name: "Prospects".into() });
    assert_eq!(a.description, "Renamed engagement program New prospects to Prospects");
    assert_eq!(plan.engagement_programs[0].id, eid("ep-new"));
    assert_eq!(plan.memberships[0].program, eid("ep-new"));
    assert!(!ok(&mut plan, Edit::RenameEngagementProgram { program: eid("ep-new"), name: "Prospects".into() }).changed);
    assert_eq!(
        refused(&plan, Edit::RenameEngagementProgram { program: eid("nope"), name: "X".into() }).kind,
        ErrorKind::NotFound
    );
    assert_eq!(
        refused(&plan, Edit::RenameEngagementProgram { program: eid("ep-new"), name: "".into() }).kind,
        ErrorKind::Invalid
    );
}

#[test]
fn a_clone_is_inactive_without_members_and_points_its_rules_at_its_own_streams() {
    let mut plan = sample();
    // A rule that cites a stream of the same program.
    ok(
        &mut plan,
        Edit::SetTransitionRules { stream: sid("s-engaged"), rules: vec![Condition::InStream(sid("s-early"))] },
    );
    let members_before = plan.memberships.len();
    let a = ok(&mut plan, Edit::CloneEngagementProgram { program: eid("ep-new"), id: None, name: None });
    assert_eq!(a.description, "Cloned engagement program New prospects as New prospects copy (inactive, no members)");
    let copy = &plan.engagement_programs[1];
    assert_eq!(copy.id.as_str(), "ep-new-prospects-copy");
    assert!(!copy.active);
    let src = &plan.engagement_programs[0];
    assert_eq!(copy.streams.len(), src.streams.len());
    for (c, s) in copy.streams.iter().zip(&src.streams) {
        assert_ne!(c.id, s.id);
        assert_eq!(c.name, s.name);
        assert_eq!(c.content, s.content);
        assert_eq!(c.cadence, s.cadence);
    }
    assert_eq!(copy.streams[1].transition_rules, vec![Condition::InStream(copy.streams[0].id.clone())]);
    assert_eq!(plan.memberships.len(), members_before);
    let b = ok(&mut plan, Edit::CloneEngagementProgram { program: eid("ep-new"), id: None, name: None });
    assert_eq!(plan.engagement_programs[1].name.as_deref(), Some("New prospects copy 2"));
    assert!(b.created.is_some());
}

fn many_programs(active: usize, inactive: usize) -> Plan {
    let mut plan = Plan::empty("Many");
    for k in 0..active + inactive {
        plan.engagement_programs.push(EngagementProgram {
            id: eid(&format!("ep-{k}")),
            name: Some(format!("Program {k}")),
            active: k < active,
            streams: vec![Stream {
                id: sid(&format!("s-{k}")),
                name: Some("Main".into()),
                cadence: None,
                content: vec![],
                transition_rules: vec![],
            }],
        });
    }
    plan
}

#[test]
fn r_ep_1_activating_a_101st_program_is_refused() {
    let plan = many_programs(100, 2);
    check_valid(&plan).unwrap();
    let err = refused(&plan, Edit::SetEngagementProgramActive { program: eid("ep-100"), active: true });
    assert_eq!(err.kind, ErrorKind::Rule);
    assert_eq!(
        err.to_string(),
        "Cannot activate a 101st engagement program: at most 100 may be active at once (R-EP-1)"
    );
}

#[test]
fn r_ep_1_inactive_programs_do_not_count_and_deactivating_frees_a_place() {
    let mut plan = many_programs(99, 3);
    let a = ok(&mut plan, Edit::SetEngagementProgramActive { program: eid("ep-99"), active: true });
    assert_eq!(a.description, "Activated Program 99");
    refused(&plan, Edit::SetEngagementProgramActive { program: eid("ep-100"), active: true });
    let a = ok(&mut plan, Edit::SetEngagementProgramActive { program: eid("ep-0"), active: false });
    assert_eq!(a.description, "Deactivated Program 0");
    ok(&mut plan, Edit::SetEngagementProgramActive { program: eid("ep-100"), active: true });
    // Already active: nothing to do.
    assert!(!ok(&mut plan, Edit::SetEngagementProgramActive { program: eid("ep-100"), active: true }).changed);
    // Creating and cloning make inactive programs, whatever the count.
    ok(&mut plan, create("Extra"));
    ok(&mut plan, Edit::CloneEngagementProgram { program: eid("ep-1"), id: None, name: Some("Clone".into()) });
}

#[test]
fn r_ep_1_counts_scheduled_activations() {
    let mut plan = many_programs(99, 2);
    plan.events.push(Event {
        at: at("2027-05-01T00:00:00Z"),
        kind: EventKind::SetProgramActive { program: eid("ep-100"), active: true },
    });
    check_valid(&plan).unwrap();
    // Now 99 + this one = 100, and the event would make a 101st.
    let err = refused(&plan, Edit::SetEngagementProgramActive { program: eid("ep-99"), active: true });
    assert_eq!(err.rule, Some("R-EP-1"));
    assert!(err.message.contains("scheduled event 1 (set_program_active at 2027-05-01T00:00:00Z)"), "{err}");
}

#[test]
fn deleting_a_program_used_elsewhere_lists_the_places() {
    let mut plan = sample();
    // ep-old's rule cites a stream of ep-new; the multiplier too; an event cites ep-old.
    ok(&mut plan, Edit::SetTransitionRules { stream: sid("s-old"), rules: vec![Condition::InStream(sid("s-early"))] });
    let err = refused(&plan, Edit::DeleteEngagementProgram { program: eid("ep-new"), remove_usages: false });
    assert_eq!(err.kind, ErrorKind::InUse);
    let locations: Vec<&str> = err.usages.iter().map(|u| u.location.as_str()).collect();
    assert_eq!(
        locations,
        [
            "transition rule of Main (Old leads)",
            "behaviour multiplier 1",
            "scheduled event 1 (set_content at 2027-02-01T00:00:00Z)",
            "scheduled event 2 (add_content at 2027-03-01T00:00:00Z)",
        ]
    );
    assert!(
        err.message
            .starts_with("Cannot delete engagement program \u{201c}New prospects\u{201d}: it is used in 4 places: "),
        "{err}"
    );
    let a = ok(&mut plan, Edit::DeleteEngagementProgram { program: eid("ep-new"), remove_usages: true });
    assert_eq!(
        a.description,
        "Deleted engagement program New prospects and its 2 memberships; removed it from 4 places"
    );
    assert_eq!(plan.engagement_programs.len(), 1);
    assert!(plan.memberships.is_empty());
    assert!(stream_of(&plan, "s-old").transition_rules.is_empty());
    assert!(plan.behavior.as_ref().unwrap().multipliers.is_empty());
    assert_eq!(plan.events.len(), 1);
}

#[test]
fn deleting_an_unused_program_needs_no_confirmation_of_usages() {
    let mut plan = sample();
    // ep-old is cited by one event (set_program_active).
    let err = refused(&plan, Edit::DeleteEngagementProgram { program: eid("ep-old"), remove_usages: false });
    assert_eq!(err.usages.len(), 1);
    plan.events.pop();
    let a = ok(&mut plan, Edit::DeleteEngagementProgram { program: eid("ep-old"), remove_usages: false });
    assert_eq!(a.description, "Deleted engagement program Old leads");
}

#[test]
fn programs_reorder() {
    let mut plan = sample();
    let a = ok(&mut plan, Edit::MoveEngagementProgram { from: 1, to: 0 });
    assert_eq!(a.description, "Moved engagement program Old leads from position 2 to 1");
    assert_eq!(plan.engagement_programs[0].id, eid("ep-old"));
    assert_eq!(refused(&plan, Edit::MoveEngagementProgram { from: 2, to: 0 }).kind, ErrorKind::OutOfRange);
    assert_eq!(refused(&plan, Edit::MoveEngagementProgram { from: 0, to: 2 }).kind, ErrorKind::OutOfRange);
}
