//! What the app shows after a run, computed in one pass without keeping the
//! log: per-cast tallies (the cast preview), exhaustion over time with the
//! "runs dry" forecast, deliveries per day by program, moves between
//! streams, and per-item statistics with the engagement score (R-SC-1).
//!
//! The [`Report`] is plain data with string ids (serde), so the simulation
//! worker can hand it to the page and the page can store it.

use crate::model::Plan;
use crate::output::compile_plan;
use crate::sim::outcome::{Outcome, Reactions, Row};
use crate::sim::sink::{Move, Sink, Why};
use crate::sim::{Compiled, Progress, Simulation};
use crate::time::{date_from_day_number, format_date, Instant};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Counts per outcome, in [`Outcome::ALL`] order.
pub type OutcomeCounts = [u64; 7];

fn slot(o: Outcome) -> usize {
    Outcome::ALL.iter().position(|x| *x == o).unwrap_or(0)
}

#[derive(Default)]
struct CastAcc {
    first_at: Option<Instant>,
    last_at: Option<Instant>,
    outcomes: OutcomeCounts,
    /// (content, outcome slot) → count.
    by_content: BTreeMap<(u32, usize), u64>,
}

#[derive(Default, Clone, Copy)]
struct ItemAcc {
    deliveries: u64,
    opens: u64,
    clicks: u64,
    unsubscribes: u64,
    successes: u64,
    filtered: u64,
    blocked: u64,
}

/// The sink that gathers a [`Report`].
#[derive(Default)]
pub struct Analysis {
    casts: BTreeMap<(u32, i32), CastAcc>,
    /// (workspace-local day, ep) → deliveries.
    per_day: BTreeMap<(i32, u32), u64>,
    /// (day, from, to) → moves.
    moves: BTreeMap<(i32, u32, u32), u64>,
    items: BTreeMap<(u32, u32), ItemAcc>,
    tz: Option<chrono_tz::Tz>,
    /// The last cast touched: rows of one cast come together.
    last_key: Option<(u32, i32)>,
}

impl Analysis {
    /// An empty analysis whose days are read in the workspace zone `tz`.
    pub fn for_zone(tz: chrono_tz::Tz) -> Analysis {
        Analysis { tz: Some(tz), ..Analysis::default() }
    }

    fn day_of(&self, t: Instant) -> i32 {
        crate::sim::compile::day_i32(t.date_in(self.tz.unwrap_or(chrono_tz::Tz::UTC)))
    }
}

impl Sink for Analysis {
    fn row(&mut self, row: &Row, r: Reactions, _why: &Why) {
        let key = (row.stream, row.cast_day);
        self.last_key = Some(key);
        let acc = self.casts.entry(key).or_default();
        acc.first_at = Some(acc.first_at.map_or(row.at, |a| a.min(row.at)));
        acc.last_at = Some(acc.last_at.map_or(row.at, |a| a.max(row.at)));
        acc.outcomes[slot(row.outcome)] += 1;
        if let Some(c) = row.content {
            *acc.by_content.entry((c, slot(row.outcome))).or_default() += 1;
            let item = self.items.entry((row.stream, c)).or_default();
            match row.outcome {
                Outcome::Sent | Outcome::ProgramEntered => {
                    item.deliveries += 1;
                    item.opens += u64::from(r.opened);
                    item.clicks += u64::from(r.clicked);
                    item.unsubscribes += u64::from(r.unsubscribed);
                    item.successes += u64::from(r.succeeded);
                }
                Outcome::ProgramFiltered => item.filtered += 1,
                Outcome::BlockedPerson | Outcome::BlockedLimit => item.blocked += 1,
                _ => {}
            }
        }
        if row.outcome.is_delivery() {
            let day = self.day_of(row.at);
            *self.per_day.entry((day, row.ep)).or_default() += 1;
        }
    }

    fn moved(&mut self, m: &Move) {
        let day = self.day_of(m.at);
        *self.moves.entry((day, m.from, m.to)).or_default() += 1;
    }
}

