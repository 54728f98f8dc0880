//! Pointer dragging (mouse, pen, touch) on pointer events, not HTML5 drag
//! and drop (weak on touch and under WebDriver).
//!
//! A press on an item (outside its buttons, or on its grip) starts a
//! *session*; the drag begins once the pointer has travelled
//! [`THRESHOLD`] pixels, so clicks stay clicks. Then a floating copy of the
//! item follows the pointer, the drop target is computed from item
//! midpoints measured once per list per drag (in the list's content
//! coordinates, so scrolling does not invalidate them), and an animation
//! frame loop scrolls the list, the board and the window when the pointer
//! nears their edges. Release drops, Escape or `pointercancel` cancels.
//! Listeners live on the window for the session only.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent, PointerEvent};

use super::{Board, FocusPart, Grab, Lifted};
use crate::components::dom::Listener;

/// Pixels the pointer travels before a press becomes a drag.
pub(crate) const THRESHOLD: f64 = 5.0;
/// Distance from an edge at which auto-scroll starts, in pixels.
const EDGE: f64 = 48.0;
/// The fastest auto-scroll, in pixels per frame.
const MAX_SPEED: f64 = 20.0;

/// A list's geometry during a drag.
struct Geom {
    id: String,
    scroller: HtmlElement,
    /// Item midpoints in the list's content coordinates, measured when the
    /// pointer first enters the list.
    mids: Option<Vec<f64>>,
}

/// One press-drag-release.
pub(crate) struct Session {
    pointer_id: i32,
    start: (f64, f64),
    last: (f64, f64),
    key: String,
    label: String,
    from_list: String,
    from_index: usize,
    source: HtmlElement,
    dragging: bool,
    preview: Option<HtmlElement>,
    geoms: Vec<Geom>,
    _listeners: Vec<Listener>,
}

struct Rect {
    left: f64,
    top: f64,
    right: f64,
    bottom: f64,
}

fn rect_of(el: &Element) -> Rect {
    let r = el.get_bounding_client_rect();
    Rect { left: r.left(), top: r.top(), right: r.right(), bottom: r.bottom() }
}

/// Auto-scroll speed for a pointer `dist` pixels inside an edge.
fn speed(dist: f64) -> f64 {
    if dist >= EDGE {
        0.0
    } else {
        (MAX_SPEED * (1.0 - dist.max(0.0) / EDGE)).ceil()
    }
}

impl Board {
    /// `pointerdown` on item `key` of `list` (the `li`, `item`).
    pub(crate) fn pointer_down(&self, ev: &PointerEvent, list: &str, key: &str, item: HtmlElement) {
        if ev.button() != 0 || !ev.is_primary() || self.lifted.with_untracked(Option::is_some) {
            return;
        }
        let pressed = ev.target().and_then(|t| t.dyn_into::<Element>().ok());
        let on_control = pressed.as_ref().is_some_and(|el| {
            el.closest("button, a, input, select, textarea, label, [role=menu], [contenteditable]")
                .ok()
                .flatten()
                .is_some()
        });
        let on_grip = pressed
            .as_ref()
            .is_some_and(|el| el.closest(".sortable-item__grip").ok().flatten().is_some());
        if on_control && !on_grip {
            return;
        }
        let items = self.items_of(list);
        let Some(from_index) = items.iter().position(|e| e.key == key) else {
            return;
        };
        let _ = item.set_pointer_capture(ev.pointer_id());
        let window = window();
        let board = *self;
        let listeners = vec![
            Listener::new(&window, "pointermove", move |e| {
                if let Ok(e) = e.dyn_into::<PointerEvent>() {
                    board.pointer_move(&e);
                }
            }),
            Listener::new(&window, "pointerup", move |e| {
                if let Ok(e) = e.dyn_into::<PointerEvent>() {
                    board.pointer_up(&e);
                }
            }),
            Listener::new(&window, "pointercancel", move |_| board.cancel_pointer()),
            Listener::new(&window, "keydown", move |e| {
                if let Ok(e) = e.dyn_into::<KeyboardEvent>() {
                    if e.key() == "Escape" {
                        e.prevent_default();
                        board.cancel_pointer();
                    }
                }
            }),
        ];
        let session = Session {
            pointer_id: ev.pointer_id(),
            start: (ev.client_x() as f64, ev.client_y() as f64),
            last: (ev.client_x() as f64, ev.client_y() as f64),
            key: key.to_owned(),
            label: items[from_index].label.clone(),
            from_list: list.to_owned(),
            from_index,
            source: item,
            dragging: false,
            preview: None,
            geoms: Vec::new(),
            _listeners: listeners,
        };
        self.end_pointer();
        self.pointer.set_value(Some(session));
    }

