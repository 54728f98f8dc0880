//! Unit tests of the plan reader and writer: one or more per validation
//! (rule ids in the names), the exact error lines of `plan-format.md`, and
//! round trips.

use super::*;
use serde_json::{json, Value};

/// The example of `plan-format.md`, verbatim.
const EXAMPLE: &str = r#"{
  "format": "engagement-plan",
  "version": 1,
  "workspace": {
    "name": "Acme nurture",
    "time_zone": "America/New_York",
    "week_start": "sunday",
    "communication_limits": { "enforced": true, "per_day": 1, "per_7_days": 3 },
    "score_benchmarks": { "open": 0.20, "click": 0.025, "unsubscribe": 0.002, "success": 0.05 }
  },
  "emails": [
    { "id": "e-welcome", "name": "Welcome", "subject": "Welcome aboard", "approved": true, "operational": false },
    { "id": "e-case-study", "name": "Case study", "subject": "How Initech did it", "approved": true, "operational": false }
  ],
  "programs": [
    { "id": "p-webinar", "name": "Spring webinar", "kind": "event",
      "audience": { "attr": "country", "in": ["US", "CA"] } }
  ],
  "engagement_programs": [
    {
      "id": "ep-new", "name": "New prospects", "active": true,
      "streams": [
        {
          "id": "s-early", "name": "Early stage",
          "cadence": { "repeats": "weekly", "every": 1, "days": ["tue"],
                       "time": "09:00", "first_cast": "2027-01-05",
                       "recipient_time_zone": false },
          "content": [
            { "email": "e-welcome", "active": true },
            { "program": "p-webinar", "active": true,
              "available_from": "2027-02-01", "available_through": "2027-03-15" },
            { "email": "e-case-study", "active": false, "archived": true }
          ],
          "transition_rules": []
        },
        {
          "id": "s-engaged", "name": "Engaged",
          "cadence": { "repeats": "monthly", "every": 1,
                       "nth_weekday": { "n": "last", "day": "thu" },
                       "time": "14:30", "first_cast": "2027-01-28",
                       "recipient_time_zone": true },
          "content": [],
          "transition_rules": [ { "any": [ { "clicked": "e-welcome" },
                                           { "attr": "score", "gte": 50 } ] } ]
        }
      ]
    }
  ],
  "people": [
    { "id": "1001", "email": "ana@example.com", "time_zone": "Europe/Lisbon",
      "unsubscribed": false, "marketing_suspended": false, "email_invalid": false,
      "attributes": { "country": "PT", "segment": "smb", "score": 12 } }
  ],
  "memberships": [
    { "person": "1001", "program": "ep-new", "stream": "s-early",
      "cadence": "normal", "added_at": "2027-01-01T08:00:00Z" }
  ],
  "history": [
    { "person": "1001", "email": "e-welcome", "at": "2026-12-20T15:00:00Z", "engagement": false, "opened": true }
  ],
  "program_history": [],
  "behavior": {
    "seed": 7,
    "default": { "open": 0.22, "click": 0.12, "unsubscribe": 0.002, "success": 0.05 },
    "content": { "e-welcome": { "open": 0.45 } },
    "multipliers": [ { "when": { "attr": "segment", "eq": "enterprise" }, "open": 1.3, "click": 1.5 } ]
  },
  "events": [
    { "at": "2027-02-10T12:00:00Z", "do": "pause", "person": "1001", "program": "ep-new" },
    { "at": "2027-03-01T00:00:00Z", "do": "move_content", "program": "ep-new",
      "stream": "s-early", "content": "e-welcome", "to_index": 0 }
  ],
  "simulation": { "start": "2027-01-01T00:00:00Z", "end": "2027-06-30T00:00:00Z" }
}"#;

fn example() -> Value {
    serde_json::from_str(EXAMPLE).expect("example parses")
}

/// The error lines of `v` (empty when it loads).
fn lines(v: &Value) -> Vec<String> {
    match plan_from_json(v) {
        Ok(_) => vec![],
        Err(e) => e.lines(),
    }
}

fn at<'a>(v: &'a mut Value, pointer: &str) -> &'a mut Value {
    v.pointer_mut(pointer).unwrap_or_else(|| panic!("no {pointer}"))
}

fn set(v: &mut Value, pointer: &str, x: Value) {
    *at(v, pointer) = x;
}

/// Inserts or replaces key `key` of the object at `pointer`.
fn put(v: &mut Value, pointer: &str, key: &str, x: Value) {
    at(v, pointer).as_object_mut().expect("object").insert(key.to_owned(), x);
}

fn remove(v: &mut Value, pointer: &str, key: &str) {
    at(v, pointer).as_object_mut().expect("object").shift_remove(key);
}

fn push(v: &mut Value, pointer: &str, x: Value) {
    at(v, pointer).as_array_mut().expect("array").push(x);
}

#[track_caller]
fn assert_error(v: &Value, line: &str) {
    let got = lines(v);
    assert!(got.iter().any(|l| l == line), "expected the line\n  {line}\namong\n  {}", got.join("\n  "));
}

#[track_caller]
fn assert_error_starting(v: &Value, prefix: &str) {
    let got = lines(v);
    assert!(
        got.iter().any(|l| l.starts_with(prefix)),
        "expected a line starting\n  {prefix}\namong\n  {}",
        got.join("\n  ")
    );
}

#[track_caller]
fn assert_ok(v: &Value) {
    let got = lines(v);
    assert!(got.is_empty(), "expected no errors, got\n  {}", got.join("\n  "));
}

fn event(x: Value) -> Value {
    let mut v = example();
    push(&mut v, "/events", x);
    v
}

// ---------------------------------------------------------------- spec

#[test]
fn plan_spec_example_loads_with_its_values() {
    let p = load_plan(EXAMPLE).expect("loads");
    assert_eq!(p.workspace.time_zone, chrono_tz::America::New_York);
    assert_eq!(p.workspace.communication_limits.and_then(|l| l.per_7_days), Some(3));
    let s = &p.engagement_programs[0].streams[1];
    assert_eq!(
        s.cadence.map(|c| c.pattern),
        Some(crate::model::Pattern::Monthly(crate::model::MonthlyRule::NthWeekday {
            n: crate::model::Nth::Last,
            day: crate::time::Weekday::Thu
        }))
    );
    assert_eq!(p.behavior.as_ref().map(|b| b.seed), Some(7));
    assert_eq!(p.events.len(), 2);
    assert!(p.history[0].opened && !p.history[0].clicked);
}

#[test]
fn plan_spec_example_round_trips() {
    let p = load_plan(EXAMPLE).expect("loads");
    let saved = save_plan(&p);
    let q = load_plan(&saved).expect("saved plan loads");
    assert_eq!(p, q);
    assert_eq!(save_plan(&q), saved);
}

#[test]
fn plan_spec_error_line_unknown_weekday() {
    let mut v = example();
    set(
        &mut v,
        "/engagement_programs/0/streams/1/cadence",
        json!({"repeats": "weekly", "every": 1, "days": ["tues"], "time": "14:30", "first_cast": "2027-01-28"}),
    );
    assert_eq!(
        lines(&v),
        ["engagement_programs[0].streams[1].cadence.days[0]: unknown weekday \"tues\" (expected sun, mon, tue, wed, thu, fri, sat)"]
    );
}

#[test]
fn plan_spec_error_line_r_co_1_operational_email() {
    let mut v = example();
    push(&mut v, "/emails", json!({"id": "e-pricing", "approved": true, "operational": true}));
    set(&mut v, "/engagement_programs/0/streams/0/content/2", json!({"email": "e-pricing"}));
    assert_eq!(
        lines(&v),
        ["engagement_programs[0].streams[0].content[2]: email \"e-pricing\" is operational; engagement programs are not for operational emails (R-CO-1)"]
    );
}

