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
pub use write::{plan_to_json, save_plan};

use crate::model::{Plan, FORMAT_VERSION};
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

/// Validates a plan already parsed to JSON (what [`load_plan`] does after
/// parsing).
pub fn plan_from_json(value: &Value) -> Result<Plan, PlanErrors> {
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
    let mut reader = Reader::new(Index::build(root));
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
