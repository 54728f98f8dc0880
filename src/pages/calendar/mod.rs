//! The cadence calendar: every cast of every active stream (R-EP-2) in a
//! month grid, a week grid or an agenda list, with the latest simulation's
//! predicted counts, the day's warnings and an `.ics` export. The logic is
//! in [`crate::calendar`]; this module renders it.

mod agenda;
mod cast_card;
mod day_panel;
mod export;
mod grid;

use engine::model::WeekStart;
use engine::time::{parse_date, Date, Instant};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::calendar::casts::{Calendar, Cast};
use crate::calendar::grid::{long_date, month_title, week_title, View};
use crate::calendar::predicted::Predictions;
use crate::calendar::pressure::Pressure;
use crate::components::dom::{focus_after_render, unique_id};
use crate::components::{EmptyState, PageHeader};
use crate::results::record::{Freshness, Names};
use crate::results::use_results;
use crate::state::use_workspace;
use crate::storage::prefs;

/// What every part of the page reads (`Copy`: pass it around).
#[derive(Clone, Copy)]
pub(crate) struct CalendarState {
    pub calendar: Memo<Calendar>,
    pub pressure: Memo<Pressure>,
    pub names: Memo<Names>,
    /// The latest run's numbers, `None` without results.
    pub predictions: Memo<Option<Predictions>>,
    pub freshness: Signal<Option<Freshness>>,
    pub view: RwSignal<View>,
    /// The focused day: the grid's tabbable cell, the day panel's day and
    /// the anchor of the shown range.
    pub focused: RwSignal<Date>,
    /// The shown range (inclusive).
    pub range: Memo<(Date, Date)>,
    /// The casts of the shown range.
    pub casts: Memo<Vec<Cast>>,
    /// The day panel's heading id (Enter in the grid focuses it).
    pub day_heading: StoredValue<String>,
}

impl CalendarState {
    pub fn week_start(&self) -> WeekStart {
        self.calendar.with(|c| c.week_start)
    }

    /// Moves focus to the day panel's heading ("opens the day's casts").
    pub fn open_day(&self) {
        let id = self.day_heading.get_value();
        focus_after_render(move || {
            use wasm_bindgen::JsCast;
            document().get_element_by_id(&id).and_then(|e| e.dyn_into().ok())
        });
    }
}

/// Today in the workspace's zone.
fn today(tz: chrono_tz::Tz) -> Date {
    Instant((js_sys::Date::now() * 1000.0) as i64).date_in(tz)
}

/// Every cast of every active stream, over time.
#[component]
pub fn CalendarPage() -> impl IntoView {
    let ws = use_workspace();
    let results = use_results();
    let query = use_query_map();

    let calendar = Memo::new(move |_| ws.plan.with(Calendar::of));
    let pressure = Memo::new(move |_| {
        let cal = calendar.get();
        ws.plan.with(|plan| Pressure::of(plan, &cal))
    });
    let names = Memo::new(move |_| ws.plan.with(Names::of));
    let predictions =
        Memo::new(move |_| results.latest.with(|l| l.as_ref().map(|r| Predictions::of(&r.report))));
    let freshness = Signal::derive(move || results.freshness());

    let start = query
        .with_untracked(|q| q.get("date"))
        .and_then(|d| parse_date(&d).ok())
        .unwrap_or_else(|| today(calendar.with_untracked(|c| c.time_zone)));
    let view = RwSignal::new(View::parse(prefs::load().calendar_view.as_deref()));
    let focused = RwSignal::new(start);
    let range = Memo::new(move |_| view.get().range(focused.get(), calendar.with(|c| c.week_start)));
    let casts = Memo::new(move |_| {
        let (from, through) = range.get();
        calendar.with(|c| c.casts(from, through))
    });
    let state = CalendarState {
        calendar,
        pressure,
        names,
        predictions,
        freshness,
        view,
        focused,
        range,
        casts,
        day_heading: StoredValue::new(unique_id("cal-day")),
    };
    let has_streams = move || calendar.with(|c| !c.streams.is_empty());

    view! {
        <PageHeader title="Calendar"/>
        <Show
            when=has_streams
            fallback=|| {
                view! {
                    <EmptyState
                        title="No casts scheduled"
                        message="Casts appear here once an active program has a stream with a cadence."
                    >
                        <A href="/programs" attr:class="button">"Go to Programs"</A>
                    </EmptyState>
                }
            }
        >
            <ResultsNote/>
            <Toolbar state=state/>
            <Legend state=state/>
            <NoCastsHint state=state/>
            {move || match view.get() {
                View::Month | View::Week => {
                    view! {
                        <grid::DayGrid state=state/>
                        <day_panel::DayPanel state=state/>
                    }
                        .into_any()
                }
                View::Agenda => view! { <agenda::Agenda state=state/> }.into_any(),
            }}
            <export::Export state=state/>
        </Show>
    }
}

