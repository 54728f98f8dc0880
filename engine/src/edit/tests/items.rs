//! Content items: R-CO-1 … R-CO-7 and moves.

use super::*;

fn add(stream: &str, content: &str, to_index: Option<usize>) -> Edit {
    Edit::AddItem { stream: sid(stream), content: cid(content), to_index }
}

fn mv(from_stream: &str, from_index: usize, to_stream: &str, to_index: usize) -> Edit {
    Edit::MoveItem { from_stream: sid(from_stream), from_index, to_stream: sid(to_stream), to_index }
}

#[test]
fn r_co_1_an_operational_email_is_refused_as_content() {
    let plan = sample();
    let err = refused(&plan, add("s-engaged", "e-receipt", None));
    assert_eq!(err.rule, Some("R-CO-1"));
    assert_eq!(err.kind, ErrorKind::Rule);
    assert_eq!(
        err.to_string(),
        "Cannot add Receipt: it is an operational email, and engagement programs are not for operational emails (R-CO-1)"
    );
}

#[test]
fn r_co_1_an_engagement_program_is_never_content() {
    let err = refused(&sample(), add("s-engaged", "ep-old", None));
    assert_eq!(err.rule, Some("R-CO-1"));
}

#[test]
fn unknown_content_and_streams_are_errors() {
    let plan = sample();
    assert_eq!(refused(&plan, add("s-engaged", "nope", None)).kind, ErrorKind::NotFound);
    assert_eq!(refused(&plan, add("nope", "e-case", None)).kind, ErrorKind::NotFound);
    let err = refused(&plan, Edit::SetItemActive { stream: sid("s-engaged"), content: cid("e-case"), active: true });
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert_eq!(err.to_string(), "\u{201c}e-case\u{201d} is not in stream Engaged");
}

#[test]
fn r_co_6_content_already_in_the_stream_is_refused() {
    let plan = sample();
    let err = refused(&plan, add("s-early", "e-case", None));
    assert_eq!(err.rule, Some("R-CO-6"));
    assert_eq!(
        err.to_string(),
        "Cannot add Case study to Early stage: it is already in that stream, at position 2; content stands at most once in a stream (R-CO-6)"
    );
}

#[test]
fn r_co_6_the_same_email_may_stand_in_several_streams() {
    let mut plan = sample();
    ok(&mut plan, add("s-engaged", "e-welcome", Some(0)));
    assert_eq!(ids(stream_of(&plan, "s-engaged")), ["e-welcome", "e-news"]);
}

#[test]
fn r_co_2_new_items_are_inactive() {
    let mut plan = sample();
    let a = ok(&mut plan, add("s-engaged", "e-case", None));
    assert_eq!(a.description, "Added Case study to Engaged at position 2 (inactive)");
    let it = item_of(&plan, "s-engaged", "e-case");
    assert!(!it.active && !it.archived && it.available_from.is_none());
    ok(&mut plan, add("s-engaged", "p-ebook", Some(0)));
    assert!(!item_of(&plan, "s-engaged", "p-ebook").active);
    assert_eq!(ids(stream_of(&plan, "s-engaged")), ["p-ebook", "e-news", "e-case"]);
}

#[test]
fn adding_past_the_end_is_an_error() {
    let err = refused(&sample(), add("s-engaged", "e-case", Some(2)));
    assert_eq!(err.kind, ErrorKind::OutOfRange);
}

#[test]
fn r_co_2_activating_an_unapproved_email_is_refused() {
    let mut plan = sample();
    let edit = Edit::SetItemActive { stream: sid("s-early"), content: cid("e-draft"), active: true };
    let err = refused(&plan, edit);
    assert_eq!(err.rule, Some("R-CO-2"));
    assert_eq!(
        err.to_string(),
        "Cannot activate Draft in Early stage: it is an email that is not approved; only an approved email can be active (R-CO-2)"
    );
    // Programs and approved emails activate; deactivating is always allowed.
    let a = ok(&mut plan, Edit::SetItemActive { stream: sid("s-early"), content: cid("p-webinar"), active: true });
    assert_eq!(a.description, "Activated Spring webinar in Early stage");
    ok(&mut plan, Edit::SetItemActive { stream: sid("s-early"), content: cid("e-welcome"), active: false });
    assert!(!item_of(&plan, "s-early", "e-welcome").active);
    let again = ok(&mut plan, Edit::SetItemActive { stream: sid("s-early"), content: cid("e-welcome"), active: false });
    assert!(!again.changed);
}

