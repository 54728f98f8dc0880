//! The cadence editor (R-CA-1 to R-CA-10): none, weekly or monthly, every
//! N, weekdays or a day of the month or an nth weekday, time, first cast
//! date and recipient time zone; beside it, live, the next casts in the
//! workspace zone, the R-CA-3 double-cast warning and the R-CA-10 25-hour
//! rule as an inline error (checked against `now`, the wall clock).

use chrono_tz::Tz;
use engine::model::{Cadence, WeekStart};
use engine::time::{Date, Instant};
use leptos::prelude::*;

use super::dom::unique_id;
use crate::planner::cadence_form::{preview, weekday_bit, CadenceForm, MonthlyMode, Repeat, NTHS, WEEKDAYS};

/// How many upcoming casts the preview lists.
pub const PREVIEW_CASTS: usize = 10;

#[component]
pub fn CadenceEditor(
    /// The cadence being edited (`None`: none yet).
    initial: Option<Cadence>,
    /// Today in the workspace zone: the default first cast.
    today: Date,
    /// The workspace's zone and week start (R-WS-1).
    tz: Tz,
    week_start: WeekStart,
    /// The app's "now" (R-CA-10).
    now: Instant,
    /// Saves the cadence; `Err` is the engine's refusal, shown inline.
    on_save: Callback<Option<Cadence>, Result<(), String>>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let form = RwSignal::new(CadenceForm::from_cadence(initial.as_ref(), today));
    let error = RwSignal::new(None::<String>);
    let parsed = Memo::new(move |_| form.with(CadenceForm::to_cadence));
    let shown = Memo::new(move |_| match parsed.get() {
        Ok(Some(c)) => Some(preview(&c, week_start, tz, now, PREVIEW_CASTS)),
        _ => None,
    });
    let repeat = Memo::new(move |_| form.with(|f| f.repeat));
    let monthly_mode = Memo::new(move |_| form.with(|f| f.monthly));
    let blocked = move || parsed.with(Result::is_err) || shown.with(|p| p.as_ref().is_some_and(|p| p.too_soon.is_some()));
    let save = move || {
        match parsed.get_untracked() {
            Ok(c) => match on_save.run(c) {
                Ok(()) => {}
                Err(e) => error.set(Some(e)),
            },
            Err(e) => error.set(Some(e)),
        }
    };
    let base = StoredValue::new(unique_id("cadence"));
    let f = move |s: &str| format!("{}-{s}", base.get_value());
    let set = move |update: fn(&mut CadenceForm, String)| {
        move |ev: web_sys::Event| {
            let v = event_target_value(&ev);
            form.update(|f| update(f, v));
            error.set(None);
        }
    };

    let repeat_radio = move |value: Repeat, label: &'static str| {
        view! {
            <label>
                <input
                    type="radio"
                    name=f("repeat")
                    prop:checked=move || repeat.get() == value
                    on:change=move |_| form.update(|f| f.repeat = value)
                />
                {label}
            </label>
        }
    };
    let unit = move || if repeat.get() == Repeat::Monthly { "months" } else { "weeks" };

    view! {
        <form
            class="cadence-editor"
            on:submit=move |ev| {
                ev.prevent_default();
                save();
            }
        >
            <fieldset>
                <legend>"Repeats"</legend>
                {repeat_radio(Repeat::None, "No cadence (a holding stream)")}
                {repeat_radio(Repeat::Weekly, "Weekly")}
                {repeat_radio(Repeat::Monthly, "Monthly")}
            </fieldset>
            <Show when=move || repeat.get() != Repeat::None>
                <div class="field-row">
                    <div class="field">
                        <label for=f("every")>{move || format!("Every how many {}", unit())}</label>
                        <input
                            id=f("every")
                            class="field__input"
                            type="number"
                            min="1"
                            step="1"
                            prop:value=move || form.with(|f| f.every.clone())
                            on:input=set(|f, v| f.every = v)
                        />
                    </div>
                    <div class="field">
                        <label for=f("time")>"Time"</label>
                        <input
                            id=f("time")
                            class="field__input"
                            type="time"
                            prop:value=move || form.with(|f| f.time.clone())
                            on:input=set(|f, v| f.time = v)
                        />
                    </div>
                    <div class="field">
                        <label for=f("first")>"First cast"</label>
                        <input
                            id=f("first")
                            class="field__input"
                            type="date"
                            prop:value=move || form.with(|f| f.first_cast.clone())
                            on:input=set(|f, v| f.first_cast = v)
                        />
                    </div>
                </div>
                <Show when=move || repeat.get() == Repeat::Weekly>
                    <fieldset>
                        <legend>"On"</legend>
                        {WEEKDAYS
                            .iter()
                            .map(|&(day, short, long)| {
                                let bit = weekday_bit(day);
                                view! {
                                    <label>
                                        <input
                                            type="checkbox"
                                            aria-label=long
                                            prop:checked=move || form.with(|f| f.weekdays & bit != 0)
                                            on:change=move |_| form.update(|f| f.weekdays ^= bit)
                                        />
                                        {short}
                                    </label>
                                }
                            })
                            .collect_view()}
                    </fieldset>
                </Show>
                <Show when=move || repeat.get() == Repeat::Monthly>
                    <fieldset>
                        <legend>"On"</legend>
                        <label>
                            <input
                                type="radio"
                                name=f("monthly")
                                prop:checked=move || monthly_mode.get() == MonthlyMode::DayOfMonth
                                on:change=move |_| form.update(|f| f.monthly = MonthlyMode::DayOfMonth)
                            />
                            "Day"
                        </label>
                        <input
                            class="field__input"
                            type="number"
                            min="1"
                            max="31"
                            aria-label="Day of the month"
                            disabled=move || monthly_mode.get() != MonthlyMode::DayOfMonth
                            prop:value=move || form.with(|f| f.day_of_month.clone())
                            on:input=set(|f, v| f.day_of_month = v)
                        />
                        <label>
                            <input
                                type="radio"
                                name=f("monthly")
                                prop:checked=move || monthly_mode.get() == MonthlyMode::NthWeekday
                                on:change=move |_| form.update(|f| f.monthly = MonthlyMode::NthWeekday)
                            />
                            "The"
                        </label>
                        <select
                            class="field__input"
                            aria-label="Which week of the month"
                            disabled=move || monthly_mode.get() != MonthlyMode::NthWeekday
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                if let Some((n, _)) = NTHS.iter().find(|(_, name)| *name == v) {
                                    form.update(|f| f.nth = *n);
                                }
                            }
                        >
                            {NTHS
                                .iter()
                                .map(|&(n, name)| {
                                    view! {
                                        <option value=name selected=move || form.with(|f| f.nth == n)>
                                            {name}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                        <select
                            class="field__input"
                            aria-label="Weekday"
                            disabled=move || monthly_mode.get() != MonthlyMode::NthWeekday
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                if let Some((d, _, _)) = WEEKDAYS.iter().find(|(_, s, _)| *s == v) {
                                    form.update(|f| f.nth_day = *d);
                                }
                            }
                        >
                            {WEEKDAYS
                                .iter()
                                .map(|&(d, short, long)| {
                                    view! {
                                        <option value=short selected=move || form.with(|f| f.nth_day == d)>
                                            {long}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </fieldset>
                </Show>
                <label class="checkbox">
                    <input
                        type="checkbox"
                        prop:checked=move || form.with(|f| f.recipient_time_zone)
                        on:change=move |_| form.update(|f| f.recipient_time_zone = !f.recipient_time_zone)
                    />
                    "Deliver at this time in each recipient's own time zone (R-CA-7)"
                </label>
                <p class="field__hint">
                    {format!(
                        "Times are in the workspace time zone, {}; weeks start on {}.",
                        tz.name(),
                        if week_start == WeekStart::Monday { "Monday" } else { "Sunday" },
                    )}
                </p>
            </Show>
            <section class="cadence-editor__preview" aria-label="Preview">
                {move || match parsed.get() {
                    Err(e) => view! { <p class="field__error" role="alert">{e}</p> }.into_any(),
                    Ok(None) => {
                        view! {
                            <p>"No cadence: this stream never casts; its members wait in it (R-ST-4)."</p>
                        }
                            .into_any()
                    }
                    Ok(Some(_)) => {
                        let p = shown.get();
                        view! {
                            <p><strong>{p.as_ref().map(|p| p.summary.clone())}</strong></p>
                            {p
                                .as_ref()
                                .and_then(|p| p.too_soon.clone())
                                .map(|e| view! { <p class="field__error" role="alert">{e}</p> })}
                            {p
                                .as_ref()
                                .and_then(|p| p.extra_first_cast.clone())
                                .map(|w| view! { <p class="note" role="note">{w}</p> })}
                            <h3 class="cadence-editor__casts-title">
                                {format!("Next {PREVIEW_CASTS} casts ({})", tz.name())}
                            </h3>
                            <ol class="cadence-preview" aria-label="Next casts">
                                {p
                                    .map(|p| p.casts.into_iter().map(|c| view! { <li>{c}</li> }).collect_view())}
                            </ol>
                        }
                            .into_any()
                    }
                }}
            </section>
            <p class="field__error" role="alert">{move || error.get()}</p>
            <div class="dialog__actions">
                <button type="button" class="button" on:click=move |_| on_cancel.run(())>"Cancel"</button>
                <button type="submit" class="button button--primary" disabled=blocked>"Save cadence"</button>
            </div>
        </form>
    }
}
