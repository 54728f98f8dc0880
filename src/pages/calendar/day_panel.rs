//! The focused day's casts in full: warnings, counts and preview links.
//! Enter in the grid moves focus to its heading.

use leptos::prelude::*;

use super::cast_card::cast_card;
use super::CalendarState;
use crate::calendar::grid::long_date;
use crate::calendar::predicted::day_warnings;

#[component]
pub fn DayPanel(state: CalendarState) -> impl IntoView {
    let heading = state.day_heading.get_value();
    let heading_for_label = heading.clone();
    view! {
        <section class="cal-day card" aria-labelledby=heading_for_label>
            <h2 id=heading tabindex="-1" class="cal-day__title">{move || long_date(state.focused.get())}</h2>
            {move || day_body(state)}
        </section>
    }
}

/// The warnings and casts of the focused day (also the agenda's day).
pub fn day_body(state: CalendarState) -> impl IntoView {
    let d = state.focused.get();
    let _ = state.freshness.get();
    // The focused day may lie outside the shown range (never, in practice:
    // the range follows it); ask the calendar directly.
    let casts = state.calendar.with(|c| c.casts(d, d));
    day_casts(state, casts)
}

/// A day's warnings and cast cards.
pub fn day_casts(state: CalendarState, casts: Vec<crate::calendar::casts::Cast>) -> impl IntoView {
    let sentences = state.calendar.with(|cal| {
        state.pressure.with(|p| {
            state.predictions.with(|pr| day_warnings(cal, p, pr.as_ref(), &casts).sentences(cal))
        })
    });
    let warnings = (!sentences.is_empty()).then(|| {
        view! {
            <ul class="cal-warnings" aria-label="Warnings">
                {sentences.into_iter().map(|s| view! { <li class="cal-warning">{s}</li> }).collect_view()}
            </ul>
        }
    });
    let list = if casts.is_empty() {
        view! { <p class="cal-day__empty">"No casts this day."</p> }.into_any()
    } else {
        view! {
            <ul class="cal-cards">{casts.into_iter().map(|c| cast_card(state, c)).collect_view()}</ul>
        }
        .into_any()
    };
    view! {
        {warnings}
        {list}
    }
}
