//! The plan file format end to end: every scenario fixture loads and
//! round-trips, a malformed plan lists all its problems, and property tests
//! (proptest) show that loading never panics on any input and that valid
//! plans round-trip through `save_plan`.

use engine::model::*;
use engine::plan::{load_plan, plan_from_json, plan_to_json, save_plan};
use engine::time::{date_from_day_number, Instant, Weekday};
use proptest::prelude::*;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scenarios")
}

/// (file name, text) of every `*.plan.json` fixture, sorted by name.
fn fixtures() -> &'static [(String, String)] {
    static FIXTURES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(fixture_dir()).expect("fixture folder") {
            let path = entry.expect("entry").path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
            if name.ends_with(".plan.json") {
                out.push((name, std::fs::read_to_string(&path).expect("readable fixture")));
            }
        }
        out.sort();
        out
    })
}

/// Whatever `load_plan` accepts saves to text it accepts again, as the same
/// plan, and saving is stable.
fn assert_round_trip(plan: &Plan) -> Result<(), TestCaseError> {
    let saved = save_plan(plan);
    let again = load_plan(&saved).map_err(|e| TestCaseError::fail(format!("saved plan refused:\n{e}\n{saved}")))?;
    prop_assert_eq!(&again, plan);
    prop_assert_eq!(save_plan(&again), saved);
    let via_value = plan_from_json(&plan_to_json(plan)).ok();
    prop_assert_eq!(via_value.as_ref(), Some(plan));
    Ok(())
}

mod plan_fixtures {
    use super::*;

