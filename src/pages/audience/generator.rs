//! The synthetic generator dialog: size, distributions, seed, replace or
//! append, optionally join a program's stream. The engine generates the
//! columns in one step; turning them into the plan's people runs in chunks
//! with a progress line, so the page stays usable; the plan is then
//! replaced in one step ([`crate::state::Workspace::replace`], which clears
//! the undo history, as the dialog says).

use engine::audience::{generate, MAX_SYNTHETIC_PEOPLE};
use engine::model::{EpId, StreamId};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{now_ms, people_text, yield_to_browser, AudienceState};
use crate::components::Dialog;
use crate::people::generate::{with_people, GeneratorForm, Placement, ScoreKind};
use crate::results::record::thousands;
use crate::state::{now, use_workspace};

/// People converted between two yields.
const CHUNK: usize = 50_000;

/// The wasm linear memory, in MB (what the app holds).
fn wasm_memory_mb() -> f64 {
    use wasm_bindgen::JsCast;
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .ok()
        .and_then(|m| m.buffer().dyn_into::<js_sys::ArrayBuffer>().ok())
        .map_or(0.0, |b| f64::from(b.byte_length()) / 1_048_576.0)
}

#[component]
fn TextField(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] hint: &'static str,
    #[prop(optional)] multiline: bool,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let input = if multiline {
        view! {
            <textarea
                id=id
                class="field__input"
                rows="4"
                aria-describedby=hint_id.clone()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id
                class="field__input"
                aria-describedby=hint_id.clone()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label class="field__label" for=id>{label}</label>
            {input}
            <span class="field__hint" id=hint_id>{hint}</span>
        </div>
    }
}