#[test]
fn plan_spec_error_line_r_me_1_duplicate_membership() {
    let mut v = example();
    set(&mut v, "/memberships", json!([]));
    for i in 0..14 {
        let id = format!("{}", 1031 + i);
        push(&mut v, "/people", json!({"id": id}));
        push(
            &mut v,
            "/memberships",
            json!({"person": id, "program": "ep-new", "stream": "s-early", "added_at": "2027-01-01T00:00:00Z"}),
        );
    }
    push(
        &mut v,
        "/memberships",
        json!({"person": "1044", "program": "ep-new", "stream": "s-engaged", "added_at": "2027-01-02T00:00:00Z"}),
    );
    assert_eq!(lines(&v), ["memberships[14]: person \"1044\" is already in ep-new (R-ME-1)"]);
}

// ---------------------------------------------------------------- document level

#[test]
fn plan_json_syntax_error_gives_line_and_column() {
    let e = load_plan("{\n  \"format\": \"engagement-plan\",\n  \"version\": 1,,\n}").unwrap_err();
    assert_eq!(e.len(), 1);
    let line = e.to_string();
    assert!(line.starts_with("invalid JSON at line 3, column 16: "), "{line}");
    assert!(!line.contains(" at line 3 column"), "{line}");
}

#[test]
fn plan_empty_and_non_object_input() {
    assert_eq!(load_plan("").unwrap_err().len(), 1);
    assert_eq!(load_plan("[]").unwrap_err().to_string(), "a plan is a JSON object, not an array");
    assert_eq!(load_plan("null").unwrap_err().to_string(), "a plan is a JSON object, not null");
}

#[test]
fn plan_size_cap_refuses_before_parsing() {
    let e = load_plan_capped("{ not even json }", 5).unwrap_err();
    assert_eq!(e.to_string(), "the plan is 17 bytes; the largest plan read is 5 bytes");
    assert_eq!(MAX_PLAN_BYTES, 256 * 1024 * 1024);
}

#[test]
fn plan_newer_version_is_refused_alone_naming_both() {
    let mut v = example();
    set(&mut v, "/version", json!(2));
    set(&mut v, "/format", json!("other"));
    put(&mut v, "", "bogus", json!(1));
    let got = lines(&v);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].starts_with("version: ") && got[0].contains('2') && got[0].contains("version 1"), "{got:?}");
    set(&mut v, "/version", json!(u64::MAX));
    assert_eq!(lines(&v).len(), 1);
}

#[test]
fn plan_format_and_version_checked() {
    let mut v = example();
    set(&mut v, "/format", json!("engagement-plans"));
    set(&mut v, "/version", json!(0));
    assert_eq!(
        lines(&v),
        [
            "format: unknown format \"engagement-plans\" (expected \"engagement-plan\")",
            "version: 0 is out of range (expected an integer ≥ 1)"
        ]
    );
    for bad in [json!("1"), json!(1.5), json!(-1), json!(null)] {
        let mut v = example();
        set(&mut v, "/version", bad.clone());
        assert_error_starting(&v, "version: ");
    }
    let mut v = example();
    remove(&mut v, "", "version");
    remove(&mut v, "", "format");
    remove(&mut v, "", "workspace");
    assert_eq!(
        lines(&v),
        ["format: missing required field", "version: missing required field", "workspace: missing required field"]
    );
}

