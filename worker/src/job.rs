//! What the worker does with a request: pure, so it runs (and is tested)
//! natively exactly as in the worker. The wasm entry (`main.rs`) only moves
//! messages between `postMessage` and [`handle`].

use crate::csv_safe::safe_csv;
use crate::protocol::{load, ExportKind, Input, Request, Response};
use engine::analysis::{analyze_compiled, cast_detail, casts_planned};
use engine::audience::Audience;
use engine::model::Plan;
use engine::output::{log::LogWriter, summary::SummaryWriter, window};
use engine::sim::compile::{compile_with_audience, Compiled};
use engine::sim::Simulation;

/// The least time between two progress messages, in milliseconds.
pub const PROGRESS_EVERY_MS: f64 = 50.0;

fn compile(input: &Input, buffers: &[Vec<u8>]) -> Result<Compiled, String> {
    let (plan, audience): (Plan, Audience) = load(input, buffers)?;
    let (start, end) = window(&plan)?;
    compile_with_audience(&plan, &audience, start, end, None)
}

/// Answers `request` through `post`. `now` is a clock in milliseconds
/// (`performance.now()` in the worker), used to pace progress messages and
/// to time the run.
pub fn handle(request: Request, buffers: Vec<Vec<u8>>, now: impl Fn() -> f64, mut post: impl FnMut(Response)) {
    let id = request.id();
    let failed = |message: String| Response::Failed { id, message };
    if let Request::Diff { input, other, .. } = &request {
        return compare(id, input, other, buffers, now, post);
    }
    let t0 = now();
    let compiled = match compile(request.input(), &buffers) {
        Ok(c) => c,
        Err(message) => return post(failed(message)),
    };
    drop(buffers);
    match request {
        Request::Run { revision, .. } => {
            let total = casts_planned(&compiled);
            let t1 = now();
            let mut last = f64::NEG_INFINITY;
            let report = analyze_compiled(&compiled, |p| {
                let t = now();
                if t - last >= PROGRESS_EVERY_MS {
                    last = t;
                    let span = (p.end.0 - p.start.0).max(1) as f64;
                    let fraction = ((p.now.0 - p.start.0) as f64 / span).clamp(0.0, 1.0);
                    post(Response::Progress {
                        id,
                        fraction,
                        casts_done: p.casts_done.min(total.max(p.casts_done)),
                        casts_total: total.max(p.casts_done),
                    });
                }
                true
            });
            let t2 = now();
            match report {
                Some(report) => {
                    post(Response::Progress { id, fraction: 1.0, casts_done: total, casts_total: total });
                    post(Response::Report { id, revision, report, prepare_ms: t1 - t0, simulate_ms: t2 - t1 });
                }
                None => post(failed("the run was cancelled".into())),
            }
        }
        Request::CastDetail { revision, stream, date, .. } => match cast_detail(&compiled, &stream, &date) {
            Ok(detail) => post(Response::CastDetail { id, revision, detail }),
            Err(message) => post(failed(message)),
        },
        Request::Export { revision, kind, .. } => match export(&compiled, kind) {
            Ok(text) => post(Response::Csv { id, revision, kind, text: safe_csv(&text) }),
            Err(message) => post(failed(message)),
        },
        Request::Diff { .. } => {} // answered above
    }
}

/// A `Diff` request: A's columns come first in `buffers`, then B's.
fn compare(id: u64, a: &Input, b: &Input, mut buffers: Vec<Vec<u8>>, now: impl Fn() -> f64, mut post: impl FnMut(Response)) {
    let failed = |message: String| Response::Failed { id, message };
    if buffers.len() != a.columns.len() + b.columns.len() {
        return post(failed(format!(
            "the comparison names {} audience columns but carries {} buffers",
            a.columns.len() + b.columns.len(),
            buffers.len()
        )));
    }
    let b_buffers = buffers.split_off(a.columns.len());
    let ca = match compile(a, &buffers) {
        Ok(c) => c,
        Err(e) => return post(failed(format!("plan A: {e}"))),
    };
    drop(buffers);
    let cb = match compile(b, &b_buffers) {
        Ok(c) => c,
        Err(e) => return post(failed(format!("plan B: {e}"))),
    };
    drop(b_buffers);
    let totals = [casts_planned(&ca), casts_planned(&cb)];
    let total = totals[0] + totals[1];
    let mut last = f64::NEG_INFINITY;
    let diff = engine::diff::diff_compiled(&ca, &cb, |run, p| {
        let t = now();
        if t - last >= PROGRESS_EVERY_MS {
            last = t;
            let span = (p.end.0 - p.start.0).max(1) as f64;
            let within = ((p.now.0 - p.start.0) as f64 / span).clamp(0.0, 1.0);
            let done_before = if run == 0 { 0 } else { totals[0] };
            let casts_done = (done_before + p.casts_done.min(totals[run])).min(total);
            post(Response::Progress { id, fraction: (run as f64 + within) / 2.0, casts_done, casts_total: total });
        }
        true
    });
    match diff {
        Some(diff) => {
            post(Response::Progress { id, fraction: 1.0, casts_done: total, casts_total: total });
            post(Response::Diff { id, diff });
        }
        None => post(failed("the comparison was cancelled".into())),
    }
}