/// Whether the predicted counts are current, out of date or absent.
#[component]
fn ResultsNote() -> impl IntoView {
    let results = use_results();
    move || match results.freshness() {
        // Until the results database is read, "none" is not known yet.
        None if !results.loaded.get() => ().into_any(),
        None => view! {
            <p class="cal-note" role="status">
                "No simulation results yet: predicted counts appear once you run the simulation. "
                <A href="/simulation">"Go to Simulation"</A>
            </p>
        }
        .into_any(),
        Some(Freshness::OutOfDate) => view! {
            <p class="cal-note cal-note--stale" role="status">
                "Results are out of date — rerun: the counts below are from the plan as it was. "
                <button type="button" class="button" on:click=move |_| results.start_run() disabled=move || results.running()>
                    "Rerun the simulation"
                </button>
            </p>
        }
        .into_any(),
        Some(Freshness::Current) => view! {
            <p class="cal-note" role="status">
                "Predicted counts (content → people) are from the latest simulation. "
                <A href="/simulation">"See the results"</A>
            </p>
        }
        .into_any(),
    }
}

/// Previous / today / next, the date picker and the view switch.
#[component]
fn Toolbar(state: CalendarState) -> impl IntoView {
    let CalendarState { view, focused, calendar, .. } = state;
    let title = move || {
        let d = focused.get();
        match view.get() {
            View::Week => week_title(d, state.week_start()),
            View::Month | View::Agenda => month_title(d),
        }
    };
    let step = move |direction: i32| focused.update(|d| *d = view.get_untracked().step(*d, direction));
    let picker = unique_id("cal-go");
    let set_view = move |v: View| {
        view.set(v);
        prefs::update(|p| p.calendar_view = Some(v.as_str().to_owned()));
    };
    view! {
        <div class="cal-toolbar">
            <h2 class="cal-toolbar__title" aria-live="polite">{title}</h2>
            <div class="cal-toolbar__nav">
                <button
                    type="button"
                    class="button"
                    aria-label=move || format!("Previous {}", view.get().unit())
                    on:click=move |_| step(-1)
                >
                    "‹"
                </button>
                <button
                    type="button"
                    class="button"
                    on:click=move |_| focused.set(today(calendar.with_untracked(|c| c.time_zone)))
                >
                    "Today"
                </button>
                <button
                    type="button"
                    class="button"
                    aria-label=move || format!("Next {}", view.get().unit())
                    on:click=move |_| step(1)
                >
                    "›"
                </button>
                <label class="cal-toolbar__go" for=picker.clone()>"Go to date"</label>
                <input
                    id=picker
                    class="field__input"
                    type="date"
                    prop:value=move || focused.get().format("%Y-%m-%d").to_string()
                    on:change=move |ev| {
                        if let Ok(d) = parse_date(&event_target_value(&ev)) {
                            focused.set(d);
                        }
                    }
                />
            </div>
            <div class="cal-toolbar__views" role="group" aria-label="View">
                {View::ALL
                    .into_iter()
                    .map(|v| {
                        view! {
                            <button
                                type="button"
                                class="button"
                                class:button--primary=move || view.get() == v
                                aria-pressed=move || (view.get() == v).to_string()
                                on:click=move |_| set_view(v)
                            >
                                {v.label()}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        </div>
    }
}

/// The programs' colours, each with its name.
#[component]
fn Legend(state: CalendarState) -> impl IntoView {
    view! {
        <ul class="cal-legend" aria-label="Programs">
            {move || {
                state
                    .calendar
                    .with(|c| {
                        c.legend
                            .iter()
                            .map(|l| {
                                view! {
                                    <li class=format!("cal-legend__item cal-colour-{}", l.colour)>
                                        <span class="cal-swatch" aria-hidden="true"></span>
                                        {l.name.clone()}
                                    </li>
                                }
                            })
                            .collect_view()
                    })
            }}
        </ul>
    }
}

/// When the shown range has no cast: where the nearest ones are.
#[component]
fn NoCastsHint(state: CalendarState) -> impl IntoView {
    let hint = move || {
        if !state.casts.with(Vec::is_empty) {
            return None;
        }
        let (from, through) = state.range.get();
        let (next, previous) =
            state.calendar.with(|c| (c.next_cast_after(through), c.previous_cast_before(from)));
        let go = move |d: Date, label: &'static str| {
            view! {
                <button type="button" class="button" on:click=move |_| state.focused.set(d)>
                    {format!("{label}: {}", long_date(d))}
                </button>
            }
        };
        Some(view! {
            <div class="cal-note" role="status">
                <p>"No casts in this range."</p>
                <div class="button-row">
                    {previous.map(|d| go(d, "Go to the previous cast"))}
                    {next.map(|d| go(d, "Go to the next cast"))}
                </div>
            </div>
        })
    };
    view! { {hint} }
}
