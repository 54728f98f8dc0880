//! The program editor (`/programs/:id`): the program's streams side by side
//! as columns (up to 25, R-EP-3, scrolling sideways), each with its name,
//! cadence, counts, transition rules and prioritised content, which
//! reorders and moves between streams by pointer, keyboard or menu (see
//! [`crate::components::sortable`]).
//!
//! Every change is an [`Edit`] dispatched to the workspace store, which
//! announces its description in the app's live region; refusals show the
//! engine's message (in the page's alert, or inside the open dialog).
//!
//! - [`column`]: one stream;
//! - [`item`]: one content item's card;
//! - [`dialogs`]: adding content, availability, removing, deleting a stream;
//! - [`cadence`], [`rules`]: the cadence and transition-rule dialogs.

mod cadence;
mod column;
mod dialogs;
mod item;
mod rules;

use std::collections::{HashMap, HashSet};

use engine::edit::{Created, Edit};
use engine::model::{ContentId, EngagementProgram, EpId, Plan, StreamId};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use wasm_bindgen::JsCast;

use crate::components::dom::focus_after_render;
use crate::components::sortable::{ListMeta, MoveRequest, SortableBoard};
use crate::components::{EmptyState, InlineRename, Switch};
use crate::planner::overlap::overlapping_streams;
use crate::planner::positions::full_move;
use crate::planner::summary::{members_per_stream, program_name, stream_name};
use crate::state::{use_workspace, Workspace};

use column::StreamColumn;
use dialogs::EditorDialogs;

/// A library item as the editor names it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct LibEntry {
    pub id: ContentId,
    pub name: String,
    pub program: bool,
    pub approved: bool,
    pub operational: bool,
    pub subject: Option<String>,
}

/// The library, in plan order (emails, then programs), with an index.
#[derive(Clone, Debug, PartialEq, Default)]
pub(crate) struct Library {
    pub entries: Vec<LibEntry>,
    pub by_id: HashMap<ContentId, usize>,
}

impl Library {
    pub fn of(plan: &Plan) -> Library {
        let mut entries: Vec<LibEntry> = plan
            .emails
            .iter()
            .map(|e| LibEntry {
                id: e.id.clone(),
                name: e.name.clone().unwrap_or_else(|| e.id.to_string()),
                program: false,
                approved: e.approved,
                operational: e.operational,
                subject: e.subject.clone(),
            })
            .collect();
        entries.extend(plan.programs.iter().map(|p| LibEntry {
            id: p.id.clone(),
            name: p.name.clone().unwrap_or_else(|| p.id.to_string()),
            program: true,
            approved: true,
            operational: false,
            subject: None,
        }));
        let by_id = entries.iter().enumerate().map(|(i, e)| (e.id.clone(), i)).collect();
        Library { entries, by_id }
    }

    pub fn get(&self, id: &ContentId) -> Option<&LibEntry> {
        self.by_id.get(id).map(|i| &self.entries[*i])
    }

    pub fn name(&self, id: &ContentId) -> String {
        self.get(id).map(|e| e.name.clone()).unwrap_or_else(|| id.to_string())
    }
}

/// The editor's shared state, provided to its columns and dialogs.
#[derive(Clone, Copy)]
pub(crate) struct Editor {
    pub ws: Workspace,
    pub program: StoredValue<EpId>,
    pub ep: Memo<Option<EngagementProgram>>,
    pub library: Memo<Library>,
    pub members: Memo<HashMap<StreamId, usize>>,
    /// Streams whose archived content is shown (R-CO-4).
    pub show_archived: RwSignal<HashSet<StreamId>>,
    pub dialogs: EditorDialogs,
}

impl Editor {
    /// Whether each item of `stream` is shown (archived ones only with
    /// "Show archived").
    pub fn shown(&self, stream: &StreamId) -> Option<Vec<bool>> {
        let show_all = self.show_archived.with_untracked(|s| s.contains(stream));
        self.ep.with_untracked(|ep| {
            let s = ep.as_ref()?.streams.iter().find(|s| &s.id == stream)?;
            Some(s.content.iter().map(|i| show_all || !i.archived).collect())
        })
    }

