//! The calendar's views and ranges, the month grid, keyboard moves in the
//! grid (the WAI-ARIA grid pattern) and the words for days.

use chrono::{Datelike, Days, Months};
use engine::model::WeekStart;
use engine::time::Date;

/// The three ways to look at the casts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Month,
    Week,
    Agenda,
}

impl View {
    pub const ALL: [View; 3] = [View::Month, View::Week, View::Agenda];

    /// The name kept in the preferences.
    pub fn as_str(self) -> &'static str {
        match self {
            View::Month => "month",
            View::Week => "week",
            View::Agenda => "agenda",
        }
    }

    /// The preference's view; anything else is the month view.
    pub fn parse(s: Option<&str>) -> View {
        View::ALL.into_iter().find(|v| Some(v.as_str()) == s).unwrap_or(View::Month)
    }

    pub fn label(self) -> &'static str {
        match self {
            View::Month => "Month",
            View::Week => "Week",
            View::Agenda => "Agenda",
        }
    }

    /// The dates shown around `anchor` (inclusive): the month grid's whole
    /// weeks, the week holding it, or (agenda) its calendar month.
    pub fn range(self, anchor: Date, week_start: WeekStart) -> (Date, Date) {
        match self {
            View::Month => {
                let (first, last) = month_bounds(anchor);
                (week_first_day(first, week_start), shift_days(week_first_day(last, week_start), 6))
            }
            View::Week => {
                let first = week_first_day(anchor, week_start);
                (first, shift_days(first, 6))
            }
            View::Agenda => month_bounds(anchor),
        }
    }

    /// The anchor one step back (`-1`) or forward (`1`): a month (the day
    /// clamped to the month's length) or a week.
    pub fn step(self, anchor: Date, direction: i32) -> Date {
        match self {
            View::Week => shift_days(anchor, 7 * i64::from(direction)),
            View::Month | View::Agenda => shift_months(anchor, direction),
        }
    }

    /// What prev/next step over, for the buttons' names.
    pub fn unit(self) -> &'static str {
        match self {
            View::Week => "week",
            View::Month | View::Agenda => "month",
        }
    }
}

/// The first and last day of `d`'s month.
pub fn month_bounds(d: Date) -> (Date, Date) {
    let first = d.with_day(1).unwrap_or(d);
    let last = shift_months(first, 1).pred_opt().unwrap_or(d);
    (first, last)
}

/// The first day of the week holding `d` (R-WS-1).
pub fn week_first_day(d: Date, week_start: WeekStart) -> Date {
    let back = match week_start {
        WeekStart::Sunday => d.weekday().num_days_from_sunday(),
        WeekStart::Monday => d.weekday().num_days_from_monday(),
    };
    d.checked_sub_days(Days::new(u64::from(back))).unwrap_or(d)
}

fn shift_days(d: Date, n: i64) -> Date {
    let r = if n >= 0 { d.checked_add_days(Days::new(n as u64)) } else { d.checked_sub_days(Days::new(n.unsigned_abs())) };
    r.unwrap_or(d)
}

fn shift_months(d: Date, n: i32) -> Date {
    let r = if n >= 0 {
        d.checked_add_months(Months::new(n as u32))
    } else {
        d.checked_sub_months(Months::new(n.unsigned_abs()))
    };
    r.unwrap_or(d)
}

/// The weeks of the month grid of `anchor`'s month: 4 to 6 rows of 7 days.
pub fn month_weeks(anchor: Date, week_start: WeekStart) -> Vec<[Date; 7]> {
    let (first, last) = View::Month.range(anchor, week_start);
    let mut weeks = Vec::new();
    let mut d = first;
    while d <= last {
        weeks.push(std::array::from_fn(|i| shift_days(d, i as i64)));
        d = shift_days(d, 7);
    }
    weeks
}

/// The seven days of the week holding `anchor`.
pub fn week_days(anchor: Date, week_start: WeekStart) -> [Date; 7] {
    let first = week_first_day(anchor, week_start);
    std::array::from_fn(|i| shift_days(first, i as i64))
}

/// A key of the grid's keyboard interaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GridKey {
    Left,
    Right,
    Up,
    Down,
    Home,
    End,
    PageUp,
    PageDown,
}

impl GridKey {
    /// The key of a `KeyboardEvent.key`, if the grid handles it.
    pub fn of(key: &str) -> Option<GridKey> {
        Some(match key {
            "ArrowLeft" => GridKey::Left,
            "ArrowRight" => GridKey::Right,
            "ArrowUp" => GridKey::Up,
            "ArrowDown" => GridKey::Down,
            "Home" => GridKey::Home,
            "End" => GridKey::End,
            "PageUp" => GridKey::PageUp,
            "PageDown" => GridKey::PageDown,
            _ => return None,
        })
    }
}

/// Where focus goes from `d`: a day left/right, a week up/down, the first
/// or last day of the week (Home/End), a month back/forward (PageUp/
/// PageDown, the day clamped to the month's length), as in the WAI-ARIA
/// date grid pattern.
pub fn move_focus(d: Date, key: GridKey, week_start: WeekStart) -> Date {
    match key {
        GridKey::Left => shift_days(d, -1),
        GridKey::Right => shift_days(d, 1),
        GridKey::Up => shift_days(d, -7),
        GridKey::Down => shift_days(d, 7),
        GridKey::Home => week_first_day(d, week_start),
        GridKey::End => shift_days(week_first_day(d, week_start), 6),
        GridKey::PageUp => shift_months(d, -1),
        GridKey::PageDown => shift_months(d, 1),
    }
}

const WEEKDAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTHS: [&str; 12] = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
];

