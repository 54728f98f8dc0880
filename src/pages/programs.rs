//! The engagement programs of the workspace: status, streams, members and
//! the next cast (from the wall clock), with create, rename, clone, delete
//! and activate/deactivate (R-EP-1). Each name opens the program's editor.

use engine::edit::{Created, Edit};
use engine::model::EpId;
use leptos::prelude::*;
use leptos_router::components::A;
use wasm_bindgen::JsCast;

use crate::components::dom::focus_after_render;
use crate::components::{DeleteChoices, DeleteRefusal, Dialog, EmptyState, MenuButton, MenuEntry, PageHeader, Switch};
use crate::planner::summary::{count, format_instant, program_summaries, ProgramSummary};
use crate::state::names::new_program_name;
use crate::state::{now, use_workspace, Workspace};

/// The DOM id of a program's row.
fn row_id(id: &EpId) -> String {
    format!("program-{}", id.as_str().replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "_"))
}

/// Focuses the link of program `id` once its row is rendered.
fn focus_program(id: &EpId) {
    let row = row_id(id);
    focus_after_render(move || document().get_element_by_id(&row)?.query_selector("a").ok()??.dyn_into().ok());
}

/// The page's dialogs: which program they are for.
#[derive(Clone, Copy)]
struct ProgramDialogs {
    rename: RwSignal<bool>,
    delete: RwSignal<bool>,
    target: RwSignal<Option<EpId>>,
}

#[component]
pub fn ProgramsPage() -> impl IntoView {
    let ws = use_workspace();
    let rows = Memo::new(move |_| ws.plan.with(|plan| program_summaries(plan, now())));
    let tz = Memo::new(move |_| ws.plan.with(|p| p.workspace.time_zone));
    let is_empty = move || rows.with(Vec::is_empty);
    let dialogs = ProgramDialogs {
        rename: RwSignal::new(false),
        delete: RwSignal::new(false),
        target: RwSignal::new(None),
    };
    let create = move |_| {
        let name = ws.plan.with_untracked(new_program_name);
        if let Ok(a) = ws.dispatch(Edit::CreateEngagementProgram { id: None, name, stream_id: None }) {
            if let Some(Created::EngagementProgram { program, .. }) = a.created {
                focus_program(&program);
            }
        }
    };

    view! {
        <PageHeader title="Programs">
            <Show when=move || !is_empty()>
                <button type="button" class="button button--primary" on:click=create>
                    "Create program"
                </button>
            </Show>
        </PageHeader>
        <Show
            when=is_empty
            fallback=move || {
                view! {
                    <ul class="item-list program-list" aria-label="Engagement programs">
                        <For each=move || rows.get() key=|row| row.id.clone() let:row>
                            <ProgramRowView ws row=row.id.clone() rows tz dialogs/>
                        </For>
                    </ul>
                }
            }
        >
            <EmptyState
                title="No programs yet — create one"
                message="An engagement program sends each member the next piece of content from a prioritised stream, on the stream's cadence."
            >
                <button type="button" class="button button--primary" on:click=create>
                    "Create program"
                </button>
            </EmptyState>
        </Show>
        <RenameProgramDialog ws dialogs/>
        <DeleteProgramDialog ws dialogs/>
    }
}

#[component]
fn ProgramRowView(
    ws: Workspace,
    row: EpId,
    rows: Memo<Vec<ProgramSummary>>,
    tz: Memo<chrono_tz::Tz>,
    dialogs: ProgramDialogs,
) -> impl IntoView {
    let id = StoredValue::new(row.clone());
    let me = Memo::new(move |_| id.with_value(|id| rows.with(|r| r.iter().find(|x| &x.id == id).cloned())));
    let name = Signal::derive(move || me.with(|m| m.as_ref().map(|m| m.name.clone()).unwrap_or_default()));
    let active = Signal::derive(move || me.with(|m| m.as_ref().is_some_and(|m| m.active)));
    let facts = move || {
        me.with(|m| {
            let Some(m) = m else {
                return (String::new(), String::new(), String::new());
            };
            let next = match (m.active, m.next_cast) {
                (false, _) => "Inactive: no casts".to_owned(),
                (true, Some(at)) => format!("Next cast {}", format_instant(at, tz.get())),
                (true, None) => "No cast scheduled".to_owned(),
            };
            (count(m.streams, "stream", "streams"), count(m.members, "member", "members"), next)
        })
    };
    let toggle = Callback::new(move |on: bool| {
        let _ = ws.dispatch(Edit::SetEngagementProgramActive { program: id.get_value(), active: on });
    });
    let entries = Callback::new(|()| {
        vec![MenuEntry::new("rename", "Rename…"), MenuEntry::new("clone", "Clone"), MenuEntry::new("delete", "Delete…")]
    });
    let on_action = Callback::new(move |choice: String| match choice.as_str() {
        "rename" => {
            dialogs.target.set(Some(id.get_value()));
            dialogs.rename.set(true);
        }
        "clone" => {
            if let Ok(a) = ws.dispatch(Edit::CloneEngagementProgram { program: id.get_value(), id: None, name: None }) {
                if let Some(Created::EngagementProgram { program, .. }) = a.created {
                    focus_program(&program);
                }
            }
        }
        "delete" => {
            dialogs.target.set(Some(id.get_value()));
            dialogs.delete.set(true);
        }
        _ => {}
    });
    let href = format!("/programs/{}", row.as_str());
    view! {
        <li class="item-list__item program-row" id=row_id(&row)>
            <A href=href attr:class="item-list__name">{name}</A>
            <span class="visually-hidden">", "</span>
            <span class="badge" class:badge--on=move || active.get()>
                {move || if active.get() { "Active" } else { "Inactive" }}
            </span>
            <span class="visually-hidden">", "</span>
            <span class="item-list__meta">{move || facts().0}</span>
            <span class="visually-hidden">", "</span>
            <span class="item-list__meta">{move || facts().1}</span>
            <span class="visually-hidden">", "</span>
            <span class="item-list__meta program-row__next">{move || facts().2}</span>
            <span class="item-list__actions">
                <Switch
                    checked=active
                    label=Signal::derive(move || format!("Active: {}", name.get()))
                    text="Active"
                    on_toggle=toggle
                />
                <MenuButton
                    label=Signal::derive(move || format!("Actions for {}", name.get()))
                    text="⋯"
                    entries
                    on_select=on_action
                />
            </span>
        </li>
    }
}

