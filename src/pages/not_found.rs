use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::PageHeader;

/// Any path the router does not know.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <PageHeader title="Page not found"/>
        <p>"There is no page at this address."</p>
        <p>
            <A href="/programs">"Go to Programs"</A>
        </p>
    }
}
