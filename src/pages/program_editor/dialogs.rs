//! The editor's dialogs: add content from the library, an item's
//! availability window (R-CO-3), removing an item (R-CO-5), deleting a
//! stream (R-ST-3, R-EP-3), and the cadence and rule editors. One of each
//! is mounted per page; opening one says which stream or item it is for.

use engine::edit::Edit;
use engine::model::{ContentId, StreamId};
use engine::time::parse_date;
use leptos::prelude::*;

use super::item::{date_value, window_text};
use super::use_editor;
use crate::components::dom::focus_after_render;
use crate::components::{DeleteChoices, DeleteRefusal, Dialog};
use crate::planner::summary::{count, stream_name};
use wasm_bindgen::JsCast;

/// A dialog's open flag and what it is for.
pub(crate) struct Slot<T: Send + Sync + 'static> {
    pub open: RwSignal<bool>,
    pub target: RwSignal<Option<T>>,
}

impl<T: Send + Sync + 'static> Clone for Slot<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Slot<T> {}

impl<T: Clone + Send + Sync + 'static> Slot<T> {
    fn new() -> Slot<T> {
        Slot { open: RwSignal::new(false), target: RwSignal::new(None) }
    }

    fn show(&self, t: T) {
        self.target.set(Some(t));
        self.open.set(true);
    }
}

#[derive(Clone, Copy)]
pub(crate) struct EditorDialogs {
    pub add: Slot<StreamId>,
    pub availability: Slot<(StreamId, ContentId)>,
    pub remove: Slot<(StreamId, ContentId)>,
    pub delete: Slot<StreamId>,
    pub cadence: Slot<StreamId>,
    pub rules: Slot<StreamId>,
}

impl EditorDialogs {
    pub fn new() -> EditorDialogs {
        EditorDialogs {
            add: Slot::new(),
            availability: Slot::new(),
            remove: Slot::new(),
            delete: Slot::new(),
            cadence: Slot::new(),
            rules: Slot::new(),
        }
    }

    pub fn add_content(&self, s: StreamId) {
        self.add.show(s);
    }
    pub fn availability(&self, s: StreamId, c: ContentId) {
        self.availability.show((s, c));
    }
    pub fn remove_item(&self, s: StreamId, c: ContentId) {
        self.remove.show((s, c));
    }
    pub fn delete_stream(&self, s: StreamId) {
        self.delete.show(s);
    }
    pub fn cadence(&self, s: StreamId) {
        self.cadence.show(s);
    }
    pub fn rules(&self, s: StreamId) {
        self.rules.show(s);
    }
}

/// Every dialog of the editor.
#[component]
pub(crate) fn DialogsView() -> impl IntoView {
    view! {
        <AddContentDialog/>
        <AvailabilityDialog/>
        <RemoveItemDialog/>
        <DeleteStreamDialog/>
        <super::cadence::CadenceDialog/>
        <super::rules::RulesDialog/>
    }
}

/// The name of stream `id` in the edited program.
pub(crate) fn stream_label(editor: super::Editor, id: Option<StreamId>) -> String {
    let Some(id) = id else {
        return String::new();
    };
    editor.ep.with(|ep| {
        ep.as_ref()
            .and_then(|ep| ep.streams.iter().find(|s| s.id == id).map(stream_name))
            .unwrap_or_else(|| id.to_string())
    })
}

/// Focuses the "Add content" button of `stream` once rendered.
fn focus_add_content(stream: &StreamId) {
    let id = super::column::column_dom_id(stream);
    focus_after_render(move || {
        document()
            .get_element_by_id(&id)?
            .query_selector(".stream-column__tools button")
            .ok()??
            .dyn_into()
            .ok()
    });
}

