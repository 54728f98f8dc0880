//! The header's workspace controls: the switcher (a labelled `<select>`),
//! the "Workspace actions" disclosure (export, import, rename, duplicate,
//! new, reset to sample, delete), and the save status.

use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::dialog::{use_dialogs, ActionKind, DialogAction, DialogRequest};
use super::import::{export_plan, ImportInput};
use super::files::{download, file_stem};
use crate::state::session::{Recovered, SaveStatus};
use crate::state::{use_session, use_workspace};
use crate::storage::record::display_name;
use engine::edit::Edit;

/// The switcher and the actions menu.
#[component]
pub fn WorkspaceMenu() -> impl IntoView {
    let ws = use_workspace();
    let session = use_session();
    let dialogs = use_dialogs();
    let open = RwSignal::new(false);
    let toggle = NodeRef::<html::Button>::new();
    let file_input = NodeRef::<html::Input>::new();
    let current_name = Memo::new(move |_| ws.plan.with(display_name));

    // The stored workspaces, with the open one named as it is now (and
    // listed even before its first save).
    let options = Memo::new(move |_| {
        let current = session.current.get();
        let mut list: Vec<(String, String)> =
            session.workspaces.with(|l| l.iter().map(|m| (m.id.clone(), m.name.clone())).collect());
        match current {
            Some(id) => match list.iter_mut().find(|(i, _)| *i == id) {
                Some(entry) => entry.1 = current_name.get(),
                None => list.insert(0, (id, current_name.get())),
            },
            None => list.insert(0, (String::new(), current_name.get())),
        }
        list.sort_by(|a, b| a.1.to_lowercase().cmp(&b.1.to_lowercase()).then_with(|| a.0.cmp(&b.0)));
        list
    });

    let close_menu = move |focus_toggle: bool| {
        open.set(false);
        if focus_toggle {
            if let Some(b) = toggle.get_untracked() {
                let _ = b.focus();
            }
        }
    };
    let act = move |f: Box<dyn Fn()>| {
        move |_| {
            close_menu(false);
            f();
        }
    };

    let rename = move || {
        let current = ws.plan.with_untracked(|p| p.workspace.name.clone().unwrap_or_default());
        dialogs.ask(DialogRequest {
            title: "Rename workspace".into(),
            message: "The name shows in the workspace switcher and names exported files.".into(),
            input: Some(("Workspace name".into(), current)),
            actions: vec![
                DialogAction::cancel(),
                DialogAction::new("Rename", ActionKind::Primary, move |name| {
                    let name = name.trim().to_owned();
                    let _ = ws.dispatch(Edit::SetWorkspaceName { name: (!name.is_empty()).then_some(name) });
                }),
            ],
        });
    };
    let new_empty = move || {
        dialogs.ask(DialogRequest {
            title: "New empty workspace".into(),
            message: "Opens a new workspace with no programs, content or people. The open workspace stays saved \
                      and listed in the switcher."
                .into(),
            input: Some(("Workspace name".into(), "New workspace".into())),
            actions: vec![
                DialogAction::cancel(),
                DialogAction::new("Create workspace", ActionKind::Primary, move |name| session.new_empty(name)),
            ],
        });
    };
    let reset = move || {
        let name = ws.plan.with_untracked(display_name);
        dialogs.confirm(
            "Reset to sample",
            format!("Replace everything in {name} with the built-in sample workspace? This cannot be undone (export first to keep a copy)."),
            "Reset to sample",
            true,
            move || session.reset_to_sample(),
        );
    };
    let delete = move || {
        let name = ws.plan.with_untracked(display_name);
        let Some(id) = session.current.get_untracked() else { return };
        dialogs.confirm(
            "Delete workspace",
            format!("Delete {name} and everything in it from this browser? This cannot be undone (export first to keep a copy)."),
            format!("Delete {name}"),
            true,
            move || session.delete(id.clone()),
        );
    };

    // Escape closes the menu; so does focus leaving it.
    let on_keydown = move |e: ev::KeyboardEvent| {
        if e.key() == "Escape" && open.get_untracked() {
            e.stop_propagation();
            close_menu(true);
        }
    };
    // Focus moving elsewhere (Tab) closes it …
    let on_focusout = move |e: ev::FocusEvent| {
        let inside = e
            .related_target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
            .zip(e.current_target().and_then(|t| t.dyn_into::<web_sys::Node>().ok()))
            .is_some_and(|(to, menu)| menu.contains(Some(&to)));
        if !inside && e.related_target().is_some() {
            open.set(false);
        }
    };
    // … and so does a press outside it (buttons do not take focus on click
    // in every browser, so focus alone cannot tell).
    let menu_ref = NodeRef::<html::Div>::new();
    let outside = window_event_listener(ev::pointerdown, move |e| {
        if !open.get_untracked() {
            return;
        }
        let target = e.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        let inside = menu_ref.get_untracked().is_some_and(|m| m.contains(target.as_ref()));
        if !inside {
            open.set(false);
        }
    });
    on_cleanup(move || outside.remove());

    view! {
        <div class="workspace-menu">
            <label class="workspace-menu__label" for="workspace-select">
                "Workspace"
            </label>
            <select
                id="workspace-select"
                class="workspace-menu__select"
                prop:value=move || session.current.get().unwrap_or_default()
                on:change=move |e| {
                    let id = event_target_value(&e);
                    if !id.is_empty() {
                        session.switch_to(id);
                    }
                }
            >
                <For each=move || options.get() key=|o| o.clone() let:o>
                    <option value=o.0.clone() selected=move || session.current.get().as_deref() == Some(o.0.as_str())>
                        {o.1.clone()}
                    </option>
                </For>
            </select>
            <div class="menu" node_ref=menu_ref on:keydown=on_keydown on:focusout=on_focusout>
                <button
                    node_ref=toggle
                    type="button"
                    class="button button--quiet"
                    aria-expanded=move || open.get().to_string()
                    aria-controls="workspace-actions"
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    "Workspace actions"
                </button>
                <div id="workspace-actions" class="menu__popup" hidden=move || !open.get()>
                    <button type="button" class="menu__item" on:click=act(Box::new(move || export_plan(ws)))>
                        "Export plan"
                    </button>
                    <button
                        type="button"
                        class="menu__item"
                        on:click=act(
                            Box::new(move || {
                                if let Some(i) = file_input.get_untracked() {
                                    i.click();
                                }
                            }),
                        )
                    >
                        "Import plan"
                    </button>
                    <hr class="menu__separator"/>
                    <button type="button" class="menu__item" on:click=act(Box::new(rename))>
                        "Rename workspace"
                    </button>
                    <button type="button" class="menu__item" on:click=act(Box::new(move || session.duplicate()))>
                        "Duplicate workspace"
                    </button>
                    <button
                        type="button"
                        class="menu__item"
                        on:click=act(Box::new(move || crate::pages::ask_duplicate_as_scenario(ws, session, dialogs)))
                    >
                        "Duplicate as scenario"
                    </button>
                    <button type="button" class="menu__item" on:click=act(Box::new(new_empty))>
                        "New empty workspace"
                    </button>
                    <button type="button" class="menu__item" on:click=act(Box::new(reset))>
                        "Reset to sample"
                    </button>
                    <hr class="menu__separator"/>
                    <button type="button" class="menu__item menu__item--danger" on:click=act(Box::new(delete))>
                        "Delete workspace"
                    </button>
                </div>
            </div>
            <ImportInput node_ref=file_input/>
        </div>
    }
}

