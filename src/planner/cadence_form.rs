//! The cadence editor's form (R-CA-1, R-CA-2, R-CA-4): text fields as the
//! inputs hold them, parsed into the engine's [`Cadence`], and the preview
//! the editor shows beside it: the next casts, the R-CA-3 double-cast
//! warning and the R-CA-10 25-hour rule.

use chrono::Datelike;
use chrono_tz::Tz;
use engine::cadence::{casts_in, check_25_hour_rule, describe, first_cast_is_extra};
use engine::model::{Cadence, MonthlyRule, Nth, Pattern, TimeOfDay, WeekStart, WeekdaySet};
use engine::time::{format_date, parse_date, Date, Instant, Weekday};

use super::summary::format_instant;

/// How often a stream casts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Repeat {
    /// No cadence: a holding stream (R-ST-4).
    None,
    Weekly,
    Monthly,
}

/// Which monthly rule (R-CA-4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MonthlyMode {
    DayOfMonth,
    NthWeekday,
}

/// The form, as its inputs hold it.
#[derive(Clone, Debug, PartialEq)]
pub struct CadenceForm {
    pub repeat: Repeat,
    /// Every N weeks or months.
    pub every: String,
    /// Weekday bits, bit i = i days after Sunday (as [`WeekdaySet`]).
    pub weekdays: u8,
    pub monthly: MonthlyMode,
    pub day_of_month: String,
    pub nth: Nth,
    pub nth_day: Weekday,
    /// `HH:MM`.
    pub time: String,
    /// `YYYY-MM-DD`.
    pub first_cast: String,
    pub recipient_time_zone: bool,
}

/// The weekdays in the order the form lists them, with their names.
pub const WEEKDAYS: [(Weekday, &str, &str); 7] = [
    (Weekday::Mon, "Mon", "Monday"),
    (Weekday::Tue, "Tue", "Tuesday"),
    (Weekday::Wed, "Wed", "Wednesday"),
    (Weekday::Thu, "Thu", "Thursday"),
    (Weekday::Fri, "Fri", "Friday"),
    (Weekday::Sat, "Sat", "Saturday"),
    (Weekday::Sun, "Sun", "Sunday"),
];

/// The "which weekday of the month" choices.
pub const NTHS: [(Nth, &str); 5] = [
    (Nth::First, "first"),
    (Nth::Second, "second"),
    (Nth::Third, "third"),
    (Nth::Fourth, "fourth"),
    (Nth::Last, "last"),
];

pub fn weekday_bit(d: Weekday) -> u8 {
    1 << d.num_days_from_sunday()
}

impl CadenceForm {
    /// The form for a stream's cadence; without one, "none" with a weekly
    /// default ready (Tuesday, 09:00, first cast `today`).
    pub fn from_cadence(c: Option<&Cadence>, today: Date) -> CadenceForm {
        let mut f = CadenceForm {
            repeat: Repeat::None,
            every: "1".into(),
            weekdays: weekday_bit(Weekday::Tue),
            monthly: MonthlyMode::DayOfMonth,
            day_of_month: today.day().to_string(),
            nth: Nth::First,
            nth_day: today.weekday(),
            time: "09:00".into(),
            first_cast: format_date(today),
            recipient_time_zone: false,
        };
        let Some(c) = c else {
            return f;
        };
        f.every = c.every.to_string();
        f.time = c.time.format();
        f.first_cast = format_date(c.first_cast);
        f.recipient_time_zone = c.recipient_time_zone;
        match c.pattern {
            Pattern::Weekly(days) => {
                f.repeat = Repeat::Weekly;
                f.weekdays = days.bits();
            }
            Pattern::Monthly(MonthlyRule::DayOfMonth(d)) => {
                f.repeat = Repeat::Monthly;
                f.monthly = MonthlyMode::DayOfMonth;
                f.day_of_month = d.to_string();
            }
            Pattern::Monthly(MonthlyRule::NthWeekday { n, day }) => {
                f.repeat = Repeat::Monthly;
                f.monthly = MonthlyMode::NthWeekday;
                f.nth = n;
                f.nth_day = day;
            }
        }
        f
    }