pub fn weekday_name(d: Date) -> &'static str {
    WEEKDAYS[d.weekday().num_days_from_monday() as usize]
}

/// The column headers' short names, from the week's first day.
pub fn weekday_headers(week_start: WeekStart) -> [(&'static str, &'static str); 7] {
    let shift = match week_start {
        WeekStart::Monday => 0,
        WeekStart::Sunday => 6,
    };
    std::array::from_fn(|i| {
        let name = WEEKDAYS[(i + shift) % 7];
        (name, &name[..3])
    })
}

/// `Tuesday 3 March 2026`.
pub fn long_date(d: Date) -> String {
    format!("{} {} {} {}", weekday_name(d), d.day(), MONTHS[d.month0() as usize], d.year())
}

/// `March 2026`.
pub fn month_title(d: Date) -> String {
    format!("{} {}", MONTHS[d.month0() as usize], d.year())
}

/// `Week of 1 March 2026` (the week's first day).
pub fn week_title(d: Date, week_start: WeekStart) -> String {
    let first = week_first_day(d, week_start);
    format!("Week of {} {} {}", first.day(), MONTHS[first.month0() as usize], first.year())
}

/// A grid cell's accessible name: `Tuesday 3 March 2026, 2 casts`, and
/// `, 1 warning` when the day warns.
pub fn day_label(d: Date, casts: usize, warnings: usize) -> String {
    let count = match casts {
        0 => "no casts".to_owned(),
        1 => "1 cast".to_owned(),
        n => format!("{n} casts"),
    };
    let warned = match warnings {
        0 => String::new(),
        1 => ", 1 warning".to_owned(),
        n => format!(", {n} warnings"),
    };
    format!("{}, {count}{warned}", long_date(d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::time::parse_date;

    fn d(s: &str) -> Date {
        parse_date(s).unwrap()
    }

    #[test]
    fn the_month_grid_holds_whole_weeks_from_the_week_start() {
        // March 2026 starts on a Sunday and ends on a Tuesday.
        let sunday = month_weeks(d("2026-03-17"), WeekStart::Sunday);
        assert_eq!(sunday.len(), 5);
        assert_eq!(sunday[0][0], d("2026-03-01"));
        assert_eq!(sunday[4][6], d("2026-04-04"));
        let monday = month_weeks(d("2026-03-17"), WeekStart::Monday);
        assert_eq!(monday.len(), 6);
        assert_eq!(monday[0][0], d("2026-02-23"));
        assert_eq!(monday[5][6], d("2026-04-05"));
        assert_eq!(View::Agenda.range(d("2026-02-10"), WeekStart::Monday), (d("2026-02-01"), d("2026-02-28")));
        assert_eq!(View::Week.range(d("2026-03-04"), WeekStart::Sunday), (d("2026-03-01"), d("2026-03-07")));
        assert_eq!(week_days(d("2026-03-04"), WeekStart::Monday)[0], d("2026-03-02"));
    }

    #[test]
    fn keys_move_by_day_week_and_month() {
        let ws = WeekStart::Sunday;
        let t = d("2026-03-03"); // a Tuesday
        assert_eq!(move_focus(t, GridKey::Left, ws), d("2026-03-02"));
        assert_eq!(move_focus(t, GridKey::Right, ws), d("2026-03-04"));
        assert_eq!(move_focus(t, GridKey::Up, ws), d("2026-02-24"));
        assert_eq!(move_focus(t, GridKey::Down, ws), d("2026-03-10"));
        assert_eq!(move_focus(t, GridKey::Home, ws), d("2026-03-01"));
        assert_eq!(move_focus(t, GridKey::End, ws), d("2026-03-07"));
        assert_eq!(move_focus(t, GridKey::Home, WeekStart::Monday), d("2026-03-02"));
        assert_eq!(move_focus(t, GridKey::PageDown, ws), d("2026-04-03"));
        assert_eq!(move_focus(d("2026-01-31"), GridKey::PageDown, ws), d("2026-02-28"));
        assert_eq!(move_focus(d("2026-03-31"), GridKey::PageUp, ws), d("2026-02-28"));
        assert_eq!(GridKey::of("PageDown"), Some(GridKey::PageDown));
        assert_eq!(GridKey::of("Enter"), None);
        assert_eq!(View::Week.step(t, -1), d("2026-02-24"));
        assert_eq!(View::Month.step(d("2026-01-31"), 1), d("2026-02-28"));
    }

    #[test]
    fn days_are_named_in_words() {
        assert_eq!(day_label(d("2026-03-03"), 2, 0), "Tuesday 3 March 2026, 2 casts");
        assert_eq!(day_label(d("2026-03-03"), 1, 1), "Tuesday 3 March 2026, 1 cast, 1 warning");
        assert_eq!(day_label(d("2026-03-03"), 0, 0), "Tuesday 3 March 2026, no casts");
        assert_eq!(day_label(d("2026-03-03"), 3, 2), "Tuesday 3 March 2026, 3 casts, 2 warnings");
        assert_eq!(month_title(d("2026-03-03")), "March 2026");
        assert_eq!(week_title(d("2026-03-03"), WeekStart::Monday), "Week of 2 March 2026");
        assert_eq!(weekday_headers(WeekStart::Sunday)[0], ("Sunday", "Sun"));
        assert_eq!(weekday_headers(WeekStart::Monday)[6], ("Sunday", "Sun"));
        assert_eq!(View::parse(Some("agenda")), View::Agenda);
        assert_eq!(View::parse(Some("year")), View::Month);
        assert_eq!(View::parse(None), View::Month);
    }
}
