//! The cast simulation: compile a plan, then run casts instant by instant.
//!
//! `compile` turns the plan into dense ids once; `run::Simulation` walks the
//! timeline and hands rows to a `sink::Sink`. The outputs (send log,
//! summary, scores, state, explain) are sinks or reads of the final state.

pub mod compile;
pub mod cond;
pub mod draw;
pub mod outcome;
pub mod run;
pub mod sink;
pub mod state;
pub mod stats;

pub use compile::{compile, Compiled};
pub use outcome::{Outcome, Reactions, Row};
pub use run::{MemberEntry, MemberView, Progress, RunSummary, Simulation};
pub use sink::{Sink, VecSink};