#[test]
fn plan_minimal_plan_gets_the_defaults() {
    let p = load_plan(r#"{"format": "engagement-plan", "version": 1, "workspace": {}}"#).expect("loads");
    assert_eq!(p, crate::model::Plan { workspace: Default::default(), ..crate::model::Plan::empty("") });
    assert_eq!(p.workspace.score_benchmarks, crate::model::Benchmarks::default());
    let back = load_plan(&save_plan(&p)).expect("round trip");
    assert_eq!(p, back);
}

// ---------------------------------------------------------------- fields

#[test]
fn plan_unknown_fields_are_errors_everywhere() {
    let mut v = example();
    for (pointer, key) in [
        ("", "emails_"),
        ("/workspace", "timezone"),
        ("/workspace/communication_limits", "per_week"),
        ("/workspace/score_benchmarks", "bounce"),
        ("/emails/0", "approve"),
        ("/programs/0", "type"),
        ("/engagement_programs/0", "status"),
        ("/engagement_programs/0/streams/0", "rules"),
        ("/engagement_programs/0/streams/0/cadence", "day"),
        ("/engagement_programs/0/streams/1/cadence/nth_weekday", "week"),
        ("/engagement_programs/0/streams/0/content/0", "paused"),
        ("/people/0", "emial"),
        ("/memberships/0", "paused"),
        ("/history/0", "sent"),
        ("/behavior", "seeds"),
        ("/behavior/default", "bounce"),
        ("/behavior/multipliers/0", "bounce"),
        ("/events/0", "stream"),
        ("/simulation", "step"),
    ] {
        put(&mut v, pointer, key, json!(1));
    }
    let got = lines(&v);
    assert_eq!(got.len(), 19, "{}", got.join("\n"));
    assert!(got.iter().all(|l| l.contains("unknown field")), "{}", got.join("\n"));
    assert!(got.contains(&"people[0].emial: unknown field \"emial\" (expected id, email, time_zone, unsubscribed, marketing_suspended, email_invalid, attributes)".to_owned()));
    assert!(got.iter().any(|l| l.starts_with("events[0].stream: unknown field \"stream\"")));
    assert!(got.iter().any(|l| l.starts_with("emails_: ")));
}

#[test]
fn plan_unknown_condition_field() {
    let mut v = example();
    set(&mut v, "/programs/0/audience", json!({"attr": "country", "in": ["US"], "nin": ["CA"]}));
    assert_error_starting(&v, "programs[0].audience.nin: unknown condition field \"nin\"");
}

#[test]
fn plan_null_only_where_the_table_allows_it() {
    let mut v = example();
    set(&mut v, "/engagement_programs/0/streams/1/cadence", Value::Null);
    set(&mut v, "/people/0/time_zone", Value::Null);
    set(&mut v, "/engagement_programs/0/streams/0/content/1/available_from", Value::Null);
    set(&mut v, "/engagement_programs/0/streams/0/content/1/available_through", Value::Null);
    let p = plan_from_json(&v).expect("nulls allowed");
    assert_eq!(p.engagement_programs[0].streams[1].cadence, None);
    assert_eq!(p.people[0].time_zone, None);
    for pointer in ["/workspace/name", "/emails/0/approved", "/people/0/email", "/behavior", "/programs/0/audience"] {
        let mut v = example();
        set(&mut v, pointer, Value::Null);
        let got = lines(&v);
        assert_eq!(got.len(), 1, "{pointer}: {got:?}");
        assert!(got[0].ends_with("null is not allowed here (leave the field out)"), "{got:?}");
    }
    let mut v = example();
    set(&mut v, "/emails/0/id", Value::Null);
    assert_error(&v, "emails[0].id: null is not allowed here");
}

#[test]
fn plan_missing_required_fields() {
    let mut v = example();
    remove(&mut v, "/emails/0", "id");
    remove(&mut v, "/engagement_programs/0", "streams");
    remove(&mut v, "/memberships/0", "added_at");
    remove(&mut v, "/history/0", "email");
    remove(&mut v, "/simulation", "end");
    remove(&mut v, "/events/1", "to_index");
    let got = lines(&v);
    for line in [
        "emails[0].id: missing required field",
        "engagement_programs[0].streams: missing required field",
        "memberships[0].added_at: missing required field",
        "history[0].email: missing required field",
        "simulation.end: missing required field",
        "events[1].to_index: missing required field",
    ] {
        assert!(got.contains(&line.to_owned()), "{line} not in {got:#?}");
    }
}

#[test]
fn plan_wrong_types() {
    let mut v = example();
    set(&mut v, "/emails/0/approved", json!("yes"));
    set(&mut v, "/people/0/attributes/score", json!([12]));
    set(&mut v, "/engagement_programs/0/streams/0/cadence/every", json!("1"));
    set(&mut v, "/memberships", json!({}));
    let got = lines(&v);
    assert!(got.contains(&"emails[0].approved: expected true or false, found a string".to_owned()), "{got:#?}");
    assert!(
        got.contains(&"people[0].attributes.score: expected a string, number or boolean, found an array".to_owned())
    );
    assert!(got
        .contains(&"engagement_programs[0].streams[0].cadence.every: expected an integer, found a string".to_owned()));
    assert!(got.contains(&"memberships: expected an array, found an object".to_owned()));
}

#[test]
fn plan_bad_dates_instants_times_and_zones() {
    let mut v = example();
    set(&mut v, "/engagement_programs/0/streams/0/cadence/first_cast", json!("2027-02-30"));
    set(&mut v, "/engagement_programs/0/streams/0/cadence/time", json!("9:00"));
    set(&mut v, "/memberships/0/added_at", json!("2027-01-01 08:00:00Z"));
    set(&mut v, "/workspace/time_zone", json!("Mars/Olympus"));
    set(&mut v, "/people/0/time_zone", json!("europe/lisbon"));
    set(&mut v, "/engagement_programs/0/streams/0/content/1/available_from", json!("2027-2-1"));
    let got = lines(&v);
    for prefix in [
        "engagement_programs[0].streams[0].cadence.first_cast: invalid date \"2027-02-30\"",
        "engagement_programs[0].streams[0].cadence.time: invalid time \"9:00\"",
        "memberships[0].added_at: invalid instant",
        "workspace.time_zone: unknown time zone \"Mars/Olympus\"",
        "people[0].time_zone: unknown time zone",
        "engagement_programs[0].streams[0].content[1].available_from: invalid date",
    ] {
        assert!(got.iter().any(|l| l.starts_with(prefix)), "{prefix} not in {got:#?}");
    }
    assert_eq!(got.len(), 6, "{got:#?}");
}

#[test]
fn plan_instants_with_offsets_lower_case_and_fractions_load() {
    let mut v = example();
    set(&mut v, "/memberships/0/added_at", json!("2027-01-01t03:00:00.5-05:00"));
    let p = plan_from_json(&v).expect("loads");
    assert_eq!(p.memberships[0].added_at.plan_format(), "2027-01-01T08:00:00.500000Z");
    assert_eq!(load_plan(&save_plan(&p)).expect("round trip"), p);
}

#[test]
fn plan_instant_outside_years_0000_to_9999_in_utc_is_refused() {
    let mut v = example();
    set(&mut v, "/memberships/0/added_at", json!("0000-01-01T00:00:00+01:00"));
    set(&mut v, "/history/0/at", json!("9999-12-31T23:30:00-01:00"));
    remove(&mut v, "", "simulation");
    let got = lines(&v);
    assert_eq!(got.len(), 2, "{got:#?}");
    assert!(got.iter().all(|l| l.contains("out of range")));
}

#[test]
fn plan_weekday_listed_twice() {
    let mut v = example();
    set(&mut v, "/engagement_programs/0/streams/0/cadence/days", json!(["tue", "fri", "tue"]));
    assert_eq!(lines(&v), ["engagement_programs[0].streams[0].cadence.days[2]: weekday \"tue\" is listed twice"]);
}

#[test]
fn plan_r_ca_2_weekly_days_required_and_non_empty() {
    let mut v = example();
    set(&mut v, "/engagement_programs/0/streams/0/cadence/days", json!([]));
    assert_eq!(
        lines(&v),
        ["engagement_programs[0].streams[0].cadence.days: a weekly cadence needs at least one weekday (R-CA-2)"]
    );
    remove(&mut v, "/engagement_programs/0/streams/0/cadence", "days");
    assert_eq!(lines(&v), ["engagement_programs[0].streams[0].cadence.days: missing required field"]);
}

#[test]
fn plan_cadence_shape_by_repeats() {
    let base = "/engagement_programs/0/streams/1/cadence";
    let mut v = example();
    put(&mut v, base, "day_of_month", json!(3));
    assert_eq!(
        lines(&v),
        ["engagement_programs[0].streams[1].cadence: a monthly cadence has exactly one of day_of_month and nth_weekday; this one has both"]
    );
    let mut v = example();
    remove(&mut v, base, "nth_weekday");
    assert_error(&v, "engagement_programs[0].streams[1].cadence: a monthly cadence needs day_of_month or nth_weekday");
    put(&mut v, base, "days", json!(["mon"]));
    assert_error(&v, "engagement_programs[0].streams[1].cadence.days: only a weekly cadence has this field");
    let mut v = example();
    put(&mut v, "/engagement_programs/0/streams/0/cadence", "day_of_month", json!(3));
    assert_eq!(
        lines(&v),
        ["engagement_programs[0].streams[0].cadence.day_of_month: only a monthly cadence has this field"]
    );
    let mut v = example();
    set(&mut v, &format!("{base}/repeats"), json!("daily"));
    set(&mut v, &format!("{base}/nth_weekday/day"), json!("thursday"));
    let got = lines(&v);
    assert_eq!(got.len(), 2, "{got:#?}");
    assert_eq!(
        got[0],
        "engagement_programs[0].streams[1].cadence.repeats: unknown repeats \"daily\" (expected weekly or monthly)"
    );
}

#[test]
fn plan_r_ca_1_every_at_least_one() {
    let mut v = example();
    set(&mut v, "/engagement_programs/0/streams/0/cadence/every", json!(0));
    assert_eq!(
        lines(&v),
        ["engagement_programs[0].streams[0].cadence.every: 0 is out of range (expected an integer from 1 to 4294967295) (R-CA-1)"]
    );
    set(&mut v, "/engagement_programs/0/streams/0/cadence/every", json!(-3));
    assert_error_starting(&v, "engagement_programs[0].streams[0].cadence.every: -3 is out of range");
    set(&mut v, "/engagement_programs/0/streams/0/cadence/every", json!(5_000_000_000u64));
    assert_error_starting(&v, "engagement_programs[0].streams[0].cadence.every: 5000000000 is out of range");
}

#[test]
fn plan_r_ca_4_day_of_month_and_nth_weekday() {
    let base = "/engagement_programs/0/streams/1/cadence";
    for (d, ok) in [(0, false), (1, true), (31, true), (32, false)] {
        let mut v = example();
        remove(&mut v, base, "nth_weekday");
        put(&mut v, base, "day_of_month", json!(d));
        assert_eq!(lines(&v).is_empty(), ok, "{d}: {:?}", lines(&v));
    }
    let mut v = example();
    remove(&mut v, base, "nth_weekday");
    put(&mut v, base, "day_of_month", json!(0));
    assert_eq!(
        lines(&v),
        ["engagement_programs[0].streams[1].cadence.day_of_month: 0 is out of range (expected an integer from 1 to 31) (R-CA-4)"]
    );
    for (n, ok) in [
        (json!(1), true),
        (json!(4), true),
        (json!("last"), true),
        (json!(5), false),
        (json!("first"), false),
        (json!(0), false),
    ] {
        let mut v = example();
        set(&mut v, &format!("{base}/nth_weekday/n"), n.clone());
        assert_eq!(lines(&v).is_empty(), ok, "{n}: {:?}", lines(&v));
    }
}

#[test]
fn plan_available_through_before_available_from() {
    let mut v = example();
    set(&mut v, "/engagement_programs/0/streams/0/content/1/available_through", json!("2027-01-31"));
    assert_eq!(
        lines(&v),
        ["engagement_programs[0].streams[0].content[1].available_through: available_through 2027-01-31 is before available_from 2027-02-01"]
    );
    let mut v = event(json!({"at": "2027-01-02T00:00:00Z", "do": "set_content", "program": "ep-new",
        "stream": "s-early", "content": "e-welcome", "available_from": "2027-03-01", "available_through": "2027-02-01"}));
    assert_eq!(
        lines(&v),
        ["events[2].available_through: available_through 2027-02-01 is before available_from 2027-03-01"]
    );
    set(&mut v, "/events/2/available_through", json!("2027-03-01"));
    assert_ok(&v);
}

#[test]
fn plan_simulation_end_must_be_after_start() {
    let mut v = example();
    set(&mut v, "/simulation/end", json!("2027-01-01T00:00:00Z"));
    assert_eq!(lines(&v), ["simulation.end: end 2027-01-01T00:00:00Z is not after start 2027-01-01T00:00:00Z"]);
    let mut v = example();
    remove(&mut v, "", "simulation");
    assert_eq!(plan_from_json(&v).expect("loads").simulation, None);
}

#[test]
fn plan_content_item_names_exactly_one_of_email_and_program() {
    let mut v = example();
    set(&mut v, "/engagement_programs/0/streams/0/content/0", json!({"email": "e-welcome", "program": "p-webinar"}));
    set(&mut v, "/engagement_programs/0/streams/0/content/1", json!({"active": true}));
    assert_eq!(
        lines(&v),
        [
            "engagement_programs[0].streams[0].content[0]: a content item names exactly one of email and program; this one names both",
            "engagement_programs[0].streams[0].content[1]: a content item needs an email or a program field"
        ]
    );
}

// ---------------------------------------------------------------- conditions

#[test]
fn plan_empty_all_any_in_lists() {
    let mut v = example();
    set(
        &mut v,
        "/engagement_programs/0/streams/1/transition_rules",
        json!([{"all": []}, {"any": []}, {"attr": "x", "in": []}]),
    );
    assert_eq!(
        lines(&v),
        [
            "engagement_programs[0].streams[1].transition_rules[0].all: an all list must not be empty",
            "engagement_programs[0].streams[1].transition_rules[1].any: an any list must not be empty",
            "engagement_programs[0].streams[1].transition_rules[2].in: an in list must not be empty"
        ]
    );
}

#[test]
fn plan_r_cd_2_unknown_ids_in_conditions() {
    let mut v = example();
    set(
        &mut v,
        "/engagement_programs/0/streams/1/transition_rules",
        json!([{"all": [{"received": "e-nope"}, {"opened": "p-webinar"}, {"program_member": "p-nope"},
                        {"program_success": "e-welcome"}, {"in_stream": "s-nope"}, {"in_stream": "s-early"},
                        {"clicked": "e-welcome"}]}]),
    );
    let r = "engagement_programs[0].streams[1].transition_rules[0].all";
    assert_eq!(
        lines(&v),
        [
            format!("{r}[0].received: unknown email \"e-nope\" (R-CD-2)"),
            format!("{r}[1].opened: \"p-webinar\" is a program, not an email (R-CD-2)"),
            format!("{r}[2].program_member: unknown program \"p-nope\" (R-CD-2)"),
            format!("{r}[3].program_success: \"e-welcome\" is an email, not a program (R-CD-2)"),
            format!("{r}[4].in_stream: unknown stream \"s-nope\" (R-CD-2)"),
        ]
    );
}

#[test]
fn plan_r_cd_2_operand_types() {
    let mut v = example();
    set(
        &mut v,
        "/behavior/multipliers",
        json!([
            {"when": {"attr": "score", "gte": "50"}},
            {"when": {"attr": "score", "lte": true}},
            {"when": {"attr": "name", "contains": 5}},
            {"when": {"attr": "name", "eq": [1]}},
            {"when": {"attr": "name", "ne": null}},
            {"when": {"attr": "name", "in": ["a", {}]}},
            {"when": {"attr": "name", "in": "a"}},
            {"when": {"exhausted": "yes"}},
            {"when": {"unsubscribed": 1}},
            {"when": {"attr": 5, "eq": 5}}
        ]),
    );
    let m = "behavior.multipliers";
    assert_eq!(
        lines(&v),
        [
            format!("{m}[0].when.gte: gte takes a number, not a string (R-CD-2)"),
            format!("{m}[1].when.lte: lte takes a number, not a boolean (R-CD-2)"),
            format!("{m}[2].when.contains: contains takes a string, not a number (R-CD-2)"),
            format!("{m}[3].when.eq: eq takes a string, number or boolean, not an array (R-CD-2)"),
            format!("{m}[4].when.ne: ne takes a string, number or boolean, not null (R-CD-2)"),
            format!("{m}[5].when.in[1]: in takes strings, numbers or booleans, not an object (R-CD-2)"),
            format!("{m}[6].when.in: in takes a list of strings, numbers or booleans, not a string (R-CD-2)"),
            format!("{m}[7].when.exhausted: expected true or false, found a string (R-CD-2)"),
            format!("{m}[8].when.unsubscribed: expected true or false, found a number (R-CD-2)"),
            format!("{m}[9].when.attr: expected a string, found a number"),
        ]
    );
}

#[test]
fn plan_condition_shape_errors() {
    let mut v = example();
    set(
        &mut v,
        "/behavior/multipliers",
        json!([
            {"when": {}},
            {"when": {"received": "e-welcome", "opened": "e-welcome"}},
            {"when": {"attr": "x"}},
            {"when": {"attr": "x", "eq": 1, "ne": 2}},
            {"when": {"eq": 1}},
            {"when": {"received": "e-welcome", "eq": 1}},
            {"when": "score > 5"},
            {"open": 2}
        ]),
    );
    let m = "behavior.multipliers";
    let got = lines(&v);
    assert_eq!(got.len(), 8, "{got:#?}");
    assert!(got[0].starts_with(&format!("{m}[0].when: empty condition")));
    assert_eq!(got[1], format!("{m}[1].when: a condition has exactly one of all, any, not, attr, received, opened, clicked, program_member, program_success, exhausted, in_stream, unsubscribed; this one has received and opened"));
    assert_eq!(got[2], format!("{m}[2].when: missing comparison (one of eq, ne, in, gte, lte, contains)"));
    assert_eq!(got[3], format!("{m}[3].when: an attr condition has exactly one comparison; this one has eq and ne"));
    assert_eq!(got[4], format!("{m}[4].when.attr: missing required field (a \"eq\" comparison needs attr)"));
    assert_eq!(got[5], format!("{m}[5].when.eq: eq goes with attr, not with received"));
    assert_eq!(got[6], format!("{m}[6].when: expected a condition object, found a string"));
    assert_eq!(got[7], format!("{m}[7].when: missing required field"));
}

#[test]
fn plan_condition_depth_is_capped() {
    fn nest(depth: usize) -> Value {
        let mut c = json!({"exhausted": true});
        for _ in 1..depth {
            c = json!({"not": c});
        }
        c
    }
    let mut v = example();
    set(&mut v, "/engagement_programs/0/streams/1/transition_rules", json!([nest(MAX_CONDITION_DEPTH)]));
    assert_ok(&v);
    let p = plan_from_json(&v).expect("loads");
    assert_eq!(plan_from_json(&plan_to_json(&p)).expect("round trip"), p);
    set(&mut v, "/engagement_programs/0/streams/1/transition_rules", json!([nest(MAX_CONDITION_DEPTH + 1)]));
    let got = lines(&v);
    assert_eq!(got.len(), 1);
    assert!(got[0].ends_with("condition nested deeper than 64 levels"), "{got:?}");
}

#[test]
fn plan_deep_json_nesting_does_not_overflow() {
    for depth in [200usize, 100_000] {
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let e = load_plan(&text).unwrap_err();
        assert_eq!(e.len(), 1);
        let text = format!("{}1{}", "{\"not\":".repeat(depth), "}".repeat(depth));
        assert_eq!(load_plan(&text).unwrap_err().len(), 1);
    }
}

// ---------------------------------------------------------------- numbers

#[test]
fn plan_r_lim_1_limits_at_least_one() {
    let mut v = example();
    set(&mut v, "/workspace/communication_limits", json!({"per_day": 0, "per_7_days": 1.5}));
    assert_eq!(
        lines(&v),
        [
            "workspace.communication_limits.per_day: 0 is out of range (expected an integer from 1 to 4294967295) (R-LIM-1)",
            "workspace.communication_limits.per_7_days: expected an integer from 1 to 4294967295, found 1.5"
        ]
    );
    set(&mut v, "/workspace/communication_limits", json!({}));
    let p = plan_from_json(&v).expect("loads");
    assert_eq!(p.workspace.communication_limits, Some(Default::default()));
}

#[test]
fn plan_r_bh_1_probabilities_finite_and_not_negative() {
    let mut v = example();
    set(&mut v, "/behavior/default/open", json!(-0.1));
    set(&mut v, "/behavior/content/e-welcome/open", json!("0.4"));
    set(&mut v, "/behavior/multipliers/0/click", json!(null));
    assert_eq!(
        lines(&v),
        [
            "behavior.default.open: -0.1 is negative (expected a number ≥ 0)",
            "behavior.content[\"e-welcome\"].open: expected a number, found a string",
            "behavior.multipliers[0].click: null is not allowed here (leave the field out)"
        ]
    );
    // Factors above 1 are fine (R-BH-1 clamps after multiplying).
    set(&mut v, "/behavior/default/open", json!(0));
    set(&mut v, "/behavior/content/e-welcome/open", json!(1e300));
    remove(&mut v, "/behavior/multipliers/0", "click");
    assert_ok(&v);
}

#[test]
fn plan_r_bh_2_seed_is_a_u64() {
    for (seed, ok) in [
        (json!(0), true),
        (json!(u64::MAX), true),
        (json!(-1), false),
        (json!(7.0), false),
        (json!(1e20), false),
        (json!("7"), false),
    ] {
        let mut v = example();
        set(&mut v, "/behavior/seed", seed.clone());
        assert_eq!(lines(&v).is_empty(), ok, "{seed}: {:?}", lines(&v));
    }
    let text = EXAMPLE.replace("\"seed\": 7", "\"seed\": 18446744073709551616");
    let e = load_plan(&text).unwrap_err();
    assert!(e.to_string().starts_with("behavior.seed: "), "{e}");
    let p = load_plan(&EXAMPLE.replace("\"seed\": 7", "\"seed\": 18446744073709551615")).expect("max seed");
    assert_eq!(p.behavior.as_ref().map(|b| b.seed), Some(u64::MAX));
    assert_eq!(load_plan(&save_plan(&p)).expect("round trip"), p);
}

#[test]
fn plan_r_sc_1_benchmarks_positive_and_partial() {
    let mut v = example();
    set(&mut v, "/workspace/score_benchmarks", json!({"open": 0.3}));
    let p = plan_from_json(&v).expect("loads");
    assert_eq!(p.workspace.score_benchmarks.open, 0.3);
    assert_eq!(p.workspace.score_benchmarks.click, 0.025);
    set(&mut v, "/workspace/score_benchmarks", json!({"open": 0, "click": -1}));
    assert_eq!(lines(&v).len(), 2);
}

// ---------------------------------------------------------------- ids

#[test]
fn plan_ids_non_empty() {
    let mut v = example();
    set(&mut v, "/people/0/id", json!(""));
    let got = lines(&v);
    assert_eq!(got[0], "people[0].id: an id must not be empty");
}

#[test]
fn plan_content_ids_unique_across_emails_and_programs() {
    let mut v = example();
    push(&mut v, "/emails", json!({"id": "e-welcome"}));
    push(&mut v, "/programs", json!({"id": "e-case-study"}));
    assert_eq!(
        lines(&v),
        [
            "emails[2].id: id \"e-welcome\" is already used by emails[0] (email and program ids are unique together)",
            "programs[1].id: id \"e-case-study\" is already used by emails[1] (email and program ids are unique together)"
        ]
    );
}

#[test]
fn plan_engagement_program_ids_differ_from_program_ids_and_each_other() {
    let mut v = example();
    set(&mut v, "/engagement_programs/0/id", json!("p-webinar"));
    let got = lines(&v);
    assert_eq!(got[0], "engagement_programs[0].id: id \"p-webinar\" is already used by programs[0] (engagement-program ids differ from program ids)");
    let mut v = example();
    let ep = json!({"id": "ep-new", "streams": [{"id": "s-other"}]});
    push(&mut v, "/engagement_programs", ep);
    assert_eq!(lines(&v), ["engagement_programs[1].id: id \"ep-new\" is already used by engagement_programs[0]"]);
    // An EP id may equal an email id: the spec only separates EPs from programs.
    let mut v = example();
    push(&mut v, "/engagement_programs", json!({"id": "e-welcome", "streams": [{"id": "s-other"}]}));
    assert_ok(&v);
}

#[test]
fn plan_r_st_1_stream_ids_unique_across_the_workspace() {
    let mut v = example();
    push(&mut v, "/engagement_programs", json!({"id": "ep-2", "streams": [{"id": "s-early"}]}));
    set(&mut v, "/engagement_programs/0/streams/1/id", json!("s-early"));
    assert_eq!(
        lines(&v),
        [
            "engagement_programs[0].streams[1].id: stream id \"s-early\" is already used by engagement_programs[0].streams[0] (R-ST-1)",
            "engagement_programs[1].streams[0].id: stream id \"s-early\" is already used by engagement_programs[0].streams[0] (R-ST-1)"
        ]
    );
}

#[test]
fn plan_person_ids_unique() {
    let mut v = example();
    push(&mut v, "/people", json!({"id": "1001"}));
    assert_eq!(lines(&v), ["people[1].id: person id \"1001\" is already used by people[0]"]);
}

// ---------------------------------------------------------------- references

#[test]
fn plan_unknown_references_in_memberships_and_history() {
    let mut v = example();
    push(
        &mut v,
        "/memberships",
        json!({"person": "9", "program": "ep-x", "stream": "s-x", "added_at": "2027-01-01T00:00:00Z"}),
    );
    push(
        &mut v,
        "/memberships",
        json!({"person": "1001", "program": "p-webinar", "stream": "s-early", "added_at": "2027-01-01T00:00:00Z"}),
    );
    push(&mut v, "/history", json!({"person": "9", "email": "p-webinar"}));
    push(&mut v, "/program_history", json!({"person": "1001", "program": "e-welcome", "status": "member"}));
    push(&mut v, "/program_history", json!({"person": "1001", "program": "p-webinar", "status": "attended"}));
    assert_eq!(
        lines(&v),
        [
            "memberships[1].person: unknown person \"9\"",
            "memberships[1].program: unknown engagement program \"ep-x\"",
            "memberships[1].stream: unknown stream \"s-x\"",
            "memberships[2].program: \"p-webinar\" is a content program, not an engagement program",
            "history[1].person: unknown person \"9\"",
            "history[1].email: \"p-webinar\" is a program, not an email",
            "program_history[0].program: \"e-welcome\" is an email, not a program",
            "program_history[1].status: unknown status \"attended\" (expected member or success)",
        ]
    );
}

#[test]
fn plan_membership_stream_must_belong_to_its_program() {
    let mut v = example();
    push(&mut v, "/engagement_programs", json!({"id": "ep-2", "streams": [{"id": "s-2"}]}));
    set(&mut v, "/memberships/0/stream", json!("s-2"));
    assert_eq!(lines(&v), ["memberships[0].stream: stream \"s-2\" is not in ep-new (it is in ep-2)"]);
}

#[test]
fn plan_behaviour_content_keys_must_be_content() {
    let mut v = example();
    put(&mut v, "/behavior/content", "e-nope", json!({}));
    put(&mut v, "/behavior/content", "p-webinar", json!({"success": 0.5}));
    put(&mut v, "/behavior/content", "ep-new", json!({}));
    assert_eq!(
        lines(&v),
        [
            "behavior.content[\"e-nope\"]: unknown content \"e-nope\" (expected an email or program id)",
            "behavior.content[\"ep-new\"]: \"ep-new\" is an engagement program; an engagement program is never content (R-CO-1)"
        ]
    );
}

#[test]
fn plan_broken_list_does_not_cascade_unknown_references() {
    let mut v = example();
    set(&mut v, "/people", json!("everyone"));
    assert_eq!(lines(&v), ["people: expected an array, found a string"]);
}

#[test]
fn plan_history_at_before_simulation_start() {
    let mut v = example();
    set(&mut v, "/history/0/at", json!("2027-01-01T00:00:00Z"));
    push(
        &mut v,
        "/program_history",
        json!({"person": "1001", "program": "p-webinar", "status": "success", "at": "2027-02-01T00:00:00Z"}),
    );
    assert_eq!(
        lines(&v),
        [
            "history[0].at: at 2027-01-01T00:00:00Z is not before simulation.start 2027-01-01T00:00:00Z",
            "program_history[0].at: at 2027-02-01T00:00:00Z is not before simulation.start 2027-01-01T00:00:00Z"
        ]
    );
    remove(&mut v, "", "simulation");
    assert_ok(&v);
    let mut v = example();
    remove(&mut v, "/history/0", "at");
    assert_eq!(plan_from_json(&v).expect("undated history").history[0].at, None);
}

// ---------------------------------------------------------------- rules

#[test]
fn plan_r_ep_3_one_to_twenty_five_streams() {
    let mut v = example();
    set(&mut v, "/engagement_programs/0/streams", json!([]));
    set(&mut v, "/memberships", json!([]));
    set(&mut v, "/events/1/stream", json!("s-x"));
    remove(&mut v, "", "events");
    assert_eq!(
        lines(&v),
        ["engagement_programs[0].streams: an engagement program has 1 to 25 streams; this one has 0 (R-EP-3)"]
    );
    let streams: Vec<Value> = (0..26).map(|i| json!({"id": format!("s-{i}")})).collect();
    set(&mut v, "/engagement_programs/0/streams", Value::Array(streams[..25].to_vec()));
    assert_ok(&v);
    set(&mut v, "/engagement_programs/0/streams", Value::Array(streams));
    assert_eq!(
        lines(&v),
        ["engagement_programs[0].streams: an engagement program has 1 to 25 streams; this one has 26 (R-EP-3)"]
    );
}

#[test]
fn plan_r_co_1_engagement_program_is_never_content() {
    let mut v = example();
    set(&mut v, "/engagement_programs/0/streams/1/content", json!([{"program": "ep-new"}]));
    assert_eq!(
        lines(&v),
        ["engagement_programs[0].streams[1].content[0].program: \"ep-new\" is an engagement program; an engagement program is never content (R-CO-1)"]
    );
}

#[test]
fn plan_r_co_1_operational_email_in_add_content_event() {
    let mut v = event(json!({"at": "2027-01-02T00:00:00Z", "do": "add_content", "program": "ep-new",
        "stream": "s-engaged", "content": {"email": "e-ops"}}));
    push(&mut v, "/emails", json!({"id": "e-ops", "approved": true, "operational": true}));
    assert_eq!(
        lines(&v),
        ["events[2]: email \"e-ops\" is operational; engagement programs are not for operational emails (R-CO-1)"]
    );
}

#[test]
fn plan_r_co_2_active_unapproved_email() {
    let mut v = example();
    set(&mut v, "/emails/1/approved", json!(false));
    set(&mut v, "/engagement_programs/0/streams/0/content/2/active", json!(true));
    assert_eq!(
        lines(&v),
        ["engagement_programs[0].streams[0].content[2]: email \"e-case-study\" is not approved; only an approved email can be active (R-CO-2)"]
    );
    // Inactive is fine.
    set(&mut v, "/engagement_programs/0/streams/0/content/2/active", json!(false));
    assert_ok(&v);
    // Absent `approved` means false.
    let mut v = example();
    remove(&mut v, "/emails/0", "approved");
    assert_error_starting(&v, "engagement_programs[0].streams[0].content[0]: email \"e-welcome\" is not approved");
}

#[test]
fn plan_r_co_2_in_set_content_and_add_content_events() {
    let mut v = example();
    push(&mut v, "/emails", json!({"id": "e-draft"}));
    push(
        &mut v,
        "/events",
        json!({"at": "2027-01-02T00:00:00Z", "do": "add_content", "program": "ep-new",
        "stream": "s-engaged", "content": {"email": "e-draft", "active": true}, "to_index": 0}),
    );
    push(
        &mut v,
        "/events",
        json!({"at": "2027-01-03T00:00:00Z", "do": "set_content", "program": "ep-new",
        "stream": "s-engaged", "content": "e-draft", "active": true}),
    );
    push(
        &mut v,
        "/events",
        json!({"at": "2027-01-03T00:00:00Z", "do": "set_content", "program": "ep-new",
        "stream": "s-engaged", "content": "e-draft", "active": false, "archived": true}),
    );
    let m = "email \"e-draft\" is not approved; only an approved email can be active (R-CO-2)";
    assert_eq!(lines(&v), [format!("events[2]: {m}"), format!("events[3]: {m}")]);
}

#[test]
fn plan_r_co_6_same_content_twice_in_one_stream() {
    let mut v = example();
    push(&mut v, "/engagement_programs/0/streams/0/content", json!({"email": "e-welcome"}));
    push(&mut v, "/engagement_programs/0/streams/1/content", json!({"email": "e-welcome"}));
    assert_eq!(
        lines(&v),
        ["engagement_programs[0].streams[0].content[3]: \"e-welcome\" is already in this stream at content[0]; content stands at most once in a stream (R-CO-6)"]
    );
}

fn many_eps(n: usize, active: usize) -> Value {
    let mut v = example();
    for i in 0..n {
        push(
            &mut v,
            "/engagement_programs",
            json!({"id": format!("ep-{i}"), "active": i < active, "streams": [{"id": format!("s-{i}")}]}),
        );
    }
    v
}

#[test]
fn plan_r_ep_1_at_most_100_active_in_the_plan() {
    // The example's ep-new is active: 99 more make 100.
    assert_ok(&many_eps(120, 99));
    let v = many_eps(120, 100);
    assert_eq!(
        lines(&v),
        ["engagement_programs[100]: more than 100 active engagement programs: this is the 101st active one (R-EP-1)"]
    );
}

#[test]
fn plan_r_ep_1_set_program_active_events_replayed_in_time_order() {
    let activate = |at: &str, ep: &str, active: bool| json!({"at": at, "do": "set_program_active", "program": ep, "active": active});
    let mut v = many_eps(101, 99); // 100 active; ep-99 and ep-100 inactive
    push(&mut v, "/events", activate("2027-03-01T00:00:00Z", "ep-99", true)); // events[2]: refused
    assert_eq!(
        lines(&v),
        ["events[2]: activating ep-99 at 2027-03-01T00:00:00Z would make more than 100 active engagement programs (R-EP-1)"]
    );
    // An earlier deactivation (listed later in the file) makes room.
    push(&mut v, "/events", activate("2027-02-01T00:00:00Z", "ep-0", false));
    assert_ok(&v);
    // Ties in file order: activation first, then deactivation → refused.
    set(&mut v, "/events/3/at", json!("2027-03-01T00:00:00Z"));
    assert_eq!(lines(&v).len(), 1);
    // Deactivation first in the file at the same instant → fine.
    let mut v = many_eps(101, 99);
    push(&mut v, "/events", activate("2027-03-01T00:00:00Z", "ep-0", false));
    push(&mut v, "/events", activate("2027-03-01T00:00:00Z", "ep-99", true));
    push(&mut v, "/events", activate("2027-03-02T00:00:00Z", "ep-99", true)); // already active: nothing
    push(&mut v, "/events", activate("2027-03-03T00:00:00Z", "ep-100", true)); // 101st
    assert_eq!(
        lines(&v),
        ["events[5]: activating ep-100 at 2027-03-03T00:00:00Z would make more than 100 active engagement programs (R-EP-1)"]
    );
}

#[test]
fn plan_r_ca_10_recipient_time_zone_set_cadence_needs_25_hours() {
    // first_cast 2027-03-10: processed at 2027-03-09T10:00:00Z.
    let cadence = json!({"repeats": "weekly", "every": 1, "days": ["wed"], "time": "09:00",
                         "first_cast": "2027-03-10", "recipient_time_zone": true});
    let ev = |at: &str| json!({"at": at, "do": "set_cadence", "program": "ep-new", "stream": "s-engaged", "cadence": cadence});
    assert_ok(&event(ev("2027-03-08T09:00:00Z"))); // exactly 25 h
    let v = event(ev("2027-03-08T09:00:01Z"));
    assert_eq!(
        lines(&v),
        ["events[2]: a recipient-time-zone cadence set at 2027-03-08T09:00:01Z must have its first cast processed at least 25 hours later; first_cast 2027-03-10 is processed at 2027-03-09T10:00:00Z (R-CA-10)"]
    );
    // Without recipient time zone there is no notice period.
    let mut v = event(ev("2027-03-09T09:00:00Z"));
    set(&mut v, "/events/2/cadence/recipient_time_zone", json!(false));
    assert_ok(&v);
    // Nor for cadences written in streams (the example's s-engaged is RTZ, first cast before start).
    assert_ok(&example());
    // set_cadence to null is allowed, but the field is required.
    let mut v = event(ev("2027-03-09T09:00:00Z"));
    set(&mut v, "/events/2/cadence", Value::Null);
    assert_ok(&v);
    remove(&mut v, "/events/2", "cadence");
    assert_eq!(lines(&v), ["events[2].cadence: missing required field (null is allowed)"]);
}

// ---------------------------------------------------------------- events

#[test]
fn plan_every_event_kind_loads_and_round_trips() {
    let mut v = example();
    push(&mut v, "/people", json!({"id": "1002"}));
    for e in [
        json!({"at": "2027-01-02T00:00:00Z", "do": "add_member", "person": "1002", "program": "ep-new", "stream": "s-early"}),
        json!({"at": "2027-01-02T00:00:00Z", "do": "add_member", "person": "1002", "program": "ep-new", "stream": "s-early", "cadence": "paused"}),
        json!({"at": "2027-01-03T00:00:00Z", "do": "remove_member", "person": "1002", "program": "ep-new"}),
        json!({"at": "2027-01-03T00:00:00Z", "do": "resume", "person": "1001", "program": "ep-new"}),
        json!({"at": "2027-01-03T00:00:00Z", "do": "move", "person": "1001", "program": "ep-new", "stream": "s-engaged"}),
        json!({"at": "2027-01-04T00:00:00Z", "do": "set_person", "person": "1001", "email": null, "time_zone": null}),
        json!({"at": "2027-01-04T00:00:00Z", "do": "set_person", "person": "1001", "email": "x@example.com",
               "time_zone": "Asia/Tokyo", "unsubscribed": false, "marketing_suspended": true, "email_invalid": false,
               "attributes": {"score": 60, "vip": true}}),
        json!({"at": "2027-01-04T00:00:00Z", "do": "set_person", "person": "1001"}),
        json!({"at": "2027-01-05T00:00:00Z", "do": "add_content", "program": "ep-new", "stream": "s-engaged",
               "content": {"program": "p-webinar", "active": true, "available_through": "2027-05-01"}, "to_index": 3}),
        json!({"at": "2027-01-05T00:00:00Z", "do": "remove_content", "program": "ep-new", "stream": "s-early", "content": "e-case-study"}),
        json!({"at": "2027-01-05T00:00:00Z", "do": "set_content", "program": "ep-new", "stream": "s-early", "content": "p-webinar",
               "active": false, "archived": false, "available_from": null, "available_through": "2027-09-01"}),
        json!({"at": "2027-01-06T00:00:00Z", "do": "set_cadence", "program": "ep-new", "stream": "s-early", "cadence": null}),
        json!({"at": "2027-01-06T00:00:00Z", "do": "set_cadence", "program": "ep-new", "stream": "s-early",
               "cadence": {"repeats": "monthly", "every": 2, "day_of_month": 31, "time": "23:59", "first_cast": "2027-01-31"}}),
        json!({"at": "2027-01-07T00:00:00Z", "do": "set_program_active", "program": "ep-new", "active": false}),
    ] {
        push(&mut v, "/events", e);
    }
    let p = plan_from_json(&v).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.events.len(), 16);
    use crate::model::EventKind;
    match &p.events[7].kind {
        EventKind::SetPerson { patch, .. } => {
            assert_eq!(patch.email, Some(None));
            assert_eq!(patch.time_zone, Some(None));
            assert_eq!(patch.unsubscribed, None);
        }
        k => panic!("{k:?}"),
    }
    match &p.events[12].kind {
        EventKind::SetContent { available_from, available_through, active, .. } => {
            assert_eq!(*available_from, Some(None));
            assert!(matches!(available_through, Some(Some(_))));
            assert_eq!(*active, Some(false));
        }
        k => panic!("{k:?}"),
    }
    let saved = save_plan(&p);
    let q = load_plan(&saved).unwrap_or_else(|e| panic!("{e}\n{saved}"));
    assert_eq!(p, q);
}

