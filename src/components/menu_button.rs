//! A menu button (WAI-ARIA APG "Menu Button"): a `<button>` with
//! `aria-haspopup="menu"` that opens a `role="menu"` of `menuitem`s.
//!
//! Keyboard: Enter, Space or Down on the button opens the menu on its first
//! item, Up on its last; in the menu Up/Down move (wrapping), Home/End jump,
//! Enter/Space choose, Escape closes and returns focus to the button, Tab
//! closes. A click outside (focus leaving the menu) closes it; on scroll it
//! follows its button, and closes when the button leaves the screen.
//! The entries are built when the menu opens, so a list of 200 items with a
//! menu each renders 200 buttons, not 200 menus.

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};

use super::dom::{focus_quietly, unique_id, Listener};

/// One entry of a menu.
#[derive(Clone, Debug, PartialEq)]
pub struct MenuEntry {
    /// What `on_select` receives.
    pub id: String,
    pub label: String,
    pub disabled: bool,
    /// A group heading shown (after a separator) before this entry.
    pub group: Option<String>,
}

impl MenuEntry {
    pub fn new(id: impl Into<String>, label: impl Into<String>) -> MenuEntry {
        MenuEntry { id: id.into(), label: label.into(), disabled: false, group: None }
    }

    pub fn disabled(mut self, disabled: bool) -> MenuEntry {
        self.disabled = disabled;
        self
    }

    pub fn group(mut self, heading: impl Into<String>) -> MenuEntry {
        self.group = Some(heading.into());
        self
    }
}

/// Where the open menu sits: fixed, under (or over) the button.
#[derive(Clone, Debug, PartialEq)]
struct Placement {
    right: f64,
    top: Option<f64>,
    bottom: Option<f64>,
}