    #[test]
    fn plan_every_fixture_loads_and_round_trips() {
        let all = fixtures();
        assert!(all.len() >= 14, "only {} fixtures found in {}", all.len(), fixture_dir().display());
        for (name, text) in all {
            let plan = load_plan(text).unwrap_or_else(|e| panic!("{name} refused:\n{e}"));
            assert!(!plan.engagement_programs.is_empty(), "{name}");
            assert!(plan.simulation.is_some(), "{name}");
            assert_round_trip(&plan).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }

    #[test]
    fn plan_fixture_values_survive_the_round_trip() {
        let (_, text) =
            fixtures().iter().find(|(n, _)| n == "multiplier_any_not_rules.plan.json").expect("fixture present");
        let plan = load_plan(text).expect("loads");
        let b = plan.behavior.as_ref().expect("behaviour");
        assert_eq!(b.seed, 31);
        assert_eq!(b.content[&ContentId::new("r-intro")].click, Some(0.4));
        assert_eq!(b.multipliers.len(), 3);
        assert!(plan.engagement_programs[0].streams[1].transition_rules[0].beyond_marketo());
        let saved: Value = serde_json::from_str(&save_plan(&plan)).expect("json");
        let original: Value = serde_json::from_str(text).expect("json");
        assert_eq!(
            saved["engagement_programs"][0]["streams"][1]["transition_rules"],
            original["engagement_programs"][0]["streams"][1]["transition_rules"]
        );
        assert_eq!(saved["behavior"]["multipliers"], original["behavior"]["multipliers"]);
    }

    #[test]
    fn plan_malformed_fixture_lists_several_problems_at_once() {
        let (_, text) =
            fixtures().iter().find(|(n, _)| n == "program_off_on_set_cadence.plan.json").expect("fixture present");
        let mut v: Value = serde_json::from_str(text).expect("json");
        v["workspace"]["time_zone"] = json!("Africa/Joburg");
        v["emails"][1]["approved"] = json!(false);
        v["engagement_programs"][0]["streams"][0]["cadence"]["days"] = json!(["mon", "tues"]);
        v["engagement_programs"][0]["streams"][0]["content"][3] = json!({"email": "g-1", "active": true});
        v["people"][2]["emial"] = json!("x");
        v["memberships"][0]["stream"] = json!("s-autumn");
        v["events"][1]["person"] = json!("nobody");
        v["events"][3]["cadence"]["every"] = json!(0);
        v["simulation"]["end"] = json!("2030-04-01T00:00:00Z");
        let errors = load_plan(&v.to_string()).expect_err("refused");
        let lines = errors.lines();
        assert_eq!(
            lines,
            [
                "workspace.time_zone: unknown time zone \"Africa/Joburg\" (expected an IANA name such as Europe/Berlin)",
                "engagement_programs[0].streams[0].cadence.days[1]: unknown weekday \"tues\" (expected sun, mon, tue, wed, thu, fri, sat)",
                "engagement_programs[0].streams[0].content[1]: email \"g-2\" is not approved; only an approved email can be active (R-CO-2)",
                "engagement_programs[0].streams[0].content[3]: \"g-1\" is already in this stream at content[0]; content stands at most once in a stream (R-CO-6)",
                "people[2].emial: unknown field \"emial\" (expected id, email, time_zone, unsubscribed, marketing_suspended, email_invalid, attributes)",
                "memberships[0].stream: unknown stream \"s-autumn\"",
                "events[1].person: unknown person \"nobody\"",
                "events[3].cadence.every: 0 is out of range (expected an integer from 1 to 4294967295) (R-CA-1)",
                "simulation.end: end 2030-04-01T00:00:00Z is not after start 2030-05-01T00:00:00Z",
            ]
        );
        assert_eq!(errors.to_string(), lines.join("\n"));
    }
}

// ------------------------------------------------------------------ proptest

/// Strings a plan uses, so random documents reach deep into the reader.
const WORDS: &[&str] = &[
    "engagement-plan",
    "weekly",
    "monthly",
    "mon",
    "tue",
    "tues",
    "sun",
    "last",
    "09:00",
    "24:00",
    "2027-01-05",
    "2027-02-30",
    "2027-01-01T00:00:00Z",
    "2027-01-01t00:00:00.5+01:00",
    "UTC",
    "Europe/Berlin",
    "normal",
    "paused",
    "member",
    "success",
    "default",
    "event",
    "sunday",
    "monday",
    "add_member",
    "set_cadence",
    "set_program_active",
    "add_content",
    "set_person",
    "move_content",
    "e-welcome",
    "p-webinar",
    "ep-new",
    "s-early",
    "1001",
    "",
    "é",
    "\u{0}",
];

/// Keys a plan uses (every field name of the format), plus a stray one.
const KEYS: &[&str] = &[
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
    "simulation",
    "name",
    "time_zone",
    "week_start",
    "communication_limits",
    "score_benchmarks",
    "enforced",
    "per_day",
    "per_7_days",
    "id",
    "subject",
    "approved",
    "operational",
    "kind",
    "audience",
    "active",
    "streams",
    "cadence",
    "content",
    "transition_rules",
    "repeats",
    "every",
    "days",
    "day_of_month",
    "nth_weekday",
    "n",
    "day",
    "time",
    "first_cast",
    "recipient_time_zone",
    "email",
    "program",
    "archived",
    "available_from",
    "available_through",
    "unsubscribed",
    "marketing_suspended",
    "email_invalid",
    "attributes",
    "person",
    "stream",
    "added_at",
    "at",
    "engagement",
    "opened",
    "clicked",
    "status",
    "seed",
    "default",
    "multipliers",
    "when",
    "open",
    "click",
    "unsubscribe",
    "success",
    "do",
    "to_index",
    "start",
    "end",
    "all",
    "any",
    "not",
    "attr",
    "eq",
    "ne",
    "in",
    "gte",
    "lte",
    "contains",
    "received",
    "program_member",
    "program_success",
    "exhausted",
    "in_stream",
    "bogus",
];

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-3i64..40).prop_map(Value::from),
        any::<f64>().prop_map(|x| serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)),
        prop::sample::select(WORDS).prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(6, 96, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
        ]
    })
}

/// Loading must not panic; whatever it accepts must round-trip.
fn check_any(text: &str) -> Result<(), TestCaseError> {
    if let Ok(plan) = load_plan(text) {
        assert_round_trip(&plan)?;
    }
    Ok(())
}

