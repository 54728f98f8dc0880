//! The import buttons and their dialog (see the module docs of
//! [`super`]): pick or drop a file, map its columns (people), choose
//! how rows go in (other imports), check every row, then import.

use std::rc::Rc;
use std::time::Duration;

use engine::audience::{import_people, Audience, ImportMode};
use engine::edit::ImportedRows;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::kind::ImportKind;
use super::mapping::{self, ColumnChoice};
use super::mapping_table::MappingTable;
use super::people::{confirmation, dropped, replace_people};
use super::report::{errors_csv, Findings};
use super::rows;
use crate::components::dom::unique_id;
use crate::components::Dialog;
use crate::results::record::thousands;
use crate::shell::files::{download, read_text};
use crate::state::{now, use_workspace, Workspace};

/// The checked rows waiting for the user's go.
enum Pending {
    People(Audience),
    Rows(ImportedRows),
}

/// The dialog's state (one dialog for the four imports).
#[derive(Clone, Copy)]
struct Import {
    ws: Workspace,
    kind: RwSignal<ImportKind>,
    open: RwSignal<bool>,
    file_name: RwSignal<Option<String>>,
    /// The file's text while the dialog is open (up to the size cap).
    text: StoredValue<Option<Rc<String>>, LocalStorage>,
    /// What the dialog is doing ("Reading people.csv…").
    busy: RwSignal<Option<String>>,
    /// Why the file cannot be used (size, not text, no header).
    problem: RwSignal<Option<String>>,
    columns: RwSignal<Vec<ColumnChoice>>,
    /// Other imports: replace the plan's rows of that kind, or add to them.
    replace: RwSignal<bool>,
    findings: RwSignal<Option<Findings>>,
    pending: StoredValue<Option<Pending>, LocalStorage>,
    /// People: the confirmation shown before replacing.
    confirming: RwSignal<Option<String>>,
    /// The edit's refusal, if any.
    error: RwSignal<Option<String>>,
}

impl Import {
    fn new(ws: Workspace) -> Import {
        Import {
            ws,
            kind: RwSignal::new(ImportKind::People),
            open: RwSignal::new(false),
            file_name: RwSignal::new(None),
            text: StoredValue::new_local(None),
            busy: RwSignal::new(None),
            problem: RwSignal::new(None),
            columns: RwSignal::new(Vec::new()),
            replace: RwSignal::new(false),
            findings: RwSignal::new(None),
            pending: StoredValue::new_local(None),
            confirming: RwSignal::new(None),
            error: RwSignal::new(None),
        }
    }

    fn start(self, kind: ImportKind) {
        self.kind.set(kind);
        self.forget_file();
        self.replace.set(false);
        self.open.set(true);
    }

    fn forget_file(self) {
        self.file_name.set(None);
        self.text.set_value(None);
        self.busy.set(None);
        self.problem.set(None);
        self.columns.set(Vec::new());
        self.clear_check();
    }

    fn clear_check(self) {
        self.findings.set(None);
        self.pending.set_value(None);
        self.confirming.set(None);
        self.error.set(None);
    }

    /// A picked or dropped file: refused by size before reading.
    fn take_file(self, file: web_sys::File) {
        self.forget_file();
        let name = file.name();
        if let Some(p) = rows::size_problem(&name, file.size()) {
            self.problem.set(Some(p));
            return;
        }
        self.busy.set(Some(format!("Reading {name}…")));
        spawn_local(async move {
            let text = match read_text(&file).await {
                Ok(t) => t,
                Err(e) => {
                    self.busy.set(None);
                    self.problem.set(Some(format!("{e}: choose a CSV text file.")));
                    return;
                }
            };
            self.file_name.set(Some(name));
            if self.kind.get_untracked() == ImportKind::People {
                match mapping::propose(&text) {
                    Ok(cols) => {
                        self.text.set_value(Some(Rc::new(text)));
                        self.columns.set(cols);
                        self.busy.set(None);
                    }
                    Err(e) => {
                        self.busy.set(None);
                        self.problem.set(Some(super::report::error_text(&e)));
                    }
                }
            } else {
                self.text.set_value(Some(Rc::new(text)));
                self.check();
            }
        });
    }

