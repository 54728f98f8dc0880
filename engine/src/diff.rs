//! What-if comparison of two plans (`engagement-sim diff A B`): differences
//! in deliveries per item, in when streams run dry, in scores, and the
//! people whose next content changes.

use crate::analysis::{Analysis, Report};
use crate::model::Plan;
use crate::output::{compile_plan, csv::record};
use crate::sim::outcome::{Reactions, Row};
use crate::sim::sink::{Move, Sink, Why};
use crate::sim::{Compiled, Progress, Simulation};
use crate::time::Instant;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Each person's first delivery of the run (their "next content").
struct FirstDelivery {
    inner: Analysis,
    first: Vec<Option<(Instant, u32)>>,
}

impl Sink for FirstDelivery {
    fn row(&mut self, row: &Row, r: Reactions, why: &Why) {
        self.inner.row(row, r, why);
        if row.outcome.is_delivery() {
            let f = &mut self.first[row.person as usize];
            if f.is_none_or(|(at, _)| row.at < at) {
                *f = row.content.map(|c| (row.at, c));
            }
        }
    }
    fn moved(&mut self, m: &Move) {
        self.inner.moved(m);
    }
}

/// A person's next content in one run: (`at`, content id).
pub type Next = Option<(String, String)>;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Diff {
    /// (program, stream, content, deliveries in A, in B), where they differ.
    pub deliveries: Vec<(String, String, String, u64, u64)>,
    /// (program, stream, runs dry in A, in B), where they differ.
    pub runs_dry: Vec<(String, String, Option<String>, Option<String>)>,
    /// (program, stream, content, score in A, in B), where they differ.
    pub scores: Vec<(String, String, String, Option<u8>, Option<u8>)>,
    /// (person, next in A, next in B), where they differ.
    pub next_content: Vec<(String, Next, Next)>,
}

/// One run with each person's first delivery; `None`: `progress` said stop.
fn run_compiled(c: &Compiled, mut progress: impl FnMut(Progress) -> bool) -> Option<(Report, HashMap<String, Next>)> {
    let sink = FirstDelivery { inner: Analysis::for_zone(c.time_zone), first: vec![None; c.person_ids.len()] };
    let mut sim = Simulation::new(c, sink, false);
    let mut steps = 0u32;
    while sim.step() {
        steps += 1;
        if steps % 8 == 0 && !progress(sim.progress()) {
            return None;
        }
    }
    if !progress(sim.progress()) {
        return None;
    }
    let next = sim
        .sink
        .first
        .iter()
        .enumerate()
        .map(|(p, f)| (c.person_ids[p].clone(), f.map(|(at, ci)| (at.log_format(), c.content[ci as usize].id.clone()))))
        .collect();
    let report = crate::analysis::report_of(c, &sim, |s| &s.inner);
    Some((report, next))
}

/// Compares the runs of two plans (a workspace and its what-if scenario).
pub fn diff(a: &Plan, b: &Plan) -> Result<Diff, String> {
    let ca = compile_plan(a).map_err(|e| format!("plan A: {e}"))?;
    let cb = compile_plan(b).map_err(|e| format!("plan B: {e}"))?;
    // Never stopped: the progress callback always goes on.
    diff_compiled(&ca, &cb, |_, _| true).ok_or_else(|| "the comparison was stopped".to_owned())
}

/// [`diff`] of two compiled plans (the simulation worker compiles from
/// audiences), A then B, with progress: `progress(run, p)` with `run` 0 for
/// A and 1 for B, every few instants; returning `false` stops (`None`).
pub fn diff_compiled(a: &Compiled, b: &Compiled, mut progress: impl FnMut(usize, Progress) -> bool) -> Option<Diff> {
    let ra = run_compiled(a, |p| progress(0, p))?;
    let rb = run_compiled(b, |p| progress(1, p))?;
    Some(compare_runs(ra, rb))
}

