//! A name shown as a heading with a "Rename" button that turns it into a
//! small form in place: Enter (or Save) saves, Escape (or Cancel) puts the
//! heading back, and focus returns to the Rename button. A refused name
//! (empty, taken) keeps the form open with the reason under the field.

use leptos::html::Input;
use leptos::prelude::*;

use super::dom::{focus_after_render, unique_id};

#[component]
pub fn InlineRename(
    /// The current name.
    #[prop(into)]
    name: Signal<String>,
    /// Heading level of the name: 1 or 2.
    #[prop(default = 2)]
    level: u8,
    /// What it names, for the field's label and the button: "program",
    /// "stream".
    what: &'static str,
    /// Saves a new name; `Err` says why it was refused.
    on_save: Callback<String, Result<(), String>>,
    /// The heading's id, for `aria-labelledby` of the section it heads.
    #[prop(optional, into)]
    heading_id: Option<String>,
) -> impl IntoView {
    let editing = RwSignal::new(false);
    let draft = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let input = NodeRef::<Input>::new();
    let field_id = unique_id("rename");
    let error_id = format!("{field_id}-error");
    let button_id = format!("{field_id}-button");
    let heading_id = heading_id.unwrap_or_else(|| unique_id("name"));

    let refocus_button = {
        let button_id = button_id.clone();
        move || {
            let button_id = button_id.clone();
            focus_after_render(move || document().get_element_by_id(&button_id).and_then(|e| {
                wasm_bindgen::JsCast::dyn_into(e).ok()
            }));
        }
    };
    let start = move |_| {
        draft.set(name.get_untracked());
        error.set(None);
        editing.set(true);
        request_animation_frame(move || {
            if let Some(i) = input.get_untracked() {
                let _ = i.focus();
                i.select();
            }
        });
    };
    let cancel = {
        let refocus = refocus_button.clone();
        move || {
            editing.set(false);
            error.set(None);
            refocus();
        }
    };
    let save = {
        let refocus = refocus_button.clone();
        move || {
            let new = draft.get_untracked();
            if new.trim() == name.get_untracked().trim() {
                editing.set(false);
                refocus();
                return;
            }
            match on_save.run(new) {
                Ok(()) => {
                    editing.set(false);
                    error.set(None);
                    refocus();
                }
                Err(e) => error.set(Some(e)),
            }
        }
    };
    let heading = {
        let heading_id = heading_id.clone();
        move || {
            let text = move || name.get();
            let id = heading_id.clone();
            match level {
                1 => view! { <h1 class="inline-rename__name" id=id class:visually-hidden=move || editing.get()>{text}</h1> }.into_any(),
                _ => view! { <h2 class="inline-rename__name" id=id class:visually-hidden=move || editing.get()>{text}</h2> }.into_any(),
            }
        }
    };
    view! {
        <div class="inline-rename">
            {heading()}
            <Show
                when=move || editing.get()
                fallback={
                    let button_id = button_id.clone();
                    move || {
                        view! {
                            <button
                                type="button"
                                class="button--link"
                                id=button_id.clone()
                                aria-label=move || format!("Rename {}", name.get())
                                on:click=start
                            >
                                "Rename"
                            </button>
                        }
                    }
                }
            >
                {
                    let (save, cancel, cancel2) = (save.clone(), cancel.clone(), cancel.clone());
                    let (field_id, error_id) = (field_id.clone(), error_id.clone());
                    view! {
                        <form
                            class="inline-rename__form"
                            on:submit=move |ev| {
                                ev.prevent_default();
                                save();
                            }
                        >
                            <label class="visually-hidden" for=field_id.clone()>{format!("Name of the {what}")}</label>
                            <input
                                id=field_id.clone()
                                class="field__input"
                                node_ref=input
                                prop:value=move || draft.get()
                                on:input=move |ev| draft.set(event_target_value(&ev))
                                on:keydown=move |ev| {
                                    if ev.key() == "Escape" {
                                        ev.prevent_default();
                                        ev.stop_propagation();
                                        cancel();
                                    }
                                }
                                aria-invalid=move || error.with(Option::is_some).then_some("true")
                                aria-describedby=error_id.clone()
                            />
                            <button type="submit" class="button button--primary button--small">"Save"</button>
                            <button type="button" class="button button--small" on:click=move |_| cancel2()>
                                "Cancel"
                            </button>
                            <p class="field__error" id=error_id.clone() role="alert">{move || error.get()}</p>
                        </form>
                    }
                }
            </Show>
        </div>
    }
}
