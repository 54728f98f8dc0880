//! Writing a plan back to JSON, fields in the order of `plan-format.md`.
//!
//! Convention: every field that has a default is written out explicitly
//! (booleans, `cadence` of a person membership, `time_zone`, `week_start`,
//! `score_benchmarks`, every top-level list, `attributes`, a stream's
//! `cadence` as `null` when it has none), and an optional value that is
//! absent ("none") is left out (names, subjects, `audience`, availability
//! dates, a person's `email`/`time_zone`, history `at`, limits, `behavior`,
//! `simulation`). In events, only the fields that change something are
//! written (a `set_person`'s empty `attributes` is left out; a clearing
//! `null` is written).

use super::read::weekday_name;
use crate::model::{
    AttrOp, AttrValue, Behavior, Cadence, Condition, ContentItem, ContentRef, Event, EventKind, MonthlyRule, Nth,
    Pattern, PersonCadence, Plan, Probabilities, ProgramKind, ProgramStatus, WeekStart, Workspace, FORMAT_NAME,
    FORMAT_VERSION,
};
use crate::time::format_date;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The plan as a JSON value, `format` and `version` first.
pub fn plan_to_json(plan: &Plan) -> Value {
    to_json(plan, true)
}

/// [`plan_to_json`] with an empty `people`: what the app stores next to the
/// people's columns (read back by [`super::load_plan_with_people`]), without
/// writing a million people as JSON first.
pub fn plan_to_json_without_people(plan: &Plan) -> Value {
    to_json(plan, false)
}

fn to_json(plan: &Plan, with_people: bool) -> Value {
    let mut m = Map::new();
    m.insert("format".into(), FORMAT_NAME.into());
    m.insert("version".into(), FORMAT_VERSION.into());
    m.insert("workspace".into(), workspace(&plan.workspace));
    m.insert("emails".into(), Value::Array(plan.emails.iter().map(email).collect()));
    m.insert("programs".into(), Value::Array(plan.programs.iter().map(program).collect()));
    m.insert(
        "engagement_programs".into(),
        Value::Array(plan.engagement_programs.iter().map(engagement_program).collect()),
    );
    let people = if with_people { plan.people.iter().map(person).collect() } else { vec![] };
    m.insert("people".into(), Value::Array(people));
    m.insert("memberships".into(), Value::Array(plan.memberships.iter().map(membership).collect()));
    m.insert("history".into(), Value::Array(plan.history.iter().map(history_entry).collect()));
    m.insert("program_history".into(), Value::Array(plan.program_history.iter().map(program_history_entry).collect()));
    if let Some(b) = &plan.behavior {
        m.insert("behavior".into(), behavior(b));
    }
    m.insert("events".into(), Value::Array(plan.events.iter().map(event).collect()));
    if let Some(s) = &plan.simulation {
        m.insert(
            "simulation".into(),
            obj([("start", s.start.plan_format().into()), ("end", s.end.plan_format().into())]),
        );
    }
    Value::Object(m)
}

/// The plan as pretty-printed JSON (two-space indent, no final newline:
/// a caller writing a file adds it).
pub fn save_plan(plan: &Plan) -> String {
    serde_json::to_string_pretty(&plan_to_json(plan)).unwrap_or_default()
}

