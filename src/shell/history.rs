//! The header's Undo and Redo buttons, the global live region and the alert
//! that shows why an edit was refused.

use leptos::prelude::*;

use crate::state::use_workspace;

/// "Undo" and "Redo" buttons whose accessible names say what they would
/// undo or redo ("Undo Created engagement program Program 1").
#[component]
pub fn HistoryButtons() -> impl IntoView {
    let ws = use_workspace();
    let label = |verb: &'static str, what: RwSignal<Option<String>>| {
        move || match what.get() {
            Some(d) => format!("{verb} {d}"),
            None => verb.to_owned(),
        }
    };
    view! {
        <div class="history-buttons" role="group" aria-label="History">
            <button
                type="button"
                class="button button--quiet"
                aria-label=label("Undo", ws.undo_label)
                title=label("Undo", ws.undo_label)
                disabled=move || !ws.can_undo.get()
                on:click=move |_| {
                    ws.undo();
                }
            >
                <span aria-hidden="true">"↶ "</span>
                "Undo"
            </button>
            <button
                type="button"
                class="button button--quiet"
                aria-label=label("Redo", ws.redo_label)
                title=label("Redo", ws.redo_label)
                disabled=move || !ws.can_redo.get()
                on:click=move |_| {
                    ws.redo();
                }
            >
                <span aria-hidden="true">"↷ "</span>
                "Redo"
            </button>
        </div>
    }
}

/// The one polite live region of the app, visually hidden, bound to
/// `Workspace::announce`.
#[component]
pub fn Announcer() -> impl IntoView {
    let ws = use_workspace();
    view! {
        <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true" id="announcer">
            {move || ws.announce.get()}
        </div>
    }
}

/// Why the last edit was refused, until dismissed.
#[component]
pub fn EditErrorAlert() -> impl IntoView {
    let ws = use_workspace();
    view! {
        <div class="alert-slot" role="alert">
            {move || {
                ws.error
                    .get()
                    .map(|message| {
                        view! {
                            <div class="alert alert--error">
                                <p class="alert__message">{message}</p>
                                <button
                                    type="button"
                                    class="button button--quiet"
                                    on:click=move |_| ws.error.set(None)
                                >
                                    "Dismiss"
                                </button>
                            </div>
                        }
                    })
            }}
        </div>
    }
}
