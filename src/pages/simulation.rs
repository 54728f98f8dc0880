use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::{EmptyState, PageHeader};
use crate::state::use_workspace;

/// Simulated casts for the whole audience.
#[component]
pub fn SimulationPage() -> impl IntoView {
    let ws = use_workspace();
    // A run needs an active program (R-EP-2) and members to cast to.
    let ready = Memo::new(move |_| {
        ws.plan.with(|plan| {
            plan.engagement_programs.iter().any(|ep| ep.active) && !plan.memberships.is_empty()
        })
    });

    view! {
        <PageHeader title="Simulation"/>
        <Show
            when=move || !ready.get()
            fallback=|| view! { <p>"The workspace has active programs with members."</p> }
        >
            <EmptyState
                title="Nothing to simulate yet"
                message="A simulation needs at least one active program with members."
            >
                <A href="/programs" attr:class="button">"Go to Programs"</A>
            </EmptyState>
        </Show>
    }
}