#[test]
fn plan_event_fields_per_kind() {
    let mut v = example();
    push(
        &mut v,
        "/events",
        json!({"at": "2027-01-02T00:00:00Z", "do": "pause", "person": "1001", "program": "ep-new", "stream": "s-early"}),
    );
    push(&mut v, "/events", json!({"at": "2027-01-02T00:00:00Z", "do": "resume", "person": "1001"}));
    push(&mut v, "/events", json!({"at": "2027-01-02T00:00:00Z", "do": "stop", "person": "1001"}));
    push(
        &mut v,
        "/events",
        json!({"do": "move_content", "program": "ep-new", "stream": "s-early", "content": "e-welcome", "to_index": -1}),
    );
    push(
        &mut v,
        "/events",
        json!({"at": "2027-01-02T00:00:00Z", "do": "set_program_active", "program": "ep-new", "active": "yes"}),
    );
    push(
        &mut v,
        "/events",
        json!({"at": "2027-01-02T00:00:00Z", "do": "set_person", "person": "1001", "unsubscribed": null}),
    );
    push(&mut v, "/events", json!(["pause"]));
    assert_eq!(
        lines(&v),
        [
            "events[2].stream: unknown field \"stream\" (expected at, do, person, program)",
            "events[3].program: missing required field",
            "events[4].do: unknown do \"stop\" (expected add_member, remove_member, pause, resume, move, set_person, add_content, remove_content, move_content, set_content, set_cadence, set_program_active)",
            "events[5].at: missing required field",
            "events[5].to_index: -1 is out of range (expected an integer ≥ 0)",
            "events[6].active: expected true or false, found a string",
            "events[7].unsubscribed: null is not allowed here (leave the field out)",
            "events[8]: expected an event object, found an array",
        ]
    );
}

