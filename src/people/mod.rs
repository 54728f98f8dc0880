//! The people table's logic: pure functions over the engine's model, with
//! no leptos and no DOM, tested natively (the Audience page is a thin view
//! over them).
//!
//! - [`scroll`]: the virtual scroll of a fixed-row-height table, with
//!   scaled scrolling past the browser's maximum element height;
//! - [`index`]: person → memberships, compact enough for 1,000,000 rows;
//! - [`filter`]: search and filters, evaluated in chunks so the page can
//!   yield between them; attribute conditions use the engine's
//!   comparison ([`engine::model::AttrOp::holds`]), exactly as rules do;
//! - [`generate`]: the synthetic generator's form and how generated people
//!   replace or join the plan's.

pub mod filter;
pub mod generate;
pub mod index;
pub mod scroll;
