//! The content library: ids, renames, referential integrity, R-CO-1 and
//! R-CO-2 on existing uses.

use super::*;

fn fields(name: &str, approved: bool, operational: bool) -> EmailFields {
    EmailFields { name: Some(name.into()), subject: Some("Hi".into()), approved, operational }
}

fn email_of<'p>(plan: &'p Plan, id: &str) -> &'p Email {
    plan.emails.iter().find(|e| e.id.as_str() == id).unwrap()
}

#[test]
fn new_emails_and_programs_get_unique_ids_across_the_library() {
    let mut plan = sample();
    let a = ok(&mut plan, Edit::CreateEmail { id: None, fields: fields("Welcome", true, false) });
    assert_eq!(a.created, Some(Created::Content(cid("e-welcome-2"))));
    assert_eq!(a.description, "Created email Welcome");
    let a = ok(
        &mut plan,
        Edit::CreateContentProgram {
            id: None,
            fields: ProgramFields { name: Some("Spring webinar".into()), ..ProgramFields::default() },
        },
    );
    assert_eq!(a.created, Some(Created::Content(cid("p-spring-webinar"))));
    // A given id must be free among emails, programs and engagement programs.
    for taken in ["e-welcome", "p-webinar", "ep-new"] {
        let err = refused(&plan, Edit::CreateEmail { id: Some(cid(taken)), fields: fields("X", true, false) });
        assert_eq!(err.kind, ErrorKind::Invalid, "{taken}");
        let err = refused(&plan, Edit::CreateContentProgram { id: Some(cid(taken)), fields: ProgramFields::default() });
        assert_eq!(err.kind, ErrorKind::Invalid, "{taken}");
    }
    // No name: a generic id.
    let a = ok(&mut plan, Edit::CreateEmail { id: None, fields: EmailFields::default() });
    assert_eq!(a.created, Some(Created::Content(cid("e-email"))));
}

#[test]
fn renames_never_change_ids_or_references() {
    let mut plan = sample();
    let a = ok(
        &mut plan,
        Edit::UpdateEmail {
            id: cid("e-welcome"),
            fields: fields("Hello there", true, false),
            on_conflict: OnConflict::Refuse,
        },
    );
    assert_eq!(a.description, "Updated email Hello there");
    assert_eq!(email_of(&plan, "e-welcome").name.as_deref(), Some("Hello there"));
    assert_eq!(ids(stream_of(&plan, "s-early"))[0], "e-welcome");
    let a = ok(
        &mut plan,
        Edit::MoveItem { from_stream: sid("s-early"), from_index: 0, to_stream: sid("s-early"), to_index: 1 },
    );
    assert_eq!(a.description, "Moved Hello there from position 1 to 2 in Early stage");
    ok(
        &mut plan,
        Edit::UpdateContentProgram {
            id: cid("p-webinar"),
            fields: ProgramFields { name: Some("Autumn webinar".into()), kind: ProgramKind::Event, audience: None },
        },
    );
    assert_eq!(plan.programs[0].id, cid("p-webinar"));
    assert_eq!(plan.programs[0].audience, None);
    assert_eq!(
        refused(&plan, Edit::UpdateContentProgram { id: cid("e-case"), fields: ProgramFields::default() }).kind,
        ErrorKind::Invalid
    );
    assert_eq!(
        refused(
            &plan,
            Edit::UpdateEmail { id: cid("nope"), fields: EmailFields::default(), on_conflict: OnConflict::Remove }
        )
        .kind,
        ErrorKind::NotFound
    );
}