/// One cast of one stream: the cast preview's numbers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CastReport {
    pub program: String,
    pub stream: String,
    /// The cast date (R-CO-3), `YYYY-MM-DD`.
    pub date: String,
    /// The first and last row instants (they differ for recipient time zone).
    pub first_at: String,
    pub last_at: String,
    /// People considered (R-ME-3): one row each.
    pub considered: u64,
    /// Per outcome, by name.
    pub outcomes: BTreeMap<String, u64>,
    /// (content, outcome, count), content in priority order of appearance.
    pub contents: Vec<(String, String, u64)>,
}

impl CastReport {
    pub fn count(&self, o: Outcome) -> u64 {
        self.outcomes.get(o.as_str()).copied().unwrap_or(0)
    }
}

/// Exhaustion of one stream over its casts, and when it runs dry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StreamForecast {
    pub program: String,
    pub stream: String,
    /// (cast date, considered, exhausted) per cast.
    pub casts: Vec<(String, u64, u64)>,
    /// The first cast date at which at least half the people considered
    /// were exhausted, with how many were.
    pub runs_dry: Option<(String, u64)>,
}

/// One item of one stream over the whole run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemReport {
    pub program: String,
    pub stream: String,
    pub content: String,
    pub is_program: bool,
    pub deliveries: u64,
    pub opens: u64,
    pub clicks: u64,
    pub unsubscribes: u64,
    pub successes: u64,
    pub filtered: u64,
    pub blocked: u64,
    /// R-SC-1 at the end of the window; `None`: not enough data.
    pub score: Option<u8>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub start: String,
    pub end: String,
    pub people: u64,
    pub person_casts: u64,
    pub casts: Vec<CastReport>,
    pub forecasts: Vec<StreamForecast>,
    pub items: Vec<ItemReport>,
    /// (workspace-local date, program, deliveries).
    pub deliveries_per_day: Vec<(String, String, u64)>,
    /// (date, program, from stream, to stream, people).
    pub transitions: Vec<(String, String, String, String, u64)>,
}

fn simulation(c: &Compiled) -> Simulation<'_, Analysis> {
    Simulation::new(c, Analysis::for_zone(c.time_zone), false)
}

/// Runs the plan's window and reports.
pub fn analyze(plan: &Plan) -> Result<Report, String> {
    let c = compile_plan(plan)?;
    let mut sim = simulation(&c);
    sim.run();
    Ok(report_of(&c, &sim, |a| a))
}

/// [`analyze`] with progress: `progress` is called every few instants and
/// once at the end; returning `false` cancels the run (`Ok(None)`).
pub fn analyze_with_progress(
    plan: &Plan,
    progress: impl FnMut(Progress) -> bool,
) -> Result<Option<Report>, String> {
    let c = compile_plan(plan)?;
    Ok(analyze_compiled(&c, progress))
}

/// [`analyze_with_progress`] over a plan already compiled (the simulation
/// worker compiles from an [`crate::audience::Audience`] with
/// [`crate::sim::compile::compile_with_audience`]). `None`: cancelled.
pub fn analyze_compiled(c: &Compiled, mut progress: impl FnMut(Progress) -> bool) -> Option<Report> {
    let mut sim = simulation(c);
    let mut steps = 0u32;
    while sim.step() {
        steps += 1;
        if steps % 8 == 0 && !progress(sim.progress()) {
            return None;
        }
    }
    progress(sim.progress());
    Some(report_of(c, &sim, |a| a))
}

/// How many casts the run will process: the cast instants of every stream
/// of an active program inside the window (the denominator of a progress
/// bar; events that change cadences or activate programs can make the true
/// count differ, so callers clamp).
pub fn casts_planned(c: &Compiled) -> u64 {
    let mut n = 0u64;
    for ep in c.eps.iter().filter(|ep| ep.active) {
        for &s in &ep.streams {
            if let Some(cad) = &c.streams[s as usize].cadence {
                n += crate::cadence::casts_in(cad, c.week_start, c.time_zone, c.start, c.end).count() as u64;
            }
        }
    }
    n
}

fn day_text(day: i32) -> String {
    format_date(date_from_day_number(i64::from(day)))
}

