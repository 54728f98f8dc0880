//! Streams: R-EP-3, R-ST-1 … R-ST-4, cadences (R-CA-1, R-CA-3, R-CA-4,
//! R-CA-10) and transition rules (R-TR-4, R-CD-2).

use super::*;
use crate::model::{MonthlyRule, Nth};

fn add_stream(program: &str, name: &str) -> Edit {
    Edit::AddStream { program: eid(program), id: None, name: name.into() }
}

#[test]
fn streams_are_added_at_the_end_with_a_fresh_id() {
    let mut plan = sample();
    let a = ok(&mut plan, add_stream("ep-new", "Late stage"));
    assert_eq!(a.description, "Added stream Late stage to New prospects");
    assert_eq!(a.created, Some(Created::Stream(sid("s-new-prospects-late-stage"))));
    let s = plan.engagement_programs[0].streams.last().unwrap();
    assert_eq!((s.name.as_deref(), s.cadence, s.content.len()), (Some("Late stage"), None, 0));
}

#[test]
fn r_ep_3_a_26th_stream_is_refused() {
    let mut plan = sample();
    for k in 3..=25 {
        ok(&mut plan, add_stream("ep-new", &format!("Stream {k}")));
    }
    assert_eq!(plan.engagement_programs[0].streams.len(), 25);
    let err = refused(&plan, add_stream("ep-new", "One too many"));
    assert_eq!(
        err.to_string(),
        "Cannot add a 26th stream to New prospects: an engagement program has at most 25 streams (R-EP-3)"
    );
    let err = refused(&plan, Edit::CloneStream { stream: sid("s-early"), id: None, name: None });
    assert_eq!(err.rule, Some("R-EP-3"));
}

#[test]
fn r_ep_3_the_last_stream_cannot_be_deleted() {
    let plan = sample();
    let err = refused(&plan, Edit::DeleteStream { stream: sid("s-old"), remove_usages: true });
    assert_eq!(err.rule, Some("R-EP-3"));
    assert_eq!(
        err.to_string(),
        "Cannot delete Main: it is the last stream of Old leads, and an engagement program has at least one stream (R-EP-3)"
    );
}

#[test]
fn r_st_1_stream_names_are_unique_in_their_program_and_ids_in_the_workspace() {
    let mut plan = sample();
    let err = refused(&plan, add_stream("ep-new", " early STAGE "));
    assert_eq!(err.rule, Some("R-ST-1"));
    assert_eq!(
        err.to_string(),
        "Cannot name this stream \u{201c}early STAGE\u{201d}: New prospects already has a stream of that name (R-ST-1)"
    );
    refused(&plan, Edit::RenameStream { stream: sid("s-engaged"), name: "Early stage".into() });
    // Another program may use the name.
    ok(&mut plan, add_stream("ep-old", "Early stage"));
    // Renaming to its own name (other case) is fine.
    ok(&mut plan, Edit::RenameStream { stream: sid("s-early"), name: "EARLY stage".into() });
    let err = refused(&plan, Edit::AddStream { program: eid("ep-old"), id: Some(sid("s-early")), name: "X".into() });
    assert_eq!(err.rule, Some("R-ST-1"));
}

#[test]
fn renaming_a_stream_keeps_its_id_and_references() {
    let mut plan = sample();
    let a = ok(&mut plan, Edit::RenameStream { stream: sid("s-engaged"), name: "Hot".into() });
    assert_eq!(a.description, "Renamed stream Engaged to Hot");
    assert_eq!(stream_of(&plan, "s-engaged").name.as_deref(), Some("Hot"));
    assert_eq!(plan.memberships[1].stream, sid("s-engaged"));
    assert_eq!(plan.behavior.as_ref().unwrap().multipliers[0].when, Condition::InStream(sid("s-engaged")));
}

