//! An accessible sortable board: lists side by side whose items reorder
//! within a list and move between lists in three ways, as dnd-kit and
//! pragmatic-drag-and-drop do it:
//!
//! - **pointer** (mouse, pen, touch; [`pointer`]): press an item (touch: its
//!   grip), drag past a small threshold, a drop indicator line shows where
//!   it lands, the list and the board scroll when the pointer nears their
//!   edges, release drops, Escape cancels;
//! - **keyboard**: focus an item's grip, Space or Enter picks it up,
//!   Up/Down (Home/End) move it in its list, Left/Right to the neighbouring
//!   list, Space or Enter drops, Escape (or leaving the grip) cancels;
//! - **menu**: every item has a "Move …" menu button (top, up, down,
//!   bottom, to another list), the non-drag alternative.
//!
//! Each step is announced through one `announce` callback (the app's live
//! region), naming the item and its position; after a move focus returns to
//! the moved item. The board never changes the lists itself: a drop becomes
//! a [`MoveRequest`] for `on_move` (in the editor, an `Edit::MoveItem` whose
//! description the store announces), and the lists re-render from the
//! model.
//!
//! Indices are those of the lists as shown; `to_index` is the index the
//! item has after the move (the engine's convention). Drag state lives in
//! local signals, only the drop target is reactive, and the pointer works
//! from item rectangles measured once per drag, so a pointer move costs no
//! re-render (R-CO-7: smooth with 200 items).

mod list;
mod pointer;

pub use list::SortableList;

use engine::edit::reorder::{clamp_insert_index, to_index_for_gap};
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};

use super::dom::{focus_after_render, unique_id};

/// A list of the board, in board order.
#[derive(Clone, Debug, PartialEq)]
pub struct ListMeta {
    pub id: String,
    /// Its name for people, e.g. the stream's name.
    pub label: String,
}

/// An item as a list shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct SortEntry {
    /// Unique within its list, stable across moves.
    pub key: String,
    /// Its name for people.
    pub label: String,
}

/// A move asked for by a drag, a keyboard drop or the item menu.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MoveRequest {
    pub key: String,
    pub from_list: String,
    pub from_index: usize,
    pub to_list: String,
    /// The item's index in `to_list` after the move.
    pub to_index: usize,
}

/// How an item was picked up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Grab {
    Keyboard,
    Pointer,
}

/// The item being moved.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Lifted {
    pub key: String,
    pub label: String,
    pub from_list: String,
    pub from_index: usize,
    pub grab: Grab,
}

/// A mounted list, for keyboard moves across lists and pointer hit tests.
#[derive(Clone)]
pub(crate) struct Registered {
    pub id: String,
    pub scroller: NodeRef<Div>,
    pub items: Signal<Vec<SortEntry>>,
}

/// Which control of an item gets focus back after a move.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FocusPart {
    Grip,
    MoveMenu,
}

/// The board's shared state, provided as context to its lists.
#[derive(Clone, Copy)]
pub(crate) struct Board {
    pub lists: Signal<Vec<ListMeta>>,
    on_move: Callback<MoveRequest, bool>,
    announce: Callback<String>,
    /// What the lists are called in announcements ("stream").
    pub noun: &'static str,
    pub lifted: RwSignal<Option<Lifted>>,
    /// Where the lifted item would land: (list id, gap), gap `g` being the
    /// line just above item `g` of that list as shown (`len`: below the last).
    pub target: RwSignal<Option<(String, usize)>>,
    registry: StoredValue<Vec<Registered>>,
    pub board_ref: NodeRef<Div>,
    pointer: StoredValue<Option<pointer::Session>, LocalStorage>,
    /// The id of the visually hidden usage instructions.
    pub help_id: StoredValue<String>,
}

/// The board: lists (rendered by `children`, each a [`SortableList`]) side
/// by side in a horizontally scrolling container.
#[component]
pub fn SortableBoard(
    /// The lists in board order (Left/Right moves and "Move to …" follow it).
    #[prop(into)]
    lists: Signal<Vec<ListMeta>>,
    /// Carries out a move; returns whether it happened (a refused move
    /// leaves focus where it was). It announces the outcome itself.
    on_move: Callback<MoveRequest, bool>,
    /// Puts a message in the app's live region.
    announce: Callback<String>,
    /// What a list is called in announcements, e.g. "stream".
    #[prop(default = "list")]
    noun: &'static str,
    /// Extra classes of the scrolling container.
    #[prop(optional, into)]
    class: String,
    children: Children,
) -> impl IntoView {
    let board = Board {
        lists,
        on_move,
        announce,
        noun,
        lifted: RwSignal::new(None),
        target: RwSignal::new(None),
        registry: StoredValue::new(Vec::new()),
        board_ref: NodeRef::new(),
        pointer: StoredValue::new_local(None),
        help_id: StoredValue::new(unique_id("sortable-help")),
    };
    provide_context(board);
    on_cleanup(move || board.end_pointer());
    let help = format!(
        "To move an item, press Space or Enter to pick it up, use the up and down arrow keys to move it \
         within its {noun}, left and right to move it to the neighbouring {noun}, then press Space or \
         Enter to drop it, or Escape to cancel. Each item's Move menu does the same without dragging."
    );
    view! {
        <div class=format!("sortable-board {class}") node_ref=board.board_ref>
            <p class="visually-hidden" id=board.help_id.get_value()>{help}</p>
            {children()}
        </div>
    }
}