#[test]
fn r_co_3_the_window_may_not_end_before_it_starts() {
    let mut plan = sample();
    let set = |from: Option<&str>, through: Option<&str>| Edit::SetItemAvailability {
        stream: sid("s-early"),
        content: cid("e-case"),
        from: from.map(date),
        through: through.map(date),
    };
    let err = refused(&plan, set(Some("2027-03-01"), Some("2027-02-28")));
    assert_eq!(err.rule, Some("R-CO-3"));
    // Inclusive: one day is a window.
    let a = ok(&mut plan, set(Some("2027-03-01"), Some("2027-03-01")));
    assert_eq!(a.description, "Case study in Early stage is available from 2027-03-01 through 2027-03-01");
    ok(&mut plan, set(None, Some("2027-04-01")));
    let it = item_of(&plan, "s-early", "e-case");
    assert_eq!((it.available_from, it.available_through), (None, Some(date("2027-04-01"))));
    let a = ok(&mut plan, set(None, None));
    assert_eq!(a.description, "Case study in Early stage is available always");
}

#[test]
fn r_co_4_unarchiving_brings_an_item_back_inactive() {
    let mut plan = sample();
    let arch = |archived| Edit::SetItemArchived { stream: sid("s-early"), content: cid("e-welcome"), archived };
    ok(&mut plan, arch(true));
    assert!(item_of(&plan, "s-early", "e-welcome").archived);
    // Activating while archived is refused: unarchive first.
    ok(&mut plan, Edit::SetItemActive { stream: sid("s-early"), content: cid("e-welcome"), active: false });
    let err = refused(&plan, Edit::SetItemActive { stream: sid("s-early"), content: cid("e-welcome"), active: true });
    assert_eq!(err.rule, Some("R-CO-4"));
    ok(&mut plan, Edit::SetItemActive { stream: sid("s-early"), content: cid("e-welcome"), active: false });
    let mut plan = sample();
    ok(&mut plan, arch(true));
    assert!(
        item_of(&plan, "s-early", "e-welcome").active,
        "archiving keeps the flag; the item is hidden and never sent"
    );
    let a = ok(&mut plan, arch(false));
    let it = item_of(&plan, "s-early", "e-welcome");
    assert!(!it.archived && !it.active);
    assert_eq!(a.description, "Unarchived Welcome in Early stage; it is inactive until you activate it");
}

#[test]
fn r_co_5_removing_content_keeps_who_consumed_it() {
    let mut plan = sample();
    let history = plan.history.clone();
    let a = ok(&mut plan, Edit::RemoveItem { stream: sid("s-early"), content: cid("e-welcome") });
    assert_eq!(a.description, "Removed Welcome from Early stage");
    assert_eq!(ids(stream_of(&plan, "s-early")), ["e-case", "p-webinar", "e-draft"]);
    assert_eq!(plan.history, history);
    assert!(plan.emails.iter().any(|e| e.id.as_str() == "e-welcome"), "the library keeps it");
    assert_eq!(
        refused(&plan, Edit::RemoveItem { stream: sid("s-early"), content: cid("e-welcome") }).kind,
        ErrorKind::NotFound
    );
}

#[test]
fn activate_all_activates_the_eligible_and_reports_the_rest() {
    let mut plan = sample();
    ok(&mut plan, add("s-early", "e-news", None));
    ok(&mut plan, Edit::SetItemArchived { stream: sid("s-early"), content: cid("e-news"), archived: true });
    let a = ok(&mut plan, Edit::ActivateAll { stream: sid("s-early") });
    assert_eq!(a.description, "Activated 1 item in Early stage; skipped 2");
    assert!(item_of(&plan, "s-early", "p-webinar").active);
    assert!(!item_of(&plan, "s-early", "e-draft").active);
    assert!(!item_of(&plan, "s-early", "e-news").active);
    let skipped: Vec<(&str, Option<&str>)> = a.skipped.iter().map(|s| (s.name.as_str(), s.rule)).collect();
    assert_eq!(skipped, [("Draft", Some("R-CO-2")), ("Newsletter", Some("R-CO-4"))]);
    assert_eq!(a.skipped[0].subject, Subject::Content(cid("e-draft")));
    // Nothing left to activate: unchanged, still reporting the skipped.
    let b = ok(&mut plan, Edit::ActivateAll { stream: sid("s-early") });
    assert!(!b.changed);
    assert_eq!(b.skipped.len(), 2);
}

