//! One small plan per rule, for behaviour the shared scenarios do not pin
//! down. Each test names its rule; the expected rows are worked out by hand
//! from `docs/spec/engagement-rules.md`.

use serde_json::{json, Value};

/// A plan with emails `e1`…`e{emails}` (approved), one active EP `ep` with
/// the given streams, people `p1`…`p{people}` with addresses, and every
/// person a member of the first stream from 2027-01-01. 2027-01-05 is a
/// Tuesday.
fn plan(emails: usize, streams: Value, people: usize, extra: Value) -> Value {
    let emails: Vec<Value> = (1..=emails).map(|i| json!({"id": format!("e{i}"), "approved": true})).collect();
    let first = streams[0]["id"].clone();
    let people_v: Vec<Value> = (1..=people).map(|i| json!({"id": format!("p{i}"), "email": format!("p{i}@example.com")})).collect();
    let members: Vec<Value> = (1..=people)
        .map(|i| json!({"person": format!("p{i}"), "program": "ep", "stream": first, "added_at": "2027-01-01T00:00:00Z"}))
        .collect();
    let mut p = json!({
        "format": "engagement-plan", "version": 1,
        "workspace": {"time_zone": "UTC"},
        "emails": emails,
        "engagement_programs": [{"id": "ep", "active": true, "streams": streams}],
        "people": people_v,
        "memberships": members,
        "simulation": {"start": "2027-01-01T00:00:00Z", "end": "2027-02-01T00:00:00Z"}
    });
    if let Value::Object(extra) = extra {
        for (k, v) in extra {
            p[k] = v;
        }
    }
    p
}

fn weekly(day: &str, time: &str) -> Value {
    json!({"repeats": "weekly", "every": 1, "days": [day], "time": time, "first_cast": "2027-01-05"})
}

fn items(ids: &[&str]) -> Value {
    Value::Array(ids.iter().map(|i| json!({"email": i, "active": true})).collect())
}

/// The log without its header, `at` shortened to `MM-DDTHH:MM`.
fn log(p: &Value) -> Vec<String> {
    let plan = engine::plan::load_plan(&p.to_string()).unwrap_or_else(|e| panic!("{e}"));
    engine::output::send_log(&plan)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let (at, rest) = l.split_once(',').unwrap();
            format!("{},{rest}", &at[5..16])
        })
        .collect()
}

#[test]
fn r_lim_1_a_send_exactly_168_hours_earlier_is_outside_the_window() {
    let p = plan(
        4,
        json!([{"id": "s", "cadence": weekly("tue", "09:00"), "content": items(&["e1", "e2", "e3", "e4"])}]),
        1,
        json!({"workspace": {"time_zone": "UTC", "communication_limits": {"enforced": true, "per_7_days": 1}}}),
    );
    assert_eq!(
        log(&p),
        [
            "01-05T09:00,ep,s,p1,e1,sent",
            "01-12T09:00,ep,s,p1,e2,sent",
            "01-19T09:00,ep,s,p1,e3,sent",
            "01-26T09:00,ep,s,p1,e4,sent"
        ]
    );
}

#[test]
fn r_me_4_re_adding_keeps_consumption() {
    let p = plan(
        3,
        json!([{"id": "s", "cadence": weekly("tue", "09:00"), "content": items(&["e1", "e2", "e3"])}]),
        1,
        json!({"events": [
            {"at": "2027-01-06T00:00:00Z", "do": "remove_member", "person": "p1", "program": "ep"},
            {"at": "2027-01-13T00:00:00Z", "do": "add_member", "person": "p1", "program": "ep", "stream": "s"}
        ]}),
    );
    // Absent on 01-12; back on 01-19 with e1 still consumed.
    assert_eq!(log(&p), ["01-05T09:00,ep,s,p1,e1,sent", "01-19T09:00,ep,s,p1,e2,sent", "01-26T09:00,ep,s,p1,e3,sent"]);
}

#[test]
fn r_co_4_unarchiving_brings_an_item_back_inactive() {
    let p = plan(
        2,
        json!([{"id": "s", "cadence": weekly("tue", "09:00"), "content": items(&["e1", "e2"])}]),
        1,
        json!({"events": [
            {"at": "2027-01-01T00:00:00Z", "do": "set_content", "program": "ep", "stream": "s", "content": "e1", "archived": true},
            {"at": "2027-01-06T00:00:00Z", "do": "set_content", "program": "ep", "stream": "s", "content": "e1", "archived": false},
            {"at": "2027-01-13T00:00:00Z", "do": "set_content", "program": "ep", "stream": "s", "content": "e1", "active": true}
        ]}),
    );
    assert_eq!(
        log(&p),
        [
            "01-05T09:00,ep,s,p1,e2,sent",      // e1 archived
            "01-12T09:00,ep,s,p1,,exhausted",   // unarchived: inactive
            "01-19T09:00,ep,s,p1,e1,sent",      // activated again
            "01-26T09:00,ep,s,p1,,exhausted"
        ]
    );
}