/// "Saved" / "Saving…" / "Save failed: …" (a status region), with Retry
/// and "Export instead" after a failure.
#[component]
pub fn SaveStatusView() -> impl IntoView {
    let ws = use_workspace();
    let session = use_session();
    let failed = move || matches!(session.status.get(), SaveStatus::Failed(_));
    view! {
        <div class="save-status">
            <span
                role="status"
                aria-label="Save status"
                class="save-status__text"
                class:save-status__text--failed=failed
                class:save-status__text--conflict=move || session.status.get() == SaveStatus::Conflict
            >
                {move || session.status.get().text()}
            </span>
            <Show when=failed>
                <button type="button" class="button button--quiet" on:click=move |_| session.retry()>
                    "Retry"
                </button>
                <button type="button" class="button" on:click=move |_| export_plan(ws)>
                    "Export instead"
                </button>
            </Show>
        </div>
    }
}

/// Another tab saved or deleted this workspace while this one has unsaved
/// edits: the user chooses.
#[component]
pub fn ConflictBanner() -> impl IntoView {
    let session = use_session();
    view! {
        <div role="alert" class="alert-slot">
            {move || {
                session
                    .conflict
                    .get()
                    .map(|c| {
                        let deleted = c.stored.is_none();
                        view! {
                            <div class="alert alert--warning">
                                <p class="alert__message">
                                    {if deleted {
                                        "This workspace was deleted in another tab. Your changes here are not saved."
                                    } else {
                                        "This workspace changed in another tab. Your changes here are not saved yet."
                                    }}
                                </p>
                                <div class="alert__actions">
                                    <button type="button" class="button" on:click=move |_| session.load_theirs()>
                                        {if deleted { "Discard mine" } else { "Load theirs" }}
                                    </button>
                                    <button type="button" class="button button--primary" on:click=move |_| session.keep_mine()>
                                        {if deleted { "Keep mine (save again)" } else { "Keep mine (overwrite)" }}
                                    </button>
                                </div>
                            </div>
                        }
                    })
            }}
        </div>
    }
}