#[test]
fn r_st_2_a_clone_copies_content_and_rules_but_not_cadence_or_members() {
    let mut plan = sample();
    ok(&mut plan, Edit::SetItemArchived { stream: sid("s-early"), content: cid("e-case"), archived: true });
    ok(
        &mut plan,
        Edit::SetItemAvailability {
            stream: sid("s-early"),
            content: cid("e-welcome"),
            from: Some(date("2027-02-01")),
            through: None,
        },
    );
    ok(&mut plan, Edit::SetTransitionRules { stream: sid("s-early"), rules: vec![Condition::Exhausted(true)] });
    let members = plan.memberships.clone();
    let a = ok(&mut plan, Edit::CloneStream { stream: sid("s-early"), id: None, name: None });
    assert_eq!(a.description, "Cloned stream Early stage as Early stage copy (no cadence, no members)");
    assert_eq!(a.warnings.len(), 1);
    assert_eq!(a.warnings[0].rule, Some("R-TR-2"));
    let streams = &plan.engagement_programs[0].streams;
    let (src, copy) = (&streams[0], &streams[1]);
    assert_eq!(copy.id.as_str(), "s-new-prospects-early-stage-copy");
    assert_eq!(copy.content, src.content, "content with active, availability and archived flags");
    assert_eq!(copy.transition_rules, src.transition_rules);
    assert!(src.cadence.is_some());
    assert_eq!(copy.cadence, None);
    assert_eq!(plan.memberships, members);
    // A second clone gets the next free name.
    ok(&mut plan, Edit::CloneStream { stream: sid("s-early"), id: None, name: None });
    assert_eq!(plan.engagement_programs[0].streams[1].name.as_deref(), Some("Early stage copy 2"));
    refused(&plan, Edit::CloneStream { stream: sid("s-early"), id: None, name: Some("Engaged".into()) });
}

#[test]
fn r_st_3_deleting_a_stream_with_members_is_refused() {
    let mut plan = sample();
    let err = refused(&plan, Edit::DeleteStream { stream: sid("s-early"), remove_usages: true });
    assert_eq!(
        err.to_string(),
        "Cannot delete stream Early stage: it still has 1 member; move that person out first (R-ST-3)"
    );
    ok(&mut plan, Edit::MoveMember { person: pid("1001"), program: eid("ep-new"), stream: sid("s-engaged") });
    let err = refused(&plan, Edit::DeleteStream { stream: sid("s-engaged"), remove_usages: true });
    assert_eq!(
        err.to_string(),
        "Cannot delete stream Engaged: it still has 2 members; move those people out first (R-ST-3)"
    );
    // s-early is now empty, but events cite it.
    let err = refused(&plan, Edit::DeleteStream { stream: sid("s-early"), remove_usages: false });
    assert_eq!(err.kind, ErrorKind::InUse);
    assert_eq!(err.usages.len(), 1);
    let a = ok(&mut plan, Edit::DeleteStream { stream: sid("s-early"), remove_usages: true });
    assert_eq!(a.description, "Deleted stream Early stage from New prospects; removed it from 1 place");
    assert_eq!(plan.engagement_programs[0].streams.len(), 1);
}

#[test]
fn deleting_a_stream_prunes_conditions_that_cite_it() {
    let mut plan = sample();
    ok(
        &mut plan,
        Edit::SetTransitionRules {
            stream: sid("s-early"),
            rules: vec![
                Condition::Not(Box::new(Condition::InStream(sid("s-engaged")))),
                Condition::All(vec![Condition::InStream(sid("s-engaged")), Condition::Exhausted(true)]),
            ],
        },
    );
    ok(&mut plan, Edit::MoveMember { person: pid("1002"), program: eid("ep-new"), stream: sid("s-early") });
    let err = refused(&plan, Edit::DeleteStream { stream: sid("s-engaged"), remove_usages: false });
    let locations: Vec<&str> = err.usages.iter().map(|u| u.location.as_str()).collect();
    assert_eq!(
        locations,
        [
            "transition rule 1 of Early stage (New prospects)",
            "transition rule 2 of Early stage (New prospects)",
            "behaviour multiplier 1",
            "scheduled event 2 (add_content at 2027-03-01T00:00:00Z)",
        ]
    );
    ok(&mut plan, Edit::DeleteStream { stream: sid("s-engaged"), remove_usages: true });
    // not(x) of nothing goes; all[x, y] keeps y.
    assert_eq!(stream_of(&plan, "s-early").transition_rules, vec![Condition::All(vec![Condition::Exhausted(true)])]);
    assert!(plan.behavior.as_ref().unwrap().multipliers.is_empty());
}

#[test]
fn streams_reorder_within_their_program() {
    let mut plan = sample();
    let a = ok(&mut plan, Edit::MoveStream { program: eid("ep-new"), from: 1, to: 0 });
    assert_eq!(a.description, "Moved stream Engaged from position 2 to 1");
    assert_eq!(plan.engagement_programs[0].streams[0].id, sid("s-engaged"));
    assert_eq!(refused(&plan, Edit::MoveStream { program: eid("ep-new"), from: 0, to: 2 }).kind, ErrorKind::OutOfRange);
}