/// The library, filterable, each item with an Add button; stays open to
/// add several. Refusals (R-CO-1 operational emails, R-CO-6 already in the
/// stream) show the engine's message.
#[component]
fn AddContentDialog() -> impl IntoView {
    let editor = use_editor();
    let slot = editor.dialogs.add;
    let filter = RwSignal::new(String::new());
    let status = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if slot.open.get() {
            filter.set(String::new());
            status.set(None);
            error.set(None);
        }
    });
    let title = Signal::derive(move || format!("Add content to {}", stream_label(editor, slot.target.get())));
    let in_stream = Memo::new(move |_| {
        let Some(sid) = slot.target.get() else {
            return Vec::new();
        };
        editor.ep.with(|ep| {
            ep.as_ref()
                .and_then(|ep| ep.streams.iter().find(|s| s.id == sid))
                .map(|s| s.content.iter().map(|i| i.content.id().clone()).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let shown = Memo::new(move |_| {
        let f = filter.get().to_lowercase();
        editor.library.with(|lib| {
            lib.entries
                .iter()
                .filter(|e| f.is_empty() || e.name.to_lowercase().contains(&f) || e.id.as_str().to_lowercase().contains(&f))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let add = move |id: ContentId| {
        let Some(stream) = slot.target.get_untracked() else {
            return;
        };
        match editor.dispatch(Edit::AddItem { stream, content: id, to_index: None }) {
            Ok(a) => {
                status.set(Some(a.description));
                error.set(None);
            }
            Err(e) => {
                status.set(None);
                error.set(Some(e.to_string()));
            }
        }
    };
    view! {
        <Dialog open=slot.open title class="dialog--wide">
            <div class="field">
                <label for="add-content-filter">"Find in the library"</label>
                <input
                    id="add-content-filter"
                    class="field__input"
                    type="search"
                    autofocus
                    prop:value=move || filter.get()
                    on:input=move |ev| filter.set(event_target_value(&ev))
                />
            </div>
            <p class="dialog__status" role="status">{move || status.get()}</p>
            <p class="field__error" role="alert">{move || error.get()}</p>
            <Show
                when=move || editor.library.with(|l| !l.entries.is_empty())
                fallback=|| {
                    view! {
                        <p>
                            "The library is empty. Create emails and programs in the "
                            <a href="/library">"Library"</a>
                            " first."
                        </p>
                    }
                }
            >
                <ul class="picker" aria-label="Library">
                    <For each=move || shown.get() key=|e| e.id.clone() let:e>
                        {
                            let id = e.id.clone();
                            let id2 = e.id.clone();
                            let here = move || in_stream.with(|v| v.contains(&id2));
                            let name = e.name.clone();
                            view! {
                                <li class="picker__item">
                                    <span class="picker__name">{e.name.clone()}</span>
                                    <span class="badge" class:badge--program=e.program>
                                        {if e.program { "Program" } else { "Email" }}
                                    </span>
                                    {e.operational.then(|| view! { <span class="badge badge--warning">"Operational"</span> })}
                                    {(!e.program && !e.approved)
                                        .then(|| view! { <span class="badge badge--muted">"Not approved"</span> })}
                                    <Show when=here.clone()>
                                        <span class="badge badge--muted">"In this stream"</span>
                                    </Show>
                                    <button
                                        type="button"
                                        class="button button--small"
                                        aria-label=format!("Add {name}")
                                        on:click=move |_| add(id.clone())
                                    >
                                        "Add"
                                    </button>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </Show>
            <div class="dialog__actions">
                <button type="button" class="button button--primary" on:click=move |_| slot.open.set(false)>
                    "Done"
                </button>
            </div>
        </Dialog>
    }
}

/// R-CO-3: optional first and last cast dates, both inclusive.
#[component]
fn AvailabilityDialog() -> impl IntoView {
    let editor = use_editor();
    let slot = editor.dialogs.availability;
    let from = RwSignal::new(String::new());
    let through = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let item = move || {
        let (sid, cid) = slot.target.get()?;
        editor.ep.with(|ep| {
            let s = ep.as_ref()?.streams.iter().find(|s| s.id == sid)?;
            let i = s.content.iter().find(|i| i.content.id() == &cid)?;
            Some((i.available_from, i.available_through))
        })
    };
    Effect::new(move |_| {
        if slot.open.get() {
            let (f, t) = untrack(item).unwrap_or((None, None));
            from.set(date_value(f));
            through.set(date_value(t));
            error.set(None);
        }
    });
    let name = move || slot.target.get().map(|(_, c)| editor.library.with(|l| l.name(&c))).unwrap_or_default();
    let title = Signal::derive(move || format!("Availability of {}", name()));
    let parse = |s: String| -> Result<Option<engine::time::Date>, String> {
        if s.trim().is_empty() {
            Ok(None)
        } else {
            parse_date(s.trim()).map(Some)
        }
    };
    let save = move |clear: bool| {
        let Some((stream, content)) = slot.target.get_untracked() else {
            return;
        };
        let (f, t) = if clear {
            (Ok(None), Ok(None))
        } else {
            (parse(from.get_untracked()), parse(through.get_untracked()))
        };
        let (f, t) = match (f, t) {
            (Ok(f), Ok(t)) => (f, t),
            (Err(e), _) | (_, Err(e)) => {
                error.set(Some(e));
                return;
            }
        };
        match editor.dispatch(Edit::SetItemAvailability { stream, content, from: f, through: t }) {
            Ok(_) => slot.open.set(false),
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    view! {
        <Dialog open=slot.open title>
            <p class="dialog__message">
                "The item competes for casts whose date lies in this window (both days included); outside it, "
                "it is skipped as if inactive (R-CO-3). Leave a date empty for no limit on that side."
            </p>
            <p class="dialog__status">
                {move || {
                    item().map(|(f, t)| window_text(f, t).unwrap_or_else(|| "Available always".to_owned()))
                }}
            </p>
            <div class="field-row">
                <div class="field">
                    <label for="availability-from">"Available from"</label>
                    <input
                        id="availability-from"
                        class="field__input"
                        type="date"
                        prop:value=move || from.get()
                        on:input=move |ev| from.set(event_target_value(&ev))
                    />
                </div>
                <div class="field">
                    <label for="availability-through">"Available through"</label>
                    <input
                        id="availability-through"
                        class="field__input"
                        type="date"
                        prop:value=move || through.get()
                        on:input=move |ev| through.set(event_target_value(&ev))
                    />
                </div>
            </div>
            <p class="field__error" role="alert">{move || error.get()}</p>
            <div class="dialog__actions">
                <button type="button" class="button" on:click=move |_| slot.open.set(false)>"Cancel"</button>
                <button type="button" class="button" on:click=move |_| save(true)>"Always available"</button>
                <button type="button" class="button button--primary" on:click=move |_| save(false)>"Save"</button>
            </div>
        </Dialog>
    }
}

/// R-CO-5: removing an item keeps who consumed it.
#[component]
fn RemoveItemDialog() -> impl IntoView {
    let editor = use_editor();
    let slot = editor.dialogs.remove;
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if slot.open.get() {
            error.set(None);
        }
    });
    let name = move || slot.target.get().map(|(_, c)| editor.library.with(|l| l.name(&c))).unwrap_or_default();
    let stream = move || stream_label(editor, slot.target.get().map(|(s, _)| s));
    let title = Signal::derive(move || format!("Remove {}?", name()));
    let confirm = move |_| {
        let Some((s, c)) = slot.target.get_untracked() else {
            return;
        };
        match editor.dispatch(Edit::RemoveItem { stream: s.clone(), content: c }) {
            Ok(_) => {
                slot.open.set(false);
                focus_add_content(&s);
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    view! {
        <Dialog open=slot.open title>
            <p class="dialog__message">
                {move || {
                    format!(
                        "{} leaves {} with its active flag, availability and stream statistics. People who \
                         already received it keep it as received and are not sent it again (R-CO-5). Undo \
                         brings it back.",
                        name(),
                        stream(),
                    )
                }}
            </p>
            <p class="field__error" role="alert">{move || error.get()}</p>
            <div class="dialog__actions">
                <button type="button" class="button" autofocus on:click=move |_| slot.open.set(false)>
                    "Cancel"
                </button>
                <button type="button" class="button button--danger" on:click=confirm>
                    "Remove"
                </button>
            </div>
        </Dialog>
    }
}

/// R-ST-3 (refused with members), R-EP-3 (not the last stream); streams
/// that rules or events elsewhere name are listed, with the choice to
/// remove those references.
#[component]
fn DeleteStreamDialog() -> impl IntoView {
    let editor = use_editor();
    let slot = editor.dialogs.delete;
    let refusal = DeleteRefusal::new();
    Effect::new(move |_| {
        if slot.open.get() {
            refusal.clear();
        }
    });
    let name = move || stream_label(editor, slot.target.get());
    let title = Signal::derive(move || format!("Delete stream {}?", name()));
    let facts = move || {
        let sid = slot.target.get()?;
        let members = editor.members.with(|m| m.get(&sid).copied().unwrap_or(0));
        editor.ep.with(|ep| {
            let s = ep.as_ref()?.streams.iter().find(|s| s.id == sid)?;
            Some((s.content.len(), s.cadence.is_some(), s.transition_rules.len(), members))
        })
    };
    let delete = move |remove_usages: bool| {
        let Some(stream) = slot.target.get_untracked() else {
            return;
        };
        match editor.dispatch(Edit::DeleteStream { stream: stream.clone(), remove_usages }) {
            Ok(_) => {
                slot.open.set(false);
                let first = editor.ep.with_untracked(|ep| ep.as_ref().and_then(|ep| ep.streams.first().map(|s| s.id.clone())));
                if let Some(first) = first {
                    editor.focus_stream(&first);
                }
            }
            Err(e) => refusal.refused(e),
        }
    };
    view! {
        <Dialog open=slot.open title>
            <p class="dialog__message">
                {move || {
                    facts()
                        .map(|(items, cadence, rules, members)| {
                            let mut lost = vec![count(items, "content item", "content items")];
                            if cadence {
                                lost.push("its cadence".into());
                            }
                            if rules > 0 {
                                lost.push(count(rules, "transition rule", "transition rules"));
                            }
                            let mut text = format!(
                                "Deleting {} loses {} and its history. Undo brings it back.",
                                name(),
                                lost.join(", "),
                            );
                            if members > 0 {
                                text.push_str(
                                    &format!(
                                        " It still has {}: move them to another stream first (R-ST-3).",
                                        count(members, "member", "members"),
                                    ),
                                );
                            }
                            text
                        })
                }}
            </p>
            <DeleteChoices
                label="Delete stream"
                refusal
                cancel=Callback::new(move |()| slot.open.set(false))
                delete=Callback::new(delete)
            />
        </Dialog>
    }
}
