//! Search and filters of the people table.
//!
//! A [`PeopleFilter`] is what the filter bar holds; [`PeopleFilter::prepare`]
//! checks it against the plan (unknown programs, conditions the table cannot
//! evaluate) and builds what the test needs once, and
//! [`Prepared::matching`] tests a range of people, so the page can filter a
//! million people in chunks and yield to the browser between them. The
//! result is a list of row indices (`u32`) into `plan.people`.
//!
//! Attribute conditions come from the condition builder and are evaluated
//! with the engine's own comparison ([`AttrOp::holds`]): `score gte 50`
//! holds here for exactly the people it holds for in a transition rule
//! (R-CD-2: typed, a missing attribute fails every comparison but `ne`).

use std::ops::Range;

use chrono_tz::Tz;
use engine::model::{Condition, EpId, PersonCadence, PersonId, Plan, StreamId};

use super::index::MembershipIndex;

/// Membership in a program (and optionally one of its streams).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberState {
    /// A member (paused or not); with a stream, in that stream.
    Member,
    /// Not a member (of the stream, when one is given).
    NotMember,
    /// A paused member (R-ME-2).
    Paused,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MembershipFilter {
    pub program: EpId,
    pub stream: Option<StreamId>,
    pub state: MemberState,
}

/// Time zone filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ZoneFilter {
    /// People without a zone of their own (the workspace zone).
    Workspace,
    Zone(Tz),
}

/// Everything the filter bar can ask; every part given must hold.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PeopleFilter {
    /// A substring of the id or the email, case-insensitive; blank matches
    /// everyone.
    pub text: String,
    pub membership: Option<MembershipFilter>,
    pub unsubscribed: Option<bool>,
    pub suspended: Option<bool>,
    pub invalid: Option<bool>,
    pub time_zone: Option<ZoneFilter>,
    /// From the condition builder: attributes, unsubscribed, in stream.
    pub condition: Option<Condition>,
}

/// A filter checked against a plan, ready to test people.
pub struct Prepared<'p> {
    filter: &'p PeopleFilter,
    plan: &'p Plan,
    needle: String,
    index: &'p MembershipIndex,
}

impl PeopleFilter {
    /// Whether it lets everyone through (then the page skips the work).
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
            && self.membership.is_none()
            && self.unsubscribed.is_none()
            && self.suspended.is_none()
            && self.invalid.is_none()
            && self.time_zone.is_none()
            && self.condition.is_none()
    }

    /// Checks the filter against `plan`; `index` must be built from the
    /// plan's memberships. Errors name what is wrong.
    pub fn prepare<'p>(&'p self, plan: &'p Plan, index: &'p MembershipIndex) -> Result<Prepared<'p>, String> {
        if let Some(m) = &self.membership {
            let Some(ep) = plan.engagement_programs.iter().find(|ep| ep.id == m.program) else {
                return Err(format!("Membership filter: there is no program with id {:?}", m.program.as_str()));
            };
            if let Some(s) = &m.stream {
                if !ep.streams.iter().any(|x| &x.id == s) {
                    return Err(format!("Membership filter: the program has no stream with id {:?}", s.as_str()));
                }
            }
        }
        if let Some(c) = &self.condition {
            check_condition(c)?;
        }
        Ok(Prepared { filter: self, plan, needle: self.text.trim().to_lowercase(), index })
    }
}

/// The condition leaves the table can evaluate from the plan alone; the
/// others depend on sends and the simulation.
fn check_condition(c: &Condition) -> Result<(), String> {
    let mut problem = None;
    c.visit(&mut |c| {
        let what = match c {
            Condition::Received(_) => "“received”",
            Condition::Opened(_) => "“opened”",
            Condition::Clicked(_) => "“clicked”",
            Condition::ProgramMember(_) => "“program member”",
            Condition::ProgramSuccess(_) => "“program success”",
            Condition::Exhausted(_) => "“exhausted”",
            _ => return,
        };
        problem.get_or_insert(format!(
            "Conditions: {what} depends on sends, known only in a simulation (see a person's timeline); \
             the people filter tests attributes, unsubscribed and in-stream"
        ));
    });
    problem.map_or(Ok(()), Err)
}

