//! Deleting an email or content program: the dialog lists every place it
//! is used (the engine's `usages`) and offers to delete it and remove it
//! from those places, or to cancel.

use engine::edit::{usages, Edit};
use leptos::prelude::*;

use super::LibraryDialogs;
use crate::components::Dialog;
use crate::state::Workspace;

#[component]
pub(crate) fn DeleteContentDialog(ws: Workspace, dialogs: LibraryDialogs) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if dialogs.delete.get() {
            error.set(None);
        }
    });
    let name = move || {
        dialogs
            .target
            .get()
            .map(|id| {
                ws.plan.with(|p| {
                    p.emails
                        .iter()
                        .find(|e| e.id == id)
                        .map(|e| e.name.clone())
                        .or_else(|| p.programs.iter().find(|c| c.id == id).map(|c| c.name.clone()))
                        .flatten()
                        .unwrap_or_else(|| id.to_string())
                })
            })
            .unwrap_or_default()
    };
    let places = Memo::new(move |_| {
        if !dialogs.delete.get() {
            return Vec::new();
        }
        let Some(id) = dialogs.target.get() else {
            return Vec::new();
        };
        ws.plan.with(|p| usages(p, &id).into_iter().map(|u| u.location).collect::<Vec<_>>())
    });
    let title = Signal::derive(move || format!("Delete {}?", name()));
    let delete = move |_| {
        let Some(id) = dialogs.target.get_untracked() else {
            return;
        };
        let remove_usages = places.with_untracked(|p| !p.is_empty());
        match ws.dispatch(Edit::DeleteContent { id, remove_usages }) {
            Ok(_) => dialogs.delete.set(false),
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    view! {
        <Dialog open=dialogs.delete title>
            <Show
                when=move || places.with(|p| !p.is_empty())
                fallback=move || view! { <p class="dialog__message">{format!("{} is not used anywhere. Undo brings it back.", name())}</p> }
            >
                <p class="dialog__message">
                    {move || format!("{} is used in these places; deleting it removes it from them too:", name())}
                </p>
                <ul class="usage-list" aria-label="Where it is used">
                    {move || places.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                </ul>
            </Show>
            <p class="field__error" role="alert">{move || error.get()}</p>
            <div class="dialog__actions">
                <button type="button" class="button" autofocus on:click=move |_| dialogs.delete.set(false)>
                    "Cancel"
                </button>
                <button type="button" class="button button--danger" on:click=delete>
                    {move || if places.with(|p| p.is_empty()) { "Delete" } else { "Delete and remove from those places" }}
                </button>
            </div>
        </Dialog>
    }
}
