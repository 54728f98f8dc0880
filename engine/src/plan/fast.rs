//! A fast path for the two lists that make a large plan large: `people`
//! and `memberships` (a 200,000-person plan is 90 MB, nearly all of it
//! those two lists).
//!
//! The general loader first turns the whole text into a `serde_json::Value`
//! tree (an ordered, hashed map per object) and then reads the tree. For
//! these two lists the fast path reads each element straight into a small
//! typed struct instead, borrowing ids from the text, and checks it with
//! the same rules as `document.rs` (`person`, `memberships`, `membership`).
//! Everything else is read exactly as before, from `Value`s.
//!
//! Invariant: the fast path only ever *accepts*. Whenever anything is not
//! plainly valid (a JSON or type error, an unknown or repeated field, a
//! `null` where the reader refuses one, an escaped id, an unknown zone, a
//! reference the reader would refuse, a duplicate), it gives up and the
//! general loader reads the whole text again, so every error is reported
//! exactly as before. When it accepts, the plan is the one the general
//! loader returns, because it applies the same rules and those lists then
//! add no error (so every other error is found in the same order).

use super::index::{Index, StreamDef};
use super::read::Reader;
use super::{PlanError, PlanErrors};
use crate::model::{
    AttrValue, EpId, Membership, Person, PersonCadence, PersonId, Plan, StreamId, FORMAT_VERSION,
};
use crate::time::{parse_instant, parse_time_zone};
use chrono::Datelike;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashSet};
use std::fmt;

/// The lists read by the fast path, handed to the reader instead of their
/// JSON (see `Reader::plan`).
#[derive(Default)]
pub(super) struct PreRead {
    pub people: Option<Vec<Person>>,
    pub memberships: Option<Vec<Membership>>,
}

/// Loads `text` through the fast path; `None` when it gives up (see the
/// module docs), and the caller then uses the general loader.
pub(super) fn try_load(text: &str) -> Option<Result<Plan, PlanErrors>> {
    try_load_with(text, &[])
}

/// [`try_load`] of a plan without people whose `given` people come typed
/// (see `load_plan_with_people`; the returned plan's people are empty).
pub(super) fn try_load_with<'a>(text: &'a str, given: &'a [Person]) -> Option<Result<Plan, PlanErrors>> {
    let mut de = serde_json::Deserializer::from_str(text);
    let top = de.deserialize_map(TopVisitor).ok()?;
    de.end().ok()?;
    let Top { root, people, memberships } = top;
    if people.is_none() && memberships.is_none() && given.is_empty() {
        return None; // nothing to gain
    }
    if !given.is_empty() && people.as_ref().is_some_and(|p| !p.is_empty()) {
        return None; // the general loader says what is wrong
    }
    // As `plan_from_json`: a newer version is refused alone, first.
    if let Some(v) = root.get("version").and_then(Value::as_u64) {
        if v > u64::from(FORMAT_VERSION) {
            return None;
        }
    }
    let mut index = Index::build(&root);
    if !given.is_empty() {
        index.add_people(given);
    }
    let mut pre = PreRead::default();
    if let Some(raw) = people {
        pre.people = Some(read_people(raw, &mut index)?);
    }
    if let Some(raw) = memberships {
        pre.memberships = Some(read_memberships(&raw, &index)?);
    }
    let mut reader = Reader::new(index);
    reader.pre = pre;
    let plan = reader.plan(&root);
    Some(match plan {
        Some(plan) if reader.errors.is_empty() => Ok(plan),
        _ if !reader.errors.is_empty() => Err(PlanErrors(reader.errors)),
        _ => Err(PlanErrors::one(PlanError::new("", "the plan could not be read (internal error)"))),
    })
}

/// The top level: every field as JSON, except the two lists, typed (their
/// JSON is an empty array, so the reader sees the same fields in the same
/// order).
struct Top<'a> {
    root: Map<String, Value>,
    people: Option<Vec<RawPerson<'a>>>,
    memberships: Option<Vec<RawMembership<'a>>>,
}

struct TopVisitor;

