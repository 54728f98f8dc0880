//! The workspace store: the engine's [`Plan`] in a signal, changed only by
//! dispatching [`Edit`]s through one [`History`] (undo/redo), provided to
//! the whole component tree through context.
//!
//! ```text
//!   page ──ws.dispatch(Edit)──► History::apply(plan, edit, now) ──► plan signal (only if changed)
//!                                        │                          revision += 1
//!                                        ├─ Ok  → announce(description)   (live region)
//!                                        └─ Err → error(message)          (alert region)
//! ```
//!
//! # Invariants
//!
//! - **Every change goes through this store.** Pages read `ws.plan` (a
//!   [`ReadSignal`]: they cannot write it) and change it only with
//!   [`Workspace::dispatch`], [`Workspace::undo`], [`Workspace::redo`] or
//!   [`Workspace::replace`]. That keeps the history's contract (undo assumes
//!   the plan is as the newer edits left it).
//! - **`revision` counts changes.** It grows by one on every change of the
//!   plan (an applied edit that changed something, an undo, a redo, a
//!   replace) and never otherwise; autosave and the two-tab sync compare
//!   revisions, never plans.
//! - **Subscribers wake only for changes**: an edit that found nothing to
//!   change (`Applied::changed == false`) and a refused edit leave the plan
//!   signal un-notified.

use engine::edit::{Applied, Edit, EditError, History};
use engine::model::Plan;
use engine::time::Instant;
use leptos::prelude::*;

/// The name of the workspace a first run starts with when nothing else is
/// known (the sample names its own).
pub const DEFAULT_WORKSPACE_NAME: &str = "My workspace";

/// The app's workspace, shared by every page (`Copy`: pass it freely).
#[derive(Clone, Copy)]
pub struct Workspace {
    /// The document. Read-only here: change it with [`Workspace::dispatch`].
    pub plan: ReadSignal<Plan>,
    write: WriteSignal<Plan>,
    history: StoredValue<History, LocalStorage>,
    /// Grows by one on every change of the plan (see the module docs).
    pub revision: RwSignal<u64>,
    /// The message of the global polite live region (the shell mounts one
    /// `role="status"` region bound to it): what the last action did.
    pub announce: RwSignal<String>,
    /// Why the last edit was refused, shown in a dismissable alert until the
    /// user dismisses it or an edit succeeds.
    pub error: RwSignal<Option<String>>,
    /// The description of the edit [`Workspace::undo`] would undo.
    pub undo_label: RwSignal<Option<String>>,
    /// The description of the edit [`Workspace::redo`] would redo.
    pub redo_label: RwSignal<Option<String>>,
    pub can_undo: Signal<bool>,
    pub can_redo: Signal<bool>,
    /// Counts whole-plan replacements ([`Workspace::replace`],
    /// [`Workspace::reset`]): edits never change the people, so storage
    /// rewrites the audience only when this moved.
    generation: StoredValue<u64>,
}

/// The wall clock as the engine's instant (the app's "now" for edits).
pub fn now() -> Instant {
    Instant((js_sys::Date::now() * 1000.0) as i64)
}

impl Workspace {
    /// A store over `plan` with an empty history (not provided as context:
    /// see [`provide_workspace`]).
    pub fn new(plan: Plan) -> Workspace {
        let (read, write) = signal(plan);
        let undo_label = RwSignal::new(None::<String>);
        let redo_label = RwSignal::new(None::<String>);
        Workspace {
            plan: read,
            write,
            history: StoredValue::new_local(History::new()),
            revision: RwSignal::new(0),
            announce: RwSignal::new(String::new()),
            error: RwSignal::new(None),
            undo_label,
            redo_label,
            can_undo: Signal::derive(move || undo_label.with(Option::is_some)),
            can_redo: Signal::derive(move || redo_label.with(Option::is_some)),
            generation: StoredValue::new(0),
        }
    }

    /// Applies `edit` at the wall clock's `now`, recording it for undo.
    ///
    /// `Ok`: the description goes to the live region; when the edit changed
    /// something the plan's subscribers are notified and `revision` grows.
    /// `Err`: the plan is untouched and the message goes to the alert.
    pub fn dispatch(&self, edit: Edit) -> Result<Applied, EditError> {
        self.dispatch_at(edit, now())
    }

    /// [`Workspace::dispatch`] for a form field that shows a refusal next to
    /// itself: the alert is left as it was (the live region still says it).
    pub fn dispatch_inline(&self, edit: Edit) -> Result<Applied, EditError> {
        let before = self.error.get_untracked();
        let result = self.dispatch(edit);
        if let Err(e) = &result {
            self.error.set(before);
            self.say(e.to_string());
        }
        result
    }