fn compare_runs((ra, na): (Report, HashMap<String, Next>), (rb, nb): (Report, HashMap<String, Next>)) -> Diff {
    let key = |i: &crate::analysis::ItemReport| (i.program.clone(), i.stream.clone(), i.content.clone());
    let ia: BTreeMap<_, _> = ra.items.iter().map(|i| (key(i), i)).collect();
    let ib: BTreeMap<_, _> = rb.items.iter().map(|i| (key(i), i)).collect();
    let mut keys: Vec<_> = ia.keys().chain(ib.keys()).cloned().collect();
    keys.sort();
    keys.dedup();
    let mut deliveries = Vec::new();
    let mut scores = Vec::new();
    for k in keys {
        let (x, y) = (ia.get(&k), ib.get(&k));
        let (dx, dy) = (x.map_or(0, |i| i.deliveries), y.map_or(0, |i| i.deliveries));
        if dx != dy {
            deliveries.push((k.0.clone(), k.1.clone(), k.2.clone(), dx, dy));
        }
        let (sx, sy) = (x.and_then(|i| i.score), y.and_then(|i| i.score));
        if sx != sy {
            scores.push((k.0, k.1, k.2, sx, sy));
        }
    }
    let fa: BTreeMap<_, _> = ra.forecasts.iter().map(|f| ((f.program.clone(), f.stream.clone()), f)).collect();
    let fb: BTreeMap<_, _> = rb.forecasts.iter().map(|f| ((f.program.clone(), f.stream.clone()), f)).collect();
    let mut streams: Vec<_> = fa.keys().chain(fb.keys()).cloned().collect();
    streams.sort();
    streams.dedup();
    let runs_dry = streams
        .into_iter()
        .filter_map(|k| {
            let x = fa.get(&k).and_then(|f| f.runs_dry.as_ref().map(|r| r.0.clone()));
            let y = fb.get(&k).and_then(|f| f.runs_dry.as_ref().map(|r| r.0.clone()));
            (x != y).then_some((k.0, k.1, x, y))
        })
        .collect();
    let mut people: Vec<&String> = na.keys().chain(nb.keys()).collect();
    people.sort();
    people.dedup();
    let next_content = people
        .into_iter()
        .filter_map(|p| {
            let x = na.get(p).cloned().flatten();
            let y = nb.get(p).cloned().flatten();
            (x != y).then(|| (p.clone(), x, y))
        })
        .collect();
    Diff { deliveries, runs_dry, scores, next_content }
}

/// The diff as CSV `section,program,stream,item,a,b`.
pub fn diff_csv(d: &Diff) -> String {
    let mut out = String::from("section,program,stream,item,a,b\n");
    for (p, s, c, a, b) in &d.deliveries {
        record(&mut out, &["deliveries", p, s, c, &a.to_string(), &b.to_string()]);
    }
    for (p, s, a, b) in &d.runs_dry {
        record(&mut out, &["runs_dry", p, s, "", a.as_deref().unwrap_or(""), b.as_deref().unwrap_or("")]);
    }
    let score = |v: &Option<u8>| v.map(|x| x.to_string()).unwrap_or_default();
    for (p, s, c, a, b) in &d.scores {
        record(&mut out, &["score", p, s, c, &score(a), &score(b)]);
    }
    let next = |n: &Next| n.as_ref().map(|(at, c)| format!("{c} at {at}")).unwrap_or_default();
    for (person, a, b) in &d.next_content {
        record(&mut out, &["next_content", "", "", person, &next(a), &next(b)]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EventKind;

    fn scenario(name: &str) -> Plan {
        let path = format!("{}/tests/fixtures/scenarios/{name}.plan.json", env!("CARGO_MANIFEST_DIR"));
        crate::plan::load_plan(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    #[test]
    fn a_plan_equals_itself() {
        let p = scenario("stochastic_behavior");
        let d = diff(&p, &p).unwrap();
        assert!(d.deliveries.is_empty() && d.runs_dry.is_empty() && d.scores.is_empty() && d.next_content.is_empty());
        assert_eq!(diff_csv(&d), "section,program,stream,item,a,b\n");
    }

    #[test]
    fn reordering_content_changes_next_content_and_deliveries() {
        let a = scenario("basic_weekly_exhaustion");
        let mut b = a.clone();
        b.engagement_programs[0].streams[0].content.swap(0, 3); // e3 first, e1 last
        b.events.retain(|e| !matches!(e.kind, EventKind::MoveContent { .. }));
        let d = diff(&a, &b).unwrap();
        assert_eq!(d.next_content.len(), 2, "{d:?}");
        assert_eq!(d.next_content[0].1.as_ref().unwrap().1, "e1");
        assert_eq!(d.next_content[0].2.as_ref().unwrap().1, "e3");
        assert!(diff_csv(&d).contains("next_content,,,p1,e1 at 2027-01-05T09:00:00Z,e3 at 2027-01-05T09:00:00Z"));
    }

    #[test]
    fn the_compiled_diff_reports_progress_for_both_runs_and_can_stop() {
        let a = scenario("basic_weekly_exhaustion");
        let mut b = a.clone();
        b.engagement_programs[0].streams[0].content.swap(0, 3);
        b.events.retain(|e| !matches!(e.kind, EventKind::MoveContent { .. }));
        let (ca, cb) = (compile_plan(&a).unwrap(), compile_plan(&b).unwrap());
        let mut runs = Vec::new();
        let d = diff_compiled(&ca, &cb, |run, _| {
            runs.push(run);
            true
        })
        .unwrap();
        assert_eq!(d, diff(&a, &b).unwrap());
        assert!(runs.contains(&0) && runs.contains(&1) && runs.windows(2).all(|w| w[0] <= w[1]), "{runs:?}");
        assert_eq!(diff_compiled(&ca, &cb, |run, _| run == 0), None);
    }
}
