//! `--state`: the memberships that exist at `end`, as JSON.

use crate::sim::sink::Sink;
use crate::sim::Simulation;
use serde_json::{json, Value};

/// Memberships of the plan in file order, then those added by events in the
/// order applied; those dated at or before `end` and not removed.
pub fn state_json<S: Sink>(sim: &Simulation<'_, S>) -> Value {
    let c = sim.compiled();
    let consumed = sim.consumed_in_order().unwrap_or_default();
    let mut out = Vec::new();
    for (i, m) in sim.members().iter().enumerate() {
        let slot = sim.slot(m.ep, m.person);
        if slot.entry != i as u32 || slot.stream == crate::sim::state::NO_STREAM || slot.added_at > c.end {
            continue;
        }
        let ids: Vec<&str> = consumed
            .get(m.person as usize)
            .map(|v| v.iter().map(|&ci| c.content[ci as usize].id.as_str()).collect())
            .unwrap_or_default();
        out.push(json!({
            "person": c.person_ids[m.person as usize],
            "program": c.eps[m.ep as usize].id,
            "stream": c.streams[slot.stream as usize].id,
            "cadence": if slot.paused { "paused" } else { "normal" },
            "exhausted": slot.exhausted,
            "consumed": ids,
        }));
    }
    Value::Array(out)
}
