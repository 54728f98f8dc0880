//! The cast loop on the benchmark workload of the engine issue
//! (`engine::generate::benchmark_plan`): one program, three streams of 20
//! emails, a year of weekly casts, summary output only.
//!
//! What is timed is the run alone: the plan is generated and compiled once,
//! outside the measurement, and each iteration builds the simulation state
//! (also outside) and runs every cast into the `--summary` aggregator writing
//! to `io::sink()`. Throughput is in person-casts (one person considered at
//! one stream cast = one log row), so criterion reports person-casts/s.
//!
//! Run with `cargo bench -p engagement-engine --bench cast_loop`. Sample
//! counts are small so the whole bench finishes in a few minutes; pass
//! criterion's own flags after `--` for more.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use engine::generate::benchmark_plan;
use engine::output::{compile_plan, summary::SummaryWriter};
use engine::sim::{Compiled, Simulation};
use std::hint::black_box;
use std::time::Duration;

/// A fresh simulation of `c` feeding the summary aggregator.
fn simulation(c: &Compiled) -> Simulation<'_, SummaryWriter<'_, std::io::Sink>> {
    Simulation::new(c, SummaryWriter::new(c, std::io::sink()), false)
}

fn cast_loop(cr: &mut Criterion) {
    let mut group = cr.benchmark_group("cast_loop");
    group.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(10));
    for people in [100_000usize, 1_000_000] {
        let plan = benchmark_plan(people, 0);
        let c = compile_plan(&plan).expect("the benchmark plan compiles");
        drop(plan);
        // One untimed run to count the person-casts (the throughput unit).
        let mut probe = simulation(&c);
        probe.run();
        let summary = probe.summary();
        drop(probe);
        eprintln!(
            "cast_loop/{people}: {} casts, {} person-casts, {} bytes of state per person",
            summary.casts, summary.person_casts, summary.state_bytes_per_person
        );
        group.throughput(Throughput::Elements(summary.person_casts));
        group.bench_function(format!("summary/{people}"), |b| {
            b.iter_batched(
                || simulation(&c),
                |mut sim| {
                    sim.run();
                    black_box(sim.into_sink().into_inner().expect("io::sink never fails"));
                },
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, cast_loop);
criterion_main!(benches);
