//! What the programs page and the editor's column headers show about
//! programs and streams: counts and the next cast, from the plan and the
//! wall clock.

use std::collections::HashMap;

use chrono::TimeZone;
use chrono_tz::Tz;
use engine::cadence::casts_in;
use engine::model::{EngagementProgram, EpId, Plan, Stream, StreamId};
use engine::time::Instant;

/// One row of the programs page.
#[derive(Clone, Debug, PartialEq)]
pub struct ProgramSummary {
    pub id: EpId,
    pub name: String,
    pub active: bool,
    pub streams: usize,
    /// Content items over all streams, archived ones included.
    pub items: usize,
    pub members: usize,
    /// The next cast of any stream, when the program is active (R-EP-2)
    /// and some stream has a cadence (R-ST-4).
    pub next_cast: Option<Instant>,
}

/// The program's name for people: its name, or its id when it has none.
pub fn program_name(ep: &EngagementProgram) -> String {
    ep.name.clone().unwrap_or_else(|| ep.id.to_string())
}

/// The stream's name for people: its name, or its id when it has none.
pub fn stream_name(s: &Stream) -> String {
    s.name.clone().unwrap_or_else(|| s.id.to_string())
}

/// Members per engagement program.
pub fn members_per_program(plan: &Plan) -> HashMap<EpId, usize> {
    let mut out = HashMap::new();
    for m in &plan.memberships {
        *out.entry(m.program.clone()).or_insert(0) += 1;
    }
    out
}

/// Members per stream.
pub fn members_per_stream(plan: &Plan) -> HashMap<StreamId, usize> {
    let mut out = HashMap::new();
    for m in &plan.memberships {
        *out.entry(m.stream.clone()).or_insert(0) += 1;
    }
    out
}

/// The processing instant of the stream's first cast at or after `now`.
pub fn next_stream_cast(plan: &Plan, s: &Stream, now: Instant) -> Option<Instant> {
    let c = s.cadence.as_ref()?;
    let ws = &plan.workspace;
    casts_in(c, ws.week_start, ws.time_zone, now, Instant::MAX)
        .next()
        .map(|(_, at)| at)
}

/// The next cast of an active program: the earliest over its streams.
pub fn next_program_cast(plan: &Plan, ep: &EngagementProgram, now: Instant) -> Option<Instant> {
    if !ep.active {
        return None;
    }
    ep.streams.iter().filter_map(|s| next_stream_cast(plan, s, now)).min()
}

/// Every program of the plan, in file order.
pub fn program_summaries(plan: &Plan, now: Instant) -> Vec<ProgramSummary> {
    let members = members_per_program(plan);
    plan.engagement_programs
        .iter()
        .map(|ep| ProgramSummary {
            id: ep.id.clone(),
            name: program_name(ep),
            active: ep.active,
            streams: ep.streams.len(),
            items: ep.streams.iter().map(|s| s.content.len()).sum(),
            members: members.get(&ep.id).copied().unwrap_or(0),
            next_cast: next_program_cast(plan, ep, now),
        })
        .collect()
}

/// An instant as people read it in zone `tz`: `Tue 5 Jan 2027, 09:00`.
pub fn format_instant(at: Instant, tz: Tz) -> String {
    tz.from_utc_datetime(&at.to_naive_utc())
        .format("%a %-d %b %Y, %H:%M")
        .to_string()
}

/// "1 stream", "3 streams".
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::edit::{apply, Edit};
    use engine::model::{Cadence, Membership, Pattern, PersonCadence, TimeOfDay, WeekdaySet};
    use engine::time::{parse_date, parse_instant, Weekday};

    fn plan_with_program() -> Plan {
        let mut plan = Plan::empty("t");
        let now = Instant(0);
        apply(
            &mut plan,
            &Edit::CreateEngagementProgram { id: Some("ep".into()), name: "Nurture".into(), stream_id: Some("s1".into()) },
            now,
        )
        .unwrap();
        apply(&mut plan, &Edit::AddStream { program: "ep".into(), id: Some("s2".into()), name: "Late".into() }, now)
            .unwrap();
        plan
    }

    fn weekly(day: Weekday, first: &str, hh: u32) -> Cadence {
        Cadence {
            pattern: Pattern::Weekly(WeekdaySet::from_days(&[day]).unwrap()),
            every: 1,
            first_cast: parse_date(first).unwrap(),
            time: TimeOfDay::new(hh, 0).unwrap(),
            recipient_time_zone: false,
        }
    }

    #[test]
    fn rows_count_streams_items_and_members() {
        let mut plan = plan_with_program();
        for p in ["a", "b", "c"] {
            plan.memberships.push(Membership {
                person: p.into(),
                program: "ep".into(),
                stream: if p == "c" { "s2".into() } else { "s1".into() },
                cadence: PersonCadence::Normal,
                added_at: Instant(0),
            });
        }
        let rows = program_summaries(&plan, Instant(0));
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].name.as_str(), rows[0].streams, rows[0].members), ("Nurture", 2, 3));
        assert!(!rows[0].active);
        assert_eq!(rows[0].next_cast, None);
        let per_stream = members_per_stream(&plan);
        assert_eq!(per_stream[&StreamId::from("s1")], 2);
        assert_eq!(per_stream[&StreamId::from("s2")], 1);
    }

    #[test]
    fn next_cast_is_the_earliest_stream_cast_of_an_active_program() {
        let mut plan = plan_with_program();
        let now = parse_instant("2027-01-04T12:00:00Z").unwrap(); // a Monday
        plan.engagement_programs[0].streams[0].cadence = Some(weekly(Weekday::Thu, "2027-01-04", 9));
        plan.engagement_programs[0].streams[1].cadence = Some(weekly(Weekday::Tue, "2027-01-05", 9));
        // Inactive: no cast (R-EP-2).
        assert_eq!(program_summaries(&plan, now)[0].next_cast, None);
        plan.engagement_programs[0].active = true;
        let next = program_summaries(&plan, now)[0].next_cast.unwrap();
        // s1's first cast (Mon 4 Jan, 09:00, R-CA-3) is before now; s2's Tuesday wins.
        assert_eq!(format_instant(next, Tz::UTC), "Tue 5 Jan 2027, 09:00");
        assert_eq!(format_instant(next, Tz::Europe__Paris), "Tue 5 Jan 2027, 10:00");
    }

    #[test]
    fn counts_read_naturally() {
        assert_eq!(count(1, "stream", "streams"), "1 stream");
        assert_eq!(count(0, "stream", "streams"), "0 streams");
        assert_eq!(count(25, "stream", "streams"), "25 streams");
    }
}
