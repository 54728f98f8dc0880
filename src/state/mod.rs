//! The workspace the app edits.
//!
//! The document is the engine's own [`engine::model::Plan`]; the app never
//! keeps a copy of its own. [`edits`] are plain functions on `&mut Plan`
//! (tested natively); the pages apply them to the plan in the reactive
//! store (`store`, browser only) provided by the app shell.

pub mod edits;
#[cfg(target_arch = "wasm32")]
mod store;

pub use edits::add_program;
#[cfg(target_arch = "wasm32")]
pub use store::{provide_workspace, use_workspace, WorkspaceStore, DEFAULT_WORKSPACE_NAME};