#[test]
fn plan_event_references_checked() {
    let mut v = example();
    push(&mut v, "/engagement_programs", json!({"id": "ep-2", "streams": [{"id": "s-2"}]}));
    push(
        &mut v,
        "/events",
        json!({"at": "2027-01-02T00:00:00Z", "do": "add_member", "person": "1009", "program": "ep-new", "stream": "s-2"}),
    );
    push(
        &mut v,
        "/events",
        json!({"at": "2027-01-02T00:00:00Z", "do": "remove_content", "program": "ep-x", "stream": "s-early", "content": "e-x"}),
    );
    push(
        &mut v,
        "/events",
        json!({"at": "2027-01-02T00:00:00Z", "do": "set_program_active", "program": "p-webinar", "active": true}),
    );
    assert_eq!(
        lines(&v),
        [
            "events[2].person: unknown person \"1009\"",
            "events[2].stream: stream \"s-2\" is not in ep-new (it is in ep-2)",
            "events[3].program: unknown engagement program \"ep-x\"",
            "events[3].content: unknown content \"e-x\" (expected an email or program id)",
            "events[4].program: \"p-webinar\" is a content program, not an engagement program",
        ]
    );
}

#[test]
fn plan_events_need_not_be_sorted_and_keep_file_order() {
    let mut v = example();
    set(&mut v, "/events/0/at", json!("2027-05-01T00:00:00Z"));
    let p = plan_from_json(&v).expect("loads");
    assert!(p.events[0].at > p.events[1].at);
}

