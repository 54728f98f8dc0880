//! The transition-rules dialog of a stream (placeholder until the builder lands).

use leptos::prelude::*;

#[component]
pub(crate) fn RulesDialog() -> impl IntoView {
    view! {}
}
