//! The end of a delete confirmation for things other places may use
//! (programs, streams): the refusal, the places, and the choices.

use engine::edit::{EditError, ErrorKind};
use leptos::prelude::*;

/// What the last delete attempt learnt: why it was refused and, for an
/// `InUse` refusal, the places that use the thing.
#[derive(Clone, Copy)]
pub struct DeleteRefusal {
    error: RwSignal<Option<String>>,
    usages: RwSignal<Vec<String>>,
}

impl DeleteRefusal {
    pub fn new() -> DeleteRefusal {
        DeleteRefusal { error: RwSignal::new(None), usages: RwSignal::new(vec![]) }
    }

    /// Forgets the last attempt (the dialog opened again).
    pub fn clear(&self) {
        self.error.set(None);
        self.usages.set(vec![]);
    }

    /// Shows why the engine refused; an `InUse` refusal also lists the
    /// places, which turns the delete button into "Delete and remove from
    /// those places".
    pub fn refused(&self, e: EditError) {
        if e.kind == ErrorKind::InUse {
            self.usages.set(e.usages.iter().map(|u| u.location.clone()).collect());
        }
        self.error.set(Some(e.to_string()));
    }

    fn places_known(&self) -> bool {
        self.usages.with(|u| !u.is_empty())
    }
}

/// The refusal, the places that use the thing (once the engine named
/// them), Cancel and the delete button: `label` ("Delete stream") first,
/// "Delete and remove from those places" once places are known. `delete`
/// receives whether to remove those usages.
#[component]
pub fn DeleteChoices(
    #[prop(into)] label: String,
    refusal: DeleteRefusal,
    cancel: Callback<()>,
    delete: Callback<bool>,
) -> impl IntoView {
    let DeleteRefusal { error, usages } = refusal;
    view! {
        <p class="field__error" role="alert">{move || error.get()}</p>
        <Show when=move || refusal.places_known()>
            <p>"It is used in:"</p>
            <ul class="usage-list" aria-label="Where it is used">
                {move || usages.get().into_iter().map(|u| view! { <li>{u}</li> }).collect_view()}
            </ul>
        </Show>
        <div class="dialog__actions">
            <button type="button" class="button" autofocus on:click=move |_| cancel.run(())>
                "Cancel"
            </button>
            <button type="button" class="button button--danger" on:click=move |_| delete.run(refusal.places_known())>
                {move || if refusal.places_known() { "Delete and remove from those places".to_owned() } else { label.clone() }}
            </button>
        </div>
    }
}
