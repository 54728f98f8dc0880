//! The workspace's settings: name, time zone, week start, communication
//! limits, score benchmarks, the behaviour model, the simulation window
//! and the app's theme. Every change is an [`Edit`] dispatched through the
//! store (so it is undoable and saved); a value that cannot be taken shows
//! why next to its field. The parsing is `crate::settings_form` (tested
//! natively).

use engine::edit::Edit;
use engine::model::{
    Behavior, Benchmarks, CommunicationLimits, ContentId, Multiplier, Probabilities, SimulationWindow, WeekStart,
};
use engine::time::{format_date, parse_time_zone};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::{ConditionBuilder, ConditionCatalog, ConditionDraft, PageHeader};
use crate::settings_form::{
    condition_text, datetime_local_text, number_text, optional_number_text, parse_benchmark, parse_datetime_local,
    parse_factor, parse_limit, parse_probability, parse_seed, probability_values, with_probability, zone_names,
    REACTIONS,
};
use crate::shell::use_dialogs;
use crate::state::{now, use_workspace, Workspace};
use crate::storage::prefs::{self, Theme};

/// How many zones the time-zone list shows at once.
const ZONE_LIST: usize = 80;

/// A labelled text field that commits on `change` (Enter or leaving it)
/// and shows why a value was not taken.
#[component]
fn Field(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    /// The value the plan holds, as text.
    #[prop(into)]
    value: Signal<String>,
    /// Takes the typed text; `Err` is shown under the field.
    commit: impl Fn(String) -> Result<(), String> + 'static,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "text")] inputmode: &'static str,
    #[prop(optional)] hidden_label: bool,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    // A new value from the plan (an undo, another tab) clears the message;
    // other changes of the plan do not.
    let value = Memo::new(move |_| value.get());
    Effect::new(move |first: Option<()>| {
        value.track();
        if first.is_some() {
            error.set(None);
        }
    });
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = {
        let (e, h) = (error_id.clone(), hint_id.clone());
        let has_hint = hint.is_some();
        move || {
            let mut ids = vec![];
            if has_hint {
                ids.push(h.clone());
            }
            if error.with(Option::is_some) {
                ids.push(e.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field">
            <label for=id.clone() class="field__label" class:visually-hidden=hidden_label>
                {label}
            </label>
            {hint.map(|h| view! { <span id=hint_id.clone() class="field__hint">{h}</span> })}
            <input
                id=id
                type=input_type
                inputmode=inputmode
                class="field__input"
                prop:value=move || value.get()
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described
                on:change=move |e| {
                    let text = event_target_value(&e);
                    error.set(commit(text).err());
                }
            />
            <Show when=move || error.with(Option::is_some)>
                <p id=error_id.clone() class="field__error">
                    {move || error.get().unwrap_or_default()}
                </p>
            </Show>
        </div>
    }
}

/// Dispatches `edit`, turning a refusal into the field's message.
fn apply(ws: Workspace, edit: Edit) -> Result<(), String> {
    ws.dispatch_inline(edit).map(|_| ()).map_err(|e| e.to_string())
}

/// The workspace's settings.
#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <PageHeader title="Settings">
            <A href="/rules" attr:class="button button--quiet">
                "Rules and assumptions"
            </A>
        </PageHeader>
        <div class="settings">
            <WorkspaceSection/>
            <LimitsSection/>
            <BenchmarksSection/>
            <BehaviorSection/>
            <WindowSection/>
            <AppearanceSection/>
        </div>
    }
}

#[component]
fn WorkspaceSection() -> impl IntoView {
    let ws = use_workspace();
    let name = Signal::derive(move || ws.plan.with(|p| p.workspace.name.clone().unwrap_or_default()));
    let time_zone = Memo::new(move |_| ws.plan.with(|p| p.workspace.time_zone));
    let week_start = Memo::new(move |_| ws.plan.with(|p| p.workspace.week_start));
    let today = move || format_date(now().date_in(time_zone.get()));
    let filter = RwSignal::new(String::new());
    let zones = Memo::new(move |_| zone_names(&filter.get(), Some(time_zone.get()), ZONE_LIST));
    let zone_error = RwSignal::new(None::<String>);

    let set_week = move |w: WeekStart| {
        let _ = ws.dispatch(Edit::SetWeekStart { week_start: w });
    };

    view! {
        <section class="card" aria-labelledby="settings-workspace">
            <h2 id="settings-workspace">"Workspace"</h2>
            <div class="form-grid">
                <Field
                    id="settings-name"
                    label="Workspace name"
                    value=name
                    commit=move |text: String| {
                        let t = text.trim().to_owned();
                        apply(ws, Edit::SetWorkspaceName { name: (!t.is_empty()).then_some(t) })
                    }
                />
                <div class="field">
                    <label for="settings-zone" class="field__label">"Time zone"</label>
                    <span id="settings-zone-hint" class="field__hint">
                        "The zone of casts without recipient time zone and of per-day limits. "
                        "Type in the search box to narrow the list."
                    </span>
                    <input
                        type="search"
                        class="field__input"
                        aria-label="Search time zones"
                        placeholder="Search, e.g. Berlin"
                        prop:value=move || filter.get()
                        on:input=move |e| filter.set(event_target_value(&e))
                    />
                    <select
                        id="settings-zone"
                        class="field__input"
                        aria-describedby="settings-zone-hint"
                        on:change=move |e| {
                            match parse_time_zone(&event_target_value(&e)) {
                                Ok(tz) => {
                                    zone_error.set(apply(ws, Edit::SetTimeZone { time_zone: tz }).err());
                                }
                                Err(m) => zone_error.set(Some(m)),
                            }
                        }
                    >
                        <For each=move || zones.get() key=|z| *z let:z>
                            <option value=z selected=move || time_zone.get().name() == z>
                                {z}
                            </option>
                        </For>
                    </select>
                    <Show when=move || zone_error.with(Option::is_some)>
                        <p class="field__error">{move || zone_error.get().unwrap_or_default()}</p>
                    </Show>
                </div>
                <fieldset class="field radio-group">
                    <legend class="field__label">"Weeks start on"</legend>
                    <label class="radio">
                        <input
                            type="radio"
                            name="settings-week-start"
                            prop:checked=move || week_start.get() == WeekStart::Sunday
                            on:change=move |_| set_week(WeekStart::Sunday)
                        />
                        "Sunday"
                    </label>
                    <label class="radio">
                        <input
                            type="radio"
                            name="settings-week-start"
                            prop:checked=move || week_start.get() == WeekStart::Monday
                            on:change=move |_| set_week(WeekStart::Monday)
                        />
                        "Monday"
                    </label>
                </fieldset>
                <dl class="facts">
                    <dt>"Today in this time zone"</dt>
                    <dd>{today}</dd>
                </dl>
            </div>
        </section>
    }
}

#[component]
fn LimitsSection() -> impl IntoView {
    let ws = use_workspace();
    let limits = Memo::new(move |_| ws.plan.with(|p| p.workspace.communication_limits));
    let current = move || limits.get_untracked().unwrap_or_default();
    let set = move |l: CommunicationLimits| -> Result<(), String> {
        let limits = (l.enforced || l.per_day.is_some() || l.per_7_days.is_some()).then_some(l);
        apply(ws, Edit::SetCommunicationLimits { limits })
    };
    let per_day = Signal::derive(move || limits.get().and_then(|l| l.per_day).map(|n| n.to_string()).unwrap_or_default());
    let per_week = Signal::derive(move || limits.get().and_then(|l| l.per_7_days).map(|n| n.to_string()).unwrap_or_default());
    view! {
        <section class="card" aria-labelledby="settings-limits">
            <h2 id="settings-limits">"Communication limits"</h2>
            <p class="card__intro">
                "At most this many engagement emails per person (R-LIM-1). Every sent email of every program counts, "
                "and dated sends of the imported history (R-LIM-2). Leave a field empty for no limit."
            </p>
            <div class="form-grid">
                <label class="checkbox">
                    <input
                        type="checkbox"
                        prop:checked=move || limits.get().is_some_and(|l| l.enforced)
                        on:change=move |e| {
                            let enforced = event_target_checked(&e);
                            let _ = set(CommunicationLimits { enforced, ..current() });
                        }
                    />
                    "Enforce the limits"
                </label>
                <Field
                    id="settings-per-day"
                    label="Per day"
                    value=per_day
                    inputmode="numeric"
                    commit=move |t: String| {
                        let n = parse_limit(&t)?;
                        set(CommunicationLimits { per_day: n, ..current() })
                    }
                />
                <Field
                    id="settings-per-week"
                    label="Per 7 days"
                    value=per_week
                    inputmode="numeric"
                    commit=move |t: String| {
                        let n = parse_limit(&t)?;
                        set(CommunicationLimits { per_7_days: n, ..current() })
                    }
                />
            </div>
        </section>
    }
}

#[component]
fn BenchmarksSection() -> impl IntoView {
    let ws = use_workspace();
    let b = Memo::new(move |_| ws.plan.with(|p| p.workspace.score_benchmarks));
    let field = move |i: usize| {
        let value = Signal::derive(move || {
            let b = b.get();
            number_text([b.open, b.click, b.unsubscribe, b.success][i])
        });
        let commit = move |t: String| {
            let v = parse_benchmark(&t)?;
            let mut n: Benchmarks = b.get_untracked();
            match i {
                0 => n.open = v,
                1 => n.click = v,
                2 => n.unsubscribe = v,
                _ => n.success = v,
            }
            apply(ws, Edit::SetScoreBenchmarks { benchmarks: n })
        };
        let label = ["Open rate", "Click rate", "Unsubscribe rate", "Program success rate"][i];
        view! {
            <Field id=format!("settings-benchmark-{i}") label=label value=value inputmode="decimal" commit=commit/>
        }
    };
    view! {
        <section class="card" aria-labelledby="settings-benchmarks">
            <h2 id="settings-benchmarks">"Score benchmarks"</h2>
            <p class="card__intro">
                "The engagement score (R-SC-1) compares each item's rates with these benchmarks: an item at the "
                "benchmarks scores 50. Rates are between 0 and 1 (0.2 or 20%). "
                <A href="/rules#R-SC-1">"How the score is computed"</A>
            </p>
            <div class="form-grid form-grid--four">
                {(0..4).map(field).collect_view()}
            </div>
        </section>
    }
}

/// Four probability (or factor) fields over `value`, committing through
/// `set` the whole set with one value changed.
fn probability_fields(
    id: String,
    what: &'static str,
    value: Signal<Probabilities>,
    factors: bool,
    set: impl Fn(Probabilities) -> Result<(), String> + Clone + Send + Sync + 'static,
) -> impl IntoView {
    (0..4)
        .map(|i| {
            let set = set.clone();
            let text = Signal::derive(move || optional_number_text(probability_values(&value.get())[i]));
            let commit = move |t: String| {
                let v = if factors { parse_factor(&t)? } else { parse_probability(&t)? };
                set(with_probability(value.get_untracked(), i, v))
            };
            view! {
                <Field
                    id=format!("{id}-{i}")
                    label=format!("{} {what}", REACTIONS[i])
                    value=text
                    inputmode="decimal"
                    commit=commit
                />
            }
        })
        .collect_view()
}

#[component]
fn BehaviorSection() -> impl IntoView {
    let ws = use_workspace();
    let dialogs = use_dialogs();
    let has_model = Memo::new(move |_| ws.plan.with(|p| p.behavior.is_some()));
    let add_model = move |_| {
        let _ = ws.dispatch(Edit::SetBehavior { behavior: Some(Behavior::default()) });
    };
    let remove_model = move |_| {
        dialogs.confirm(
            "Remove the behaviour model",
            "Without a behaviour model nobody opens, clicks, unsubscribes or succeeds in simulations. \
             The seed, probabilities and multipliers are removed (Undo brings them back).",
            "Remove the model",
            true,
            move || {
                let _ = ws.dispatch(Edit::SetBehavior { behavior: None });
            },
        );
    };
    view! {
        <section class="card" aria-labelledby="settings-behavior">
            <h2 id="settings-behavior">"Behaviour model"</h2>
            <p class="card__intro">
                "How simulated people react to what they receive (R-BH-1). Each reaction is drawn per delivery "
                "from a hash of the seed, person, content and instant, so a simulation is repeatable (R-BH-2)."
            </p>
            <Show
                when=move || has_model.get()
                fallback=move || {
                    view! {
                        <p>"There is no behaviour model: in simulations nobody reacts."</p>
                        <button type="button" class="button button--primary" on:click=add_model>
                            "Add a behaviour model"
                        </button>
                    }
                }
            >
                <BehaviorForm/>
                <div class="form-actions">
                    <button type="button" class="button" on:click=remove_model>
                        "Remove the behaviour model"
                    </button>
                </div>
            </Show>
        </section>
    }
}

#[component]
fn BehaviorForm() -> impl IntoView {
    let ws = use_workspace();
    let seed = Signal::derive(move || ws.plan.with(|p| p.behavior.as_ref().map(|b| b.seed.to_string()).unwrap_or_default()));
    let defaults = Signal::derive(move || ws.plan.with(|p| p.behavior.as_ref().map(|b| b.default).unwrap_or_default()));
    view! {
        <div class="form-grid">
            <Field
                id="settings-seed"
                label="Seed"
                hint="A whole number; the same seed gives the same simulation."
                value=seed
                inputmode="numeric"
                commit=move |t: String| {
                    let seed = parse_seed(&t)?;
                    apply(ws, Edit::SetSeed { seed })
                }
            />
        </div>
        <fieldset class="fieldset">
            <legend>"Default probabilities"</legend>
            <p class="field__hint">
                "For content without its own values. Empty means 0. A click is drawn only after an open."
            </p>
            <div class="form-grid form-grid--four">
                {probability_fields(
                    "settings-default".into(),
                    "probability",
                    defaults,
                    false,
                    move |p| apply(ws, Edit::SetDefaultProbabilities { probabilities: p }),
                )}
            </div>
        </fieldset>
        <ContentOverrides/>
        <Multipliers/>
    }
}

/// A content item's name (or id).
fn content_name(ws: Workspace, id: &ContentId) -> String {
    ws.plan.with_untracked(|p| {
        p.emails
            .iter()
            .find(|e| &e.id == id)
            .and_then(|e| e.name.clone())
            .or_else(|| p.programs.iter().find(|c| &c.id == id).and_then(|c| c.name.clone()))
            .unwrap_or_else(|| id.to_string())
    })
}

#[component]
fn ContentOverrides() -> impl IntoView {
    let ws = use_workspace();
    let rows = Memo::new(move |_| {
        ws.plan.with(|p| p.behavior.as_ref().map(|b| b.content.keys().cloned().collect::<Vec<_>>()).unwrap_or_default())
    });
    // Content without an override yet, for the "add" list.
    let candidates = Memo::new(move |_| {
        ws.plan.with(|p| {
            let taken = |id: &ContentId| p.behavior.as_ref().is_some_and(|b| b.content.contains_key(id));
            p.emails
                .iter()
                .filter(|e| !e.operational)
                .map(|e| (e.id.clone(), e.name.clone().unwrap_or_else(|| e.id.to_string())))
                .chain(p.programs.iter().map(|c| (c.id.clone(), c.name.clone().unwrap_or_else(|| c.id.to_string()))))
                .filter(|(id, _)| !taken(id))
                .collect::<Vec<_>>()
        })
    });
    let chosen = RwSignal::new(String::new());
    let add = move |_| {
        let id = chosen.get_untracked();
        let id = if id.is_empty() { candidates.with_untracked(|c| c.first().map(|c| c.0.to_string())).unwrap_or_default() } else { id };
        if id.is_empty() {
            return;
        }
        let _ = ws.dispatch(Edit::SetContentProbabilities { content: ContentId::new(id), probabilities: Some(Probabilities::default()) });
        chosen.set(String::new());
    };
    view! {
        <fieldset class="fieldset">
            <legend>"Per-content probabilities"</legend>
            <p class="field__hint">"An item listed here uses its own values instead of the defaults (empty means 0)."</p>
            <Show when=move || !rows.with(Vec::is_empty) fallback=|| view! { <p>"No item has its own probabilities."</p> }>
                <table class="table">
                    <caption class="visually-hidden">"Per-content probabilities"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Content"</th>
                            {REACTIONS.iter().map(|r| view! { <th scope="col">{*r}</th> }).collect_view()}
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || rows.get() key=|id| id.clone() let:id>
                            <OverrideRow id=id/>
                        </For>
                    </tbody>
                </table>
            </Show>
            <div class="inline-form">
                <label for="settings-override-add" class="field__label">"Item"</label>
                <select
                    id="settings-override-add"
                    class="field__input"
                    on:change=move |e| chosen.set(event_target_value(&e))
                    prop:value=move || chosen.get()
                >
                    <For each=move || candidates.get() key=|c| c.0.clone() let:c>
                        <option value=c.0.to_string()>{c.1.clone()}</option>
                    </For>
                </select>
                <button
                    type="button"
                    class="button"
                    disabled=move || candidates.with(Vec::is_empty)
                    on:click=add
                >
                    "Add item probabilities"
                </button>
            </div>
        </fieldset>
    }
}

#[component]
fn OverrideRow(id: ContentId) -> impl IntoView {
    let ws = use_workspace();
    let name = content_name(ws, &id);
    let key = id.clone();
    let value = Signal::derive(move || {
        ws.plan.with(|p| p.behavior.as_ref().and_then(|b| b.content.get(&key).copied()).unwrap_or_default())
    });
    let cells = (0..4)
        .map(|i| {
            let id = id.clone();
            let field_id = format!("settings-override-{}-{i}", id.as_str());
            let text = Signal::derive(move || optional_number_text(probability_values(&value.get())[i]));
            let commit = move |t: String| {
                let v = parse_probability(&t)?;
                apply(
                    ws,
                    Edit::SetContentProbabilities {
                        content: id.clone(),
                        probabilities: Some(with_probability(value.get_untracked(), i, v)),
                    },
                )
            };
            view! {
                <td>
                    <Field
                        id=field_id
                        label=format!("{} probability for {}", REACTIONS[i], name)
                        hidden_label=true
                        value=text
                        inputmode="decimal"
                        commit=commit
                    />
                </td>
            }
        })
        .collect_view();
    let remove_id = id.clone();
    view! {
        <tr>
            <th scope="row">{name.clone()}</th>
            {cells}
            <td>
                <button
                    type="button"
                    class="button button--quiet"
                    aria-label=format!("Remove the probabilities of {name}")
                    on:click=move |_| {
                        let _ = ws.dispatch(Edit::SetContentProbabilities { content: remove_id.clone(), probabilities: None });
                    }
                >
                    "Remove"
                </button>
            </td>
        </tr>
    }
}

#[component]
fn Multipliers() -> impl IntoView {
    let ws = use_workspace();
    let count = Memo::new(move |_| ws.plan.with(|p| p.behavior.as_ref().map_or(0, |b| b.multipliers.len())));
    let add = move |_| {
        let multiplier = Multiplier {
            when: engine::model::Condition::Unsubscribed(false),
            factors: Probabilities { open: Some(1.0), ..Probabilities::default() },
        };
        let _ = ws.dispatch(Edit::AddMultiplier { multiplier, to_index: None });
    };
    view! {
        <fieldset class="fieldset">
            <legend>"Multipliers"</legend>
            <p class="field__hint">
                "When a multiplier's condition holds for a person, their probabilities are multiplied by its factors, "
                "in this order; the result is capped at 1. An empty factor changes nothing."
            </p>
            <Show when=move || count.get() != 0 fallback=|| view! { <p>"No multipliers."</p> }>
                <ol class="multiplier-list" aria-label="Multipliers">
                    <For each=move || 0..count.get() key=|i| *i let:i>
                        <MultiplierItem index=i count=count/>
                    </For>
                </ol>
            </Show>
            <button type="button" class="button" on:click=add>
                "Add multiplier"
            </button>
        </fieldset>
    }
}

#[component]
fn MultiplierItem(index: usize, count: Memo<usize>) -> impl IntoView {
    let ws = use_workspace();
    let multiplier = Memo::new(move |_| {
        ws.plan.with(|p| p.behavior.as_ref().and_then(|b| b.multipliers.get(index).cloned()))
    });
    let factors = Signal::derive(move || multiplier.get().map(|m| m.factors).unwrap_or_default());
    let summary = move || {
        multiplier.with(|m| m.as_ref().map(|m| ws.plan.with(|p| condition_text(&m.when, p))).unwrap_or_default())
    };
    let set_factors = move |f: Probabilities| -> Result<(), String> {
        let Some(m) = multiplier.get_untracked() else { return Ok(()) };
        apply(ws, Edit::ReplaceMultiplier { index, multiplier: Multiplier { factors: f, ..m } })
    };
    let n = index + 1;
    let move_to = move |to: usize| {
        let _ = ws.dispatch(Edit::MoveMultiplier { from: index, to });
    };
    view! {
        <li class="multiplier">
            <h3 class="multiplier__title">{format!("Multiplier {n}")}</h3>
            <p class="multiplier__when">
                <span class="field__label">"When "</span>
                <span>{summary}</span>
            </p>
            <MultiplierCondition index=index multiplier=multiplier/>
            <div class="form-grid form-grid--four">
                {probability_fields(format!("settings-multiplier-{index}"), "factor", factors, true, set_factors)}
            </div>
            <div class="form-actions">
                <button
                    type="button"
                    class="button button--quiet"
                    aria-label=format!("Move multiplier {n} up")
                    disabled=move || index == 0
                    on:click=move |_| move_to(index.saturating_sub(1))
                >
                    "Move up"
                </button>
                <button
                    type="button"
                    class="button button--quiet"
                    aria-label=format!("Move multiplier {n} down")
                    disabled=move || { index + 1 >= count.get() }
                    on:click=move |_| move_to(index + 1)
                >
                    "Move down"
                </button>
                <button
                    type="button"
                    class="button button--quiet"
                    aria-label=format!("Remove multiplier {n}")
                    on:click=move |_| {
                        let _ = ws.dispatch(Edit::RemoveMultiplier { index });
                    }
                >
                    "Remove"
                </button>
            </div>
        </li>
    }
}

/// "Edit condition": the condition builder of the editor engineer's
/// `components::condition_builder`, over a draft of the multiplier's
/// condition; saving replaces the multiplier (one undoable edit).
#[component]
fn MultiplierCondition(index: usize, multiplier: Memo<Option<Multiplier>>) -> impl IntoView {
    let open = RwSignal::new(false);
    let n = index + 1;
    let panel_id = format!("settings-multiplier-{index}-condition");
    view! {
        <button
            type="button"
            class="button button--quiet"
            aria-expanded=move || open.get().to_string()
            aria-controls=panel_id.clone()
            on:click=move |_| open.update(|o| *o = !*o)
        >
            {move || if open.get() { "Close the condition editor" } else { "Edit condition" }}
            <span class="visually-hidden">{format!(" of multiplier {n}")}</span>
        </button>
        <div id=panel_id class="multiplier__editor">
            <Show when=move || open.get()>
                <MultiplierConditionEditor index=index multiplier=multiplier open=open/>
            </Show>
        </div>
    }
}

#[component]
fn MultiplierConditionEditor(index: usize, multiplier: Memo<Option<Multiplier>>, open: RwSignal<bool>) -> impl IntoView {
    let ws = use_workspace();
    let current = multiplier.get_untracked();
    let draft = ConditionDraft::new(current.as_ref().map(|m| &m.when));
    // Built from the people (their attributes): only while the editor is open.
    let catalog = Memo::new(move |_| ws.plan.with(ConditionCatalog::of));
    let error = RwSignal::new(None::<String>);
    let n = index + 1;
    let save = move |_| {
        let Some(m) = multiplier.get_untracked() else { return };
        match draft.to_condition(&catalog.get_untracked()) {
            Err(e) => error.set(Some(e)),
            Ok(None) => error.set(Some("A multiplier needs at least one condition (remove the multiplier to drop it).".into())),
            Ok(Some(when)) => match apply(ws, Edit::ReplaceMultiplier { index, multiplier: Multiplier { when, ..m } }) {
                Ok(()) => open.set(false),
                Err(e) => error.set(Some(e)),
            },
        }
    };
    view! {
        <ConditionBuilder draft catalog label=format!("Condition of multiplier {n}")/>
        <Show when=move || error.with(Option::is_some)>
            <p class="field__error" role="alert">{move || error.get().unwrap_or_default()}</p>
        </Show>
        <div class="form-actions">
            <button type="button" class="button button--primary" on:click=save>
                {format!("Save the condition of multiplier {n}")}
            </button>
            <button type="button" class="button" on:click=move |_| open.set(false)>
                "Cancel"
            </button>
        </div>
    }
}

#[component]
fn WindowSection() -> impl IntoView {
    let ws = use_workspace();
    let window = Memo::new(move |_| ws.plan.with(|p| p.simulation));
    let tz = Memo::new(move |_| ws.plan.with(|p| p.workspace.time_zone));
    let start = Signal::derive(move || window.get().map(|w| datetime_local_text(w.start, tz.get())).unwrap_or_default());
    let end = Signal::derive(move || window.get().map(|w| datetime_local_text(w.end, tz.get())).unwrap_or_default());
    // The half typed by the user while no window exists yet.
    let pending_start = RwSignal::new(None::<engine::time::Instant>);
    let pending_end = RwSignal::new(None::<engine::time::Instant>);
    let set = move |s: Option<engine::time::Instant>, e: Option<engine::time::Instant>| -> Result<(), String> {
        let current = window.get_untracked();
        let s = s.or(current.map(|w| w.start)).or(pending_start.get_untracked());
        let e = e.or(current.map(|w| w.end)).or(pending_end.get_untracked());
        match (s, e) {
            (Some(start), Some(end)) => {
                apply(ws, Edit::SetSimulationWindow { window: Some(SimulationWindow { start, end }) })?;
                pending_start.set(None);
                pending_end.set(None);
                Ok(())
            }
            (Some(s), None) => {
                pending_start.set(Some(s));
                Err("Now set the end of the window too.".to_owned())
            }
            (None, Some(e)) => {
                pending_end.set(Some(e));
                Err("Now set the start of the window too.".to_owned())
            }
            (None, None) => Ok(()),
        }
    };
    let clear = move |_| {
        pending_start.set(None);
        pending_end.set(None);
        let _ = ws.dispatch(Edit::SetSimulationWindow { window: None });
    };
    view! {
        <section class="card" aria-labelledby="settings-window">
            <h2 id="settings-window">"Simulation window"</h2>
            <p class="card__intro">
                "Simulations run the casts whose processing instant falls from the start (included) to the end "
                "(excluded). Times are in the workspace's time zone, "
                {move || tz.get().name()}
                "."
            </p>
            <div class="form-grid">
                <Field
                    id="settings-window-start"
                    label="Start"
                    input_type="datetime-local"
                    value=start
                    commit=move |t: String| {
                        if t.trim().is_empty() {
                            return Err("Set a start, or remove the window.".to_owned());
                        }
                        let at = parse_datetime_local(&t, tz.get_untracked())?;
                        set(Some(at), None)
                    }
                />
                <Field
                    id="settings-window-end"
                    label="End"
                    input_type="datetime-local"
                    value=end
                    commit=move |t: String| {
                        if t.trim().is_empty() {
                            return Err("Set an end, or remove the window.".to_owned());
                        }
                        let at = parse_datetime_local(&t, tz.get_untracked())?;
                        set(None, Some(at))
                    }
                />
            </div>
            <Show when=move || window.with(Option::is_some)>
                <div class="form-actions">
                    <button type="button" class="button" on:click=clear>
                        "Remove the simulation window"
                    </button>
                </div>
            </Show>
        </section>
    }
}

#[component]
fn AppearanceSection() -> impl IntoView {
    let theme = RwSignal::new(prefs::load().theme);
    let choose = move |t: Theme| {
        theme.set(t);
        prefs::update(|p| p.theme = t);
        prefs::apply_theme(t);
    };
    let option = move |t: Theme, label: &'static str| {
        view! {
            <label class="radio">
                <input
                    type="radio"
                    name="settings-theme"
                    prop:checked=move || theme.get() == t
                    on:change=move |_| choose(t)
                />
                {label}
            </label>
        }
    };
    view! {
        <section class="card" aria-labelledby="settings-appearance">
            <h2 id="settings-appearance">"Appearance"</h2>
            <fieldset class="field radio-group">
                <legend class="field__label">"Theme (this browser)"</legend>
                {option(Theme::System, "As the system")}
                {option(Theme::Light, "Light")}
                {option(Theme::Dark, "Dark")}
            </fieldset>
        </section>
    }
}
