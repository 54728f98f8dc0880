//! Pass 1: the ids a plan defines, gathered leniently from the raw JSON so
//! that pass 2 can check every reference (forward ones included) while it
//! reads. Only the first occurrence of an id is indexed; pass 2 reports the
//! duplicates. Nothing here reports errors.

use crate::model::Person;
use crate::time::{parse_instant, Instant};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Where a content id (email or program id, one namespace) is first defined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ContentDef {
    /// `approved` / `operational`: `Some` when absent (false) or a boolean,
    /// `None` when malformed (then no rule is checked against it).
    Email {
        index: usize,
        approved: Option<bool>,
        operational: Option<bool>,
    },
    Program {
        index: usize,
    },
}

#[derive(Clone, Copy, Debug)]
pub(super) struct EpDef {
    pub index: usize,
    /// `active: true` in the plan.
    pub active: bool,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct StreamDef<'v> {
    pub ep_index: usize,
    pub index: usize,
    /// The id of the EP holding the stream, when it has a usable one.
    pub ep: Option<&'v str>,
}

/// The ids of one plan. The `*_ok` flags are false when the whole top-level
/// list is malformed (not an array): references into it are then not
/// checked, so one mistake does not cascade into hundreds of errors.
#[derive(Default)]
pub(super) struct Index<'v> {
    pub content: HashMap<&'v str, ContentDef>,
    pub eps: HashMap<&'v str, EpDef>,
    /// EP ids in file order of first definition (for R-EP-1 replay).
    pub ep_order: Vec<&'v str>,
    pub streams: HashMap<&'v str, StreamDef<'v>>,
    pub people: HashMap<&'v str, usize>,
    pub sim_start: Option<Instant>,
    pub emails_ok: bool,
    pub programs_ok: bool,
    pub eps_ok: bool,
    pub people_ok: bool,
}

fn list<'v>(root: &'v Map<String, Value>, key: &str) -> (bool, &'v [Value]) {
    match root.get(key) {
        None => (true, &[]),
        Some(Value::Array(a)) => (true, a.as_slice()),
        Some(_) => (false, &[]),
    }
}

fn id_of(v: &Value) -> Option<&str> {
    v.get("id").and_then(Value::as_str).filter(|s| !s.is_empty())
}

fn flag(v: &Value, key: &str) -> Option<bool> {
    match v.get(key) {
        None => Some(false),
        Some(x) => x.as_bool(),
    }
}

impl<'v> Index<'v> {
    pub fn build(root: &'v Map<String, Value>) -> Index<'v> {
        let mut ix = Index::default();
        let (ok, emails) = list(root, "emails");
        ix.emails_ok = ok;
        for (i, e) in emails.iter().enumerate() {
            if let Some(id) = id_of(e) {
                ix.content.entry(id).or_insert(ContentDef::Email {
                    index: i,
                    approved: flag(e, "approved"),
                    operational: flag(e, "operational"),
                });
            }
        }
        let (ok, programs) = list(root, "programs");
        ix.programs_ok = ok;
        for (i, p) in programs.iter().enumerate() {
            if let Some(id) = id_of(p) {
                ix.content.entry(id).or_insert(ContentDef::Program { index: i });
            }
        }
        let (ok, eps) = list(root, "engagement_programs");
        ix.eps_ok = ok;
        for (i, ep) in eps.iter().enumerate() {
            let ep_id = id_of(ep);
            if let Some(id) = ep_id {
                if !ix.eps.contains_key(id) {
                    let active = ep.get("active").and_then(Value::as_bool).unwrap_or(false);
                    ix.eps.insert(id, EpDef { index: i, active });
                    ix.ep_order.push(id);
                }
            }
            let streams = ep.get("streams").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
            for (j, s) in streams.iter().enumerate() {
                if let Some(id) = id_of(s) {
                    ix.streams.entry(id).or_insert(StreamDef { ep_index: i, index: j, ep: ep_id });
                }
            }
        }
        let (ok, people) = list(root, "people");
        ix.people_ok = ok;
        for (i, p) in people.iter().enumerate() {
            if let Some(id) = id_of(p) {
                ix.people.entry(id).or_insert(i);
            }
        }
        ix.sim_start = root
            .get("simulation")
            .and_then(|s| s.get("start"))
            .and_then(Value::as_str)
            .and_then(|s| parse_instant(s).ok());
        ix
    }

    /// People given typed instead of in the JSON (whose `people` is then
    /// empty); their ids were checked by the caller.
    pub fn add_people(&mut self, people: &'v [Person]) {
        self.people.reserve(people.len());
        for (i, p) in people.iter().enumerate() {
            self.people.entry(p.id.as_str()).or_insert(i);
        }
        self.people_ok = true;
    }
}