#[component]
pub fn MenuButton(
    /// The button's accessible name, e.g. "Move Welcome".
    #[prop(into)]
    label: Signal<String>,
    /// What the button shows.
    #[prop(into)]
    text: String,
    /// The entries, built when the menu opens.
    entries: Callback<(), Vec<MenuEntry>>,
    /// Receives the chosen entry's id, after the menu closed and focus went
    /// back to the button.
    on_select: Callback<String>,
    /// Extra classes of the wrapper.
    #[prop(optional, into)]
    class: String,
) -> impl IntoView {
    let open = RwSignal::new(None::<(Vec<MenuEntry>, Placement)>);
    let menu_id = unique_id("menu");
    let button = NodeRef::<leptos::html::Button>::new();
    let menu = NodeRef::<Div>::new();
    let scroll_listener = StoredValue::new_local(None::<Listener>);

    let close = move |refocus: bool| {
        open.set(None);
        scroll_listener.set_value(None);
        if refocus {
            if let Some(b) = button.get_untracked() {
                focus_quietly(&b);
            }
        }
    };
    // Keeps the open menu by its button, whole on screen (measured, not
    // estimated); `false` when the button has scrolled out of view.
    let place = move || -> bool {
        let (Some(m), Some(b)) = (menu.get_untracked(), button.get_untracked()) else {
            return true;
        };
        let w = window();
        let vh = w.inner_height().ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
        let vw = w.inner_width().ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
        let r = b.get_bounding_client_rect();
        if r.bottom() < 0.0 || r.top() > vh || r.right() < 0.0 || r.left() > vw {
            return false;
        }
        let h = m.get_bounding_client_rect().height();
        let top = if r.bottom() + 4.0 + h <= vh - 8.0 {
            r.bottom() + 4.0
        } else if r.top() - 4.0 - h >= 8.0 {
            r.top() - 4.0 - h
        } else {
            (vh - 8.0 - h).max(8.0)
        };
        let style = web_sys::HtmlElement::style(&m);
        let _ = style.set_property("top", &format!("{top}px"));
        let _ = style.set_property("right", &format!("{}px", (vw - r.right()).max(8.0)));
        let _ = style.remove_property("bottom");
        true
    };
    let focus_item = move |which: isize| {
        request_animation_frame(move || {
            place();
            let items = menu_items(menu);
            if items.is_empty() {
                return;
            }
            let i = if which < 0 { items.len() - 1 } else { (which as usize).min(items.len() - 1) };
            focus_quietly(&items[i]);
        })
    };
    let show = move |first: isize| {
        let Some(b) = button.get_untracked() else {
            return;
        };
        // The menu opens by its button: bring the button into view first.
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        options.set_inline(web_sys::ScrollLogicalPosition::Nearest);
        b.scroll_into_view_with_scroll_into_view_options(&options);
        let r = b.get_bounding_client_rect();
        let w = window();
        let width = w.inner_width().ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
        let height = w.inner_height().ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
        let list = entries.run(());
        let estimate = 16.0 + 36.0 * list.len() as f64;
        let placement = if r.bottom() + estimate > height && r.top() > height - r.bottom() {
            Placement { right: (width - r.right()).max(8.0), top: None, bottom: Some(height - r.top() + 4.0) }
        } else {
            Placement { right: (width - r.right()).max(8.0), top: Some(r.bottom() + 4.0), bottom: None }
        };
        open.set(Some((list, placement)));
        scroll_listener.set_value(Some(Listener::capture(&window(), "scroll", move |e| {
            // Scrolling inside the menu itself is fine.
            let inside = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
                .zip(menu.get_untracked())
                .is_some_and(|(t, m)| m.contains(Some(&t)));
            // Elsewhere, the menu follows its button, and closes once the
            // button scrolls out of view.
            if !inside && !place() {
                close(false);
            }
        })));
        focus_item(first);
    };
    let is_open = move || open.with(Option::is_some);

    let on_button_keydown = move |ev: KeyboardEvent| match ev.key().as_str() {
        "ArrowDown" => {
            ev.prevent_default();
            show(0);
        }
        "ArrowUp" => {
            ev.prevent_default();
            show(-1);
        }
        _ => {}
    };
    let on_menu_keydown = move |ev: KeyboardEvent| {
        let items = menu_items(menu);
        let active = document().active_element();
        let at = items.iter().position(|el| active.as_ref() == Some(el.unchecked_ref::<Element>()));
        let n = items.len();
        let go = |i: usize| {
            if let Some(el) = items.get(i) {
                focus_quietly(el);
            }
        };
        match ev.key().as_str() {
            "ArrowDown" if n > 0 => go(at.map_or(0, |i| (i + 1) % n)),
            "ArrowUp" if n > 0 => go(at.map_or(n - 1, |i| (i + n - 1) % n)),
            "Home" if n > 0 => go(0),
            "End" if n > 0 => go(n - 1),
            "Escape" => close(true),
            "Tab" => {
                close(false);
                return;
            }
            _ => return,
        }
        ev.prevent_default();
        ev.stop_propagation();
    };
    // Focus leaving the whole widget closes it.
    let wrapper = NodeRef::<Div>::new();
    let on_focusout = move |ev: web_sys::FocusEvent| {
        // Focus also leaves when the widget is torn down: its signals may be gone.
        if !open.try_with_untracked(Option::is_some).unwrap_or(false) {
            return;
        }
        let to = ev.related_target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        let inside = wrapper.get_untracked().zip(to).is_some_and(|(w, t)| w.contains(Some(&t)));
        if !inside {
            close(false);
        }
    };
    let choose = move |entry: MenuEntry| {
        if entry.disabled {
            return;
        }
        close(true);
        on_select.run(entry.id);
    };
    on_cleanup(move || scroll_listener.set_value(None));

    view! {
        <div class=format!("menubutton {class}") node_ref=wrapper on:focusout=on_focusout>
            <button
                type="button"
                class="button button--small menubutton__button"
                aria-haspopup="menu"
                aria-expanded=move || if is_open() { "true" } else { "false" }
                aria-controls=menu_id.clone()
                aria-label=move || label.get()
                node_ref=button
                on:click=move |_| if is_open() { close(true) } else { show(0) }
                on:keydown=on_button_keydown
            >
                {text}
            </button>
            {move || {
                open.get()
                    .map(|(list, place)| {
                        // Through the CSSOM (style:…), which the CSP's
                        // style-src 'self' allows; a style="…" attribute it blocks.
                        let px = |v: f64| format!("{v}px");
                        let (right, top, bottom) = match (place.top, place.bottom) {
                            (Some(t), _) => (Some(px(place.right)), Some(px(t)), None),
                            (_, Some(b)) => (Some(px(place.right)), None, Some(px(b))),
                            _ => (None, None, None),
                        };
                        view! {
                            <div
                                class="menubutton__popup"
                                role="menu"
                                id=menu_id.clone()
                                aria-label=label.get_untracked()
                                style:right=right
                                style:top=top
                                style:bottom=bottom
                                node_ref=menu
                                on:keydown=on_menu_keydown
                            >
                                {list
                                    .into_iter()
                                    .map(|entry| {
                                        let group = entry.group.clone();
                                        let e = entry.clone();
                                        view! {
                                            {group
                                                .map(|g| {
                                                    view! {
                                                        <div class="menubutton__separator" role="separator"></div>
                                                        <div class="menubutton__group" aria-hidden="true">{g}</div>
                                                    }
                                                })}
                                            <button
                                                type="button"
                                                role="menuitem"
                                                tabindex="-1"
                                                class="menubutton__item"
                                                aria-disabled=if entry.disabled { Some("true") } else { None }
                                                on:click=move |_| choose(e.clone())
                                            >
                                                {entry.label}
                                            </button>
                                        }
                                    })
                                    .collect_view()}
                            </div>
                        }
                    })
            }}
        </div>
    }
}

/// The enabled items of the open menu.
fn menu_items(menu: NodeRef<Div>) -> Vec<HtmlElement> {
    let Some(m) = menu.get_untracked() else {
        return Vec::new();
    };
    let Ok(list) = m.query_selector_all("[role=menuitem]:not([aria-disabled=true])") else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into().ok()).collect()
}
