//! Scheduled changes: the form that schedules one (pause or resume a
//! segment, add / remove / move content, change a cadence, switch a
//! program off or on), the timeline of the plan's events grouped into
//! changes, and reschedule / remove on each. Every change is an undoable
//! `Edit` (`AddEvents`, `ReplaceEvents`, `RemoveEvents`), checked by the
//! engine against the rules.

use engine::edit::events::{pause_events, scheduled_changes, segment, when, ScheduledChange};
use engine::edit::{Applied, Edit};
use engine::model::{ContentId, ContentItem, ContentRef, EpId, Event, EventKind, StreamId};
use engine::time::{format_date, Instant};
use leptos::prelude::*;

use crate::components::dom::unique_id;
use crate::components::{CadenceEditor, ConditionBuilder, ConditionCatalog, ConditionDraft};
use crate::planner::summary::{program_name, stream_name};
use crate::planner::whatif::schedule_instant;
use crate::results::record::thousands;
use crate::state::{now, use_workspace};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Pause,
    Resume,
    AddContent,
    RemoveContent,
    MoveContent,
    SetCadence,
    ProgramOff,
    ProgramOn,
}

const KINDS: [(Kind, &str, &str); 8] = [
    (Kind::Pause, "pause", "Pause a segment of the members"),
    (Kind::Resume, "resume", "Resume a segment of the members"),
    (Kind::AddContent, "add_content", "Add content to a stream"),
    (Kind::RemoveContent, "remove_content", "Remove content from a stream"),
    (Kind::MoveContent, "move_content", "Move content within a stream"),
    (Kind::SetCadence, "set_cadence", "Change a stream's cadence"),
    (Kind::ProgramOff, "program_off", "Switch a program off"),
    (Kind::ProgramOn, "program_on", "Switch a program on"),
];

impl Kind {
    fn segment(self) -> bool {
        matches!(self, Kind::Pause | Kind::Resume)
    }
    fn stream(self) -> bool {
        matches!(self, Kind::AddContent | Kind::RemoveContent | Kind::MoveContent | Kind::SetCadence)
    }
    fn content(self) -> bool {
        matches!(self, Kind::AddContent | Kind::RemoveContent | Kind::MoveContent)
    }
}

/// The value of `selected` if `options` has it, else the first option's.
fn chosen(selected: String, options: &[(String, String)]) -> String {
    if options.iter().any(|(id, _)| *id == selected) {
        selected
    } else {
        options.first().map(|o| o.0.clone()).unwrap_or_default()
    }
}

/// The warnings of an applied edit, as sentences with their rule.
fn warning_lines(a: &Applied) -> Vec<String> {
    a.warnings
        .iter()
        .map(|w| match w.rule {
            Some(r) => format!("{} ({r})", w.message),
            None => w.message.clone(),
        })
        .collect()
}

#[component]
pub(super) fn ScheduledChanges() -> impl IntoView {
    let ws = use_workspace();
    let changes = Memo::new(move |_| ws.plan.with(scheduled_changes));
    let zone = Memo::new(move |_| ws.plan.with(|p| p.workspace.time_zone.name().to_owned()));
    view! {
        <section class="card whatif-section" aria-labelledby="whatif-schedule">
            <h2 id="whatif-schedule">"Scheduled changes"</h2>
            <p class="card__intro">
                "Changes that happen on a date during the simulation, in the workspace time zone ("
                {zone}
                "). Each is one step of undo."
            </p>
            <ScheduleForm/>
            <h3 id="whatif-timeline">"Timeline"</h3>
            <TimelineStrip changes/>
            <Show
                when=move || changes.with(|c| !c.is_empty())
                fallback=|| view! { <p class="whatif-empty">"No scheduled changes yet."</p> }
            >
                <ol class="whatif-timeline" aria-labelledby="whatif-timeline">
                    <For
                        each=move || changes.get()
                        key=|c| (c.indices.clone(), c.label.clone())
                        let:change
                    >
                        <ChangeRow change/>
                    </For>
                </ol>
            </Show>
        </section>
    }
}

