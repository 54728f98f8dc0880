//! The in-browser benchmark (`/bench`): the engine's benchmark workload
//! (`engine::generate::benchmark_plan`, 100,000 people by default, 3
//! streams, a year of weekly casts) simulated in the worker, with the
//! simulation time and the longest main-thread task during the run
//! (PerformanceObserver `longtask`). Figures, not assertions: the
//! end-to-end `figures` test prints them.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use sim_worker::protocol::{prepare, Request, Response};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::components::PageHeader;
use crate::results::record::thousands;
use crate::worker::SimWorker;

#[derive(Clone, Debug, Default, PartialEq)]
struct Figures {
    people: u64,
    person_casts: u64,
    generate_ms: f64,
    prepare_ms: f64,
    worker_prepare_ms: f64,
    simulate_ms: f64,
    wall_ms: f64,
    longest_task_ms: f64,
    long_tasks: u32,
}

fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Watches `longtask` entries: (longest duration, count), until dropped.
struct LongTasks {
    observer: Option<web_sys::PerformanceObserver>,
    _callback: Closure<dyn FnMut(web_sys::PerformanceObserverEntryList)>,
    longest: Rc<Cell<f64>>,
    count: Rc<Cell<u32>>,
}

impl LongTasks {
    fn start() -> LongTasks {
        let longest = Rc::new(Cell::new(0.0f64));
        let count = Rc::new(Cell::new(0u32));
        let (l, c) = (longest.clone(), count.clone());
        let callback = Closure::<dyn FnMut(web_sys::PerformanceObserverEntryList)>::new(
            move |list: web_sys::PerformanceObserverEntryList| {
                for e in list.get_entries().iter() {
                    let e: web_sys::PerformanceEntry = e.unchecked_into();
                    l.set(l.get().max(e.duration()));
                    c.set(c.get() + 1);
                }
            },
        );
        let observer = web_sys::PerformanceObserver::new(callback.as_ref().unchecked_ref()).ok();
        if let Some(o) = &observer {
            let init = web_sys::PerformanceObserverInit::new(&js_sys::Array::of1(&"longtask".into()));
            o.observe(&init);
        }
        LongTasks { observer, _callback: callback, longest, count }
    }

    fn finish(self) -> (f64, u32) {
        if let Some(o) = &self.observer {
            // Entries not yet delivered to the callback.
            for e in o.take_records().iter() {
                let e: web_sys::PerformanceEntry = e.unchecked_into();
                self.longest.set(self.longest.get().max(e.duration()));
                self.count.set(self.count.get() + 1);
            }
            o.disconnect();
        }
        (self.longest.get(), self.count.get())
    }
}

#[component]
pub fn BenchPage() -> impl IntoView {
    let people = RwSignal::new(100_000u32);
    let status = RwSignal::new(String::new());
    let figures = RwSignal::new(None::<Figures>);
    let busy = RwSignal::new(false);
    let worker = StoredValue::new_local(SimWorker::new());

    let run = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        figures.set(None);
        let n = people.get_untracked() as usize;
        status.set(format!("Generating {} people…", thousands(n as u64)));
        // Let the status paint before the generator holds the thread.
        set_timeout(
            move || {
                let t0 = now();
                let plan = engine::generate::benchmark_plan(n, 1);
                let t1 = now();
                let (input, buffers) = match prepare(&plan) {
                    Ok(p) => p,
                    Err(e) => {
                        status.set(e);
                        busy.set(false);
                        return;
                    }
                };
                drop(plan);
                let t2 = now();
                status.set("Simulating in the worker…".into());
                // A new task: the long-task watch must not see this one (the
                // generator and the encoder above run before the run).
                set_timeout(move || {
                let watch = Rc::new(Cell::new(Some(LongTasks::start())));
                let start = now();
                worker.with_value(|w| {
                    w.request(input, buffers, |id, input| Request::Run { id, revision: 0, input }, move |r| match r {
                        Response::Progress { fraction, casts_done, casts_total, .. } => status.set(format!(
                            "Simulating in the worker… {:.0}% ({casts_done} of {casts_total} casts)",
                            fraction * 100.0
                        )),
                        Response::Report { report, prepare_ms, simulate_ms, .. } => {
                            let wall = now() - start;
                            let watch = watch.clone();
                            // Long-task entries arrive after the task: give them a moment.
                            set_timeout(
                                move || {
                                    let (longest, count) = watch.take().map_or((0.0, 0), LongTasks::finish);
                                    figures.set(Some(Figures {
                                        people: report.people,
                                        person_casts: report.person_casts,
                                        generate_ms: t1 - t0,
                                        prepare_ms: t2 - t1,
                                        worker_prepare_ms: prepare_ms,
                                        simulate_ms,
                                        wall_ms: wall,
                                        longest_task_ms: longest,
                                        long_tasks: count,
                                    }));
                                    status.set("Done".into());
                                    busy.set(false);
                                },
                                Duration::from_millis(300),
                            );
                        }
                        Response::Failed { message, .. } => {
                            status.set(format!("Failed: {message}"));
                            busy.set(false);
                        }
                        _ => {}
                    });
                });
                }, Duration::from_millis(0));
            },
            Duration::from_millis(30),
        );
    };

    view! {
        <PageHeader title="Benchmark"/>
        <section class="card" aria-label="Benchmark">
            <p>
                "Simulates the engine's benchmark workload (one program, three streams of 20 emails, a year of weekly casts, limits enforced) in the simulation worker and measures the main thread meanwhile."
            </p>
            <div class="field">
                <label for="bench-people">"People"</label>
                <input
                    id="bench-people"
                    type="number"
                    min="1"
                    max="1000000"
                    prop:value=move || people.get().to_string()
                    on:change=move |ev| {
                        if let Ok(n) = event_target_value(&ev).parse::<u32>() {
                            people.set(n.clamp(1, 1_000_000));
                        }
                    }
                />
            </div>
            <button type="button" class="button button--primary" disabled=move || busy.get() on:click=run>
                "Run benchmark"
            </button>
            <p role="status" id="bench-status">{move || status.get()}</p>
            {move || {
                figures
                    .get()
                    .map(|f| {
                        view! {
                            <dl class="facts" id="bench-figures">
                                <dt>"People"</dt>
                                <dd id="bench-people-count">{thousands(f.people)}</dd>
                                <dt>"Person-casts"</dt>
                                <dd>{thousands(f.person_casts)}</dd>
                                <dt>"Simulation time in the worker (ms)"</dt>
                                <dd id="bench-simulate-ms">{format!("{:.0}", f.simulate_ms)}</dd>
                                <dt>"Worker decode and compile (ms)"</dt>
                                <dd id="bench-worker-prepare-ms">{format!("{:.0}", f.worker_prepare_ms)}</dd>
                                <dt>"Post to report, wall clock (ms)"</dt>
                                <dd id="bench-wall-ms">{format!("{:.0}", f.wall_ms)}</dd>
                                <dt>"Longest main-thread task during the run (ms)"</dt>
                                <dd id="bench-longest-task-ms">{format!("{:.0}", f.longest_task_ms)}</dd>
                                <dt>"Long tasks during the run"</dt>
                                <dd id="bench-long-tasks">{f.long_tasks}</dd>
                                <dt>"Generating the workload on the page (ms, before the run)"</dt>
                                <dd>{format!("{:.0}", f.generate_ms)}</dd>
                                <dt>"Encoding plan and audience on the page (ms, before the run)"</dt>
                                <dd id="bench-page-prepare-ms">{format!("{:.0}", f.prepare_ms)}</dd>
                            </dl>
                        }
                    })
            }}
        </section>
    }
}
