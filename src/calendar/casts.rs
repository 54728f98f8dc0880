//! The streams that cast and their casts over a range of dates.

use chrono_tz::Tz;
use engine::cadence::{describe, first_cast_is_extra, next_cast_date, processing_instant};
use engine::model::{Cadence, Plan, WeekStart};
use engine::time::{Date, Instant};

/// How many program colours there are (`--cal-colour-0` … in
/// `style/calendar.css`); more programs than this share colours, which is
/// why a cast always names its program in text too.
pub const COLOURS: usize = 8;

/// A stream of an active program with a cadence: it casts (R-EP-2).
#[derive(Clone, Debug, PartialEq)]
pub struct CastingStream {
    pub program: String,
    pub program_name: String,
    pub stream: String,
    pub stream_name: String,
    /// Index into the program colours.
    pub colour: usize,
    pub cadence: Cadence,
    /// [`describe`] of the cadence.
    pub cadence_text: String,
    /// R-CA-3: the first cast is not a date of the pattern, so it casts in
    /// addition to it.
    pub first_cast_extra: bool,
}

/// One program in the legend.
#[derive(Clone, Debug, PartialEq)]
pub struct Legend {
    pub program: String,
    pub name: String,
    pub colour: usize,
}

/// What the calendar draws from: the casting streams and the workspace's
/// zone and week start (R-WS-1).
#[derive(Clone, Debug, PartialEq)]
pub struct Calendar {
    pub streams: Vec<CastingStream>,
    pub legend: Vec<Legend>,
    pub time_zone: Tz,
    pub week_start: WeekStart,
}

/// One cast: a stream (index into [`Calendar::streams`]) on a cast date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cast {
    pub stream: usize,
    pub date: Date,
    /// The processing instant (R-CA-6, R-CA-7).
    pub at: Instant,
}

/// FNV-1a of a program id: its preferred colour, the same in every session
/// and whatever the programs' order.
fn preferred_colour(id: &str) -> usize {
    let mut h: u32 = 0x811c_9dc5;
    for b in id.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    (h as usize) % COLOURS
}

/// A colour per program id: its preferred colour, or the next free one when
/// another program (in id order) took it first; colours repeat only past
/// [`COLOURS`] programs. Depends only on the set of ids.
pub fn program_colours<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<(String, usize)> {
    let mut ids: Vec<&str> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    let mut taken = [false; COLOURS];
    let mut used = 0;
    ids.into_iter()
        .map(|id| {
            if used == COLOURS {
                taken = [false; COLOURS];
                used = 0;
            }
            let mut c = preferred_colour(id);
            while taken[c] {
                c = (c + 1) % COLOURS;
            }
            taken[c] = true;
            used += 1;
            (id.to_owned(), c)
        })
        .collect()
}

impl Calendar {
    /// The casting streams of `plan`, in plan order. Colours are assigned
    /// over every engagement program, active or not, so switching one
    /// program off does not repaint the others.
    pub fn of(plan: &Plan) -> Calendar {
        let colours = program_colours(plan.engagement_programs.iter().map(|ep| ep.id.as_str()));
        let colour_of = |id: &str| colours.iter().find(|(p, _)| p == id).map_or(0, |(_, c)| *c);
        let week_start = plan.workspace.week_start;
        let mut streams = Vec::new();
        let mut legend = Vec::new();
        for ep in plan.engagement_programs.iter().filter(|ep| ep.active) {
            let program_name = ep.name.clone().unwrap_or_else(|| ep.id.to_string());
            let colour = colour_of(ep.id.as_str());
            let before = streams.len();
            for s in &ep.streams {
                let Some(cadence) = s.cadence else { continue };
                streams.push(CastingStream {
                    program: ep.id.to_string(),
                    program_name: program_name.clone(),
                    stream: s.id.to_string(),
                    stream_name: s.name.clone().unwrap_or_else(|| s.id.to_string()),
                    colour,
                    cadence,
                    cadence_text: describe(&cadence),
                    first_cast_extra: first_cast_is_extra(&cadence, week_start),
                });
            }
            if streams.len() > before {
                legend.push(Legend { program: ep.id.to_string(), name: program_name, colour });
            }
        }
        Calendar { streams, legend, time_zone: plan.workspace.time_zone, week_start }
    }

    /// Every cast dated `from` through `through` (inclusive), by date, then
    /// processing instant, then plan order. A recipient-time-zone cast is
    /// one cast per date (R-CA-7), like any other.
    pub fn casts(&self, from: Date, through: Date) -> Vec<Cast> {
        let mut out = Vec::new();
        for (i, s) in self.streams.iter().enumerate() {
            let mut next = next_cast_date(&s.cadence, self.week_start, from);
            while let Some(d) = next.filter(|d| *d <= through) {
                out.push(Cast { stream: i, date: d, at: processing_instant(&s.cadence, self.time_zone, d) });
                next = d.succ_opt().and_then(|n| next_cast_date(&s.cadence, self.week_start, n));
            }
        }
        out.sort_by_key(|c| (c.date, c.at, c.stream));
        out
    }

