//! The reactive store holding the workspace, provided through context.

use engine::model::Plan;
use leptos::prelude::*;

/// The name of the workspace a first run starts with.
pub const DEFAULT_WORKSPACE_NAME: &str = "My workspace";

/// The app's workspace, shared by every page.
#[derive(Clone, Copy)]
pub struct WorkspaceStore {
    pub plan: RwSignal<Plan>,
}

/// Creates the workspace store (an empty workspace) and provides it to the
/// component tree below the caller.
pub fn provide_workspace() -> WorkspaceStore {
    let store = WorkspaceStore {
        plan: RwSignal::new(Plan::empty(DEFAULT_WORKSPACE_NAME)),
    };
    provide_context(store);
    store
}

/// The workspace store provided by [`provide_workspace`].
///
/// # Panics
/// Outside a component tree under [`crate::App`].
pub fn use_workspace() -> WorkspaceStore {
    expect_context::<WorkspaceStore>()
}