    /// The cadence the form describes (`None`: no cadence), or what is
    /// wrong with it, in words for the form.
    pub fn to_cadence(&self) -> Result<Option<Cadence>, String> {
        if self.repeat == Repeat::None {
            return Ok(None);
        }
        let every: u32 = self
            .every
            .trim()
            .parse()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| "\"Every\" must be a whole number, 1 or more (R-CA-1).".to_owned())?;
        let time = TimeOfDay::parse(self.time.trim())
            .map_err(|_| "Choose a time of day, HH:MM on a 24-hour clock (R-CA-1).".to_owned())?;
        let first_cast =
            parse_date(self.first_cast.trim()).map_err(|_| "Choose a first cast date (R-CA-1).".to_owned())?;
        let pattern = match self.repeat {
            Repeat::Weekly => Pattern::Weekly(
                WeekdaySet::from_days(
                    &WeekdaySet::ALL.iter().copied().filter(|d| self.weekdays & weekday_bit(*d) != 0).collect::<Vec<_>>(),
                )
                .ok_or_else(|| "Choose at least one weekday (R-CA-2).".to_owned())?,
            ),
            Repeat::Monthly => Pattern::Monthly(match self.monthly {
                MonthlyMode::DayOfMonth => MonthlyRule::DayOfMonth(
                    self.day_of_month
                        .trim()
                        .parse()
                        .ok()
                        .filter(|d| (1..=31).contains(d))
                        .ok_or_else(|| "The day of the month is 1 to 31 (R-CA-4).".to_owned())?,
                ),
                MonthlyMode::NthWeekday => MonthlyRule::NthWeekday { n: self.nth, day: self.nth_day },
            }),
            Repeat::None => unreachable!("handled above"),
        };
        Ok(Some(Cadence { pattern, every, first_cast, time, recipient_time_zone: self.recipient_time_zone }))
    }
}

/// What the editor shows for a valid cadence.
#[derive(Clone, Debug, PartialEq)]
pub struct Preview {
    /// `cadence::describe`.
    pub summary: String,
    /// The next casts from now (processing instants, in the workspace zone).
    pub casts: Vec<String>,
    /// R-CA-3: the first cast is not a pattern date, so it casts as well.
    pub extra_first_cast: Option<String>,
    /// R-CA-10: the edit would be refused, and why.
    pub too_soon: Option<String>,
}