impl Prepared<'_> {
    /// The rows in `rows` (indices into `plan.people`) that pass, in order.
    pub fn matching(&self, rows: Range<usize>) -> Vec<u32> {
        let people = &self.plan.people;
        let end = rows.end.min(people.len());
        (rows.start.min(end)..end).filter(|&i| self.passes(i)).map(|i| i as u32).collect()
    }

    fn passes(&self, i: usize) -> bool {
        let p = &self.plan.people[i];
        let f = self.filter;
        if f.unsubscribed.is_some_and(|b| p.unsubscribed != b)
            || f.suspended.is_some_and(|b| p.marketing_suspended != b)
            || f.invalid.is_some_and(|b| p.email_invalid != b)
        {
            return false;
        }
        match f.time_zone {
            Some(ZoneFilter::Workspace) if p.time_zone.is_some() => return false,
            Some(ZoneFilter::Zone(z)) if p.time_zone != Some(z) => return false,
            _ => {}
        }
        if !self.needle.is_empty()
            && !contains_ci(p.id.as_str(), &self.needle)
            && !p.email.as_deref().is_some_and(|e| contains_ci(e, &self.needle))
        {
            return false;
        }
        if let Some(m) = &f.membership {
            if !self.membership_holds(&p.id, m) {
                return false;
            }
        }
        match &f.condition {
            Some(c) => self.condition_holds(i, c),
            None => true,
        }
    }

    fn membership_holds(&self, person: &PersonId, m: &MembershipFilter) -> bool {
        let found = self
            .index
            .of(&self.plan.memberships, person)
            .into_iter()
            .find(|x| x.program == m.program && m.stream.as_ref().is_none_or(|s| &x.stream == s));
        match m.state {
            MemberState::Member => found.is_some(),
            MemberState::NotMember => found.is_none(),
            MemberState::Paused => found.is_some_and(|x| x.cadence == PersonCadence::Paused),
        }
    }

    fn condition_holds(&self, i: usize, c: &Condition) -> bool {
        let p = &self.plan.people[i];
        match c {
            Condition::All(cs) => cs.iter().all(|c| self.condition_holds(i, c)),
            Condition::Any(cs) => cs.iter().any(|c| self.condition_holds(i, c)),
            Condition::Not(c) => !self.condition_holds(i, c),
            Condition::Attr { name, op } => op.holds(p.attributes.get(name)),
            Condition::Unsubscribed(b) => p.unsubscribed == *b,
            Condition::InStream(s) => self.index.of(&self.plan.memberships, &p.id).iter().any(|m| &m.stream == s),
            // Refused by `prepare`.
            _ => false,
        }
    }
}