impl<'de> Visitor<'de> for TopVisitor {
    type Value = Top<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a plan object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top<'de>, A::Error> {
        let mut top = Top { root: Map::new(), people: None, memberships: None };
        while let Some(key) = map.next_key::<String>()? {
            // A repeated field: the general loader keeps the last value.
            if top.root.contains_key(&key) {
                return Err(de::Error::custom("repeated field"));
            }
            match key.as_str() {
                "people" => top.people = Some(map.next_value()?),
                "memberships" => top.memberships = Some(map.next_value()?),
                _ => {
                    let v: Value = map.next_value()?;
                    top.root.insert(key, v);
                    continue;
                }
            }
            top.root.insert(key, Value::Array(Vec::new()));
        }
        Ok(top)
    }
}

/// A `people` element as `document.rs` reads it. Optional fields refuse
/// `null` there ("leave the field out"), hence [`present`]; `time_zone` may
/// be `null`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPerson<'a> {
    id: &'a str,
    #[serde(default, deserialize_with = "present")]
    email: Option<String>,
    #[serde(default, borrow)]
    time_zone: Option<&'a str>,
    #[serde(default, deserialize_with = "present")]
    unsubscribed: Option<bool>,
    #[serde(default, deserialize_with = "present")]
    marketing_suspended: Option<bool>,
    #[serde(default, deserialize_with = "present")]
    email_invalid: Option<bool>,
    #[serde(default, deserialize_with = "present")]
    attributes: Option<Attributes>,
}

/// A `memberships` element.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMembership<'a> {
    person: &'a str,
    program: &'a str,
    stream: &'a str,
    #[serde(default, deserialize_with = "present")]
    cadence: Option<Cadence>,
    added_at: &'a str,
}

/// A present field: `null` is an error (unlike serde's `Option`).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// A person cadence word.
struct Cadence(PersonCadence);

impl<'de> Deserialize<'de> for Cadence {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Cadence, D::Error> {
        match <&str>::deserialize(d)? {
            "normal" => Ok(Cadence(PersonCadence::Normal)),
            "paused" => Ok(Cadence(PersonCadence::Paused)),
            _ => Err(de::Error::custom("unknown cadence")),
        }
    }
}

/// `attributes`, straight into the model's map. A repeated name keeps its
/// last value, as the general loader does.
struct Attributes(BTreeMap<String, AttrValue>);

impl<'de> Deserialize<'de> for Attributes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Attributes, D::Error> {
        d.deserialize_map(AttributesVisitor)
    }
}

struct AttributesVisitor;

impl<'de> Visitor<'de> for AttributesVisitor {
    type Value = Attributes;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Attributes, A::Error> {
        let mut out = BTreeMap::new();
        while let Some(name) = map.next_key::<String>()? {
            let Attr(value) = map.next_value()?;
            out.insert(name, value);
        }
        Ok(Attributes(out))
    }
}

/// An attribute value: a string, a number (as a double, as `Value::as_f64`
/// gives it) or a boolean.
struct Attr(AttrValue);

impl<'de> Deserialize<'de> for Attr {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Attr, D::Error> {
        d.deserialize_any(AttrVisitor)
    }
}

struct AttrVisitor;

impl Visitor<'_> for AttrVisitor {
    type Value = Attr;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string, number or boolean")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Attr, E> {
        Ok(Attr(AttrValue::Bool(b)))
    }
    fn visit_u64<E>(self, x: u64) -> Result<Attr, E> {
        Ok(Attr(AttrValue::Num(x as f64)))
    }
    fn visit_i64<E>(self, x: i64) -> Result<Attr, E> {
        Ok(Attr(AttrValue::Num(x as f64)))
    }
    fn visit_f64<E: de::Error>(self, x: f64) -> Result<Attr, E> {
        if x.is_finite() {
            Ok(Attr(AttrValue::Num(x)))
        } else {
            Err(E::custom("not finite"))
        }
    }
    fn visit_str<E>(self, s: &str) -> Result<Attr, E> {
        Ok(Attr(AttrValue::Str(s.to_owned())))
    }
    fn visit_string<E>(self, s: String) -> Result<Attr, E> {
        Ok(Attr(AttrValue::Str(s)))
    }
}

