//! The Audience page: the people table (virtualised, 1,000,000 rows), its
//! search and filters, the synthetic generator and bulk membership actions.
//!
//! ```text
//!   ws.plan ──► filter (chunks of CHUNK rows, yielding between) ──► rows: Vec<u32>
//!                     ▲                                                │
//!   filter bar ───────┘                                 table (visible rows only)
//!   bulk dialog ── Edit::AddMembers … (one undo step) ──► ws.dispatch
//!   generator ──── engine::audience::generate ──► Workspace::replace (clears undo)
//! ```
//!
//! The logic is in [`crate::people`] (pure, tested natively); this module
//! only wires it to signals and the DOM.

mod bulk;
mod choices;
mod filters;
mod generator;
mod table;

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::{EmptyState, PageHeader};
use crate::people::filter::PeopleFilter;
use crate::people::index::MembershipIndex;
use crate::results::record::thousands;
use crate::state::{use_workspace, Workspace};

/// People filtered between two yields to the browser.
const CHUNK: usize = 100_000;

/// The page's shared state (`Copy`).
#[derive(Clone, Copy)]
pub(crate) struct AudienceState {
    pub filter: RwSignal<PeopleFilter>,
    /// Rows of `plan.people` that pass the filter, in order.
    pub rows: RwSignal<Vec<u32>>,
    /// True while a filter run is in progress.
    pub filtering: RwSignal<bool>,
    pub filter_error: RwSignal<Option<String>>,
    /// How long the last filter run took (ms), for the figures.
    pub filter_ms: RwSignal<f64>,
    pub index: Memo<Arc<MembershipIndex>>,
    pub generator_open: RwSignal<bool>,
    pub bulk_open: RwSignal<bool>,
    /// Counts filter runs, so a stale run stops.
    run: StoredValue<u64>,
}

pub(crate) fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Lets the browser render and handle input.
pub(crate) async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, Duration::ZERO.as_millis() as i32);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// "1 person", "1,234 people".
pub(crate) fn people_text(n: usize) -> String {
    match n {
        1 => "1 person".into(),
        n => format!("{} people", thousands(n as u64)),
    }
}

impl AudienceState {
    fn new(ws: Workspace) -> AudienceState {
        let index = Memo::new(move |_| Arc::new(ws.plan.with(|p| MembershipIndex::new(&p.memberships))));
        let state = AudienceState {
            filter: RwSignal::new(PeopleFilter::default()),
            rows: RwSignal::new(Vec::new()),
            filtering: RwSignal::new(false),
            filter_error: RwSignal::new(None),
            filter_ms: RwSignal::new(0.0),
            index,
            generator_open: RwSignal::new(false),
            bulk_open: RwSignal::new(false),
            run: StoredValue::new(0),
        };
        // Refilter when the people, memberships or the filter change.
        Effect::new(move |_| {
            ws.plan.track();
            state.filter.track();
            state.index.track();
            state.refilter(ws);
        });
        state
    }

    fn refilter(self, ws: Workspace) {
        let run = self.run.get_value() + 1;
        self.run.set_value(run);
        let started = now_ms();
        let filter = self.filter.get_untracked();
        let total = ws.plan.with_untracked(|p| p.people.len());
        if filter.is_empty() {
            self.rows.set((0..total as u32).collect());
            self.filtering.set(false);
            self.filter_error.set(None);
            self.filter_ms.set(now_ms() - started);
            return;
        }
        self.filtering.set(true);
        spawn_local(async move {
            let mut rows = Vec::new();
            let mut start = 0;
            while start < total {
                let end = (start + CHUNK).min(total);
                let index = self.index.get_untracked();
                let chunk = ws.plan.with_untracked(|plan| {
                    filter.prepare(plan, &index).map(|p| p.matching(start..end))
                });
                match chunk {
                    Ok(c) => rows.extend(c),
                    Err(e) => {
                        self.filter_error.set(Some(e));
                        self.filtering.set(false);
                        return;
                    }
                }
                start = end;
                if start < total {
                    yield_to_browser().await;
                    if self.run.try_get_value() != Some(run) {
                        return;
                    }
                }
            }
            if self.run.try_get_value() == Some(run) {
                self.filter_error.set(None);
                self.rows.set(rows);
                self.filtering.set(false);
                self.filter_ms.set(now_ms() - started);
            }
        });
    }
}

/// The people of the workspace.
#[component]
pub fn AudiencePage() -> impl IntoView {
    let ws = use_workspace();
    let state = AudienceState::new(ws);
    let total = Memo::new(move |_| ws.plan.with(|plan| plan.people.len()));
    let shown = Memo::new(move |_| state.rows.with(Vec::len));

    view! {
        <PageHeader title="Audience">
            <button type="button" class="button" on:click=move |_| state.generator_open.set(true)>
                "Generate people…"
            </button>
            <crate::audience_import::AudienceImports/>
            <Show when=move || { total.get() > 0 }>
                <button
                    type="button"
                    class="button"
                    disabled=move || shown.get() == 0 || state.filtering.get()
                    on:click=move |_| state.bulk_open.set(true)
                >
                    "Bulk actions…"
                </button>
            </Show>
        </PageHeader>
        <generator::GeneratorDialog state/>
        <bulk::BulkDialog state/>
        <Show
            when=move || total.get() == 0
            fallback=move || {
                view! {
                    <filters::FilterBar state/>
                    <p class="people-count" role="status" data-filter-ms=move || format!("{:.0}", state.filter_ms.get())>
                        {move || {
                            let (n, m) = (shown.get(), total.get());
                            let busy = if state.filtering.get() { " (filtering…)" } else { "" };
                            if n == m {
                                format!("{}{busy}", people_text(m))
                            } else {
                                format!("{} of {}{busy}", thousands(n as u64), people_text(m))
                            }
                        }}
                    </p>
                    <table::PeopleTable state/>
                }
            }
        >
            <EmptyState
                title="No people yet"
                message="Generate a synthetic audience to try the plan at scale; the people appear here, ready to join programs."
            >
                <button type="button" class="button button--primary" on:click=move |_| state.generator_open.set(true)>
                    "Generate people…"
                </button>
            </EmptyState>
        </Show>
    }
}