/// Every JSON pointer of `v`, the root excluded.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                pointers(x, p, out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(x, p, out);
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum Mutation {
    Delete(prop::sample::Index),
    Replace(prop::sample::Index, Value),
    /// Copies an array element (or object) next to itself: duplicates ids,
    /// memberships, content.
    Duplicate(prop::sample::Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<prop::sample::Index>().prop_map(Mutation::Delete),
        (any::<prop::sample::Index>(), json_value()).prop_map(|(i, v)| Mutation::Replace(i, v)),
        any::<prop::sample::Index>().prop_map(Mutation::Duplicate),
    ]
}

fn apply(doc: &mut Value, m: &Mutation) {
    let mut all = Vec::new();
    pointers(doc, String::new(), &mut all);
    if all.is_empty() {
        return;
    }
    let (Mutation::Delete(i) | Mutation::Replace(i, _) | Mutation::Duplicate(i)) = m;
    let target = i.get(&all).clone();
    let (parent, last) = target.rsplit_once('/').unwrap_or(("", ""));
    let key = last.replace("~1", "/").replace("~0", "~");
    match m {
        Mutation::Replace(_, v) => {
            if let Some(slot) = doc.pointer_mut(&target) {
                *slot = v.clone();
            }
        }
        Mutation::Delete(_) => match doc.pointer_mut(parent) {
            Some(Value::Object(o)) => {
                o.shift_remove(&key);
            }
            Some(Value::Array(a)) => {
                if let Ok(n) = key.parse::<usize>() {
                    if n < a.len() {
                        a.remove(n);
                    }
                }
            }
            _ => {}
        },
        Mutation::Duplicate(_) => {
            if let Some(Value::Array(a)) = doc.pointer_mut(parent) {
                if let Ok(n) = key.parse::<usize>() {
                    if let Some(x) = a.get(n).cloned() {
                        a.insert(n, x);
                    }
                }
            }
        }
    }
}

// ----- valid plans, built from a tape of random choices (shrinks toward simple plans)

struct Tape {
    values: Vec<u64>,
    at: usize,
}

impl Tape {
    fn next(&mut self) -> u64 {
        let v = self.values.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        v
    }
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }
    fn flag(&mut self) -> bool {
        self.below(2) == 1
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
    fn text(&mut self) -> String {
        (*self.pick(&["x", "", "Ünïcödé", "quote\"d", "line\nbreak", "tab\there", "🎉", "back\\slash", "a b"]))
            .to_owned()
    }
    fn opt_text(&mut self) -> Option<String> {
        self.flag().then(|| self.text())
    }
    /// A finite double: small integers, fractions, or arbitrary finite bits.
    fn float(&mut self) -> f64 {
        match self.below(4) {
            0 => self.below(100) as f64,
            1 => self.below(1000) as f64 / 1000.0,
            2 => {
                let x = f64::from_bits(self.next());
                if x.is_finite() {
                    x
                } else {
                    0.5
                }
            }
            _ => -(self.below(50) as f64) - 0.25,
        }
    }
    fn prob(&mut self) -> f64 {
        self.float().abs()
    }
    fn opt_prob(&mut self) -> Option<f64> {
        self.flag().then(|| self.prob())
    }
    /// An instant between 1900 and 2100, to the microsecond.
    fn instant(&mut self) -> Instant {
        let lo = -2_208_988_800_000_000i64;
        let hi = 4_102_444_800_000_000i64;
        let us = lo + self.below((hi - lo) as u64) as i64;
        Instant(if self.flag() { us - us.rem_euclid(60_000_000) } else { us })
    }
    fn date(&mut self) -> engine::time::Date {
        date_from_day_number(self.range(0, 60_000) as i64 - 20_000)
    }
    fn weekday(&mut self) -> Weekday {
        *self.pick(&WeekdaySet::ALL)
    }
    fn zone(&mut self) -> chrono_tz::Tz {
        *self.pick(&[
            chrono_tz::Tz::UTC,
            chrono_tz::Europe::Berlin,
            chrono_tz::America::New_York,
            chrono_tz::Asia::Kolkata,
            chrono_tz::Pacific::Kiritimati,
            chrono_tz::Australia::Lord_Howe,
        ])
    }
    fn attr_value(&mut self) -> AttrValue {
        match self.below(3) {
            0 => AttrValue::Str(self.text()),
            1 => AttrValue::Num(self.float()),
            _ => AttrValue::Bool(self.flag()),
        }
    }
    fn attributes(&mut self) -> BTreeMap<String, AttrValue> {
        (0..self.below(4)).map(|_| (self.text(), self.attr_value())).collect()
    }
}

