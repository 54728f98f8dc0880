//! Replacing the people of a workspace with imported ones.
//!
//! People are not edited by undoable edits (see the engine's
//! `edit::history`): an import replaces the whole plan through
//! `Workspace::replace`, which clears the undo history and makes storage
//! rewrite the audience. Memberships and history rows of people who are
//! not in the file any more are dropped, so the plan stays one the loader
//! accepts; the confirmation says how many.

use std::collections::HashSet;

use engine::audience::Audience;
use engine::model::Plan;

use super::kind::ImportKind;
use crate::results::record::thousands;

/// The rows of people not in the imported audience.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Dropped {
    pub memberships: usize,
    pub history: usize,
    pub program_history: usize,
}

/// How many rows [`replace_people`] would drop.
pub fn dropped(plan: &Plan, people: &Audience) -> Dropped {
    let gone = |id: &str| people.find(id).is_none();
    Dropped {
        memberships: plan.memberships.iter().filter(|m| gone(m.person.as_str())).count(),
        history: plan.history.iter().filter(|h| gone(h.person.as_str())).count(),
        program_history: plan.program_history.iter().filter(|h| gone(h.person.as_str())).count(),
    }
}

/// The plan with `people` as its people (in file order) and without the
/// rows of people no longer there. Copies only the plan's other parts.
pub fn replace_people(plan: &Plan, people: &Audience) -> Plan {
    let kept: HashSet<&str> = plan
        .memberships
        .iter()
        .map(|m| m.person.as_str())
        .chain(plan.history.iter().map(|h| h.person.as_str()))
        .chain(plan.program_history.iter().map(|h| h.person.as_str()))
        .filter(|id| people.find(id).is_some())
        .collect();
    let keep = |id: &str| kept.contains(id);
    Plan {
        workspace: plan.workspace.clone(),
        emails: plan.emails.clone(),
        programs: plan.programs.clone(),
        engagement_programs: plan.engagement_programs.clone(),
        people: people.to_people(),
        memberships: plan.memberships.iter().filter(|m| keep(m.person.as_str())).cloned().collect(),
        history: plan.history.iter().filter(|h| keep(h.person.as_str())).cloned().collect(),
        program_history: plan.program_history.iter().filter(|h| keep(h.person.as_str())).cloned().collect(),
        behavior: plan.behavior.clone(),
        events: plan.events.clone(),
        simulation: plan.simulation,
    }
}

/// The confirmation before replacing: what is replaced, what is dropped,
/// and that it cannot be undone.
pub fn confirmation(current: usize, imported: usize, dropped: Dropped) -> String {
    let people = |n| ImportKind::People.count(n);
    let mut s = if current == 0 {
        format!("This adds {} to the workspace.", people(imported))
    } else {
        format!("This replaces the {} of the workspace with {}.", people(current), people(imported))
    };
    let mut parts = Vec::new();
    let mut part = |n: usize, one: &str, many: &str| {
        if n > 0 {
            parts.push(if n == 1 { format!("1 {one}") } else { format!("{} {many}", thousands(n as u64)) });
        }
    };
    part(dropped.memberships, "membership", "memberships");
    part(dropped.history, "send history row", "send history rows");
    part(dropped.program_history, "program history row", "program history rows");
    if !parts.is_empty() {
        s.push_str(&format!(" {} of people not in the file will be removed.", join_and(&parts)));
    }
    s.push_str(" The undo history is cleared: this import cannot be undone.");
    s
}

fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::model::{ContentId, EpId, HistoryEntry, Membership, Person, PersonCadence, PersonId, StreamId};
    use engine::time::Instant;

    fn plan() -> Plan {
        let mut p = Plan::empty("T");
        p.people = vec![Person::new("a"), Person::new("b")];
        p.memberships = ["a", "b"]
            .iter()
            .map(|id| Membership {
                person: PersonId::new(*id),
                program: EpId::new("ep"),
                stream: StreamId::new("s"),
                cadence: PersonCadence::Normal,
                added_at: Instant(0),
            })
            .collect();
        p.history = vec![HistoryEntry {
            person: PersonId::new("b"),
            email: ContentId::new("e"),
            at: None,
            engagement: false,
            opened: false,
            clicked: false,
        }];
        p
    }

    #[test]
    fn rows_of_people_no_longer_there_are_dropped() {
        let p = plan();
        let new = Audience::from_people(&[Person::new("a"), Person::new("c")]).unwrap();
        assert_eq!(dropped(&p, &new), Dropped { memberships: 1, history: 1, program_history: 0 });
        let q = replace_people(&p, &new);
        assert_eq!(q.people.iter().map(|x| x.id.as_str()).collect::<Vec<_>>(), ["a", "c"]);
        assert_eq!(q.memberships.len(), 1);
        assert_eq!(q.memberships[0].person.as_str(), "a");
        assert!(q.history.is_empty());
        assert_eq!(q.workspace, p.workspace);
    }

    #[test]
    fn the_confirmation_says_what_is_lost() {
        assert_eq!(
            confirmation(2, 1180, Dropped { memberships: 1, history: 2, program_history: 0 }),
            "This replaces the 2 people of the workspace with 1,180 people. 1 membership and 2 send history rows \
             of people not in the file will be removed. The undo history is cleared: this import cannot be undone."
        );
        assert_eq!(
            confirmation(0, 1, Dropped::default()),
            "This adds 1 person to the workspace. The undo history is cleared: this import cannot be undone."
        );
    }
}
