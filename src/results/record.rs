//! What a kept simulation result is, and the words and numbers the result
//! views show: plain data and pure functions, tested natively.

use engine::analysis::{CastReport, Report, StreamForecast};
use engine::model::Plan;
use serde::{Deserialize, Serialize};

/// A finished run as the results database keeps it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredResults {
    /// The workspace revision the run simulated.
    pub revision: u64,
    /// [`fingerprint`] of the plan the run simulated: a result is current
    /// only for the very same plan, whatever the revision counter says
    /// (another workspace, a reset, another tab).
    pub fingerprint: String,
    /// The workspace's name then (shown beside the results).
    pub workspace: String,
    /// Wall-clock milliseconds since the epoch when the run finished.
    pub finished_at_ms: f64,
    /// Time in the worker decoding and compiling, and simulating.
    pub prepare_ms: f64,
    pub simulate_ms: f64,
    pub report: Report,
}

/// Whether kept results describe the workspace as it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Freshness {
    Current,
    OutOfDate,
}

impl Freshness {
    pub fn of(stored: &StoredResults, revision: u64, fingerprint: &str) -> Freshness {
        if stored.revision == revision && stored.fingerprint == fingerprint {
            Freshness::Current
        } else if stored.fingerprint == fingerprint {
            // Same plan, another count of edits (e.g. undone back to it).
            Freshness::Current
        } else {
            Freshness::OutOfDate
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Freshness::Current => "Results are current",
            Freshness::OutOfDate => "Results are out of date — rerun",
        }
    }
}

/// A short fingerprint of everything a run reads: the plan (FNV-1a, 64 bits,
/// over its `.plan.json` text, people included).
pub fn fingerprint(plan: &Plan) -> String {
    let text = engine::plan::plan_to_json(plan).to_string();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}-{}", text.len())
}

/// The name a result is filed under: the workspace's name.
pub fn workspace_name(plan: &Plan) -> String {
    match plan.workspace.name.as_deref().map(str::trim) {
        Some(name) if !name.is_empty() => name.to_owned(),
        _ => "Untitled workspace".to_owned(),
    }
}

/// Display names of the ids a report speaks of (programs, streams,
/// content), read from the plan; an id without a name stands for itself.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Names {
    pub programs: std::collections::HashMap<String, String>,
    pub streams: std::collections::HashMap<String, String>,
    pub content: std::collections::HashMap<String, String>,
}

impl Names {
    pub fn of(plan: &Plan) -> Names {
        let mut n = Names::default();
        for ep in &plan.engagement_programs {
            n.programs.insert(ep.id.to_string(), ep.name.clone().unwrap_or_else(|| ep.id.to_string()));
            for s in &ep.streams {
                n.streams.insert(s.id.to_string(), s.name.clone().unwrap_or_else(|| s.id.to_string()));
            }
        }
        for e in &plan.emails {
            n.content.insert(e.id.to_string(), e.name.clone().unwrap_or_else(|| e.id.to_string()));
        }
        for p in &plan.programs {
            n.content.insert(p.id.to_string(), p.name.clone().unwrap_or_else(|| p.id.to_string()));
        }
        n
    }

    pub fn program(&self, id: &str) -> String {
        self.programs.get(id).cloned().unwrap_or_else(|| id.to_owned())
    }

    pub fn stream(&self, id: &str) -> String {
        self.streams.get(id).cloned().unwrap_or_else(|| id.to_owned())
    }

    pub fn content(&self, id: &str) -> String {
        self.content.get(id).cloned().unwrap_or_else(|| id.to_owned())
    }
}

/// `1240` → `1,240`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// `2027-03-14` → `14 Mar`; anything else unchanged.
pub fn short_date(date: &str) -> String {
    let parts: Vec<&str> = date.split('-').collect();
    match parts.as_slice() {
        [_, m, d] => match (m.parse::<usize>(), d.parse::<u32>()) {
            (Ok(m @ 1..=12), Ok(d)) => format!("{d} {}", MONTHS[m - 1]),
            _ => date.to_owned(),
        },
        _ => date.to_owned(),
    }
}

/// The forecast sentence of a stream: "Stream Early stage runs out for
/// 1,240 people on 14 Mar", or that it does not within the window.
pub fn forecast_sentence(f: &StreamForecast, stream_name: &str) -> String {
    match &f.runs_dry {
        Some((date, people)) => {
            format!("Stream {stream_name} runs out for {} people on {}", thousands(*people), short_date(date))
        }
        None => format!("Stream {stream_name} does not run out within the simulation window"),
    }
}

/// An outcome's words (`blocked_limit` → `blocked by a limit`).
pub fn outcome_label(outcome: &str) -> &str {
    match outcome {
        "sent" => "sent",
        "program_entered" => "entered the program",
        "program_filtered" => "filtered out by the program",
        "blocked_person" => "blocked (person)",
        "blocked_limit" => "blocked by a limit",
        "exhausted" => "exhausted",
        "paused" => "paused",
        other => other,
    }
}

/// A score for people: `72` or `not enough data`.
pub fn score_label(score: Option<u8>) -> String {
    score.map_or_else(|| "not enough data".to_owned(), |s| s.to_string())
}

/// The casts of one stream, in date order.
pub fn casts_of<'a>(report: &'a Report, program: &str, stream: &str) -> Vec<&'a CastReport> {
    let mut v: Vec<&CastReport> =
        report.casts.iter().filter(|c| c.program == program && c.stream == stream).collect();
    v.sort_by(|a, b| a.date.cmp(&b.date));
    v
}

