//! Storage: the only code that touches IndexedDB and localStorage.
//!
//! - [`record`]: what a saved workspace is made of (pure, tested natively);
//! - `backend`: the [`Backend`] trait the app saves through, with the
//!   IndexedDB implementation (`idb`) and an in-memory one for tests;
//! - `prefs`: small UI preferences in localStorage (gloo-storage);
//! - `channel`: the BroadcastChannel that tells other tabs about saves.

pub mod record;
pub mod backend;

pub use backend::{Backend, Expect, Faulty, MemoryBackend, Save, StorageError};
pub use record::{StoredWorkspace, WorkspaceMeta};
#[cfg(target_arch = "wasm32")]
pub mod idb;
#[cfg(target_arch = "wasm32")]
pub mod prefs;
#[cfg(target_arch = "wasm32")]
pub mod channel;

#[cfg(target_arch = "wasm32")]
pub use idb::IdbBackend;
