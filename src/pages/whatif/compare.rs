//! Compare two runs: pick workspaces A and B (by default a scenario's base
//! and the scenario), simulate both in the worker (`engine::diff`, with a
//! progress bar and Cancel), and show the differences as tables:
//! deliveries per content, run-dry dates, scores, and the people whose
//! next content changes (paged, each linked to their timeline). The
//! comparison downloads as CSV with spreadsheet formulas neutralised.

use std::sync::Arc;

use engine::diff::{diff_csv, Diff};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use sim_worker::csv_safe::safe_csv;

use crate::components::ProgressBar;
use crate::pages::simulation::download;
use crate::planner::whatif::{change, delivery_totals, next_text, page, page_count, person_href, summary};
use crate::results::record::{score_label, short_date, thousands, Names};
use crate::results::use_results;
use crate::state::{use_session, use_workspace};

#[derive(Clone, Debug, PartialEq)]
enum CompareState {
    Idle,
    Loading,
    Running { fraction: f64, casts_done: u64, casts_total: u64 },
    Cancelled,
    Failed(String),
}

/// A finished comparison with the names it is shown with.
struct Compared {
    diff: Diff,
    names: Names,
    a: String,
    b: String,
}

#[component]
pub(super) fn ComparePanel() -> impl IntoView {
    let ws = use_workspace();
    let session = use_session();
    let results = use_results();
    let state = RwSignal::new(CompareState::Idle);
    let compared = RwSignal::new(None::<Arc<Compared>>);
    let page_no = RwSignal::new(0usize);

    // Every stored workspace, the open one named as it is now.
    let options = Memo::new(move |_| {
        let current = session.current.get();
        let name = ws.plan.with(crate::storage::record::display_name);
        let mut list: Vec<(String, String)> = session.workspaces.with(|l| {
            l.iter().map(|m| (m.id.clone(), m.name.clone())).collect()
        });
        if let Some(id) = &current {
            match list.iter_mut().find(|(i, _)| i == id) {
                Some(e) => e.1 = name,
                None => list.insert(0, (id.clone(), name)),
            }
        }
        for (id, n) in &mut list {
            if current.as_deref() == Some(id.as_str()) {
                n.push_str(" (open)");
            }
        }
        list
    });
    // A: the scenario's base (else another workspace); B: the open one.
    let a = RwSignal::new(String::new());
    let b = RwSignal::new(String::new());
    let default_a = Memo::new(move |_| {
        let current = session.current.get();
        session.base.get().or_else(|| {
            session.workspaces.with(|l| l.iter().find(|m| Some(&m.id) != current.as_ref()).map(|m| m.id.clone()))
        })
    });
    let default_b = Memo::new(move |_| session.current.get());
    // Another workspace opened (a new scenario, say): back to the defaults.
    Effect::new(move |previous: Option<Option<String>>| {
        let current = session.current.get();
        if previous.is_some_and(|p| p != current) {
            a.set(String::new());
            b.set(String::new());
        }
        current
    });
    let pick = move |sel: RwSignal<String>, default: Memo<Option<String>>| {
        Memo::new(move |_| {
            let list = options.get();
            let v = sel.get();
            if list.iter().any(|(id, _)| *id == v) {
                v
            } else {
                default
                    .get()
                    .filter(|d| list.iter().any(|(id, _)| id == d))
                    .or_else(|| list.first().map(|o| o.0.clone()))
                    .unwrap_or_default()
            }
        })
    };
    let a_id = pick(a, default_a);
    let b_id = pick(b, default_b);

    let running = move || matches!(state.get(), CompareState::Loading | CompareState::Running { .. });
    let start = move |_| {
        let (ida, idb) = (a_id.get_untracked(), b_id.get_untracked());
        if ida.is_empty() || idb.is_empty() {
            state.set(CompareState::Failed("Choose the two workspaces to compare".to_owned()));
            return;
        }
        let label = |id: &str| {
            options.with_untracked(|l| l.iter().find(|(i, _)| i == id).map(|(_, n)| n.clone())).unwrap_or_default()
        };
        let (la, lb) = (label(&ida), label(&idb));
        state.set(CompareState::Loading);
        ws.say(format!("Comparing {la} with {lb}"));
        spawn_local(async move {
            let plans = match session.load_plan(&ida).await {
                Ok(pa) => session.load_plan(&idb).await.map(|pb| (pa, pb)).map_err(|e| format!("B: {e}")),
                Err(e) => Err(format!("A: {e}")),
            };
            let (pa, pb) = match plans {
                Ok(p) => p,
                Err(e) => return state.set(CompareState::Failed(e)),
            };
            if state.get_untracked() != CompareState::Loading {
                return; // cancelled meanwhile
            }
            let mut names = Names::of(&pa);
            let nb = Names::of(&pb);
            names.programs.extend(nb.programs);
            names.streams.extend(nb.streams);
            names.content.extend(nb.content);
            results.diff(
                &pa,
                &pb,
                move |fraction, casts_done, casts_total| {
                    if matches!(state.get_untracked(), CompareState::Loading | CompareState::Running { .. }) {
                        state.set(CompareState::Running { fraction, casts_done, casts_total });
                    }
                },
                move |result| {
                    if state.get_untracked() == CompareState::Cancelled {
                        return;
                    }
                    match result {
                        Ok(diff) => {
                            ws.say(summary(&diff));
                            page_no.set(0);
                            compared.set(Some(Arc::new(Compared { diff, names, a: la, b: lb })));
                            state.set(CompareState::Idle);
                        }
                        Err(e) => {
                            ws.say(format!("The comparison failed: {e}"));
                            state.set(CompareState::Failed(e));
                        }
                    }
                },
            );
        });
    };
    let cancel = move |_| {
        state.set(CompareState::Cancelled);
        results.cancel();
        ws.say("Comparison cancelled".to_owned());
    };
    let percent = move || match state.get() {
        CompareState::Running { fraction, .. } => (fraction * 100.0).round() as u32,
        _ => 0,
    };
    let progress_text = move || match state.get() {
        CompareState::Loading => "Loading the two workspaces…".to_owned(),
        CompareState::Running { casts_total: 0, .. } => "Starting the simulation worker…".to_owned(),
        CompareState::Running { fraction, casts_done, casts_total } => format!(
            "Simulating {}: {} of {} casts done",
            if fraction < 0.5 { "A" } else { "B" },
            thousands(casts_done),
            thousands(casts_total)
        ),
        _ => String::new(),
    };
    let status = move || match state.get() {
        CompareState::Idle => compared.with(|c| c.as_ref().map(|c| summary(&c.diff))).unwrap_or_default(),
        CompareState::Cancelled => "Comparison cancelled".to_owned(),
        CompareState::Failed(e) => format!("The comparison failed: {e}"),
        _ => String::new(),
    };
    let export = move |_| {
        let Some(c) = compared.get_untracked() else { return };
        let text = safe_csv(&diff_csv(&c.diff));
        match download("comparison.csv", "text/csv", &text) {
            Ok(()) => ws.say("Downloaded comparison.csv".to_owned()),
            Err(e) => ws.error.set(Some(format!("Cannot download the comparison: {e}"))),
        }
    };

    let select = move |id: &'static str, label: &'static str, sel: RwSignal<String>, value: Memo<String>| {
        view! {
            <div class="field">
                <label class="field__label" for=id>{label}</label>
                <select id=id class="field__input" on:change=move |e| sel.set(event_target_value(&e))>
                    <For each=move || options.get() key=|o| o.clone() let:o>
                        <option value=o.0.clone() selected=move || value.get() == o.0>{o.1.clone()}</option>
                    </For>
                </select>
            </div>
        }
    };

    view! {
        <section class="card whatif-section" aria-labelledby="whatif-compare">
            <h2 id="whatif-compare">"Compare runs"</h2>
            <p class="card__intro">
                "Simulates both workspaces over their simulation windows and lists what differs. The open workspace is compared as it is now, unsaved changes included."
            </p>
            <div class="form-grid">
                {select("whatif-a", "Run A", a, a_id)}
                {select("whatif-b", "Run B", b, b_id)}
            </div>
            <div class="form-actions">
                <button type="button" class="button button--primary" disabled=running on:click=start>
                    "Compare"
                </button>
                <Show when=running>
                    <button type="button" class="button" on:click=cancel>
                        "Cancel"
                    </button>
                </Show>
            </div>
            <Show when=running>
                <ProgressBar
                    label="Comparison progress"
                    percent=Signal::derive(percent)
                    text=Signal::derive(progress_text)
                />
            </Show>
            <p role="status" aria-label="Comparison status" class="whatif-compare__status">{status}</p>
            {move || compared.get().map(|c| view! { <Differences c page_no export/> })}
        </section>
    }
}

