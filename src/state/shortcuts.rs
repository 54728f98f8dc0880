//! Global undo/redo keys: Ctrl/Cmd+Z undoes, Shift+Ctrl/Cmd+Z and Ctrl+Y
//! redo, except while focus is in a text field (which has its own undo).

#[cfg(target_arch = "wasm32")]
use leptos::{ev, prelude::*};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen::JsCast;

#[cfg(target_arch = "wasm32")]
use super::Workspace;

/// What a key press asks of the history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HistoryKey {
    Undo,
    Redo,
}

/// Reads a key press: `key` as `KeyboardEvent.key`.
pub fn history_key(key: &str, ctrl: bool, meta: bool, shift: bool, alt: bool) -> Option<HistoryKey> {
    if alt || !(ctrl || meta) {
        return None;
    }
    match key {
        "z" | "Z" if shift => Some(HistoryKey::Redo),
        "z" | "Z" => Some(HistoryKey::Undo),
        "y" | "Y" if ctrl && !shift => Some(HistoryKey::Redo),
        _ => None,
    }
}

#[cfg(target_arch = "wasm32")]
/// True for elements with their own text undo: text inputs, text areas
/// and editable content.
pub fn is_text_field(el: &web_sys::Element) -> bool {
    if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        return !matches!(
            input.type_().as_str(),
            "checkbox" | "radio" | "button" | "submit" | "reset" | "range" | "color" | "file" | "image"
        );
    }
    if el.has_type::<web_sys::HtmlTextAreaElement>() {
        return true;
    }
    el.dyn_ref::<web_sys::HtmlElement>()
        .is_some_and(|h| h.is_content_editable())
}

#[cfg(target_arch = "wasm32")]
/// Listens on the window for the undo/redo keys for as long as the calling
/// owner lives (not while a modal dialog is open).
pub fn install(ws: Workspace, dialogs: crate::shell::Dialogs) {
    let handle = window_event_listener(ev::keydown, move |e: web_sys::KeyboardEvent| {
        if e.default_prevented() || e.is_composing() || dialogs.is_open() {
            return;
        }
        let Some(action) = history_key(&e.key(), e.ctrl_key(), e.meta_key(), e.shift_key(), e.alt_key()) else {
            return;
        };
        let in_text = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| is_text_field(&el));
        if in_text {
            return;
        }
        e.prevent_default();
        match action {
            HistoryKey::Undo => {
                ws.undo();
            }
            HistoryKey::Redo => {
                ws.redo();
            }
        }
    });
    on_cleanup(move || handle.remove());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        use HistoryKey::*;
        assert_eq!(history_key("z", true, false, false, false), Some(Undo));
        assert_eq!(history_key("z", false, true, false, false), Some(Undo));
        assert_eq!(history_key("Z", true, false, true, false), Some(Redo));
        assert_eq!(history_key("z", false, true, true, false), Some(Redo));
        assert_eq!(history_key("y", true, false, false, false), Some(Redo));
        assert_eq!(history_key("y", false, true, false, false), None, "Cmd+Y is history in Safari");
        assert_eq!(history_key("z", false, false, false, false), None);
        assert_eq!(history_key("z", true, false, false, true), None);
        assert_eq!(history_key("x", true, false, false, false), None);
    }
}
