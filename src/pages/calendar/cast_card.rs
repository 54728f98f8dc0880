//! One cast as the views show it: a compact chip in the month grid, a card
//! (time, cadence, predicted counts, preview link) elsewhere.

use leptos::prelude::*;
use leptos_router::components::A;

use super::CalendarState;
use crate::calendar::casts::Cast;
use crate::calendar::predicted::Prediction;
use crate::pages::simulation::urlencode;
use crate::results::record::{short_date, thousands, Freshness};

/// The words and numbers of one cast.
struct CastText {
    colour: usize,
    program: String,
    stream: String,
    /// `10:00`, or `09:00 in each person's zone` for R-CA-7.
    time: String,
    recipient_time_zone: bool,
    cadence: String,
    extra_first: bool,
    href: String,
    preview_label: String,
    /// `None`: no results; `Some(None)`: results without this cast.
    prediction: Option<Option<Prediction>>,
}

fn cast_text(state: &CalendarState, cast: &Cast) -> CastText {
    state.calendar.with(|cal| {
        let s = &cal.streams[cast.stream];
        let date = cast.date.format("%Y-%m-%d").to_string();
        let prediction = state.predictions.with(|p| p.as_ref().map(|p| p.get(cal, cast).cloned()));
        CastText {
            colour: s.colour,
            program: s.program_name.clone(),
            stream: s.stream_name.clone(),
            time: if s.cadence.recipient_time_zone {
                format!("{} in each person's zone", s.cadence.time.format())
            } else {
                s.cadence.time.format()
            },
            recipient_time_zone: s.cadence.recipient_time_zone,
            cadence: s.cadence_text.clone(),
            extra_first: cal.is_extra_first_cast(cast),
            href: format!(
                "/simulation/cast?program={}&stream={}&date={date}",
                urlencode(&s.program),
                urlencode(&s.stream)
            ),
            preview_label: format!("Preview the {} cast of {}", s.stream_name, short_date(&date)),
            prediction,
        }
    })
}

/// A cast in a grid cell: time, program and stream (colour is never the
/// only cue) and the predicted deliveries when known; `detailed` (the week
/// grid) adds content → people. Plain text: the day panel holds the links.
pub fn cast_chip(state: CalendarState, cast: Cast, detailed: bool) -> impl IntoView {
    let t = cast_text(&state, &cast);
    let time = if t.recipient_time_zone {
        format!("{} local", state.calendar.with(|c| c.streams[cast.stream].cadence.time.format()))
    } else {
        t.time.clone()
    };
    let count = match &t.prediction {
        Some(Some(p)) => format!(" · {} people", thousands(p.delivered)),
        _ => String::new(),
    };
    let title = format!("{} — {}, {}{}", t.program, t.stream, t.time, count);
    let contents = match (&t.prediction, detailed) {
        (Some(Some(p)), true) => {
            let names = state.names.get_untracked();
            Some(view! {
                <ul class="cal-chip__contents">
                    {p
                        .contents
                        .iter()
                        .map(|(c, n)| view! { <li>{format!("{} → {}", names.content(c), thousands(*n))}</li> })
                        .collect_view()}
                </ul>
            })
        }
        _ => None,
    };
    view! {
        <li class=format!("cal-chip cal-colour-{}", t.colour) class:cal-chip--detailed=detailed title=title>
            <span class="cal-chip__line">
                <span class="cal-chip__time">{time}</span>
                " "
                <span class="cal-chip__stream">{t.stream}</span>
                <span class="cal-chip__count">{count}</span>
                {t.extra_first.then(|| view! { <span class="cal-chip__warn">" · double cast"</span> })}
            </span>
            " "
            <span class="cal-chip__program">{t.program}</span>
            {contents}
        </li>
    }
}

/// The full card of a cast, with its preview link.
pub fn cast_card(state: CalendarState, cast: Cast) -> impl IntoView {
    let t = cast_text(&state, &cast);
    let stale = state.freshness.get_untracked() == Some(Freshness::OutOfDate);
    let predicted = match t.prediction {
        None => view! { <p class="cal-card__predicted cal-card__predicted--none">"No simulation results yet"</p> }.into_any(),
        Some(None) => view! {
            <p class="cal-card__predicted cal-card__predicted--none">
                "Not in the latest simulation (outside its window, or nobody to cast to)"
            </p>
        }
        .into_any(),
        Some(Some(p)) => {
            let names = state.names.get_untracked();
            let heading = format!(
                "Predicted{}: {} of {} people considered",
                if stale { " (out of date)" } else { "" },
                match p.delivered {
                    1 => "1 delivery".to_owned(),
                    n => format!("{} deliveries", thousands(n)),
                },
                thousands(p.considered)
            );
            let blocked = (p.blocked_by_limit > 0)
                .then(|| format!("{} held back by communication limits", thousands(p.blocked_by_limit)));
            view! {
                <div class="cal-card__predicted" class:cal-card__predicted--stale=stale>
                    <p>{heading}</p>
                    <ul class="cal-card__contents">
                        {p
                            .contents
                            .iter()
                            .map(|(c, n)| view! { <li>{format!("{} → {} people", names.content(c), thousands(*n))}</li> })
                            .collect_view()}
                    </ul>
                    {blocked.map(|b| view! { <p class="cal-warning">{b}</p> })}
                </div>
            }
            .into_any()
        }
    };
    view! {
        <li class=format!("cal-card cal-colour-{}", t.colour)>
            <p class="cal-card__title">
                <span class="cal-swatch" aria-hidden="true"></span>
                <span class="cal-card__program">{t.program}</span>
                " — "
                <span class="cal-card__stream">{t.stream}</span>
            </p>
            <p class="cal-card__time">
                {t.time}
                {t.recipient_time_zone.then(|| {
                    view! {
                        <span class="cal-card__hint">
                            " · recipient time zone: one cast, delivered over about 34 hours as the day reaches each zone"
                        </span>
                    }
                })}
            </p>
            <p class="cal-card__cadence">{t.cadence}</p>
            {t.extra_first.then(|| {
                view! {
                    <p class="cal-warning">
                        "Double cast (R-CA-3): this first cast is not a date of the cadence, so it casts in addition to it"
                    </p>
                }
            })}
            {predicted}
            <A href=t.href attr:aria-label=t.preview_label attr:class="cal-card__link">"Preview this cast"</A>
        </li>
    }
}