/// A message about loading (a recovered save, an unavailable sample).
#[component]
pub fn SessionNotice() -> impl IntoView {
    let session = use_session();
    view! {
        <div role="status" aria-label="Workspace notice" class="alert-slot">
            {move || session.recovered.get().map(|r| view! { <RecoveredNotice recovered=r/> })}
            {move || {
                session
                    .notice
                    .get()
                    .map(|n| {
                        view! {
                            <div class="alert alert--warning">
                                <p class="alert__message">{n}</p>
                                <button type="button" class="button button--quiet" on:click=move |_| session.notice.set(None)>
                                    "Dismiss"
                                </button>
                            </div>
                        }
                    })
            }}
        </div>
    }
}

/// "Your latest changes could not be opened; the version saved at … was
/// restored", with a download of the unreadable save (it may still hold
/// the latest work, for a person or a text editor to salvage).
#[component]
fn RecoveredNotice(recovered: Recovered) -> impl IntoView {
    let session = use_session();
    let when = match recovered.saved_at {
        Some(ms) => format!("the version saved at {}", local_time(ms)),
        None => "the version saved before them".to_owned(),
    };
    let message = format!(
        "Your latest changes to {} could not be opened ({}); {when} was restored.",
        recovered.name, recovered.reason
    );
    let file = format!("{}.unreadable.plan.json", file_stem(&recovered.name));
    let unreadable = recovered.unreadable;
    let failed = RwSignal::new(None::<String>);
    let keep = move |_| {
        if let Err(e) = download(&file, &unreadable, "application/json") {
            failed.set(Some(format!("Cannot download the unreadable version: {e}")));
        }
    };
    view! {
        <div class="alert alert--warning">
            <p class="alert__message">{message} {move || failed.get().map(|f| format!(" {f}"))}</p>
            <div class="alert__actions">
                <button type="button" class="button" on:click=keep>
                    "Download the unreadable version"
                </button>
                <button type="button" class="button button--quiet" on:click=move |_| session.recovered.set(None)>
                    "Dismiss"
                </button>
            </div>
        </div>
    }
}

/// `28 Nov 2026, 15:04` in the browser's time zone.
fn local_time(ms: i64) -> String {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    format!(
        "{} {} {}, {:02}:{:02}",
        d.get_date(),
        MONTHS[(d.get_month() as usize).min(11)],
        d.get_full_year(),
        d.get_hours(),
        d.get_minutes()
    )
}