#[test]
fn r_tr_2_the_first_stream_in_program_order_wins_and_rules_see_the_state_before_moves() {
    // Both s2 and s3 pull people who received e1; s2 comes first. Rules are
    // evaluated at every cast instant of the EP (Tuesdays and Thursdays).
    let p = plan(
        3,
        json!([
            {"id": "s1", "cadence": weekly("tue", "09:00"), "content": items(&["e1"])},
            {"id": "s2", "cadence": weekly("thu", "09:00"), "content": items(&["e2"]),
             "transition_rules": [{"received": "e1"}]},
            {"id": "s3", "cadence": weekly("thu", "09:00"), "content": items(&["e3"]),
             "transition_rules": [{"received": "e1"}]}
        ]),
        1,
        json!({}),
    );
    assert_eq!(
        log(&p),
        [
            "01-05T09:00,ep,s1,p1,e1,sent",
            "01-07T09:00,ep,s2,p1,e2,sent", // moved just before the 01-07 evaluation's casts
            "01-14T09:00,ep,s2,p1,,exhausted",
            "01-21T09:00,ep,s2,p1,,exhausted",
            "01-28T09:00,ep,s2,p1,,exhausted"
        ]
    );
}

#[test]
fn r_cs_6_a_blocked_person_is_not_consumed_and_gets_it_once_reachable() {
    let mut p = plan(2, json!([{"id": "s", "cadence": weekly("tue", "09:00"), "content": items(&["e1", "e2"])}]), 1, json!({
        "events": [{"at": "2027-01-13T00:00:00Z", "do": "set_person", "person": "p1", "email": "p1@example.com"}]
    }));
    p["people"][0] = json!({"id": "p1"});
    assert_eq!(
        log(&p),
        [
            "01-05T09:00,ep,s,p1,e1,blocked_person",
            "01-12T09:00,ep,s,p1,e1,blocked_person",
            "01-19T09:00,ep,s,p1,e1,sent",
            "01-26T09:00,ep,s,p1,e2,sent"
        ]
    );
}

#[test]
fn r_ca_9_a_new_cadence_replaces_the_old_casts_from_its_instant() {
    // At 01-12T09:00 (a Tuesday cast instant of the old cadence) the stream
    // switches to Wednesdays: the old cast of that instant does not happen.
    let p = plan(
        4,
        json!([{"id": "s", "cadence": weekly("tue", "09:00"), "content": items(&["e1", "e2", "e3", "e4"])}]),
        1,
        json!({"events": [{"at": "2027-01-12T09:00:00Z", "do": "set_cadence", "program": "ep", "stream": "s",
            "cadence": {"repeats": "weekly", "every": 1, "days": ["wed"], "time": "09:00", "first_cast": "2027-01-13"}}]}),
    );
    assert_eq!(
        log(&p),
        [
            "01-05T09:00,ep,s,p1,e1,sent",
            "01-13T09:00,ep,s,p1,e2,sent",
            "01-20T09:00,ep,s,p1,e3,sent",
            "01-27T09:00,ep,s,p1,e4,sent"
        ]
    );
}

#[test]
fn r_ep_2_an_inactive_program_neither_casts_nor_moves_people() {
    let p = plan(
        2,
        json!([
            {"id": "s1", "cadence": weekly("tue", "09:00"), "content": items(&["e1"])},
            {"id": "s2", "cadence": weekly("tue", "09:00"), "content": items(&["e2"]),
             "transition_rules": [{"exhausted": true}]}
        ]),
        1,
        json!({"events": [
            {"at": "2027-01-10T00:00:00Z", "do": "set_program_active", "program": "ep", "active": false},
            {"at": "2027-01-20T00:00:00Z", "do": "set_program_active", "program": "ep", "active": true}
        ]}),
    );
    // 01-12 and 01-19 are lost (no rows, no rule evaluation).
    assert_eq!(log(&p), ["01-05T09:00,ep,s1,p1,e1,sent", "01-26T09:00,ep,s1,p1,,exhausted"]);
}

#[test]
fn r_st_4_a_holding_stream_never_casts_and_an_empty_one_exhausts() {
    let p = plan(
        1,
        json!([
            {"id": "s-empty", "cadence": weekly("tue", "09:00"), "content": []},
            {"id": "s-hold", "cadence": null, "content": items(&["e1"])}
        ]),
        2,
        json!({"memberships": [
            {"person": "p1", "program": "ep", "stream": "s-empty", "added_at": "2027-01-01T00:00:00Z"},
            {"person": "p2", "program": "ep", "stream": "s-hold", "added_at": "2027-01-01T00:00:00Z"}
        ], "simulation": {"start": "2027-01-01T00:00:00Z", "end": "2027-01-13T00:00:00Z"}}),
    );
    assert_eq!(log(&p), ["01-05T09:00,ep,s-empty,p1,,exhausted", "01-12T09:00,ep,s-empty,p1,,exhausted"]);
}