    /// The first cast date after `after`, of any stream: where "next cast"
    /// jumps when the shown range has none.
    pub fn next_cast_after(&self, after: Date) -> Option<Date> {
        let from = after.succ_opt()?;
        self.streams.iter().filter_map(|s| next_cast_date(&s.cadence, self.week_start, from)).min()
    }

    /// The last cast date before `before`, of any stream (within ten years:
    /// cadences have no "previous cast" function, so this walks forward).
    pub fn previous_cast_before(&self, before: Date) -> Option<Date> {
        let from = before.checked_sub_days(chrono::Days::new(3660))?;
        let through = before.pred_opt()?;
        self.casts(from, through).last().map(|c| c.date)
    }

    /// Whether the cast is its stream's R-CA-3 extra first cast.
    pub fn is_extra_first_cast(&self, cast: &Cast) -> bool {
        let s = &self.streams[cast.stream];
        s.first_cast_extra && cast.date == s.cadence.first_cast
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::time::parse_date;

    fn d(s: &str) -> Date {
        parse_date(s).unwrap()
    }

    #[test]
    fn the_sample_casts_on_its_cadences_dates() {
        let cal = Calendar::of(&engine::generate::sample_plan());
        assert_eq!(cal.streams.len(), 6);
        assert_eq!(cal.legend.len(), 2);
        let casts = cal.casts(d("2027-01-04"), d("2027-01-10"));
        let named: Vec<(String, &str)> =
            casts.iter().map(|c| (engine::time::format_date(c.date), cal.streams[c.stream].stream.as_str())).collect();
        assert_eq!(
            named,
            [
                ("2027-01-04".to_owned(), "s-onboard"),
                ("2027-01-05".to_owned(), "s-early"),
                ("2027-01-07".to_owned(), "s-onboard"),
                ("2027-01-07".to_owned(), "s-engaged"),
            ]
        );
        // R-CA-7: the onboarding cast of 7 Jan is processed at 00:00 UTC+14
        // (the 6th at 10:00Z), before the 10:00 New York cast of Engaged.
        assert_eq!(casts[2].at.log_format(), "2027-01-06T10:00:00Z");
        assert_eq!(casts[3].at.log_format(), "2027-01-07T15:00:00Z");
        assert_eq!(cal.next_cast_after(d("2027-01-07")), Some(d("2027-01-11")));
        assert_eq!(cal.previous_cast_before(d("2027-01-05")), Some(d("2027-01-04")));
        assert_eq!(cal.next_cast_after(d("2026-11-28")), Some(d("2027-01-04")));
        assert_eq!(cal.previous_cast_before(d("2027-01-04")), None);
    }

    #[test]
    fn inactive_programs_and_streams_without_cadence_do_not_cast() {
        let mut plan = engine::generate::sample_plan();
        plan.engagement_programs[0].active = false;
        plan.engagement_programs[1].streams[1].cadence = None;
        let cal = Calendar::of(&plan);
        let streams: Vec<&str> = cal.streams.iter().map(|s| s.stream.as_str()).collect();
        assert_eq!(streams, ["s-onboard"]);
        assert_eq!(cal.legend.len(), 1);
    }

    #[test]
    fn an_extra_first_cast_is_flagged_on_its_date_only() {
        let mut plan = engine::generate::sample_plan();
        // Early stage casts on Tuesdays; a Monday first cast is extra (R-CA-3).
        plan.engagement_programs[0].streams[0].cadence.as_mut().unwrap().first_cast = d("2027-01-04");
        let cal = Calendar::of(&plan);
        assert!(cal.streams[0].first_cast_extra);
        assert!(!cal.streams[1].first_cast_extra);
        let early: Vec<Cast> = cal.casts(d("2027-01-01"), d("2027-01-12")).into_iter().filter(|c| c.stream == 0).collect();
        assert_eq!(early.iter().map(|c| c.date).collect::<Vec<_>>(), [d("2027-01-04"), d("2027-01-05"), d("2027-01-12")]);
        assert!(cal.is_extra_first_cast(&early[0]));
        assert!(!cal.is_extra_first_cast(&early[1]));
    }

    #[test]
    fn colours_depend_on_the_ids_only_and_are_distinct_up_to_the_palette() {
        let a = program_colours(["ep-b", "ep-a", "ep-c"]);
        let b = program_colours(["ep-c", "ep-a", "ep-b"]);
        assert_eq!(a, b);
        let ids: Vec<String> = (0..COLOURS).map(|i| format!("program-{i}")).collect();
        let colours = program_colours(ids.iter().map(String::as_str));
        let mut seen: Vec<usize> = colours.iter().map(|(_, c)| *c).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), COLOURS);
        // Adding a program keeps the colour of a program that had its own.
        let more = program_colours(["ep-b", "ep-a", "ep-c", "zz-last"]);
        assert_eq!(&more[..3], &a[..]);
    }
}
