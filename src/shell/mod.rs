//! Parts of the app shell around the pages: the header's undo/redo, the
//! live region and the edit-error alert.

mod history;

pub use history::{Announcer, EditErrorAlert, HistoryButtons};
