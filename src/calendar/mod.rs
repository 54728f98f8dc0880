//! The cadence calendar's logic, pure (no leptos, no DOM) and tested
//! natively; the page in `pages/calendar/` only renders it.
//!
//! - [`casts`]: the streams that cast (R-EP-2), their program colours and
//!   every cast of a date range, dated by the engine's cadence functions;
//! - [`grid`]: the shown range of each view, the month grid, keyboard moves
//!   and the words for days;
//! - [`pressure`]: people in several programs cast on the same day;
//! - [`predicted`]: what the latest simulation predicts for each cast, and
//!   the warnings of a day;
//! - [`ics`]: the casts as an iCalendar file (RFC 5545).

pub mod casts;
pub mod grid;
pub mod ics;
pub mod predicted;
pub mod pressure;
