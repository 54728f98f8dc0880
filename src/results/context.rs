//! The results context (see the module docs of [`crate::results`]).

use engine::analysis::CastDetail;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sim_worker::protocol::{prepare, ExportKind, Input, Request, Response};

use super::db;
use super::record::{fingerprint, Freshness, StoredResults};
use crate::state::Workspace;
use crate::worker::SimWorker;

/// The run in progress, or how the last one ended.
#[derive(Clone, Debug, PartialEq)]
pub enum RunState {
    Idle,
    Running { fraction: f64, casts_done: u64, casts_total: u64 },
    Cancelled,
    Failed(String),
}

/// The simulation results of the workspace (`Copy`: pass it freely).
#[derive(Clone, Copy)]
pub struct Results {
    /// The latest finished run (kept in the results database).
    pub latest: RwSignal<Option<StoredResults>>,
    pub run: RwSignal<RunState>,
    /// Whether the results database has been read (until then "no results"
    /// means "not known yet").
    pub loaded: RwSignal<bool>,
    /// Why the last result could not be kept, if it could not.
    pub save_error: RwSignal<Option<String>>,
    /// [`fingerprint`] of the workspace's plan (lazy: computed when read).
    pub plan_fingerprint: Memo<String>,
    ws: Workspace,
    worker: StoredValue<SimWorker, LocalStorage>,
}

impl Results {
    /// Whether the latest result describes the workspace as it is now
    /// (`None`: no result).
    pub fn freshness(&self) -> Option<Freshness> {
        let revision = self.ws.revision.get();
        let fp = self.plan_fingerprint.get();
        self.latest.with(|l| l.as_ref().map(|r| Freshness::of(r, revision, &fp)))
    }

    /// The R-SC-1 score of `content` in `stream` from the latest run:
    /// `None` when there is no run or the item was not in it; `Some(None)`:
    /// not enough data.
    pub fn score(&self, stream: &str, content: &str) -> Option<Option<u8>> {
        self.latest.with(|l| {
            l.as_ref()?
                .report
                .items
                .iter()
                .find(|i| i.stream == stream && i.content == content)
                .map(|i| i.score)
        })
    }

    pub fn running(&self) -> bool {
        self.run.with(|r| matches!(r, RunState::Running { .. }))
    }

    /// Simulates the workspace as it is now in the worker; the result
    /// replaces the latest and is kept.
    pub fn start_run(&self) {
        let this = *self;
        if this.running() {
            return;
        }
        let (input, buffers, revision, fp, name) = {
            let revision = this.ws.revision.get_untracked();
            let prepared = this.ws.plan.with_untracked(|plan| {
                prepare(plan).map(|(i, b)| (i, b, fingerprint(plan), crate::results::record::workspace_name(plan)))
            });
            match prepared {
                Ok((i, b, fp, name)) => (i, b, revision, fp, name),
                Err(message) => {
                    this.run.set(RunState::Failed(message));
                    return;
                }
            }
        };
        this.run.set(RunState::Running { fraction: 0.0, casts_done: 0, casts_total: 0 });
        this.ws.say("Simulation started".into());
        this.worker.with_value(|w| {
            w.request(
                input,
                buffers,
                |id, input| Request::Run { id, revision, input },
                move |response| match response {
                    Response::Progress { fraction, casts_done, casts_total, .. } => {
                        this.run.set(RunState::Running { fraction, casts_done, casts_total });
                    }
                    Response::Report { revision, report, prepare_ms, simulate_ms, .. } => {
                        let stored = StoredResults {
                            revision,
                            fingerprint: fp.clone(),
                            workspace: name.clone(),
                            finished_at_ms: js_sys::Date::now(),
                            prepare_ms,
                            simulate_ms,
                            report,
                        };
                        this.latest.set(Some(stored.clone()));
                        this.run.set(RunState::Idle);
                        this.ws.say("Simulation finished".into());
                        spawn_local(async move {
                            this.save_error.set(db::save(&stored).await.err());
                        });
                    }
                    Response::Failed { message, .. } => {
                        if this.run.get_untracked() != RunState::Cancelled {
                            this.ws.say(format!("Simulation failed: {message}"));
                            this.run.set(RunState::Failed(message));
                        }
                    }
                    _ => {}
                },
            );
        });
    }

    /// Stops the run in progress (the worker is terminated and replaced);
    /// the latest result stays as it was.
    pub fn cancel(&self) {
        if self.running() {
            self.run.set(RunState::Cancelled);
            self.ws.say("Simulation cancelled".into());
        }
        // Pending requests get `Failed(CANCELLED)`: the run's is ignored
        // below, a cast preview's shows it.
        self.worker.with_value(SimWorker::cancel);
    }

    /// One cast person by person, for the workspace as it is now.
    pub fn cast_detail(
        &self,
        stream: String,
        date: String,
        done: impl FnOnce(Result<CastDetail, String>) + 'static,
    ) {
        let revision = self.ws.revision.get_untracked();
        let prepared = self.ws.plan.with_untracked(prepare);
        self.request_once(
            prepared,
            |id, input| Request::CastDetail { id, revision, input, stream, date },
            |response| match response {
                Response::CastDetail { detail, .. } => Some(Ok(detail)),
                _ => None,
            },
            done,
        );
    }