#[test]
fn usages_lists_every_place_with_readable_locations() {
    let plan = sample();
    let locations: Vec<String> = usages(&plan, &cid("e-welcome")).into_iter().map(|u| u.location).collect();
    assert_eq!(
        locations,
        [
            "Early stage (New prospects), position 1",
            "Main (Old leads), position 1",
            "transition rule of Engaged (New prospects)",
            "behaviour probabilities for Welcome",
            "imported send history (1 entry)",
        ]
    );
    let places: Vec<Place> = usages(&plan, &cid("e-case")).into_iter().map(|u| u.place).collect();
    assert_eq!(
        places,
        [
            Place::StreamItem { program: eid("ep-new"), stream: sid("s-early"), index: 1 },
            Place::TransitionRule { program: eid("ep-old"), stream: sid("s-old"), index: 0 },
            Place::Event { index: 0 },
            Place::Event { index: 1 },
        ]
    );
    let locations: Vec<String> = usages(&plan, &cid("p-ebook")).into_iter().map(|u| u.location).collect();
    assert_eq!(locations, ["imported program history (1 entry)"]);
    assert!(usages(&plan, &cid("e-receipt")).is_empty());
    assert!(usages(&plan, &cid("nothing")).is_empty());
}

#[test]
fn deleting_used_content_is_refused_with_every_place() {
    let mut plan = sample();
    let err = refused(&plan, Edit::DeleteContent { id: cid("e-welcome"), remove_usages: false });
    assert_eq!(err.kind, ErrorKind::InUse);
    assert_eq!(err.usages, usages(&plan, &cid("e-welcome")));
    assert_eq!(
        err.to_string(),
        "Cannot delete the email \u{201c}Welcome\u{201d}: it is used in 5 places: Early stage (New prospects), position 1; \
         Main (Old leads), position 1; transition rule of Engaged (New prospects); behaviour probabilities for Welcome; \
         imported send history (1 entry). Remove it from those places too, or cancel."
    );
    let a = ok(&mut plan, Edit::DeleteContent { id: cid("e-welcome"), remove_usages: true });
    assert_eq!(a.description, "Deleted email Welcome and removed it from 5 places");
    assert!(plan.emails.iter().all(|e| e.id.as_str() != "e-welcome"));
    assert_eq!(ids(stream_of(&plan, "s-early")), ["e-case", "p-webinar", "e-draft"]);
    assert!(stream_of(&plan, "s-old").content.is_empty());
    // all[opened e-welcome, score ≥ 50] keeps the score test.
    assert_eq!(
        stream_of(&plan, "s-engaged").transition_rules,
        vec![Condition::All(vec![Condition::Attr { name: "score".into(), op: AttrOp::Gte(50.0) }])]
    );
    assert!(plan.behavior.as_ref().unwrap().content.is_empty());
    assert!(plan.history.is_empty());
}

#[test]
fn deleting_unused_content_just_deletes_it() {
    let mut plan = sample();
    let a = ok(&mut plan, Edit::DeleteContent { id: cid("e-receipt"), remove_usages: false });
    assert_eq!(a.description, "Deleted email Receipt");
    assert_eq!(
        refused(&plan, Edit::DeleteContent { id: cid("e-receipt"), remove_usages: true }).kind,
        ErrorKind::NotFound
    );
}

#[test]
fn deleting_a_program_removes_it_from_audiences_streams_events_and_program_history() {
    let mut plan = sample();
    ok(
        &mut plan,
        Edit::UpdateContentProgram {
            id: cid("p-ebook"),
            fields: ProgramFields {
                name: Some("Ebook".into()),
                kind: ProgramKind::Default,
                audience: Some(Condition::ProgramMember(cid("p-webinar"))),
            },
        },
    );
    let err = refused(&plan, Edit::DeleteContent { id: cid("p-webinar"), remove_usages: false });
    let locations: Vec<&str> = err.usages.iter().map(|u| u.location.as_str()).collect();
    assert_eq!(locations, ["Early stage (New prospects), position 3", "audience of program Ebook"]);
    ok(&mut plan, Edit::DeleteContent { id: cid("p-webinar"), remove_usages: true });
    assert_eq!(plan.programs.len(), 1);
    assert_eq!(plan.programs[0].audience, None, "an audience pruned to nothing lets everyone pass");
    let err = refused(&plan, Edit::DeleteContent { id: cid("p-ebook"), remove_usages: false });
    assert_eq!(err.usages[0].place, Place::ProgramHistory { entries: 1 });
    ok(&mut plan, Edit::DeleteContent { id: cid("p-ebook"), remove_usages: true });
    assert!(plan.program_history.is_empty());
}

