//! The person timeline: search a person, see their simulated timeline with
//! the reason for every send and skip (the engine's `explain`, replayed for
//! that person alone, on demand: cheap whatever the audience size), and
//! download it as CSV (formulas neutralised).

use engine::explain::{explain, explain_csv, TimelineEntry};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use sim_worker::csv_safe::safe_csv;

use crate::components::PageHeader;
use crate::pages::simulation::download;
use crate::results::record::{outcome_label, Names};
use crate::state::use_workspace;

/// At most this many matches are listed.
pub const MAX_MATCHES: usize = 20;

#[component]
pub fn PersonTimelinePage() -> impl IntoView {
    let ws = use_workspace();
    let query = use_query_map();
    let search = RwSignal::new(String::new());
    let person = RwSignal::new(query.with_untracked(|q| q.get("person")));

    let matches = Memo::new(move |_| {
        let s = search.get().trim().to_lowercase();
        if s.is_empty() {
            return Vec::new();
        }
        ws.plan.with(|plan| {
            plan.people
                .iter()
                .filter(|p| {
                    p.id.as_str().to_lowercase().starts_with(&s)
                        || p.email.as_deref().is_some_and(|e| e.to_lowercase().starts_with(&s))
                })
                .take(MAX_MATCHES)
                .map(|p| (p.id.to_string(), p.email.clone().unwrap_or_default()))
                .collect::<Vec<_>>()
        })
    });

    let timeline = Memo::new(move |_| {
        let id = person.get()?;
        Some(ws.plan.with(|plan| explain(plan, &id)).map_err(|e| e.to_string()))
    });

    let export = move |_| {
        let Some(id) = person.get_untracked() else { return };
        let csv = ws.plan.with_untracked(|plan| explain_csv(plan, &id));
        let name = format!("timeline-{}.csv", id.replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "_"));
        match csv.and_then(|text| download(&name, "text/csv", &safe_csv(&text))) {
            Ok(()) => ws.say(format!("Downloaded {name}")),
            Err(e) => ws.error.set(Some(e)),
        }
    };

    view! {
        <PageHeader title="Person timeline">
            <A href="/simulation" attr:class="button button--quiet">"Back to results"</A>
        </PageHeader>
        <section class="card" aria-label="Find a person">
            <div class="field">
                <label for="person-search">"Search people by id or email"</label>
                <input
                    id="person-search"
                    type="search"
                    autocomplete="off"
                    prop:value=move || search.get()
                    on:input=move |ev| search.set(event_target_value(&ev))
                />
            </div>
            <Show when=move || !search.with(|s| s.trim().is_empty())>
                <p role="status">
                    {move || match matches.with(Vec::len) {
                        0 => "No person matches".to_owned(),
                        1 => "1 person matches".to_owned(),
                        n if n >= MAX_MATCHES => format!("The first {n} matches"),
                        n => format!("{n} people match"),
                    }}
                </p>
                <ul class="item-list" aria-label="Matching people">
                    {move || {
                        matches
                            .get()
                            .into_iter()
                            .map(|(id, email)| {
                                let label = if email.is_empty() { id.clone() } else { format!("{id} · {email}") };
                                let pick = id.clone();
                                view! {
                                    <li class="item-list__item">
                                        <button
                                            type="button"
                                            class="button button--quiet"
                                            on:click=move |_| person.set(Some(pick.clone()))
                                        >
                                            {format!("Show timeline of {label}")}
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </Show>
        </section>
        {move || {
            let id = person.get()?;
            let body = match timeline.get()? {
                Err(e) => view! { <p class="alert alert--error">{e}</p> }.into_any(),
                Ok(entries) => view! { <Timeline entries=entries/> }.into_any(),
            };
            Some(view! {
                <section class="card" aria-labelledby="timeline-heading">
                    <h2 id="timeline-heading">{format!("Timeline of {id}")}</h2>
                    <button type="button" class="button" on:click=export>"Download timeline CSV"</button>
                    {body}
                </section>
            })
        }}
    }
}

#[component]
fn Timeline(entries: Vec<TimelineEntry>) -> impl IntoView {
    let ws = use_workspace();
    let names = ws.plan.with_untracked(Names::of);
    if entries.is_empty() {
        return view! { <p>"Nothing happens to this person within the simulation window."</p> }.into_any();
    }
    let rows = entries
        .into_iter()
        .map(|e| {
            view! {
                <tr>
                    <td>{e.at.log_format()}</td>
                    <td>{names.program(&e.program)}</td>
                    <td>{names.stream(&e.stream)}</td>
                    <td>{e.content.as_deref().map(|c| names.content(c)).unwrap_or_default()}</td>
                    <td>{if e.outcome == "moved" { "moved".to_owned() } else { outcome_label(&e.outcome).to_owned() }}</td>
                    <td>{e.reason}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="data-table" aria-label="Timeline">
            <thead>
                <tr>
                    <th scope="col">"At (UTC)"</th>
                    <th scope="col">"Program"</th>
                    <th scope="col">"Stream"</th>
                    <th scope="col">"Content"</th>
                    <th scope="col">"Outcome"</th>
                    <th scope="col">"Why"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}
