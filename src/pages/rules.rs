//! "Rules and assumptions": every rule of the spec the engine follows, one
//! line each, with the assumptions and this product's own formula marked,
//! and the readings taken where the spec leaves a gap
//! (`docs/spec-notes.md`). The content is `crate::rulebook`, read from the
//! spec compiled into the app.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::PageHeader;
use crate::rulebook::{readings, sections, Mark};

#[component]
pub fn RulesPage() -> impl IntoView {
    let sections = sections();
    let readings = readings();
    // Which readings concern each rule.
    let notes_for = {
        let readings = readings.clone();
        move |id: &str| -> Vec<String> {
            readings.iter().filter(|r| r.rule_ids().iter().any(|r| r == id)).map(|r| r.number.clone()).collect()
        }
    };
    let count: usize = sections.iter().map(|s| s.rules.len()).sum();
    view! {
        <PageHeader title="Rules and assumptions">
            <A href="/settings" attr:class="button button--quiet">"Back to Settings"</A>
        </PageHeader>
        <p class="page-intro">
            {format!(
                "The {count} rules the engine follows when it simulates engagement programs, as the spec states them. "
            )}
            "A rule marked " <strong>"Assumption"</strong>
            " is behaviour Marketo does not document: the engine takes the stated default. The engagement score (R-SC-1) is "
            <strong>"this product's transparent formula"</strong>
            ": Marketo's own formula is not public. "
            <a href="#readings">"Readings where the spec leaves a gap"</a>
            " follow the rules."
        </p>
        {sections
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                let heading = format!("rules-section-{i}");
                view! {
                    <section class="card rules-section" aria-labelledby=heading.clone()>
                        <h2 id=heading.clone()>{s.title.clone()}</h2>
                        <ul class="rule-list">
                            {s
                                .rules
                                .into_iter()
                                .map(|r| {
                                    let notes = notes_for(&r.id);
                                    let formula = r.marks.contains(&Mark::Formula).then(|| r.text.clone());
                                    let assumption = r.assumption.clone();
                                    view! {
                                        <li class="rule" id=r.id.clone()>
                                            <p class="rule__line">
                                                <strong class="rule__id">{r.id.clone()}</strong>
                                                " "
                                                {r.summary.clone()}
                                                {r
                                                    .marks
                                                    .iter()
                                                    .map(|m| {
                                                        let class = match m {
                                                            Mark::Assumption => "badge badge--assumption",
                                                            Mark::Formula => "badge badge--formula",
                                                            Mark::BeyondMarketo => "badge badge--beyond",
                                                        };
                                                        view! { " " <span class=class>{m.label()}</span> }
                                                    })
                                                    .collect_view()}
                                            </p>
                                            {assumption.map(|a| view! { <p class="rule__note">{a}</p> })}
                                            {formula.map(|f| view! { <p class="rule__formula">{f}</p> })}
                                            {(!notes.is_empty())
                                                .then(|| {
                                                    view! {
                                                        <p class="rule__note">
                                                            "Reading: "
                                                            {notes
                                                                .into_iter()
                                                                .map(|n| view! { <a href=format!("#reading-{n}")>{format!("note {n}")}</a> " " })
                                                                .collect_view()}
                                                        </p>
                                                    }
                                                })}
                                            <details class="rule__details">
                                                <summary>{format!("Full text of {}", r.id)}</summary>
                                                <p>{r.text.clone()}</p>
                                            </details>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </section>
                }
            })
            .collect_view()}
        <section class="card" id="readings" aria-labelledby="rules-readings">
            <h2 id="rules-readings">"Readings where the spec leaves a gap"</h2>
            <p>"Where the rules are silent or allow two readings, the engine takes these (docs/spec-notes.md)."</p>
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col">"#"</th>
                        <th scope="col">"Where"</th>
                        <th scope="col">"The question"</th>
                        <th scope="col">"Our reading"</th>
                    </tr>
                </thead>
                <tbody>
                    {readings
                        .into_iter()
                        .map(|r| {
                            view! {
                                <tr id=format!("reading-{}", r.number)>
                                    <th scope="row">{r.number.clone()}</th>
                                    <td>{r.place.clone()}</td>
                                    <td>{r.question.clone()}</td>
                                    <td>{r.answer.clone()}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </section>
    }
}