#[test]
fn r_co_2_unapproving_an_email_still_in_use_lists_every_place() {
    let plan = sample();
    let unapprove =
        |on_conflict| Edit::UpdateEmail { id: cid("e-case"), fields: fields("Case study", false, false), on_conflict };
    let err = refused(&plan, unapprove(OnConflict::Refuse));
    assert_eq!((err.kind, err.rule), (ErrorKind::InUse, Some("R-CO-2")));
    let locations: Vec<&str> = err.usages.iter().map(|u| u.location.as_str()).collect();
    assert_eq!(
        locations,
        [
            "Early stage (New prospects), position 2",
            "transition rule of Main (Old leads)",
            "scheduled event 1 (set_content at 2027-02-01T00:00:00Z)",
            "scheduled event 2 (add_content at 2027-03-01T00:00:00Z)",
        ]
    );
    assert!(
        err.to_string().starts_with("Cannot unapprove \u{201c}Case study\u{201d}: it is used in 4 places: "),
        "{err}"
    );
    assert!(err.to_string().ends_with("remove it from those places, or cancel. (R-CO-2)"), "{err}");

    // Deactivate: every reference stays; what was (or would become) active is not.
    let mut deactivated = plan.clone();
    let a = ok(&mut deactivated, unapprove(OnConflict::Deactivate));
    assert_eq!(a.description, "Updated email Case study; deactivated it in 2 places");
    assert_eq!(ids(stream_of(&deactivated, "s-early")), ids(stream_of(&plan, "s-early")));
    assert!(!item_of(&deactivated, "s-early", "e-case").active);
    assert!(matches!(&deactivated.events[1].kind, EventKind::AddContent { item, .. } if !item.active));
    assert_eq!(stream_of(&deactivated, "s-old").transition_rules.len(), 1);
    assert!(!email_of(&deactivated, "e-case").approved);

    // Remove: out of the stream, the rule and the events.
    let mut removed = plan.clone();
    let a = ok(&mut removed, unapprove(OnConflict::Remove));
    assert_eq!(a.description, "Updated email Case study; removed it from 4 places");
    assert_eq!(ids(stream_of(&removed, "s-early")), ["e-welcome", "p-webinar", "e-draft"]);
    assert!(stream_of(&removed, "s-old").transition_rules.is_empty());
    assert_eq!(removed.events.len(), 1);
}

#[test]
fn unapproving_an_unused_email_needs_no_confirmation_and_history_does_not_count() {
    let mut plan = sample();
    ok(&mut plan, Edit::CreateEmail { id: Some(cid("e-fresh")), fields: fields("Fresh", true, false) });
    plan.history.push(HistoryEntry {
        person: pid("1003"),
        email: cid("e-fresh"),
        at: None,
        engagement: false,
        opened: false,
        clicked: false,
    });
    let a = ok(
        &mut plan,
        Edit::UpdateEmail {
            id: cid("e-fresh"),
            fields: fields("Fresh", false, false),
            on_conflict: OnConflict::Refuse,
        },
    );
    assert_eq!(a.description, "Updated email Fresh");
    assert_eq!(plan.history.len(), 2);
}

#[test]
fn r_co_1_making_an_email_operational_that_streams_use_is_refused() {
    let plan = sample();
    let make =
        |on_conflict| Edit::UpdateEmail { id: cid("e-news"), fields: fields("Newsletter", true, true), on_conflict };
    let err = refused(&plan, make(OnConflict::Refuse));
    assert_eq!((err.kind, err.rule), (ErrorKind::InUse, Some("R-CO-1")));
    assert_eq!(err.usages.len(), 1);
    assert_eq!(refused(&plan, make(OnConflict::Deactivate)).rule, Some("R-CO-1"));
    let mut plan = plan;
    ok(&mut plan, make(OnConflict::Remove));
    assert!(stream_of(&plan, "s-engaged").content.is_empty());
    assert!(email_of(&plan, "e-news").operational);
}
