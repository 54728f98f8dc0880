//! Stream cadences: which dates cast and at which instants (rules R-CA-1 to
//! R-CA-10, with the week-start day of R-WS-1).
//!
//! A cadence names *cast dates* (calendar dates, no zone). Each cast date has
//! a *processing instant* (when the cast loop runs it) and, per person, a
//! *delivery instant*:
//!
//! | | processing instant | delivery instant |
//! |---|---|---|
//! | plain cadence (R-CA-6) | `time` on the date, workspace zone | the processing instant |
//! | recipient time zone (R-CA-7) | 00:00 of the date in UTC+14 | email: `time` in the person's zone (workspace zone when none); program: `time` in the workspace zone |
//!
//! Local times go through [`local_to_instant`], which applies the daylight
//! saving rule R-CA-8.
//!
//! Everything here is pure and cheap. The per-date functions
//! ([`is_cast_date`], [`next_cast_date`], [`processing_instant`],
//! [`delivery_instant`]) do not allocate and run in constant time:
//! [`next_cast_date`] jumps straight to the next active week or month instead
//! of scanning day by day, so asking for the next cast 200 000 years out costs
//! the same as asking for tomorrow's.
//!
//! What this module does **not** decide: whether a cast actually happens in a
//! simulation. Inactive programs (R-EP-2), cadence edits and "this date
//! already cast" (R-CA-9) are the cast loop's business; it asks this module
//! for the dates and instants of one cadence at a time.

use crate::model::{Cadence, MonthlyRule, Nth, Pattern, WeekStart};
use crate::time::{
    day_number, local_to_instant, rtz_processing_instant, Date, Instant, Weekday, MICROS_PER_DAY,
};
use chrono::Datelike;
use chrono_tz::Tz;

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

/// Whether the cadence casts on `d`.
///
/// - R-CA-5: never before `first_cast`.
/// - R-CA-3: `first_cast` itself always casts, pattern or not.
/// - R-CA-2 (weekly): `d` is one of the chosen weekdays, and the calendar
///   week holding `d` (weeks start on `week_start`, R-WS-1) lies a multiple of
///   `every` weeks after the week holding `first_cast`.
/// - R-CA-4 (monthly): `d` is the month's day (`day_of_month`, clamped to the
///   month's last day) or its nth / last weekday, and its month lies a
///   multiple of `every` months after the month of `first_cast`.
///
/// A date either casts or not: a date named both by R-CA-3 and by the pattern
/// casts once (R-CA-5).
pub fn is_cast_date(c: &Cadence, week_start: WeekStart, d: Date) -> bool {
    if d < c.first_cast {
        return false;
    }
    if d == c.first_cast {
        return true;
    }
    let every = every(c);
    match c.pattern {
        Pattern::Weekly(days) => {
            let weeks =
                (week_start_day(d, week_start) - week_start_day(c.first_cast, week_start)) / 7;
            weeks % every == 0 && days.contains(d.weekday())
        }
        Pattern::Monthly(rule) => {
            let months = month_index(d) - month_index(c.first_cast);
            months % every == 0 && monthly_day(rule, d.year(), d.month()) == d.day()
        }
    }
}

/// The first cast date on or after `from` (see [`is_cast_date`]).
///
/// Constant time: it jumps to the next active week or month. `None` only when
/// that date lies past the end of chrono's calendar (year 262 142).
pub fn next_cast_date(c: &Cadence, week_start: WeekStart, from: Date) -> Option<Date> {
    if from <= c.first_cast {
        // R-CA-3 / R-CA-5: nothing before first_cast, and first_cast casts.
        return Some(c.first_cast);
    }
    // From here on every candidate is > first_cast, so only the pattern counts.
    let every = every(c);
    match c.pattern {
        Pattern::Weekly(days) => {
            let rotated = rotate_to_week_start(days.bits(), week_start);
            if rotated == 0 {
                // Unreachable through `WeekdaySet::from_days` (never empty);
                // an empty set would cast on first_cast only.
                return None;
            }
            let anchor = week_start_day(c.first_cast, week_start);
            let from_dn = day_number(from);
            let week = week_start_day(from, week_start);
            let weeks = (week - anchor) / 7;
            if weeks % every == 0 {
                if let Some(offset) = first_offset_at_or_after(rotated, from_dn - week) {
                    return date_from_day_number_checked(week + offset);
                }
            }
            let next_week = anchor + 7 * ((weeks / every + 1) * every);
            let offset = first_offset_at_or_after(rotated, 0)?;
            date_from_day_number_checked(next_week + offset)
        }
        Pattern::Monthly(rule) => {
            let anchor = month_index(c.first_cast);
            let month = month_index(from);
            let months = month - anchor;
            if months % every == 0 {
                if let Some(t) = monthly_date(rule, month) {
                    if t >= from {
                        return Some(t);
                    }
                }
            }
            monthly_date(rule, anchor + (months / every + 1) * every)
        }
    }
}

/// The processing instant of the cast of date `d` (which should be a cast
/// date; this is not checked).
///
/// - R-CA-6: without recipient time zone, `time` on `d` in the workspace zone
///   (R-CA-8 for daylight saving).
/// - R-CA-7: with it, 00:00 of `d` in UTC+14, i.e. `d − 1` at 10:00Z.
///
/// Later dates never get earlier instants, and in practice strictly later
/// ones. The one exception is a zone that skipped a whole calendar day
/// (Pacific/Apia on 2011-12-30): R-CA-8 moves that day's time forward by the
/// 24-hour gap, onto the same instant as the next day's.
pub fn processing_instant(c: &Cadence, workspace_tz: Tz, d: Date) -> Instant {
    if c.recipient_time_zone {
        rtz_processing_instant(d)
    } else {
        local_to_instant(workspace_tz, d, c.time.minutes())
    }
}

/// When the cast of date `d` reaches one person.
///
/// Without recipient time zone this is the processing instant (R-CA-6). With
/// it (R-CA-7) an email arrives at `time` on `d` in the person's zone
/// (`person_tz`; the workspace zone when `None`), and a program (`is_program`)
/// at `time` on `d` in the workspace zone, whatever the person's zone. The
/// same instant is used for that person's `paused` and `exhausted` rows with
/// `is_program = false`.
pub fn delivery_instant(
    c: &Cadence,
    workspace_tz: Tz,
    person_tz: Option<Tz>,
    d: Date,
    is_program: bool,
) -> Instant {
    if !c.recipient_time_zone {
        return processing_instant(c, workspace_tz, d);
    }
    let zone = if is_program {
        workspace_tz
    } else {
        person_tz.unwrap_or(workspace_tz)
    };
    local_to_instant(zone, d, c.time.minutes())
}

