//! Instants, dates and time-zone arithmetic.
//!
//! An [`Instant`] is a UTC moment in whole microseconds since the Unix epoch:
//! plenty for any date a plan can spell (`YYYY` is four digits), exact for
//! every cadence instant (whole minutes), and a plain integer in the cast loop.
//! Sub-microsecond digits in a plan are truncated (floor); no rule depends on
//! them.

use chrono::{Datelike, Days, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone};
use chrono_tz::Tz;
use std::fmt;

pub use chrono::NaiveDate as Date;
pub use chrono::Weekday;

/// A UTC instant in microseconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Instant(pub i64);

pub const MICROS_PER_SECOND: i64 = 1_000_000;
pub const MICROS_PER_MINUTE: i64 = 60 * MICROS_PER_SECOND;
pub const MICROS_PER_HOUR: i64 = 60 * MICROS_PER_MINUTE;
pub const MICROS_PER_DAY: i64 = 24 * MICROS_PER_HOUR;

impl Instant {
    pub const MIN: Instant = Instant(i64::MIN);
    pub const MAX: Instant = Instant(i64::MAX);

    pub fn from_unix_seconds(s: i64) -> Instant {
        Instant(s * MICROS_PER_SECOND)
    }

    /// Whole seconds since the epoch, rounded toward negative infinity: the
    /// `unix_seconds` of R-BH-2.
    pub fn unix_seconds(self) -> i64 {
        self.0.div_euclid(MICROS_PER_SECOND)
    }

    pub fn plus_micros(self, us: i64) -> Instant {
        Instant(self.0.saturating_add(us))
    }

    pub fn plus_hours(self, h: i64) -> Instant {
        self.plus_micros(h * MICROS_PER_HOUR)
    }

    /// The instant as a chrono UTC date-time.
    pub fn to_naive_utc(self) -> NaiveDateTime {
        let secs = self.0.div_euclid(MICROS_PER_SECOND);
        let micros = self.0.rem_euclid(MICROS_PER_SECOND) as u32;
        chrono::DateTime::from_timestamp(secs, micros * 1000)
            .map(|d| d.naive_utc())
            .unwrap_or(NaiveDateTime::MIN)
    }

    pub fn from_naive_utc(ndt: NaiveDateTime) -> Instant {
        let utc = ndt.and_utc();
        Instant(utc.timestamp() * MICROS_PER_SECOND + i64::from(utc.timestamp_subsec_micros()))
    }

    /// The calendar date of this instant in `tz`.
    pub fn date_in(self, tz: Tz) -> Date {
        tz.from_utc_datetime(&self.to_naive_utc()).date_naive()
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`, the send log's format (fractions dropped; every
    /// logged instant is a whole minute).
    pub fn log_format(self) -> String {
        self.to_naive_utc().format("%Y-%m-%dT%H:%M:%SZ").to_string()
    }

    /// RFC 3339 in UTC, with the fraction only when there is one: how plans
    /// are saved, so load → save → load is exact.
    pub fn plan_format(self) -> String {
        let ndt = self.to_naive_utc();
        if self.0.rem_euclid(MICROS_PER_SECOND) == 0 {
            ndt.format("%Y-%m-%dT%H:%M:%SZ").to_string()
        } else {
            ndt.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
        }
    }
}

impl fmt::Display for Instant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.plan_format())
    }
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` (`t` and `z` accepted in
/// lower case). Returns a message naming what is wrong.
pub fn parse_instant(s: &str) -> Result<Instant, String> {
    let bad = || {
        format!("invalid instant {s:?} (expected YYYY-MM-DDTHH:MM:SS[.fraction] followed by Z or ±HH:MM)")
    };
    let b = s.as_bytes();
    if b.len() < 20 || !(b[10] == b'T' || b[10] == b't') {
        return Err(bad());
    }
    let date = parse_date(&s[..10]).map_err(|_| bad())?;
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    if b[13] != b':' || b[16] != b':' {
        return Err(bad());
    }
    let (h, m, sec) = match (digits(11..13), digits(14..16), digits(17..19)) {
        (Some(h), Some(m), Some(sec)) => (h, m, sec),
        _ => return Err(bad()),
    };
    if h > 23 || m > 59 || sec > 59 {
        return Err(format!("invalid instant {s:?}: time of day out of range"));
    }
    let mut i = 19;
    let mut micros: i64 = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            if i - start < 6 {
                micros = micros * 10 + i64::from(b[i] - b'0');
            }
            i += 1;
        }
        if i == start {
            return Err(bad());
        }
        for _ in (i - start)..6 {
            micros *= 10;
        }
    }
    let offset_secs: i64 = match &s[i..] {
        "Z" | "z" => 0,
        rest if rest.len() == 6 && (rest.starts_with('+') || rest.starts_with('-')) => {
            let rb = rest.as_bytes();
            if rb[3] != b':' {
                return Err(bad());
            }
            let (oh, om) = match (digits(i + 1..i + 3), digits(i + 4..i + 6)) {
                (Some(oh), Some(om)) => (oh, om),
                _ => return Err(bad()),
            };
            if oh > 23 || om > 59 {
                return Err(format!("invalid instant {s:?}: offset out of range"));
            }
            let v = i64::from(oh * 3600 + om * 60);
            if rest.starts_with('-') {
                -v
            } else {
                v
            }
        }
        _ => return Err(bad()),
    };
    let ndt = date.and_hms_opt(h, m, sec).ok_or_else(bad)?;
    let base = Instant::from_naive_utc(ndt);
    Ok(Instant(base.0 + micros - offset_secs * MICROS_PER_SECOND))
}

/// Parses a `YYYY-MM-DD` calendar date.
pub fn parse_date(s: &str) -> Result<Date, String> {
    let b = s.as_bytes();
    let ok_shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !ok_shape {
        return Err(format!("invalid date {s:?} (expected YYYY-MM-DD)"));
    }
    let y: i32 = s[0..4].parse().map_err(|_| format!("invalid date {s:?}"))?;
    let m: u32 = s[5..7].parse().map_err(|_| format!("invalid date {s:?}"))?;
    let d: u32 = s[8..10].parse().map_err(|_| format!("invalid date {s:?}"))?;
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| format!("invalid date {s:?}: no such day"))
}