    /// Dispatches `edit`; the store announces or shows the refusal.
    pub fn dispatch(&self, edit: Edit) -> Result<engine::edit::Applied, engine::edit::EditError> {
        self.ws.dispatch(edit)
    }

    /// Focuses the Stream actions button of `stream` once it is rendered.
    pub fn focus_stream(&self, stream: &StreamId) {
        let id = column::column_dom_id(stream);
        focus_after_render(move || {
            document()
                .get_element_by_id(&id)?
                .query_selector(".stream-column__actions button[aria-haspopup]")
                .ok()??
                .dyn_into()
                .ok()
        });
    }
}

pub(crate) fn use_editor() -> Editor {
    expect_context::<Editor>()
}

/// The route: the program named by `:id`.
#[component]
pub fn ProgramEditorPage() -> impl IntoView {
    let params = use_params_map();
    move || {
        let id = params.with(|p| p.get("id")).unwrap_or_default();
        view! { <ProgramEditor program=EpId::new(id)/> }
    }
}

/// The editor of engagement program `program`.
#[component]
pub fn ProgramEditor(program: EpId) -> impl IntoView {
    let ws = use_workspace();
    let program = StoredValue::new(program);
    let ep = Memo::new(move |_| {
        program.with_value(|id| ws.plan.with(|p| p.engagement_programs.iter().find(|e| &e.id == id).cloned()))
    });
    let editor = Editor {
        ws,
        program,
        ep,
        library: Memo::new(move |_| ws.plan.with(Library::of)),
        members: Memo::new(move |_| ws.plan.with(members_per_stream)),
        show_archived: RwSignal::new(HashSet::new()),
        dialogs: EditorDialogs::new(),
    };
    provide_context(editor);
    let exists = move || ep.with(Option::is_some);
    view! {
        <Show
            when=exists
            fallback=move || {
                view! {
                    <EmptyState
                        title="Program not found"
                        message=format!(
                            "There is no engagement program with id {:?} in this workspace.",
                            program.get_value().to_string(),
                        )
                    >
                        <A href="/programs" attr:class="button">"Back to Programs"</A>
                    </EmptyState>
                }
            }
        >
            <EditorHeader/>
            <OverlapWarning/>
            <Board/>
            <dialogs::DialogsView/>
        </Show>
    }
}

/// Breadcrumb, the program's name (rename in place), its Active switch and
/// "Add stream".
#[component]
fn EditorHeader() -> impl IntoView {
    let editor = use_editor();
    let ws = editor.ws;
    let name = Signal::derive(move || editor.ep.with(|ep| ep.as_ref().map(program_name).unwrap_or_default()));
    let active = Signal::derive(move || editor.ep.with(|ep| ep.as_ref().is_some_and(|e| e.active)));
    let streams = Signal::derive(move || editor.ep.with(|ep| ep.as_ref().map_or(0, |e| e.streams.len())));
    let rename = Callback::new(move |new: String| {
        ws.dispatch(Edit::RenameEngagementProgram { program: editor.program.get_value(), name: new })
            .map(|_| ())
            .map_err(|e| e.to_string())
    });
    let toggle = Callback::new(move |on: bool| {
        let _ = ws.dispatch(Edit::SetEngagementProgramActive { program: editor.program.get_value(), active: on });
    });
    let add_stream = move |_: web_sys::MouseEvent| {
        let name = editor.ep.with_untracked(|ep| new_stream_name(ep.as_ref()));
        if let Ok(applied) = ws.dispatch(Edit::AddStream { program: editor.program.get_value(), id: None, name }) {
            if let Some(Created::Stream(id)) = applied.created {
                editor.focus_stream(&id);
            }
        }
    };
    view! {
        <nav class="breadcrumb" aria-label="Breadcrumb">
            <A href="/programs">"Programs"</A>
            <span aria-hidden="true">" › "</span>
            <span aria-current="page">{name}</span>
        </nav>
        <header class="page-header editor-header">
            <InlineRename name level=1 what="program" on_save=rename/>
            <div class="page-header__actions">
                <Switch checked=active label="Active" text="Active" on_toggle=toggle/>
                <button
                    type="button"
                    class="button button--primary"
                    on:click=add_stream
                    disabled=move || { streams.get() >= 25 }
                    title=move || { (streams.get() >= 25).then_some("A program has at most 25 streams (R-EP-3)") }
                >
                    "Add stream"
                </button>
            </div>
        </header>
    }
}