#[test]
fn r_st_4_no_cadence_makes_a_holding_stream() {
    let mut plan = sample();
    let a = ok(&mut plan, Edit::SetCadence { stream: sid("s-early"), cadence: None });
    assert_eq!(a.description, "Removed the cadence of Early stage: it is a holding stream and no longer casts");
    assert_eq!(stream_of(&plan, "s-early").cadence, None);
}

#[test]
fn setting_a_cadence_describes_it() {
    let mut plan = sample();
    let c = weekly(&[Weekday::Tue], "2027-01-12", false);
    let a = ok(&mut plan, Edit::SetCadence { stream: sid("s-engaged"), cadence: Some(c) });
    assert_eq!(a.description, "Set the cadence of Engaged: Every week on Tue · 09:00 · first cast 12 Jan 2027");
    assert!(a.warnings.is_empty());
    assert_eq!(stream_of(&plan, "s-engaged").cadence, Some(c));
    assert!(!ok(&mut plan, Edit::SetCadence { stream: sid("s-engaged"), cadence: Some(c) }).changed);
}

#[test]
fn r_ca_9_editing_a_cadence_keeps_everyones_progress() {
    let mut plan = sample();
    let (memberships, history) = (plan.memberships.clone(), plan.history.clone());
    let content = stream_of(&plan, "s-early").content.clone();
    ok(
        &mut plan,
        Edit::SetCadence { stream: sid("s-early"), cadence: Some(weekly(&[Weekday::Thu], "2027-01-07", false)) },
    );
    assert_eq!((&plan.memberships, &plan.history), (&memberships, &history));
    assert_eq!(stream_of(&plan, "s-early").content, content);
}

#[test]
fn r_ca_3_a_first_cast_off_the_pattern_is_warned() {
    let mut plan = sample();
    // 2027-01-11 is a Monday; the cadence casts on Tuesdays.
    let c = weekly(&[Weekday::Tue], "2027-01-11", false);
    let a = ok(&mut plan, Edit::SetCadence { stream: sid("s-engaged"), cadence: Some(c) });
    assert_eq!(a.warnings.len(), 1);
    assert_eq!(a.warnings[0].rule, Some("R-CA-3"));
    assert!(a.warnings[0].message.contains("Mon 11 Jan 2027"), "{}", a.warnings[0].message);
    let monthly =
        Cadence { pattern: Pattern::Monthly(MonthlyRule::NthWeekday { n: Nth::Last, day: Weekday::Fri }), ..c };
    let a = ok(&mut plan, Edit::SetCadence { stream: sid("s-engaged"), cadence: Some(monthly) });
    assert_eq!(a.warnings[0].rule, Some("R-CA-3"));
}

#[test]
fn r_ca_10_a_recipient_time_zone_first_cast_under_25_hours_is_refused() {
    let plan = sample();
    // now = 2027-01-01T00:00Z. 2027-01-02 is processed at 2027-01-01T10:00Z (10 h later).
    let c = weekly(&[Weekday::Sat], "2027-01-02", true);
    let err = refused(&plan, Edit::SetCadence { stream: sid("s-engaged"), cadence: Some(c) });
    assert_eq!(err.rule, Some("R-CA-10"));
    assert!(err.message.starts_with("Cannot set this cadence on Engaged: a recipient-time-zone cadence"), "{err}");
    assert!(err.message.contains("the earliest allowed first cast date is 2027-01-03"), "{err}");
    // 2027-01-03 is processed at 2027-01-02T10:00Z: 34 h later.
    let mut plan = plan;
    ok(
        &mut plan,
        Edit::SetCadence { stream: sid("s-engaged"), cadence: Some(weekly(&[Weekday::Sun], "2027-01-03", true)) },
    );
    // Without recipient time zone there is no 25-hour rule.
    ok(
        &mut plan,
        Edit::SetCadence { stream: sid("s-early"), cadence: Some(weekly(&[Weekday::Fri], "2027-01-01", false)) },
    );
}

