//! One person's timeline with the reason for every row (`explain`).
//!
//! People never affect one another, so the plan is compiled for the one
//! person and replayed alone: the rows are exactly that person's rows of
//! the full log, at a cost independent of the population.

use crate::model::Plan;
use crate::output::csv::record;
use crate::sim::outcome::{Outcome, Reactions, Row};
use crate::sim::sink::{Detail, Move, MoveCause, Sink, Skip, Why};
use crate::sim::{compile, Compiled, Simulation};
use crate::time::{date_from_day_number, format_date, Instant};
use std::collections::HashMap;

pub const EXPLAIN_HEADER: &str = "at,program,stream,content,outcome,reason\n";

/// One line of a timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineEntry {
    pub at: Instant,
    pub program: String,
    pub stream: String,
    pub content: Option<String>,
    /// A log outcome, or `moved`.
    pub outcome: String,
    pub reason: String,
}

enum Entry {
    Row(Row, Reactions, Why),
    Moved(Move),
}

#[derive(Default)]
struct Tracer {
    entries: Vec<Entry>,
}

impl Sink for Tracer {
    const TRACE: bool = true;
    fn row(&mut self, row: &Row, reactions: Reactions, why: &Why) {
        self.entries.push(Entry::Row(*row, reactions, why.clone()));
    }
    fn moved(&mut self, m: &Move) {
        self.entries.push(Entry::Moved(*m));
    }
}

/// The timeline of `person` over the plan's simulation window.
pub fn explain(plan: &Plan, person: &str) -> Result<Vec<TimelineEntry>, String> {
    let w = plan.simulation.ok_or("the plan has no simulation window (simulation.start, simulation.end)")?;
    let c = compile(plan, w.start, w.end, Some(person))?;
    let mut sim = Simulation::new(&c, Tracer::default(), false);
    sim.run();
    let tracer = sim.into_sink();
    Ok(narrate(&c, tracer.entries))
}

/// The timeline as CSV `at,program,stream,content,outcome,reason`.
pub fn explain_csv(plan: &Plan, person: &str) -> Result<String, String> {
    let mut out = String::from(EXPLAIN_HEADER);
    for e in explain(plan, person)? {
        let at = e.at.log_format();
        record(&mut out, &[&at, &e.program, &e.stream, e.content.as_deref().unwrap_or(""), &e.outcome, &e.reason]);
    }
    Ok(out)
}

fn day_text(day: i32) -> String {
    format_date(date_from_day_number(i64::from(day)))
}

