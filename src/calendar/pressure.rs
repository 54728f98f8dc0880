//! Communication-limit pressure: on a day, how many people are members of
//! two or more programs whose streams all cast that day, so that the
//! workspace's limits (R-CL-…) may hold some of those sends back.
//!
//! Read from the plan's memberships as they are (a run moves people between
//! streams; the latest results say what really happened). Paused
//! memberships (R-ME-2) are left out: they receive nothing.
//!
//! 100,000s of memberships are read once per plan; a day then costs one
//! pass over the distinct *combinations* of streams people are in (a
//! handful), not over the people.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: person ids are short strings, and std's SipHash (made to resist
/// hostile keys) costs more than the rest of the count.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

use engine::model::{PersonCadence, Plan};

use super::casts::Calendar;

/// People in several programs, grouped by the casting streams they are in.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pressure {
    /// (casting stream indices, one per program, sorted; people) for people
    /// in two or more programs.
    groups: Vec<(Vec<u32>, u64)>,
}

impl Pressure {
    pub fn of(plan: &Plan, calendar: &Calendar) -> Pressure {
        let index: FnvMap<(&str, &str), u32> = calendar
            .streams
            .iter()
            .enumerate()
            .map(|(i, s)| ((s.program.as_str(), s.stream.as_str()), i as u32))
            .collect();
        // Program number of each casting stream.
        let mut programs: Vec<&str> = Vec::new();
        let program_of: Vec<usize> = calendar
            .streams
            .iter()
            .map(|s| match programs.iter().position(|p| *p == s.program) {
                Some(i) => i,
                None => {
                    programs.push(&s.program);
                    programs.len() - 1
                }
            })
            .collect();
        // The casting streams of each person, as a bit set: one hash-map
        // entry per person, no sorting. (Plans with more than 128 casting
        // streams count the first 128.)
        let mut people: FnvMap<&str, u128> = FnvMap::default();
        people.reserve(plan.memberships.len());
        for m in plan.memberships.iter().filter(|m| m.cadence != PersonCadence::Paused) {
            if let Some(&s) = index.get(&(m.program.as_str(), m.stream.as_str())) {
                if s < 128 {
                    *people.entry(m.person.as_str()).or_default() |= 1u128 << s;
                }
            }
        }
        let mut counts: FnvMap<u128, u64> = FnvMap::default();
        for streams in people.into_values() {
            if streams.count_ones() >= 2 {
                *counts.entry(streams).or_default() += 1;
            }
        }
        let mut groups: Vec<(Vec<u32>, u64)> = counts
            .into_iter()
            .map(|(bits, n)| ((0..128u32).filter(|i| bits & (1u128 << i) != 0).collect::<Vec<u32>>(), n))
            .filter(|(streams, _)| {
                let mut ps: Vec<usize> = streams.iter().map(|&s| program_of[s as usize]).collect();
                ps.sort_unstable();
                ps.dedup();
                ps.len() >= 2
            })
            .collect();
        groups.sort_unstable();
        Pressure { groups }
    }

    /// How many people are cast to by two or more programs on a day whose
    /// casting streams are `casting` (indices into the calendar's streams).
    pub fn on(&self, calendar: &Calendar, casting: &[usize]) -> u64 {
        if casting.len() < 2 {
            return 0;
        }
        self.groups
            .iter()
            .filter(|(streams, _)| {
                let mut programs: Vec<&str> = streams
                    .iter()
                    .filter(|s| casting.contains(&(**s as usize)))
                    .map(|&s| calendar.streams[s as usize].program.as_str())
                    .collect();
                programs.sort_unstable();
                programs.dedup();
                programs.len() >= 2
            })
            .map(|(_, n)| n)
            .sum()
    }