pub(crate) fn use_board() -> Board {
    expect_context::<Board>()
}

/// The index after a move that lands in `gap` (see [`Board::target`]).
fn to_index(lifted: &Lifted, list: &str, gap: usize) -> usize {
    let same = (list == lifted.from_list).then_some(lifted.from_index);
    to_index_for_gap(same, gap)
}

/// The gap that puts the item at index `to` (inverse of [`to_index`]).
fn gap_for(lifted: &Lifted, list: &str, to: usize) -> usize {
    if list == lifted.from_list && to > lifted.from_index {
        to + 1
    } else {
        to
    }
}

impl Board {
    pub(crate) fn register(&self, reg: Registered) {
        self.registry.update_value(|r| {
            r.retain(|x| x.id != reg.id);
            r.push(reg);
        });
    }

    pub(crate) fn unregister(&self, id: &str) {
        self.registry.try_update_value(|r| r.retain(|x| x.id != id));
    }

    pub(crate) fn registered(&self) -> Vec<Registered> {
        self.registry.try_get_value().unwrap_or_default()
    }

    fn items_of(&self, list: &str) -> Vec<SortEntry> {
        self.registered()
            .into_iter()
            .find(|r| r.id == list)
            .map(|r| r.items.get_untracked())
            .unwrap_or_default()
    }

    fn label_of(&self, list: &str) -> String {
        self.lists
            .with_untracked(|ls| ls.iter().find(|l| l.id == list).map(|l| l.label.clone()))
            .unwrap_or_else(|| list.to_owned())
    }

    /// The list `step` places from `list` in board order (−1: left).
    fn neighbour(&self, list: &str, step: isize) -> Option<String> {
        self.lists.with_untracked(|ls| {
            let i = ls.iter().position(|l| l.id == list)? as isize + step;
            (i >= 0).then(|| ls.get(i as usize).map(|l| l.id.clone())).flatten()
        })
    }

    pub(crate) fn say(&self, message: String) {
        self.announce.run(message);
    }

    /// The item's count of positions in `list` while lifted: one more in
    /// another list, where it would be added.
    fn slots(&self, lifted: &Lifted, list: &str) -> usize {
        let n = self.items_of(list).len();
        if list == lifted.from_list {
            n
        } else {
            n + 1
        }
    }

    fn where_text(&self, lifted: &Lifted, list: &str, to: usize) -> String {
        format!(
            "{}: position {} of {} in {}",
            lifted.label,
            to + 1,
            self.slots(lifted, list),
            self.label_of(list)
        )
    }

    // ----- keyboard -------------------------------------------------------

    /// The grip's keydown: Space/Enter picks up and drops, arrows move,
    /// Escape cancels.
    pub(crate) fn grip_keydown(&self, ev: &KeyboardEvent, list: &str, key: &str) {
        let lifted = self.lifted.get_untracked();
        let k = ev.key();
        match lifted {
            None => {
                if k == " " || k == "Enter" {
                    ev.prevent_default();
                    self.pick_up(list, key);
                }
            }
            Some(l) if l.grab == Grab::Keyboard && l.key == key && l.from_list == list => {
                let handled = match k.as_str() {
                    "ArrowUp" => self.step(&l, Step::By(-1)),
                    "ArrowDown" => self.step(&l, Step::By(1)),
                    "Home" => self.step(&l, Step::First),
                    "End" => self.step(&l, Step::Last),
                    "ArrowLeft" => self.lateral(&l, -1),
                    "ArrowRight" => self.lateral(&l, 1),
                    " " | "Enter" => {
                        self.drop_lifted(FocusPart::Grip);
                        true
                    }
                    "Escape" => {
                        self.cancel();
                        true
                    }
                    "Tab" => {
                        self.cancel();
                        false
                    }
                    _ => false,
                };
                if handled {
                    ev.prevent_default();
                    ev.stop_propagation();
                }
            }
            Some(_) => {}
        }
    }

