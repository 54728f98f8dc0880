//! An on/off switch: a `<button role="switch">` whose `aria-checked` is the
//! state, with a visible track and a short visible label.

use leptos::prelude::*;

#[component]
pub fn Switch(
    /// On or off.
    #[prop(into)]
    checked: Signal<bool>,
    /// The accessible name, e.g. "Active: Welcome". It starts with the
    /// visible `text` (WCAG 2.5.3).
    #[prop(into)]
    label: Signal<String>,
    /// The visible label beside the track, e.g. "Active".
    #[prop(into)]
    text: String,
    /// Called with the state asked for.
    on_toggle: Callback<bool>,
) -> impl IntoView {
    view! {
        <button
            type="button"
            role="switch"
            class="switch"
            aria-checked=move || if checked.get() { "true" } else { "false" }
            aria-label=move || label.get()
            on:click=move |_| on_toggle.run(!checked.get_untracked())
        >
            <span class="switch__track" aria-hidden="true">
                <span class="switch__thumb"></span>
            </span>
            <span class="switch__text" aria-hidden="true">{text}</span>
        </button>
    }
}