    /// Reads every row with the importer (after the status painted: a big
    /// file takes a moment).
    fn check(self) {
        let Some(text) = self.text.get_value() else { return };
        self.clear_check();
        let kind = self.kind.get_untracked();
        self.busy.set(Some(format!("Checking the rows of {}…", self.file_name.get_untracked().unwrap_or_default())));
        set_timeout(
            move || {
                let (findings, pending) = match kind {
                    ImportKind::People => {
                        let m = self.columns.with_untracked(|c| mapping::to_mapping(c));
                        let r = import_people(&text, &m, ImportMode::ValidRowsOnly);
                        (Findings::from_report(&r), Pending::People(r.imported))
                    }
                    _ => {
                        let replace = self.replace.get_untracked();
                        let (f, rows) = self.ws.plan.with_untracked(|p| rows::read(kind, &text, p, replace, now()));
                        (f, Pending::Rows(rows))
                    }
                };
                self.pending.set_value(Some(pending));
                self.findings.set(Some(findings));
                self.busy.set(None);
            },
            Duration::from_millis(30),
        );
    }

    /// The import button: people ask first; other rows go in as one edit.
    fn import(self) {
        let Some(pending) = self.pending.try_update_value(Option::take).flatten() else { return };
        match pending {
            Pending::People(audience) => {
                let (current, lost) = self.ws.plan.with_untracked(|p| (p.people.len(), dropped(p, &audience)));
                self.confirming.set(Some(confirmation(current, audience.len(), lost)));
                self.pending.set_value(Some(Pending::People(audience)));
            }
            Pending::Rows(rows) => {
                let file = self.file_name.get_untracked().unwrap_or_default();
                let replace = self.replace.get_untracked();
                match self.ws.dispatch(rows::edit(rows, replace, &file)) {
                    Ok(_) => {
                        self.forget_file();
                        self.open.set(false);
                    }
                    Err(e) => self.error.set(Some(e.to_string())),
                }
            }
        }
    }

    /// People, confirmed: the plan with the imported people replaces the
    /// workspace's (the undo history is cleared, storage rewrites the
    /// audience).
    fn replace_people(self) {
        let Some(Pending::People(audience)) = self.pending.try_update_value(Option::take).flatten() else { return };
        let file = self.file_name.get_untracked().unwrap_or_default();
        self.busy.set(Some("Importing…".to_owned()));
        set_timeout(
            move || {
                let plan = self.ws.plan.with_untracked(|p| replace_people(p, &audience));
                let n = audience.len();
                drop(audience);
                self.ws.replace(plan);
                self.ws.say(format!("Imported {} from {file}", ImportKind::People.count(n)));
                self.forget_file();
                self.open.set(false);
            },
            Duration::from_millis(30),
        );
    }
}

/// The toolbar of the four imports, each opening the import dialog.
#[component]
pub fn AudienceImports() -> impl IntoView {
    let ws = use_workspace();
    let s = Import::new(ws);
    let title = Signal::derive(move || s.kind.get().title().to_owned());
    // A changed mapping needs a new check; so does another mode (R-ME-1
    // against the current memberships only when adding).
    Effect::new(move |_| {
        s.columns.track();
        s.clear_check();
    });
    Effect::new(move |prev: Option<bool>| {
        let r = s.replace.get();
        if prev.is_some() && prev != Some(r) && s.text.with_value(Option::is_some) {
            s.check();
        }
        r
    });
    // Forget the file when the dialog closes (Escape, the close button).
    Effect::new(move |_| {
        if !s.open.get() {
            s.forget_file();
        }
    });
    view! {
        <div class="import-toolbar" role="group" aria-label="Import from CSV">
            {ImportKind::ALL
                .into_iter()
                .map(|k| {
                    view! {
                        <button type="button" class="button" on:click=move |_| s.start(k)>
                            {k.button_label()}
                        </button>
                    }
                })
                .collect_view()}
        </div>
        <Dialog open=s.open title class="dialog--wide import-dialog">
            <ImportBody s/>
        </Dialog>
    }
}

