use leptos::prelude::*;

/// A page's title (its only `<h1>`) with optional actions beside it.
#[component]
pub fn PageHeader(
    /// The page's heading.
    #[prop(into)]
    title: String,
    /// Buttons or links for the page's main actions.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    view! {
        <header class="page-header">
            <h1 class="page-header__title">{title}</h1>
            <div class="page-header__actions">{children.map(|c| c())}</div>
        </header>
    }
}
