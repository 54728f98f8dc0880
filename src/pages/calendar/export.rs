//! Export the casts of the shown range, or of a chosen one, as `.ics`.

use engine::time::{parse_date, Instant};
use leptos::prelude::*;

use super::CalendarState;
use crate::calendar::ics;
use crate::components::dom::unique_id;
use crate::results::record::{workspace_name, Freshness};
use crate::shell::files::{download, file_stem};
use crate::state::use_workspace;

/// Ten years of casts at most in one file.
const MAX_DAYS: i64 = 3660;

#[component]
pub fn Export(state: CalendarState) -> impl IntoView {
    let ws = use_workspace();
    let day = |d: engine::time::Date| d.format("%Y-%m-%d").to_string();
    let (a, b) = state.range.get_untracked();
    let from = RwSignal::new(day(a));
    let through = RwSignal::new(day(b));
    let error = RwSignal::new(None::<String>);
    // The fields follow the shown range until the user changes them.
    Effect::new(move |_| {
        let (a, b) = state.range.get();
        from.set(day(a));
        through.set(day(b));
        error.set(None);
    });
    let export = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (a, b) = match (parse_date(&from.get_untracked()), parse_date(&through.get_untracked())) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(_), _) => return error.set(Some("Export from: enter a date".into())),
            (_, Err(_)) => return error.set(Some("Export through: enter a date".into())),
        };
        if b < a {
            return error.set(Some("Export through: the last day is before the first".into()));
        }
        if (b - a).num_days() > MAX_DAYS {
            return error.set(Some("Export: choose at most ten years at a time".into()));
        }
        let current = state.freshness.get_untracked() == Some(Freshness::Current);
        let text = state.calendar.with_untracked(|cal| {
            let casts = cal.casts(a, b);
            let events = state.predictions.with_untracked(|p| {
                state.names.with_untracked(|names| {
                    let predicted = p.as_ref().filter(|_| current).map(|p| (p, names));
                    ics::cast_events(cal, &casts, predicted)
                })
            });
            (events.len(), ics::write(&events, Instant((js_sys::Date::now() * 1000.0) as i64)))
        });
        let name = ics::file_name(&file_stem(&ws.plan.with_untracked(workspace_name)), a, b);
        match download(&name, &text.1, "text/calendar") {
            Ok(()) => {
                error.set(None);
                ws.say(format!("Downloaded {name} ({} casts)", text.0));
            }
            Err(e) => error.set(Some(format!("Export: {e}"))),
        }
    };
    let (f, t) = (unique_id("cal-from"), unique_id("cal-through"));
    view! {
        <form class="cal-export card" aria-label="Export casts" on:submit=export>
            <h2 class="cal-export__title">"Export casts"</h2>
            <div class="cal-export__fields">
                <div class="field">
                    <label class="field__label" for=f.clone()>"From"</label>
                    <input id=f class="field__input" type="date" required prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label class="field__label" for=t.clone()>"Through"</label>
                    <input id=t class="field__input" type="date" required prop:value=move || through.get() on:input=move |ev| through.set(event_target_value(&ev))/>
                </div>
                <button type="submit" class="button button--primary">"Export .ics"</button>
            </div>
            <p class="cal-export__hint">
                "An iCalendar file for any calendar app; predicted counts are included when the results are current."
            </p>
            {move || error.get().map(|e| view! { <p class="alert alert--error" role="alert">{e}</p> })}
        </form>
    }
}