/// The simulation window as a strip with a mark per change (a picture of
/// the list below, which is its accessible form).
#[component]
fn TimelineStrip(changes: Memo<Vec<ScheduledChange>>) -> impl IntoView {
    let ws = use_workspace();
    move || {
        let window = ws.plan.with(|p| p.simulation)?;
        let tz = ws.plan.with(|p| p.workspace.time_zone);
        let span = (window.end.0 - window.start.0).max(1) as f64;
        let marks = changes.with(|cs| {
            cs.iter()
                .map(|c| {
                    let x = ((c.at.0 - window.start.0) as f64 / span).clamp(0.0, 1.0) * 100.0;
                    let outside = c.at < window.start || c.at >= window.end;
                    view! {
                        <circle
                            cx=format!("{x:.2}%")
                            cy="14"
                            r="5"
                            class=if outside { "whatif-strip__mark whatif-strip__mark--outside" } else { "whatif-strip__mark" }
                        >
                            <title>{c.label.clone()}</title>
                        </circle>
                    }
                })
                .collect_view()
        });
        let n = changes.with(Vec::len);
        let label = format!(
            "Timeline of the simulation window from {} to {} with {} scheduled {}",
            format_date(window.start.date_in(tz)),
            format_date(window.end.date_in(tz)),
            n,
            if n == 1 { "change" } else { "changes" }
        );
        Some(view! {
            <div class="whatif-strip">
                <svg role="img" aria-label=label width="100%" height="28" class="whatif-strip__svg">
                    <line x1="0" y1="14" x2="100%" y2="14" class="whatif-strip__axis"/>
                    {marks}
                </svg>
                <div class="whatif-strip__ends" aria-hidden="true">
                    <span>{format_date(window.start.date_in(tz))}</span>
                    <span>{format_date(window.end.date_in(tz))}</span>
                </div>
            </div>
        })
    }
}