struct Ids {
    /// (id, approved, operational)
    emails: Vec<(String, bool, bool)>,
    programs: Vec<String>,
    streams: Vec<String>,
}

fn gen_condition(t: &mut Tape, ids: &Ids, depth: u32) -> Condition {
    let choice = if depth >= 3 { 3 + t.below(9) } else { t.below(12) };
    match choice {
        0 => Condition::All((0..t.range(1, 3)).map(|_| gen_condition(t, ids, depth + 1)).collect()),
        1 => Condition::Any((0..t.range(1, 3)).map(|_| gen_condition(t, ids, depth + 1)).collect()),
        2 => Condition::Not(Box::new(gen_condition(t, ids, depth + 1))),
        3 | 4 => {
            let op = match t.below(6) {
                0 => AttrOp::Eq(t.attr_value()),
                1 => AttrOp::Ne(t.attr_value()),
                2 => AttrOp::In((0..t.range(1, 3)).map(|_| t.attr_value()).collect()),
                3 => AttrOp::Gte(t.float()),
                4 => AttrOp::Lte(t.float()),
                _ => AttrOp::Contains(t.text()),
            };
            Condition::Attr { name: t.text(), op }
        }
        5..=7 => {
            let id = ContentId::new(t.pick(&ids.emails).0.as_str());
            match choice {
                5 => Condition::Received(id),
                6 => Condition::Opened(id),
                _ => Condition::Clicked(id),
            }
        }
        8 if !ids.programs.is_empty() => {
            let id = ContentId::new(t.pick(&ids.programs).as_str());
            if t.flag() {
                Condition::ProgramMember(id)
            } else {
                Condition::ProgramSuccess(id)
            }
        }
        9 => Condition::InStream(StreamId::new(t.pick(&ids.streams).as_str())),
        10 => Condition::Unsubscribed(t.flag()),
        _ => Condition::Exhausted(t.flag()),
    }
}

fn gen_cadence(t: &mut Tape) -> Cadence {
    let pattern = if t.flag() {
        let days: Vec<Weekday> = (0..t.range(1, 7)).map(|_| t.weekday()).collect();
        Pattern::Weekly(WeekdaySet::from_days(&days).unwrap_or(WeekdaySet::from_days(&[Weekday::Mon]).expect("set")))
    } else if t.flag() {
        Pattern::Monthly(MonthlyRule::DayOfMonth(t.range(1, 31) as u8))
    } else {
        let n = *t.pick(&[Nth::First, Nth::Second, Nth::Third, Nth::Fourth, Nth::Last]);
        Pattern::Monthly(MonthlyRule::NthWeekday { n, day: t.weekday() })
    };
    let every = if t.below(8) == 0 { u32::MAX } else { t.range(1, 12) as u32 };
    Cadence {
        pattern,
        every,
        first_cast: t.date(),
        time: TimeOfDay::new(t.below(24) as u32, t.below(60) as u32).expect("time"),
        recipient_time_zone: t.flag(),
    }
}

/// A content item that breaks no rule: never an operational email, active
/// only when approved (or a program), a window in order.
fn gen_item(t: &mut Tape, ids: &Ids, content: ContentRef) -> ContentItem {
    let approved = match &content {
        ContentRef::Email(id) => ids.emails.iter().any(|(e, a, _)| e == id.as_str() && *a),
        ContentRef::Program(_) => true,
    };
    let from = t.flag().then(|| t.date());
    let through = t.flag().then(|| t.date()).map(|d| from.map_or(d, |f| f.max(d)));
    ContentItem {
        content,
        active: approved && t.flag(),
        archived: t.flag(),
        available_from: from,
        available_through: through,
    }
}