/// The cast dates whose processing instant lies in `[from, to)`, in date
/// order, each with that instant: for calendars, "next 10 casts" lists and
/// the cast loop's look-ahead. `tz` is the workspace zone.
///
/// Lazy and allocation-free; `.take(n)` it for an open-ended window
/// (`to = Instant::MAX`). The iterator is `Clone`.
pub fn casts_in(c: &Cadence, week_start: WeekStart, tz: Tz, from: Instant, to: Instant) -> CastsIn {
    let next = if from >= to {
        None
    } else {
        // A processing instant lies within 40 h of the start of its UTC date
        // (−14 h for R-CA-7; at most 24 h of `time` plus a UTC offset under
        // 16 h, even for historic LMT offsets, for R-CA-6), so no date more
        // than two days before `from`'s UTC date can reach `from`. Three for
        // margin; the iterator skips the few early ones.
        let start = date_from_day_number_checked(from.0.div_euclid(MICROS_PER_DAY) - 3);
        match start {
            Some(d) => next_cast_date(c, week_start, d),
            None if from.0 < 0 => next_cast_date(c, week_start, Date::MIN),
            None => None,
        }
    };
    CastsIn {
        cadence: *c,
        week_start,
        tz,
        from,
        to,
        next,
    }
}

/// The iterator of [`casts_in`]: `(cast date, processing instant)` pairs.
#[derive(Clone, Debug)]
pub struct CastsIn {
    cadence: Cadence,
    week_start: WeekStart,
    tz: Tz,
    from: Instant,
    to: Instant,
    /// The next cast date to look at; `None` when done.
    next: Option<Date>,
}

impl Iterator for CastsIn {
    type Item = (Date, Instant);

    fn next(&mut self) -> Option<(Date, Instant)> {
        loop {
            let d = self.next?;
            self.next = d
                .succ_opt()
                .and_then(|s| next_cast_date(&self.cadence, self.week_start, s));
            let p = processing_instant(&self.cadence, self.tz, d);
            if p < self.from {
                continue;
            }
            if p >= self.to {
                // Processing instants never decrease with the date.
                self.next = None;
                return None;
            }
            return Some((d, p));
        }
    }
}

/// The R-CA-3 warning: `true` when `first_cast` is not itself a date of the
/// pattern (a Monday first cast for "every Tuesday", a 4 Jan first cast for
/// "day 15"), so it casts *in addition to* the pattern's dates.
///
/// The anchor week / month is always active, so `week_start` does not change
/// the answer; it is taken for symmetry with the other functions.
pub fn first_cast_is_extra(c: &Cadence, week_start: WeekStart) -> bool {
    let _ = week_start;
    let d = c.first_cast;
    match c.pattern {
        Pattern::Weekly(days) => !days.contains(d.weekday()),
        Pattern::Monthly(rule) => monthly_day(rule, d.year(), d.month()) != d.day(),
    }
}

/// R-CA-10, the 25-hour rule: a recipient-time-zone cadence set at `set_at`
/// must have the processing instant of its `first_cast` date (00:00 UTC+14)
/// at least 25 hours after `set_at`. Exactly 25 hours passes. Plain cadences
/// always pass. The error message cites R-CA-10 and names the earliest
/// allowed first-cast date.
///
/// Callers apply it to cadences set in the app or by `set_cadence` events,
/// not to cadences written directly in a plan's streams.
pub fn check_25_hour_rule(c: &Cadence, set_at: Instant) -> Result<(), String> {
    if !c.recipient_time_zone {
        return Ok(());
    }
    let p = rtz_processing_instant(c.first_cast);
    let earliest_processing = set_at.plus_hours(25);
    if p >= earliest_processing {
        return Ok(());
    }
    // rtz(d) = start of d − 14 h ≥ set_at + 25 h  ⇔  start of d ≥ set_at + 39 h.
    let bound = set_at.plus_hours(39).0;
    let earliest_day =
        bound.div_euclid(MICROS_PER_DAY) + i64::from(bound.rem_euclid(MICROS_PER_DAY) != 0);
    let earliest = match date_from_day_number_checked(earliest_day) {
        Some(d) => format!(
            "the earliest allowed first cast date is {}",
            d.format("%Y-%m-%d")
        ),
        None => "no first cast date is late enough".to_owned(),
    };
    Err(format!(
        "R-CA-10: a recipient-time-zone cadence must be set at least 25 hours before its first \
         cast is processed (00:00 UTC+14 of the first-cast date); first cast {} is processed at \
         {}, less than 25 hours after {}; {}",
        c.first_cast.format("%Y-%m-%d"),
        p.log_format(),
        set_at.log_format(),
        earliest
    ))
}

/// A one-line human summary, e.g.
/// `Every week on Tue · 09:00 · first cast 5 Jan 2027`,
/// `Every 2 weeks on Tue, Sun · 08:00 · first cast 9 Mar 2029`,
/// `Every month on the last Tue · 07:00 · first cast 15 Aug 2030`,
/// `Every month on day 31 (or the month's last day) · 07:00 · first cast 12 Sep 2030`,
/// with ` · recipient time zone` at the end when set.
///
/// Weekdays are listed Monday first (the order people read a week in, and
/// independent of the workspace's week start); all seven every week reads
/// "Every day" (R-CA-2).
pub fn describe(c: &Cadence) -> String {
    use std::fmt::Write;
    let n = every(c);
    let mut s = String::with_capacity(80);
    match c.pattern {
        Pattern::Weekly(days) => {
            if days.bits() & 0x7f == 0x7f {
                if n == 1 {
                    s.push_str("Every day");
                } else {
                    let _ = write!(s, "Every {n} weeks on every day");
                }
            } else {
                if n == 1 {
                    s.push_str("Every week on ");
                } else {
                    let _ = write!(s, "Every {n} weeks on ");
                }
                const MONDAY_FIRST: [Weekday; 7] = [
                    Weekday::Mon,
                    Weekday::Tue,
                    Weekday::Wed,
                    Weekday::Thu,
                    Weekday::Fri,
                    Weekday::Sat,
                    Weekday::Sun,
                ];
                let mut first = true;
                for wd in MONDAY_FIRST.iter().filter(|wd| days.contains(**wd)) {
                    if !first {
                        s.push_str(", ");
                    }
                    first = false;
                    s.push_str(weekday_abbrev(*wd));
                }
            }
        }
        Pattern::Monthly(rule) => {
            if n == 1 {
                s.push_str("Every month on ");
            } else {
                let _ = write!(s, "Every {n} months on ");
            }
            match rule {
                MonthlyRule::DayOfMonth(day) => {
                    let _ = write!(s, "day {day}");
                    if day > 28 {
                        s.push_str(" (or the month's last day)");
                    }
                }
                MonthlyRule::NthWeekday { n, day } => {
                    let which = match n {
                        Nth::First => "first",
                        Nth::Second => "second",
                        Nth::Third => "third",
                        Nth::Fourth => "fourth",
                        Nth::Last => "last",
                    };
                    let _ = write!(s, "the {which} {}", weekday_abbrev(day));
                }
            }
        }
    }
    let _ = write!(
        s,
        " · {} · first cast {}",
        c.time.format(),
        c.first_cast.format("%-d %b %Y")
    );
    if c.recipient_time_zone {
        s.push_str(" · recipient time zone");
    }
    s
}

