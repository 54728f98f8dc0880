//! Simulation results: the latest run of the workspace, shared with every
//! page through context ([`use_results`]), kept in the results database
//! ([`db`]), and the runs themselves (through [`crate::worker`]).
//!
//! - [`record`]: the kept result and the numbers and words the views show
//!   (pure, tested natively);
//! - `db` (browser): IndexedDB `engagement-planner-results`;
//! - [`Results`] (browser): the context: `latest` result, the state of the
//!   run in progress, freshness against the workspace, and requests for a
//!   cast's people and CSV exports.
//!
//! Pages read [`Results::latest`] for anything computed from a run (the
//! editor's score badges: [`Results::score`]; the calendar's predicted
//! counts: `latest.report.casts`), so a later what-if comparison or
//! calendar needs nothing new from here.

pub mod record;

#[cfg(target_arch = "wasm32")]
pub mod db;
#[cfg(target_arch = "wasm32")]
mod context;

#[cfg(target_arch = "wasm32")]
pub use context::{provide_results, use_results, Results, RunState};
