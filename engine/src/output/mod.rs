//! Text outputs of a run: the send log, the per-cast summary, scores and the
//! final state, as the plan format specifies them.

pub mod csv;
pub mod log;
pub mod scores;
pub mod state;
pub mod summary;

use crate::model::Plan;
use crate::sim::{compile, Compiled, Simulation};
use crate::time::Instant;
use std::io::Write;

/// The plan's simulation window, required to simulate.
pub fn window(plan: &Plan) -> Result<(Instant, Instant), String> {
    let w = plan
        .simulation
        .ok_or("simulation: missing; add \"simulation\": {\"start\": …, \"end\": …} to simulate")?;
    if w.end <= w.start {
        return Err("simulation.end: must be after simulation.start".into());
    }
    Ok((w.start, w.end))
}

/// Compiles the plan for its simulation window.
pub fn compile_plan(plan: &Plan) -> Result<Compiled, String> {
    let (start, end) = window(plan)?;
    compile(plan, start, end, None)
}

/// Writes the send log of `plan` to `out` as it is produced.
pub fn write_send_log<W: Write>(plan: &Plan, out: W) -> Result<W, String> {
    let c = compile_plan(plan)?;
    let mut sim = Simulation::new(&c, log::LogWriter::new(&c, out), false);
    sim.run();
    sim.into_sink().into_inner().map_err(|e| format!("cannot write the send log: {e}"))
}

/// The send log of `plan` as a string.
pub fn send_log(plan: &Plan) -> Result<String, String> {
    let bytes = write_send_log(plan, Vec::new())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

/// Writes the per-cast summary (`--summary`) to `out`.
pub fn write_summary<W: Write>(plan: &Plan, out: W) -> Result<W, String> {
    let c = compile_plan(plan)?;
    let mut sim = Simulation::new(&c, summary::SummaryWriter::new(&c, out), false);
    sim.run();
    sim.into_sink().into_inner().map_err(|e| format!("cannot write the summary: {e}"))
}

/// The scores CSV (`--scores`).
pub fn scores(plan: &Plan) -> Result<String, String> {
    let c = compile_plan(plan)?;
    let mut sim = Simulation::new(&c, crate::sim::sink::CountSink::default(), false);
    sim.run();
    Ok(scores::scores_csv(&sim))
}

/// The final memberships (`--state`), as pretty JSON.
pub fn state(plan: &Plan) -> Result<String, String> {
    let c = compile_plan(plan)?;
    let mut sim = Simulation::new(&c, crate::sim::sink::CountSink::default(), true);
    sim.run();
    let v = state::state_json(&sim);
    serde_json::to_string_pretty(&v).map(|s| s + "\n").map_err(|e| e.to_string())
}
