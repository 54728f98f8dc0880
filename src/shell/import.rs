//! Import and export of the whole workspace as a `.plan.json` file.
//!
//! Import reads the file with the engine's loader: a bad file shows every
//! error with its JSON path in an alert and changes nothing; a good one is
//! opened after the user chooses between replacing the open workspace and
//! opening it as a new one. The file comes from the picker in the
//! workspace menu or from a drop anywhere on the window.

use engine::model::Plan;
use engine::plan::{load_plan, save_plan};
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::dialog::{use_dialogs, ActionKind, DialogAction, DialogRequest};
use super::files::{download, file_stem, read_text};
use crate::state::{use_session, use_workspace};
use crate::storage::record::display_name;

/// A refused import: the file's name and the engine's error lines.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportFailure {
    pub file: String,
    pub errors: Vec<String>,
}

/// The import state, provided by the shell.
#[derive(Clone, Copy)]
pub struct Imports {
    pub failure: RwSignal<Option<ImportFailure>>,
    /// A file is being dragged over the window.
    pub dragging: RwSignal<bool>,
}

pub fn use_imports() -> Imports {
    expect_context::<Imports>()
}

impl Imports {
    pub fn provide() -> Imports {
        let i = Imports { failure: RwSignal::new(None), dragging: RwSignal::new(false) };
        provide_context(i);
        i
    }
}

/// Downloads the open workspace as `<name>.plan.json` (people included).
pub fn export_plan(ws: crate::state::Workspace) {
    let (name, text) = ws.plan.with_untracked(|p| (display_name(p), save_plan(p)));
    let file = format!("{}.plan.json", file_stem(&name));
    match download(&file, &format!("{text}\n"), "application/json") {
        Ok(()) => ws.say(format!("Exported {file}")),
        Err(e) => ws.error.set(Some(format!("Cannot export: {e}"))),
    }
}

/// What an import needs, gathered where contexts are available (an event
/// handler on the window runs outside the component tree).
#[derive(Clone, Copy)]
pub struct Importer {
    ws: crate::state::Workspace,
    session: crate::state::Session,
    dialogs: super::dialog::Dialogs,
    imports: Imports,
}

impl Importer {
    pub fn from_context() -> Importer {
        Importer { ws: use_workspace(), session: use_session(), dialogs: use_dialogs(), imports: use_imports() }
    }

    /// Reads a file and imports it (see the module docs).
    pub fn import_file(self, file: web_sys::File) {
        let Importer { ws, session, dialogs, imports } = self;
        spawn_local(async move {
            let name = file.name();
            let text = match read_text(&file).await {
                Ok(t) => t,
                Err(e) => {
                    imports.failure.set(Some(ImportFailure { file: name, errors: vec![e] }));
                    return;
                }
            };
            match load_plan(&text) {
                Err(errors) => {
                    let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
                    ws.say(format!("{name} was not imported: {} problems", lines.len()));
                    imports.failure.set(Some(ImportFailure { file: name, errors: lines }));
                }
                Ok(plan) => {
                    imports.failure.set(None);
                    offer(plan, name, ws, session, dialogs);
                }
            }
        });
    }
}

fn offer(
    plan: Plan,
    file: String,
    ws: crate::state::Workspace,
    session: crate::state::Session,
    dialogs: super::dialog::Dialogs,
) {
    let current = ws.plan.with_untracked(display_name);
    let summary = format!(
        "{file} holds the workspace {} ({} engagement programs, {} people). Replacing {current} cannot be undone; \
         opening it as a new workspace keeps {current} as it is.",
        display_name(&plan),
        plan.engagement_programs.len(),
        plan.people.len()
    );
    let replace_plan = plan.clone();
    let replace = DialogAction::new(format!("Replace {current}"), ActionKind::Danger, move |_| {
        let name = display_name(&replace_plan);
        ws.replace(replace_plan.clone());
        ws.say(format!("Imported {name}, replacing the workspace"));
    });
    let as_new = DialogAction::new("Open as new workspace", ActionKind::Primary, move |_| {
        session.open_as_new(plan.clone());
    })
    .focused();
    dialogs.ask(DialogRequest {
        title: "Import plan".to_owned(),
        message: summary,
        input: None,
        actions: vec![DialogAction::cancel(), replace, as_new],
    });
}

