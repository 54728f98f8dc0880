use leptos::prelude::*;

use crate::components::PageHeader;

/// The content library: emails and content programs.
#[component]
pub fn LibraryPage() -> impl IntoView {
    view! { <PageHeader title="Library"/> }
}