fn program_name_of(ws: Workspace, id: &Option<EpId>) -> String {
    let Some(id) = id else {
        return String::new();
    };
    ws.plan.with(|p| {
        p.engagement_programs
            .iter()
            .find(|e| &e.id == id)
            .map(crate::planner::summary::program_name)
            .unwrap_or_default()
    })
}

#[component]
fn RenameProgramDialog(ws: Workspace, dialogs: ProgramDialogs) -> impl IntoView {
    let draft = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if dialogs.rename.get() {
            draft.set(untrack(|| program_name_of(ws, &dialogs.target.get())));
            error.set(None);
        }
    });
    let title = Signal::derive(move || format!("Rename {}", program_name_of(ws, &dialogs.target.get())));
    let save = move || {
        let Some(program) = dialogs.target.get_untracked() else {
            return;
        };
        match ws.dispatch(Edit::RenameEngagementProgram { program, name: draft.get_untracked() }) {
            Ok(_) => dialogs.rename.set(false),
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    view! {
        <Dialog open=dialogs.rename title>
            <form on:submit=move |ev| {
                ev.prevent_default();
                save();
            }>
                <div class="field">
                    <label for="program-name">"Name"</label>
                    <input
                        id="program-name"
                        class="field__input"
                        autofocus
                        prop:value=move || draft.get()
                        on:input=move |ev| draft.set(event_target_value(&ev))
                        aria-describedby="program-name-error"
                    />
                    <p class="field__error" id="program-name-error" role="alert">{move || error.get()}</p>
                </div>
                <div class="dialog__actions">
                    <button type="button" class="button" on:click=move |_| dialogs.rename.set(false)>"Cancel"</button>
                    <button type="submit" class="button button--primary">"Rename"</button>
                </div>
            </form>
        </Dialog>
    }
}

/// Names what is lost: streams, content items, memberships; lists where
/// else the program is used (rules, events) and offers to remove those.
#[component]
fn DeleteProgramDialog(ws: Workspace, dialogs: ProgramDialogs) -> impl IntoView {
    let refusal = DeleteRefusal::new();
    Effect::new(move |_| {
        if dialogs.delete.get() {
            refusal.clear();
        }
    });
    let name = move || program_name_of(ws, &dialogs.target.get());
    let title = Signal::derive(move || format!("Delete {}?", name()));
    let lost = move || {
        let id = dialogs.target.get()?;
        ws.plan.with(|p| {
            let ep = p.engagement_programs.iter().find(|e| e.id == id)?;
            let items: usize = ep.streams.iter().map(|s| s.content.len()).sum();
            let members = p.memberships.iter().filter(|m| m.program == id).count();
            Some(format!(
                "Deleting {} loses its {}, {} and {} with their history. Undo brings it back.",
                name(),
                count(ep.streams.len(), "stream", "streams"),
                count(items, "content item", "content items"),
                count(members, "membership", "memberships"),
            ))
        })
    };
    let delete = move |remove_usages: bool| {
        let Some(program) = dialogs.target.get_untracked() else {
            return;
        };
        match ws.dispatch(Edit::DeleteEngagementProgram { program, remove_usages }) {
            Ok(_) => {
                dialogs.delete.set(false);
                focus_after_render(|| {
                    document()
                        .query_selector(".page-header button, .empty-state button")
                        .ok()??
                        .dyn_into()
                        .ok()
                });
            }
            Err(e) => refusal.refused(e),
        }
    };
    view! {
        <Dialog open=dialogs.delete title>
            <p class="dialog__message">{lost}</p>
            <DeleteChoices
                label="Delete program"
                refusal
                cancel=Callback::new(move |()| dialogs.delete.set(false))
                delete=Callback::new(delete)
            />
        </Dialog>
    }
}