    /// Simulates any plan (a what-if scenario, say) in the worker without
    /// touching the latest result: `done` gets its report. Queued behind a
    /// run in progress; [`Results::cancel`] drops it too.
    pub fn analyze(&self, plan: &engine::model::Plan, done: impl FnOnce(Result<engine::analysis::Report, String>) + 'static) {
        let prepared = prepare(plan);
        self.request_once(
            prepared,
            |id, input| Request::Run { id, revision: 0, input },
            |response| match response {
                Response::Report { report, .. } => Some(Ok(report)),
                _ => None,
            },
            done,
        );
    }

    /// Compares the runs of plans `a` and `b` in the worker
    /// ([`engine::diff::diff`]): `progress` gets (fraction, casts done,
    /// casts total) over both runs, `done` the comparison. Queued behind a
    /// run in progress; [`Results::cancel`] drops it too.
    pub fn diff(
        &self,
        a: &engine::model::Plan,
        b: &engine::model::Plan,
        mut progress: impl FnMut(f64, u64, u64) + 'static,
        done: impl FnOnce(Result<engine::diff::Diff, String>) + 'static,
    ) {
        let prepared = prepare(a)
            .map_err(|e| format!("plan A: {e}"))
            .and_then(|pa| prepare(b).map(|pb| (pa, pb)).map_err(|e| format!("plan B: {e}")));
        let ((input, mut buffers), (other, b_buffers)) = match prepared {
            Ok(p) => p,
            Err(e) => return done(Err(e)),
        };
        buffers.extend(b_buffers);
        let mut done = Some(done);
        self.worker.with_value(|w| {
            w.request(
                input,
                buffers,
                |id, input| Request::Diff { id, input, other },
                move |response| {
                    let result = match response {
                        Response::Progress { fraction, casts_done, casts_total, .. } => {
                            return progress(fraction, casts_done, casts_total);
                        }
                        Response::Diff { diff, .. } => Ok(diff),
                        Response::Failed { message, .. } => Err(message),
                        _ => return,
                    };
                    if let Some(done) = done.take() {
                        done(result);
                    }
                },
            );
        });
    }

    /// A CSV export of the workspace as it is now, formulas neutralised.
    pub fn export(&self, kind: ExportKind, done: impl FnOnce(Result<String, String>) + 'static) {
        let revision = self.ws.revision.get_untracked();
        let prepared = self.ws.plan.with_untracked(prepare);
        self.request_once(
            prepared,
            |id, input| Request::Export { id, revision, input, kind },
            |response| match response {
                Response::Csv { text, .. } => Some(Ok(text)),
                _ => None,
            },
            done,
        );
    }

    /// Posts one request built from the prepared plan; `done` gets the
    /// first response `pick` takes, the worker's `Failed` message, or the
    /// preparation's error. Other responses (progress) pass by.
    fn request_once<T: 'static>(
        &self,
        prepared: Result<(Input, Vec<Vec<u8>>), String>,
        make: impl FnOnce(u64, Input) -> Request,
        pick: impl Fn(Response) -> Option<Result<T, String>> + 'static,
        done: impl FnOnce(Result<T, String>) + 'static,
    ) {
        let (input, buffers) = match prepared {
            Ok(p) => p,
            Err(e) => return done(Err(e)),
        };
        let mut done = Some(done);
        self.worker.with_value(|w| {
            w.request(input, buffers, make, move |response| {
                let result = match response {
                    Response::Failed { message, .. } => Err(message),
                    other => match pick(other) {
                        Some(result) => result,
                        None => return,
                    },
                };
                if let Some(done) = done.take() {
                    done(result);
                }
            });
        });
    }
}

/// Creates the results context for `ws` (reading the kept results) and
/// provides it below the caller.
pub fn provide_results(ws: Workspace) -> Results {
    let results = Results {
        latest: RwSignal::new(None),
        run: RwSignal::new(RunState::Idle),
        loaded: RwSignal::new(false),
        save_error: RwSignal::new(None),
        plan_fingerprint: Memo::new(move |_| ws.plan.with(fingerprint)),
        ws,
        worker: StoredValue::new_local(SimWorker::new()),
    };
    provide_context(results);
    spawn_local(async move {
        if let Ok(Some(kept)) = db::load().await {
            // A run that finished meanwhile is newer than the kept one.
            if results.latest.with_untracked(Option::is_none) {
                results.latest.set(Some(kept));
            }
        }
        results.loaded.set(true);
    });
    mark_interactive();
    results
}

/// Marks `app-interactive` in the performance timeline at the first frame
/// after the app mounted (read by the end-to-end figures).
fn mark_interactive() {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else { return };
    let cb = Closure::once_into_js(|| {
        if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
            let _ = p.mark("app-interactive");
        }
    });
    let _ = window.request_animation_frame(cb.unchecked_ref());
}

/// The results context provided by [`provide_results`].
///
/// # Panics
/// Outside a component tree under [`crate::App`].
pub fn use_results() -> Results {
    expect_context::<Results>()
}
