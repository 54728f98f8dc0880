//! Edits of the workspace document: plain functions on `&mut Plan`, with no
//! browser or reactive code, tested natively.

use engine::model::{EngagementProgram, EpId, Plan, Stream, StreamId};

/// Adds a new, inactive engagement program with one stream (R-EP-3: a
/// program has 1 to 25 streams) and returns its id. Ids are the first free
/// `ep-N` / `ep-N-s1`; the name is "Program N".
pub fn add_program(plan: &mut Plan) -> EpId {
    let taken = |id: &str| {
        plan.engagement_programs
            .iter()
            .any(|ep| ep.id.as_str() == id || ep.streams.iter().any(|s| s.id.as_str() == id))
    };
    let n = (1..)
        .find(|n| !taken(&format!("ep-{n}")) && !taken(&format!("ep-{n}-s1")))
        .unwrap();
    let id = EpId::new(format!("ep-{n}"));
    plan.engagement_programs.push(EngagementProgram {
        id: id.clone(),
        name: Some(format!("Program {n}")),
        active: false,
        streams: vec![Stream {
            id: StreamId::new(format!("ep-{n}-s1")),
            name: Some("Stream 1".to_owned()),
            cadence: None,
            content: vec![],
            transition_rules: vec![],
        }],
    });
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_program_creates_an_inactive_program_with_one_stream() {
        let mut plan = Plan::empty("t");
        let id = add_program(&mut plan);
        assert_eq!(id.as_str(), "ep-1");
        let ep = &plan.engagement_programs[0];
        assert_eq!(ep.name.as_deref(), Some("Program 1"));
        assert!(!ep.active);
        assert_eq!(ep.streams.len(), 1);
        assert_eq!(ep.streams[0].id.as_str(), "ep-1-s1");
        assert!(ep.streams[0].cadence.is_none());
    }

    #[test]
    fn add_program_takes_the_first_free_id() {
        let mut plan = Plan::empty("t");
        add_program(&mut plan);
        add_program(&mut plan);
        plan.engagement_programs.remove(0);
        let id = add_program(&mut plan);
        assert_eq!(id.as_str(), "ep-1");
        let ids: Vec<_> = plan
            .engagement_programs
            .iter()
            .map(|ep| ep.id.as_str())
            .collect();
        assert_eq!(ids, ["ep-2", "ep-1"]);
        let id = add_program(&mut plan);
        assert_eq!(id.as_str(), "ep-3");
    }
}