fn gen_content_ref(t: &mut Tape, ids: &Ids) -> Option<ContentRef> {
    let usable: Vec<&String> = ids.emails.iter().filter(|(_, _, op)| !op).map(|(e, _, _)| e).collect();
    if !ids.programs.is_empty() && (usable.is_empty() || t.flag()) {
        return Some(ContentRef::Program(ContentId::new(t.pick(&ids.programs).as_str())));
    }
    (!usable.is_empty()).then(|| ContentRef::Email(ContentId::new(t.pick(&usable).as_str())))
}

fn gen_plan(values: Vec<u64>) -> Plan {
    let t = &mut Tape { values, at: 0 };
    let suffix = |t: &mut Tape| (*t.pick(&["", "x", "Ü", "\"", " ", "/~"])).to_owned();
    let emails: Vec<Email> = (0..t.range(1, 5))
        .map(|i| Email {
            id: ContentId::new(format!("e{i}-{}", suffix(t))),
            name: t.opt_text(),
            subject: t.opt_text(),
            approved: t.below(4) != 0,
            operational: t.below(4) == 0,
        })
        .collect();
    let program_ids: Vec<String> = (0..t.below(3)).map(|i| format!("p{i}-{}", suffix(t))).collect();
    let ep_count = t.range(1, 3);
    let stream_ids: Vec<Vec<String>> =
        (0..ep_count).map(|i| (0..t.range(1, 3)).map(|j| format!("s{i}.{j}-{}", suffix(t))).collect()).collect();
    let ids = Ids {
        emails: emails.iter().map(|e| (e.id.0.clone(), e.approved, e.operational)).collect(),
        programs: program_ids.clone(),
        streams: stream_ids.iter().flatten().cloned().collect(),
    };
    let programs: Vec<ContentProgram> = program_ids
        .iter()
        .map(|id| ContentProgram {
            id: ContentId::new(id.as_str()),
            name: t.opt_text(),
            kind: if t.flag() { ProgramKind::Event } else { ProgramKind::Default },
            audience: t.flag().then(|| gen_condition(t, &ids, 0)),
        })
        .collect();
    let engagement_programs: Vec<EngagementProgram> = stream_ids
        .iter()
        .enumerate()
        .map(|(i, streams)| EngagementProgram {
            id: EpId::new(format!("ep{i}-{}", suffix(t))),
            name: t.opt_text(),
            active: t.flag(),
            streams: streams
                .iter()
                .map(|sid| {
                    let mut content: Vec<ContentItem> = Vec::new();
                    for _ in 0..t.below(5) {
                        if let Some(c) = gen_content_ref(t, &ids) {
                            if !content.iter().any(|x| x.content == c) {
                                content.push(gen_item(t, &ids, c));
                            }
                        }
                    }
                    Stream {
                        id: StreamId::new(sid.as_str()),
                        name: t.opt_text(),
                        cadence: t.flag().then(|| gen_cadence(t)),
                        content,
                        transition_rules: (0..t.below(3)).map(|_| gen_condition(t, &ids, 0)).collect(),
                    }
                })
                .collect(),
        })
        .collect();
    let people: Vec<Person> = (0..t.range(1, 4))
        .map(|i| Person {
            id: PersonId::new(format!("{}{}", 1000 + i, suffix(t))),
            email: t.flag().then(|| t.text()),
            time_zone: t.flag().then(|| t.zone()),
            unsubscribed: t.flag(),
            marketing_suspended: t.flag(),
            email_invalid: t.flag(),
            attributes: t.attributes(),
        })
        .collect();
    let simulation = t.flag().then(|| {
        let start = t.instant();
        SimulationWindow { start, end: start.plus_micros(1 + t.below(1 << 40) as i64) }
    });
    let before_start = |t: &mut Tape| {
        let at = t.instant();
        match simulation {
            Some(s) if at >= s.start => s.start.plus_micros(-1 - t.below(1 << 30) as i64),
            _ => at,
        }
    };
    let mut memberships = Vec::new();
    for p in &people {
        for ep in &engagement_programs {
            if t.flag() {
                memberships.push(Membership {
                    person: p.id.clone(),
                    program: ep.id.clone(),
                    stream: t.pick(&ep.streams).id.clone(),
                    cadence: if t.flag() { PersonCadence::Paused } else { PersonCadence::Normal },
                    added_at: t.instant(),
                });
            }
        }
    }
    let history: Vec<HistoryEntry> = (0..t.below(4))
        .map(|_| HistoryEntry {
            person: t.pick(&people).id.clone(),
            email: t.pick(&emails).id.clone(),
            at: t.flag().then(|| before_start(t)),
            engagement: t.flag(),
            opened: t.flag(),
            clicked: t.flag(),
        })
        .collect();
    let program_history: Vec<ProgramHistoryEntry> = if programs.is_empty() {
        vec![]
    } else {
        (0..t.below(3))
            .map(|_| ProgramHistoryEntry {
                person: t.pick(&people).id.clone(),
                program: t.pick(&programs).id.clone(),
                status: if t.flag() { ProgramStatus::Success } else { ProgramStatus::Member },
                at: t.flag().then(|| before_start(t)),
            })
            .collect()
    };
    let behavior = t.flag().then(|| {
        let probs = |t: &mut Tape| Probabilities {
            open: t.opt_prob(),
            click: t.opt_prob(),
            unsubscribe: t.opt_prob(),
            success: t.opt_prob(),
        };
        let mut content = BTreeMap::new();
        for _ in 0..t.below(3) {
            let id = if !programs.is_empty() && t.flag() {
                t.pick(&programs).id.clone()
            } else {
                t.pick(&emails).id.clone()
            };
            content.insert(id, probs(t));
        }
        Behavior {
            seed: t.next(),
            default: probs(t),
            content,
            multipliers: (0..t.below(3))
                .map(|_| Multiplier { when: gen_condition(t, &ids, 0), factors: probs(t) })
                .collect(),
        }
    });
    let mut events = Vec::new();
    for _ in 0..t.below(8) {
        let at = t.instant();
        let ep = t.pick(&engagement_programs);
        let program = ep.id.clone();
        let stream = t.pick(&ep.streams).id.clone();
        let person = t.pick(&people).id.clone();
        let any_content = |t: &mut Tape| {
            if !programs.is_empty() && t.flag() {
                t.pick(&programs).id.clone()
            } else {
                t.pick(&emails).id.clone()
            }
        };
        let opt_date = |t: &mut Tape| match t.below(3) {
            0 => None,
            1 => Some(None),
            _ => Some(Some(t.date())),
        };
        let kind = match t.below(12) {
            0 => EventKind::AddMember {
                person,
                program,
                stream,
                cadence: if t.flag() { PersonCadence::Paused } else { PersonCadence::Normal },
            },
            1 => EventKind::RemoveMember { person, program },
            2 => EventKind::Pause { person, program },
            3 => EventKind::Resume { person, program },
            4 => EventKind::Move { person, program, stream },
            5 => EventKind::SetPerson {
                person,
                patch: PersonPatch {
                    email: match t.below(3) {
                        0 => None,
                        1 => Some(None),
                        _ => Some(Some(t.text())),
                    },
                    time_zone: match t.below(3) {
                        0 => None,
                        1 => Some(None),
                        _ => Some(Some(t.zone())),
                    },
                    unsubscribed: t.flag().then(|| t.flag()),
                    marketing_suspended: t.flag().then(|| t.flag()),
                    email_invalid: t.flag().then(|| t.flag()),
                    attributes: t.attributes(),
                },
            },
            6 => match gen_content_ref(t, &ids) {
                Some(c) => EventKind::AddContent {
                    program,
                    stream,
                    item: gen_item(t, &ids, c),
                    to_index: t.flag().then(|| t.below(10) as usize),
                },
                None => EventKind::RemoveContent { program, stream, content: any_content(t) },
            },
            7 => EventKind::RemoveContent { program, stream, content: any_content(t) },
            8 => EventKind::MoveContent { program, stream, content: any_content(t), to_index: t.below(10) as usize },
            9 => {
                let content = any_content(t);
                let approved = ids.emails.iter().all(|(e, a, _)| e != content.as_str() || *a);
                let mut from = opt_date(t);
                let through = opt_date(t);
                if let (Some(Some(f)), Some(Some(th))) = (from, through) {
                    from = Some(Some(f.min(th)));
                }
                EventKind::SetContent {
                    program,
                    stream,
                    content,
                    active: t.flag().then(|| approved && t.flag()),
                    archived: t.flag().then(|| t.flag()),
                    available_from: from,
                    available_through: through,
                }
            }
            10 => {
                let cadence = t.flag().then(|| {
                    let mut c = gen_cadence(t);
                    if c.recipient_time_zone {
                        // R-CA-10: the first cast processed at least 25 h later.
                        // P(D) is D 00:00Z − 14 h, so D 00:00Z must be at least
                        // at + 39 h; a date taken at at + 63 h or later is.
                        c.first_cast = at.plus_hours(63 + t.below(1000) as i64).date_in(chrono_tz::Tz::UTC);
                    }
                    c
                });
                EventKind::SetCadence { program, stream, cadence }
            }
            _ => EventKind::SetProgramActive { program, active: t.flag() },
        };
        events.push(Event { at, kind });
    }
    Plan {
        workspace: Workspace {
            name: t.opt_text(),
            time_zone: t.zone(),
            week_start: if t.flag() { WeekStart::Monday } else { WeekStart::Sunday },
            communication_limits: t.flag().then(|| CommunicationLimits {
                enforced: t.flag(),
                per_day: t.flag().then(|| t.range(1, 5) as u32),
                per_7_days: t.flag().then(|| if t.flag() { u32::MAX } else { t.range(1, 20) as u32 }),
            }),
            score_benchmarks: if t.flag() {
                Benchmarks::default()
            } else {
                Benchmarks { open: t.prob() + 1e-3, click: t.prob() + 1e-3, unsubscribe: 0.5, success: 1e-300 }
            },
        },
        emails,
        programs,
        engagement_programs,
        people,
        memberships,
        history,
        program_history,
        behavior,
        events,
        simulation,
    }
}