/// `people`, with the checks of `Reader::person`: a non-empty id used once
/// and a known time zone. Fills the index's people (pass 1) as it goes.
fn read_people<'a>(raw: Vec<RawPerson<'a>>, index: &mut Index<'a>) -> Option<Vec<Person>> {
    let mut out = Vec::with_capacity(raw.len());
    index.people.reserve(raw.len());
    // People share a handful of zones: remember the names seen.
    let mut zones: Vec<(&str, chrono_tz::Tz)> = Vec::new();
    for (i, p) in raw.into_iter().enumerate() {
        if p.id.is_empty() || index.people.insert(p.id, i).is_some() {
            return None;
        }
        let time_zone = match p.time_zone {
            None => None,
            Some(z) => match zones.iter().find(|(name, _)| *name == z) {
                Some(&(_, tz)) => Some(tz),
                None => {
                    let tz = parse_time_zone(z).ok()?;
                    if zones.len() < 64 {
                        zones.push((z, tz));
                    }
                    Some(tz)
                }
            },
        };
        out.push(Person {
            id: PersonId::new(p.id),
            email: p.email,
            time_zone,
            unsubscribed: p.unsubscribed.unwrap_or(false),
            marketing_suspended: p.marketing_suspended.unwrap_or(false),
            email_invalid: p.email_invalid.unwrap_or(false),
            attributes: p.attributes.map(|a| a.0).unwrap_or_default(),
        });
    }
    Some(out)
}