#[test]
fn move_within_a_stream_announces_old_and_new_position() {
    let mut plan = sample();
    let a = ok(&mut plan, mv("s-early", 2, "s-early", 0));
    assert_eq!(a.description, "Moved Spring webinar from position 3 to 1 in Early stage");
    assert_eq!(ids(stream_of(&plan, "s-early")), ["p-webinar", "e-welcome", "e-case", "e-draft"]);
    let a = ok(&mut plan, mv("s-early", 0, "s-early", 3));
    assert_eq!(a.description, "Moved Spring webinar from position 1 to 4 in Early stage");
    assert_eq!(ids(stream_of(&plan, "s-early")), ["e-welcome", "e-case", "e-draft", "p-webinar"]);
    let a = ok(&mut plan, mv("s-early", 1, "s-early", 1));
    assert!(!a.changed);
    assert_eq!(a.description, "Case study stays at position 2 in Early stage");
}

#[test]
fn move_between_streams_keeps_the_item_and_lands_at_to_index() {
    let mut plan = sample();
    let before = item_of(&plan, "s-early", "e-case").clone();
    let a = ok(&mut plan, mv("s-early", 1, "s-engaged", 0));
    assert_eq!(a.description, "Moved Case study from position 2 in Early stage to position 1 in Engaged");
    assert_eq!(ids(stream_of(&plan, "s-early")), ["e-welcome", "p-webinar", "e-draft"]);
    assert_eq!(ids(stream_of(&plan, "s-engaged")), ["e-case", "e-news"]);
    assert_eq!(item_of(&plan, "s-engaged", "e-case"), &before);
    // To the end of the other stream: to_index == its length.
    ok(&mut plan, mv("s-early", 0, "s-engaged", 2));
    assert_eq!(ids(stream_of(&plan, "s-engaged")), ["e-case", "e-news", "e-welcome"]);
}

#[test]
fn r_co_6_moving_to_a_stream_that_holds_the_content_is_refused() {
    let mut plan = sample();
    ok(&mut plan, add("s-engaged", "e-welcome", None));
    let err = refused(&plan, mv("s-early", 0, "s-engaged", 0));
    assert_eq!(err.rule, Some("R-CO-6"));
    assert_eq!(
        err.to_string(),
        "Cannot move Welcome to Engaged: it is already there, at position 2; content stands at most once in a stream (R-CO-6)"
    );
}

#[test]
fn moves_refuse_out_of_range_indices_unknown_streams_and_other_programs() {
    let plan = sample();
    for edit in [
        mv("s-early", 4, "s-early", 0),
        mv("s-early", 0, "s-early", 4),
        mv("s-early", usize::MAX, "s-early", usize::MAX),
        mv("s-early", 0, "s-engaged", 2),
        mv("s-engaged", 1, "s-early", 0),
    ] {
        assert_eq!(refused(&plan, edit).kind, ErrorKind::OutOfRange);
    }
    assert_eq!(refused(&plan, mv("s-nope", 0, "s-early", 0)).kind, ErrorKind::NotFound);
    assert_eq!(refused(&plan, mv("s-early", 0, "s-nope", 0)).kind, ErrorKind::NotFound);
    let err = refused(&plan, mv("s-early", 1, "s-old", 0));
    assert_eq!(err.kind, ErrorKind::Invalid);
    assert!(err.message.contains("only between streams of the same engagement program"), "{err}");
}

#[test]
fn r_co_7_a_stream_takes_hundreds_of_items_and_moves_stay_cheap() {
    let mut plan = sample();
    for k in 0..250 {
        ok(
            &mut plan,
            Edit::CreateEmail {
                id: Some(cid(&format!("bulk-{k}"))),
                fields: EmailFields { name: Some(format!("Bulk {k}")), approved: true, ..EmailFields::default() },
            },
        );
    }
    for k in 0..250 {
        apply(&mut plan, &add("s-engaged", &format!("bulk-{k}"), None), now()).unwrap();
    }
    assert_eq!(stream_of(&plan, "s-engaged").content.len(), 251);
    let start = std::time::Instant::now();
    let mut history = History::new();
    for k in 0..250 {
        history.apply(&mut plan, mv("s-engaged", 250, "s-engaged", k % 7), now()).unwrap();
    }
    assert!(start.elapsed().as_secs() < 5);
    check_valid(&plan).unwrap();
    let a = ok(&mut plan, Edit::ActivateAll { stream: sid("s-engaged") });
    assert_eq!(a.description, "Activated 250 items in Engaged");
}