// ---------------------------------------------------------------- several at once

#[test]
fn plan_malformed_plan_lists_every_problem() {
    let mut v = example();
    set(&mut v, "/workspace/week_start", json!("saturday"));
    set(&mut v, "/emails/0/operational", json!(true));
    set(&mut v, "/engagement_programs/0/streams/0/cadence/days/0", json!("tues"));
    set(&mut v, "/people/0/attributes/score", Value::Null);
    push(
        &mut v,
        "/memberships",
        json!({"person": "1001", "program": "ep-new", "stream": "s-engaged", "added_at": "2027-01-01T00:00:00Z"}),
    );
    set(&mut v, "/events/1/content", json!("e-gone"));
    assert_eq!(
        lines(&v),
        [
            "workspace.week_start: unknown week_start \"saturday\" (expected sunday or monday)",
            "engagement_programs[0].streams[0].cadence.days[0]: unknown weekday \"tues\" (expected sun, mon, tue, wed, thu, fri, sat)",
            "engagement_programs[0].streams[0].content[0]: email \"e-welcome\" is operational; engagement programs are not for operational emails (R-CO-1)",
            "people[0].attributes.score: expected a string, number or boolean, found null",
            "memberships[1]: person \"1001\" is already in ep-new (R-ME-1)",
            "events[1].content: unknown content \"e-gone\" (expected an email or program id)",
        ]
    );
}

