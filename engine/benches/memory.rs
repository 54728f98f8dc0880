//! Peak memory per person on the benchmark workload, measured with a
//! counting global allocator (no timing: `cargo bench` runs it as a plain
//! program because the target sets `harness = false`).
//!
//! For 100,000 and 1,000,000 people it prints, per person:
//! - `state`: [`Simulation::state_bytes_per_person`], the simulation state
//!   proper (membership, consumption and fact bits, limit ring, flags);
//! - `run peak`: the heap high-water mark while the simulation state is
//!   built and run to the end with the summary output, above what the
//!   compiled plan already held (so: state arrays, pending deliveries,
//!   statistics, open summary groups);
//! - `compiled`: the heap held by the compiled plan (person ids, time zones,
//!   attribute columns, memberships), built from a plan model;
//! - `process peak`: the heap high-water mark of the whole pipeline (plan
//!   model, compiled plan, run), the figure the CLI's own peak follows.
//!
//! Run with `cargo bench -p engagement-engine --bench memory`.

use engine::generate::benchmark_plan;
use engine::output::{compile_plan, summary::SummaryWriter};
use engine::sim::Simulation;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// Counts live heap bytes and their high-water mark.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let now = LIVE.fetch_add(bytes, Relaxed) + bytes;
    PEAK.fetch_max(now, Relaxed);
}

// SAFETY: every call is forwarded to `System` unchanged; only counters are
// updated around it.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Restarts the high-water mark from what is live now; returns that.
fn reset_peak() -> usize {
    let live = LIVE.load(Relaxed);
    PEAK.store(live, Relaxed);
    live
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument selects sizes.
    let filter: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    println!("memory per person on the benchmark workload (heap bytes / people)");
    for people in [100_000usize, 1_000_000] {
        if !filter.is_empty() && !filter.iter().any(|f| people.to_string().contains(f.as_str())) {
            continue;
        }
        let base = reset_peak();
        let plan = benchmark_plan(people, 0);
        let c = compile_plan(&plan).expect("the benchmark plan compiles");
        drop(plan);
        let compiled = LIVE.load(Relaxed) - base;
        let before_run = reset_peak();
        let mut sim = Simulation::new(&c, SummaryWriter::new(&c, std::io::sink()), false);
        sim.run();
        let summary = sim.summary();
        sim.into_sink().into_inner().expect("io::sink never fails");
        let run_peak = PEAK.load(Relaxed) - before_run;
        drop(c);
        // The whole pipeline again, measured from an empty heap.
        let base = reset_peak();
        {
            let plan = benchmark_plan(people, 0);
            let c = compile_plan(&plan).expect("the benchmark plan compiles");
            drop(plan);
            let mut sim = Simulation::new(&c, SummaryWriter::new(&c, std::io::sink()), false);
            sim.run();
            sim.into_sink().into_inner().expect("io::sink never fails");
        }
        let process_peak = PEAK.load(Relaxed) - base;
        let per = |b: usize| b as f64 / people as f64;
        println!(
            "{people:>9} people: state {} B, run peak {:.1} B, compiled {:.1} B, process peak {:.1} B ({} person-casts)",
            summary.state_bytes_per_person,
            per(run_peak),
            per(compiled),
            per(process_peak),
            summary.person_casts,
        );
    }
}
