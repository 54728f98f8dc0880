//! Small UI preferences in localStorage (through `gloo-storage`): one JSON
//! object under [`KEY`]. Missing or unreadable preferences are the
//! defaults; a failed write is ignored (they are conveniences).

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

/// The localStorage key.
pub const KEY: &str = "engagement-planner.prefs";

/// The colour theme: the system's, or forced.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// The workspace open last (its storage id).
    pub last_workspace: Option<String>,
    /// The engagement program open last in the editor (its id).
    pub last_program: Option<String>,
    /// The path of the page open last.
    pub last_page: Option<String>,
    /// The calendar's view ("month", "week", …).
    pub calendar_view: Option<String>,
    pub theme: Theme,
}

/// The stored preferences (the defaults when none or unreadable).
pub fn load() -> Prefs {
    LocalStorage::get(KEY).unwrap_or_default()
}

/// Changes the stored preferences.
pub fn update(change: impl FnOnce(&mut Prefs)) {
    let mut p = load();
    let before = p.clone();
    change(&mut p);
    if p != before {
        let _ = LocalStorage::set(KEY, &p);
    }
}

/// Forgets every preference (tests).
pub fn clear() {
    LocalStorage::delete(KEY);
}

/// Applies a theme to the document (`data-theme` on `<html>`, read by
/// `style/tokens.css`).
pub fn apply_theme(theme: Theme) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        match theme {
            Theme::System => {
                let _ = root.remove_attribute("data-theme");
            }
            t => {
                let _ = root.set_attribute("data-theme", t.as_str());
            }
        }
    }
}
