//! Small DOM helpers the widgets share: focusing after the next render,
//! focusing without scrolling, capture-phase listeners and unique ids.

use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::prelude::request_animation_frame;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{AddEventListenerOptions, EventTarget, FocusOptions, HtmlElement};

/// A document-unique id with `prefix`, for `aria-controls`,
/// `aria-labelledby` and the like.
pub fn unique_id(prefix: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(1);
    format!("{prefix}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// Focuses `el` without scrolling its ancestors.
pub fn focus_quietly(el: &HtmlElement) {
    let options = FocusOptions::new();
    options.set_prevent_scroll(true);
    let _ = el.focus_with_options(&options);
}

/// Calls `find` after the next render (the reactive system updates the DOM
/// asynchronously) and focuses what it returns; tries again on the
/// following frames, for a few frames, while it returns nothing. Gives up
/// if, meanwhile, focus went somewhere else than the page itself (the user
/// or another widget moved it: theirs wins).
pub fn focus_after_render(find: impl Fn() -> Option<HtmlElement> + 'static) {
    fn active() -> Option<web_sys::Element> {
        let doc = leptos::prelude::document();
        let a = doc.active_element()?;
        let body: Option<web_sys::Element> = doc.body().map(Into::into);
        (Some(&a) != body.as_ref() && a.is_connected()).then_some(a)
    }
    fn attempt(find: std::rc::Rc<dyn Fn() -> Option<HtmlElement>>, before: Option<web_sys::Element>, left: u32) {
        request_animation_frame(move || {
            let now = active();
            if now.is_some() && now != before {
                return;
            }
            match find() {
                Some(el) => {
                    let _ = el.focus();
                }
                None if left > 0 => attempt(find, before, left - 1),
                None => {}
            }
        });
    }
    attempt(std::rc::Rc::new(find), active(), 10);
}

/// An event listener, removed when dropped. The callback's memory belongs
/// to the JavaScript function (`Closure::into_js_value`), so a listener may
/// drop itself from inside its own callback.
pub struct Listener {
    target: EventTarget,
    event: &'static str,
    callback: js_sys::Function,
    capture: bool,
}

impl Listener {
    /// A bubbling-phase listener.
    pub fn new(target: &EventTarget, event: &'static str, f: impl FnMut(web_sys::Event) + 'static) -> Listener {
        Listener::add(target, event, f, false)
    }

    /// A capture-phase, passive listener (scroll events do not bubble, so a
    /// window listener must capture to hear every scroller).
    pub fn capture(target: &EventTarget, event: &'static str, f: impl FnMut(web_sys::Event) + 'static) -> Listener {
        Listener::add(target, event, f, true)
    }

    fn add(target: &EventTarget, event: &'static str, f: impl FnMut(web_sys::Event) + 'static, capture: bool) -> Listener {
        let callback: js_sys::Function =
            Closure::<dyn FnMut(web_sys::Event)>::new(f).into_js_value().unchecked_into();
        let options = AddEventListenerOptions::new();
        options.set_capture(capture);
        if capture {
            options.set_passive(true);
        }
        let _ = target.add_event_listener_with_callback_and_add_event_listener_options(event, &callback, &options);
        Listener { target: target.clone(), event, callback, capture }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self
            .target
            .remove_event_listener_with_callback_and_bool(self.event, &self.callback, self.capture);
    }
}
