//! The what-if page's view logic (pure, tested natively): the instant a
//! scheduled change happens at, and the comparison of two runs as rows
//! people read (signed changes with thousands separators, pages of the
//! people whose next content changes, links to their timelines).

use chrono_tz::Tz;
use engine::diff::{Diff, Next};
use engine::time::{local_to_instant, parse_date, Instant};

use crate::results::record::thousands;

/// How many people a page of the "next content" list shows.
pub const PEOPLE_PER_PAGE: usize = 50;

/// The instant of `date` (`YYYY-MM-DD`) at `time` (`HH:MM`) in the
/// workspace zone, or what is wrong with them.
pub fn schedule_instant(tz: Tz, date: &str, time: &str) -> Result<Instant, String> {
    let date = date.trim();
    if date.is_empty() {
        return Err("Choose the date of the change".to_owned());
    }
    let d = parse_date(date).map_err(|e| format!("The date {date:?} is not a date: {e}"))?;
    let time = time.trim();
    let minutes = if time.is_empty() {
        0
    } else {
        let (h, m) = time.split_once(':').ok_or_else(|| format!("The time {time:?} is not HH:MM"))?;
        let (h, m): (u32, u32) = match (h.parse(), m.get(..2).unwrap_or(m).parse()) {
            (Ok(h), Ok(m)) if h < 24 && m < 60 => (h, m),
            _ => return Err(format!("The time {time:?} is not a time of day (00:00 to 23:59)")),
        };
        h * 60 + m
    };
    Ok(local_to_instant(tz, d, minutes))
}

/// `b - a` with a sign and thousands separators: `+1,200`, `−30`, `0`.
pub fn change(a: u64, b: u64) -> String {
    match b.cmp(&a) {
        std::cmp::Ordering::Greater => format!("+{}", thousands(b - a)),
        std::cmp::Ordering::Less => format!("\u{2212}{}", thousands(a - b)),
        std::cmp::Ordering::Equal => "0".to_owned(),
    }
}

/// One sentence for the comparison's status region.
pub fn summary(d: &Diff) -> String {
    if d.deliveries.is_empty() && d.runs_dry.is_empty() && d.scores.is_empty() && d.next_content.is_empty() {
        return "The two runs are the same: no differences in deliveries, run-dry dates, scores or next content"
            .to_owned();
    }
    let n = |k: usize, one: &str, many: &str| format!("{} {}", thousands(k as u64), if k == 1 { one } else { many });
    format!(
        "{} deliver differently, {} differently, {}, {} different next content",
        n(d.deliveries.len(), "item", "items"),
        n(d.runs_dry.len(), "stream runs dry", "streams run dry"),
        n(d.scores.len(), "score differs", "scores differ"),
        n(d.next_content.len(), "person gets", "people get"),
    )
}

/// Total deliveries of A and of B over the items that differ.
pub fn delivery_totals(d: &Diff) -> (u64, u64) {
    d.deliveries.iter().fold((0, 0), |(a, b), r| (a + r.3, b + r.4))
}

/// How many pages the "next content" list has (at least 1).
pub fn page_count(len: usize) -> usize {
    len.div_ceil(PEOPLE_PER_PAGE).max(1)
}

/// The rows of page `page` (0-based; past the end: the last page).
pub fn page<T>(rows: &[T], page: usize) -> &[T] {
    let page = page.min(page_count(rows.len()) - 1);
    let start = page * PEOPLE_PER_PAGE;
    &rows[start.min(rows.len())..(start + PEOPLE_PER_PAGE).min(rows.len())]
}

/// A person's next content as text: `Welcome (e-welcome) at 2027-01-05T09:00:00Z`
/// with `name` giving the content's name; "nothing" when none.
pub fn next_text(n: &Next, name: impl Fn(&str) -> String) -> String {
    match n {
        Some((at, content)) => format!("{} at {}", name(content), at.replace('T', " ").trim_end_matches('Z')),
        None => "nothing".to_owned(),
    }
}

/// The person timeline's address for `person`.
pub fn person_href(person: &str) -> String {
    let mut out = String::from("/simulation/person?person=");
    for b in person.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_instant_is_read_in_the_workspace_zone() {
        let tz: Tz = "Europe/Paris".parse().unwrap();
        assert_eq!(schedule_instant(tz, "2027-03-02", "09:30").unwrap().log_format(), "2027-03-02T08:30:00Z");
        assert_eq!(schedule_instant(Tz::UTC, "2027-03-02", "").unwrap().log_format(), "2027-03-02T00:00:00Z");
        assert_eq!(schedule_instant(Tz::UTC, "", "09:00").unwrap_err(), "Choose the date of the change");
        assert!(schedule_instant(Tz::UTC, "2027-02-30", "09:00").unwrap_err().contains("2027-02-30"));
        assert!(schedule_instant(Tz::UTC, "2027-03-02", "24:00").unwrap_err().contains("00:00 to 23:59"));
    }

    #[test]
    fn changes_are_signed_with_separators() {
        assert_eq!(change(100, 1_300), "+1,200");
        assert_eq!(change(1_030, 1_000), "\u{2212}30");
        assert_eq!(change(5, 5), "0");
    }

    fn diff_with(people: usize) -> Diff {
        Diff {
            deliveries: vec![("ep".into(), "s".into(), "e1".into(), 1_000, 2_500), ("ep".into(), "s".into(), "e2".into(), 10, 0)],
            runs_dry: vec![],
            scores: vec![("ep".into(), "s".into(), "e1".into(), Some(50), None)],
            next_content: (0..people)
                .map(|i| (format!("p{i}"), Some(("2027-01-05T09:00:00Z".into(), "e1".into())), None))
                .collect(),
        }
    }

    #[test]
    fn the_summary_counts_each_kind_of_difference() {
        assert_eq!(
            summary(&diff_with(1_234)),
            "2 items deliver differently, 0 streams run dry differently, 1 score differs, 1,234 people get different next content"
        );
        assert!(summary(&Diff { deliveries: vec![], runs_dry: vec![], scores: vec![], next_content: vec![] }).contains("the same"));
        assert_eq!(delivery_totals(&diff_with(0)), (1_010, 2_500));
    }

    #[test]
    fn people_are_paged() {
        let d = diff_with(120);
        assert_eq!(page_count(d.next_content.len()), 3);
        assert_eq!(page_count(0), 1);
        assert_eq!(page(&d.next_content, 0).len(), 50);
        assert_eq!(page(&d.next_content, 2).len(), 20);
        assert_eq!(page(&d.next_content, 2)[0].0, "p100");
        assert_eq!(page(&d.next_content, 9)[0].0, "p100", "past the end: the last page");
        assert!(page::<u8>(&[], 0).is_empty());
    }

    #[test]
    fn next_content_and_links_read_well() {
        let n: Next = Some(("2027-01-05T09:00:00Z".into(), "e1".into()));
        assert_eq!(next_text(&n, |c| format!("Welcome ({c})")), "Welcome (e1) at 2027-01-05 09:00:00");
        assert_eq!(next_text(&None, str::to_owned), "nothing");
        assert_eq!(person_href("p 1&x=é"), "/simulation/person?person=p%201%26x%3D%C3%A9");
    }
}