fn obj<const N: usize>(fields: [(&str, Value); N]) -> Value {
    Value::Object(fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

fn put(m: &mut Map<String, Value>, key: &str, v: impl Into<Value>) {
    m.insert(key.to_owned(), v.into());
}

fn put_opt<T: Into<Value>>(m: &mut Map<String, Value>, key: &str, v: Option<T>) {
    if let Some(v) = v {
        m.insert(key.to_owned(), v.into());
    }
}

/// A double; integral values within ±2^53 are written as integers.
fn number(x: f64) -> Value {
    const EXACT: f64 = 9_007_199_254_740_992.0;
    if x.fract() == 0.0 && x.abs() < EXACT {
        Value::from(x as i64)
    } else {
        serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
    }
}

fn workspace(w: &Workspace) -> Value {
    let mut m = Map::new();
    put_opt(&mut m, "name", w.name.clone());
    put(&mut m, "time_zone", w.time_zone.name());
    put(&mut m, "week_start", if w.week_start == WeekStart::Monday { "monday" } else { "sunday" });
    if let Some(l) = &w.communication_limits {
        let mut lm = Map::new();
        put(&mut lm, "enforced", l.enforced);
        put_opt(&mut lm, "per_day", l.per_day);
        put_opt(&mut lm, "per_7_days", l.per_7_days);
        put(&mut m, "communication_limits", lm);
    }
    let b = &w.score_benchmarks;
    put(
        &mut m,
        "score_benchmarks",
        obj([
            ("open", number(b.open)),
            ("click", number(b.click)),
            ("unsubscribe", number(b.unsubscribe)),
            ("success", number(b.success)),
        ]),
    );
    Value::Object(m)
}

fn email(e: &crate::model::Email) -> Value {
    let mut m = Map::new();
    put(&mut m, "id", e.id.as_str());
    put_opt(&mut m, "name", e.name.clone());
    put_opt(&mut m, "subject", e.subject.clone());
    put(&mut m, "approved", e.approved);
    put(&mut m, "operational", e.operational);
    Value::Object(m)
}

fn program(p: &crate::model::ContentProgram) -> Value {
    let mut m = Map::new();
    put(&mut m, "id", p.id.as_str());
    put_opt(&mut m, "name", p.name.clone());
    put(&mut m, "kind", if p.kind == ProgramKind::Event { "event" } else { "default" });
    put_opt(&mut m, "audience", p.audience.as_ref().map(condition));
    Value::Object(m)
}

fn engagement_program(ep: &crate::model::EngagementProgram) -> Value {
    let mut m = Map::new();
    put(&mut m, "id", ep.id.as_str());
    put_opt(&mut m, "name", ep.name.clone());
    put(&mut m, "active", ep.active);
    let streams = ep.streams.iter().map(|s| {
        let mut sm = Map::new();
        put(&mut sm, "id", s.id.as_str());
        put_opt(&mut sm, "name", s.name.clone());
        put(&mut sm, "cadence", s.cadence.as_ref().map_or(Value::Null, cadence));
        put(&mut sm, "content", Value::Array(s.content.iter().map(content_item).collect()));
        put(&mut sm, "transition_rules", Value::Array(s.transition_rules.iter().map(condition).collect()));
        Value::Object(sm)
    });
    put(&mut m, "streams", Value::Array(streams.collect()));
    Value::Object(m)
}

fn cadence(c: &Cadence) -> Value {
    let mut m = Map::new();
    match c.pattern {
        Pattern::Weekly(days) => {
            put(&mut m, "repeats", "weekly");
            put(&mut m, "every", c.every);
            let days: Vec<Value> = days.days().into_iter().map(|d| weekday_name(d).into()).collect();
            put(&mut m, "days", days);
        }
        Pattern::Monthly(rule) => {
            put(&mut m, "repeats", "monthly");
            put(&mut m, "every", c.every);
            match rule {
                MonthlyRule::DayOfMonth(d) => put(&mut m, "day_of_month", d),
                MonthlyRule::NthWeekday { n, day } => {
                    let n: Value = match n {
                        Nth::First => 1.into(),
                        Nth::Second => 2.into(),
                        Nth::Third => 3.into(),
                        Nth::Fourth => 4.into(),
                        Nth::Last => "last".into(),
                    };
                    put(&mut m, "nth_weekday", obj([("n", n), ("day", weekday_name(day).into())]));
                }
            }
        }
    }
    put(&mut m, "time", c.time.format());
    put(&mut m, "first_cast", format_date(c.first_cast));
    put(&mut m, "recipient_time_zone", c.recipient_time_zone);
    Value::Object(m)
}

fn content_item(item: &ContentItem) -> Value {
    let mut m = Map::new();
    match &item.content {
        ContentRef::Email(id) => put(&mut m, "email", id.as_str()),
        ContentRef::Program(id) => put(&mut m, "program", id.as_str()),
    }
    put(&mut m, "active", item.active);
    put(&mut m, "archived", item.archived);
    put_opt(&mut m, "available_from", item.available_from.map(format_date));
    put_opt(&mut m, "available_through", item.available_through.map(format_date));
    Value::Object(m)
}

fn attr_value(v: &AttrValue) -> Value {
    match v {
        AttrValue::Str(s) => s.as_str().into(),
        AttrValue::Num(x) => number(*x),
        AttrValue::Bool(b) => (*b).into(),
    }
}

fn attributes(a: &BTreeMap<String, AttrValue>) -> Value {
    Value::Object(a.iter().map(|(k, v)| (k.clone(), attr_value(v))).collect())
}

/// A condition. Recursion is bounded by the loader's depth cap for every
/// plan it produced.
pub(super) fn condition(c: &Condition) -> Value {
    let leaf = |key: &str, v: Value| obj([(key, v)]);
    match c {
        Condition::All(cs) => leaf("all", Value::Array(cs.iter().map(condition).collect())),
        Condition::Any(cs) => leaf("any", Value::Array(cs.iter().map(condition).collect())),
        Condition::Not(c) => leaf("not", condition(c)),
        Condition::Attr { name, op } => {
            let v = match op {
                AttrOp::Eq(x) | AttrOp::Ne(x) => attr_value(x),
                AttrOp::In(xs) => Value::Array(xs.iter().map(attr_value).collect()),
                AttrOp::Gte(x) | AttrOp::Lte(x) => number(*x),
                AttrOp::Contains(s) => s.as_str().into(),
            };
            obj([("attr", name.as_str().into()), (op.name(), v)])
        }
        Condition::Received(id) => leaf("received", id.as_str().into()),
        Condition::Opened(id) => leaf("opened", id.as_str().into()),
        Condition::Clicked(id) => leaf("clicked", id.as_str().into()),
        Condition::ProgramMember(id) => leaf("program_member", id.as_str().into()),
        Condition::ProgramSuccess(id) => leaf("program_success", id.as_str().into()),
        Condition::Exhausted(b) => leaf("exhausted", (*b).into()),
        Condition::InStream(id) => leaf("in_stream", id.as_str().into()),
        Condition::Unsubscribed(b) => leaf("unsubscribed", (*b).into()),
    }
}

fn person(p: &crate::model::Person) -> Value {
    let mut m = Map::new();
    put(&mut m, "id", p.id.as_str());
    put_opt(&mut m, "email", p.email.clone());
    put_opt(&mut m, "time_zone", p.time_zone.map(|z| z.name()));
    put(&mut m, "unsubscribed", p.unsubscribed);
    put(&mut m, "marketing_suspended", p.marketing_suspended);
    put(&mut m, "email_invalid", p.email_invalid);
    put(&mut m, "attributes", attributes(&p.attributes));
    Value::Object(m)
}

fn person_cadence(c: PersonCadence) -> &'static str {
    match c {
        PersonCadence::Normal => "normal",
        PersonCadence::Paused => "paused",
    }
}

fn membership(ms: &crate::model::Membership) -> Value {
    obj([
        ("person", ms.person.as_str().into()),
        ("program", ms.program.as_str().into()),
        ("stream", ms.stream.as_str().into()),
        ("cadence", person_cadence(ms.cadence).into()),
        ("added_at", ms.added_at.plan_format().into()),
    ])
}

fn history_entry(h: &crate::model::HistoryEntry) -> Value {
    let mut m = Map::new();
    put(&mut m, "person", h.person.as_str());
    put(&mut m, "email", h.email.as_str());
    put_opt(&mut m, "at", h.at.map(|t| t.plan_format()));
    put(&mut m, "engagement", h.engagement);
    put(&mut m, "opened", h.opened);
    put(&mut m, "clicked", h.clicked);
    Value::Object(m)
}

fn program_history_entry(h: &crate::model::ProgramHistoryEntry) -> Value {
    let mut m = Map::new();
    put(&mut m, "person", h.person.as_str());
    put(&mut m, "program", h.program.as_str());
    put(&mut m, "status", if h.status == ProgramStatus::Success { "success" } else { "member" });
    put_opt(&mut m, "at", h.at.map(|t| t.plan_format()));
    Value::Object(m)
}

fn probabilities_into(m: &mut Map<String, Value>, p: &Probabilities) {
    put_opt(m, "open", p.open.map(number));
    put_opt(m, "click", p.click.map(number));
    put_opt(m, "unsubscribe", p.unsubscribe.map(number));
    put_opt(m, "success", p.success.map(number));
}

fn probabilities(p: &Probabilities) -> Value {
    let mut m = Map::new();
    probabilities_into(&mut m, p);
    Value::Object(m)
}

fn behavior(b: &Behavior) -> Value {
    let mut m = Map::new();
    put(&mut m, "seed", b.seed);
    put(&mut m, "default", probabilities(&b.default));
    put(&mut m, "content", Value::Object(b.content.iter().map(|(k, p)| (k.0.clone(), probabilities(p))).collect()));
    let multipliers = b.multipliers.iter().map(|mul| {
        let mut mm = Map::new();
        put(&mut mm, "when", condition(&mul.when));
        probabilities_into(&mut mm, &mul.factors);
        Value::Object(mm)
    });
    put(&mut m, "multipliers", Value::Array(multipliers.collect()));
    Value::Object(m)
}

fn event(e: &Event) -> Value {
    let mut m = Map::new();
    put(&mut m, "at", e.at.plan_format());
    put(&mut m, "do", e.kind.name());
    match &e.kind {
        EventKind::AddMember { person, program, stream, cadence } => {
            put(&mut m, "person", person.as_str());
            put(&mut m, "program", program.as_str());
            put(&mut m, "stream", stream.as_str());
            put(&mut m, "cadence", person_cadence(*cadence));
        }
        EventKind::RemoveMember { person, program }
        | EventKind::Pause { person, program }
        | EventKind::Resume { person, program } => {
            put(&mut m, "person", person.as_str());
            put(&mut m, "program", program.as_str());
        }
        EventKind::Move { person, program, stream } => {
            put(&mut m, "person", person.as_str());
            put(&mut m, "program", program.as_str());
            put(&mut m, "stream", stream.as_str());
        }
        EventKind::SetPerson { person, patch } => {
            put(&mut m, "person", person.as_str());
            put_opt(&mut m, "email", patch.email.clone().map(|e| e.map_or(Value::Null, Value::from)));
            put_opt(&mut m, "time_zone", patch.time_zone.map(|z| z.map_or(Value::Null, |z| z.name().into())));
            put_opt(&mut m, "unsubscribed", patch.unsubscribed);
            put_opt(&mut m, "marketing_suspended", patch.marketing_suspended);
            put_opt(&mut m, "email_invalid", patch.email_invalid);
            if !patch.attributes.is_empty() {
                put(&mut m, "attributes", attributes(&patch.attributes));
            }
        }
        EventKind::AddContent { program, stream, item, to_index } => {
            put(&mut m, "program", program.as_str());
            put(&mut m, "stream", stream.as_str());
            put(&mut m, "content", content_item(item));
            put_opt(&mut m, "to_index", to_index.map(|i| i as u64));
        }
        EventKind::RemoveContent { program, stream, content } => {
            put(&mut m, "program", program.as_str());
            put(&mut m, "stream", stream.as_str());
            put(&mut m, "content", content.as_str());
        }
        EventKind::MoveContent { program, stream, content, to_index } => {
            put(&mut m, "program", program.as_str());
            put(&mut m, "stream", stream.as_str());
            put(&mut m, "content", content.as_str());
            put(&mut m, "to_index", *to_index as u64);
        }
        EventKind::SetContent { program, stream, content, active, archived, available_from, available_through } => {
            put(&mut m, "program", program.as_str());
            put(&mut m, "stream", stream.as_str());
            put(&mut m, "content", content.as_str());
            put_opt(&mut m, "active", *active);
            put_opt(&mut m, "archived", *archived);
            let date = |d: &Option<crate::time::Date>| d.map_or(Value::Null, |d| format_date(d).into());
            put_opt(&mut m, "available_from", available_from.as_ref().map(date));
            put_opt(&mut m, "available_through", available_through.as_ref().map(date));
        }
        EventKind::SetCadence { program, stream, cadence: c } => {
            put(&mut m, "program", program.as_str());
            put(&mut m, "stream", stream.as_str());
            put(&mut m, "cadence", c.as_ref().map_or(Value::Null, cadence));
        }
        EventKind::SetProgramActive { program, active } => {
            put(&mut m, "program", program.as_str());
            put(&mut m, "active", *active);
        }
    }
    Value::Object(m)
}
