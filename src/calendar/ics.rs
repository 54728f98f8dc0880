//! The casts as an iCalendar file (RFC 5545): one `VEVENT` per cast, times
//! in UTC, lines folded at 75 octets and ended by CRLF.

use chrono_tz::Tz;
use engine::cadence::{delivery_instant, processing_instant};
use engine::time::{Instant, MICROS_PER_MINUTE};

use super::casts::{Calendar, Cast};
use super::predicted::Predictions;
use crate::results::record::{thousands, Names};

/// The calendar's product identifier (RFC 5545 §3.7.3).
pub const PRODID: &str = "-//Engagement Planner//Cadence calendar//EN";

/// How long a plain cast's event lasts: a cast is an instant, but
/// calendars draw a zero-length event poorly.
pub const CAST_MINUTES: i64 = 30;

/// One event, its text not yet escaped.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub uid: String,
    pub start: Instant,
    pub end: Instant,
    pub summary: String,
    pub description: String,
}

/// TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and line
/// breaks.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded (RFC 5545 §3.1): at most 75 octets per line, each
/// continuation starting with one space, never splitting a UTF-8 character;
/// every line ends with CRLF.
pub fn push_folded(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

/// `20270105T150000Z`.
pub fn utc(t: Instant) -> String {
    t.to_naive_utc().format("%Y%m%dT%H%M%SZ").to_string()
}

/// The whole file; `stamp` is the DTSTAMP of every event (when the file was
/// made).
pub fn write(events: &[Event], stamp: Instant) -> String {
    let mut out = String::with_capacity(256 + events.len() * 400);
    for line in ["BEGIN:VCALENDAR", "VERSION:2.0", &format!("PRODID:{PRODID}"), "CALSCALE:GREGORIAN", "METHOD:PUBLISH"] {
        push_folded(&mut out, line);
    }
    let stamp = utc(stamp);
    for e in events {
        push_folded(&mut out, "BEGIN:VEVENT");
        push_folded(&mut out, &format!("UID:{}", escape_text(&e.uid)));
        push_folded(&mut out, &format!("DTSTAMP:{stamp}"));
        push_folded(&mut out, &format!("DTSTART:{}", utc(e.start)));
        push_folded(&mut out, &format!("DTEND:{}", utc(e.end)));
        push_folded(&mut out, &format!("SUMMARY:{}", escape_text(&e.summary)));
        push_folded(&mut out, &format!("DESCRIPTION:{}", escape_text(&e.description)));
        push_folded(&mut out, "END:VEVENT");
    }
    push_folded(&mut out, "END:VCALENDAR");
    out
}

/// The event of each cast. A plain cast lasts [`CAST_MINUTES`] from its
/// processing instant; a recipient-time-zone cast (R-CA-7) spans its
/// deliveries, from its time in the earliest zone (UTC+14) to its time in
/// the latest (UTC−12). `predicted`: the latest run's numbers (with the
/// names of the content) when they describe the plan as it is.
pub fn cast_events(calendar: &Calendar, casts: &[Cast], predicted: Option<(&Predictions, &Names)>) -> Vec<Event> {
    casts
        .iter()
        .map(|cast| {
            let s = &calendar.streams[cast.stream];
            let c = &s.cadence;
            let (start, end) = if c.recipient_time_zone {
                (
                    delivery_instant(c, calendar.time_zone, Some(Tz::Etc__GMTMinus14), cast.date, false),
                    delivery_instant(c, calendar.time_zone, Some(Tz::Etc__GMTPlus12), cast.date, false),
                )
            } else {
                let at = processing_instant(c, calendar.time_zone, cast.date);
                (at, at.plus_micros(CAST_MINUTES * MICROS_PER_MINUTE))
            };
            let mut description = format!("Cadence: {}", s.cadence_text);
            if c.recipient_time_zone {
                description.push_str(&format!(
                    "\nRecipient time zone: one cast, delivered at {} in each person's time zone",
                    c.time.format()
                ));
            }
            if let Some(p) = predicted.and_then(|(p, names)| p.get(calendar, cast).map(|p| (p, names))) {
                let (p, names) = p;
                description.push_str(&format!("\nPredicted deliveries: {}", thousands(p.delivered)));
                for (content, n) in &p.contents {
                    description.push_str(&format!("\n{} → {} people", names.content(content), thousands(*n)));
                }
                if p.blocked_by_limit > 0 {
                    description.push_str(&format!(
                        "\nHeld back by communication limits: {}",
                        thousands(p.blocked_by_limit)
                    ));
                }
            }
            Event {
                uid: format!("{}/{}/{}@engagement-planner", s.program, s.stream, cast.date.format("%Y%m%d")),
                start,
                end,
                summary: format!("{} — {}: cast", s.program_name, s.stream_name),
                description,
            }
        })
        .collect()
}

/// The file name of an export of `from` through `through`.
pub fn file_name(workspace: &str, from: engine::time::Date, through: engine::time::Date) -> String {
    format!("{} casts {} to {}.ics", workspace, from.format("%Y-%m-%d"), through.format("%Y-%m-%d"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::time::{parse_date, parse_instant};

    #[test]
    fn text_is_escaped_and_long_lines_fold_at_75_octets() {
        assert_eq!(escape_text("a\\b;c,d\ne\r\nf"), "a\\\\b\\;c\\,d\\ne\\nf");
        let mut out = String::new();
        let line = format!("SUMMARY:{}", "é".repeat(40)); // 8 + 80 octets
        push_folded(&mut out, &line);
        let lines: Vec<&str> = out.split("\r\n").collect();
        assert_eq!(lines.len(), 3, "{out:?}");
        assert_eq!(lines[0].len(), 75 - 1, "é is never split: 8 + 33 × 2 octets");
        assert!(lines[1].starts_with(' ') && lines[1].len() <= 75);
        assert_eq!(lines[2], "");
        let unfolded: String = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, line);
    }

    #[test]
    fn the_sample_weeks_casts_as_an_exact_file() {
        let mut plan = engine::generate::sample_plan();
        plan.engagement_programs[0].name = Some("Prospects; US, CA".into());
        let cal = Calendar::of(&plan);
        let casts = cal.casts(parse_date("2027-01-04").unwrap(), parse_date("2027-01-05").unwrap());
        let events = cast_events(&cal, &casts, None);
        let text = write(&events, parse_instant("2026-11-28T15:50:00Z").unwrap());
        let want = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Engagement Planner//Cadence calendar//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "BEGIN:VEVENT",
            "UID:ep-onboarding/s-onboard/20270104@engagement-planner",
            "DTSTAMP:20261128T155000Z",
            "DTSTART:20270103T190000Z",
            "DTEND:20270104T210000Z",
            "SUMMARY:Customer onboarding — Onboarding: cast",
            // 75 octets each ("·" is two).
            "DESCRIPTION:Cadence: Every week on Mon\\, Thu · 09:00 · first cast 4 Jan 2",
            " 027 · recipient time zone\\nRecipient time zone: one cast\\, delivered at 0",
            " 9:00 in each person's time zone",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:ep-prospects/s-early/20270105@engagement-planner",
            "DTSTAMP:20261128T155000Z",
            "DTSTART:20270105T150000Z",
            "DTEND:20270105T153000Z",
            "SUMMARY:Prospects\\; US\\, CA — Early stage: cast",
            "DESCRIPTION:Cadence: Every week on Tue · 10:00 · first cast 5 Jan 2027",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
        .join("\r\n");
        assert_eq!(text, want);
    }

    #[test]
    fn predicted_counts_go_into_the_description() {
        let plan = engine::generate::sample_plan();
        let report = engine::analysis::analyze(&plan).unwrap();
        let cal = Calendar::of(&plan);
        let names = Names::of(&plan);
        let predictions = Predictions::of(&report);
        let first = &report.casts[0];
        let day = parse_date(&first.date).unwrap();
        let casts: Vec<Cast> =
            cal.casts(day, day).into_iter().filter(|c| cal.streams[c.stream].stream == first.stream).collect();
        let events = cast_events(&cal, &casts, Some((&predictions, &names)));
        let p = predictions.get(&cal, &casts[0]).unwrap();
        assert!(
            events[0].description.contains(&format!("\nPredicted deliveries: {}", thousands(p.delivered))),
            "{}",
            events[0].description
        );
        let (content, n) = &p.contents[0];
        assert!(events[0].description.contains(&format!("{} → {} people", names.content(content), thousands(*n))));
    }
}
