//! Engagement Planner: the browser app.
//!
//! A Leptos client-side app over the `engine` crate. Arrows point one way:
//! the app uses the engine, the engine knows nothing of the browser.
//!
//! - [`app`]: the router, the layout (navigation and main area) and the
//!   global context;
//! - [`state`]: the workspace and the edits applied to it (pure, tested
//!   natively) and the reactive store that holds it (browser only);
//! - [`planner`]: the planner's view logic (pure, tested natively);
//! - [`people`]: the people table's logic: virtual scroll, filters, the
//!   synthetic generator's form (pure, tested natively);
//! - [`results`]: simulation results (the kept result and its views' pure
//!   logic; in the browser, the `use_results()` context);
//! - `worker` (browser): the page's side of the simulation worker, the
//!   only code that posts messages;
//! - [`audience_import`]: the CSV imports of people, memberships and
//!   history (pure logic; the dialogs in the browser);
//! - [`pages`]: one module per page;
//! - [`components`]: widgets shared by pages.
//!
//! Everything that needs leptos or the DOM is compiled for wasm32 only (the
//! web dependencies are wasm-only in `Cargo.toml`), so a native build of the
//! workspace compiles the engine and this crate's pure logic alone.

pub mod audience_import;
pub mod calendar;
pub mod people;
pub mod planner;
pub mod results;
pub mod rulebook;
pub mod settings_form;
pub mod state;
pub mod storage;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod pages;
#[cfg(target_arch = "wasm32")]
pub mod shell;
#[cfg(target_arch = "wasm32")]
pub mod worker;

#[cfg(target_arch = "wasm32")]
pub use app::{App, NAV};
