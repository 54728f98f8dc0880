use leptos::prelude::*;

use crate::components::{EmptyState, PageHeader};
use crate::state::use_workspace;

/// The people of the workspace.
#[component]
pub fn AudiencePage() -> impl IntoView {
    let ws = use_workspace();
    let people = Memo::new(move |_| ws.plan.with(|plan| plan.people.len()));

    view! {
        <PageHeader title="Audience"/>
        <Show
            when=move || people.get() == 0
            fallback=move || {
                view! {
                    <p>
                        {move || match people.get() {
                            1 => "1 person".to_owned(),
                            n => format!("{n} people"),
                        }}
                    </p>
                }
            }
        >
            <EmptyState
                title="No people yet"
                message="The people you import from CSV or generate appear here, ready to join programs."
            />
        </Show>
    }
}
