use leptos::prelude::*;

/// What a page shows when the workspace has nothing for it yet: a short
/// heading, one sentence on what will appear here, and the action that
/// gets the user there.
#[component]
pub fn EmptyState(
    /// A short heading, e.g. "No programs yet — create one".
    #[prop(into)]
    title: String,
    /// One or two sentences on what this page will show.
    #[prop(into)]
    message: String,
    /// The action(s): real buttons or links.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    view! {
        <section class="empty-state">
            <h2 class="empty-state__title">{title}</h2>
            <p class="empty-state__message">{message}</p>
            <div class="empty-state__actions">{children.map(|c| c())}</div>
        </section>
    }
}