/// `memberships`, with the checks of `Reader::memberships` and
/// `Reader::membership`: known person, EP and stream of that EP
/// (`check_person`, `check_ep`, `check_stream`), a valid `added_at`, and
/// R-ME-1. Consecutive memberships mostly name the same EP and stream, so
/// those checks are remembered from the previous element; R-ME-1 is kept
/// per person (the EP of their first membership, and a set for the rare
/// person in several EPs) rather than hashing every pair.
fn read_memberships(raw: &[RawMembership<'_>], index: &Index<'_>) -> Option<Vec<Membership>> {
    const NONE: usize = usize::MAX;
    let mut first_ep = vec![NONE; index.people.len()];
    let mut more: HashSet<(usize, usize)> = HashSet::new();
    // The last (EP, stream) pair checked, and the EP's number.
    let mut last: Option<(&str, &str, usize)> = None;
    // Memberships often share their `added_at`.
    let mut last_at: Option<(&str, crate::time::Instant)> = None;
    let mut out = Vec::with_capacity(raw.len());
    for m in raw {
        if m.person.is_empty() || m.program.is_empty() || m.stream.is_empty() {
            return None;
        }
        // People are indexed here (`people_ok`): an unknown one is an error.
        let person = *index.people.get(m.person)?;
        let ep = match last {
            Some((program, stream, ep)) if program == m.program && stream == m.stream => ep,
            _ => {
                let ep = check_ep_stream(index, m.program, m.stream)?;
                last = Some((m.program, m.stream, ep));
                ep
            }
        };
        // R-ME-1: one membership per (person, EP).
        let first = &mut first_ep[person];
        if *first == NONE {
            *first = ep;
        } else if *first == ep || !more.insert((person, ep)) {
            return None;
        }
        let added_at = match last_at {
            Some((text, at)) if text == m.added_at => at,
            _ => {
                let at = parse_instant(m.added_at).ok().filter(|t| (0..=9999).contains(&t.to_naive_utc().year()))?;
                last_at = Some((m.added_at, at));
                at
            }
        };
        out.push(Membership {
            person: PersonId::new(m.person),
            program: EpId::new(m.program),
            stream: StreamId::new(m.stream),
            cadence: m.cadence.as_ref().map_or(PersonCadence::Normal, |c| c.0),
            added_at,
        });
    }
    Some(out)
}

/// `check_ep` and `check_stream` finding nothing to report: the EP's
/// number (its index in the file) when they pass.
fn check_ep_stream(index: &Index<'_>, program: &str, stream: &str) -> Option<usize> {
    // Unreadable `engagement_programs` (not `eps_ok`) would let unknown ids
    // pass unreported; the general loader handles that case.
    if !index.eps_ok {
        return None;
    }
    let ep = index.eps.get(program)?.index;
    match index.streams.get(stream)? {
        StreamDef { ep: Some(owner), .. } if *owner != program => None,
        _ => Some(ep),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{load_general, load_plan, save_plan};
    use super::try_load;

    /// What the general loader alone makes of `text`.
    fn general(text: &str) -> Result<crate::model::Plan, Vec<String>> {
        load_general(text).map_err(|e| e.lines())
    }

    fn loaded(text: &str) -> Result<crate::model::Plan, Vec<String>> {
        load_plan(text).map_err(|e| e.lines())
    }

    fn base() -> String {
        let mut plan = crate::generate::benchmark_plan(5, 3);
        plan.people[1].attributes.insert("vip".into(), crate::model::AttrValue::Bool(true));
        plan.people[2].attributes.insert("n".into(), crate::model::AttrValue::Num(-2.5));
        plan.people[3].time_zone = None;
        plan.memberships[2].cadence = crate::model::PersonCadence::Paused;
        save_plan(&plan)
    }

    #[test]
    fn valid_plans_take_the_fast_path_and_load_the_same() {
        for text in [base(), save_plan(&crate::generate::sample_plan())] {
            let fast = try_load(&text).expect("the fast path accepts a valid plan");
            assert_eq!(fast.map_err(|e| e.lines()), general(&text));
        }
    }

    /// Every deviation falls back to the general loader: same plan, same
    /// errors in the same order.
    #[test]
    fn anything_unusual_loads_exactly_as_the_general_loader() {
        let text = base();
        let edits: &[(&str, &str)] = &[
            ("\"email\": \"p0000001@example.com\"", "\"email\": null"),
            ("\"id\": \"p0000002\"", "\"id\": \"p0000001\""),
            ("\"id\": \"p0000002\"", "\"id\": \"\""),
            ("\"id\": \"p0000002\"", "\"id\": \"p\\u0030000002\""),
            ("\"unsubscribed\": false", "\"unsubscribed\": null"),
            ("\"unsubscribed\": false", "\"unsubscribed\": 0"),
            ("\"unsubscribed\": false", "\"unsubscribed\": false, \"colour\": 1"),
            ("\"unsubscribed\": false", "\"unsubscribed\": false, \"unsubscribed\": true"),
            ("\"time_zone\": \"America/Los_Angeles\"", "\"time_zone\": \"Mars/Base\""),
            ("\"time_zone\": \"America/Los_Angeles\"", "\"time_zone\": null"),
            ("\"time_zone\": \"America/Los_Angeles\"", "\"time_zone\": 5"),
            ("\"vip\": true", "\"vip\": null"),
            ("\"vip\": true", "\"vip\": [1]"),
            ("\"vip\": true", "\"vip\": 1e400"),
            ("\"person\": \"p0000003\"", "\"person\": \"nobody\""),
            ("\"person\": \"p0000003\"", "\"person\": \"p0000002\""),
            ("\"stream\": \"s1\"", "\"stream\": \"s9\""),
            ("\"stream\": \"s1\"", "\"stream\": \"s2\""),
            ("\"program\": \"ep-bench\"", "\"program\": \"ep-none\""),
            ("\"cadence\": \"paused\"", "\"cadence\": \"sleepy\""),
            ("\"cadence\": \"paused\"", "\"cadence\": null"),
            ("\"added_at\": \"2027-01-01T00:00:00Z\"", "\"added_at\": \"yesterday\""),
            ("\"people\": [", "\"people\": null, \"x\": ["),
            ("\"people\": [", "\"emails\": [], \"people\": ["),
            ("\"version\": 1", "\"version\": 7"),
            ("\"version\": 1", "\"version\": \"1\""),
        ];
        for (from, to) in edits {
            assert!(text.contains(from), "{from}");
            let edited = text.replacen(from, to, 1);
            assert_eq!(loaded(&edited), general(&edited), "{from} -> {to}");
        }
        for edited in [format!("{text} x"), text.replacen("\"memberships\": [", "\"memberships\": {", 1), "[]".into()] {
            assert_eq!(loaded(&edited), general(&edited));
        }
        // No people at all, memberships naming them.
        let no_people = text.replacen("\"people\": [", "\"nobody\": [", 1);
        assert_eq!(loaded(&no_people), general(&no_people));
    }
}
