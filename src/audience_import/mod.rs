//! CSV imports of the audience: people (with a header mapping), memberships,
//! send history and program history, from the Audience page.
//!
//! ```text
//!   file ─(size cap)─► text ─► people: mapping table ─► engine importer ─► findings ─► confirm ─► Workspace::replace
//!                              others: mode (add / replace) ─► engine importer ─► findings ─► Edit::ImportRows (undoable)
//! ```
//!
//! Nothing is imported while a row has errors unless the user chooses to
//! import the valid rows. People are replaced through `Workspace::replace`
//! (edits never change people), after a confirmation that says the undo
//! history is cleared; the other imports are one undoable edit each.
//!
//! The pure parts ([`kind`], [`mapping`], [`report`], [`people`],
//! [`rows`]) are tested natively; the dialog is browser-only.

pub mod kind;
pub mod mapping;
pub mod people;
pub mod report;
pub mod rows;

#[cfg(target_arch = "wasm32")]
mod dialog;
#[cfg(target_arch = "wasm32")]
mod mapping_table;

#[cfg(target_arch = "wasm32")]
pub use dialog::AudienceImports;
