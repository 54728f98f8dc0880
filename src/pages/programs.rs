use leptos::prelude::*;

use crate::components::{EmptyState, PageHeader};
use crate::state::names::new_program_name;
use crate::state::use_workspace;
use engine::edit::Edit;

/// One line of the program list.
#[derive(Clone, PartialEq)]
struct ProgramRow {
    id: String,
    name: String,
    active: bool,
    streams: usize,
}

/// The engagement programs of the workspace.
#[component]
pub fn ProgramsPage() -> impl IntoView {
    let ws = use_workspace();
    let rows = Memo::new(move |_| {
        ws.plan.with(|plan| {
            plan.engagement_programs
                .iter()
                .map(|ep| ProgramRow {
                    id: ep.id.to_string(),
                    name: ep.name.clone().unwrap_or_else(|| ep.id.to_string()),
                    active: ep.active,
                    streams: ep.streams.len(),
                })
                .collect::<Vec<_>>()
        })
    });
    let is_empty = move || rows.with(Vec::is_empty);
    let create = move |_| {
        let name = ws.plan.with_untracked(new_program_name);
        let _ = ws.dispatch(Edit::CreateEngagementProgram { id: None, name, stream_id: None });
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
                    <ul class="item-list" aria-label="Engagement programs">
                        <For each=move || rows.get() key=|row| row.id.clone() let:row>
                            <li class="item-list__item">
                                <span class="item-list__name">{row.name}</span>
                                <span class="visually-hidden">", "</span>
                                <span class="badge" class:badge--on=row.active>
                                    {if row.active { "Active" } else { "Inactive" }}
                                </span>
                                <span class="visually-hidden">", "</span>
                                <span class="item-list__meta">
                                    {match row.streams {
                                        1 => "1 stream".to_owned(),
                                        n => format!("{n} streams"),
                                    }}
                                </span>
                            </li>
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
    }
}