/// Case-insensitive substring (`needle` already lower-case); ASCII fast path.
fn contains_ci(hay: &str, needle: &str) -> bool {
    if hay.is_ascii() && needle.is_ascii() {
        let (h, n) = (hay.as_bytes(), needle.as_bytes());
        n.len() <= h.len() && h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
    } else {
        hay.to_lowercase().contains(needle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::model::{AttrOp, AttrValue, EngagementProgram, Membership, Person, Stream};
    use engine::time::Instant;

    fn person(id: &str, score: Option<AttrValue>) -> Person {
        let mut p = Person::new(id);
        p.email = Some(format!("{id}@Example.com"));
        if let Some(s) = score {
            p.attributes.insert("score".into(), s);
        }
        p
    }

    fn plan() -> Plan {
        let mut plan = Plan::empty("T");
        let stream = |id: &str| Stream {
            id: StreamId::new(id),
            name: None,
            cadence: None,
            content: vec![],
            transition_rules: vec![],
        };
        plan.engagement_programs = vec![EngagementProgram {
            id: EpId::new("ep"),
            name: None,
            active: true,
            streams: vec![stream("s1"), stream("s2")],
        }];
        plan.people = vec![
            person("a1", Some(AttrValue::Num(50.0))),
            person("a2", Some(AttrValue::Str("50".into()))),
            person("b3", Some(AttrValue::Num(49.0))),
            person("b4", None),
        ];
        plan.people[2].unsubscribed = true;
        plan.people[3].time_zone = Some(Tz::Europe__Berlin);
        let m = |p: &str, s: &str, cadence| Membership {
            person: PersonId::new(p),
            program: EpId::new("ep"),
            stream: StreamId::new(s),
            cadence,
            added_at: Instant(0),
        };
        plan.memberships = vec![m("a1", "s1", PersonCadence::Normal), m("b3", "s2", PersonCadence::Paused)];
        plan
    }

    fn rows(plan: &Plan, f: &PeopleFilter) -> Vec<u32> {
        let ix = MembershipIndex::new(&plan.memberships);
        f.prepare(plan, &ix).unwrap().matching(0..plan.people.len())
    }

    #[test]
    fn search_matches_id_or_email_case_insensitively() {
        let plan = plan();
        let f = |t: &str| PeopleFilter { text: t.into(), ..PeopleFilter::default() };
        assert_eq!(rows(&plan, &f("A1")), [0]);
        assert_eq!(rows(&plan, &f("b")), [2, 3]);
        assert_eq!(rows(&plan, &f("EXAMPLE.com")), [0, 1, 2, 3]);
        assert_eq!(rows(&plan, &f("b4@example")), [3]);
        assert_eq!(rows(&plan, &f("  ")), [0, 1, 2, 3]);
        assert_eq!(rows(&plan, &f("zz")), Vec::<u32>::new());
    }

    #[test]
    fn score_gte_50_is_typed_as_in_rules() {
        // R-CD-2: "50" (text) is not ≥ 50; a missing score fails.
        let plan = plan();
        let f = PeopleFilter {
            condition: Some(Condition::Attr { name: "score".into(), op: AttrOp::Gte(50.0) }),
            ..PeopleFilter::default()
        };
        assert_eq!(rows(&plan, &f), [0]);
        let ne = PeopleFilter {
            condition: Some(Condition::Attr { name: "score".into(), op: AttrOp::Ne(AttrValue::Num(50.0)) }),
            ..PeopleFilter::default()
        };
        assert_eq!(rows(&plan, &ne), [1, 2, 3]);
    }

    #[test]
    fn membership_states_of_a_program_or_stream() {
        let plan = plan();
        let f = |stream: Option<&str>, state| PeopleFilter {
            membership: Some(MembershipFilter { program: EpId::new("ep"), stream: stream.map(StreamId::new), state }),
            ..PeopleFilter::default()
        };
        assert_eq!(rows(&plan, &f(None, MemberState::Member)), [0, 2]);
        assert_eq!(rows(&plan, &f(None, MemberState::NotMember)), [1, 3]);
        assert_eq!(rows(&plan, &f(None, MemberState::Paused)), [2]);
        assert_eq!(rows(&plan, &f(Some("s1"), MemberState::Member)), [0]);
        assert_eq!(rows(&plan, &f(Some("s1"), MemberState::NotMember)), [1, 2, 3]);
        let in_s2 =
            PeopleFilter { condition: Some(Condition::InStream(StreamId::new("s2"))), ..PeopleFilter::default() };
        assert_eq!(rows(&plan, &in_s2), [2]);
    }

    #[test]
    fn flags_and_zones() {
        let plan = plan();
        let unsub = PeopleFilter { unsubscribed: Some(true), ..PeopleFilter::default() };
        assert_eq!(rows(&plan, &unsub), [2]);
        let not_unsub = PeopleFilter { unsubscribed: Some(false), ..PeopleFilter::default() };
        assert_eq!(rows(&plan, &not_unsub), [0, 1, 3]);
        let berlin = PeopleFilter { time_zone: Some(ZoneFilter::Zone(Tz::Europe__Berlin)), ..PeopleFilter::default() };
        assert_eq!(rows(&plan, &berlin), [3]);
        let ws = PeopleFilter { time_zone: Some(ZoneFilter::Workspace), ..PeopleFilter::default() };
        assert_eq!(rows(&plan, &ws), [0, 1, 2]);
    }

    #[test]
    fn chunks_give_the_same_rows_as_one_pass() {
        let plan = plan();
        let f = PeopleFilter { text: "a".into(), unsubscribed: Some(false), ..PeopleFilter::default() };
        let ix = MembershipIndex::new(&plan.memberships);
        let p = f.prepare(&plan, &ix).unwrap();
        let mut chunked = p.matching(0..1);
        chunked.extend(p.matching(1..3));
        chunked.extend(p.matching(3..99));
        assert_eq!(chunked, p.matching(0..4));
    }

    #[test]
    fn unknown_programs_and_simulation_only_conditions_are_refused_clearly() {
        let plan = plan();
        let ix = MembershipIndex::new(&plan.memberships);
        let f = PeopleFilter {
            membership: Some(MembershipFilter { program: EpId::new("nope"), stream: None, state: MemberState::Member }),
            ..PeopleFilter::default()
        };
        assert_eq!(f.prepare(&plan, &ix).err().unwrap(), "Membership filter: there is no program with id \"nope\"");
        let f = PeopleFilter { condition: Some(Condition::Exhausted(true)), ..PeopleFilter::default() };
        assert!(f.prepare(&plan, &ix).err().unwrap().starts_with("Conditions: “exhausted” depends on sends"));
    }
}