/// The report of a finished run whose sink holds an [`Analysis`].
pub fn report_of<S: Sink>(c: &Compiled, sim: &Simulation<'_, S>, analysis: impl Fn(&S) -> &Analysis) -> Report {
    let a = analysis(&sim.sink);
    let stream_id = |s: u32| c.streams[s as usize].id.clone();
    let ep_of = |s: u32| c.eps[c.streams[s as usize].ep as usize].id.clone();
    let mut casts: Vec<CastReport> = a
        .casts
        .iter()
        .map(|(&(s, day), acc)| CastReport {
            program: ep_of(s),
            stream: stream_id(s),
            date: day_text(day),
            first_at: acc.first_at.map(Instant::log_format).unwrap_or_default(),
            last_at: acc.last_at.map(Instant::log_format).unwrap_or_default(),
            considered: acc.outcomes.iter().sum(),
            outcomes: Outcome::ALL
                .iter()
                .zip(acc.outcomes)
                .filter(|(_, n)| *n > 0)
                .map(|(o, n)| (o.as_str().to_owned(), n))
                .collect(),
            contents: acc
                .by_content
                .iter()
                .map(|(&(ci, o), &n)| (c.content[ci as usize].id.clone(), Outcome::ALL[o].as_str().to_owned(), n))
                .collect(),
        })
        .collect();
    casts.sort_by(|x, y| (&x.first_at, &x.program, &x.stream).cmp(&(&y.first_at, &y.program, &y.stream)));

    let mut forecasts = Vec::new();
    for ep in &c.eps {
        for &s in &ep.streams {
            let mut rows = Vec::new();
            let mut runs_dry = None;
            for (&(cs, day), acc) in a.casts.range((s, i32::MIN)..=(s, i32::MAX)) {
                debug_assert_eq!(cs, s);
                let considered: u64 = acc.outcomes.iter().sum();
                let exhausted = acc.outcomes[slot(Outcome::Exhausted)];
                if runs_dry.is_none() && considered > 0 && exhausted * 2 >= considered {
                    runs_dry = Some((day_text(day), exhausted));
                }
                rows.push((day_text(day), considered, exhausted));
            }
            forecasts.push(StreamForecast { program: ep.id.clone(), stream: stream_id(s), casts: rows, runs_dry });
        }
    }

    let mut items = Vec::new();
    for ep in &c.eps {
        for &s in &ep.streams {
            for it in sim.items(s) {
                let acc = a.items.get(&(s, it.content)).copied().unwrap_or_default();
                let info = &c.content[it.content as usize];
                items.push(ItemReport {
                    program: ep.id.clone(),
                    stream: stream_id(s),
                    content: info.id.clone(),
                    is_program: info.is_program,
                    deliveries: acc.deliveries,
                    opens: acc.opens,
                    clicks: acc.clicks,
                    unsubscribes: acc.unsubscribes,
                    successes: acc.successes,
                    filtered: acc.filtered,
                    blocked: acc.blocked,
                    score: sim.stats().score(s, it.content, info.is_program, &c.benchmarks, c.end),
                });
            }
        }
    }
    let summary = sim.summary();
    Report {
        start: c.start.log_format(),
        end: c.end.log_format(),
        people: c.person_ids.len() as u64,
        person_casts: summary.person_casts,
        casts,
        forecasts,
        items,
        deliveries_per_day: a
            .per_day
            .iter()
            .map(|(&(day, ep), &n)| (day_text(day), c.eps[ep as usize].id.clone(), n))
            .collect(),
        transitions: a
            .moves
            .iter()
            .map(|(&(day, from, to), &n)| (day_text(day), ep_of(to), stream_id(from), stream_id(to), n))
            .collect(),
    }
}

// ---------------------------------------------------------------------------
// The cast preview's drill-down: every row of one cast, with why.

/// One person at one cast (the cast preview's people list).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CastRow {
    pub person: String,
    /// Empty for `exhausted` and `paused`.
    pub content: Option<String>,
    /// The log outcome (`sent`, `blocked_limit`, …).
    pub outcome: String,
    /// The row's instant, as in the send log.
    pub at: String,
    /// Why a person was skipped, in words (`unsubscribed`, `per-day limit 1
    /// reached`, `paused in this program`, `nothing eligible left`); empty
    /// for deliveries.
    pub reason: String,
    /// Exhausted at this cast but not at this stream's previous cast
    /// (R-CS-4): the people who become exhausted here.
    pub newly_exhausted: bool,
}

