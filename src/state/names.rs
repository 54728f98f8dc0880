//! Default names for things the user creates, pure and tested natively.

use engine::model::Plan;

/// "Program N" for the first N from 1 that no engagement program is named.
pub fn new_program_name(plan: &Plan) -> String {
    (1..)
        .map(|n| format!("Program {n}"))
        .find(|name| !plan.engagement_programs.iter().any(|ep| ep.name.as_deref() == Some(name)))
        .expect("some number is free")
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::edit::{apply, Edit};
    use engine::time::Instant;

    fn create(plan: &mut Plan) -> String {
        let name = new_program_name(plan);
        let edit = Edit::CreateEngagementProgram { id: None, name: name.clone(), stream_id: None };
        apply(plan, &edit, Instant(0)).unwrap();
        name
    }

    #[test]
    fn program_names_take_the_first_free_number() {
        let mut plan = Plan::empty("t");
        assert_eq!(create(&mut plan), "Program 1");
        assert_eq!(create(&mut plan), "Program 2");
        plan.engagement_programs.remove(0);
        assert_eq!(create(&mut plan), "Program 1");
        assert_eq!(create(&mut plan), "Program 3");
    }

    #[test]
    fn the_create_edit_makes_an_inactive_program_with_one_stream() {
        let mut plan = Plan::empty("t");
        create(&mut plan);
        let ep = &plan.engagement_programs[0];
        assert_eq!(ep.name.as_deref(), Some("Program 1"));
        assert!(!ep.active);
        assert_eq!(ep.streams.len(), 1);
        assert!(ep.streams[0].cadence.is_none());
    }
}
