//! The engagement engine: a pure model of Marketo-style engagement programs
//! and a deterministic cast simulator.
//!
//! Nothing here touches the browser, the file system or the clock: callers
//! hand in plan text or a [`model::Plan`] and get results back. The same code
//! runs natively (the `engagement-sim` CLI, the tests, the benchmarks) and in
//! the browser (the app and its simulation worker).

pub mod audience;
pub mod cadence;
pub mod edit;
pub mod model;
pub mod plan;
pub mod time;
pub mod sim;
pub mod output;
pub mod explain;
pub mod generate;
pub mod analysis;
pub mod diff;