    /// Leaving the grip while an item is lifted by keyboard cancels.
    pub(crate) fn grip_blur(&self, list: &str, key: &str) {
        let lifted_here = self
            .lifted
            .try_with_untracked(|l| {
                l.as_ref()
                    .is_some_and(|l| l.grab == Grab::Keyboard && l.key == key && l.from_list == list)
            })
            .unwrap_or(false);
        if lifted_here {
            self.cancel();
        }
    }

    fn pick_up(&self, list: &str, key: &str) {
        let items = self.items_of(list);
        let Some(from) = items.iter().position(|e| e.key == key) else {
            return;
        };
        let lifted = Lifted {
            key: key.to_owned(),
            label: items[from].label.clone(),
            from_list: list.to_owned(),
            from_index: from,
            grab: Grab::Keyboard,
        };
        let noun = self.noun;
        self.say(format!(
            "Picked up {}, position {} of {} in {}. Use the up and down arrow keys to move it, left and right \
             to move it to another {noun}, Space or Enter to drop it, Escape to cancel.",
            lifted.label,
            from + 1,
            items.len(),
            self.label_of(list)
        ));
        self.target.set(Some((list.to_owned(), from)));
        self.lifted.set(Some(lifted));
    }

    fn current(&self, l: &Lifted) -> (String, usize) {
        let (list, gap) = self.target.get_untracked().unwrap_or_else(|| (l.from_list.clone(), l.from_index));
        let to = to_index(l, &list, gap);
        (list, to)
    }

    fn step(&self, l: &Lifted, step: Step) -> bool {
        let (list, to) = self.current(l);
        let last = self.slots(l, &list).saturating_sub(1);
        let next = match step {
            Step::By(d) => (to as isize + d).clamp(0, last as isize) as usize,
            Step::First => 0,
            Step::Last => last,
        };
        if next == to {
            let edge = if next == 0 { "top" } else { "bottom" };
            self.say(format!("{} is at the {edge} of {}", l.label, self.label_of(&list)));
        } else {
            self.target.set(Some((list.clone(), gap_for(l, &list, next))));
            self.say(self.where_text(l, &list, next));
            self.reveal_indicator(&list);
        }
        true
    }

    /// Scrolls the drop indicator of `list` into view once it is drawn (a
    /// keyboard move may take it past the visible part of a long list).
    fn reveal_indicator(&self, list: &str) {
        let Some(reg) = self.registered().into_iter().find(|r| r.id == list) else {
            return;
        };
        request_animation_frame(move || {
            let indicator = reg
                .scroller
                .try_get_untracked()
                .flatten()
                .and_then(|s| s.query_selector(".sortable-list__indicator").ok().flatten());
            if let Some(el) = indicator {
                let options = web_sys::ScrollIntoViewOptions::new();
                options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                el.scroll_into_view_with_scroll_into_view_options(&options);
            }
        });
    }

    fn lateral(&self, l: &Lifted, step: isize) -> bool {
        let (list, to) = self.current(l);
        let Some(next_list) = self.neighbour(&list, step) else {
            let side = if step < 0 { "left" } else { "right" };
            self.say(format!("There is no {} to the {side} of {}", self.noun, self.label_of(&list)));
            return true;
        };
        let to = clamp_insert_index(self.slots(l, &next_list) - 1, to);
        self.target.set(Some((next_list.clone(), gap_for(l, &next_list, to))));
        self.say(self.where_text(l, &next_list, to));
        self.reveal(&next_list);
        self.reveal_indicator(&next_list);
        true
    }

    /// Scrolls the board so that `list` is in view.
    fn reveal(&self, list: &str) {
        if let Some(reg) = self.registered().into_iter().find(|r| r.id == list) {
            if let Some(el) = reg.scroller.get_untracked() {
                let options = web_sys::ScrollIntoViewOptions::new();
                options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                options.set_inline(web_sys::ScrollLogicalPosition::Nearest);
                el.scroll_into_view_with_scroll_into_view_options(&options);
            }
        }
    }

    /// Drops the lifted item where the target says.
    pub(crate) fn drop_lifted(&self, focus: FocusPart) {
        let Some(l) = self.lifted.get_untracked() else {
            return;
        };
        let target = self.target.get_untracked();
        self.lifted.set(None);
        self.target.set(None);
        let Some((list, gap)) = target else {
            self.say(format!("{} was not moved", l.label));
            return;
        };
        let to = to_index(&l, &list, gap);
        self.request(
            MoveRequest {
                key: l.key.clone(),
                from_list: l.from_list.clone(),
                from_index: l.from_index,
                to_list: list,
                to_index: to,
            },
            &l.label,
            focus,
        );
    }

