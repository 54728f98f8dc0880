//! Widgets shared by pages.

mod cadence_editor;
pub mod condition_builder;
mod delete_choices;
mod dialog;
pub(crate) mod dom;
pub mod charts;
mod empty_state;
mod inline_rename;
mod menu_button;
mod page_header;
mod progress;
pub mod sortable;
mod switch;

pub use cadence_editor::CadenceEditor;
pub use condition_builder::{ConditionBuilder, ConditionCatalog, ConditionDraft};
pub use delete_choices::{DeleteChoices, DeleteRefusal};
pub use dialog::{ConfirmDialog, Dialog};
pub use empty_state::EmptyState;
pub use inline_rename::InlineRename;
pub use menu_button::{MenuButton, MenuEntry};
pub use page_header::PageHeader;
pub use progress::ProgressBar;
pub use switch::Switch;