// ---------------------------------------------------------------- display and writing

#[test]
fn plan_error_display() {
    let e = PlanError {
        path: "memberships[14]".into(),
        message: "person \"1044\" is already in ep-new".into(),
        rule: Some("R-ME-1"),
    };
    assert_eq!(e.to_string(), "memberships[14]: person \"1044\" is already in ep-new (R-ME-1)");
    let f = PlanError::new("", "invalid JSON");
    assert_eq!(f.to_string(), "invalid JSON");
    assert_eq!(
        PlanErrors(vec![e, f]).to_string(),
        "memberships[14]: person \"1044\" is already in ep-new (R-ME-1)\ninvalid JSON"
    );
}

#[test]
fn plan_save_writes_format_and_version_first_in_spec_order() {
    let p = load_plan(EXAMPLE).expect("loads");
    let v = plan_to_json(&p);
    let keys: Vec<&str> = v.as_object().expect("object").keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "format",
            "version",
            "workspace",
            "emails",
            "programs",
            "engagement_programs",
            "people",
            "memberships",
            "history",
            "program_history",
            "behavior",
            "events",
            "simulation"
        ]
    );
    let saved = save_plan(&p);
    assert!(saved.starts_with("{\n  \"format\": \"engagement-plan\",\n  \"version\": 1,\n"));
    assert!(saved.ends_with('}'));
    // Defaults are written out; integral numbers stay integers.
    assert_eq!(v["emails"][0]["operational"], json!(false));
    assert_eq!(v["engagement_programs"][0]["streams"][0]["content"][0]["archived"], json!(false));
    assert_eq!(v["people"][0]["attributes"]["score"], json!(12));
    assert_eq!(v["behavior"]["default"]["open"], json!(0.22));
    let cadence_keys: Vec<&str> = v["engagement_programs"][0]["streams"][1]["cadence"]
        .as_object()
        .expect("cadence")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(cadence_keys, ["repeats", "every", "nth_weekday", "time", "first_cast", "recipient_time_zone"]);
}

