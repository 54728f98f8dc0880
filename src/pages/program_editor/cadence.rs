//! The cadence dialog of a stream (placeholder until the editor lands).

use leptos::prelude::*;

#[component]
pub(crate) fn CadenceDialog() -> impl IntoView {
    view! {}
}