#[component]
pub(super) fn GeneratorDialog(state: AudienceState) -> impl IntoView {
    let ws = use_workspace();
    let d = GeneratorForm::default();
    let size = RwSignal::new(d.size);
    let seed = RwSignal::new(d.seed);
    let prefix = RwSignal::new(d.id_prefix);
    let unsub = RwSignal::new(d.unsubscribed_percent);
    let zones = RwSignal::new(d.time_zones);
    let segments = RwSignal::new(d.segments);
    let score = RwSignal::new(d.score);
    let mean = RwSignal::new(d.score_mean);
    let sd = RwSignal::new(d.score_sd);
    let min = RwSignal::new(d.score_min);
    let max = RwSignal::new(d.score_max);
    let placement = RwSignal::new(Placement::Replace);
    let join = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let progress = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let figures = RwSignal::new(String::new());

    let people_now = Memo::new(move |_| ws.plan.with(|p| p.people.len()));
    let streams = Memo::new(move |_| {
        ws.plan.with(|p| {
            p.engagement_programs
                .iter()
                .flat_map(|e| {
                    let en = e.name.clone().unwrap_or_else(|| e.id.to_string());
                    e.streams.iter().map(move |s| {
                        (
                            format!("{}\u{1f}{}", e.id, s.id),
                            format!("{en} → {}", s.name.clone().unwrap_or_else(|| s.id.to_string())),
                        )
                    })
                })
                .collect::<Vec<_>>()
        })
    });

    let run = move || {
        let form = GeneratorForm {
            size: size.get_untracked(),
            seed: seed.get_untracked(),
            id_prefix: prefix.get_untracked(),
            unsubscribed_percent: unsub.get_untracked(),
            time_zones: zones.get_untracked(),
            segments: segments.get_untracked(),
            score: score.get_untracked(),
            score_mean: mean.get_untracked(),
            score_sd: sd.get_untracked(),
            score_min: min.get_untracked(),
            score_max: max.get_untracked(),
        };
        let spec = match form.to_spec() {
            Ok(s) => s,
            Err(e) => {
                error.set(Some(e));
                return;
            }
        };
        let join_to = join.get_untracked().split_once('\u{1f}').map(|(e, s)| (EpId::new(e), StreamId::new(s)));
        let placement = placement.get_untracked();
        error.set(None);
        busy.set(true);
        progress.set(Some("Generating…".into()));
        spawn_local(async move {
            yield_to_browser().await;
            let started = now_ms();
            let audience = match generate(&spec) {
                Ok(a) => a,
                Err(e) => {
                    error.set(Some(e));
                    busy.set(false);
                    progress.set(None);
                    return;
                }
            };
            let n = audience.len();
            let mut people = Vec::with_capacity(n);
            let mut start = 0;
            while start < n {
                let end = (start + CHUNK).min(n);
                people.extend((start..end).map(|i| audience.person(i).to_person()));
                start = end;
                progress.set(Some(format!("Generating… {} of {}", thousands(start as u64), people_text(n))));
                yield_to_browser().await;
                // Closing the dialog (Cancel, Escape) stops the run.
                if !state.generator_open.get_untracked() {
                    busy.set(false);
                    progress.set(None);
                    ws.say("Generation cancelled; nothing changed".into());
                    return;
                }
            }
            drop(audience);
            progress.set(Some("Placing the people in the workspace…".into()));
            yield_to_browser().await;
            let next = ws.plan.with_untracked(|plan| with_people(plan, people, placement, join_to, now()));
            match next {
                Ok(plan) => {
                    ws.replace(plan);
                    let secs = (now_ms() - started) / 1000.0;
                    let text = format!(
                        "Generated {} in {secs:.1} s; the app's memory is now {:.0} MB. The undo history was cleared.",
                        people_text(n),
                        wasm_memory_mb()
                    );
                    figures.set(format!("{secs:.2}s {:.0}MB", wasm_memory_mb()));
                    ws.say(text);
                    state.generator_open.set(false);
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
            progress.set(None);
        });
    };

    let score_field = move |id: &'static str, label: &'static str, value: RwSignal<String>| {
        view! { <TextField id label value/> }
    };

    view! {
        <span class="visually-hidden" data-generate-figures=move || figures.get()></span>
        <Dialog open=state.generator_open title="Generate people" class="dialog--wide">
            <form on:submit=move |ev| {
                ev.prevent_default();
                if !busy.get_untracked() {
                    run();
                }
            }>
                <TextField
                    id="gen-size"
                    label="Number of people"
                    value=size
                    hint=if MAX_SYNTHETIC_PEOPLE == 1_000_000 { "1 to 1,000,000" } else { "" }
                />
                <TextField id="gen-seed" label="Seed" value=seed hint="The same seed gives the same people."/>
                <TextField id="gen-prefix" label="Id prefix" value=prefix hint="Ids are the prefix and 7 digits: p0000000, p0000001, …"/>
                <TextField id="gen-unsub" label="Unsubscribed share (%)" value=unsub/>
                <TextField
                    id="gen-zones"
                    label="Time zones"
                    value=zones
                    multiline=true
                    hint="zone: weight, one a line; “workspace” is the workspace zone."
                />
                <TextField
                    id="gen-segments"
                    label="Segments"
                    value=segments
                    multiline=true
                    hint="segment: weight, one a line (the “segment” attribute); empty for none."
                />
                <div class="field">
                    <label class="field__label" for="gen-score">"Score (the “score” attribute)"</label>
                    <select
                        id="gen-score"
                        class="field__input"
                        on:change=move |ev| {
                            score.set(match event_target_value(&ev).as_str() {
                                "none" => ScoreKind::None,
                                "uniform" => ScoreKind::Uniform,
                                _ => ScoreKind::Normal,
                            })
                        }
                    >
                        <option value="normal">"Normal (mean, spread)"</option>
                        <option value="uniform">"Uniform (minimum to maximum)"</option>
                        <option value="none">"No score"</option>
                    </select>
                </div>
                <Show when=move || score.get() == ScoreKind::Normal>
                    {score_field("gen-mean", "Score mean", mean)}
                    {score_field("gen-sd", "Score spread (sd)", sd)}
                </Show>
                <Show when=move || score.get() != ScoreKind::None>
                    {score_field("gen-min", "Score minimum", min)}
                    {score_field("gen-max", "Score maximum", max)}
                </Show>
                <fieldset class="fieldset">
                    <legend>"The current people"</legend>
                    <label>
                        <input
                            type="radio"
                            name="gen-placement"
                            checked=move || placement.get() == Placement::Replace
                            on:change=move |_| placement.set(Placement::Replace)
                        />
                        " Replace them (their memberships and history go too)"
                    </label>
                    <label>
                        <input
                            type="radio"
                            name="gen-placement"
                            checked=move || placement.get() == Placement::Append
                            on:change=move |_| placement.set(Placement::Append)
                        />
                        " Append the new people (ids must not be taken)"
                    </label>
                </fieldset>
                <div class="field">
                    <label class="field__label" for="gen-join">"Add the new people to"</label>
                    <select id="gen-join" class="field__input" on:change=move |ev| join.set(event_target_value(&ev))>
                        <option value="">"No program"</option>
                        <For each=move || streams.get() key=|s| s.0.clone() let:s>
                            <option value=s.0.clone()>{s.1.clone()}</option>
                        </For>
                    </select>
                </div>
                <p class="dialog__message">
                    {move || {
                        let current = people_now.get();
                        let what = if current == 0 {
                            "Generating".to_owned()
                        } else if placement.get() == Placement::Replace {
                            format!("Generating replaces the {} of the workspace and", people_text(current))
                        } else {
                            format!("Generating appends to the {} of the workspace and", people_text(current))
                        };
                        format!("{what} clears the undo history (people are not undoable edits).")
                    }}
                </p>
                <p class="field__error" role="alert">{move || error.get()}</p>
                <p class="progress-line" role="status">{move || progress.get()}</p>
                <div class="dialog__actions">
                    <button type="button" class="button" on:click=move |_| state.generator_open.set(false)>
                        "Cancel"
                    </button>
                    <button type="submit" class="button button--primary" disabled=move || busy.get()>
                        "Generate"
                    </button>
                </div>
            </form>
        </Dialog>
    }
}