#[component]
fn ImportBody(s: Import) -> impl IntoView {
    let input_id = unique_id("import-file");
    let help_id = unique_id("import-help");
    let kind = move || s.kind.get();
    let on_drop = move |e: web_sys::DragEvent| {
        // Handled here: the window's plan-file drop zone leaves it alone.
        e.prevent_default();
        if let Some(file) = e.data_transfer().and_then(|dt| dt.files()).and_then(|f| f.get(0)) {
            s.take_file(file);
        }
    };
    view! {
        <p class="field__hint" id=help_id.clone()>{move || kind().columns_help()}</p>
        <div
            class="import-drop"
            on:dragover=move |e: web_sys::DragEvent| {
                e.prevent_default();
                if let Some(dt) = e.data_transfer() {
                    dt.set_drop_effect("copy");
                }
            }
            on:drop=on_drop
        >
            <label class="field__label" for=input_id.clone()>"CSV file"</label>
            <input
                id=input_id
                type="file"
                accept=".csv,text/csv,text/plain"
                aria-describedby=help_id
                on:change=move |e| {
                    let input: web_sys::HtmlInputElement = e.target().unwrap().unchecked_into();
                    if let Some(file) = input.files().and_then(|f| f.get(0)) {
                        s.take_file(file);
                    }
                }
            />
            <span class="field__hint">
                {move || match s.file_name.get() {
                    Some(name) => format!("Chosen: {name}. Choose or drop another file to start again."),
                    None => format!("Or drop a CSV file here (at most {} MB).", engine::audience::import::MAX_CSV_BYTES / (1024 * 1024)),
                }}
            </span>
        </div>
        <p class="field__error" role="alert">{move || s.problem.get()}</p>
        <p class="dialog__status" role="status">{move || s.busy.get()}</p>
        <Show when=move || s.confirming.with(Option::is_none) fallback=move || view! { <Confirm s/> }>
            <Show when=move || kind() == ImportKind::People && s.columns.with(|c| !c.is_empty())>
                <p class="field__hint">
                    "Choose what each column holds. Other columns become attributes: Number columns work with \
                     comparisons such as “at least 50”, Yes-no columns with yes/no conditions."
                </p>
                <MappingTable columns=s.columns/>
                <p class="field__hint">
                    {move || {
                        let n = s.ws.plan.with(|p| p.people.len());
                        format!(
                            "The imported people replace the workspace's people ({} now). Memberships and history \
                             stay for people whose id is in the file.",
                            ImportKind::People.count(n),
                        )
                    }}
                </p>
            </Show>
            <Show when=move || kind() != ImportKind::People>
                <ModeChoice s/>
            </Show>
            <Results s/>
            <p class="field__error" role="alert">{move || s.error.get()}</p>
            <Actions s/>
        </Show>
    }
}

/// Add to or replace the plan's rows of the kind.
#[component]
fn ModeChoice(s: Import) -> impl IntoView {
    let name = unique_id("import-mode");
    let list = move || match s.kind.get() {
        ImportKind::Memberships => "memberships",
        ImportKind::History => "send history",
        _ => "program history",
    };
    let count = move || {
        s.ws.plan.with(|p| match s.kind.get() {
            ImportKind::Memberships => p.memberships.len(),
            ImportKind::History => p.history.len(),
            _ => p.program_history.len(),
        })
    };
    let n2 = name.clone();
    view! {
        <fieldset class="field radio-group">
            <legend class="field__label">"The file's rows"</legend>
            <label class="radio">
                <input type="radio" name=name prop:checked=move || !s.replace.get() on:change=move |_| s.replace.set(false)/>
                {move || format!("Add to the current {} ({} rows now)", list(), thousands(count() as u64))}
            </label>
            <label class="radio">
                <input type="radio" name=n2 prop:checked=move || s.replace.get() on:change=move |_| s.replace.set(true)/>
                {move || format!("Replace the current {}", list())}
            </label>
            <p class="field__hint">"Either way, the import can be undone."</p>
        </fieldset>
    }
}