/// The preview of `c` for a workspace in `tz` starting weeks on
/// `week_start`, at instant `now`, listing `n` casts.
pub fn preview(c: &Cadence, week_start: WeekStart, tz: Tz, now: Instant, n: usize) -> Preview {
    let casts = casts_in(c, week_start, tz, now, Instant::MAX)
        .take(n)
        .map(|(d, at)| {
            if c.recipient_time_zone {
                format!(
                    "{}, {} in each recipient's zone (processed {})",
                    d.format("%a %-d %b %Y"),
                    c.time.format(),
                    format_instant(at, tz)
                )
            } else {
                format_instant(at, tz)
            }
        })
        .collect();
    let extra_first_cast = first_cast_is_extra(c, week_start).then(|| {
        format!(
            "The first cast date, {}, is not one of the chosen days, so it casts as well: \
             members may receive two casts close together (R-CA-3).",
            c.first_cast.format("%a %-d %b %Y")
        )
    });
    let too_soon = check_25_hour_rule(c, now).err();
    Preview { summary: describe(c), casts, extra_first_cast, too_soon }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::time::parse_instant;

    fn today() -> Date {
        parse_date("2027-01-04").unwrap()
    }

    #[test]
    fn no_cadence_reads_as_none_with_weekly_defaults() {
        let f = CadenceForm::from_cadence(None, today());
        assert_eq!(f.repeat, Repeat::None);
        assert_eq!(f.to_cadence(), Ok(None));
        assert_eq!(f.first_cast, "2027-01-04");
        assert_eq!(f.time, "09:00");
    }

    #[test]
    fn a_weekly_form_parses_and_round_trips() {
        let mut f = CadenceForm::from_cadence(None, today());
        f.repeat = Repeat::Weekly;
        f.first_cast = "2027-01-05".into();
        let c = f.to_cadence().unwrap().unwrap();
        assert_eq!(describe(&c), "Every week on Tue · 09:00 · first cast 5 Jan 2027");
        assert_eq!(CadenceForm::from_cadence(Some(&c), today()), f);
    }

    #[test]
    fn a_monthly_form_parses_both_rules() {
        let mut f = CadenceForm::from_cadence(None, today());
        f.repeat = Repeat::Monthly;
        f.every = "2".into();
        f.day_of_month = "31".into();
        let c = f.to_cadence().unwrap().unwrap();
        assert_eq!(describe(&c), "Every 2 months on day 31 (or the month's last day) · 09:00 · first cast 4 Jan 2027");
        f.monthly = MonthlyMode::NthWeekday;
        f.nth = Nth::Last;
        f.nth_day = Weekday::Tue;
        let c = f.to_cadence().unwrap().unwrap();
        assert_eq!(describe(&c), "Every 2 months on the last Tue · 09:00 · first cast 4 Jan 2027");
        assert_eq!(CadenceForm::from_cadence(Some(&c), today()).to_cadence(), Ok(Some(c)));
    }

    #[test]
    fn bad_fields_say_what_is_wrong() {
        let mut f = CadenceForm::from_cadence(None, today());
        f.repeat = Repeat::Weekly;
        f.every = "0".into();
        assert!(f.to_cadence().unwrap_err().contains("Every"));
        f.every = "1".into();
        f.weekdays = 0;
        assert!(f.to_cadence().unwrap_err().contains("weekday"));
        f.weekdays = 1;
        f.time = "25:00".into();
        assert!(f.to_cadence().unwrap_err().contains("time"));
        f.time = "08:30".into();
        f.first_cast = String::new();
        assert!(f.to_cadence().unwrap_err().contains("first cast"));
        f.first_cast = "2027-01-04".into();
        f.repeat = Repeat::Monthly;
        f.day_of_month = "32".into();
        assert!(f.to_cadence().unwrap_err().contains("1 to 31"));
    }

    #[test]
    fn the_preview_lists_casts_and_warns() {
        let mut f = CadenceForm::from_cadence(None, today());
        f.repeat = Repeat::Weekly; // Tuesdays, first cast Monday 4 Jan: R-CA-3.
        let c = f.to_cadence().unwrap().unwrap();
        let now = parse_instant("2027-01-01T00:00:00Z").unwrap();
        let p = preview(&c, WeekStart::Sunday, Tz::UTC, now, 10);
        assert_eq!(p.casts.len(), 10);
        assert_eq!(p.casts[0], "Mon 4 Jan 2027, 09:00");
        assert_eq!(p.casts[1], "Tue 5 Jan 2027, 09:00");
        assert_eq!(p.casts[2], "Tue 12 Jan 2027, 09:00");
        assert!(p.extra_first_cast.unwrap().contains("R-CA-3"));
        assert_eq!(p.too_soon, None);
        // Recipient time zone three days ahead: fine; the same day: R-CA-10.
        f.recipient_time_zone = true;
        let c = f.to_cadence().unwrap().unwrap();
        let p = preview(&c, WeekStart::Sunday, Tz::UTC, now, 2);
        assert_eq!(p.too_soon, None);
        assert_eq!(p.casts[0], "Mon 4 Jan 2027, 09:00 in each recipient's zone (processed Sun 3 Jan 2027, 10:00)");
        let late = parse_instant("2027-01-03T00:00:00Z").unwrap();
        assert!(preview(&c, WeekStart::Sunday, Tz::UTC, late, 2).too_soon.unwrap().contains("R-CA-10"));
    }
}