mod plan_properties {
    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        #[test]
        fn plan_arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
            check_any(&String::from_utf8_lossy(&bytes))?;
        }

        #[test]
        fn plan_truncated_fixtures_never_panic(f in any::<prop::sample::Index>(), cut in any::<prop::sample::Index>()) {
            let (_, text) = f.get(fixtures());
            let mut n = cut.index(text.len() + 1);
            while !text.is_char_boundary(n) {
                n -= 1;
            }
            check_any(&text[..n])?;
        }

        #[test]
        fn plan_arbitrary_json_never_panics(v in json_value()) {
            check_any(&v.to_string())?;
            let _ = plan_from_json(&v);
        }

        #[test]
        fn plan_arbitrary_json_under_a_plan_header_never_panics(
            fields in prop::collection::vec((prop::sample::select(KEYS), json_value()), 0..6)
        ) {
            let mut m = Map::new();
            m.insert("format".into(), json!("engagement-plan"));
            m.insert("version".into(), json!(1));
            m.insert("workspace".into(), json!({}));
            for (k, v) in fields {
                m.insert(k.to_owned(), v);
            }
            check_any(&Value::Object(m).to_string())?;
        }

        #[test]
        fn plan_mutated_fixtures_never_panic(
            f in any::<prop::sample::Index>(),
            mutations in prop::collection::vec(mutation(), 1..5),
        ) {
            let (_, text) = f.get(fixtures());
            let mut doc: Value = serde_json::from_str(text).expect("fixture is JSON");
            for m in &mutations {
                apply(&mut doc, m);
            }
            check_any(&doc.to_string())?;
            check_any(&serde_json::to_string_pretty(&doc).unwrap_or_default())?;
        }

        #[test]
        fn plan_generated_valid_plans_round_trip(tape in prop::collection::vec(any::<u64>(), 0..600)) {
            let plan = gen_plan(tape);
            let saved = save_plan(&plan);
            let loaded = load_plan(&saved).map_err(|e| TestCaseError::fail(format!("refused:\n{e}\n{saved}")))?;
            prop_assert_eq!(&loaded, &plan);
            assert_round_trip(&loaded)?;
        }
    }
}