pub fn format_date(d: Date) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Looks up an IANA zone name.
pub fn parse_time_zone(s: &str) -> Result<Tz, String> {
    s.parse::<Tz>()
        .map_err(|_| format!("unknown time zone {s:?} (expected an IANA name such as Europe/Berlin)"))
}

/// The UTC instant of a local wall-clock time in `tz`, by R-CA-8: a time in
/// a spring-forward gap is moved forward by the gap's length (read with the
/// offset in force before the gap); an ambiguous time takes the earlier
/// instant.
pub fn local_to_instant(tz: Tz, date: Date, minutes_of_day: u32) -> Instant {
    let time = NaiveTime::from_num_seconds_from_midnight_opt(minutes_of_day * 60, 0)
        .unwrap_or(NaiveTime::MIN);
    let ndt = date.and_time(time);
    match tz.from_local_datetime(&ndt) {
        LocalResult::Single(dt) => Instant::from_naive_utc(dt.naive_utc()),
        LocalResult::Ambiguous(earlier, _) => Instant::from_naive_utc(earlier.naive_utc()),
        LocalResult::None => {
            // The offset before the gap is the one of the latest valid local
            // time before it; gaps never exceed a day (Samoa, 2011).
            for back_minutes in (15..=48 * 60).step_by(15) {
                let earlier = ndt - chrono::Duration::minutes(back_minutes);
                let found = match tz.from_local_datetime(&earlier) {
                    LocalResult::Single(dt) => Some(dt),
                    LocalResult::Ambiguous(_, later) => Some(later),
                    LocalResult::None => None,
                };
                if let Some(dt) = found {
                    let off = i64::from(dt.offset().fix().local_minus_utc());
                    return Instant::from_naive_utc(ndt - chrono::Duration::seconds(off));
                }
            }
            Instant::from_naive_utc(ndt)
        }
    }
}

/// 00:00 of `date` in UTC+14: the processing instant of a recipient-time-zone
/// cast (R-CA-7).
pub fn rtz_processing_instant(date: Date) -> Instant {
    Instant::from_naive_utc(date.and_time(NaiveTime::MIN)).plus_hours(-14)
}

/// Days since 1970-01-01 (negative before).
pub fn day_number(d: Date) -> i64 {
    i64::from(d.num_days_from_ce()) - 719_163
}

pub fn date_from_day_number(n: i64) -> Date {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or(NaiveDate::MIN);
    if n >= 0 {
        epoch.checked_add_days(Days::new(n as u64)).unwrap_or(NaiveDate::MAX)
    } else {
        epoch.checked_sub_days(Days::new(n.unsigned_abs())).unwrap_or(NaiveDate::MIN)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_instants_with_offsets_and_fractions() {
        let a = parse_instant("2029-03-25T01:00:00+01:00").unwrap();
        assert_eq!(a.log_format(), "2029-03-25T00:00:00Z");
        let b = parse_instant("2027-01-01t00:00:00.25z").unwrap();
        assert_eq!(b.0 % MICROS_PER_SECOND, 250_000);
        assert_eq!(b.plan_format(), "2027-01-01T00:00:00.250000Z");
        assert!(parse_instant("2027-01-01 00:00:00Z").is_err());
        assert!(parse_instant("2027-02-30T00:00:00Z").is_err());
        assert!(parse_instant("2027-01-01T24:00:00Z").is_err());
        assert!(parse_instant("2027-01-01T00:00:00").is_err());
        assert!(parse_instant("").is_err());
        assert!(parse_instant("2027-01-01T00:00:00+0100").is_err());
    }

    #[test]
    fn spring_gap_moves_forward_and_fall_back_takes_earlier() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        let d = parse_date("2029-03-25").unwrap();
        // R-CA-8: 02:15 does not exist; 03:15 CEST = 01:15Z.
        assert_eq!(local_to_instant(berlin, d, 2 * 60 + 15).log_format(), "2029-03-25T01:15:00Z");
        assert_eq!(local_to_instant(berlin, d, 2 * 60).log_format(), "2029-03-25T01:00:00Z");
        // Fall back 2029-10-28: 02:30 happens twice; the earlier is CEST (00:30Z).
        let d = parse_date("2029-10-28").unwrap();
        assert_eq!(local_to_instant(berlin, d, 2 * 60 + 30).log_format(), "2029-10-28T00:30:00Z");
    }

    #[test]
    fn rtz_processing_is_midnight_utc_plus_14() {
        let d = parse_date("2031-02-06").unwrap();
        assert_eq!(rtz_processing_instant(d).log_format(), "2031-02-05T10:00:00Z");
    }

    #[test]
    fn day_numbers_round_trip() {
        for s in ["1970-01-01", "1969-12-31", "2027-01-05", "0001-01-01", "9999-12-31"] {
            let d = parse_date(s).unwrap();
            assert_eq!(date_from_day_number(day_number(d)), d);
        }
        assert_eq!(day_number(parse_date("1970-01-02").unwrap()), 1);
    }
}
