//! The plan file (`.plan.json`, `plan-format.md`): loading with complete
//! validation, and saving.
//!
//! [`load_plan`] parses the text with `serde_json` into a
//! [`serde_json::Value`] and reads it by hand into the [`Plan`] model, in
//! two passes: the first gathers every id the plan defines (so references
//! may point forward), the second reads and checks every field. Every
//! problem is collected, each with its JSON path and, where one applies,
//! the rule it breaks; the plan is returned only when there is none.
//! Loading never panics: no indexing that can fail, no `unwrap` on user
//! data, JSON nesting bounded by `serde_json`'s recursion limit and
//! conditions by [`MAX_CONDITION_DEPTH`], input bounded by
//! [`MAX_PLAN_BYTES`].
//!
//! [`save_plan`] / [`plan_to_json`] write the model back in the spec's field
//! order; load → save → load gives an equal [`Plan`].

mod conditions;
mod document;
mod error;
mod events;
mod fast;
mod index;
mod path;
mod read;
mod streams;
mod validate;
mod write;

#[cfg(test)]
mod tests;

pub use conditions::MAX_CONDITION_DEPTH;
pub use error::{PlanError, PlanErrors};
pub use validate::{MAX_ACTIVE_PROGRAMS, MAX_STREAMS, RTZ_NOTICE_HOURS};
pub use write::{plan_to_json, plan_to_json_without_people, save_plan};

use crate::model::{Person, Plan, FORMAT_VERSION};
use index::Index;
use read::{kind_of, Reader};
use serde_json::Value;

/// The largest plan text [`load_plan`] reads: 256 MiB.
pub const MAX_PLAN_BYTES: usize = 256 * 1024 * 1024;

/// Parses and validates a plan (see the module docs).
pub fn load_plan(text: &str) -> Result<Plan, PlanErrors> {
    load_plan_capped(text, MAX_PLAN_BYTES)
}

fn load_plan_capped(text: &str, max_bytes: usize) -> Result<Plan, PlanErrors> {
    if text.len() > max_bytes {
        return Err(PlanErrors::one(PlanError::new(
            "",
            format!("the plan is {} bytes; the largest plan read is {max_bytes} bytes", text.len()),
        )));
    }
    match fast::try_load(text) {
        Some(result) => result,
        None => load_general(text),
    }
}

/// The general loader: the whole text as JSON, then read (see the module
/// docs; `fast.rs` only ever accepts what this accepts, identically).
fn load_general(text: &str) -> Result<Plan, PlanErrors> {
    let value: Value = serde_json::from_str(text).map_err(|e| PlanErrors::one(json_error(&e)))?;
    plan_from_json(&value)
}

/// [`load_plan`] for a plan whose people come separately, already typed:
/// the app stores the people as [`crate::audience::Audience`] columns next
/// to the plan's JSON without them, so opening a million-person workspace
/// never writes or parses the people as JSON.
///
/// `document` is a plan without people (`people` empty or absent); the
/// people's ids must be non-empty and unique, as in a plan file (their other
/// fields are typed, so valid). Memberships, history and events are checked
/// against these people exactly as [`load_plan`] checks them.
pub fn load_plan_with_people(document: &str, people: Vec<Person>) -> Result<Plan, PlanErrors> {
    if document.len() > MAX_PLAN_BYTES {
        return load_plan(document);
    }
    check_people_ids(&people)?;
    let result = match fast::try_load_with(document, &people) {
        Some(result) => result,
        None => {
            let value: Value = serde_json::from_str(document).map_err(|e| PlanErrors::one(json_error(&e)))?;
            plan_from_json_with(&value, &people)
        }
    };
    result.map(|plan| Plan { people, ..plan })
}

/// The reader's checks of `people[i].id` for people given typed.
fn check_people_ids(people: &[Person]) -> Result<(), PlanErrors> {
    let mut seen = std::collections::HashMap::with_capacity(people.len());
    let mut errors = Vec::new();
    for (i, p) in people.iter().enumerate() {
        if p.id.as_str().is_empty() {
            errors.push(PlanError::new(&format!("people[{i}].id"), "an id must not be empty"));
        } else if let Some(first) = seen.insert(p.id.as_str(), i) {
            seen.insert(p.id.as_str(), first);
            errors.push(PlanError::new(
                &format!("people[{i}].id"),
                format!("person id {:?} is already used by people[{first}]", p.id.as_str()),
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(PlanErrors(errors))
    }
}

/// Validates a plan already parsed to JSON (what [`load_plan`] does after
/// parsing).
pub fn plan_from_json(value: &Value) -> Result<Plan, PlanErrors> {
    plan_from_json_with(value, &[])
}

/// [`plan_from_json`] with `people` given typed (see
/// [`load_plan_with_people`]); the JSON must then have no people.
fn plan_from_json_with(value: &Value, people: &[Person]) -> Result<Plan, PlanErrors> {
    let Value::Object(root) = value else {
        return Err(PlanErrors::one(PlanError::new("", format!("a plan is a JSON object, not {}", kind_of(value)))));
    };
    // A newer version may mean anything: refuse it alone, before reading.
    if let Some(v) = root.get("version").and_then(Value::as_u64) {
        if v > u64::from(FORMAT_VERSION) {
            return Err(PlanErrors::one(PlanError::new(
                "version",
                format!(
                    "this plan is format version {v}, newer than version {FORMAT_VERSION}, the newest this program \
                     reads; update the program to open it"
                ),
            )));
        }
    }
    let mut index = Index::build(root);
    if !people.is_empty() {
        if matches!(root.get("people"), Some(v) if v.as_array().is_none_or(|a| !a.is_empty())) {
            return Err(PlanErrors::one(PlanError::new("people", "people are given separately, so the document must have none")));
        }
        index.add_people(people);
    }
    let mut reader = Reader::new(index);
    let plan = reader.plan(root);
    match plan {
        Some(plan) if reader.errors.is_empty() => Ok(plan),
        _ if !reader.errors.is_empty() => Err(PlanErrors(reader.errors)),
        _ => Err(PlanErrors::one(PlanError::new("", "the plan could not be read (internal error)"))),
    }
}

/// A JSON syntax error, with its line and column.
fn json_error(e: &serde_json::Error) -> PlanError {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let what = full.strip_suffix(&suffix).unwrap_or(&full);
    PlanError::new("", format!("invalid JSON at line {}, column {}: {what}", e.line(), e.column()))
}
