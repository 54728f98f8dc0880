//! A modal dialog on the native `<dialog>` element (`showModal()`): the
//! browser keeps focus inside, makes the page behind inert and closes on
//! Escape. The content is rendered only while open; on close, focus goes
//! back to the element that had it when the dialog opened.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::dom::unique_id;

#[component]
pub fn Dialog(
    /// Open while true; the dialog sets it to false when it closes
    /// (Escape, a Close button, `open.set(false)`).
    open: RwSignal<bool>,
    /// The heading, which names the dialog.
    #[prop(into)]
    title: Signal<String>,
    /// Extra classes (e.g. `dialog--wide`).
    #[prop(optional, into)]
    class: String,
    children: ChildrenFn,
) -> impl IntoView {
    let node = NodeRef::<html::Dialog>::new();
    let title_id = unique_id("dialog-title");
    let heading_id = title_id.clone();
    let restore = StoredValue::new_local(None::<web_sys::HtmlElement>);
    Effect::new(move |_| {
        let want = open.get();
        let Some(d) = node.get() else {
            return;
        };
        if want && !d.open() {
            restore.set_value(document().active_element().and_then(|e| e.dyn_into().ok()));
            let _ = d.show_modal();
        } else if !want && d.open() {
            d.close();
        }
    });
    let on_close = move |_| {
        open.set(false);
        // Back to where focus was, unless something took it meanwhile (the
        // close event comes a task after `close()`).
        let free = document().active_element().is_none_or(|a| {
            document().body().is_some_and(|b| a == *wasm_bindgen::JsCast::unchecked_ref::<web_sys::Element>(&b))
                || node.get_untracked().is_some_and(|d| d.contains(Some(&a)))
        });
        if let Some(el) = restore.try_update_value(Option::take).flatten() {
            if free && el.is_connected() {
                let _ = el.focus();
            }
        }
    };
    view! {
        <dialog
            class=format!("dialog {class}")
            node_ref=node
            aria-labelledby=title_id.clone()
            on:close=on_close
        >
            <Show when=move || open.get()>
                <div class="dialog__header">
                    <h2 class="dialog__title" id=heading_id.clone()>{move || title.get()}</h2>
                    <button
                        type="button"
                        class="button button--quiet button--small"
                        aria-label="Close"
                        on:click=move |_| open.set(false)
                    >
                        "✕"
                    </button>
                </div>
                <div class="dialog__body">{children()}</div>
            </Show>
        </dialog>
    }
}

/// A question with a destructive or confirming answer: the message, then
/// Cancel and the confirm button (Cancel first, and focused, when `danger`).
#[component]
pub fn ConfirmDialog(
    open: RwSignal<bool>,
    #[prop(into)] title: Signal<String>,
    /// What happens, and what is lost.
    #[prop(into)]
    message: Signal<String>,
    #[prop(into)] confirm_label: Signal<String>,
    #[prop(optional)] danger: bool,
    on_confirm: Callback<()>,
) -> impl IntoView {
    view! {
        <Dialog open title>
            <p class="dialog__message">{move || message.get()}</p>
            <div class="dialog__actions">
                <button type="button" class="button" autofocus=danger on:click=move |_| open.set(false)>
                    "Cancel"
                </button>
                <button
                    type="button"
                    class=if danger { "button button--danger" } else { "button button--primary" }
                    autofocus=!danger
                    on:click=move |_| {
                        open.set(false);
                        on_confirm.run(());
                    }
                >
                    {move || confirm_label.get()}
                </button>
            </div>
        </Dialog>
    }
}
