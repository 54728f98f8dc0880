//! The agenda: the shown month's days that cast, in order, each with its
//! warnings and casts in full.

use leptos::prelude::*;

use super::day_panel::day_casts;
use super::CalendarState;
use crate::calendar::grid::long_date;
use crate::calendar::predicted::by_day;

#[component]
pub fn Agenda(state: CalendarState) -> impl IntoView {
    let days = move || {
        let _ = state.freshness.get();
        let casts = state.casts.get();
        by_day(&casts)
            .into_iter()
            .map(|(d, day)| {
                let id = format!("cal-agenda-{}", d.format("%Y-%m-%d"));
                let label = id.clone();
                let day = day.to_vec();
                view! {
                    <li class="cal-agenda__day">
                        <section aria-labelledby=label>
                            <h3 id=id class="cal-agenda__date">{long_date(d)}</h3>
                            {day_casts(state, day)}
                        </section>
                    </li>
                }
            })
            .collect_view()
    };
    view! { <ol class="cal-agenda" aria-label="Agenda">{days}</ol> }
}