    /// [`Workspace::dispatch`] at a given instant (tests).
    pub fn dispatch_at(&self, edit: Edit, now: Instant) -> Result<Applied, EditError> {
        let write = self.write;
        let result = self
            .history
            .try_update_value(|h| {
                write
                    .try_maybe_update(|plan| {
                        let r = h.apply(plan, edit, now);
                        (matches!(&r, Ok(a) if a.changed), r)
                    })
                    .expect("the workspace's plan signal is alive while the store is")
            })
            .expect("the workspace's history is alive while the store is");
        match &result {
            Ok(applied) => {
                if applied.changed {
                    self.changed();
                    self.error.set(None);
                }
                self.say(applied.description.clone());
            }
            Err(e) => self.error.set(Some(e.to_string())),
        }
        result
    }

    /// Undoes the newest edit; returns its description (`None`: nothing to
    /// undo).
    pub fn undo(&self) -> Option<String> {
        let write = self.write;
        let undone = self
            .history
            .try_update_value(|h| {
                write.try_maybe_update(|plan| {
                    let d = h.undo(plan);
                    (d.is_some(), d)
                })
            })
            .flatten()
            .flatten()?;
        self.changed();
        self.say(format!("Undid: {undone}"));
        Some(undone)
    }

    /// Redoes the newest undone edit; returns its description (`None`:
    /// nothing to redo, or the redo was refused, which the alert shows).
    pub fn redo(&self) -> Option<String> {
        let write = self.write;
        let redone = self
            .history
            .try_update_value(|h| {
                write.try_maybe_update(|plan| {
                    let r = h.redo(plan);
                    (matches!(&r, Some(Ok(a)) if a.changed), r)
                })
            })
            .flatten()
            .flatten()?;
        match redone {
            Ok(applied) => {
                if applied.changed {
                    self.changed();
                }
                self.say(format!("Redid: {}", applied.description));
                Some(applied.description)
            }
            Err(e) => {
                self.refresh_labels();
                self.error.set(Some(e.to_string()));
                None
            }
        }
    }

    /// Replaces the whole plan (an import, a reload, another tab's newer
    /// save, a workspace switch) and forgets the undo history, which no
    /// longer describes it.
    /// It counts as a change (autosave saves it).
    pub fn replace(&self, plan: Plan) {
        let next = self.revision.get_untracked() + 1;
        self.reset(plan, next);
    }

    /// [`Workspace::replace`] at a given revision: what storage does when it
    /// loads a saved workspace (its revision is the stored one, so nothing
    /// is unsaved).
    pub fn reset(&self, plan: Plan, revision: u64) {
        self.history.update_value(History::clear);
        self.generation.update_value(|g| *g += 1);
        self.write.set(plan);
        self.revision.set(revision);
        self.refresh_labels();
        self.error.set(None);
    }

    /// See the `generation` field.
    pub fn generation(&self) -> u64 {
        self.generation.get_value()
    }

    /// Bumps the revision and refreshes the undo/redo labels.
    fn changed(&self) {
        self.revision.update(|r| *r += 1);
        self.refresh_labels();
    }

    fn refresh_labels(&self) {
        let (u, r) = self.history.with_value(|h| {
            (
                h.undo_description().map(str::to_owned),
                h.redo_description().map(str::to_owned),
            )
        });
        self.undo_label.set(u);
        self.redo_label.set(r);
    }

    /// Puts `message` into the live region. The same message twice in a row
    /// differs by a trailing no-break space, so screen readers repeat it.
    pub fn say(&self, message: String) {
        self.announce.update(|current| {
            *current = if current.trim_end_matches('\u{a0}') == message && !current.ends_with('\u{a0}') {
                format!("{message}\u{a0}")
            } else {
                message
            };
        });
    }
}

/// Creates the workspace store (an empty workspace until storage loads the
/// saved one) and provides it to the component tree below the caller. When
/// an owner above already provides one (a test holding the store), that
/// one is used.
pub fn provide_workspace() -> Workspace {
    if let Some(ws) = use_context::<Workspace>() {
        return ws;
    }
    let ws = Workspace::new(Plan::empty(DEFAULT_WORKSPACE_NAME));
    provide_context(ws);
    ws
}

/// The workspace store provided by [`provide_workspace`].
///
/// # Panics
/// Outside a component tree under [`crate::App`].
pub fn use_workspace() -> Workspace {
    expect_context::<Workspace>()
}