/// One UTC hour of a cast's deliveries (a recipient-time-zone cast spreads
/// over ~34 hours, R-CA-7).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HourBucket {
    /// The hour's start in UTC, `YYYY-MM-DD HH:00`.
    pub utc: String,
    /// The same instant in the workspace zone with its abbreviation, e.g.
    /// `Tue 04:00 EST` (a DST change shows as a skipped or repeated hour).
    pub local: String,
    /// Deliveries (sent or program entered) whose instant lies in the hour.
    pub deliveries: u64,
}

/// Everything about one cast of one stream, person by person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CastDetail {
    pub program: String,
    pub stream: String,
    pub date: String,
    pub recipient_time_zone: bool,
    /// The workspace zone the `local` hours are in.
    pub time_zone: String,
    /// One row per person considered, in send-log order.
    pub rows: Vec<CastRow>,
    /// Deliveries per UTC hour from the first to the last row (every hour,
    /// zeros included).
    pub hours: Vec<HourBucket>,
}

/// The sink behind [`cast_detail`]: keeps the rows of one (stream, cast
/// day) and, for "becomes exhausted", who was exhausted at the stream's
/// previous cast.
struct CastFilter {
    stream: u32,
    day: i32,
    /// The latest earlier cast day of the stream seen, and who was exhausted at it.
    last_day: i32,
    exhausted_last: std::collections::HashSet<u32>,
    exhausted_before: std::collections::HashSet<u32>,
    rows: Vec<(Row, crate::sim::sink::Detail)>,
}

impl Sink for CastFilter {
    /// The reasons of blocked rows need [`Why::detail`].
    const TRACE: bool = true;

    fn row(&mut self, row: &Row, _r: Reactions, why: &Why) {
        if row.stream != self.stream {
            return;
        }
        if row.cast_day < self.day {
            if row.cast_day != self.last_day {
                self.last_day = row.cast_day;
                self.exhausted_last.clear();
            }
            if row.outcome == Outcome::Exhausted {
                self.exhausted_last.insert(row.person);
            }
        } else if row.cast_day == self.day {
            if self.rows.is_empty() {
                self.exhausted_before = std::mem::take(&mut self.exhausted_last);
            }
            self.rows.push((*row, why.detail));
        }
    }
}

fn reason_of(outcome: Outcome, detail: crate::sim::sink::Detail) -> String {
    use crate::sim::sink::Detail;
    match outcome {
        Outcome::Sent | Outcome::ProgramEntered => String::new(),
        Outcome::Paused => "paused in this program".into(),
        Outcome::Exhausted => "nothing eligible left (exhausted)".into(),
        Outcome::ProgramFiltered => "outside the content program's audience".into(),
        Outcome::BlockedPerson => match detail {
            Detail::NoEmailAddress => "blocked: no email address".into(),
            Detail::Unsubscribed => "blocked: unsubscribed".into(),
            Detail::MarketingSuspended => "blocked: marketing suspended".into(),
            Detail::EmailInvalid => "blocked: email invalid".into(),
            _ => "blocked person".into(),
        },
        Outcome::BlockedLimit => match detail {
            Detail::PerDayLimit { limit, .. } => format!("limit: {limit} per day reached"),
            Detail::Per7DaysLimit { limit, .. } => format!("limit: {limit} per 7 days reached"),
            _ => "communication limit reached".into(),
        },
    }
}

