//! Bulk actions on the people the table shows: add to a stream (R-ME-1:
//! members already are skipped), pause / resume (R-ME-2), move to another
//! stream of the same program (R-TR-3), remove (R-ME-4). Each is one edit,
//! one undo step; the dialog says how many people it affects and, after,
//! who was skipped and why.

use engine::edit::{Edit, Skipped};
use engine::model::{EpId, PersonCadence, PersonId, StreamId};
use leptos::prelude::*;

use super::choices::{program_choices, stream_choices};
use super::{people_text, AudienceState};
use crate::components::Dialog;
use crate::state::use_workspace;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    Add,
    Pause,
    Resume,
    Move,
    Remove,
}

impl Action {
    fn from_key(k: &str) -> Action {
        match k {
            "pause" => Action::Pause,
            "resume" => Action::Resume,
            "move" => Action::Move,
            "remove" => Action::Remove,
            _ => Action::Add,
        }
    }

    fn needs_stream(self) -> bool {
        matches!(self, Action::Add | Action::Move)
    }

    fn verb(self) -> &'static str {
        match self {
            Action::Add => "Add",
            Action::Pause => "Pause",
            Action::Resume => "Resume",
            Action::Move => "Move",
            Action::Remove => "Remove",
        }
    }
}

fn skipped_line(s: &Skipped) -> String {
    match s.rule {
        Some(rule) => format!("{}: {} ({rule})", s.name, s.reason),
        None => format!("{}: {}", s.name, s.reason),
    }
}

#[component]
pub(super) fn BulkDialog(state: AudienceState) -> impl IntoView {
    let ws = use_workspace();
    let action = RwSignal::new(Action::Add);
    let program = RwSignal::new(String::new());
    let stream = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let result = RwSignal::new(None::<(String, Vec<String>)>);
    let count = Memo::new(move |_| state.rows.with(Vec::len));

    let programs = program_choices(ws);
    let streams = stream_choices(ws, program);
    // Opening starts afresh, with the first program and stream chosen.
    Effect::new(move |_| {
        if state.bulk_open.get() {
            error.set(None);
            result.set(None);
            let first = programs.get_untracked().first().map(|p| p.0.clone()).unwrap_or_default();
            program.set(first);
        }
    });
    Effect::new(move |_| {
        let first = streams.get().first().map(|s| s.0.clone()).unwrap_or_default();
        stream.set(first);
    });

    let apply = move || {
        let a = action.get_untracked();
        let p = program.get_untracked();
        if p.is_empty() {
            error.set(Some("Program: choose a program (create one on the Programs page first)".into()));
            return;
        }
        let s = stream.get_untracked();
        if a.needs_stream() && s.is_empty() {
            error.set(Some("Stream: choose a stream of the program".into()));
            return;
        }
        let people: Vec<PersonId> = state.rows.with_untracked(|rows| {
            ws.plan.with_untracked(|plan| {
                rows.iter().filter_map(|&i| plan.people.get(i as usize)).map(|x| x.id.clone()).collect()
            })
        });
        let (program, stream) = (EpId::new(p), StreamId::new(s));
        let edit = match a {
            Action::Add => Edit::AddMembers { people, program, stream, cadence: PersonCadence::Normal },
            Action::Pause => Edit::SetMembersCadence { people, program, cadence: PersonCadence::Paused },
            Action::Resume => Edit::SetMembersCadence { people, program, cadence: PersonCadence::Normal },
            Action::Move => Edit::MoveMembers { people, program, stream },
            Action::Remove => Edit::RemoveMembers { people, program },
        };
        match ws.dispatch(edit) {
            Ok(applied) => {
                error.set(None);
                result.set(Some((applied.description, applied.skipped.iter().map(skipped_line).collect())));
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };

    let confirm_text = move || {
        let n = count.get();
        let where_ = match action.get() {
            Action::Add => "to the chosen stream; members already are skipped (R-ME-1)",
            Action::Pause => "in the chosen program: paused members receive nothing (R-ME-2)",
            Action::Resume => "in the chosen program (R-ME-2)",
            Action::Move => "to the chosen stream of the same program, keeping cadence and membership date (R-TR-3)",
            Action::Remove => "from the chosen program; their history stays (R-ME-4)",
        };
        format!("{} the {} the table shows {where_}. One undo step.", action.get().verb(), people_text(n))
    };

    view! {
        <Dialog open=state.bulk_open title="Bulk actions">
            <form on:submit=move |ev| {
                ev.prevent_default();
                apply();
            }>
                <div class="field">
                    <label class="field__label" for="bulk-action">"Action"</label>
                    <select
                        id="bulk-action"
                        class="field__input"
                        on:change=move |ev| {
                            action.set(Action::from_key(&event_target_value(&ev)));
                            result.set(None);
                        }
                    >
                        <option value="add">"Add to a stream"</option>
                        <option value="pause">"Pause"</option>
                        <option value="resume">"Resume"</option>
                        <option value="move">"Move to another stream"</option>
                        <option value="remove">"Remove from the program"</option>
                    </select>
                </div>
                <div class="field">
                    <label class="field__label" for="bulk-program">"Program"</label>
                    <select
                        id="bulk-program"
                        class="field__input"
                        prop:value=move || program.get()
                        on:change=move |ev| program.set(event_target_value(&ev))
                    >
                        <For each=move || programs.get() key=|p| p.0.clone() let:p>
                            <option value=p.0.clone()>{p.1.clone()}</option>
                        </For>
                    </select>
                </div>
                <Show when=move || action.get().needs_stream()>
                    <div class="field">
                        <label class="field__label" for="bulk-stream">"Stream"</label>
                        <select
                            id="bulk-stream"
                            class="field__input"
                            prop:value=move || stream.get()
                            on:change=move |ev| stream.set(event_target_value(&ev))
                        >
                            <For each=move || streams.get() key=|s| s.0.clone() let:s>
                                <option value=s.0.clone()>{s.1.clone()}</option>
                            </For>
                        </select>
                    </div>
                </Show>
                <p class="dialog__message">{confirm_text}</p>
                <p class="field__error" role="alert">{move || error.get()}</p>
                {move || {
                    result.get().map(|(description, skipped)| {
                        let more = skipped.len();
                        view! {
                            <p role="status">{description}</p>
                            <Show when=move || { more > 0 }>
                                <details>
                                    <summary>{format!("Skipped (first {more} listed)")}</summary>
                                    <ul>{skipped.iter().map(|s| view! { <li>{s.clone()}</li> }).collect_view()}</ul>
                                </details>
                            </Show>
                        }
                    })
                }}
                <div class="dialog__actions">
                    <button type="button" class="button" on:click=move |_| state.bulk_open.set(false)>"Close"</button>
                    <button type="submit" class="button button--primary" disabled=move || count.get() == 0>
                        {move || format!("{} {}", action.get().verb(), people_text(count.get()))}
                    </button>
                </div>
            </form>
        </Dialog>
    }
}
