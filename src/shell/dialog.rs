//! One modal dialog for the whole app (a native `<dialog>` opened with
//! `showModal()`), asked for through [`Dialogs::ask`]: a title, a message,
//! an optional text field, and actions.
//!
//! Focus: on open, the text field (if any) or the first action the request
//! marks `autofocus` (for destructive questions: "Cancel") gets focus; the
//! browser keeps it inside the modal; Escape cancels; on close, focus goes
//! back to the element that had it before.

use std::rc::Rc;

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// How an action looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionKind {
    Primary,
    Danger,
    Normal,
}

/// A button of a dialog. `run` gets the text field's value ("" without
/// one); the dialog closes after it.
#[derive(Clone)]
pub struct DialogAction {
    pub label: String,
    pub kind: ActionKind,
    pub autofocus: bool,
    pub run: Rc<dyn Fn(String)>,
}

impl DialogAction {
    pub fn new(label: impl Into<String>, kind: ActionKind, run: impl Fn(String) + 'static) -> DialogAction {
        DialogAction { label: label.into(), kind, autofocus: false, run: Rc::new(run) }
    }

    /// "Cancel": does nothing.
    pub fn cancel() -> DialogAction {
        DialogAction::new("Cancel", ActionKind::Normal, |_| {})
    }

    pub fn focused(mut self) -> DialogAction {
        self.autofocus = true;
        self
    }
}

/// What to ask.
#[derive(Clone)]
pub struct DialogRequest {
    pub title: String,
    pub message: String,
    /// A text field: its label and initial value.
    pub input: Option<(String, String)>,
    pub actions: Vec<DialogAction>,
}

/// The dialog service, provided by the shell.
#[derive(Clone, Copy)]
pub struct Dialogs {
    request: RwSignal<Option<DialogRequest>, LocalStorage>,
}

impl Dialogs {
    pub fn provide() -> Dialogs {
        let d = Dialogs { request: RwSignal::new_local(None) };
        provide_context(d);
        d
    }

    /// Opens the dialog (replacing any open one).
    pub fn ask(&self, request: DialogRequest) {
        self.request.set(Some(request));
    }

    /// A yes/no question: `confirm` runs on the confirm button; Cancel
    /// (focused first when `danger`) does nothing.
    pub fn confirm(
        &self,
        title: impl Into<String>,
        message: impl Into<String>,
        confirm_label: impl Into<String>,
        danger: bool,
        confirm: impl Fn() + 'static,
    ) {
        let kind = if danger { ActionKind::Danger } else { ActionKind::Primary };
        let mut yes = DialogAction::new(confirm_label, kind, move |_| confirm());
        let mut no = DialogAction::cancel();
        if danger {
            no = no.focused();
        } else {
            yes = yes.focused();
        }
        self.ask(DialogRequest { title: title.into(), message: message.into(), input: None, actions: vec![no, yes] });
    }

    pub fn close(&self) {
        self.request.set(None);
    }

    pub fn is_open(&self) -> bool {
        self.request.with_untracked(Option::is_some)
    }
}

pub fn use_dialogs() -> Dialogs {
    expect_context::<Dialogs>()
}

/// The `<dialog>` element, mounted once by the shell.
#[component]
pub fn DialogHost() -> impl IntoView {
    let dialogs = use_dialogs();
    let node = NodeRef::<html::Dialog>::new();
    let input = NodeRef::<html::Input>::new();
    let restore = StoredValue::new_local(None::<web_sys::HtmlElement>);

    Effect::new(move |_| {
        let open = dialogs.request.with(Option::is_some);
        let Some(el) = node.get() else { return };
        if open && !el.open() {
            let active = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element())
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            restore.set_value(active);
            let _ = el.show_modal();
            // Focus after the content rendered.
            request_animation_frame(move || {
                if let Some(i) = input.get() {
                    let _ = i.focus();
                    i.select();
                } else if let Ok(Some(b)) = el.query_selector("[data-autofocus]") {
                    if let Ok(b) = b.dyn_into::<web_sys::HtmlElement>() {
                        let _ = b.focus();
                    }
                }
            });
        } else if !open && el.open() {
            el.close();
            if let Some(prev) = restore.get_value() {
                if prev.is_connected() {
                    let _ = prev.focus();
                }
            }
            restore.set_value(None);
        }
    });

    let run = move |action: DialogAction| {
        let value = input.get_untracked().map(|i| i.value()).unwrap_or_default();
        dialogs.close();
        (action.run)(value);
    };

    view! {
        <dialog
            node_ref=node
            class="dialog"
            aria-labelledby="dialog-title"
            aria-describedby="dialog-message"
            on:cancel=move |e: web_sys::Event| {
                e.prevent_default();
                dialogs.close();
            }
        >
            {move || {
                dialogs
                    .request
                    .get()
                    .map(|r| {
                        let actions = r.actions.clone();
                        let default_action = actions
                            .iter()
                            .find(|a| a.kind != ActionKind::Normal)
                            .cloned();
                        view! {
                            <form
                                method="dialog"
                                class="dialog__form"
                                on:submit=move |e| {
                                    e.prevent_default();
                                    if let Some(a) = default_action.clone() {
                                        run(a);
                                    }
                                }
                            >
                                <h2 id="dialog-title" class="dialog__title">{r.title.clone()}</h2>
                                <p id="dialog-message" class="dialog__message">{r.message.clone()}</p>
                                {r
                                    .input
                                    .clone()
                                    .map(|(label, value)| {
                                        view! {
                                            <label class="field">
                                                <span class="field__label">{label}</span>
                                                <input node_ref=input type="text" class="field__input" prop:value=value/>
                                            </label>
                                        }
                                    })}
                                <div class="dialog__actions">
                                    {actions
                                        .into_iter()
                                        .map(|a| {
                                            let class = match a.kind {
                                                ActionKind::Primary => "button button--primary",
                                                ActionKind::Danger => "button button--danger",
                                                ActionKind::Normal => "button",
                                            };
                                            let label = a.label.clone();
                                            let autofocus = a.autofocus.then_some("");
                                            view! {
                                                <button
                                                    type="button"
                                                    class=class
                                                    data-autofocus=autofocus
                                                    on:click=move |_| run(a.clone())
                                                >
                                                    {label}
                                                </button>
                                            }
                                        })
                                        .collect_view()}
                                </div>
                            </form>
                        }
                    })
            }}
        </dialog>
    }
}
