//! The workspace the app edits.
//!
//! The document is the engine's own [`engine::model::Plan`]; the app never
//! keeps a copy of its own. Every change is an [`engine::edit::Edit`]
//! dispatched through the reactive store ([`Workspace`], browser only),
//! which applies it with the engine's undo/redo `History`.

#[cfg(target_arch = "wasm32")]
mod store;
#[cfg(target_arch = "wasm32")]
pub mod session;
pub mod shortcuts;

pub mod names;

#[cfg(target_arch = "wasm32")]
pub use session::{use_session, Session};
#[cfg(target_arch = "wasm32")]
pub use store::{now, provide_workspace, use_workspace, Workspace, DEFAULT_WORKSPACE_NAME};
