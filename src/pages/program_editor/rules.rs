//! The transition rules of a stream (R-TR-1): the rules that pull people
//! *into* it, each a condition built with the [`ConditionBuilder`]; any one
//! that holds pulls the person in. Saved as `Edit::SetTransitionRules`.
//! Shows the R-TR-4 "beyond Marketo" badge, and which other streams' rules
//! can hold at the same time (R-TR-2, first stream in order wins).

use engine::edit::Edit;
use engine::model::Condition;
use leptos::prelude::*;

use super::dialogs::stream_label;
use super::use_editor;
use crate::components::{ConditionBuilder, ConditionCatalog, ConditionDraft, Dialog};
use crate::planner::overlap::overlapping_streams;
use crate::planner::summary::stream_name;

#[component]
pub(crate) fn RulesDialog() -> impl IntoView {
    let editor = use_editor();
    let slot = editor.dialogs.rules;
    let title = Signal::derive(move || format!("Transition rules of {}", stream_label(editor, slot.target.get())));
    view! {
        <Dialog open=slot.open title class="dialog--wide">
            {move || slot.target.get().map(|stream| view! { <RulesEditor stream/> })}
        </Dialog>
    }
}

#[component]
fn RulesEditor(stream: engine::model::StreamId) -> impl IntoView {
    let editor = use_editor();
    let slot = editor.dialogs.rules;
    let catalog = Memo::new(move |_| editor.ws.plan.with(ConditionCatalog::of));
    let existing: Vec<Condition> = untrack(|| {
        editor.ep.with(|ep| {
            ep.as_ref()
                .and_then(|ep| ep.streams.iter().find(|s| s.id == stream))
                .map(|s| s.transition_rules.clone())
                .unwrap_or_default()
        })
    });
    let next = StoredValue::new(existing.len());
    let rules = RwSignal::new(
        existing.iter().enumerate().map(|(i, c)| (i, ConditionDraft::new(Some(c)))).collect::<Vec<_>>(),
    );
    let owner = StoredValue::new_local(Owner::current().unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let name = untrack(|| stream_label(editor, Some(stream.clone())));
    let name2 = name.clone();
    let overlaps = {
        let stream = stream.clone();
        Memo::new(move |_| {
            editor.ep.with(|ep| {
                let Some(ep) = ep else {
                    return Vec::new();
                };
                let me = ep.streams.iter().position(|s| s.id == stream);
                overlapping_streams(ep)
                    .into_iter()
                    .filter_map(|o| {
                        let other = if Some(o.first) == me {
                            o.second
                        } else if Some(o.second) == me {
                            o.first
                        } else {
                            return None;
                        };
                        Some((stream_name(&ep.streams[other]), other < me.unwrap_or(0)))
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    let add = move |_| {
        let id = next.get_value();
        next.set_value(id + 1);
        let draft = owner.with_value(|o| o.with(|| ConditionDraft::new(None)));
        rules.update(|r| r.push((id, draft)));
    };
    let stream2 = stream.clone();
    let save = move |_| {
        let cat = catalog.get_untracked();
        let mut out = Vec::new();
        for (i, (_, draft)) in rules.get_untracked().iter().enumerate() {
            match draft.to_condition(&cat) {
                Ok(Some(c)) => out.push(c),
                Ok(None) => {}
                Err(e) => {
                    error.set(Some(format!("Rule {}: {e}", i + 1)));
                    return;
                }
            }
        }
        match editor.dispatch(Edit::SetTransitionRules { stream: stream2.clone(), rules: out }) {
            Ok(_) => slot.open.set(false),
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    view! {
        <p class="dialog__message">
            {format!(
                "People move into {name} when any one of these rules holds for them (R-TR-1). Rules are \
                 checked whenever a stream of the program casts; the first stream, in stream order, whose \
                 rule holds wins (R-TR-2)."
            )}
        </p>
        <Show when=move || overlaps.with(|o| !o.is_empty())>
            <div class="note" role="note">
                <p>"These streams have rules that can hold for the same person at the same time (R-TR-2):"</p>
                <ul>
                    {move || {
                        overlaps
                            .get()
                            .into_iter()
                            .map(|(other, before)| {
                                let text = if before {
                                    format!("{other} comes first: it takes the people both rules match.")
                                } else {
                                    format!("{other} comes later: people both rules match come here.")
                                };
                                view! { <li>{text}</li> }
                            })
                            .collect_view()
                    }}
                </ul>
            </div>
        </Show>
        <ol class="rule-list" aria-label="Rules">
            <For
                each=move || { rules.get().into_iter().enumerate().collect::<Vec<(usize, (usize, ConditionDraft))>>() }
                key=|(i, (id, _))| (*i, *id)
                let:entry
            >
                {
                    let (i, (id, draft)) = entry;
                    view! {
                <li>
                    <div class="rule-list__head">
                        <h3>{format!("Rule {}", i + 1)}</h3>
                        <button
                            type="button"
                            class="button button--small button--quiet"
                            aria-label=format!("Remove rule {}", i + 1)
                            on:click=move |_| rules.update(|r| r.retain(|(x, _)| *x != id))
                        >
                            "Remove rule"
                        </button>
                    </div>
                    <ConditionBuilder draft catalog label=format!("Rule {}", i + 1)/>
                </li>
                    }
                }
            </For>
        </ol>
        <Show when=move || rules.with(Vec::is_empty)>
            <p>{format!("No rules: people enter {name2} only when added or moved there.")}</p>
        </Show>
        <div>
            <button type="button" class="button" on:click=add>"Add rule"</button>
        </div>
        <p class="field__error" role="alert">{move || error.get()}</p>
        <div class="dialog__actions">
            <button type="button" class="button" on:click=move |_| slot.open.set(false)>"Cancel"</button>
            <button type="button" class="button button--primary" on:click=save>"Save rules"</button>
        </div>
    }
}
