//! A progress bar for long work (a simulation run, a comparison).

use leptos::prelude::*;

/// A labelled `progressbar` (0–100 %) with its text shown below it; the text
/// is also the bar's `aria-valuetext`, so screen readers hear "120 of 520
/// casts done" rather than a bare percentage.
#[component]
pub fn ProgressBar(
    /// The bar's accessible name ("Simulation progress").
    #[prop(into)]
    label: String,
    #[prop(into)] percent: Signal<u32>,
    #[prop(into)] text: Signal<String>,
    /// The class of the text paragraph.
    #[prop(optional, into)]
    text_class: String,
) -> impl IntoView {
    view! {
        <div
            class="progress"
            role="progressbar"
            aria-label=label
            aria-valuemin="0"
            aria-valuemax="100"
            aria-valuenow=move || percent.get().to_string()
            aria-valuetext=text
        >
            <div class="progress__bar" style:width=move || format!("{}%", percent.get())></div>
        </div>
        <p class=text_class>{text}</p>
    }
}