/// One bar of a stacked chart: a label and a value per series.
#[derive(Clone, Debug, PartialEq)]
pub struct Stack {
    pub label: String,
    pub values: Vec<u64>,
}

/// Deliveries per day stacked by program: (program ids in first-seen
/// order, one stack per date).
pub fn deliveries_by_day(report: &Report) -> (Vec<String>, Vec<Stack>) {
    let mut series: Vec<String> = Vec::new();
    for (_, p, _) in &report.deliveries_per_day {
        if !series.contains(p) {
            series.push(p.clone());
        }
    }
    let mut stacks: Vec<Stack> = Vec::new();
    for (date, p, n) in &report.deliveries_per_day {
        let i = series.iter().position(|s| s == p).unwrap_or(0);
        if stacks.last().map(|s| &s.label) != Some(date) {
            stacks.push(Stack { label: date.clone(), values: vec![0; series.len()] });
        }
        if let Some(last) = stacks.last_mut() {
            last.values.resize(series.len(), 0);
            last.values[i] += n;
        }
    }
    for s in &mut stacks {
        s.values.resize(series.len(), 0);
    }
    (series, stacks)
}

/// Moves between streams per day: (series "from → to", one stack per date).
pub fn transitions_by_day(report: &Report) -> (Vec<String>, Vec<Stack>) {
    let mut series: Vec<String> = Vec::new();
    for (_, _, from, to, _) in &report.transitions {
        let name = format!("{from} → {to}");
        if !series.contains(&name) {
            series.push(name);
        }
    }
    let mut stacks: Vec<Stack> = Vec::new();
    for (date, _, from, to, n) in &report.transitions {
        let name = format!("{from} → {to}");
        let i = series.iter().position(|s| *s == name).unwrap_or(0);
        if stacks.last().map(|s| &s.label) != Some(date) {
            stacks.push(Stack { label: date.clone(), values: vec![0; series.len()] });
        }
        if let Some(last) = stacks.last_mut() {
            last.values[i] += n;
        }
    }
    (series, stacks)
}

/// A "nice" axis maximum at or above `max` (1, 2 or 5 × a power of ten).
pub fn nice_max(max: u64) -> u64 {
    if max <= 1 {
        return 1;
    }
    let mut p = 1u64;
    while p.saturating_mul(10) <= max {
        p *= 10;
    }
    for m in [1, 2, 5, 10] {
        if p.saturating_mul(m) >= max {
            return p.saturating_mul(m);
        }
    }
    p.saturating_mul(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_dates_read_as_people_write_them() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1240), "1,240");
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(short_date("2027-03-14"), "14 Mar");
        assert_eq!(short_date("2027-12-01"), "1 Dec");
        assert_eq!(short_date("soon"), "soon");
        assert_eq!(score_label(None), "not enough data");
        assert_eq!(score_label(Some(58)), "58");
        assert_eq!((nice_max(0), nice_max(7), nice_max(130), nice_max(1000)), (1, 10, 200, 1000));
    }

    #[test]
    fn the_forecast_sentence_names_the_stream_the_count_and_the_day() {
        let f = StreamForecast {
            program: "ep".into(),
            stream: "s-early".into(),
            casts: vec![],
            runs_dry: Some(("2027-03-14".into(), 1240)),
        };
        assert_eq!(forecast_sentence(&f, "Early stage"), "Stream Early stage runs out for 1,240 people on 14 Mar");
        let f = StreamForecast { runs_dry: None, ..f };
        assert!(forecast_sentence(&f, "Early stage").contains("does not run out"));
    }

    #[test]
    fn freshness_follows_the_plan_not_just_the_counter() {
        let plan = engine::generate::sample_plan();
        let report = engine::analysis::analyze(&plan).unwrap();
        let stored = StoredResults {
            revision: 3,
            fingerprint: fingerprint(&plan),
            workspace: "Sample".into(),
            finished_at_ms: 0.0,
            prepare_ms: 1.0,
            simulate_ms: 2.0,
            report,
        };
        assert_eq!(Freshness::of(&stored, 3, &fingerprint(&plan)), Freshness::Current);
        let mut changed = plan.clone();
        changed.engagement_programs[0].active = !changed.engagement_programs[0].active;
        assert_eq!(Freshness::of(&stored, 4, &fingerprint(&changed)), Freshness::OutOfDate);
        assert_eq!(Freshness::of(&stored, 3, &fingerprint(&changed)), Freshness::OutOfDate);
        // Kept as JSON in the results database, read back the same.
        let back: StoredResults = serde_json::from_str(&serde_json::to_string(&stored).unwrap()).unwrap();
        assert_eq!(back, stored);
    }

    #[test]
    fn stacks_sum_to_the_reports_totals() {
        let plan = engine::generate::sample_plan();
        let report = engine::analysis::analyze(&plan).unwrap();
        let (series, stacks) = deliveries_by_day(&report);
        assert!(!series.is_empty());
        let total: u64 = stacks.iter().flat_map(|s| s.values.iter()).sum();
        assert_eq!(total, report.deliveries_per_day.iter().map(|d| d.2).sum::<u64>());
        assert!(stacks.iter().all(|s| s.values.len() == series.len()));
        let (_, moves) = transitions_by_day(&report);
        let moved: u64 = moves.iter().flat_map(|s| s.values.iter()).sum();
        assert_eq!(moved, report.transitions.iter().map(|t| t.4).sum::<u64>());
    }
}
