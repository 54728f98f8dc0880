//! The simulation worker: the engine, without leptos, behind messages.
//!
//! - [`protocol`]: the messages between the page and the worker (the one
//!   place they are written down), and how a plan and its audience travel;
//! - [`job`]: what the worker does with a request (pure, tested natively);
//! - [`csv_safe`]: spreadsheet formula neutralisation of exported CSV.
//!
//! The wasm entry is `src/main.rs`, built by Trunk as a worker
//! (`index.html`: `data-type="worker"`, `data-loader-shim`); the page
//! starts it with `new Worker("/sim-worker_loader.js")`.

pub mod csv_safe;
pub mod job;
pub mod protocol;

/// The worker's loader script, as Trunk emits it at the site root
/// (`<bin>_loader.js` beside `<bin>.js` and `<bin>_bg.wasm`).
pub const WORKER_URL: &str = "/sim-worker_loader.js";
