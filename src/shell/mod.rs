//! Parts of the app shell around the pages: the header's workspace
//! controls, undo/redo and save status, the live region, the alerts, the
//! modal dialog and the file drop overlay.

mod dialog;
pub mod files;
mod history;
pub mod import;
mod page_memory;
mod update;
mod workspace_menu;

pub use dialog::{use_dialogs, ActionKind, DialogAction, DialogHost, DialogRequest, Dialogs};
pub use history::{Announcer, EditErrorAlert, HistoryButtons};
pub use import::{DropZone, ImportFailureAlert, Imports};
pub use page_memory::{RememberPage, StartRedirect, HOME};
pub use update::{register_service_worker, UpdateBanner, SERVICE_WORKER_URL};
pub use workspace_menu::{ConflictBanner, SaveStatusView, SessionNotice, WorkspaceMenu};
