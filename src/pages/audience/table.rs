//! The people table: an ARIA grid whose body renders only the visible rows
//! (plus overscan) of a fixed height, with scaled scrolling past the
//! browser's height cap ([`VirtualScroll`]). `aria-rowcount` and
//! `aria-rowindex` give screen readers the true size and position; the grid
//! takes focus and moves its active row with the arrow keys, PageUp,
//! PageDown, Home and End (`aria-activedescendant`).

use engine::model::{Person, PersonCadence, Plan};
use leptos::html;
use leptos::prelude::*;

use super::AudienceState;
use crate::people::index::MembershipIndex;
use crate::people::scroll::{KeyMove, VirtualScroll, ROW_HEIGHT};
use crate::planner::catalog::{attribute_catalog, value_text};
use crate::state::use_workspace;

/// The body's height: 15 rows.
const VIEWPORT: f64 = 15.0 * ROW_HEIGHT;

/// How many people are read to find the attribute columns.
const ATTRIBUTE_SAMPLE: usize = 100_000;

fn row_id(pos: usize) -> String {
    format!("people-row-{pos}")
}

fn flags(p: &Person) -> String {
    let mut out = Vec::new();
    if p.unsubscribed {
        out.push("unsubscribed");
    }
    if p.marketing_suspended {
        out.push("suspended");
    }
    if p.email_invalid {
        out.push("email invalid");
    }
    out.join(", ")
}

fn memberships(plan: &Plan, index: &MembershipIndex, p: &Person) -> String {
    index
        .of(&plan.memberships, &p.id)
        .iter()
        .map(|m| {
            let ep = plan.engagement_programs.iter().find(|e| e.id == m.program);
            let ep_name = ep.and_then(|e| e.name.clone()).unwrap_or_else(|| m.program.to_string());
            let stream = ep
                .and_then(|e| e.streams.iter().find(|s| s.id == m.stream))
                .and_then(|s| s.name.clone())
                .unwrap_or_else(|| m.stream.to_string());
            let paused = if m.cadence == PersonCadence::Paused { " (paused)" } else { "" };
            format!("{ep_name} → {stream}{paused}")
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[component]
pub(super) fn PeopleTable(state: AudienceState) -> impl IntoView {
    let ws = use_workspace();
    let body = NodeRef::<html::Div>::new();
    let scroll_top = RwSignal::new(0.0_f64);
    let focused = RwSignal::new(0_usize);
    let attributes = Memo::new(move |_| {
        ws.plan.with(|p| attribute_catalog(&p.people, ATTRIBUTE_SAMPLE).into_iter().map(|a| a.name).collect::<Vec<_>>())
    });
    let geometry = Memo::new(move |_| VirtualScroll::new(state.rows.with(Vec::len), VIEWPORT));
    // A new filter starts at the top; an edit (a bulk action) keeps the
    // place, the active row kept inside the result.
    Effect::new(move |_| {
        state.filter.track();
        focused.set(0);
        scroll_top.set(0.0);
        if let Some(b) = body.get_untracked() {
            b.set_scroll_top(0);
        }
    });
    Effect::new(move |_| {
        let n = state.rows.with(Vec::len);
        if focused.get_untracked() >= n {
            focused.set(n.saturating_sub(1));
        }
    });
    let columns = move || 5 + attributes.with(Vec::len);
    // Styles go through the CSSOM (`style:` directives): the CSP's
    // style-src 'self' blocks style="…" attributes.
    let template = move || format!("repeat({}, minmax(9rem, 1fr))", columns());

    let scroll_to = move |top: f64| {
        if let Some(b) = body.get_untracked() {
            b.set_scroll_top(top as i32);
        }
        scroll_top.set(top);
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let Some(mv) = KeyMove::from_key(&ev.key()) else {
            return;
        };
        ev.prevent_default();
        let g = geometry.get_untracked();
        let Some(next) = mv.apply(focused.get_untracked(), g.rows, g.page_rows()) else {
            return;
        };
        focused.set(next);
        if let Some(top) = g.ensure_visible(next, scroll_top.get_untracked()) {
            scroll_to(top);
        }
    };

    let header = move || {
        let mut cells = vec!["Id".to_owned(), "Email".into(), "Time zone".into(), "Flags".into()];
        cells.extend(attributes.get());
        cells.push("Memberships".into());
        cells
            .into_iter()
            .enumerate()
            .map(|(i, c)| view! { <span role="columnheader" aria-colindex=i + 1 class="people-table__cell">{c}</span> })
            .collect_view()
    };

    let visible_rows = move || {
        let g = geometry.get();
        let top = scroll_top.get();
        let active = focused.get();
        let attrs = attributes.get();
        let index = state.index.get();
        let columns_style = template();
        state.rows.with(|rows| {
            ws.plan.with(|plan| {
                g.window(top)
                    .filter_map(|pos| {
                        let p = plan.people.get(*rows.get(pos)? as usize)?;
                        let href = format!(
                            "/simulation/person?person={}",
                            String::from(js_sys::encode_uri_component(p.id.as_str()))
                        );
                        let zone = p.time_zone.map_or_else(|| "Workspace zone".to_owned(), |z| z.name().to_owned());
                        let mut cells = vec![
                            view! { <span role="gridcell" aria-colindex=1 class="people-table__cell"><a href=href>{p.id.to_string()}</a></span> }.into_any(),
                        ];
                        let texts = [p.email.clone().unwrap_or_default(), zone, flags(p)]
                            .into_iter()
                            .chain(attrs.iter().map(|a| p.attributes.get(a).map(value_text).unwrap_or_default()))
                            .chain(std::iter::once(memberships(plan, &index, p)));
                        for (k, t) in texts.enumerate() {
                            cells.push(
                                view! { <span role="gridcell" aria-colindex=k + 2 class="people-table__cell">{t}</span> }
                                    .into_any(),
                            );
                        }
                        let row_top = format!("{}px", g.row_top(pos, top));
                        Some(view! {
                            <div
                                role="row"
                                id=row_id(pos)
                                aria-rowindex=pos + 2
                                class="people-table__row"
                                class:people-table__row--active=pos == active
                                style:grid-template-columns=columns_style.clone()
                                style:top=row_top
                                style:height=format!("{ROW_HEIGHT}px")
                            >
                                {cells}
                            </div>
                        })
                    })
                    .collect_view()
            })
        })
    };

    view! {
        <div
            role="grid"
            class="people-table"
            aria-label="People"
            aria-rowcount=move || state.rows.with(Vec::len) + 1
            aria-colcount=columns
            aria-activedescendant=move || (geometry.get().rows > 0).then(|| row_id(focused.get()))
            tabindex="0"
            on:keydown=on_key
        >
            <div role="rowgroup" class="people-table__head">
                <div role="row" aria-rowindex="1" class="people-table__row people-table__row--head" style:grid-template-columns=template>
                    {header}
                </div>
            </div>
            <div
                role="rowgroup"
                class="people-table__body"
                node_ref=body
                style:height=format!("{VIEWPORT}px")
                on:scroll=move |_| {
                    if let Some(b) = body.get_untracked() {
                        scroll_top.set(f64::from(b.scroll_top()));
                    }
                }
            >
                <div class="people-table__spacer" style:height=move || format!("{}px", geometry.get().spacer_height())>
                    {visible_rows}
                </div>
            </div>
        </div>
    }
}