#[component]
fn Differences(c: Arc<Compared>, page_no: RwSignal<usize>, export: impl Fn(leptos::ev::MouseEvent) + 'static) -> impl IntoView {
    let names = &c.names;
    let d = &c.diff;
    let (ta, tb) = delivery_totals(d);
    let deliveries = d
        .deliveries
        .iter()
        .map(|(p, s, content, a, b)| {
            view! {
                <tr>
                    <td>{names.program(p)}</td>
                    <td>{names.stream(s)}</td>
                    <th scope="row">{names.content(content)}</th>
                    <td class="num">{thousands(*a)}</td>
                    <td class="num">{thousands(*b)}</td>
                    <td class="num">{change(*a, *b)}</td>
                </tr>
            }
        })
        .collect_view();
    let day = |x: &Option<String>| x.as_deref().map_or_else(|| "does not run dry".to_owned(), short_date);
    let runs_dry = d
        .runs_dry
        .iter()
        .map(|(p, s, a, b)| {
            view! {
                <tr>
                    <td>{names.program(p)}</td>
                    <th scope="row">{names.stream(s)}</th>
                    <td>{day(a)}</td>
                    <td>{day(b)}</td>
                </tr>
            }
        })
        .collect_view();
    let scores = d
        .scores
        .iter()
        .map(|(p, s, content, a, b)| {
            view! {
                <tr>
                    <td>{names.program(p)}</td>
                    <td>{names.stream(s)}</td>
                    <th scope="row">{names.content(content)}</th>
                    <td class="num">{score_label(*a)}</td>
                    <td class="num">{score_label(*b)}</td>
                </tr>
            }
        })
        .collect_view();
    let people_total = d.next_content.len();
    let pages = page_count(people_total);
    let c2 = c.clone();
    let people_rows = move || {
        let n = page_no.get();
        page(&c2.diff.next_content, n)
            .iter()
            .map(|(person, a, b)| {
                let name = |id: &str| c2.names.content(id);
                let (na, nb) = (next_text(a, name), next_text(b, name));
                let (href, label, person) = (person_href(person), format!("Timeline of {person}"), person.clone());
                view! {
                    <tr>
                        <th scope="row">
                            <A href=href attr:aria-label=label>{person}</A>
                        </th>
                        <td>{na}</td>
                        <td>{nb}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let (la, lb) = (c.a.clone(), c.b.clone());
    view! {
        <div class="whatif-diff">
            <p class="whatif-diff__legend">{format!("A: {la} · B: {lb}")}</p>
            <button type="button" class="button" on:click=export>
                "Export comparison CSV"
            </button>
            <h3 id="whatif-deliveries">"Deliveries per content"</h3>
            {if d.deliveries.is_empty() {
                view! { <p>"Every item delivers the same in both runs."</p> }.into_any()
            } else {
                view! {
                    <table class="data-table" aria-labelledby="whatif-deliveries">
                        <thead>
                            <tr>
                                <th scope="col">"Program"</th>
                                <th scope="col">"Stream"</th>
                                <th scope="col">"Content"</th>
                                <th scope="col" class="num">"A"</th>
                                <th scope="col" class="num">"B"</th>
                                <th scope="col" class="num">"Change"</th>
                            </tr>
                        </thead>
                        <tbody>{deliveries}</tbody>
                        <tfoot>
                            <tr>
                                <th scope="row" colspan="3">"Total of these items"</th>
                                <td class="num">{thousands(ta)}</td>
                                <td class="num">{thousands(tb)}</td>
                                <td class="num">{change(ta, tb)}</td>
                            </tr>
                        </tfoot>
                    </table>
                }
                    .into_any()
            }}
            <h3 id="whatif-dry">"When streams run dry"</h3>
            {if d.runs_dry.is_empty() {
                view! { <p>"Every stream runs dry on the same date in both runs (or never)."</p> }.into_any()
            } else {
                view! {
                    <table class="data-table" aria-labelledby="whatif-dry">
                        <thead>
                            <tr>
                                <th scope="col">"Program"</th>
                                <th scope="col">"Stream"</th>
                                <th scope="col">"A"</th>
                                <th scope="col">"B"</th>
                            </tr>
                        </thead>
                        <tbody>{runs_dry}</tbody>
                    </table>
                }
                    .into_any()
            }}
            <h3 id="whatif-scores">"Scores"</h3>
            {if d.scores.is_empty() {
                view! { <p>"Every content scores the same in both runs."</p> }.into_any()
            } else {
                view! {
                    <table class="data-table" aria-labelledby="whatif-scores">
                        <thead>
                            <tr>
                                <th scope="col">"Program"</th>
                                <th scope="col">"Stream"</th>
                                <th scope="col">"Content"</th>
                                <th scope="col" class="num">"A"</th>
                                <th scope="col" class="num">"B"</th>
                            </tr>
                        </thead>
                        <tbody>{scores}</tbody>
                    </table>
                }
                    .into_any()
            }}
            <h3 id="whatif-people">
                {format!("People whose next content changes ({})", thousands(people_total as u64))}
            </h3>
            {if people_total == 0 {
                view! { <p>"Everyone gets the same next content in both runs."</p> }.into_any()
            } else {
                view! {
                    <table class="data-table" aria-labelledby="whatif-people">
                        <thead>
                            <tr>
                                <th scope="col">"Person"</th>
                                <th scope="col">"Next in A"</th>
                                <th scope="col">"Next in B"</th>
                            </tr>
                        </thead>
                        <tbody>{people_rows}</tbody>
                    </table>
                    <nav class="whatif-pager" aria-label="Pages of people">
                        <button
                            type="button"
                            class="button button--small"
                            disabled=move || page_no.get() == 0
                            on:click=move |_| page_no.update(|p| *p = p.saturating_sub(1))
                        >
                            "Previous page"
                        </button>
                        <span aria-live="polite">{move || format!("Page {} of {}", page_no.get() + 1, pages)}</span>
                        <button
                            type="button"
                            class="button button--small"
                            disabled=move || page_no.get() + 1 >= pages
                            on:click=move |_| page_no.update(|p| *p = (*p + 1).min(pages - 1))
                        >
                            "Next page"
                        </button>
                    </nav>
                }
                    .into_any()
            }}
        </div>
    }
}