// ---------------------------------------------------------------------------
// Calendar arithmetic (all allocation-free)
// ---------------------------------------------------------------------------

/// `every` as a week / month count; a (loader-refused) 0 reads as 1.
fn every(c: &Cadence) -> i64 {
    i64::from(c.every.max(1))
}

/// Day number (days since 1970-01-01) of the first day of the week holding
/// `d`, weeks starting on `week_start` (R-WS-1).
fn week_start_day(d: Date, week_start: WeekStart) -> i64 {
    let into_week = match week_start {
        WeekStart::Sunday => d.weekday().num_days_from_sunday(),
        WeekStart::Monday => d.weekday().num_days_from_monday(),
    };
    day_number(d) - i64::from(into_week)
}

/// The weekday bits (bit i = i days after Sunday) re-indexed so that bit i is
/// i days after the week's first day.
fn rotate_to_week_start(bits: u8, week_start: WeekStart) -> u8 {
    let bits = bits & 0x7f;
    match week_start {
        WeekStart::Sunday => bits,
        WeekStart::Monday => ((bits >> 1) | (bits << 6)) & 0x7f,
    }
}

/// The smallest offset `o` in `lo..7` whose bit is set in the rotated set.
fn first_offset_at_or_after(rotated: u8, lo: i64) -> Option<i64> {
    if !(0..7).contains(&lo) {
        return None;
    }
    let masked = rotated & (0x7fu8 << lo);
    (masked != 0).then(|| i64::from(masked.trailing_zeros()))
}

/// Months since year 0, January (proleptic Gregorian, negative before).
fn month_index(d: Date) -> i64 {
    i64::from(d.year()) * 12 + i64::from(d.month0())
}

