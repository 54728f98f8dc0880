//! What the latest simulation predicts for each cast (content → people),
//! and the warnings a day carries.

use std::collections::HashMap;

use engine::analysis::{CastReport, Report};
use engine::sim::outcome::Outcome;
use engine::time::{format_date, Date};

use super::casts::{Calendar, Cast};
use super::pressure::Pressure;

/// One cast's numbers from a run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Prediction {
    /// People considered at the cast (R-ME-3).
    pub considered: u64,
    /// Emails sent and programs entered.
    pub delivered: u64,
    /// (content id, people it reaches), in the report's order.
    pub contents: Vec<(String, u64)>,
    /// Sends held back by the communication limits (outcome
    /// `blocked_limit`, R-CL-…).
    pub blocked_by_limit: u64,
}

impl Prediction {
    pub fn of(cast: &CastReport) -> Prediction {
        let mut contents: Vec<(String, u64)> = Vec::new();
        for (content, outcome, n) in &cast.contents {
            if outcome != Outcome::Sent.as_str() && outcome != Outcome::ProgramEntered.as_str() {
                continue;
            }
            match contents.iter_mut().find(|(c, _)| c == content) {
                Some((_, total)) => *total += n,
                None => contents.push((content.clone(), *n)),
            }
        }
        Prediction {
            considered: cast.considered,
            delivered: cast.count(Outcome::Sent) + cast.count(Outcome::ProgramEntered),
            contents,
            blocked_by_limit: cast.count(Outcome::BlockedLimit),
        }
    }
}

/// The predictions of a report by (stream id, cast date `YYYY-MM-DD`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Predictions(HashMap<(String, String), Prediction>);

impl Predictions {
    pub fn of(report: &Report) -> Predictions {
        Predictions(
            report.casts.iter().map(|c| ((c.stream.clone(), c.date.clone()), Prediction::of(c))).collect(),
        )
    }

    /// The prediction of a cast; `None` when the run did not process it
    /// (outside its window, or nobody to consider).
    pub fn get(&self, calendar: &Calendar, cast: &Cast) -> Option<&Prediction> {
        self.0.get(&(calendar.streams[cast.stream].stream.clone(), format_date(cast.date)))
    }
}

/// What a day warns about.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DayWarnings {
    /// Streams (indices) whose R-CA-3 extra first cast is that day.
    pub extra_first_casts: Vec<usize>,
    /// People in two or more programs cast that day.
    pub pressured_people: u64,
    /// Sends the limits held back that day in the latest run.
    pub blocked_by_limit: u64,
}

impl DayWarnings {
    /// How many warnings (one per extra first cast, one for pressure, one
    /// for limits).
    pub fn count(&self) -> usize {
        self.extra_first_casts.len() + usize::from(self.pressured_people > 0) + usize::from(self.blocked_by_limit > 0)
    }

    pub fn is_empty(&self) -> bool {
        self.extra_first_casts.is_empty() && self.pressured_people == 0 && self.blocked_by_limit == 0
    }

    /// One sentence per warning, for people.
    pub fn sentences(&self, calendar: &Calendar) -> Vec<String> {
        let mut out = Vec::new();
        for &s in &self.extra_first_casts {
            let s = &calendar.streams[s];
            out.push(format!(
                "Double cast (R-CA-3): the first cast of {} — {} is not a date of its cadence, so it casts \
                 in addition to it",
                s.program_name, s.stream_name
            ));
        }
        if self.pressured_people > 0 {
            out.push(format!(
                "{} in several programs cast this day: communication limits may hold sends back",
                people(self.pressured_people)
            ));
        }
        if self.blocked_by_limit > 0 {
            out.push(format!(
                "Communication limits blocked {} this day in the latest simulation",
                sends(self.blocked_by_limit)
            ));
        }
        out
    }
}

fn people(n: u64) -> String {
    match n {
        1 => "1 person".to_owned(),
        n => format!("{} people", crate::results::record::thousands(n)),
    }
}

fn sends(n: u64) -> String {
    match n {
        1 => "1 send".to_owned(),
        n => format!("{} sends", crate::results::record::thousands(n)),
    }
}

