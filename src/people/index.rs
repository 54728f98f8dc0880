//! Person → memberships, for the table's membership column and the
//! membership filter, without copying a million ids: a sorted list of
//! (hash of the person id, membership index), 16 bytes a membership; a
//! lookup binary-searches the hash and checks the ids (hash collisions
//! are harmless).

use engine::model::{Membership, PersonId};

/// FNV-1a: stable, fast, and good enough for a sorted lookup that checks ids.
fn hash(id: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Built from a plan's memberships; valid while they are unchanged.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MembershipIndex {
    entries: Vec<(u64, u32)>,
}

impl MembershipIndex {
    pub fn new(memberships: &[Membership]) -> MembershipIndex {
        let mut entries: Vec<(u64, u32)> =
            memberships.iter().enumerate().map(|(i, m)| (hash(m.person.as_str()), i as u32)).collect();
        entries.sort_unstable();
        MembershipIndex { entries }
    }

    /// `person`'s memberships, in plan order.
    pub fn of<'m>(&self, memberships: &'m [Membership], person: &PersonId) -> Vec<&'m Membership> {
        let h = hash(person.as_str());
        let start = self.entries.partition_point(|e| e.0 < h);
        self.entries[start..]
            .iter()
            .take_while(|e| e.0 == h)
            .filter_map(|e| memberships.get(e.1 as usize))
            .filter(|m| &m.person == person)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::model::{EpId, PersonCadence, StreamId};
    use engine::time::Instant;

    fn m(person: &str, program: &str) -> Membership {
        Membership {
            person: PersonId::new(person),
            program: EpId::new(program),
            stream: StreamId::new("s"),
            cadence: PersonCadence::Normal,
            added_at: Instant(0),
        }
    }

    #[test]
    fn finds_every_membership_of_a_person_in_plan_order() {
        let ms = vec![m("a", "x"), m("b", "x"), m("a", "y"), m("c", "y")];
        let ix = MembershipIndex::new(&ms);
        let programs =
            |p: &str| -> Vec<&str> { ix.of(&ms, &PersonId::new(p)).iter().map(|m| m.program.as_str()).collect() };
        assert_eq!(programs("a"), ["x", "y"]);
        assert_eq!(programs("c"), ["y"]);
        assert!(programs("zz").is_empty());
    }
}