fn is_leap_year(y: i32) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if is_leap_year(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Weekday of a day of month, as days from Sunday (Sakamoto's method on the
/// proleptic Gregorian calendar; no date is built).
fn weekday_from_sunday(y: i32, m: u32, d: u32) -> u32 {
    const T: [i64; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let y = i64::from(y) - i64::from(m < 3);
    let r = y + y.div_euclid(4) - y.div_euclid(100)
        + y.div_euclid(400)
        + T[(m - 1) as usize]
        + i64::from(d);
    r.rem_euclid(7) as u32
}

/// The day of month the monthly rule names in year `y`, month `m` (R-CA-4):
/// `day_of_month` clamped to the month's last day, or the nth / last given
/// weekday.
fn monthly_day(rule: MonthlyRule, y: i32, m: u32) -> u32 {
    let last = days_in_month(y, m);
    match rule {
        MonthlyRule::DayOfMonth(day) => u32::from(day).clamp(1, last),
        MonthlyRule::NthWeekday { n, day } => {
            let want = day.num_days_from_sunday();
            let k = match n {
                Nth::First => 1,
                Nth::Second => 2,
                Nth::Third => 3,
                Nth::Fourth => 4,
                Nth::Last => {
                    let last_wd = weekday_from_sunday(y, m, last);
                    return last - (last_wd + 7 - want) % 7;
                }
            };
            let first_wd = weekday_from_sunday(y, m, 1);
            1 + (want + 7 - first_wd) % 7 + 7 * (k - 1)
        }
    }
}

/// The date the monthly rule names in the month with index `month`
/// (see [`month_index`]); `None` outside chrono's calendar.
fn monthly_date(rule: MonthlyRule, month: i64) -> Option<Date> {
    let y = i32::try_from(month.div_euclid(12)).ok()?;
    let m = month.rem_euclid(12) as u32 + 1;
    Date::from_ymd_opt(y, m, monthly_day(rule, y, m))
}

/// The date of a day number; `None` outside chrono's calendar (unlike
/// `time::date_from_day_number`, which saturates).
fn date_from_day_number_checked(n: i64) -> Option<Date> {
    let ce = n.checked_add(719_163)?;
    Date::from_num_days_from_ce_opt(i32::try_from(ce).ok()?)
}

fn weekday_abbrev(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "Mon",
        Weekday::Tue => "Tue",
        Weekday::Wed => "Wed",
        Weekday::Thu => "Thu",
        Weekday::Fri => "Fri",
        Weekday::Sat => "Sat",
        Weekday::Sun => "Sun",
    }
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{TimeOfDay, WeekdaySet};
    use crate::time::{parse_date, parse_instant};
    use proptest::prelude::*;

    // --- helpers -----------------------------------------------------------

    fn d(s: &str) -> Date {
        parse_date(s).unwrap()
    }
    fn at(s: &str) -> Instant {
        parse_instant(s).unwrap()
    }
    fn tz(s: &str) -> Tz {
        s.parse().unwrap()
    }
    fn wd(s: &str) -> Weekday {
        s.parse().unwrap()
    }
    fn weekly(days: &[&str], every: u32, first: &str, time: &str, rtz: bool) -> Cadence {
        let days: Vec<Weekday> = days.iter().map(|s| wd(s)).collect();
        Cadence {
            pattern: Pattern::Weekly(WeekdaySet::from_days(&days).unwrap()),
            every,
            first_cast: d(first),
            time: TimeOfDay::parse(time).unwrap(),
            recipient_time_zone: rtz,
        }
    }
    fn monthly(rule: MonthlyRule, every: u32, first: &str, time: &str) -> Cadence {
        Cadence {
            pattern: Pattern::Monthly(rule),
            every,
            first_cast: d(first),
            time: TimeOfDay::parse(time).unwrap(),
            recipient_time_zone: false,
        }
    }
    /// The first `n` cast dates on or after `from`, by chaining next_cast_date.
    fn dates(c: &Cadence, ws: WeekStart, from: &str, n: usize) -> Vec<String> {
        let mut out = vec![];
        let mut cur = d(from);
        while out.len() < n {
            let x = next_cast_date(c, ws, cur).unwrap();
            out.push(x.format("%Y-%m-%d").to_string());
            cur = x.succ_opt().unwrap();
        }
        out
    }
    /// The cast dates in [from, to] found by testing every day with is_cast_date.
    fn scan(c: &Cadence, ws: WeekStart, from: &str, to: &str) -> Vec<String> {
        d(from)
            .iter_days()
            .take_while(|x| *x <= d(to))
            .filter(|x| is_cast_date(c, ws, *x))
            .map(|x| x.format("%Y-%m-%d").to_string())
            .collect()
    }
    /// `n` casts from `from` with their processing instants, via casts_in.
    fn instants(c: &Cadence, ws: WeekStart, zone: &str, from: &str, n: usize) -> Vec<String> {
        casts_in(c, ws, tz(zone), at(from), Instant::MAX)
            .take(n)
            .map(|(_, p)| p.log_format())
            .collect()
    }

    // --- scenario first_cast_off_weekday (R-CA-3, R-CA-5) -------------------

    #[test]
    fn r_ca_3_monday_first_cast_with_every_tuesday_casts_monday_and_tuesday() {
        let c = weekly(&["tue"], 1, "2027-01-04", "10:00", false);
        let ws = WeekStart::Sunday;
        assert_eq!(
            dates(&c, ws, "2027-01-01", 4),
            ["2027-01-04", "2027-01-05", "2027-01-12", "2027-01-19"]
        );
        assert_eq!(
            scan(&c, ws, "2026-12-01", "2027-01-19"),
            ["2027-01-04", "2027-01-05", "2027-01-12", "2027-01-19"]
        );
        assert!(first_cast_is_extra(&c, ws));
        assert_eq!(
            instants(&c, ws, "UTC", "2027-01-01T00:00:00Z", 4),
            [
                "2027-01-04T10:00:00Z",
                "2027-01-05T10:00:00Z",
                "2027-01-12T10:00:00Z",
                "2027-01-19T10:00:00Z"
            ]
        );
    }

    #[test]
    fn r_ca_5_tuesday_first_cast_on_a_tuesday_casts_once() {
        let c = weekly(&["tue"], 1, "2027-01-05", "10:00", false);
        let ws = WeekStart::Sunday;
        assert_eq!(
            scan(&c, ws, "2027-01-01", "2027-01-19"),
            ["2027-01-05", "2027-01-12", "2027-01-19"]
        );
        assert!(!first_cast_is_extra(&c, ws));
        assert_eq!(
            instants(&c, ws, "UTC", "2027-01-01T00:00:00Z", 3),
            [
                "2027-01-05T10:00:00Z",
                "2027-01-12T10:00:00Z",
                "2027-01-19T10:00:00Z"
            ]
        );
    }

    #[test]
    fn r_ca_3_r_ca_4_monthly_day_15_with_first_cast_on_the_4th() {
        let c = monthly(MonthlyRule::DayOfMonth(15), 1, "2027-01-04", "10:00");
        let ws = WeekStart::Sunday;
        assert_eq!(
            dates(&c, ws, "2027-01-01", 3),
            ["2027-01-04", "2027-01-15", "2027-02-15"]
        );
        assert_eq!(
            scan(&c, ws, "2026-12-01", "2027-02-28"),
            ["2027-01-04", "2027-01-15", "2027-02-15"]
        );
        assert!(first_cast_is_extra(&c, ws));
        assert!(!first_cast_is_extra(
            &monthly(MonthlyRule::DayOfMonth(15), 1, "2027-01-15", "10:00"),
            ws
        ));
    }

    // --- scenario biweekly_monday_pause (R-CA-2, R-WS-1) --------------------

    #[test]
    fn r_ca_2_biweekly_tue_sun_with_monday_weeks_anchors_on_the_first_cast_week() {
        let c = weekly(&["tue", "sun"], 2, "2029-03-09", "08:00", false);
        let ws = WeekStart::Monday;
        let want = [
            "2029-03-09",
            "2029-03-11",
            "2029-03-20",
            "2029-03-25",
            "2029-04-03",
            "2029-04-08",
        ];
        assert_eq!(dates(&c, ws, "2029-03-01", 6), want);
        assert_eq!(scan(&c, ws, "2029-03-01", "2029-04-08"), want);
        // Tuesday 03-06 is in the anchor week but before first_cast (R-CA-5).
        assert!(!is_cast_date(&c, ws, d("2029-03-06")));
        // Weeks 03-12 and 03-26 are inactive.
        assert!(!is_cast_date(&c, ws, d("2029-03-13")));
        assert!(!is_cast_date(&c, ws, d("2029-03-18")));
        // Asia/Kolkata is UTC+05:30: 08:00 local is 02:30Z.
        assert_eq!(
            instants(&c, ws, "Asia/Kolkata", "2029-03-01T00:00:00Z", 6),
            [
                "2029-03-09T02:30:00Z",
                "2029-03-11T02:30:00Z",
                "2029-03-20T02:30:00Z",
                "2029-03-25T02:30:00Z",
                "2029-04-03T02:30:00Z",
                "2029-04-08T02:30:00Z"
            ]
        );
    }

    #[test]
    fn r_ca_2_r_ws_1_same_biweekly_cadence_with_sunday_weeks() {
        // Anchor week Sun 03-04..Sat 03-10; active weeks start 03-04, 03-18, 04-01.
        let c = weekly(&["tue", "sun"], 2, "2029-03-09", "08:00", false);
        let ws = WeekStart::Sunday;
        let want = [
            "2029-03-09",
            "2029-03-18",
            "2029-03-20",
            "2029-04-01",
            "2029-04-03",
        ];
        assert_eq!(dates(&c, ws, "2029-03-01", 5), want);
        assert_eq!(scan(&c, ws, "2029-03-01", "2029-04-03"), want);
    }

    #[test]
    fn r_ca_2_week_start_does_not_matter_for_every_week() {
        let c = weekly(&["tue", "sun"], 1, "2029-03-09", "08:00", false);
        assert_eq!(
            scan(&c, WeekStart::Sunday, "2029-03-01", "2029-06-01"),
            scan(&c, WeekStart::Monday, "2029-03-01", "2029-06-01")
        );
    }

    #[test]
    fn r_ca_2_every_day_is_weekly_all_seven_days() {
        let c = weekly(
            &["sun", "mon", "tue", "wed", "thu", "fri", "sat"],
            1,
            "2029-03-09",
            "08:00",
            false,
        );
        assert_eq!(
            scan(&c, WeekStart::Monday, "2029-03-01", "2029-03-31").len(),
            23
        );
        assert_eq!(describe(&c), "Every day · 08:00 · first cast 9 Mar 2029");
    }

    // --- scenario monthly_last_weekday_day31 (R-CA-4) -----------------------

    #[test]
    fn r_ca_4_every_2_months_on_the_last_tuesday_skips_odd_months_and_finds_5th_tuesdays() {
        let c = monthly(
            MonthlyRule::NthWeekday {
                n: Nth::Last,
                day: Weekday::Tue,
            },
            2,
            "2030-08-15",
            "07:00",
        );
        let ws = WeekStart::Sunday;
        let want = ["2030-08-15", "2030-08-27", "2030-10-29", "2030-12-31"];
        assert_eq!(dates(&c, ws, "2030-01-01", 4), want);
        assert_eq!(scan(&c, ws, "2030-01-01", "2031-01-31"), want);
        // September and November are skipped (their last Tuesdays: 24th, 26th).
        assert!(!is_cast_date(&c, ws, d("2030-09-24")));
        assert!(!is_cast_date(&c, ws, d("2030-11-26")));
        // October and December have five Tuesdays: the last is the 5th, not the 4th.
        assert!(!is_cast_date(&c, ws, d("2030-10-22")));
        assert!(!is_cast_date(&c, ws, d("2030-12-24")));
        // Asia/Singapore, 07:00 local = 23:00Z on the day before.
        assert_eq!(
            instants(&c, ws, "Asia/Singapore", "2030-08-01T00:00:00Z", 4),
            [
                "2030-08-14T23:00:00Z",
                "2030-08-26T23:00:00Z",
                "2030-10-28T23:00:00Z",
                "2030-12-30T23:00:00Z"
            ]
        );
        assert!(first_cast_is_extra(&c, ws));
    }

    #[test]
    fn r_ca_4_day_31_clamps_to_the_months_last_day() {
        let c = monthly(MonthlyRule::DayOfMonth(31), 1, "2030-09-12", "07:00");
        let ws = WeekStart::Sunday;
        let want = [
            "2030-09-12",
            "2030-09-30",
            "2030-10-31",
            "2030-11-30",
            "2030-12-31",
        ];
        assert_eq!(dates(&c, ws, "2030-09-01", 5), want);
        assert_eq!(scan(&c, ws, "2030-09-01", "2030-12-31"), want);
        assert_eq!(
            instants(&c, ws, "Asia/Singapore", "2030-09-01T00:00:00Z", 5),
            [
                "2030-09-11T23:00:00Z",
                "2030-09-29T23:00:00Z",
                "2030-10-30T23:00:00Z",
                "2030-11-29T23:00:00Z",
                "2030-12-30T23:00:00Z"
            ]
        );
        // February, leap and not.
        assert_eq!(dates(&c, ws, "2031-02-01", 1), ["2031-02-28"]);
        assert_eq!(dates(&c, ws, "2032-02-01", 1), ["2032-02-29"]);
        assert_eq!(
            dates(
                &monthly(MonthlyRule::DayOfMonth(30), 1, "2100-01-30", "07:00"),
                ws,
                "2100-02-01",
                1
            ),
            ["2100-02-28"]
        );
    }

    #[test]
    fn r_ca_4_nth_weekday_first_to_fourth() {
        let ws = WeekStart::Sunday;
        // March 2029 starts on a Thursday.
        let cases = [
            (Nth::First, "2029-03-05"),
            (Nth::Second, "2029-03-12"),
            (Nth::Third, "2029-03-19"),
            (Nth::Fourth, "2029-03-26"),
        ];
        for (n, want) in cases {
            let c = monthly(
                MonthlyRule::NthWeekday {
                    n,
                    day: Weekday::Mon,
                },
                1,
                "2029-01-01",
                "09:00",
            );
            assert_eq!(dates(&c, ws, "2029-03-01", 1), [want], "{n:?}");
        }
        // A month that starts on the wanted weekday.
        let c = monthly(
            MonthlyRule::NthWeekday {
                n: Nth::First,
                day: Weekday::Thu,
            },
            1,
            "2029-01-01",
            "09:00",
        );
        assert_eq!(dates(&c, ws, "2029-03-01", 1), ["2029-03-01"]);
        let c = monthly(
            MonthlyRule::NthWeekday {
                n: Nth::Last,
                day: Weekday::Sat,
            },
            1,
            "2029-01-01",
            "09:00",
        );
        assert_eq!(dates(&c, ws, "2029-03-01", 1), ["2029-03-31"]);
    }

    #[test]
    fn r_ca_4_every_3_months_anchored_on_first_cast_month() {
        let c = monthly(MonthlyRule::DayOfMonth(1), 3, "2029-02-20", "09:00");
        assert_eq!(
            dates(&c, WeekStart::Sunday, "2029-01-01", 4),
            ["2029-02-20", "2029-05-01", "2029-08-01", "2029-11-01"]
        );
        // The first cast month's pattern day before first_cast does not cast (R-CA-5).
        assert!(!is_cast_date(&c, WeekStart::Sunday, d("2029-02-01")));
    }

    // --- scenario dst_gap_berlin (R-CA-8) -----------------------------------

    #[test]
    fn r_ca_8_sunday_0215_across_the_berlin_spring_gap() {
        let c = weekly(&["sun"], 1, "2029-03-11", "02:15", false);
        assert_eq!(
            instants(
                &c,
                WeekStart::Monday,
                "Europe/Berlin",
                "2029-03-01T00:00:00Z",
                4
            ),
            // 03-25 02:15 does not exist: moved forward an hour, 03:15 CEST = 01:15Z.
            [
                "2029-03-11T01:15:00Z",
                "2029-03-18T01:15:00Z",
                "2029-03-25T01:15:00Z",
                "2029-04-01T00:15:00Z"
            ]
        );
    }

    #[test]
    fn r_ca_8_fri_sun_tue_0200_across_the_berlin_spring_gap() {
        let c = weekly(&["fri", "sun", "tue"], 1, "2029-03-23", "02:00", false);
        assert_eq!(
            instants(
                &c,
                WeekStart::Monday,
                "Europe/Berlin",
                "2029-03-01T00:00:00Z",
                5
            ),
            [
                "2029-03-23T01:00:00Z",
                "2029-03-25T01:00:00Z",
                "2029-03-27T00:00:00Z",
                "2029-03-30T00:00:00Z",
                "2029-04-01T00:00:00Z"
            ]
        );
    }

    #[test]
    fn r_ca_8_fall_back_takes_the_earlier_instant() {
        let c = weekly(&["sun"], 1, "2029-10-21", "02:30", false);
        assert_eq!(
            processing_instant(&c, tz("Europe/Berlin"), d("2029-10-28")).log_format(),
            "2029-10-28T00:30:00Z"
        );
    }

    // --- scenario program_off_on_set_cadence (the cadence side of R-CA-9) ---

    #[test]
    fn r_ca_9_cadences_of_the_set_cadence_scenario() {
        let ws = WeekStart::Sunday;
        let jnb = "Africa/Johannesburg";
        let original = weekly(&["mon"], 1, "2030-05-06", "11:00", false);
        assert_eq!(
            instants(&original, ws, jnb, "2030-05-01T00:00:00Z", 3),
            [
                "2030-05-06T09:00:00Z",
                "2030-05-13T09:00:00Z",
                "2030-05-20T09:00:00Z"
            ]
        );
        // Set at 05-20T10:00Z: casts at or after the edit instant.
        let second = weekly(&["mon", "thu"], 1, "2030-05-20", "14:00", false);
        let got: Vec<_> = casts_in(
            &second,
            ws,
            tz(jnb),
            at("2030-05-20T10:00:00Z"),
            at("2030-06-03T12:30:00Z"),
        )
        .map(|(d, p)| (d.format("%m-%d").to_string(), p.log_format()))
        .collect();
        let want: Vec<(String, String)> = [
            ("05-20", "2030-05-20T12:00:00Z"),
            ("05-23", "2030-05-23T12:00:00Z"),
            ("05-27", "2030-05-27T12:00:00Z"),
            ("05-30", "2030-05-30T12:00:00Z"),
            ("06-03", "2030-06-03T12:00:00Z"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        assert_eq!(got, want);
        // Set at 06-03T12:30Z; its first-cast date 06-03 (13:00Z) is one the
        // stream already cast on, which the cast loop skips (R-CA-9); the
        // cadence itself names it, then 06-10.
        let third = weekly(&["mon"], 1, "2030-06-03", "15:00", false);
        assert_eq!(
            instants(&third, ws, jnb, "2030-06-03T12:30:00Z", 2),
            ["2030-06-03T13:00:00Z", "2030-06-10T13:00:00Z"]
        );
    }

    // --- scenario recipient_zones_program (R-CA-7) --------------------------

    #[test]
    fn r_ca_7_recipient_time_zone_processing_and_delivery() {
        let c = weekly(&["thu"], 1, "2031-02-06", "08:30", true);
        let dubai = tz("Asia/Dubai");
        let bne = Some(tz("Australia/Brisbane"));
        let anc = Some(tz("America/Anchorage"));
        for (date, p, bne_at, dxb_at, anc_at) in [
            (
                "2031-02-06",
                "2031-02-05T10:00:00Z",
                "2031-02-05T22:30:00Z",
                "2031-02-06T04:30:00Z",
                "2031-02-06T17:30:00Z",
            ),
            (
                "2031-02-13",
                "2031-02-12T10:00:00Z",
                "2031-02-12T22:30:00Z",
                "2031-02-13T04:30:00Z",
                "2031-02-13T17:30:00Z",
            ),
            (
                "2031-02-20",
                "2031-02-19T10:00:00Z",
                "2031-02-19T22:30:00Z",
                "2031-02-20T04:30:00Z",
                "2031-02-20T17:30:00Z",
            ),
        ] {
            let dd = d(date);
            assert!(is_cast_date(&c, WeekStart::Sunday, dd));
            assert_eq!(processing_instant(&c, dubai, dd).log_format(), p);
            assert_eq!(
                delivery_instant(&c, dubai, bne, dd, false).log_format(),
                bne_at
            );
            assert_eq!(
                delivery_instant(&c, dubai, None, dd, false).log_format(),
                dxb_at
            );
            assert_eq!(
                delivery_instant(&c, dubai, anc, dd, false).log_format(),
                anc_at
            );
            // A program goes out at `time` in the workspace zone, whoever gets it.
            for person in [bne, anc, None] {
                assert_eq!(
                    delivery_instant(&c, dubai, person, dd, true).log_format(),
                    dxb_at
                );
            }
            // Every delivery comes at or after processing.
            assert!(
                delivery_instant(&c, dubai, bne, dd, false) > processing_instant(&c, dubai, dd)
            );
        }
        assert_eq!(
            instants(
                &c,
                WeekStart::Sunday,
                "Asia/Dubai",
                "2031-02-01T00:00:00Z",
                3
            ),
            [
                "2031-02-05T10:00:00Z",
                "2031-02-12T10:00:00Z",
                "2031-02-19T10:00:00Z"
            ]
        );
    }

    #[test]
    fn r_ca_6_without_rtz_delivery_is_processing_for_everyone() {
        let c = weekly(&["thu"], 1, "2031-02-06", "08:30", false);
        let dubai = tz("Asia/Dubai");
        let dd = d("2031-02-06");
        let p = processing_instant(&c, dubai, dd);
        assert_eq!(p.log_format(), "2031-02-06T04:30:00Z");
        for person in [
            Some(tz("Australia/Brisbane")),
            Some(tz("America/Anchorage")),
            None,
        ] {
            assert_eq!(delivery_instant(&c, dubai, person, dd, false), p);
            assert_eq!(delivery_instant(&c, dubai, person, dd, true), p);
        }
    }

    // --- casts_in -----------------------------------------------------------

    #[test]
    fn casts_in_is_half_open_and_empty_for_empty_windows() {
        let c = weekly(&["tue"], 1, "2027-01-05", "09:00", false);
        let ws = WeekStart::Sunday;
        let u = tz("UTC");
        let got: Vec<_> = casts_in(
            &c,
            ws,
            u,
            at("2027-01-05T09:00:00Z"),
            at("2027-01-19T09:00:00Z"),
        )
        .collect();
        assert_eq!(
            got.iter().map(|x| x.0).collect::<Vec<_>>(),
            [d("2027-01-05"), d("2027-01-12")]
        );
        assert_eq!(
            casts_in(
                &c,
                ws,
                u,
                at("2027-01-05T09:00:00.000001Z"),
                at("2027-01-12T09:00:00Z")
            )
            .count(),
            0
        );
        assert_eq!(
            casts_in(
                &c,
                ws,
                u,
                at("2027-02-01T00:00:00Z"),
                at("2027-01-01T00:00:00Z")
            )
            .count(),
            0
        );
        assert_eq!(
            casts_in(&c, ws, u, Instant::MIN, Instant::MAX)
                .next()
                .map(|x| x.0),
            Some(d("2027-01-05"))
        );
        assert_eq!(casts_in(&c, ws, u, Instant::MAX, Instant::MAX).count(), 0);
        // "Next 10 casts".
        assert_eq!(
            casts_in(&c, ws, u, at("2027-03-01T00:00:00Z"), Instant::MAX)
                .take(10)
                .count(),
            10
        );
    }

    #[test]
    fn casts_in_catches_rtz_casts_processed_the_day_before() {
        // RTZ processing is 10:00Z on the day before the cast date.
        let c = weekly(&["thu"], 1, "2031-02-06", "08:30", true);
        let got: Vec<_> = casts_in(
            &c,
            WeekStart::Sunday,
            tz("UTC"),
            at("2031-02-12T09:00:00Z"),
            at("2031-02-12T11:00:00Z"),
        )
        .collect();
        assert_eq!(got, [(d("2031-02-13"), at("2031-02-12T10:00:00Z"))]);
    }

    #[test]
    fn casts_in_catches_far_east_casts_processed_the_day_before() {
        // Pacific/Kiritimati is UTC+14: 08:00 local on 03-10 is 18:00Z on 03-09.
        let c = weekly(&["sat"], 1, "2029-03-10", "08:00", false);
        let got: Vec<_> = casts_in(
            &c,
            WeekStart::Sunday,
            tz("Pacific/Kiritimati"),
            at("2029-03-09T17:00:00Z"),
            at("2029-03-09T19:00:00Z"),
        )
        .collect();
        assert_eq!(got, [(d("2029-03-10"), at("2029-03-09T18:00:00Z"))]);
    }

    // --- jumping, range ends -----------------------------------------------

    #[test]
    fn next_cast_date_jumps_far_without_scanning() {
        let ws = WeekStart::Monday;
        let c = weekly(&["wed"], 3, "2027-01-05", "09:00", false);
        let far = Date::from_ymd_opt(200_000, 6, 15).unwrap();
        let x = next_cast_date(&c, ws, far).unwrap();
        assert!(x >= far && is_cast_date(&c, ws, x) && (x - far).num_days() < 21);
        let c = monthly(
            MonthlyRule::NthWeekday {
                n: Nth::Last,
                day: Weekday::Fri,
            },
            7,
            "2027-01-05",
            "09:00",
        );
        let x = next_cast_date(&c, ws, far).unwrap();
        assert!(x >= far && is_cast_date(&c, ws, x) && (x - far).num_days() < 7 * 31);
    }

    #[test]
    fn next_cast_date_is_none_only_past_the_calendar_end() {
        let ws = WeekStart::Sunday;
        let max = Date::MAX;
        // Every month on day 1: nothing after the last month's 1st.
        let c = monthly(MonthlyRule::DayOfMonth(1), 1, "2027-01-05", "09:00");
        assert_eq!(next_cast_date(&c, ws, max), None);
        let c = monthly(MonthlyRule::DayOfMonth(31), 1, "2027-01-05", "09:00");
        assert_eq!(next_cast_date(&c, ws, max), Some(max));
        for wday in WeekdaySet::ALL {
            let c = Cadence {
                pattern: Pattern::Weekly(WeekdaySet::from_days(&[wday]).unwrap()),
                ..weekly(&["mon"], 1, "2027-01-05", "09:00", false)
            };
            let got = next_cast_date(&c, ws, max);
            assert_eq!(got, (max.weekday() == wday).then_some(max));
        }
        // A first cast at the very start of the calendar still works.
        let c = Cadence {
            first_cast: Date::MIN,
            ..weekly(&["mon"], 1, "2027-01-05", "09:00", false)
        };
        assert!(is_cast_date(&c, ws, Date::MIN));
        assert_eq!(next_cast_date(&c, ws, Date::MIN), Some(Date::MIN));
    }

    // --- R-CA-10 ------------------------------------------------------------

    #[test]
    fn r_ca_10_25_hour_rule() {
        // First cast 2027-01-05 is processed at 2027-01-04T10:00Z.
        let c = weekly(&["tue"], 1, "2027-01-05", "09:00", true);
        assert!(check_25_hour_rule(&c, at("2027-01-03T09:00:00Z")).is_ok()); // exactly 25 h
        let err = check_25_hour_rule(&c, at("2027-01-03T09:00:00.000001Z")).unwrap_err();
        assert!(err.contains("R-CA-10"), "{err}");
        assert!(
            err.contains("the earliest allowed first cast date is 2027-01-06"),
            "{err}"
        );
        let err = check_25_hour_rule(&c, at("2027-01-03T14:00:00Z")).unwrap_err();
        assert!(
            err.contains("2027-01-04T10:00:00Z") && err.contains("2027-01-06"),
            "{err}"
        );
        // Set right at a day boundary: 2027-01-03T09:00Z + 39 h = 01-05T00:00Z exactly.
        let err = check_25_hour_rule(
            &weekly(&["tue"], 1, "2027-01-04", "09:00", true),
            at("2027-01-03T09:00:00Z"),
        )
        .unwrap_err();
        assert!(
            err.contains("earliest allowed first cast date is 2027-01-05"),
            "{err}"
        );
        // Already past.
        let err = check_25_hour_rule(&c, at("2027-03-01T00:00:00Z")).unwrap_err();
        assert!(err.contains("2027-03-03"), "{err}");
        // Plain cadences are never checked.
        let plain = weekly(&["tue"], 1, "2027-01-05", "09:00", false);
        assert!(check_25_hour_rule(&plain, at("2027-01-05T08:00:00Z")).is_ok());
    }

    // --- describe -----------------------------------------------------------

    #[test]
    fn describe_summaries() {
        assert_eq!(
            describe(&weekly(&["tue"], 1, "2027-01-05", "09:00", false)),
            "Every week on Tue · 09:00 · first cast 5 Jan 2027"
        );
        assert_eq!(
            describe(&weekly(&["sun", "tue"], 2, "2029-03-09", "08:00", false)),
            "Every 2 weeks on Tue, Sun · 08:00 · first cast 9 Mar 2029"
        );
        assert_eq!(
            describe(&monthly(
                MonthlyRule::NthWeekday {
                    n: Nth::Last,
                    day: Weekday::Tue
                },
                1,
                "2030-08-15",
                "07:00"
            )),
            "Every month on the last Tue · 07:00 · first cast 15 Aug 2030"
        );
        assert_eq!(
            describe(&monthly(
                MonthlyRule::NthWeekday {
                    n: Nth::Second,
                    day: Weekday::Mon
                },
                3,
                "2030-08-15",
                "07:00"
            )),
            "Every 3 months on the second Mon · 07:00 · first cast 15 Aug 2030"
        );
        assert_eq!(
            describe(&monthly(
                MonthlyRule::DayOfMonth(31),
                1,
                "2030-09-12",
                "07:00"
            )),
            "Every month on day 31 (or the month's last day) · 07:00 · first cast 12 Sep 2030"
        );
        assert_eq!(
            describe(&monthly(
                MonthlyRule::DayOfMonth(15),
                1,
                "2027-01-04",
                "10:00"
            )),
            "Every month on day 15 · 10:00 · first cast 4 Jan 2027"
        );
        assert_eq!(
            describe(&weekly(&["thu"], 1, "2031-02-06", "08:30", true)),
            "Every week on Thu · 08:30 · first cast 6 Feb 2031 · recipient time zone"
        );
        assert_eq!(
            describe(&weekly(
                &["sun", "mon", "tue", "wed", "thu", "fri", "sat"],
                2,
                "2031-02-06",
                "08:30",
                false
            )),
            "Every 2 weeks on every day · 08:30 · first cast 6 Feb 2031"
        );
    }

    // --- internal arithmetic -------------------------------------------------

    #[test]
    fn weekday_arithmetic_matches_chrono() {
        for x in d("1599-01-01").iter_days().step_by(13).take(40_000) {
            assert_eq!(
                weekday_from_sunday(x.year(), x.month(), x.day()),
                x.weekday().num_days_from_sunday()
            );
        }
        for y in [-400, -1, 0, 1, 1900, 2000, 2024, 2100] {
            for m in 1..=12 {
                let first = Date::from_ymd_opt(y, m, 1).unwrap();
                let next = if m == 12 {
                    Date::from_ymd_opt(y + 1, 1, 1)
                } else {
                    Date::from_ymd_opt(y, m + 1, 1)
                }
                .unwrap();
                assert_eq!(i64::from(days_in_month(y, m)), (next - first).num_days());
            }
        }
    }

    // --- properties -----------------------------------------------------------

    /// Zones with ordinary DST or none, including half-hour and 45-minute
    /// offsets, far east and far west. (Zones that once skipped a whole
    /// calendar day, like Pacific/Apia on 2011-12-30, give two dates the same
    /// processing instant and are left out of the strict-increase property.)
    const ZONES: [&str; 10] = [
        "UTC",
        "Europe/Berlin",
        "America/New_York",
        "America/Anchorage",
        "Asia/Kolkata",
        "Australia/Lord_Howe",
        "Pacific/Chatham",
        "Asia/Kathmandu",
        "Pacific/Kiritimati",
        "America/St_Johns",
    ];

    fn arb_cadence() -> impl Strategy<Value = Cadence> {
        let weekly = (1u8..128).prop_map(|bits| {
            let days: Vec<Weekday> = WeekdaySet::ALL
                .iter()
                .copied()
                .filter(|w| bits & (1 << w.num_days_from_sunday()) != 0)
                .collect();
            Pattern::Weekly(WeekdaySet::from_days(&days).unwrap())
        });
        let dom = (1u8..=31).prop_map(|n| Pattern::Monthly(MonthlyRule::DayOfMonth(n)));
        let nth = (0usize..5, 0usize..7).prop_map(|(n, w)| {
            let n = [Nth::First, Nth::Second, Nth::Third, Nth::Fourth, Nth::Last][n];
            Pattern::Monthly(MonthlyRule::NthWeekday {
                n,
                day: WeekdaySet::ALL[w],
            })
        });
        let pattern = prop_oneof![weekly, dom, nth];
        // First casts between 1990 and 2090.
        (
            pattern,
            1u32..=6,
            7305i64..43_829,
            0u32..1440,
            any::<bool>(),
        )
            .prop_map(|(pattern, every, first, minutes, rtz)| Cadence {
                pattern,
                every,
                first_cast: date_from_day_number_checked(first).unwrap(),
                time: TimeOfDay::new(minutes / 60, minutes % 60).unwrap(),
                recipient_time_zone: rtz,
            })
    }

    fn arb_week_start() -> impl Strategy<Value = WeekStart> {
        prop_oneof![Just(WeekStart::Sunday), Just(WeekStart::Monday)]
    }

    fn plus_days(d: Date, n: i64) -> Date {
        date_from_day_number_checked(day_number(d) + n).unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// next_cast_date(from) is the least d ≥ from with is_cast_date(d).
        #[test]
        fn prop_next_cast_date_is_the_minimum(c in arb_cadence(), ws in arb_week_start(), off in -100i64..1200) {
            let from = plus_days(c.first_cast, off);
            let got = next_cast_date(&c, ws, from).unwrap();
            // Gaps are at most 6 months (monthly, every ≤ 6) + a month.
            let brute = from.iter_days().take(7 * 31 + 31).find(|x| is_cast_date(&c, ws, *x));
            prop_assert_eq!(Some(got), brute);
        }

        /// R-CA-3: first_cast always casts. R-CA-5: no date before it does.
        #[test]
        fn prop_first_cast_casts_and_nothing_before(c in arb_cadence(), ws in arb_week_start(), back in 1i64..800) {
            prop_assert!(is_cast_date(&c, ws, c.first_cast));
            prop_assert!(!is_cast_date(&c, ws, plus_days(c.first_cast, -back)));
            prop_assert_eq!(next_cast_date(&c, ws, plus_days(c.first_cast, -back)), Some(c.first_cast));
        }

        /// R-CA-2 / R-CA-4: after first_cast, casts follow the pattern only, so
        /// first_cast_is_extra says whether first_cast breaks the pattern.
        #[test]
        fn prop_first_cast_is_extra_matches_pattern(c in arb_cadence(), ws in arb_week_start()) {
            // The same cadence anchored ten periods earlier: c.first_cast then
            // lies in an active week / month and casts only by the pattern.
            let shifted = match c.pattern {
                Pattern::Weekly(_) => Cadence { first_cast: plus_days(c.first_cast, -7 * i64::from(c.every) * 10), ..c },
                Pattern::Monthly(_) => {
                    let m = month_index(c.first_cast) - i64::from(c.every) * 10;
                    Cadence { first_cast: monthly_date(MonthlyRule::DayOfMonth(1), m).unwrap(), ..c }
                }
            };
            prop_assert_eq!(first_cast_is_extra(&c, ws), !is_cast_date(&shifted, ws, c.first_cast));
        }

        /// Cast dates come in increasing order with strictly increasing
        /// processing instants (R-CA-6 with R-CA-8, and R-CA-7), each date once
        /// (R-CA-5); casts_in agrees with next_cast_date.
        #[test]
        fn prop_processing_instants_strictly_increase(c in arb_cadence(), ws in arb_week_start(), z in 0usize..ZONES.len(), skip in 0i64..400) {
            let zone = tz(ZONES[z]);
            let from = processing_instant(&c, zone, plus_days(c.first_cast, skip)).plus_micros(-1);
            let got: Vec<(Date, Instant)> = casts_in(&c, ws, zone, from, Instant::MAX).take(30).collect();
            prop_assert_eq!(got.len(), 30);
            let mut cur = next_cast_date(&c, ws, plus_days(c.first_cast, skip)).unwrap();
            // casts_in may start a date earlier only if that date's instant is ≥ from.
            if got[0].0 < cur {
                prop_assert!(got[0].1 >= from);
                cur = got[0].0;
            }
            for w in got.windows(2) {
                prop_assert!(w[0].0 < w[1].0);
                prop_assert!(w[0].1 < w[1].1, "{:?} !< {:?} in {}", w[0], w[1], ZONES[z]);
            }
            for (dd, p) in &got {
                prop_assert_eq!(*dd, cur);
                prop_assert!(is_cast_date(&c, ws, *dd));
                prop_assert_eq!(*p, processing_instant(&c, zone, *dd));
                prop_assert!(*p >= from);
                cur = next_cast_date(&c, ws, cur.succ_opt().unwrap()).unwrap();
            }
        }

        /// Weekly: every active week after the anchor holds exactly the chosen
        /// weekdays; monthly: every active month after the anchor exactly one date.
        #[test]
        fn prop_one_period_of_casts(c in arb_cadence(), ws in arb_week_start(), periods in 1i64..60) {
            match c.pattern {
                Pattern::Weekly(days) => {
                    let week = week_start_day(c.first_cast, ws) + 7 * periods;
                    let n = (0..7).filter(|o| is_cast_date(&c, ws, date_from_day_number_checked(week + o).unwrap())).count();
                    let want = if periods % i64::from(c.every) == 0 { days.bits().count_ones() as usize } else { 0 };
                    prop_assert_eq!(n, want);
                }
                Pattern::Monthly(_) => {
                    let m = month_index(c.first_cast) + periods;
                    let first = monthly_date(MonthlyRule::DayOfMonth(1), m).unwrap();
                    let n = first.iter_days().take_while(|x| x.month() == first.month()).filter(|x| is_cast_date(&c, ws, *x)).count();
                    prop_assert_eq!(n, usize::from(periods % i64::from(c.every) == 0));
                }
            }
        }
    }
}
