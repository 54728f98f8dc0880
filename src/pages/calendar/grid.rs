//! The month and week grids: the WAI-ARIA grid pattern. One cell per day,
//! one tabbable cell (the focused day, roving tabindex); arrows move by
//! day and week, Home/End to the week's ends, PageUp/PageDown by month,
//! Enter (or Space) opens the day's casts in the day panel.

use std::collections::HashMap;

use engine::time::Date;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::cast_card::cast_chip;
use super::CalendarState;
use crate::calendar::casts::Cast;
use crate::calendar::grid::{day_label, month_weeks, move_focus, week_days, weekday_headers, GridKey, View};
use crate::calendar::predicted::day_warnings;
use crate::components::dom::{focus_after_render, unique_id};

#[component]
pub fn DayGrid(state: CalendarState) -> impl IntoView {
    let CalendarState { view, focused, .. } = state;
    let grid_id = unique_id("cal-grid");
    let weeks = Memo::new(move |_| {
        let ws = state.week_start();
        match view.get() {
            View::Week => vec![week_days(focused.get(), ws)],
            View::Month | View::Agenda => month_weeks(focused.get(), ws),
        }
    });
    let label = move || match view.get() {
        View::Week => "Casts of the week",
        _ => "Casts of the month",
    };

    let focus_cell = {
        let grid_id = grid_id.clone();
        move |d: Date| {
            let selector = format!("#{grid_id} [data-date='{}']", d.format("%Y-%m-%d"));
            focus_after_render(move || document().query_selector(&selector).ok().flatten().and_then(|e| e.dyn_into().ok()));
        }
    };
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if ev.alt_key() || ev.ctrl_key() || ev.meta_key() {
            return;
        }
        if let Some(key) = GridKey::of(&ev.key()) {
            ev.prevent_default();
            let d = move_focus(focused.get_untracked(), key, state.week_start());
            focused.set(d);
            focus_cell(d);
        } else if ev.key() == "Enter" || ev.key() == " " {
            ev.prevent_default();
            state.open_day();
        }
    };

    let body = move || {
        let detailed = view.get() == View::Week;
        let mut by_day: HashMap<Date, Vec<Cast>> = HashMap::new();
        state.casts.with(|cs| {
            for c in cs {
                by_day.entry(c.date).or_default().push(*c);
            }
        });
        // Rebuilt with the predictions and their freshness.
        let _ = state.freshness.get();
        let month = focused.with_untracked(chrono::Datelike::month);
        weeks
            .get()
            .into_iter()
            .map(|week| {
                let cells = week
                    .into_iter()
                    .map(|d| {
                        let casts = by_day.remove(&d).unwrap_or_default();
                        let warnings = state.calendar.with(|cal| {
                            state.pressure.with(|p| {
                                state.predictions.with(|pr| day_warnings(cal, p, pr.as_ref(), &casts))
                            })
                        });
                        let name = day_label(d, casts.len(), warnings.count());
                        let outside = !detailed && chrono::Datelike::month(&d) != month;
                        let is_focused = move || focused.get() == d;
                        let list = casts.iter().map(|c| cast_chip(state, *c, detailed)).collect_view();
                        let sentences = state.calendar.with(|cal| warnings.sentences(cal));
                        view! {
                            <td
                                role="gridcell"
                                class="cal-day-cell"
                                class:cal-day-cell--outside=outside
                                class:cal-day-cell--warn=!warnings.is_empty()
                                data-date=d.format("%Y-%m-%d").to_string()
                                aria-label=name
                                aria-selected=move || is_focused().to_string()
                                tabindex=move || if is_focused() { "0" } else { "-1" }
                                on:click=move |_| focused.set(d)
                                on:dblclick=move |_| state.open_day()
                            >
                                <span class="cal-day-cell__number" aria-hidden="true">
                                    {chrono::Datelike::day(&d)}
                                    {(!sentences.is_empty()).then(|| view! { <span class="cal-day-cell__warn" title=sentences.join("\n")>" ⚠"</span> })}
                                </span>
                                <ul class="cal-day-cell__casts" aria-hidden="true">{list}</ul>
                            </td>
                        }
                    })
                    .collect_view();
                view! { <tr role="row">{cells}</tr> }
            })
            .collect_view()
    };

    view! {
        <div class="cal-grid-scroll">
            <table
                id=grid_id
                role="grid"
                class="cal-grid"
                class:cal-grid--week=move || view.get() == View::Week
                aria-label=label
                on:keydown=on_keydown
            >
                <thead>
                    <tr role="row">
                        {move || {
                            weekday_headers(state.week_start())
                                .into_iter()
                                .map(|(long, short)| {
                                    view! {
                                        <th role="columnheader" scope="col" abbr=long>
                                            <span aria-hidden="true">{short}</span>
                                            <span class="visually-hidden">{long}</span>
                                        </th>
                                    }
                                })
                                .collect_view()
                        }}
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}
