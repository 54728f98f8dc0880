//! The open workspace as a scenario: which workspace it is based on, and
//! "Duplicate as scenario" (also in the workspace menu).

use leptos::prelude::*;

use crate::shell::{ActionKind, DialogAction, DialogRequest, Dialogs};
use crate::state::session::Session;
use crate::state::{use_session, Workspace};
use crate::storage::record::display_name;

/// Asks for the scenario's name, then duplicates the open workspace as a
/// scenario of it and opens the copy.
pub fn ask_duplicate_as_scenario(ws: Workspace, session: Session, dialogs: Dialogs) {
    let name = ws.plan.with_untracked(display_name);
    dialogs.ask(DialogRequest {
        title: "Duplicate as scenario".into(),
        message: format!(
            "Opens a copy of {name} to try changes on. The copy remembers {name} as its base, so the What-if \
             page can compare their runs; {name} itself stays as it is."
        ),
        input: Some(("Scenario name".into(), format!("{name} scenario"))),
        actions: vec![
            DialogAction::cancel(),
            DialogAction::new("Create scenario", ActionKind::Primary, move |name| session.duplicate_as_scenario(name)),
        ],
    });
}

/// The name of workspace `id` as the switcher lists it.
pub(super) fn workspace_name(session: Session, id: &str) -> Option<String> {
    session.workspaces.with(|l| l.iter().find(|m| m.id == id).map(|m| m.name.clone()))
}

#[component]
pub(super) fn ScenarioPanel() -> impl IntoView {
    let ws = crate::state::use_workspace();
    let session = use_session();
    let dialogs = crate::shell::use_dialogs();
    let sentence = move || match session.base.get() {
        Some(base) => match workspace_name(session, &base) {
            Some(name) => format!("This workspace is a scenario of {name}."),
            None => "This workspace is a scenario of a workspace that has since been deleted.".to_owned(),
        },
        None => "This workspace is not a scenario. Duplicate it as a scenario to try changes on a copy.".to_owned(),
    };
    view! {
        <section class="card whatif-section" aria-labelledby="whatif-scenario">
            <h2 id="whatif-scenario">"Scenario"</h2>
            <p class="whatif-scenario__base">{sentence}</p>
            <button
                type="button"
                class="button"
                on:click=move |_| ask_duplicate_as_scenario(ws, session, dialogs)
            >
                "Duplicate as scenario"
            </button>
        </section>
    }
}