/// Every row of the cast of `stream_id` dated `date` (`YYYY-MM-DD`), with
/// the reason of each skip, who becomes exhausted there and, for every UTC
/// hour the cast spans, its deliveries. Runs the whole window (people share
/// nothing, but a person's own earlier casts decide this one), with a sink
/// that keeps that one cast.
pub fn cast_detail(c: &Compiled, stream_id: &str, date: &str) -> Result<CastDetail, String> {
    let s = c
        .streams
        .iter()
        .position(|s| s.id == stream_id)
        .ok_or_else(|| format!("unknown stream {stream_id:?}"))? as u32;
    let d = crate::time::parse_date(date)?;
    let day = crate::sim::compile::day_i32(d);
    let filter = CastFilter {
        stream: s,
        day,
        last_day: i32::MIN,
        exhausted_last: Default::default(),
        exhausted_before: Default::default(),
        rows: Vec::new(),
    };
    let mut sim = Simulation::new(c, filter, false);
    sim.run();
    let filter = sim.into_sink();
    let mut rows = filter.rows;
    rows.sort_by_key(|(r, _)| r.sort_key());
    let info = &c.streams[s as usize];
    let exhausted_before = filter.exhausted_before;
    let out_rows = rows
        .iter()
        .map(|(r, detail)| CastRow {
            person: c.person_ids[r.person as usize].clone(),
            content: r.content.map(|i| c.content[i as usize].id.clone()),
            outcome: r.outcome.as_str().to_owned(),
            at: r.at.log_format(),
            reason: reason_of(r.outcome, *detail),
            newly_exhausted: r.outcome == Outcome::Exhausted && !exhausted_before.contains(&r.person),
        })
        .collect();
    Ok(CastDetail {
        program: c.eps[info.ep as usize].id.clone(),
        stream: info.id.clone(),
        date: format_date(d),
        recipient_time_zone: info.cadence.is_some_and(|cad| cad.recipient_time_zone),
        time_zone: c.time_zone.name().to_owned(),
        hours: hour_buckets(rows.iter().map(|(r, _)| (r.at, r.outcome.is_delivery())), c.time_zone),
        rows: out_rows,
    })
}

/// Deliveries per UTC hour, every hour from the first to the last instant
/// given (`(at, is_delivery)`), labelled in UTC and in `tz`.
pub fn hour_buckets(rows: impl IntoIterator<Item = (Instant, bool)>, tz: chrono_tz::Tz) -> Vec<HourBucket> {
    use crate::time::MICROS_PER_HOUR;
    let mut counts: BTreeMap<i64, u64> = BTreeMap::new();
    for (at, delivery) in rows {
        *counts.entry(at.0.div_euclid(MICROS_PER_HOUR)).or_default() += u64::from(delivery);
    }
    let (Some(&first), Some(&last)) = (counts.keys().next(), counts.keys().next_back()) else {
        return Vec::new();
    };
    (first..=last)
        .map(|h| {
            let at = Instant(h * MICROS_PER_HOUR);
            let utc = at.to_naive_utc();
            let local = chrono::TimeZone::from_utc_datetime(&tz, &utc);
            HourBucket {
                utc: utc.format("%Y-%m-%d %H:00").to_string(),
                local: local.format("%a %H:%M %Z").to_string(),
                deliveries: counts.get(&h).copied().unwrap_or(0),
            }
        })
        .collect()
}


