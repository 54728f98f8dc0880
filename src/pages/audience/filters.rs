//! The filter bar: search by id or email, membership of a program or
//! stream, blocking flags, time zone and conditions from the condition
//! builder (attributes, unsubscribed, in stream).

use std::collections::BTreeSet;

use chrono_tz::Tz;
use engine::model::{EpId, StreamId};
use leptos::prelude::*;

use super::choices::{program_choices, stream_choices};
use super::AudienceState;
use crate::components::{ConditionBuilder, ConditionCatalog, ConditionDraft};
use crate::people::filter::{MemberState, MembershipFilter, ZoneFilter};
use crate::state::use_workspace;

/// "" → `None`, "yes" → `Some(true)`, "no" → `Some(false)`.
fn tri(value: &str) -> Option<bool> {
    match value {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

#[component]
fn FlagSelect(
    state: AudienceState,
    id: &'static str,
    label: &'static str,
    set: fn(&mut crate::people::filter::PeopleFilter, Option<bool>),
) -> impl IntoView {
    view! {
        <div class="field">
            <label class="field__label" for=id>{label}</label>
            <select
                id=id
                class="field__input"
                on:change=move |ev| {
                    let v = tri(&event_target_value(&ev));
                    state.filter.update(|f| set(f, v));
                }
            >
                <option value="">"Any"</option>
                <option value="yes">"Yes"</option>
                <option value="no">"No"</option>
            </select>
        </div>
    }
}

#[component]
pub(super) fn FilterBar(state: AudienceState) -> impl IntoView {
    let ws = use_workspace();
    let program = RwSignal::new(String::new());
    let stream = RwSignal::new(String::new());
    let member_state = RwSignal::new("member".to_owned());
    let programs = program_choices(ws);
    let streams = stream_choices(ws, program);
    let zones = Memo::new(move |_| {
        ws.plan.with(|p| {
            p.people.iter().filter_map(|x| x.time_zone).map(|z| z.name()).collect::<BTreeSet<_>>().into_iter().collect::<Vec<_>>()
        })
    });
    let apply_membership = move || {
        let p = program.get_untracked();
        let m = (!p.is_empty()).then(|| MembershipFilter {
            program: EpId::new(p),
            stream: Some(stream.get_untracked()).filter(|s| !s.is_empty()).map(StreamId::new),
            state: match member_state.get_untracked().as_str() {
                "not" => MemberState::NotMember,
                "paused" => MemberState::Paused,
                _ => MemberState::Member,
            },
        });
        state.filter.update(|f| f.membership = m);
    };

    let catalog = Memo::new(move |_| ws.plan.with(ConditionCatalog::of));
    let draft = ConditionDraft::new(None);
    let condition_error = RwSignal::new(None::<String>);
    let apply_conditions = move |_| match draft.to_condition(&catalog.get_untracked()) {
        Ok(c) => {
            condition_error.set(None);
            state.filter.update(|f| f.condition = c);
        }
        Err(e) => condition_error.set(Some(e)),
    };

    view! {
        <div class="filter-bar" role="search" aria-label="Filter people">
            <div class="field">
                <label class="field__label" for="people-search">"Search people"</label>
                <input
                    id="people-search"
                    type="search"
                    class="field__input"
                    placeholder="id or email"
                    on:input=move |ev| {
                        let t = event_target_value(&ev);
                        state.filter.update(|f| f.text = t);
                    }
                />
            </div>
            <div class="field">
                <label class="field__label" for="people-member-state">"Membership"</label>
                <select
                    id="people-member-state"
                    class="field__input"
                    on:change=move |ev| {
                        member_state.set(event_target_value(&ev));
                        apply_membership();
                    }
                >
                    <option value="member">"Member of"</option>
                    <option value="not">"Not member of"</option>
                    <option value="paused">"Paused in"</option>
                </select>
            </div>
            <div class="field">
                <label class="field__label" for="people-program">"Program"</label>
                <select
                    id="people-program"
                    class="field__input"
                    on:change=move |ev| {
                        program.set(event_target_value(&ev));
                        stream.set(String::new());
                        apply_membership();
                    }
                >
                    <option value="">"Any program (no membership filter)"</option>
                    <For each=move || programs.get() key=|p| p.0.clone() let:p>
                        <option value=p.0.clone()>{p.1.clone()}</option>
                    </For>
                </select>
            </div>
            <div class="field">
                <label class="field__label" for="people-stream">"Stream"</label>
                <select
                    id="people-stream"
                    class="field__input"
                    prop:value=move || stream.get()
                    disabled=move || program.with(String::is_empty)
                    on:change=move |ev| {
                        stream.set(event_target_value(&ev));
                        apply_membership();
                    }
                >
                    <option value="">"Any stream"</option>
                    <For each=move || streams.get() key=|s| s.0.clone() let:s>
                        <option value=s.0.clone()>{s.1.clone()}</option>
                    </For>
                </select>
            </div>
            <FlagSelect state id="people-unsubscribed" label="Unsubscribed" set=|f, v| f.unsubscribed = v/>
            <FlagSelect state id="people-suspended" label="Suspended" set=|f, v| f.suspended = v/>
            <FlagSelect state id="people-invalid" label="Email invalid" set=|f, v| f.invalid = v/>
            <div class="field">
                <label class="field__label" for="people-zone">"Time zone"</label>
                <select
                    id="people-zone"
                    class="field__input"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        let z = match v.as_str() {
                            "" => None,
                            "workspace" => Some(ZoneFilter::Workspace),
                            name => name.parse::<Tz>().ok().map(ZoneFilter::Zone),
                        };
                        state.filter.update(|f| f.time_zone = z);
                    }
                >
                    <option value="">"Any"</option>
                    <option value="workspace">"Workspace zone"</option>
                    <For each=move || zones.get() key=|z| *z let:z>
                        <option value=z>{z}</option>
                    </For>
                </select>
            </div>
        </div>
        <details class="people-conditions">
            <summary>"Conditions"</summary>
            <ConditionBuilder draft catalog label="People conditions"/>
            <button type="button" class="button" on:click=apply_conditions>"Apply conditions"</button>
            <p class="field__error" role="alert">{move || condition_error.get()}</p>
        </details>
        <p class="field__error" role="alert">{move || state.filter_error.get()}</p>
    }
}