    /// Cancels a keyboard or pointer move.
    pub(crate) fn cancel(&self) {
        let Some(l) = self.lifted.get_untracked() else {
            return;
        };
        self.lifted.set(None);
        self.target.set(None);
        self.end_pointer();
        self.say(format!(
            "Move cancelled. {} stays at position {} in {}",
            l.label,
            l.from_index + 1,
            self.label_of(&l.from_list)
        ));
        if l.grab == Grab::Keyboard {
            let board = *self;
            focus_after_render(move || board.find_control(&l.from_list, &l.key, FocusPart::Grip));
        }
    }

    /// Hands a move to `on_move` (unless it goes nowhere) and puts focus on
    /// the item where it ends.
    pub(crate) fn request(&self, req: MoveRequest, label: &str, focus: FocusPart) {
        let moved = if req.from_list == req.to_list && req.from_index == req.to_index {
            self.say(format!(
                "{label} stays at position {} in {}",
                req.from_index + 1,
                self.label_of(&req.from_list)
            ));
            false
        } else {
            self.on_move.run(req.clone())
        };
        let (list, key) = if moved { (req.to_list, req.key) } else { (req.from_list, req.key) };
        let board = *self;
        focus_after_render(move || board.find_control(&list, &key, focus));
    }

    /// The grip or Move menu button of item `key` in `list`, once rendered.
    pub(crate) fn find_control(&self, list: &str, key: &str, part: FocusPart) -> Option<HtmlElement> {
        let reg = self.registered().into_iter().find(|r| r.id == list)?;
        let scroller = reg.scroller.get_untracked()?;
        let items = scroller.query_selector_all("[data-sortable-key]").ok()?;
        let selector = match part {
            FocusPart::Grip => ".sortable-item__grip",
            FocusPart::MoveMenu => ".sortable-item__move button[aria-haspopup]",
        };
        (0..items.length())
            .filter_map(|i| items.item(i)?.dyn_into::<web_sys::Element>().ok())
            .find(|li| li.get_attribute("data-sortable-key").as_deref() == Some(key))?
            .query_selector(selector)
            .ok()??
            .dyn_into()
            .ok()
    }

    // ----- the item menu --------------------------------------------------

    /// The Move menu's entries for item `key` of `list`.
    pub(crate) fn menu_entries(&self, list: &str, key: &str) -> Vec<super::MenuEntry> {
        use super::MenuEntry;
        let items = self.items_of(list);
        let i = items.iter().position(|e| e.key == key).unwrap_or(0);
        let last = items.len().saturating_sub(1);
        let mut entries = vec![
            MenuEntry::new("top", "Move to top").disabled(i == 0),
            MenuEntry::new("up", "Move up").disabled(i == 0),
            MenuEntry::new("down", "Move down").disabled(i >= last),
            MenuEntry::new("bottom", "Move to bottom").disabled(i >= last),
        ];
        let others: Vec<ListMeta> = self.lists.with_untracked(|ls| ls.iter().filter(|l| l.id != list).cloned().collect());
        for (n, other) in others.into_iter().enumerate() {
            let mut e = MenuEntry::new(format!("to:{}", other.id), format!("Move to {}", other.label));
            if n == 0 {
                e = e.group(format!("To another {}", self.noun));
            }
            entries.push(e);
        }
        entries
    }

    /// Carries out a Move menu choice.
    pub(crate) fn menu_choice(&self, list: &str, key: &str, choice: &str) {
        let items = self.items_of(list);
        let Some(i) = items.iter().position(|e| e.key == key) else {
            return;
        };
        let last = items.len() - 1;
        let (to_list, to_index) = match choice {
            "top" => (list.to_owned(), 0),
            "up" => (list.to_owned(), i.saturating_sub(1)),
            "down" => (list.to_owned(), (i + 1).min(last)),
            "bottom" => (list.to_owned(), last),
            other => match other.strip_prefix("to:") {
                // To the bottom of the other list.
                Some(dest) => (dest.to_owned(), self.items_of(dest).len()),
                None => return,
            },
        };
        self.request(
            MoveRequest { key: key.to_owned(), from_list: list.to_owned(), from_index: i, to_list, to_index },
            &items[i].label,
            FocusPart::MoveMenu,
        );
    }
}

#[derive(Clone, Copy)]
enum Step {
    By(isize),
    First,
    Last,
}