/// The alert listing why an import was refused.
#[component]
pub fn ImportFailureAlert() -> impl IntoView {
    let imports = use_imports();
    view! {
        <div role="alert" class="alert-slot">
            {move || {
                imports
                    .failure
                    .get()
                    .map(|f| {
                        let count = f.errors.len();
                        view! {
                            <div class="alert alert--error">
                                <div class="alert__body">
                                    <p class="alert__title">
                                        {format!(
                                            "{} was not imported: {}. Nothing was changed.",
                                            f.file,
                                            if count == 1 { "1 problem".to_owned() } else { format!("{count} problems") },
                                        )}
                                    </p>
                                    <ul class="alert__list" aria-label="Import problems">
                                        {f.errors.into_iter().map(|e| view! { <li><code>{e}</code></li> }).collect_view()}
                                    </ul>
                                </div>
                                <button type="button" class="button button--quiet" on:click=move |_| imports.failure.set(None)>
                                    "Dismiss"
                                </button>
                            </div>
                        }
                    })
            }}
        </div>
    }
}

fn has_files(e: &web_sys::DragEvent) -> bool {
    e.data_transfer()
        .map(|dt| dt.types().iter().any(|t| t.as_string().as_deref() == Some("Files")))
        .unwrap_or(false)
}

/// Listens for files dragged onto the window and shows the drop overlay.
#[component]
pub fn DropZone() -> impl IntoView {
    let imports = use_imports();
    let importer = Importer::from_context();
    // dragenter/dragleave fire for every child: count them.
    let depth = StoredValue::new(0i32);
    let enter = window_event_listener(ev::dragenter, move |e| {
        if has_files(&e) {
            e.prevent_default();
            depth.update_value(|d| *d += 1);
            imports.dragging.set(true);
        }
    });
    let over = window_event_listener(ev::dragover, move |e| {
        if has_files(&e) {
            e.prevent_default();
            if let Some(dt) = e.data_transfer() {
                dt.set_drop_effect("copy");
            }
        }
    });
    let leave = window_event_listener(ev::dragleave, move |e| {
        if has_files(&e) {
            depth.update_value(|d| *d -= 1);
            if depth.get_value() <= 0 {
                depth.set_value(0);
                imports.dragging.set(false);
            }
        }
    });
    let drop = window_event_listener(ev::drop, move |e| {
        depth.set_value(0);
        imports.dragging.set(false);
        // A drop zone of its own (the CSV import dialog) took it.
        if e.default_prevented() {
            return;
        }
        let file = e.data_transfer().and_then(|dt| dt.files()).and_then(|files| files.get(0));
        if let Some(file) = file {
            e.prevent_default();
            importer.import_file(file);
        }
    });
    on_cleanup(move || {
        enter.remove();
        over.remove();
        leave.remove();
        drop.remove();
    });
    view! {
        <Show when=move || imports.dragging.get()>
            <div class="drop-overlay" aria-hidden="true">
                <p class="drop-overlay__message">"Drop a .plan.json file to import it"</p>
            </div>
        </Show>
    }
}

/// The hidden file input behind "Import plan", labelled for assistive
/// technology and WebDriver.
#[component]
pub fn ImportInput(node_ref: NodeRef<leptos::html::Input>) -> impl IntoView {
    let importer = Importer::from_context();
    view! {
        <input
            node_ref=node_ref
            type="file"
            class="visually-hidden"
            tabindex="-1"
            accept=".json,application/json"
            aria-label="Plan file to import"
            on:change=move |e| {
                let input: web_sys::HtmlInputElement = e.target().unwrap().unchecked_into();
                let file = input.files().and_then(|f| f.get(0));
                input.set_value("");
                if let Some(file) = file {
                    importer.import_file(file);
                }
            }
        />
    }
}