/// The summary, the errors (first ones rendered, all downloadable).
#[component]
fn Results(s: Import) -> impl IntoView {
    view! {
        {move || {
            s.findings
                .get()
                .map(|f| {
                    let kind = s.kind.get_untracked();
                    let summary = f.summary(kind);
                    let shown: Vec<String> = f.shown().collect();
                    let more = f.more();
                    let has_errors = !f.errors.is_empty();
                    let blocked = f.bad > 0;
                    let download_all = move |_| {
                        let Some(f) = s.findings.get_untracked() else { return };
                        if let Err(e) = download(kind.errors_file(), &errors_csv(&f), "text/csv") {
                            s.error.set(Some(format!("Cannot download the errors: {e}")));
                        }
                    };
                    view! {
                        <section class="import-results" aria-label="Check results">
                            <p class="import-results__summary" role="status">{summary}</p>
                            {has_errors
                                .then(|| {
                                    view! {
                                        <ul class="import-results__errors" aria-label="Row errors" tabindex="0">
                                            {shown.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
                                        </ul>
                                        {more.map(|m| view! { <p class="field__hint">{m}</p> })}
                                        <div>
                                            <button type="button" class="button button--small" on:click=download_all>
                                                "Download all errors (CSV)"
                                            </button>
                                        </div>
                                    }
                                })}
                            {blocked
                                .then(|| {
                                    view! {
                                        <p class="field__hint">
                                            "Nothing is imported while rows have errors. Correct the file and choose it \
                                             again, or import only the valid rows."
                                        </p>
                                    }
                                })}
                        </section>
                    }
                })
        }}
    }
}

#[component]
fn Actions(s: Import) -> impl IntoView {
    let idle = move || s.busy.with(Option::is_none);
    let mapping_ok = move || s.columns.with(|c| mapping::check(c).is_ok());
    view! {
        <div class="dialog__actions">
            <button type="button" class="button" on:click=move |_| s.open.set(false)>"Cancel"</button>
            {move || {
                let kind = s.kind.get();
                match s.findings.get() {
                    None if kind == ImportKind::People && s.columns.with(|c| !c.is_empty()) => {
                        view! {
                            <button
                                type="button"
                                class="button button--primary"
                                disabled=move || !idle() || !mapping_ok()
                                on:click=move |_| s.check()
                            >
                                "Check the rows"
                            </button>
                        }
                            .into_any()
                    }
                    Some(f) if !f.file_refused() && f.valid > 0 => {
                        let label = if f.bad == 0 {
                            format!("Import {}", kind.count(f.valid))
                        } else {
                            match f.valid {
                                1 => "Import the 1 valid row".to_owned(),
                                n => format!("Import the {} valid rows", thousands(n as u64)),
                            }
                        };
                        let class = if f.bad == 0 { "button button--primary" } else { "button" };
                        view! {
                            <button type="button" class=class disabled=move || !idle() on:click=move |_| s.import()>
                                {label}
                            </button>
                        }
                            .into_any()
                    }
                    _ => ().into_any(),
                }
            }}
        </div>
    }
}

/// People: what replacing does, before it is done.
#[component]
fn Confirm(s: Import) -> impl IntoView {
    view! {
        <div class="import-confirm" role="group" aria-label="Confirm the import">
            <p class="dialog__message">{move || s.confirming.get()}</p>
            <div class="dialog__actions">
                <button type="button" class="button" autofocus on:click=move |_| s.confirming.set(None)>
                    "Back"
                </button>
                <button
                    type="button"
                    class="button button--danger"
                    disabled=move || s.busy.with(Option::is_some)
                    on:click=move |_| s.replace_people()
                >
                    "Replace the people"
                </button>
            </div>
        </div>
    }
}