#[test]
fn plan_weekdays_saved_in_week_order() {
    let mut v = example();
    set(&mut v, "/engagement_programs/0/streams/0/cadence/days", json!(["sat", "mon", "sun"]));
    let p = plan_from_json(&v).expect("loads");
    let w = plan_to_json(&p);
    assert_eq!(w["engagement_programs"][0]["streams"][0]["cadence"]["days"], json!(["sun", "mon", "sat"]));
}

// ----- load_plan_with_people (the app's stored workspaces) -----

/// The plan's JSON without its people, as the app stores it.
fn without_people(plan: &Plan) -> (String, Vec<crate::model::Person>) {
    let mut v = plan_to_json(plan);
    v["people"] = json!([]);
    (v.to_string(), plan.people.clone())
}

#[test]
fn people_given_typed_give_the_plan_load_plan_gives() {
    for plan in [crate::generate::sample_plan(), crate::generate::benchmark_plan(3_000, 7), load_plan(EXAMPLE).unwrap()] {
        let (document, people) = without_people(&plan);
        let whole = load_plan(&save_plan(&plan)).unwrap();
        assert_eq!(load_plan_with_people(&document, people).unwrap(), whole);
    }
}

#[test]
fn people_given_typed_are_checked_like_a_plan_files_people() {
    let plan = load_plan(EXAMPLE).unwrap();
    let (document, mut people) = without_people(&plan);
    people.push(people[0].clone());
    let mut empty = people[0].clone();
    empty.id = crate::model::PersonId::new("");
    people.push(empty);
    let n = people.len();
    let errors = load_plan_with_people(&document, people).unwrap_err();
    let lines: Vec<String> = errors.0.iter().map(|e| format!("{}: {}", e.path, e.message)).collect();
    assert_eq!(
        lines,
        [
            format!("people[{}].id: person id \"{}\" is already used by people[0]", n - 2, plan.people[0].id.as_str()),
            format!("people[{}].id: an id must not be empty", n - 1),
        ]
    );
}

#[test]
fn memberships_must_name_a_given_person() {
    let plan = load_plan(EXAMPLE).unwrap();
    let (document, people) = without_people(&plan);
    assert!(!plan.memberships.is_empty(), "the example has memberships");
    let kept: Vec<_> = people.iter().filter(|p| p.id != plan.memberships[0].person).cloned().collect();
    let errors = load_plan_with_people(&document, kept).unwrap_err();
    // The same error load_plan gives for the whole plan without that person.
    let mut v: Value = serde_json::from_str(&save_plan(&plan)).unwrap();
    let person = plan.memberships[0].person.as_str().to_owned();
    v["people"].as_array_mut().unwrap().retain(|p| p["id"] != person);
    assert_eq!(errors, load_plan(&v.to_string()).unwrap_err());
}

#[test]
fn a_document_with_people_and_people_given_is_refused() {
    let plan = load_plan(EXAMPLE).unwrap();
    let errors = load_plan_with_people(&save_plan(&plan), plan.people.clone()).unwrap_err();
    assert_eq!(errors.0[0].path, "people");
}
