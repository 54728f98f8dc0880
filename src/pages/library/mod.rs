//! The content library (`/library`): emails (name, subject, approved,
//! operational) and content programs (name, kind, audience filter), with
//! referential integrity: deleting, unapproving (R-CO-2) or making
//! operational (R-CO-1) an email that is used says where (the engine's
//! `usages`) and asks what to do. Ids never change, so renames never break
//! a reference.

mod delete;
mod email_dialog;
mod program_dialog;

use std::collections::HashMap;

use engine::model::{ContentId, ContentRef, Plan, ProgramKind};
use leptos::prelude::*;

use crate::components::{MenuButton, MenuEntry, PageHeader};
use crate::planner::summary::count;
use crate::state::{use_workspace, Workspace};

/// Which dialog is open, for what.
#[derive(Clone, Copy)]
pub(crate) struct LibraryDialogs {
    pub email: RwSignal<bool>,
    pub program: RwSignal<bool>,
    pub delete: RwSignal<bool>,
    /// The item edited or deleted; `None` in the email/program dialog:
    /// a new one.
    pub target: RwSignal<Option<ContentId>>,
}

/// One email row (keyed by its whole value, so an edit re-renders it).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct EmailRow {
    id: ContentId,
    name: String,
    subject: String,
    approved: bool,
    operational: bool,
    streams: usize,
}

/// One program row.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct ProgramRow {
    id: ContentId,
    name: String,
    event: bool,
    audience: bool,
    streams: usize,
}

/// How many stream places each library item stands in.
fn stream_uses(plan: &Plan) -> HashMap<ContentId, usize> {
    let mut out = HashMap::new();
    for ep in &plan.engagement_programs {
        for s in &ep.streams {
            for i in &s.content {
                let id = match &i.content {
                    ContentRef::Email(id) | ContentRef::Program(id) => id,
                };
                *out.entry(id.clone()).or_insert(0) += 1;
            }
        }
    }
    out
}

#[component]
pub fn LibraryPage() -> impl IntoView {
    let ws = use_workspace();
    let dialogs = LibraryDialogs {
        email: RwSignal::new(false),
        program: RwSignal::new(false),
        delete: RwSignal::new(false),
        target: RwSignal::new(None),
    };
    let uses = Memo::new(move |_| ws.plan.with(stream_uses));
    let emails = Memo::new(move |_| {
        let uses = uses.get();
        ws.plan.with(|p| {
            p.emails
                .iter()
                .map(|e| EmailRow {
                    id: e.id.clone(),
                    name: e.name.clone().unwrap_or_else(|| e.id.to_string()),
                    subject: e.subject.clone().unwrap_or_default(),
                    approved: e.approved,
                    operational: e.operational,
                    streams: uses.get(&e.id).copied().unwrap_or(0),
                })
                .collect::<Vec<_>>()
        })
    });
    let programs = Memo::new(move |_| {
        let uses = uses.get();
        ws.plan.with(|p| {
            p.programs
                .iter()
                .map(|c| ProgramRow {
                    id: c.id.clone(),
                    name: c.name.clone().unwrap_or_else(|| c.id.to_string()),
                    event: c.kind == ProgramKind::Event,
                    audience: c.audience.is_some(),
                    streams: uses.get(&c.id).copied().unwrap_or(0),
                })
                .collect::<Vec<_>>()
        })
    });
    let new_email = move |_| {
        dialogs.target.set(None);
        dialogs.email.set(true);
    };
    let new_program = move |_| {
        dialogs.target.set(None);
        dialogs.program.set(true);
    };
    view! {
        <PageHeader title="Library">
            <button type="button" class="button button--primary" on:click=new_email>"New email"</button>
            <button type="button" class="button" on:click=new_program>"New program"</button>
        </PageHeader>
        <p class="page-intro">
            "Emails and content programs that streams send. An item keeps its id for good: renaming it "
            "changes its name everywhere it is used."
        </p>
        <section class="library-section" aria-labelledby="library-emails">
            <header>
                <h2 id="library-emails">{move || format!("Emails ({})", emails.with(Vec::len))}</h2>
            </header>
            <Show
                when=move || emails.with(|e| !e.is_empty())
                fallback=|| view! { <p>"No emails yet. Create one with “New email”."</p> }
            >
                <table class="table" aria-labelledby="library-emails">
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Subject"</th>
                            <th scope="col">"Approved"</th>
                            <th scope="col">"Operational"</th>
                            <th scope="col">"In streams"</th>
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || emails.get() key=|r| r.clone() let:row>
                            <EmailRowView ws row dialogs/>
                        </For>
                    </tbody>
                </table>
            </Show>
        </section>
        <section class="library-section" aria-labelledby="library-programs">
            <header>
                <h2 id="library-programs">{move || format!("Programs ({})", programs.with(Vec::len))}</h2>
            </header>
            <Show
                when=move || programs.with(|e| !e.is_empty())
                fallback=|| view! { <p>"No content programs yet. Create one with “New program”."</p> }
            >
                <table class="table" aria-labelledby="library-programs">
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Kind"</th>
                            <th scope="col">"Audience"</th>
                            <th scope="col">"In streams"</th>
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || programs.get() key=|r| r.clone() let:row>
                            <ProgramRowView row dialogs/>
                        </For>
                    </tbody>
                </table>
            </Show>
        </section>
        <email_dialog::EmailDialog ws dialogs/>
        <program_dialog::ProgramDialog ws dialogs/>
        <delete::DeleteContentDialog ws dialogs/>
    }
}

fn row_actions(name: String, id: ContentId, dialogs: LibraryDialogs, edit: RwSignal<bool>) -> impl IntoView {
    let id = StoredValue::new(id);
    view! {
        <MenuButton
            label=format!("Actions for {name}")
            text="⋯"
            entries=Callback::new(|()| vec![MenuEntry::new("edit", "Edit…"), MenuEntry::new("delete", "Delete…")])
            on_select=Callback::new(move |choice: String| {
                dialogs.target.set(Some(id.get_value()));
                if choice == "edit" { edit.set(true) } else { dialogs.delete.set(true) }
            })
        />
    }
}

#[component]
fn EmailRowView(ws: Workspace, row: EmailRow, dialogs: LibraryDialogs) -> impl IntoView {
    let _ = ws;
    let yes_no = |b: bool| if b { "Yes" } else { "No" };
    view! {
        <tr>
            <th scope="row">{row.name.clone()}</th>
            <td>{row.subject.clone()}</td>
            <td>{yes_no(row.approved)}</td>
            <td>{yes_no(row.operational)}</td>
            <td>{count(row.streams, "stream", "streams")}</td>
            <td>{row_actions(row.name.clone(), row.id.clone(), dialogs, dialogs.email)}</td>
        </tr>
    }
}

#[component]
fn ProgramRowView(row: ProgramRow, dialogs: LibraryDialogs) -> impl IntoView {
    view! {
        <tr>
            <th scope="row">{row.name.clone()}</th>
            <td>{if row.event { "Event" } else { "Default" }}</td>
            <td>{if row.audience { "Filtered" } else { "Everyone" }}</td>
            <td>{count(row.streams, "stream", "streams")}</td>
            <td>{row_actions(row.name.clone(), row.id.clone(), dialogs, dialogs.program)}</td>
        </tr>
    }
}
