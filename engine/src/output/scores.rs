//! `--scores`: the R-SC-1 score of every item of every stream at `end`.

use super::csv::record;
use crate::sim::sink::Sink;
use crate::sim::Simulation;

pub const SCORES_HEADER: &str = "program,stream,content,score\n";

/// One row per item of each stream's list as it stands at `end` (archived
/// included), EPs and streams in file order; an empty score means "not
/// enough data".
pub fn scores_csv<S: Sink>(sim: &Simulation<'_, S>) -> String {
    let c = sim.compiled();
    let mut out = String::from(SCORES_HEADER);
    for ep in &c.eps {
        for &s in &ep.streams {
            for item in sim.items(s) {
                let info = &c.content[item.content as usize];
                let score = sim
                    .stats()
                    .score(s, item.content, info.is_program, &c.benchmarks, c.end)
                    .map(|v| v.to_string())
                    .unwrap_or_default();
                record(&mut out, &[&ep.id, &c.streams[s as usize].id, &info.id, &score]);
            }
        }
    }
    out
}