#[test]
fn r_cs_7_a_blocked_person_still_enters_a_program_and_a_filtered_one_is_consumed() {
    let mut p = plan(1, json!([{"id": "s", "cadence": weekly("tue", "09:00"), "content": [
        {"program": "cp-open", "active": true}, {"program": "cp-us", "active": true}, {"email": "e1", "active": true}
    ]}]), 1, json!({
        "programs": [{"id": "cp-open"}, {"id": "cp-us", "audience": {"attr": "country", "eq": "US"}}],
        "simulation": {"start": "2027-01-01T00:00:00Z", "end": "2027-01-20T00:00:00Z"}
    }));
    p["people"][0] = json!({"id": "p1", "unsubscribed": true, "attributes": {"country": "FR"}});
    assert_eq!(
        log(&p),
        [
            "01-05T09:00,ep,s,p1,cp-open,program_entered",
            "01-12T09:00,ep,s,p1,cp-us,program_filtered",
            "01-19T09:00,ep,s,p1,e1,blocked_person"
        ]
    );
}

#[test]
fn r_dd_1_an_email_in_two_programs_is_sent_once() {
    let p = plan(2, json!([{"id": "s", "cadence": weekly("tue", "09:00"), "content": items(&["e1", "e2"])}]), 1, json!({
        "engagement_programs": [
            {"id": "ep", "active": true, "streams": [{"id": "s", "cadence": weekly("tue", "09:00"), "content": items(&["e1", "e2"])}]},
            {"id": "ep2", "active": true, "streams": [{"id": "t", "content": items(&["e1", "e2"]),
                "cadence": {"repeats": "weekly", "every": 1, "days": ["wed"], "time": "09:00", "first_cast": "2027-01-06"}}]}
        ],
        "memberships": [
            {"person": "p1", "program": "ep", "stream": "s", "added_at": "2027-01-01T00:00:00Z"},
            {"person": "p1", "program": "ep2", "stream": "t", "added_at": "2027-01-01T00:00:00Z"}
        ],
        "simulation": {"start": "2027-01-01T00:00:00Z", "end": "2027-01-14T00:00:00Z"}
    }));
    assert_eq!(
        log(&p),
        [
            "01-05T09:00,ep,s,p1,e1,sent",
            "01-06T09:00,ep2,t,p1,e2,sent",
            "01-12T09:00,ep,s,p1,,exhausted",
            "01-13T09:00,ep2,t,p1,,exhausted"
        ]
    );
}

#[test]
fn r_bh_1_a_drawn_unsubscribe_blocks_only_after_its_instant() {
    // Two programs cast at the same instant; the first send's unsubscribe
    // (p = 1) does not stop the second send at that instant, but blocks the
    // next week.
    let p = plan(4, json!([]), 1, json!({
        "engagement_programs": [
            {"id": "ep", "active": true, "streams": [{"id": "s", "cadence": weekly("tue", "09:00"), "content": items(&["e1", "e3"])}]},
            {"id": "ep2", "active": true, "streams": [{"id": "t", "cadence": weekly("tue", "09:00"), "content": items(&["e2", "e4"])}]}
        ],
        "memberships": [
            {"person": "p1", "program": "ep", "stream": "s", "added_at": "2027-01-01T00:00:00Z"},
            {"person": "p1", "program": "ep2", "stream": "t", "added_at": "2027-01-01T00:00:00Z"}
        ],
        "behavior": {"seed": 1, "default": {"unsubscribe": 1}},
        "simulation": {"start": "2027-01-01T00:00:00Z", "end": "2027-01-13T00:00:00Z"}
    }));
    assert_eq!(
        log(&p),
        [
            "01-05T09:00,ep,s,p1,e1,sent",
            "01-05T09:00,ep2,t,p1,e2,sent",
            "01-12T09:00,ep,s,p1,e3,blocked_person",
            "01-12T09:00,ep2,t,p1,e4,blocked_person"
        ]
    );
}

#[test]
fn r_me_3_a_member_added_at_the_cast_instant_waits_for_the_next_cast() {
    let p = plan(2, json!([{"id": "s", "cadence": weekly("tue", "09:00"), "content": items(&["e1", "e2"])}]), 1, json!({
        "memberships": [{"person": "p1", "program": "ep", "stream": "s", "added_at": "2027-01-05T09:00:00Z"}],
        "simulation": {"start": "2027-01-01T00:00:00Z", "end": "2027-01-13T00:00:00Z"}
    }));
    assert_eq!(log(&p), ["01-12T09:00,ep,s,p1,e1,sent"]);
}