#[test]
fn r_ca_10_exactly_25_hours_passes() {
    let mut plan = sample();
    let c = weekly(&[Weekday::Sun], "2027-01-03", true); // processed 2027-01-02T10:00Z
    let edit = Edit::SetCadence { stream: sid("s-engaged"), cadence: Some(c) };
    apply(&mut plan.clone(), &edit, at("2027-01-01T09:00:00Z")).unwrap();
    let mut p = plan.clone();
    assert_eq!(apply(&mut p, &edit, at("2027-01-01T09:00:01Z")).unwrap_err().rule, Some("R-CA-10"));
    assert_eq!(p, plan);
    apply(&mut plan, &edit, at("2027-01-01T09:00:00Z")).unwrap();
}

#[test]
fn r_ca_1_and_r_ca_4_malformed_cadences_are_refused() {
    let plan = sample();
    let c = weekly(&[Weekday::Tue], "2027-01-12", false);
    let err = refused(&plan, Edit::SetCadence { stream: sid("s-engaged"), cadence: Some(Cadence { every: 0, ..c }) });
    assert_eq!(err.rule, Some("R-CA-1"));
    for day in [0, 32] {
        let m = Cadence { pattern: Pattern::Monthly(MonthlyRule::DayOfMonth(day)), ..c };
        assert_eq!(
            refused(&plan, Edit::SetCadence { stream: sid("s-engaged"), cadence: Some(m) }).rule,
            Some("R-CA-4")
        );
    }
    let far = Cadence { first_cast: Date::from_ymd_opt(10000, 1, 1).unwrap(), ..c };
    assert_eq!(
        refused(&plan, Edit::SetCadence { stream: sid("s-engaged"), cadence: Some(far) }).kind,
        ErrorKind::Invalid
    );
    assert_eq!(refused(&plan, Edit::SetCadence { stream: sid("nope"), cadence: None }).kind, ErrorKind::NotFound);
}

#[test]
fn r_tr_4_rules_with_any_or_not_are_marked_beyond_marketo() {
    let mut plan = sample();
    let rules = vec![
        Condition::All(vec![Condition::Clicked(cid("e-welcome"))]),
        Condition::Any(vec![Condition::Exhausted(true), Condition::Unsubscribed(false)]),
        Condition::All(vec![Condition::Not(Box::new(Condition::InStream(sid("s-old"))))]),
    ];
    let a = ok(&mut plan, Edit::SetTransitionRules { stream: sid("s-engaged"), rules: rules.clone() });
    assert_eq!(a.description, "Set 3 transition rules on Engaged");
    let warned: Vec<(Option<&str>, bool)> =
        a.warnings.iter().map(|w| (w.rule, w.message.starts_with("Transition rule 2 "))).collect();
    assert_eq!(warned, [(Some("R-TR-4"), true), (Some("R-TR-4"), false)]);
    assert_eq!(stream_of(&plan, "s-engaged").transition_rules, rules);
    let a = ok(&mut plan, Edit::SetTransitionRules { stream: sid("s-engaged"), rules: vec![] });
    assert_eq!(a.description, "Removed the transition rules of Engaged");
}

#[test]
fn r_cd_2_rules_citing_unknown_or_wrong_things_are_refused() {
    let plan = sample();
    let set = |c: Condition| Edit::SetTransitionRules { stream: sid("s-engaged"), rules: vec![c] };
    for (c, kind) in [
        (Condition::Received(cid("nope")), ErrorKind::NotFound),
        (Condition::Opened(cid("p-webinar")), ErrorKind::Rule),
        (Condition::ProgramMember(cid("e-welcome")), ErrorKind::Rule),
        (Condition::ProgramSuccess(cid("nope")), ErrorKind::NotFound),
        (Condition::InStream(sid("nope")), ErrorKind::NotFound),
        (Condition::Attr { name: "score".into(), op: AttrOp::Gte(f64::NAN) }, ErrorKind::Rule),
    ] {
        let err = refused(&plan, set(c));
        assert_eq!((err.kind, err.rule), (kind, Some("R-CD-2")), "{err}");
    }
    for c in [
        Condition::All(vec![]),
        Condition::Any(vec![]),
        Condition::Attr { name: "tier".into(), op: AttrOp::In(vec![]) },
    ] {
        assert_eq!(refused(&plan, set(c)).kind, ErrorKind::Invalid);
    }
    let mut deep = Condition::Exhausted(true);
    for _ in 0..70 {
        deep = Condition::Not(Box::new(deep));
    }
    assert_eq!(refused(&plan, set(deep)).kind, ErrorKind::Invalid);
}