    fn take_session(&self) -> Option<Session> {
        self.pointer.try_update_value(Option::take).flatten()
    }

    fn put_session(&self, s: Session) {
        self.pointer.try_set_value(Some(s));
    }

    fn pointer_move(&self, ev: &PointerEvent) {
        let Some(mut s) = self.take_session() else {
            return;
        };
        if ev.pointer_id() != s.pointer_id {
            self.put_session(s);
            return;
        }
        s.last = (ev.client_x() as f64, ev.client_y() as f64);
        if !s.dragging {
            let (dx, dy) = (s.last.0 - s.start.0, s.last.1 - s.start.1);
            if dx.hypot(dy) < THRESHOLD {
                self.put_session(s);
                return;
            }
            self.begin_drag(&mut s);
        }
        if let Some(p) = &s.preview {
            let _ = p.style().set_property(
                "transform",
                &format!("translate({}px, {}px)", s.last.0 - s.start.0, s.last.1 - s.start.1),
            );
        }
        self.update_target(&mut s);
        self.put_session(s);
    }

    fn begin_drag(&self, s: &mut Session) {
        s.dragging = true;
        s.geoms = self
            .registered()
            .into_iter()
            .filter_map(|r| Some(Geom { id: r.id, scroller: r.scroller.get_untracked()?.into(), mids: None }))
            .collect();
        s.preview = make_preview(&s.source);
        self.lifted.set(Some(Lifted {
            key: s.key.clone(),
            label: s.label.clone(),
            from_list: s.from_list.clone(),
            from_index: s.from_index,
            grab: Grab::Pointer,
        }));
        self.say(format!(
            "Picked up {}, position {} in {}",
            s.label,
            s.from_index + 1,
            self.label_of(&s.from_list)
        ));
        let board = *self;
        request_animation_frame(move || board.auto_scroll_frame());
    }

    /// The list under the pointer and the gap there.
    fn update_target(&self, s: &mut Session) {
        let (x, y) = s.last;
        let mut best: Option<(usize, f64)> = None;
        for (i, g) in s.geoms.iter().enumerate() {
            let r = rect_of(&g.scroller);
            let dist = if x < r.left {
                r.left - x
            } else if x > r.right {
                x - r.right
            } else {
                0.0
            };
            if dist <= EDGE && best.is_none_or(|(_, d)| dist < d) {
                best = Some((i, dist));
            }
        }
        let target = best.map(|(i, _)| {
            let g = &mut s.geoms[i];
            let r = rect_of(&g.scroller);
            let content_y = y - r.top - f64::from(g.scroller.client_top()) + f64::from(g.scroller.scroll_top());
            let mids = g.mids.get_or_insert_with(|| midpoints(&g.scroller));
            (g.id.clone(), mids.partition_point(|m| *m < content_y))
        });
        if self.target.get_untracked() != target {
            if let Some((list, gap)) = &target {
                if let Some(l) = self.lifted.get_untracked() {
                    let to = super::to_index(&l, list, *gap);
                    self.say(self.where_text(&l, list, to));
                }
            }
            self.target.set(target);
        }
    }

    fn pointer_up(&self, ev: &PointerEvent) {
        let Some(s) = self.take_session() else {
            return;
        };
        if ev.pointer_id() != s.pointer_id {
            self.put_session(s);
            return;
        }
        let dragging = s.dragging;
        finish(s);
        if dragging {
            self.drop_lifted(FocusPart::Grip);
        }
    }

