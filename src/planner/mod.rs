//! The planner's view logic: pure functions over the engine's model that the
//! program editor, the programs page and the library show, with no leptos
//! and no DOM, so they are tested natively in milliseconds.
//!
//! - [`positions`]: turning a move in a list that hides archived items into
//!   the full-list indices of `Edit::MoveItem`;
//! - [`summary`]: program rows (members, next cast) and instants for people;
//! - [`cadence_form`]: the cadence editor's form, parsed into a `Cadence`,
//!   and its preview (next casts, R-CA-3, R-CA-10);
//! - [`catalog`]: the audience's attributes typed by their values, for the
//!   condition builder, and attribute values as typed text;
//! - [`whatif`]: the what-if page's scheduled-change instants and run comparison rows;
//! - [`overlap`]: which streams of a program have transition rules that can
//!   hold at the same time (R-TR-2).

pub mod cadence_form;
pub mod catalog;
pub mod overlap;
pub mod positions;
pub mod summary;
pub mod whatif;
