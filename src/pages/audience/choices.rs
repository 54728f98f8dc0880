//! The program and stream choices of the filter bar and the bulk dialog.

use leptos::prelude::*;

use crate::state::Workspace;

/// `(id, name)` of every engagement program, in file order.
pub(super) fn program_choices(ws: Workspace) -> Memo<Vec<(String, String)>> {
    Memo::new(move |_| {
        ws.plan.with(|p| {
            p.engagement_programs
                .iter()
                .map(|e| (e.id.to_string(), e.name.clone().unwrap_or_else(|| e.id.to_string())))
                .collect()
        })
    })
}

/// `(id, name)` of the streams of the program whose id `program` holds
/// (none while it names no program).
pub(super) fn stream_choices(ws: Workspace, program: RwSignal<String>) -> Memo<Vec<(String, String)>> {
    Memo::new(move |_| {
        let chosen = program.get();
        ws.plan.with(|p| {
            p.engagement_programs
                .iter()
                .find(|e| e.id.as_str() == chosen)
                .map(|e| {
                    e.streams
                        .iter()
                        .map(|s| (s.id.to_string(), s.name.clone().unwrap_or_else(|| s.id.to_string())))
                        .collect()
                })
                .unwrap_or_default()
        })
    })
}