/// The engine's CSV for `kind`, as the command line writes it.
fn export(c: &Compiled, kind: ExportKind) -> Result<String, String> {
    let bytes = match kind {
        ExportKind::SendLog => {
            let mut sim = Simulation::new(c, LogWriter::new(c, Vec::new()), false);
            sim.run();
            sim.into_sink().into_inner()
        }
        ExportKind::Summary => {
            let mut sim = Simulation::new(c, SummaryWriter::new(c, Vec::new()), false);
            sim.run();
            sim.into_sink().into_inner()
        }
    }
    .map_err(|e| format!("cannot write the CSV: {e}"))?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::prepare;
    use std::cell::Cell;

    fn run(request: impl FnOnce(Input) -> Request, plan: &Plan) -> Vec<Response> {
        let (input, buffers) = prepare(plan).unwrap();
        let mut out = Vec::new();
        let clock = Cell::new(0.0);
        // Every call of the clock is 60 ms later: every progress is posted.
        handle(request(input), buffers, || {
            clock.set(clock.get() + 60.0);
            clock.get()
        }, |r| out.push(r));
        out
    }

    #[test]
    fn a_run_reports_progress_then_the_engines_report() {
        let plan = engine::generate::sample_plan();
        let out = run(|input| Request::Run { id: 4, revision: 17, input }, &plan);
        let (last, progress) = out.split_last().unwrap();
        let Response::Report { id, revision, report, .. } = last else { panic!("{last:?}") };
        assert_eq!((*id, *revision), (4, 17));
        assert_eq!(report, &engine::analysis::analyze(&plan).unwrap());
        assert!(progress.len() > 2);
        let mut previous = 0.0;
        for p in progress {
            let Response::Progress { id: 4, fraction, casts_done, casts_total } = p else { panic!("{p:?}") };
            assert!(*fraction >= previous && *fraction <= 1.0);
            assert!(casts_done <= casts_total);
            previous = *fraction;
        }
        assert_eq!(previous, 1.0);
    }

    #[test]
    fn cast_detail_and_exports_answer_their_request() {
        let plan = engine::generate::sample_plan();
        let report = engine::analysis::analyze(&plan).unwrap();
        let first = &report.casts[0];
        let out = run(
            |input| Request::CastDetail {
                id: 1,
                revision: 2,
                input,
                stream: first.stream.clone(),
                date: first.date.clone(),
            },
            &plan,
        );
        let [Response::CastDetail { detail, .. }] = out.as_slice() else { panic!("{out:?}") };
        assert_eq!(detail.rows.len() as u64, first.considered);

        let out = run(|input| Request::Export { id: 3, revision: 2, input, kind: ExportKind::Summary }, &plan);
        let [Response::Csv { text, kind: ExportKind::Summary, .. }] = out.as_slice() else { panic!("{out:?}") };
        let cli = String::from_utf8(engine::output::write_summary(&plan, Vec::new()).unwrap()).unwrap();
        assert_eq!(text, &safe_csv(&cli));

        let out = run(|input| Request::Export { id: 5, revision: 2, input, kind: ExportKind::SendLog }, &plan);
        let [Response::Csv { text, .. }] = out.as_slice() else { panic!("{out:?}") };
        assert_eq!(text, &safe_csv(&engine::output::send_log(&plan).unwrap()));
    }

    #[test]
    fn exports_neutralise_formula_ids() {
        let mut plan = engine::generate::sample_plan();
        // A person id that a spreadsheet would run as a formula.
        let old = plan.people[0].id.clone();
        let evil = engine::model::PersonId("=cmd|'/c calc'!A1".into());
        plan.people[0].id = evil.clone();
        for m in &mut plan.memberships {
            if m.person == old {
                m.person = evil.clone();
            }
        }
        plan.history.retain(|h| h.person != old);
        plan.program_history.retain(|h| h.person != old);
        let out = run(|input| Request::Export { id: 1, revision: 1, input, kind: ExportKind::SendLog }, &plan);
        let [Response::Csv { text, .. }] = out.as_slice() else { panic!("{out:?}") };
        assert!(text.contains(",'=cmd|'/c calc'!A1,"), "the id is neutralised");
        assert!(!text.contains(",=cmd"));
    }

    #[test]
    fn a_diff_compares_two_plans_as_the_engine_does() {
        let a = engine::generate::sample_plan();
        let mut b = a.clone();
        b.engagement_programs[0].streams[0].content.reverse();
        let (ia, mut buffers) = prepare(&a).unwrap();
        let (ib, bb) = prepare(&b).unwrap();
        buffers.extend(bb);
        let request = Request::Diff { id: 6, input: ia, other: ib };
        // Through the transport, as the page posts it.
        let (header, moved) = crate::protocol::to_transport(request.clone(), buffers);
        let (back, buffers) = crate::protocol::from_transport(&header, moved).unwrap();
        assert_eq!(back, request);
        let mut out = Vec::new();
        let clock = Cell::new(0.0);
        handle(back, buffers, || {
            clock.set(clock.get() + 60.0);
            clock.get()
        }, |r| out.push(r));
        let (last, progress) = out.split_last().unwrap();
        let Response::Diff { id: 6, diff } = last else { panic!("{last:?}") };
        let native = engine::diff::diff(&a, &b).unwrap();
        assert_eq!(diff, &native);
        assert!(!native.deliveries.is_empty() && !native.next_content.is_empty());
        let fractions: Vec<f64> =
            progress.iter().map(|p| match p { Response::Progress { fraction, .. } => *fraction, _ => panic!("{p:?}") }).collect();
        assert!(fractions.windows(2).all(|w| w[0] <= w[1]) && fractions.iter().any(|f| *f > 0.5));
        assert_eq!(fractions.last(), Some(&1.0));
    }

    #[test]
    fn a_bad_request_fails_with_the_reason() {
        let mut plan = engine::generate::sample_plan();
        plan.simulation = None;
        let out = run(|input| Request::Run { id: 9, revision: 1, input }, &plan);
        let [Response::Failed { id: 9, message }] = out.as_slice() else { panic!("{out:?}") };
        assert!(message.contains("simulation"), "{message}");
    }
}
