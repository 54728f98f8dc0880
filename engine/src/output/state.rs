//! `--state`: the memberships that exist at `end`, as JSON.

use crate::sim::sink::Sink;
use crate::sim::{MemberView, Simulation};
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};

/// Memberships of the plan in file order, then those added by events in the
/// order applied; those dated at or before `end` and not removed. When a
/// membership was removed and added again, only its last entry counts.
pub fn state_json<S: Sink>(sim: &Simulation<'_, S>) -> Value {
    let c = sim.compiled();
    let consumed = sim.consumed_in_order().unwrap_or_default();
    let entries = sim.member_entries();
    // The last entry of each (EP, person) is the one a membership now holds.
    let mut seen = HashSet::new();
    let mut last = vec![false; entries.len()];
    for (i, m) in entries.iter().enumerate().rev() {
        last[i] = seen.insert((m.ep, m.person));
    }
    // Memberships not started yet count when dated at or before `end`.
    let scheduled: HashMap<(u32, u32), MemberView> = sim
        .scheduled()
        .filter(|m| m.added_at <= c.end)
        .map(|m| ((m.ep, m.person), MemberView { stream: m.stream, paused: m.paused, exhausted: false, scheduled: Some(m.added_at) }))
        .collect();
    let mut out = Vec::new();
    for (i, m) in entries.iter().enumerate() {
        if !last[i] {
            continue;
        }
        let Some(view) = sim.membership(m.ep, m.person).or_else(|| scheduled.get(&(m.ep, m.person)).copied()) else {
            continue;
        };
        let ids: Vec<&str> = consumed
            .get(m.person as usize)
            .map(|v| v.iter().map(|&ci| c.content[ci as usize].id.as_str()).collect())
            .unwrap_or_default();
        out.push(json!({
            "person": c.person_ids[m.person as usize],
            "program": c.eps[m.ep as usize].id,
            "stream": c.streams[view.stream as usize].id,
            "cadence": if view.paused { "paused" } else { "normal" },
            "exhausted": view.exhausted,
            "consumed": ids,
        }));
    }
    Value::Array(out)
}