#[component]
fn ChangeRow(change: ScheduledChange) -> impl IntoView {
    let ws = use_workspace();
    let tz = ws.plan.with_untracked(|p| p.workspace.time_zone);
    let editing = RwSignal::new(false);
    let local = change.at.to_naive_utc();
    let zoned = {
        use chrono::TimeZone;
        tz.from_utc_datetime(&local)
    };
    let date = RwSignal::new(zoned.format("%Y-%m-%d").to_string());
    let time = RwSignal::new(zoned.format("%H:%M").to_string());
    let error = RwSignal::new(None::<String>);
    let outside = ws.plan.with_untracked(|p| p.simulation.is_some_and(|w| change.at < w.start || change.at >= w.end));
    let label = change.label.clone();
    let indices = StoredValue::new(change.indices.clone());
    let remove = move |_| {
        let _ = ws.dispatch(Edit::RemoveEvents { indices: indices.get_value() });
    };
    let save = move |_| {
        let at = match schedule_instant(tz, &date.get_untracked(), &time.get_untracked()) {
            Ok(at) => at,
            Err(e) => return error.set(Some(e)),
        };
        let events: Vec<Event> = ws.plan.with_untracked(|p| {
            indices.get_value().iter().filter_map(|&i| p.events.get(i)).map(|e| Event { at, kind: e.kind.clone() }).collect()
        });
        match ws.dispatch_inline(Edit::ReplaceEvents { indices: indices.get_value(), events }) {
            Ok(_) => editing.set(false),
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    let id = unique_id("change");
    let (date_id, time_id) = (format!("{id}-date"), format!("{id}-time"));
    view! {
        <li class="whatif-timeline__item">
            <time class="whatif-timeline__when" datetime=change.at.plan_format()>
                {when(change.at, tz)}
            </time>
            <span class="whatif-timeline__what">{change.label.clone()}</span>
            {outside.then(|| view! { <span class="badge badge--warning">"Outside the simulation window"</span> })}
            <span class="whatif-timeline__actions">
                <button
                    type="button"
                    class="button button--small"
                    aria-label=format!("Reschedule: {label}")
                    aria-expanded=move || editing.get().to_string()
                    on:click=move |_| editing.update(|e| *e = !*e)
                >
                    "Reschedule"
                </button>
                <button
                    type="button"
                    class="button button--small button--danger"
                    aria-label=format!("Remove scheduled change: {}", change.label)
                    on:click=remove
                >
                    "Remove"
                </button>
            </span>
            <Show when=move || editing.get()>
                <div class="inline-form" role="group" aria-label="New date">
                    <label for=date_id.clone()>"New date"</label>
                    <input
                        id=date_id.clone()
                        type="date"
                        class="field__input"
                        prop:value=move || date.get()
                        on:input=move |e| date.set(event_target_value(&e))
                    />
                    <label for=time_id.clone()>"New time"</label>
                    <input
                        id=time_id.clone()
                        type="time"
                        class="field__input"
                        prop:value=move || time.get()
                        on:input=move |e| time.set(event_target_value(&e))
                    />
                    <button type="button" class="button button--primary button--small" on:click=save>
                        "Save date"
                    </button>
                    {move || error.get().map(|e| view! { <p class="field__error" role="alert">{e}</p> })}
                </div>
            </Show>
        </li>
    }
}

#[component]
fn ScheduleForm() -> impl IntoView {
    let ws = use_workspace();
    let (tz, week_start, first_day) = ws.plan.with_untracked(|p| {
        let tz = p.workspace.time_zone;
        let start = p.simulation.map_or_else(now, |w| w.start);
        (tz, p.workspace.week_start, format_date(start.date_in(tz)))
    });
    let kind = RwSignal::new(Kind::Pause);
    let date = RwSignal::new(first_day);
    let time = RwSignal::new("09:00".to_owned());
    let program = RwSignal::new(String::new());
    let stream = RwSignal::new(String::new());
    let content = RwSignal::new(String::new());
    let position = RwSignal::new(String::new());
    let active = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let warnings = RwSignal::new(Vec::<String>::new());
    let draft = ConditionDraft::new(None);
    let catalog = Memo::new(move |_| ws.plan.with(ConditionCatalog::of));

    let programs = Memo::new(move |_| {
        ws.plan.with(|p| p.engagement_programs.iter().map(|ep| (ep.id.to_string(), program_name(ep))).collect::<Vec<_>>())
    });
    let program_id = Memo::new(move |_| chosen(program.get(), &programs.get()));
    let streams = Memo::new(move |_| {
        let id = program_id.get();
        ws.plan.with(|p| {
            p.engagement_programs
                .iter()
                .find(|ep| ep.id.as_str() == id)
                .map(|ep| ep.streams.iter().map(|s| (s.id.to_string(), stream_name(s))).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let stream_id = Memo::new(move |_| chosen(stream.get(), &streams.get()));
    let contents = Memo::new(move |_| {
        let k = kind.get();
        let s = stream_id.get();
        ws.plan.with(|p| {
            if k == Kind::AddContent {
                let emails = p.emails.iter().filter(|e| !e.operational).map(|e| {
                    (e.id.to_string(), format!("{} (email{})", e.name.clone().unwrap_or_else(|| e.id.to_string()), if e.approved { "" } else { ", not approved" }))
                });
                let programs = p
                    .programs
                    .iter()
                    .map(|c| (c.id.to_string(), format!("{} (program)", c.name.clone().unwrap_or_else(|| c.id.to_string()))));
                emails.chain(programs).collect::<Vec<_>>()
            } else {
                let names = crate::results::record::Names::of(p);
                p.engagement_programs
                    .iter()
                    .flat_map(|ep| &ep.streams)
                    .find(|x| x.id.as_str() == s)
                    .map(|x| {
                        x.content
                            .iter()
                            .enumerate()
                            .map(|(i, item)| {
                                let id = item.content.id().as_str();
                                (id.to_owned(), format!("{}. {}", i + 1, names.content(id)))
                            })
                            .collect()
                    })
                    .unwrap_or_default()
            }
        })
    });
    let content_id = Memo::new(move |_| chosen(content.get(), &contents.get()));
    let instant = Memo::new(move |_| schedule_instant(tz, &date.get(), &time.get()));

    // The segment's size, live, as the condition is built.
    let matching = Memo::new(move |_| {
        if !kind.get().segment() {
            return None;
        }
        draft.track();
        let cond = draft.to_condition(&catalog.get());
        let ep = EpId::new(program_id.get());
        Some(match cond {
            Ok(c) => ws.plan.with(|p| segment(p, &ep, c.as_ref())).map(|v| v.len()).map_err(|e| e.to_string()),
            Err(e) => Err(e),
        })
    });

    let build = move || -> Result<Vec<Event>, String> {
        let at: Instant = instant.get_untracked()?;
        let pid = program_id.get_untracked();
        if pid.is_empty() {
            return Err("Choose a program: this workspace has none yet".to_owned());
        }
        let ep = EpId::new(pid);
        let k = kind.get_untracked();
        let stream = StreamId::new(stream_id.get_untracked());
        let content = ContentId::new(content_id.get_untracked());
        if k.stream() && stream.as_str().is_empty() {
            return Err("Choose a stream".to_owned());
        }
        if k.content() && content.as_str().is_empty() {
            return Err("Choose the content".to_owned());
        }
        let position = position.get_untracked();
        let to_index = match position.trim() {
            "" => None,
            t => match t.parse::<usize>() {
                Ok(n) if n >= 1 => Some(n - 1),
                _ => return Err(format!("The position {t:?} is not a whole number from 1")),
            },
        };
        let event = |kind| Ok(vec![Event { at, kind }]);
        match k {
            Kind::Pause | Kind::Resume => {
                let cond = draft.to_condition(&catalog.get_untracked())?;
                let people = ws.plan.with_untracked(|p| segment(p, &ep, cond.as_ref())).map_err(|e| e.to_string())?;
                if people.is_empty() {
                    return Err("No member of the program matches the segment: there is nobody to schedule".to_owned());
                }
                Ok(pause_events(&people, &ep, at, k == Kind::Pause))
            }
            Kind::AddContent => {
                let is_program = ws.plan.with_untracked(|p| p.programs.iter().any(|c| c.id == content));
                let r = if is_program { ContentRef::Program(content) } else { ContentRef::Email(content) };
                let item = ContentItem { active: active.get_untracked(), ..ContentItem::new(r) };
                event(EventKind::AddContent { program: ep, stream, item, to_index })
            }
            Kind::RemoveContent => event(EventKind::RemoveContent { program: ep, stream, content }),
            Kind::MoveContent => match to_index {
                Some(to_index) => event(EventKind::MoveContent { program: ep, stream, content, to_index }),
                None => Err("Give the position to move the content to (1 is the top)".to_owned()),
            },
            Kind::ProgramOff | Kind::ProgramOn => {
                event(EventKind::SetProgramActive { program: ep, active: k == Kind::ProgramOn })
            }
            Kind::SetCadence => Err("Save the cadence with its own button".to_owned()),
        }
    };
    let schedule = move |events: Vec<Event>| -> Result<(), String> {
        match ws.dispatch_inline(Edit::AddEvents { events }) {
            Ok(a) => {
                warnings.set(warning_lines(&a));
                error.set(None);
                Ok(())
            }
            Err(e) => Err(e.to_string()),
        }
    };
    let submit = move |_| {
        warnings.set(vec![]);
        if let Err(e) = build().and_then(schedule) {
            error.set(Some(e));
        }
    };

    let base = StoredValue::new(unique_id("schedule"));
    let f = move |s: &str| format!("{}-{s}", base.get_value());

    view! {
        <div class="whatif-form" role="group" aria-labelledby=f("title")>
            <h3 id=f("title")>"Schedule a change"</h3>
            <div class="form-grid">
                <div class="field">
                    <label class="field__label" for=f("kind")>"Change"</label>
                    <select
                        id=f("kind")
                        class="field__input"
                        on:change=move |e| {
                            let v = event_target_value(&e);
                            if let Some((k, _, _)) = KINDS.iter().find(|(_, key, _)| *key == v) {
                                kind.set(*k);
                                error.set(None);
                            }
                        }
                    >
                        {KINDS
                            .iter()
                            .map(|&(k, key, text)| view! { <option value=key selected=move || kind.get() == k>{text}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label class="field__label" for=f("date")>"Date"</label>
                    <input
                        id=f("date")
                        type="date"
                        class="field__input"
                        prop:value=move || date.get()
                        on:input=move |e| date.set(event_target_value(&e))
                    />
                </div>
                <div class="field">
                    <label class="field__label" for=f("time")>"Time"</label>
                    <input
                        id=f("time")
                        type="time"
                        class="field__input"
                        prop:value=move || time.get()
                        on:input=move |e| time.set(event_target_value(&e))
                    />
                </div>
                <div class="field">
                    <label class="field__label" for=f("program")>"Program"</label>
                    <select
                        id=f("program")
                        class="field__input"
                        on:change=move |e| program.set(event_target_value(&e))
                    >
                        <For each=move || programs.get() key=|o| o.clone() let:o>
                            <option value=o.0.clone() selected=move || program_id.get() == o.0>{o.1.clone()}</option>
                        </For>
                    </select>
                </div>
                <Show when=move || kind.get().stream()>
                    <div class="field">
                        <label class="field__label" for=f("stream")>"Stream"</label>
                        <select
                            id=f("stream")
                            class="field__input"
                            on:change=move |e| stream.set(event_target_value(&e))
                        >
                            <For each=move || streams.get() key=|o| o.clone() let:o>
                                <option value=o.0.clone() selected=move || stream_id.get() == o.0>{o.1.clone()}</option>
                            </For>
                        </select>
                    </div>
                </Show>
                <Show when=move || kind.get().content()>
                    <div class="field">
                        <label class="field__label" for=f("content")>"Content"</label>
                        <select
                            id=f("content")
                            class="field__input"
                            on:change=move |e| content.set(event_target_value(&e))
                        >
                            <For each=move || contents.get() key=|o| o.clone() let:o>
                                <option value=o.0.clone() selected=move || content_id.get() == o.0>{o.1.clone()}</option>
                            </For>
                        </select>
                    </div>
                </Show>
                <Show when=move || matches!(kind.get(), Kind::AddContent | Kind::MoveContent)>
                    <div class="field">
                        <label class="field__label" for=f("position")>
                            {move || if kind.get() == Kind::MoveContent { "To position" } else { "At position (empty: the end)" }}
                        </label>
                        <input
                            id=f("position")
                            type="number"
                            min="1"
                            inputmode="numeric"
                            class="field__input"
                            prop:value=move || position.get()
                            on:input=move |e| position.set(event_target_value(&e))
                        />
                    </div>
                </Show>
                <Show when=move || kind.get() == Kind::AddContent>
                    <label class="checkbox">
                        <input type="checkbox" prop:checked=move || active.get() on:change=move |e| active.set(event_target_checked(&e))/>
                        "Active when added"
                    </label>
                </Show>
            </div>
            <Show when=move || kind.get().segment()>
                <div class="whatif-segment">
                    <p class="field__hint">
                        "The segment: the program's members matching these conditions now (no condition: all of them). \
                         Each gets their own scheduled change; the timeline shows them as one."
                    </p>
                    <ConditionBuilder draft catalog label="Segment"/>
                    <p class="whatif-segment__count" role="status">
                        {move || match matching.get() {
                            Some(Ok(n)) => format!("{} {} of the program match", thousands(n as u64), if n == 1 { "member" } else { "members" }),
                            Some(Err(e)) => e,
                            None => String::new(),
                        }}
                    </p>
                </div>
            </Show>
            {move || {
                (kind.get() == Kind::SetCadence)
                    .then(|| {
                        let at = instant.get().ok()?;
                        let s = stream_id.get();
                        let initial = ws
                            .plan
                            .with_untracked(|p| {
                                p.engagement_programs.iter().flat_map(|ep| &ep.streams).find(|x| x.id.as_str() == s).and_then(|x| x.cadence)
                            });
                        let ep = EpId::new(program_id.get_untracked());
                        let save = Callback::new(move |cadence| {
                            warnings.set(vec![]);
                            schedule(vec![Event {
                                at,
                                kind: EventKind::SetCadence { program: ep.clone(), stream: StreamId::new(s.clone()), cadence },
                            }])
                        });
                        Some(view! {
                            <div class="whatif-cadence">
                                <p class="field__hint">
                                    "The new cadence applies from the change's date on (R-CA-9); a recipient-time-zone cadence needs its first cast at least 25 hours after it (R-CA-10)."
                                </p>
                                <CadenceEditor
                                    initial
                                    today=at.date_in(tz)
                                    tz
                                    week_start
                                    now=at
                                    on_save=save
                                    on_cancel=Callback::new(move |()| kind.set(Kind::Pause))
                                />
                            </div>
                        })
                    })
                    .flatten()
            }}
            <Show when=move || kind.get() != Kind::SetCadence>
                <div class="form-actions">
                    <button type="button" class="button button--primary" on:click=submit>
                        "Schedule change"
                    </button>
                </div>
            </Show>
            {move || error.get().map(|e| view! { <p class="alert alert--error" role="alert">{e}</p> })}
            {move || {
                let w = warnings.get();
                (!w.is_empty())
                    .then(|| {
                        view! {
                            <ul class="alert alert--warning" aria-label="Warnings">
                                {w.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
                            </ul>
                        }
                    })
            }}
        </div>
    }
}