    fn cancel_pointer(&self) {
        if let Some(s) = self.take_session() {
            let dragging = s.dragging;
            finish(s);
            if dragging {
                self.cancel();
            }
        }
    }

    /// Ends any pointer session without a drop.
    pub(crate) fn end_pointer(&self) {
        if let Some(s) = self.take_session() {
            finish(s);
        }
    }

    /// One frame of auto-scroll; schedules the next while dragging.
    fn auto_scroll_frame(&self) {
        let Some(mut s) = self.take_session() else {
            return;
        };
        if !s.dragging {
            self.put_session(s);
            return;
        }
        let (x, y) = s.last;
        let mut scrolled = false;
        // The list under the pointer, vertically.
        for g in &s.geoms {
            let r = rect_of(&g.scroller);
            if x < r.left || x > r.right || y < r.top - EDGE || y > r.bottom + EDGE {
                continue;
            }
            let up = speed(y - r.top);
            let down = speed(r.bottom - y);
            let dy = if up > 0.0 { -up } else { down };
            if dy != 0.0 {
                let before = g.scroller.scroll_top();
                g.scroller.scroll_by_with_x_and_y(0.0, dy);
                scrolled |= g.scroller.scroll_top() != before;
            }
        }
        // The board, horizontally.
        if let Some(board) = self.board_ref.get_untracked() {
            let r = rect_of(&board);
            if y >= r.top && y <= r.bottom {
                let left = speed(x - r.left);
                let right = speed(r.right - x);
                let dx = if left > 0.0 { -left } else { right };
                if dx != 0.0 {
                    let before = board.scroll_left();
                    board.scroll_by_with_x_and_y(dx, 0.0);
                    scrolled |= board.scroll_left() != before;
                }
            }
        }
        // The window, vertically.
        let w = window();
        let height = w.inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0);
        let dy = if speed(y) > 0.0 { -speed(y) } else { speed(height - y) };
        if dy != 0.0 {
            let before = w.scroll_y().unwrap_or(0.0);
            w.scroll_by_with_x_and_y(0.0, dy);
            scrolled |= w.scroll_y().unwrap_or(0.0) != before;
        }
        if scrolled {
            self.update_target(&mut s);
        }
        self.put_session(s);
        let board = *self;
        request_animation_frame(move || board.auto_scroll_frame());
    }
}

/// Midpoints of a list's items in its content coordinates (the scroller is
/// the items' offset parent).
fn midpoints(scroller: &HtmlElement) -> Vec<f64> {
    let Ok(items) = scroller.query_selector_all("[data-sortable-key]") else {
        return Vec::new();
    };
    (0..items.length())
        .filter_map(|i| items.item(i)?.dyn_into::<HtmlElement>().ok())
        .map(|li| f64::from(li.offset_top()) + f64::from(li.offset_height()) / 2.0)
        .collect()
}

/// A copy of the item that follows the pointer, fixed over the page,
/// hidden from assistive technology and inert.
fn make_preview(source: &HtmlElement) -> Option<HtmlElement> {
    let r = source.get_bounding_client_rect();
    let copy: HtmlElement = source.clone_node_with_deep(true).ok()?.dyn_into().ok()?;
    if let Ok(with_ids) = copy.query_selector_all("[id]") {
        for i in 0..with_ids.length() {
            if let Some(el) = with_ids.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                let _ = el.remove_attribute("id");
            }
        }
    }
    let _ = copy.set_attribute("aria-hidden", "true");
    let _ = copy.set_attribute("inert", "");
    let _ = copy.remove_attribute("data-sortable-key");
    let _ = copy.class_list().add_1("sortable-item--preview");
    let style = copy.style();
    for (k, v) in [
        ("left", format!("{}px", r.left())),
        ("top", format!("{}px", r.top())),
        ("width", format!("{}px", r.width())),
        ("height", format!("{}px", r.height())),
    ] {
        let _ = style.set_property(k, &v);
    }
    document().body()?.append_child(&copy).ok()?;
    Some(copy)
}

/// Removes the session's preview; its listeners go with it.
fn finish(s: Session) {
    if let Some(p) = &s.preview {
        p.remove();
    }
    let _ = s.source.release_pointer_capture(s.pointer_id);
}
