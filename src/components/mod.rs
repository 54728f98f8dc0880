//! Widgets shared by pages.

mod dialog;
pub(crate) mod dom;
pub mod charts;
mod empty_state;
mod menu_button;
mod page_header;
pub mod sortable;

pub use dialog::{ConfirmDialog, Dialog};
pub use empty_state::EmptyState;
pub use menu_button::{MenuButton, MenuEntry};
pub use page_header::PageHeader;