/// The warnings of the day `date` whose casts are `casts` (all dated
/// `date`); `predictions` when results exist.
pub fn day_warnings(
    calendar: &Calendar,
    pressure: &Pressure,
    predictions: Option<&Predictions>,
    casts: &[Cast],
) -> DayWarnings {
    let streams: Vec<usize> = casts.iter().map(|c| c.stream).collect();
    DayWarnings {
        extra_first_casts: casts.iter().filter(|c| calendar.is_extra_first_cast(c)).map(|c| c.stream).collect(),
        pressured_people: pressure.on(calendar, &streams),
        blocked_by_limit: predictions
            .map(|p| casts.iter().filter_map(|c| p.get(calendar, c)).map(|p| p.blocked_by_limit).sum())
            .unwrap_or(0),
    }
}

/// Groups casts (sorted by date) by day.
pub fn by_day(casts: &[Cast]) -> Vec<(Date, &[Cast])> {
    casts.chunk_by(|a, b| a.date == b.date).map(|day| (day[0].date, day)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::time::parse_date;

    #[test]
    fn a_run_of_the_sample_predicts_each_cast_and_the_limits_it_hit() {
        let plan = engine::generate::sample_plan();
        let report = engine::analysis::analyze(&plan).unwrap();
        let cal = Calendar::of(&plan);
        let predictions = Predictions::of(&report);
        let first = parse_date(&report.casts[0].date).unwrap();
        let casts = cal.casts(first, first);
        let cast = casts.iter().find(|c| cal.streams[c.stream].stream == report.casts[0].stream).unwrap();
        let p = predictions.get(&cal, cast).expect("the first cast's prediction");
        let r = &report.casts[0];
        assert_eq!(p.considered, r.considered);
        assert_eq!(p.delivered, r.count(Outcome::Sent) + r.count(Outcome::ProgramEntered));
        assert_eq!(p.contents.iter().map(|c| c.1).sum::<u64>(), p.delivered);
        // The sample enforces 1 send a day and 3 in 7 days: some casts are
        // held back, and a day's warning sums its casts'.
        let limited = report.casts.iter().find(|c| c.count(Outcome::BlockedLimit) > 0).expect("a limited cast");
        let day = parse_date(&limited.date).unwrap();
        let day_casts = cal.casts(day, day);
        let w = day_warnings(&cal, &Pressure::default(), Some(&predictions), &day_casts);
        let want: u64 = report.casts.iter().filter(|c| c.date == limited.date).map(|c| c.count(Outcome::BlockedLimit)).sum();
        assert_eq!(w.blocked_by_limit, want);
        assert!(w.sentences(&cal).iter().any(|s| s.starts_with("Communication limits blocked")));
    }

    #[test]
    fn deliveries_merge_sends_and_program_entries_per_content() {
        let cast = CastReport {
            program: "ep".into(),
            stream: "s".into(),
            date: "2027-01-05".into(),
            first_at: String::new(),
            last_at: String::new(),
            considered: 10,
            outcomes: [("sent", 5), ("program_entered", 2), ("blocked_limit", 3)]
                .into_iter()
                .map(|(o, n)| (o.to_owned(), n))
                .collect(),
            contents: vec![
                ("e-1".into(), "sent".into(), 5),
                ("e-1".into(), "blocked_limit".into(), 3),
                ("p-1".into(), "program_entered".into(), 2),
            ],
        };
        let p = Prediction::of(&cast);
        assert_eq!(p.delivered, 7);
        assert_eq!(p.blocked_by_limit, 3);
        assert_eq!(p.contents, [("e-1".to_owned(), 5), ("p-1".to_owned(), 2)]);
    }

    #[test]
    fn an_extra_first_cast_warns_on_its_day() {
        let mut plan = engine::generate::sample_plan();
        plan.engagement_programs[0].streams[0].cadence.as_mut().unwrap().first_cast = parse_date("2027-01-04").unwrap();
        let cal = Calendar::of(&plan);
        let d = parse_date("2027-01-04").unwrap();
        let w = day_warnings(&cal, &Pressure::default(), None, &cal.casts(d, d));
        assert_eq!(w.extra_first_casts, [0]);
        assert_eq!(
            w.sentences(&cal),
            ["Double cast (R-CA-3): the first cast of New prospects nurture — Early stage is not a date of its \
              cadence, so it casts in addition to it"]
        );
        let next = parse_date("2027-01-05").unwrap();
        assert!(day_warnings(&cal, &Pressure::default(), None, &cal.casts(next, next)).is_empty());
    }
}
