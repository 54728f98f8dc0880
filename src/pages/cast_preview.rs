//! The cast preview: one cast of one stream, from the latest run: content
//! → people, who is skipped and why, who becomes exhausted, and for a
//! recipient-time-zone cast how deliveries spread over the hours.

use engine::analysis::CastDetail;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::components::charts::{stacked_bars, ChartFigure};
use crate::components::PageHeader;
use crate::pages::simulation::RunPanel;
use crate::results::record::{casts_of, outcome_label, short_date, thousands, Names, Stack};
use crate::results::use_results;
use crate::state::use_workspace;

/// People rows per page of the drill-down.
pub const PAGE_SIZE: usize = 50;

/// The skip outcomes, in the order shown.
const SKIPS: [&str; 5] = ["paused", "exhausted", "blocked_person", "blocked_limit", "program_filtered"];

#[component]
pub fn CastPreviewPage() -> impl IntoView {
    let ws = use_workspace();
    let results = use_results();
    let query = use_query_map();
    let names = Memo::new(move |_| ws.plan.with(Names::of));

    let program = RwSignal::new(query.with_untracked(|q| q.get("program")).unwrap_or_default());
    let stream = RwSignal::new(query.with_untracked(|q| q.get("stream")).unwrap_or_default());
    let date = RwSignal::new(query.with_untracked(|q| q.get("date")).unwrap_or_default());

    // Programs and streams of the latest run, in plan order.
    let programs = Memo::new(move |_| {
        results.latest.with(|l| {
            let mut v: Vec<String> = Vec::new();
            if let Some(r) = l {
                for f in &r.report.forecasts {
                    if !v.contains(&f.program) {
                        v.push(f.program.clone());
                    }
                }
            }
            v
        })
    });
    let streams = Memo::new(move |_| {
        let p = program.get();
        results.latest.with(|l| {
            l.as_ref()
                .map(|r| r.report.forecasts.iter().filter(|f| f.program == p).map(|f| f.stream.clone()).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let dates = Memo::new(move |_| {
        let (p, s) = (program.get(), stream.get());
        results.latest.with(|l| {
            l.as_ref()
                .map(|r| casts_of(&r.report, &p, &s).into_iter().map(|c| c.date.clone()).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    // Keep the selection valid: default to the first of each list.
    Effect::new(move |_| {
        let ps = programs.get();
        if !ps.is_empty() && !ps.contains(&program.get_untracked()) {
            program.set(ps[0].clone());
        }
    });
    Effect::new(move |_| {
        let ss = streams.get();
        if !ss.is_empty() && !ss.contains(&stream.get_untracked()) {
            stream.set(ss[0].clone());
        }
    });
    Effect::new(move |_| {
        let ds = dates.get();
        if !ds.is_empty() && !ds.contains(&date.get_untracked()) {
            date.set(ds[0].clone());
        }
    });

    let cast = Memo::new(move |_| {
        let (p, s, d) = (program.get(), stream.get(), date.get());
        results.latest.with(|l| {
            l.as_ref().and_then(|r| r.report.casts.iter().find(|c| c.program == p && c.stream == s && c.date == d).cloned())
        })
    });

    // The people of the cast, from the worker.
    let detail = RwSignal::new(None::<Result<CastDetail, String>>);
    let loading = RwSignal::new(false);
    let page = RwSignal::new(0usize);
    let filter = RwSignal::new(String::new());
    Effect::new(move |_| {
        let Some(c) = cast.get() else {
            detail.set(None);
            return;
        };
        detail.set(None);
        page.set(0);
        loading.set(true);
        let (s, d) = (c.stream.clone(), c.date.clone());
        results.cast_detail(s, d, move |r| {
            // Drop an answer for a cast no longer selected.
            if cast.with_untracked(|now| now.as_ref().is_some_and(|n| n.stream == c.stream && n.date == c.date)) {
                detail.set(Some(r));
                loading.set(false);
            }
        });
    });

    let select = move |label: &'static str, id: &'static str, value: RwSignal<String>, options: Memo<Vec<String>>, text: fn(&Names, &str) -> String| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <select
                    id=id
                    prop:value=move || value.get()
                    on:change=move |ev| value.set(event_target_value(&ev))
                >
                    {move || {
                        let n = names.get();
                        options
                            .get()
                            .into_iter()
                            .map(|o| {
                                let t = text(&n, &o);
                                view! { <option value=o.clone() selected=value.get_untracked() == o>{t}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
        }
    };

    view! {
        <PageHeader title="Cast preview">
            <A href="/simulation" attr:class="button button--quiet">"Back to results"</A>
        </PageHeader>
        <RunPanel/>
        <Show
            when=move || results.latest.with(Option::is_some)
            fallback=|| view! { <p>"Run the simulation to preview its casts."</p> }
        >
            <section class="card cast-pick" aria-label="Choose a cast">
                {select("Program", "cast-program", program, programs, |n, id| n.program(id))}
                {select("Stream", "cast-stream", stream, streams, |n, id| n.stream(id))}
                {select("Cast", "cast-date", date, dates, |_, d| d.to_owned())}
            </section>
            {move || {
                let n = names.get();
                cast.get()
                    .map(|c| {
                        let heading = format!("{} · {}", n.stream(&c.stream), short_date(&c.date));
                        let content_rows = c
                            .contents
                            .iter()
                            .map(|(content, outcome, count)| {
                                view! {
                                    <tr>
                                        <th scope="row">{n.content(content)}</th>
                                        <td>{outcome_label(outcome).to_owned()}</td>
                                        <td class="num">{thousands(*count)}</td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        let skip_rows = SKIPS
                            .iter()
                            .map(|o| {
                                let count = c.outcomes.get(*o).copied().unwrap_or(0);
                                view! {
                                    <tr>
                                        <th scope="row">{outcome_label(o).to_owned()}</th>
                                        <td class="num">{thousands(count)}</td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        view! {
                            <section class="card" aria-labelledby="cast-heading">
                                <h2 id="cast-heading">{heading}</h2>
                                <p>
                                    {format!(
                                        "{} people considered; first delivery {}, last {}",
                                        thousands(c.considered),
                                        c.first_at,
                                        c.last_at,
                                    )}
                                </p>
                                <h3 id="cast-content">"Who receives what"</h3>
                                <table class="data-table" aria-labelledby="cast-content">
                                    <thead>
                                        <tr>
                                            <th scope="col">"Content"</th>
                                            <th scope="col">"Outcome"</th>
                                            <th scope="col">"People"</th>
                                        </tr>
                                    </thead>
                                    <tbody>{content_rows}</tbody>
                                </table>
                                <h3 id="cast-skips">"Who is skipped"</h3>
                                <table class="data-table" aria-labelledby="cast-skips">
                                    <thead>
                                        <tr>
                                            <th scope="col">"Reason"</th>
                                            <th scope="col">"People"</th>
                                        </tr>
                                    </thead>
                                    <tbody>{skip_rows}</tbody>
                                </table>
                            </section>
                        }
                    })
            }}
            <section class="card" aria-labelledby="cast-people" aria-busy=move || loading.get().to_string()>
                <h2 id="cast-people">"People"</h2>
                {move || match detail.get() {
                    None if loading.get() => view! { <p role="status">"Loading the people of this cast…"</p> }.into_any(),
                    None => ().into_any(),
                    Some(Err(e)) => view! { <p class="alert alert--error">{e}</p> }.into_any(),
                    Some(Ok(d)) => view! { <CastPeople detail=d page=page filter=filter/> }.into_any(),
                }}
            </section>
        </Show>
    }
}

/// The drill-down: newly exhausted people, the hour histogram and the
/// people table, paged.
#[component]
fn CastPeople(detail: CastDetail, page: RwSignal<usize>, filter: RwSignal<String>) -> impl IntoView {
    let ws = use_workspace();
    let names = ws.plan.with_untracked(Names::of);
    let rows = StoredValue::new(detail.rows);
    let newly: Vec<String> = rows.with_value(|r| r.iter().filter(|r| r.newly_exhausted).map(|r| r.person.clone()).collect());
    let filtered = Memo::new(move |_| {
        let f = filter.get();
        rows.with_value(|r| {
            r.iter()
                .enumerate()
                .filter(|(_, r)| f.is_empty() || r.outcome == f)
                .map(|(i, _)| i)
                .collect::<Vec<_>>()
        })
    });
    let pages = move || filtered.with(|f| f.len().div_ceil(PAGE_SIZE).max(1));
    let shown = move || {
        let p = page.get().min(pages() - 1);
        let names = names.clone();
        filtered.with(|f| {
            rows.with_value(|rows| {
                f.iter()
                    .skip(p * PAGE_SIZE)
                    .take(PAGE_SIZE)
                    .map(|&i| {
                        let r = &rows[i];
                        view! {
                            <tr>
                                <th scope="row">{r.person.clone()}</th>
                                <td>{r.content.as_deref().map(|c| names.content(c)).unwrap_or_default()}</td>
                                <td>{outcome_label(&r.outcome).to_owned()}</td>
                                <td>{r.at.clone()}</td>
                                <td>{r.reason.clone()}{r.newly_exhausted.then_some(" (becomes exhausted here)")}</td>
                            </tr>
                        }
                    })
                    .collect_view()
            })
        })
    };
    let hours = detail.hours;
    let show_hours = detail.recipient_time_zone || hours.len() > 1;
    let hour_chart = show_hours.then(|| {
        let stacks: Vec<Stack> = hours.iter().map(|h| Stack { label: h.utc.clone(), values: vec![h.deliveries] }).collect();
        let total: u64 = hours.iter().map(|h| h.deliveries).sum();
        let peak = hours.iter().max_by_key(|h| h.deliveries);
        let summary = format!(
            "Deliveries by hour over {} hours: {} deliveries{}",
            hours.len(),
            thousands(total),
            peak.map(|p| format!(", most at {} UTC ({})", p.utc, p.local)).unwrap_or_default()
        );
        let rows: Vec<Vec<String>> =
            hours.iter().map(|h| vec![h.utc.clone(), h.local.clone(), thousands(h.deliveries)]).collect();
        view! {
            <ChartFigure
                title="Deliveries by hour"
                summary=summary
                columns=vec!["Hour (UTC)".into(), format!("Time in {}", detail.time_zone), "Deliveries".into()]
                rows=rows
                picture=stacked_bars(&stacks)
            />
        }
    });
    let outcomes: Vec<String> = rows.with_value(|r| {
        let mut v: Vec<String> = r.iter().map(|r| r.outcome.clone()).collect();
        v.sort();
        v.dedup();
        v
    });
    view! {
        <p>
            {match newly.len() {
                0 => "Nobody becomes exhausted at this cast.".to_owned(),
                n => format!("{} people become exhausted at this cast: {}{}", thousands(n as u64), newly.iter().take(20).cloned().collect::<Vec<_>>().join(", "), if n > 20 { ", …" } else { "" }),
            }}
        </p>
        {hour_chart}
        <div class="field">
            <label for="cast-filter">"Show"</label>
            <select id="cast-filter" on:change=move |ev| { filter.set(event_target_value(&ev)); page.set(0); }>
                <option value="">"Everyone"</option>
                {outcomes.into_iter().map(|o| { let l = outcome_label(&o).to_owned(); view! { <option value=o>{l}</option> } }).collect_view()}
            </select>
        </div>
        <table class="data-table" aria-label="People of this cast">
            <thead>
                <tr>
                    <th scope="col">"Person"</th>
                    <th scope="col">"Content"</th>
                    <th scope="col">"Outcome"</th>
                    <th scope="col">"At (UTC)"</th>
                    <th scope="col">"Why"</th>
                </tr>
            </thead>
            <tbody>{shown}</tbody>
        </table>
        <div class="pager" role="group" aria-label="Pages">
            <button type="button" class="button" disabled=move || page.get() == 0 on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>
                "Previous page"
            </button>
            <span>{move || format!("Page {} of {} ({} people)", page.get().min(pages() - 1) + 1, pages(), thousands(filtered.with(Vec::len) as u64))}</span>
            <button type="button" class="button" disabled=move || { page.get() + 1 >= pages() } on:click=move |_| page.update(|p| *p += 1)>
                "Next page"
            </button>
        </div>
    }
}
