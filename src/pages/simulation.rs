//! The simulation page: run the workspace in the worker (progress, Cancel),
//! the latest results with their freshness, the per-cast table, charts and
//! CSV exports. The cast preview and the person timeline are its sub-pages.

use leptos::prelude::*;
use leptos_router::components::A;
use sim_worker::protocol::ExportKind;

use crate::components::charts::{lines, score_bars, stacked_bars, ChartFigure, SCORE_ROW};
use crate::components::{EmptyState, PageHeader, ProgressBar};
use crate::results::record::{
    deliveries_by_day, forecast_sentence, score_label, short_date, thousands, transitions_by_day,
    Freshness, Names, StoredResults,
};
use crate::results::{use_results, RunState};
use crate::state::use_workspace;

/// Offers `text` as a file download named `name`.
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), String> {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|e| format!("cannot make the file: {e:?}"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| format!("{e:?}"))?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// The run controls, progress and freshness (also used by the sub-pages).
#[component]
pub fn RunPanel() -> impl IntoView {
    let results = use_results();
    let running = move || results.running();
    let percent = move || match results.run.get() {
        RunState::Running { fraction, .. } => (fraction * 100.0).round() as u32,
        _ => 0,
    };
    let casts_text = move || match results.run.get() {
        RunState::Running { casts_total: 0, .. } => "Starting the simulation worker…".to_owned(),
        RunState::Running { casts_done, casts_total, .. } => {
            format!("{} of {} casts done", thousands(casts_done), thousands(casts_total))
        }
        _ => String::new(),
    };
    let status = move || match (results.run.get(), results.freshness()) {
        (RunState::Running { .. }, _) => "Simulating…".to_owned(),
        (RunState::Failed(m), _) => format!("The simulation failed: {m}"),
        (RunState::Cancelled, Some(f)) => format!("Cancelled. {}", f.label()),
        (RunState::Cancelled, None) => "Cancelled. No results yet".to_owned(),
        (RunState::Idle, Some(f)) => f.label().to_owned(),
        (RunState::Idle, None) if results.loaded.get() => "No results yet: run the simulation".to_owned(),
        (RunState::Idle, None) => String::new(),
    };
    let stale = move || results.freshness() == Some(Freshness::OutOfDate);
    let facts = move || {
        results.latest.with(|l| {
            l.as_ref().map(|r| {
                format!(
                    "{} people, {} person-casts, {} casts from {} to {}; simulated in {:.0} ms",
                    thousands(r.report.people),
                    thousands(r.report.person_casts),
                    thousands(r.report.casts.len() as u64),
                    short_date(&r.report.start[..10.min(r.report.start.len())]),
                    short_date(&r.report.end[..10.min(r.report.end.len())]),
                    r.simulate_ms
                )
            })
        })
    };
    view! {
        <section class="card run-panel" aria-label="Run">
            <div class="run-panel__actions">
                <button
                    type="button"
                    class="button button--primary"
                    disabled=running
                    on:click=move |_| results.start_run()
                >
                    "Run simulation"
                </button>
                <Show when=running>
                    <button type="button" class="button" on:click=move |_| results.cancel()>
                        "Cancel"
                    </button>
                </Show>
            </div>
            <Show when=running>
                <ProgressBar
                    label="Simulation progress"
                    percent=Signal::derive(percent)
                    text=Signal::derive(casts_text)
                    text_class="run-panel__casts"
                />
            </Show>
            <p class="run-panel__status" class:run-panel__status--stale=stale role="status">
                {status}
            </p>
            <p class="run-panel__facts">{facts}</p>
            {move || results.save_error.get().map(|e| view! { <p class="alert alert--error">{format!("Results not kept: {e}")}</p> })}
        </section>
    }
}

/// Simulated casts for the whole audience.
#[component]
pub fn SimulationPage() -> impl IntoView {
    let ws = use_workspace();
    let results = use_results();
    // A run needs an active program (R-EP-2) and members to cast to.
    let ready = Memo::new(move |_| {
        ws.plan.with(|plan| plan.engagement_programs.iter().any(|ep| ep.active) && !plan.memberships.is_empty())
    });
    let has_results = move || results.latest.with(Option::is_some);

    view! {
        <PageHeader title="Simulation"/>
        <Show
            when=move || ready.get() || has_results()
            fallback=|| {
                view! {
                    <EmptyState
                        title="Nothing to simulate yet"
                        message="A simulation needs at least one active program with members."
                    >
                        <A href="/programs" attr:class="button">"Go to Programs"</A>
                    </EmptyState>
                }
            }
        >
            <RunPanel/>
            <nav class="subnav" aria-label="Simulation views">
                <A href="/simulation/cast" attr:class="button">"Cast preview"</A>
                <A href="/simulation/person" attr:class="button">"Person timeline"</A>
            </nav>
            {move || results.latest.get().map(|r| view! { <ResultsView results=r/> })}
        </Show>
    }
}

/// The results of one run: exports, the per-cast table and the charts.
#[component]
pub fn ResultsView(results: StoredResults) -> impl IntoView {
    let ws = use_workspace();
    let names = ws.plan.with_untracked(Names::of);
    let report = results.report;

    let exporting = RwSignal::new(None::<&'static str>);
    let export_error = RwSignal::new(None::<String>);
    let export = move |kind: ExportKind| {
        let ctx = use_results();
        exporting.set(Some(kind.file_name()));
        export_error.set(None);
        ctx.export(kind, move |r| {
            exporting.set(None);
            match r.and_then(|text| download(kind.file_name(), "text/csv", &text)) {
                Ok(()) => ws.say(format!("Downloaded {}", kind.file_name())),
                Err(e) => export_error.set(Some(e)),
            }
        });
    };

    // Per-cast table.
    let cast_rows = report
        .casts
        .iter()
        .map(|c| {
            let href = format!(
                "/simulation/cast?program={}&stream={}&date={}",
                urlencode(&c.program),
                urlencode(&c.stream),
                c.date
            );
            let n = |o: &str| thousands(c.outcomes.get(o).copied().unwrap_or(0));
            let blocked = c.outcomes.get("blocked_person").copied().unwrap_or(0)
                + c.outcomes.get("blocked_limit").copied().unwrap_or(0);
            let label = format!("Preview {} {} cast", names.stream(&c.stream), short_date(&c.date));
            view! {
                <tr>
                    <td>{c.date.clone()}</td>
                    <td>{names.program(&c.program)}</td>
                    <td>{names.stream(&c.stream)}</td>
                    <td class="num">{thousands(c.considered)}</td>
                    <td class="num">{n("sent")}</td>
                    <td class="num">{n("program_entered")}</td>
                    <td class="num">{thousands(blocked)}</td>
                    <td class="num">{n("exhausted")}</td>
                    <td class="num">{n("paused")}</td>
                    <td><A href=href attr:aria-label=label>"Preview"</A></td>
                </tr>
            }
        })
        .collect_view();

    // Deliveries per day, stacked by program.
    let (programs, days) = deliveries_by_day(&report);
    let program_names: Vec<String> = programs.iter().map(|p| names.program(p)).collect();
    let mut day_cols = vec!["Date".to_owned()];
    day_cols.extend(program_names.iter().cloned());
    let day_rows: Vec<Vec<String>> = days
        .iter()
        .map(|s| std::iter::once(s.label.clone()).chain(s.values.iter().map(|v| thousands(*v))).collect())
        .collect();
    let total_deliveries: u64 = days.iter().flat_map(|s| s.values.iter()).sum();
    let deliveries_summary = format!(
        "Deliveries per day by program: {} deliveries over {} days{}",
        thousands(total_deliveries),
        days.len(),
        days.iter()
            .max_by_key(|s| s.values.iter().sum::<u64>())
            .map(|s| format!(", busiest {} with {}", short_date(&s.label), thousands(s.values.iter().sum())))
            .unwrap_or_default()
    );

    // Exhaustion per stream over its casts.
    let mut dates: Vec<String> = report.forecasts.iter().flat_map(|f| f.casts.iter().map(|c| c.0.clone())).collect();
    dates.sort();
    dates.dedup();
    let ex_series: Vec<Vec<Option<u64>>> = report
        .forecasts
        .iter()
        .map(|f| {
            dates
                .iter()
                .map(|d| f.casts.iter().find(|c| &c.0 == d).map(|c| c.2))
                .collect()
        })
        .collect();
    let stream_names: Vec<String> = report.forecasts.iter().map(|f| names.stream(&f.stream)).collect();
    let sentences: Vec<String> =
        report.forecasts.iter().map(|f| forecast_sentence(f, &names.stream(&f.stream))).collect();
    let mut ex_cols = vec!["Cast date".to_owned()];
    ex_cols.extend(stream_names.iter().map(|s| format!("{s}: exhausted")));
    let ex_rows: Vec<Vec<String>> = dates
        .iter()
        .enumerate()
        .map(|(i, d)| {
            std::iter::once(d.clone())
                .chain(ex_series.iter().map(|s| s[i].map(thousands).unwrap_or_default()))
                .collect()
        })
        .collect();
    let ex_summary = format!("Exhausted people per cast, by stream. {}", sentences.join(". "));

    // Scores.
    let score_items: Vec<(String, Option<u8>)> = report
        .items
        .iter()
        .map(|i| (format!("{} in {}", names.content(&i.content), names.stream(&i.stream)), i.score))
        .collect();
    let scored = score_items.iter().filter(|s| s.1.is_some()).count();
    let score_summary = format!(
        "Engagement scores of {} content items: {} scored, {} with not enough data",
        score_items.len(),
        scored,
        score_items.len() - scored
    );
    let score_rows: Vec<Vec<String>> = report
        .items
        .iter()
        .map(|i| {
            vec![
                names.content(&i.content),
                names.stream(&i.stream),
                thousands(i.deliveries),
                thousands(i.opens),
                thousands(i.clicks),
                score_label(i.score),
            ]
        })
        .collect();

    // Transitions.
    let (moves, move_days) = transitions_by_day(&report);
    let move_names: Vec<String> = moves
        .iter()
        .map(|m| {
            let (a, b) = m.split_once(" → ").unwrap_or((m, ""));
            format!("{} → {}", names.stream(a), names.stream(b))
        })
        .collect();
    let mut move_cols = vec!["Date".to_owned()];
    move_cols.extend(move_names.iter().cloned());
    let move_rows: Vec<Vec<String>> = move_days
        .iter()
        .map(|s| std::iter::once(s.label.clone()).chain(s.values.iter().map(|v| thousands(*v))).collect())
        .collect();
    let moved: u64 = move_days.iter().flat_map(|s| s.values.iter()).sum();
    let move_summary = format!("Moves between streams per day: {} moves over {} days", thousands(moved), move_days.len());

    view! {
        <section class="card" aria-labelledby="sim-exports">
            <h2 id="sim-exports">"Exports"</h2>
            <div class="button-row">
                <button
                    type="button"
                    class="button"
                    disabled=move || exporting.get().is_some()
                    on:click=move |_| export(ExportKind::SendLog)
                >
                    "Download send log CSV"
                </button>
                <button
                    type="button"
                    class="button"
                    disabled=move || exporting.get().is_some()
                    on:click=move |_| export(ExportKind::Summary)
                >
                    "Download summary CSV"
                </button>
            </div>
            <p role="status">{move || exporting.get().map(|f| format!("Preparing {f}…"))}</p>
            {move || export_error.get().map(|e| view! { <p class="alert alert--error">{e}</p> })}
        </section>
        <section class="card" aria-labelledby="sim-forecast">
            <h2 id="sim-forecast">"When streams run dry"</h2>
            <ul class="forecast-list">{sentences.iter().map(|s| view! { <li>{s.clone()}</li> }).collect_view()}</ul>
        </section>
        <section class="card" aria-labelledby="sim-casts">
            <h2 id="sim-casts">"Casts"</h2>
            <div class="table-scroll">
                <table class="data-table" aria-labelledby="sim-casts">
                    <thead>
                        <tr>
                            <th scope="col">"Date"</th>
                            <th scope="col">"Program"</th>
                            <th scope="col">"Stream"</th>
                            <th scope="col">"Considered"</th>
                            <th scope="col">"Sent"</th>
                            <th scope="col">"Entered"</th>
                            <th scope="col">"Blocked"</th>
                            <th scope="col">"Exhausted"</th>
                            <th scope="col">"Paused"</th>
                            <th scope="col">"People"</th>
                        </tr>
                    </thead>
                    <tbody>{cast_rows}</tbody>
                </table>
            </div>
        </section>
        <section class="card charts" aria-labelledby="sim-charts">
            <h2 id="sim-charts">"Charts"</h2>
            <ChartFigure
                title="Deliveries per day"
                summary=deliveries_summary
                columns=day_cols
                rows=day_rows
                picture=stacked_bars(&days)
                legend=program_names
            />
            <ChartFigure
                title="Exhaustion over time"
                summary=ex_summary
                columns=ex_cols
                rows=ex_rows
                picture=lines(&ex_series)
                legend=stream_names
            />
            <ChartFigure
                title="Content engagement scores"
                summary=score_summary
                columns=vec![
                    "Content".into(),
                    "Stream".into(),
                    "Deliveries".into(),
                    "Opens".into(),
                    "Clicks".into(),
                    "Score".into(),
                ]
                rows=score_rows
                picture=score_bars(&score_items)
                height=(score_items.len().max(1) as f64) * SCORE_ROW
            />
            <ChartFigure
                title="Transitions between streams"
                summary=move_summary
                columns=move_cols
                rows=move_rows
                picture=stacked_bars(&move_days)
                legend=move_names
            />
        </section>
    }
}

/// Percent-encodes a query value.
pub fn urlencode(s: &str) -> String {
    js_sys::encode_uri_component(s).into()
}
