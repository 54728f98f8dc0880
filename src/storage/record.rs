//! What a saved workspace is made of, as plain data (no browser code,
//! tested natively): the plan split into a document and an audience, and
//! joined back.
//!
//! - **document**: the plan's JSON ([`engine::plan::plan_to_json`]) with an
//!   empty `people` list, as text;
//! - **audience**: the people as the engine's columnar buffers
//!   ([`engine::audience::Audience::encode`]), stored as binary typed
//!   arrays, so a million people are a few flat buffers, never one JSON
//!   string;
//! - **metadata** ([`WorkspaceMeta`]): what the workspace switcher lists.
//!
//! [`join`] gives back the plan [`split`] was given (`join(split(p)) == p`),
//! and validates it with the engine's loader on the way: whatever storage
//! hands back is checked like a file.

use engine::audience::Audience;
use engine::model::Plan;
use engine::plan::{load_plan_with_people, plan_to_json_without_people, PlanErrors};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The audience's named binary columns.
pub type Columns = Vec<(String, Vec<u8>)>;

/// A saved workspace's listing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceMeta {
    pub id: String,
    pub name: String,
    /// Milliseconds since the Unix epoch of the last save.
    pub updated_at: i64,
    /// The revision of the last save (see `state::session`): it grows with
    /// every saved change, whichever tab saved it.
    pub revision: u64,
    /// For a what-if scenario: the id of the workspace it was duplicated
    /// from (which may since have been deleted). Records saved before
    /// scenarios existed have none.
    #[serde(default)]
    pub base: Option<String>,
}

/// Everything stored for one workspace.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredWorkspace {
    pub meta: WorkspaceMeta,
    /// The document (see the module docs).
    pub document: String,
    /// The document saved before it, kept to recover from a bad save.
    pub previous: Option<String>,
    /// When `previous` was saved (milliseconds since the epoch); `None`
    /// when unknown (saved by a build that did not record it).
    pub previous_saved_at: Option<i64>,
    pub audience: Columns,
}

/// The name the switcher shows for a plan.
pub fn display_name(plan: &Plan) -> String {
    match plan.workspace.name.as_deref().map(str::trim) {
        Some(name) if !name.is_empty() => name.to_owned(),
        _ => "Untitled workspace".to_owned(),
    }
}

/// The plan's document: its JSON without the people.
pub fn document(plan: &Plan) -> String {
    serde_json::to_string(&plan_to_json_without_people(plan)).unwrap_or_default()
}

/// The plan's people as binary columns.
pub fn audience(plan: &Plan) -> Result<Columns, String> {
    Audience::from_people(&plan.people)
        .map(|a| a.encode())
        .map_err(|e| e.to_string())
}

/// Why stored data is not a plan.
#[derive(Clone, Debug, PartialEq)]
pub enum JoinError {
    /// The document is not JSON.
    Json(String),
    /// The audience buffers do not decode.
    Audience(String),
    /// The joined plan is not valid: every problem with its path.
    Plan(PlanErrors),
}

impl fmt::Display for JoinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JoinError::Json(e) => write!(f, "the saved document is not JSON: {e}"),
            JoinError::Audience(e) => write!(f, "the saved audience cannot be read: {e}"),
            JoinError::Plan(errors) => {
                write!(f, "the saved plan is not valid: ")?;
                let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
                f.write_str(&lines.join("; "))
            }
        }
    }
}

/// The plan made of a document and an audience (see the module docs). The
/// people go to the engine typed, never through JSON, and are checked with
/// the rest (memberships name known people …).
pub fn join(document: &str, audience: &[(String, Vec<u8>)]) -> Result<Plan, JoinError> {
    // A syntax error is told apart from an invalid plan (a scan, no tree).
    serde_json::from_str::<serde::de::IgnoredAny>(document).map_err(|e| JoinError::Json(e.to_string()))?;
    let people = if audience.is_empty() {
        vec![]
    } else {
        Audience::decode(audience)
            .map_err(|e| JoinError::Audience(e.to_string()))?
            .to_people()
    };
    load_plan_with_people(document, people).map_err(JoinError::Plan)
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::generate::sample_plan;
    use serde_json::Value;

    #[test]
    fn split_then_join_gives_the_plan_back() {
        let plan = sample_plan();
        assert!(plan.people.len() >= 2000);
        let doc = document(&plan);
        let cols = audience(&plan).unwrap();
        assert!(!cols.is_empty());
        let v: Value = serde_json::from_str(&doc).unwrap();
        assert_eq!(v["people"], Value::Array(vec![]));
        assert_eq!(join(&doc, &cols).unwrap(), plan);
    }

    #[test]
    fn an_empty_plan_round_trips_without_columns() {
        let plan = Plan::empty("Empty");
        let doc = document(&plan);
        assert_eq!(join(&doc, &[]).unwrap(), plan);
        assert_eq!(join(&doc, &audience(&plan).unwrap()).unwrap(), plan);
    }

    #[test]
    fn damaged_data_is_an_error_not_a_panic() {
        let plan = sample_plan();
        let doc = document(&plan);
        let cols = audience(&plan).unwrap();
        assert!(matches!(join("{", &cols), Err(JoinError::Json(_))));
        let mut bad = cols.clone();
        bad[0].1.truncate(3);
        assert!(matches!(join(&doc, &bad), Err(JoinError::Audience(_))));
        // Memberships name people the (missing) audience no longer has.
        match join(&doc, &[]) {
            Err(JoinError::Plan(errors)) => assert!(errors.iter().any(|e| e.path.starts_with("memberships["))),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn display_names() {
        let mut plan = Plan::empty("  Spring  ");
        assert_eq!(display_name(&plan), "Spring");
        plan.workspace.name = None;
        assert_eq!(display_name(&plan), "Untitled workspace");
    }
}

