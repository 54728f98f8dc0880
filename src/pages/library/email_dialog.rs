//! Create or edit an email. Unapproving (R-CO-2) or making operational
//! (R-CO-1) an email that streams, conditions or events use is refused by
//! the engine with every place; the dialog lists them and offers to remove
//! it from those places, to deactivate it where it is active (unapproving
//! only), or to go back.

use engine::edit::{Created, Edit, EmailFields, ErrorKind, OnConflict};
use leptos::prelude::*;

use super::LibraryDialogs;
use crate::components::Dialog;
use crate::state::Workspace;

#[derive(Clone, Debug, PartialEq, Default)]
struct Draft {
    name: String,
    subject: String,
    approved: bool,
    operational: bool,
}

#[component]
pub(crate) fn EmailDialog(ws: Workspace, dialogs: LibraryDialogs) -> impl IntoView {
    let draft = RwSignal::new(Draft::default());
    let error = RwSignal::new(None::<String>);
    // The engine's refusal with the places, while the user decides.
    let conflict = RwSignal::new(None::<(String, Vec<String>)>);
    Effect::new(move |_| {
        if dialogs.email.get() {
            let d = untrack(|| {
                dialogs.target.get().and_then(|id| {
                    ws.plan.with(|p| {
                        p.emails.iter().find(|e| e.id == id).map(|e| Draft {
                            name: e.name.clone().unwrap_or_default(),
                            subject: e.subject.clone().unwrap_or_default(),
                            approved: e.approved,
                            operational: e.operational,
                        })
                    })
                })
            });
            draft.set(d.unwrap_or_default());
            error.set(None);
            conflict.set(None);
        }
    });
    let editing = move || dialogs.target.with(Option::is_some);
    let title = Signal::derive(move || if editing() { "Edit email".to_owned() } else { "New email".to_owned() });
    let fields = move || {
        let d = draft.get_untracked();
        EmailFields { name: Some(d.name), subject: Some(d.subject), approved: d.approved, operational: d.operational }
    };
    let save = move |on_conflict: OnConflict| {
        let result = match dialogs.target.get_untracked() {
            Some(id) => ws.dispatch(Edit::UpdateEmail { id, fields: fields(), on_conflict }),
            None => ws.dispatch(Edit::CreateEmail { id: None, fields: fields() }),
        };
        match result {
            Ok(a) => {
                if let Some(Created::Content(_)) = a.created {
                    // A new email: the dialog is done.
                }
                dialogs.email.set(false);
            }
            Err(e) if e.kind == ErrorKind::InUse => {
                conflict.set(Some((e.to_string(), e.usages.iter().map(|u| u.location.clone()).collect())));
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    let text_field = move |id: &'static str, label: &'static str, get: fn(&Draft) -> String, put: fn(&mut Draft, String)| {
        view! {
            <div class="field">
                <label class="field__label" for=id>{label}</label>
                <input
                    id=id
                    class="field__input"
                    prop:value=move || draft.with(get)
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        draft.update(|d| put(d, v));
                    }
                />
            </div>
        }
    };
    let check = move |label: &'static str, hint: &'static str, get: fn(&Draft) -> bool, put: fn(&mut Draft, bool)| {
        let hint_id = crate::components::dom::unique_id("email-hint");
        view! {
            <div class="field">
                <label class="checkbox">
                    <input
                        type="checkbox"
                        aria-describedby=hint_id.clone()
                        prop:checked=move || draft.with(get)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            draft.update(|d| put(d, on));
                        }
                    />
                    {label}
                </label>
                <p class="field__hint" id=hint_id>{hint}</p>
            </div>
        }
    };
    view! {
        <Dialog open=dialogs.email title>
            <Show
                when=move || conflict.with(Option::is_none)
                fallback=move || {
                    let (message, places) = conflict.get().unwrap_or_default();
                    let can_deactivate = !draft.with_untracked(|d| d.operational) && !draft.with_untracked(|d| d.approved);
                    view! {
                        <p class="field__error" role="alert">{message}</p>
                        <ul class="usage-list" aria-label="Where it is used">
                            {places.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                        </ul>
                        <div class="dialog__actions">
                            <button type="button" class="button" on:click=move |_| conflict.set(None)>"Cancel"</button>
                            {can_deactivate
                                .then(|| {
                                    view! {
                                        <button type="button" class="button" on:click=move |_| save(OnConflict::Deactivate)>
                                            "Deactivate where active"
                                        </button>
                                    }
                                })}
                            <button type="button" class="button button--danger" on:click=move |_| save(OnConflict::Remove)>
                                "Remove from those places"
                            </button>
                        </div>
                    }
                }
            >
                <form
                    class="dialog-form"
                    on:submit=move |ev| {
                        ev.prevent_default();
                        save(OnConflict::Refuse);
                    }
                >
                    {text_field("email-name", "Name", |d| d.name.clone(), |d, v| d.name = v)}
                    {text_field("email-subject", "Subject", |d| d.subject.clone(), |d, v| d.subject = v)}
                    {check(
                        "Approved",
                        "Only an approved email can be active in a stream (R-CO-2).",
                        |d| d.approved,
                        |d, v| d.approved = v,
                    )}
                    {check(
                        "Operational",
                        "Operational emails are never engagement content (R-CO-1).",
                        |d| d.operational,
                        |d, v| d.operational = v,
                    )}
                    <p class="field__error" role="alert">{move || error.get()}</p>
                    <div class="dialog__actions">
                        <button type="button" class="button" on:click=move |_| dialogs.email.set(false)>"Cancel"</button>
                        <button type="submit" class="button button--primary">
                            {move || if editing() { "Save email" } else { "Create email" }}
                        </button>
                    </div>
                </form>
            </Show>
        </Dialog>
    }
}
