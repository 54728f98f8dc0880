//! Create or edit a content program: name, kind and audience filter (a
//! condition; empty: everyone passes, R-CS-7).

use engine::edit::{Edit, ProgramFields};
use engine::model::{Condition, ProgramKind};
use leptos::prelude::*;

use super::LibraryDialogs;
use crate::components::{ConditionBuilder, ConditionCatalog, ConditionDraft, Dialog};
use crate::state::Workspace;

#[component]
pub(crate) fn ProgramDialog(ws: Workspace, dialogs: LibraryDialogs) -> impl IntoView {
    let title = Signal::derive(move || {
        if dialogs.target.with(Option::is_some) { "Edit program".to_owned() } else { "New program".to_owned() }
    });
    view! {
        <Dialog open=dialogs.program title class="dialog--wide">
            {move || {
                let target = dialogs.target.get();
                view! { <ProgramForm ws dialogs target/> }
            }}
        </Dialog>
    }
}

#[component]
fn ProgramForm(ws: Workspace, dialogs: LibraryDialogs, target: Option<engine::model::ContentId>) -> impl IntoView {
    let existing = untrack(|| {
        target.as_ref().and_then(|id| ws.plan.with(|p| p.programs.iter().find(|c| &c.id == id).cloned()))
    });
    let name = RwSignal::new(existing.as_ref().and_then(|c| c.name.clone()).unwrap_or_default());
    let event = RwSignal::new(existing.as_ref().is_some_and(|c| c.kind == ProgramKind::Event));
    let audience: Option<Condition> = existing.as_ref().and_then(|c| c.audience.clone());
    let draft = ConditionDraft::new(audience.as_ref());
    let catalog = Memo::new(move |_| ws.plan.with(ConditionCatalog::of));
    let error = RwSignal::new(None::<String>);
    let editing = target.is_some();
    let target = StoredValue::new(target);
    let save = move || {
        let audience = match draft.to_condition(&catalog.get_untracked()) {
            Ok(a) => a,
            Err(e) => {
                error.set(Some(e));
                return;
            }
        };
        let fields = ProgramFields {
            name: Some(name.get_untracked()),
            kind: if event.get_untracked() { ProgramKind::Event } else { ProgramKind::Default },
            audience,
        };
        let result = match target.get_value() {
            Some(id) => ws.dispatch(Edit::UpdateContentProgram { id, fields }),
            None => ws.dispatch(Edit::CreateContentProgram { id: None, fields }),
        };
        match result {
            Ok(_) => dialogs.program.set(false),
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    view! {
        <form
            class="dialog-form"
            on:submit=move |ev| {
                ev.prevent_default();
                save();
            }
        >
            <div class="field">
                <label class="field__label" for="program-name-field">"Name"</label>
                <input
                    id="program-name-field"
                    class="field__input"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
            </div>
            <div class="field">
                <label class="field__label" for="program-kind-field">"Kind"</label>
                <select
                    id="program-kind-field"
                    class="field__input"
                    on:change=move |ev| event.set(event_target_value(&ev) == "event")
                >
                    <option value="default" selected=move || !event.get()>"Default"</option>
                    <option value="event" selected=move || event.get()>"Event"</option>
                </select>
            </div>
            <fieldset class="fieldset">
                <legend>"Audience"</legend>
                <p class="field__hint">
                    "Who may enter when a stream casts this program; the others are filtered out and the program "
                    "counts as consumed (R-CS-7). No conditions: everyone passes."
                </p>
                <ConditionBuilder draft catalog label="Audience"/>
            </fieldset>
            <p class="field__error" role="alert">{move || error.get()}</p>
            <div class="dialog__actions">
                <button type="button" class="button" on:click=move |_| dialogs.program.set(false)>"Cancel"</button>
                <button type="submit" class="button button--primary">
                    {if editing { "Save program" } else { "Create program" }}
                </button>
            </div>
        </form>
    }
}
