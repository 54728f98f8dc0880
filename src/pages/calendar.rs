use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::{EmptyState, PageHeader};
use crate::state::use_workspace;

/// Every cast of every active stream, over time.
#[component]
pub fn CalendarPage() -> impl IntoView {
    let ws = use_workspace();
    // Streams that cast: those with a cadence, in active programs (R-EP-2).
    let casting_streams = Memo::new(move |_| {
        ws.plan.with(|plan| {
            plan.engagement_programs
                .iter()
                .filter(|ep| ep.active)
                .flat_map(|ep| &ep.streams)
                .filter(|s| s.cadence.is_some())
                .count()
        })
    });

    view! {
        <PageHeader title="Calendar"/>
        <Show
            when=move || casting_streams.get() == 0
            fallback=move || {
                view! {
                    <p>
                        {move || match casting_streams.get() {
                            1 => "1 stream of an active program has a cadence.".to_owned(),
                            n => format!("{n} streams of active programs have a cadence."),
                        }}
                    </p>
                }
            }
        >
            <EmptyState
                title="No casts scheduled"
                message="Casts appear here once an active program has a stream with a cadence."
            >
                <A href="/programs" attr:class="button">"Go to Programs"</A>
            </EmptyState>
        </Show>
    }
}