    /// People in two or more programs' casting streams at all.
    pub fn people(&self) -> u64 {
        self.groups.iter().map(|(_, n)| n).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::model::{EpId, Membership, PersonId, StreamId};
    use engine::time::parse_date;

    fn casting_on(cal: &Calendar, date: &str) -> Vec<usize> {
        let d = parse_date(date).unwrap();
        cal.casts(d, d).into_iter().map(|c| c.stream).collect()
    }

    #[test]
    fn the_samples_trial_users_are_pressed_when_both_programs_cast() {
        let plan = engine::generate::sample_plan();
        let cal = Calendar::of(&plan);
        let p = Pressure::of(&plan, &cal);
        // Trial users (150 of them) are in Early stage and in Onboarding,
        // minus the Early stage memberships that start paused.
        let paused_trial = plan
            .memberships
            .iter()
            .filter(|m| m.stream.as_str() == "s-early" && m.cadence == PersonCadence::Paused)
            .filter(|m| plan.memberships.iter().any(|o| o.person == m.person && o.stream.as_str() == "s-onboard"))
            .count() as u64;
        assert_eq!(p.people(), 150 - paused_trial);
        // Onboarding casts Mondays and Thursdays, Early stage Tuesdays.
        assert_eq!(p.on(&cal, &casting_on(&cal, "2027-01-05")), 0);
        assert_eq!(p.on(&cal, &casting_on(&cal, "2027-01-07")), 0);
        // Engaged (Thursday) and Onboarding: nobody is in both.
        assert_eq!(casting_on(&cal, "2027-01-07").len(), 2);

        // An Early stage first cast moved to Monday 4 Jan (R-CA-3) meets
        // Onboarding's Monday cast: every trial user is pressed that day.
        let mut moved = plan.clone();
        moved.engagement_programs[0].streams[0].cadence.as_mut().unwrap().first_cast =
            parse_date("2027-01-04").unwrap();
        let cal = Calendar::of(&moved);
        let p = Pressure::of(&moved, &cal);
        assert_eq!(p.on(&cal, &casting_on(&cal, "2027-01-04")), p.people());
    }

    #[test]
    fn people_count_once_per_day_whatever_their_stream_combination() {
        let mut plan = engine::generate::sample_plan();
        plan.memberships.clear();
        let member = |person: &str, program: &str, stream: &str| Membership {
            person: PersonId(person.into()),
            program: EpId(program.into()),
            stream: StreamId(stream.into()),
            cadence: PersonCadence::Normal,
            added_at: engine::time::Instant(0),
        };
        // a: Engaged (Thu) + Onboarding (Mon, Thu); b: same; c: Early (Tue) +
        // Onboarding; d: Onboarding only; e: two streams of one program.
        for p in ["a", "b"] {
            plan.memberships.push(member(p, "ep-prospects", "s-engaged"));
            plan.memberships.push(member(p, "ep-onboarding", "s-onboard"));
        }
        plan.memberships.push(member("c", "ep-prospects", "s-early"));
        plan.memberships.push(member("c", "ep-onboarding", "s-onboard"));
        plan.memberships.push(member("d", "ep-onboarding", "s-onboard"));
        plan.memberships.push(member("e", "ep-prospects", "s-early"));
        plan.memberships.push(member("e", "ep-prospects", "s-engaged"));
        let mut paused = member("f", "ep-prospects", "s-engaged");
        paused.cadence = PersonCadence::Paused;
        plan.memberships.push(paused);
        plan.memberships.push(member("f", "ep-onboarding", "s-onboard"));
        let cal = Calendar::of(&plan);
        let p = Pressure::of(&plan, &cal);
        assert_eq!(p.people(), 3);
        assert_eq!(p.on(&cal, &casting_on(&cal, "2027-01-07")), 2, "Thursday: a and b");
        assert_eq!(p.on(&cal, &casting_on(&cal, "2027-01-05")), 0, "Tuesday: Early stage alone");
        assert_eq!(p.on(&cal, &casting_on(&cal, "2027-01-11")), 0, "Monday: Onboarding and Cooling off");
    }

    #[test]
    fn a_large_audience_is_read_once_and_counted_by_combination() {
        // 120,000 people, 180,000 memberships: every third person is in
        // Engaged (Thursday) as well as in Onboarding (Monday, Thursday).
        let mut plan = engine::generate::sample_plan();
        plan.memberships.clear();
        for i in 0..120_000u32 {
            let person = PersonId(format!("P{i:06}"));
            let add = |program: &str, stream: &str| Membership {
                person: person.clone(),
                program: EpId(program.into()),
                stream: StreamId(stream.into()),
                cadence: PersonCadence::Normal,
                added_at: engine::time::Instant(0),
            };
            plan.memberships.push(add("ep-onboarding", "s-onboard"));
            if i % 2 == 0 {
                plan.memberships.push(add("ep-prospects", if i % 3 == 0 { "s-engaged" } else { "s-early" }));
            }
        }
        let cal = Calendar::of(&plan);
        let started = std::time::Instant::now();
        let p = Pressure::of(&plan, &cal);
        let built = started.elapsed();
        assert_eq!(p.people(), 60_000);
        assert_eq!(p.groups.len(), 2, "two combinations of streams");
        assert_eq!(p.on(&cal, &casting_on(&cal, "2027-01-07")), 20_000, "Thursday: Engaged and Onboarding");
        assert_eq!(p.on(&cal, &casting_on(&cal, "2027-01-05")), 0);
        // A figure for the README, not an assertion (debug build).
        println!("pressure over {} memberships: {built:?}", plan.memberships.len());
    }
}