/// "Stream N" for the first N no stream of the program is named (R-ST-1).
pub(crate) fn new_stream_name(ep: Option<&EngagementProgram>) -> String {
    (1..)
        .map(|n| format!("Stream {n}"))
        .find(|name| ep.is_none_or(|ep| !ep.streams.iter().any(|s| s.name.as_deref() == Some(name))))
        .unwrap_or_else(|| "Stream".to_owned())
}

/// R-TR-2: streams whose rules can hold at the same time.
#[component]
fn OverlapWarning() -> impl IntoView {
    let editor = use_editor();
    let pairs = Memo::new(move |_| {
        editor.ep.with(|ep| {
            let Some(ep) = ep else {
                return Vec::new();
            };
            overlapping_streams(ep)
                .into_iter()
                .map(|o| (stream_name(&ep.streams[o.first]), stream_name(&ep.streams[o.second])))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <Show when=move || pairs.with(|p| !p.is_empty())>
            <div class="alert alert--warning overlap-warning" role="note">
                <details>
                    <summary>
                        {move || {
                            format!(
                                "{} can hold for the same person at the same time (R-TR-2)",
                                match pairs.with(Vec::len) {
                                    1 => "The transition rules of two streams".to_owned(),
                                    n => format!("Transition rules of {n} pairs of streams"),
                                },
                            )
                        }}
                    </summary>
                    <p class="alert__message">
                        "Rules are checked in stream order, and a person moves to the first stream whose rule \
                         holds, so the later stream of each pair only gets the people the earlier one does not take. \
                         Reorder the streams or make the rules exclusive if that is not what you mean."
                    </p>
                    <ul class="alert__list">
                        {move || {
                            pairs
                                .get()
                                .into_iter()
                                .map(|(a, b)| {
                                    view! {
                                        <li>{format!("{a} and {b}: people both rules match move to {a}.")}</li>
                                    }
                                })
                                .collect_view()
                        }}
                    </ul>
                </details>
            </div>
        </Show>
    }
}

/// The columns on one sortable board.
#[component]
fn Board() -> impl IntoView {
    let editor = use_editor();
    let ws = editor.ws;
    let stream_ids = Memo::new(move |_| {
        editor
            .ep
            .with(|ep| ep.as_ref().map(|ep| ep.streams.iter().map(|s| s.id.clone()).collect::<Vec<_>>()).unwrap_or_default())
    });
    let lists = Memo::new(move |_| {
        editor.ep.with(|ep| {
            ep.as_ref()
                .map(|ep| {
                    ep.streams.iter().map(|s| ListMeta { id: s.id.to_string(), label: stream_name(s) }).collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let on_move = Callback::new(move |r: MoveRequest| {
        let (from_stream, to_stream) = (StreamId::new(r.from_list.clone()), StreamId::new(r.to_list.clone()));
        let (Some(src), Some(dst)) = (editor.shown(&from_stream), editor.shown(&to_stream)) else {
            return false;
        };
        let same = from_stream == to_stream;
        let Some((from_index, to_index)) = full_move(&src, r.from_index, (!same).then_some(dst.as_slice()), r.to_index)
        else {
            return false;
        };
        ws.dispatch(Edit::MoveItem { from_stream, from_index, to_stream, to_index })
            .is_ok_and(|a| a.changed)
    });
    let announce = Callback::new(move |m: String| ws.say(m));
    view! {
        <SortableBoard lists on_move announce noun="stream" class="stream-board">
            <For each=move || stream_ids.get() key=|id| id.clone() let:id>
                <StreamColumn stream=id/>
            </For>
        </SortableBoard>
    }
}
