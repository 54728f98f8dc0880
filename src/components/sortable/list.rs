//! One list of a [`super::SortableBoard`]: a labelled `<ul>` of items, each
//! with a grip (the keyboard and touch drag handle), the caller's body and
//! a "Move …" menu, plus the drop indicator line.

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use super::{use_board, Board, Grab, Registered, SortEntry};
use crate::components::MenuButton;

/// A sortable list. Must be inside a [`super::SortableBoard`].
#[component]
pub fn SortableList<F, IV>(
    /// The list's id in the board (a stream id).
    #[prop(into)]
    id: String,
    /// The list's accessible name, e.g. "Content of Early stage".
    #[prop(into)]
    label: Signal<String>,
    /// The items as shown, top first.
    #[prop(into)]
    items: Signal<Vec<SortEntry>>,
    /// The body of an item (between its grip and its Move menu), by key.
    item_view: F,
    /// What an empty list says.
    #[prop(into, default = "Nothing here yet. Drop an item here.".into())]
    empty_text: String,
) -> impl IntoView
where
    F: Fn(String) -> IV + Clone + Send + Sync + 'static,
    IV: IntoView + 'static,
{
    let board = use_board();
    let scroller = NodeRef::<Div>::new();
    board.register(Registered { id: id.clone(), scroller, items });
    {
        let id = id.clone();
        on_cleanup(move || board.unregister(&id));
    }
    let list_id = StoredValue::new(id.clone());
    let is_empty = move || items.with(Vec::is_empty);
    // (The scroller is positioned inline, not only in CSS: the items'
    // offsets, which the pointer and the indicator use, are measured
    // against it.)
    // The drop indicator's offset in the list's content, when it is here.
    let indicator = move || {
        let (list, gap) = board.target.get()?;
        if list != list_id.get_value() {
            return None;
        }
        // No line where the item already is.
        let lifted = board.lifted.get()?;
        if lifted.from_list == list && (gap == lifted.from_index || gap == lifted.from_index + 1) {
            return None;
        }
        let el = scroller.get()?;
        Some(indicator_top(&el, gap))
    };
    let row = {
        let item_view = item_view.clone();
        move |entry: SortEntry| {
            view! { <SortableRow board list_id items entry item_view=item_view.clone()/> }
        }
    };
    view! {
        <div
            class="sortable-list"
            data-sortable-list=id
            node_ref=scroller
            // The indicator is placed relative to the list (also without
            // the stylesheet); through the CSSOM, which the CSP allows.
            style:position="relative"
        >
            <ul class="sortable-list__items" aria-label=move || label.get()>
                <For each=move || items.get() key=|e| e.key.clone() children=row/>
            </ul>
            <Show when=is_empty>
                <p class="sortable-list__empty">{empty_text.clone()}</p>
            </Show>
            {move || {
                indicator()
                    .map(|top| {
                        view! {
                            <div
                                class="sortable-list__indicator"
                                aria-hidden="true"
                                style:top=format!("{top}px")
                            ></div>
                        }
                    })
            }}
        </div>
    }
}

/// Where the line of gap `gap` goes: midway between the items around it.
fn indicator_top(scroller: &HtmlElement, gap: usize) -> f64 {
    let Ok(items) = scroller.query_selector_all("[data-sortable-key]") else {
        return 0.0;
    };
    let item = |i: u32| items.item(i).and_then(|n| n.dyn_into::<HtmlElement>().ok());
    let n = items.length() as usize;
    let below = |el: &HtmlElement| f64::from(el.offset_top() + el.offset_height());
    match (gap.checked_sub(1).and_then(|i| item(i as u32)), (gap < n).then(|| item(gap as u32)).flatten()) {
        (Some(a), Some(b)) => (below(&a) + f64::from(b.offset_top())) / 2.0,
        (None, Some(b)) => f64::from(b.offset_top()) - 4.0,
        (Some(a), None) => below(&a) + 4.0,
        (None, None) => 8.0,
    }
    .max(0.0)
}

#[component]
fn SortableRow<F, IV>(
    board: Board,
    list_id: StoredValue<String>,
    items: Signal<Vec<SortEntry>>,
    entry: SortEntry,
    item_view: F,
) -> impl IntoView
where
    F: Fn(String) -> IV + Clone + Send + Sync + 'static,
    IV: IntoView + 'static,
{
    let key = StoredValue::new(entry.key.clone());
    let label = Memo::new(move |_| {
        key.with_value(|k| items.with(|v| v.iter().find(|e| &e.key == k).map(|e| e.label.clone())))
            .unwrap_or_default()
    });
    let lifted = move || {
        board.lifted.with(|l| {
            l.as_ref()
                .is_some_and(|l| l.key == key.get_value() && l.from_list == list_id.get_value())
        })
    };
    let lifted_by_keyboard = move || {
        board.lifted.with(|l| {
            l.as_ref().is_some_and(|l| {
                l.grab == Grab::Keyboard && l.key == key.get_value() && l.from_list == list_id.get_value()
            })
        })
    };
    let li = NodeRef::<leptos::html::Li>::new();
    view! {
        <li
            class="sortable-item"
            class:is-lifted=lifted
            data-sortable-key=entry.key.clone()
            node_ref=li
            on:pointerdown=move |ev| {
                if let Some(el) = li.get_untracked() {
                    board.pointer_down(&ev, &list_id.get_value(), &key.get_value(), el.into());
                }
            }
        >
            <button
                type="button"
                class="sortable-item__grip"
                aria-label=move || label.get()
                aria-roledescription="sortable item"
                aria-describedby=board.help_id.get_value()
                aria-pressed=move || if lifted_by_keyboard() { "true" } else { "false" }
                on:keydown=move |ev| board.grip_keydown(&ev, &list_id.get_value(), &key.get_value())
                on:blur=move |_| {
                    // Blur also fires when the list is torn down; its values may be gone.
                    if let (Some(list), Some(k)) = (list_id.try_get_value(), key.try_get_value()) {
                        board.grip_blur(&list, &k);
                    }
                }
            >
                <span aria-hidden="true">"⠿"</span>
            </button>
            <div class="sortable-item__body">{item_view(entry.key.clone())}</div>
            <MenuButton
                class="sortable-item__move"
                label=Signal::derive(move || format!("Move {}", label.get()))
                text="Move"
                entries=Callback::new(move |()| board.menu_entries(&list_id.get_value(), &key.get_value()))
                on_select=Callback::new(move |choice: String| {
                    board.menu_choice(&list_id.get_value(), &key.get_value(), &choice)
                })
            />
        </li>
    }
}