/// Turns the traced rows into sentences, tracking when each item was
/// consumed so a skip can say so.
fn narrate(c: &Compiled, mut entries: Vec<Entry>) -> Vec<TimelineEntry> {
    // Log order; a move comes before the person's other rows at its instant.
    entries.sort_by_key(|e| match e {
        Entry::Moved(m) => (m.at, 0, 0),
        Entry::Row(r, ..) => (r.at, 1, r.stream),
    });
    let name = |i: u32| c.content[i as usize].id.clone();
    let mut consumed: HashMap<u32, String> = HashMap::new();
    for h in &c.history {
        if h.engagement {
            consumed.entry(h.content).or_insert_with(|| match h.at {
                Some(at) => format!("sent {} (history)", format_date(at.date_in(c.time_zone))),
                None => "sent before (history)".into(),
            });
        }
    }
    for h in &c.program_history {
        consumed.entry(h.content).or_insert_with(|| "a member before (program history)".into());
    }
    let mut out = Vec::new();
    for e in entries {
        match e {
            // Moves by events before the window set the starting point; the
            // timeline covers the window, like the log.
            Entry::Moved(m) if m.at < c.start => {}
            Entry::Moved(m) => {
                let to = &c.streams[m.to as usize].id;
                let reason = match m.cause {
                    MoveCause::Rule { rule } => format!(
                        "transition rule {} of {to} holds; moved from {} (R-TR-2, R-TR-3)",
                        rule + 1,
                        c.streams[m.from as usize].id
                    ),
                    MoveCause::Event { index } => format!(
                        "move event (events[{index}]) from {} (R-ME-3)",
                        c.streams[m.from as usize].id
                    ),
                };
                out.push(TimelineEntry {
                    at: m.at,
                    program: c.eps[m.ep as usize].id.clone(),
                    stream: to.clone(),
                    content: None,
                    outcome: "moved".into(),
                    reason,
                });
            }
            Entry::Row(row, reactions, why) => {
                let mut parts: Vec<String> = why
                    .skipped
                    .iter()
                    .map(|&(item, skip)| {
                        let id = name(item);
                        let program = c.content[item as usize].is_program;
                        match skip {
                            Skip::Inactive => format!("{id} inactive (R-CS-2)"),
                            Skip::Archived => format!("{id} archived (R-CO-4)"),
                            Skip::OutsideWindow => format!("{id} outside its availability window on {} (R-CO-3)", day_text(row.cast_day)),
                            Skip::Reserved => format!("{id} reserved for a pending delivery (R-CA-7)"),
                            Skip::Consumed if program => format!(
                                "{id} already consumed: {} (R-CS-7, R-DD-2)",
                                consumed.get(&item).map_or("consumed", String::as_str)
                            ),
                            Skip::Consumed => format!(
                                "{id} consumed: {} (R-DD-1)",
                                consumed.get(&item).map_or("consumed", String::as_str)
                            ),
                        }
                    })
                    .collect();
                let when = format_date(row.at.date_in(c.time_zone));
                let content_id = row.content.map(name);
                let cid = content_id.clone().unwrap_or_default();
                match row.outcome {
                    Outcome::Paused => parts = vec!["person cadence is paused in this program (R-CS-3, R-ME-2)".into()],
                    Outcome::Exhausted => parts.push("nothing eligible: exhausted in this stream (R-CS-4)".into()),
                    Outcome::Sent => {
                        parts.push(format!("{cid} first eligible (R-CS-1)"));
                        parts.push("sent and consumed (R-CS-6, R-DD-1)".into());
                        let mut r = Vec::new();
                        if reactions.opened {
                            r.push("opened");
                        }
                        if reactions.clicked {
                            r.push("clicked");
                        }
                        if reactions.unsubscribed {
                            r.push("unsubscribed");
                        }
                        if !r.is_empty() {
                            parts.push(format!("simulated reaction: {} (R-BH-1)", r.join(", ")));
                        }
                        if let Some(i) = row.content {
                            consumed.insert(i, format!("sent {when}"));
                        }
                    }
                    Outcome::BlockedPerson => {
                        parts.push(format!("{cid} first eligible (R-CS-1)"));
                        let why = match why.detail {
                            Detail::NoEmailAddress => "the person has no email address",
                            Detail::Unsubscribed => "the person is unsubscribed",
                            Detail::MarketingSuspended => "the person is marketing suspended",
                            Detail::EmailInvalid => "the person's email is invalid",
                            _ => "the person is blocked",
                        };
                        parts.push(format!("not sent: {why}; not consumed (R-CS-6)"));
                    }
                    Outcome::BlockedLimit => {
                        parts.push(format!("{cid} first eligible (R-CS-1)"));
                        let limit = match why.detail {
                            Detail::PerDayLimit { limit, .. } => format!("{limit} email(s) per day already sent"),
                            Detail::Per7DaysLimit { limit, .. } => format!("{limit} email(s) in the last 7 days already sent"),
                            _ => "a communication limit is reached".into(),
                        };
                        parts.push(format!("not sent: {limit} (R-LIM-1); not consumed, the next cast walks from the top again (R-CS-6)"));
                    }
                    Outcome::ProgramFiltered => {
                        parts.push(format!("{cid} first eligible (R-CS-1)"));
                        parts.push(format!("fails the audience of {cid}: nothing sent this cast; the program is consumed (R-CS-7)"));
                        if let Some(i) = row.content {
                            consumed.insert(i, format!("filtered out {when}"));
                        }
                    }
                    Outcome::ProgramEntered => {
                        parts.push(format!("{cid} first eligible (R-CS-1)"));
                        parts.push(format!("entered {cid} with status member; consumed (R-CS-7)"));
                        let mut r = Vec::new();
                        if reactions.succeeded {
                            r.push("success");
                        }
                        if reactions.unsubscribed {
                            r.push("unsubscribed");
                        }
                        if !r.is_empty() {
                            parts.push(format!("simulated reaction: {} (R-BH-1)", r.join(", ")));
                        }
                        if let Some(i) = row.content {
                            consumed.insert(i, format!("entered {when}"));
                        }
                    }
                }
                out.push(TimelineEntry {
                    at: row.at,
                    program: c.eps[row.ep as usize].id.clone(),
                    stream: c.streams[row.stream as usize].id.clone(),
                    content: content_id,
                    outcome: row.outcome.as_str().into(),
                    reason: parts.join("; "),
                });
            }
        }
    }
    out
}