#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(name: &str) -> Plan {
        let path = format!("{}/tests/fixtures/scenarios/{name}.plan.json", env!("CARGO_MANIFEST_DIR"));
        crate::plan::load_plan(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    #[test]
    fn cast_tallies_match_the_log() {
        let plan = scenario("basic_weekly_exhaustion");
        let r = analyze(&plan).unwrap();
        assert_eq!(r.casts.len(), 4);
        let first = &r.casts[0];
        assert_eq!((first.date.as_str(), first.considered, first.count(Outcome::Sent)), ("2027-01-05", 2, 2));
        assert_eq!(first.contents, vec![("e1".to_owned(), "sent".to_owned(), 2)]);
        // R-CS-4: on 01-19 p2 is exhausted (1 of 2: half), so the stream runs dry then.
        let f = &r.forecasts[0];
        assert_eq!(f.runs_dry, Some(("2027-01-19".to_owned(), 1)));
        assert_eq!(r.person_casts, 8);
        let e1 = r.items.iter().find(|i| i.content == "e1").unwrap();
        assert_eq!(e1.deliveries, 2);
        assert_eq!(e1.score, None);
    }

    #[test]
    fn scores_and_transitions_are_reported() {
        let r = analyze(&scenario("scores_tie_72h_window")).unwrap();
        let hello = r.items.iter().find(|i| i.content == "j-hello").unwrap();
        assert_eq!(hello.score, Some(58));
        let r = analyze(&scenario("stochastic_behavior")).unwrap();
        assert!(r.transitions.iter().any(|t| t.3 == "s-engaged" && t.4 >= 1));
        let total: u64 = r.deliveries_per_day.iter().map(|d| d.2).sum();
        let sent: u64 = r.casts.iter().map(|c| c.count(Outcome::Sent)).sum();
        assert_eq!(total, sent);
    }

    #[test]
    fn cast_detail_agrees_with_the_report_on_the_sample() {
        let plan = crate::generate::sample_plan();
        let c = compile_plan(&plan).unwrap();
        let report = analyze(&plan).unwrap();
        // Every stream's first cast, and one later cast, person by person.
        let mut checked = 0;
        for cast in report.casts.iter().take(12) {
            let d = cast_detail(&c, &cast.stream, &cast.date).unwrap();
            assert_eq!((d.program.as_str(), d.date.as_str()), (cast.program.as_str(), cast.date.as_str()));
            assert_eq!(d.rows.len() as u64, cast.considered, "{} {}", cast.stream, cast.date);
            for (o, n) in &cast.outcomes {
                assert_eq!(d.rows.iter().filter(|r| &r.outcome == o).count() as u64, *n, "{o}");
            }
            for (content, o, n) in &cast.contents {
                let got = d.rows.iter().filter(|r| r.content.as_deref() == Some(content) && &r.outcome == o).count();
                assert_eq!(got as u64, *n);
            }
            let deliveries: u64 = d.hours.iter().map(|h| h.deliveries).sum();
            assert_eq!(deliveries, cast.count(Outcome::Sent) + cast.count(Outcome::ProgramEntered));
            assert!(d.rows.iter().all(|r| r.outcome == "sent" || r.outcome == "program_entered" || !r.reason.is_empty()));
            checked += 1;
        }
        assert!(checked > 0);
        assert!(cast_detail(&c, "no-such-stream", "2027-01-05").is_err());
    }

    #[test]
    fn newly_exhausted_people_are_those_not_exhausted_at_the_previous_cast() {
        let plan = scenario("basic_weekly_exhaustion");
        let c = compile_plan(&plan).unwrap();
        // 01-19: p2 is exhausted for the first time; 01-26: both are, p2 again.
        let d = cast_detail(&c, &c.streams[0].id, "2027-01-19").unwrap();
        let newly: Vec<_> = d.rows.iter().filter(|r| r.newly_exhausted).map(|r| r.person.clone()).collect();
        assert_eq!(newly.len(), 1);
        let later = analyze(&plan).unwrap().casts.last().unwrap().clone();
        let d2 = cast_detail(&c, &later.stream, &later.date).unwrap();
        assert!(d2.rows.iter().filter(|r| r.newly_exhausted).all(|r| !newly.contains(&r.person)));
    }

    #[test]
    fn hour_buckets_cover_every_hour_across_a_dst_change() {
        use crate::time::parse_instant;
        let tz: chrono_tz::Tz = "America/New_York".parse().unwrap();
        // 2027-03-14 is the US spring-forward day: 02:00 EST becomes 03:00 EDT.
        let a = parse_instant("2027-03-14T05:30:00Z").unwrap();
        let b = parse_instant("2027-03-14T08:10:00Z").unwrap();
        let h = hour_buckets([(a, true), (b, true), (b, false)], tz);
        assert_eq!(h.len(), 4);
        assert_eq!(h[0].utc, "2027-03-14 05:00");
        assert_eq!(h[0].local, "Sun 00:00 EST");
        assert_eq!(h[2].local, "Sun 03:00 EDT");
        assert_eq!(h.iter().map(|x| x.deliveries).collect::<Vec<_>>(), vec![1, 0, 0, 1]);
    }

    #[test]
    fn casts_planned_counts_the_sample_casts() {
        let plan = crate::generate::sample_plan();
        let c = compile_plan(&plan).unwrap();
        let mut last = None;
        let r = analyze_compiled(&c, |p| {
            last = Some(p.casts_done);
            true
        })
        .unwrap();
        assert!(!r.casts.is_empty());
        assert_eq!(Some(casts_planned(&c)), last);
    }

    #[test]
    fn a_cancelled_run_returns_none() {
        let plan = scenario("stochastic_behavior");
        assert_eq!(analyze_with_progress(&plan, |_| false).unwrap(), None);
    }
}
