//! The Settings page's pure logic, tested natively: reading what a person
//! typed into the settings' fields (with the message shown next to the
//! field when it is not acceptable), writing values back as text, the
//! simulation window in the workspace's zone, and conditions in words.
//!
//! Parsers return `Err(message)`: one sentence saying what is expected.

use engine::model::{AttrOp, Condition, Plan, Probabilities};
use engine::time::{local_to_instant, Date, Instant};
use chrono_tz::Tz;

/// A number as a person reads it: no trailing zeros, no exponent for
/// ordinary values (`0.2`, `0.025`, `3`).
pub fn number_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        let s = format!("{x}");
        if s.contains('e') {
            format!("{x:.12}").trim_end_matches('0').trim_end_matches('.').to_owned()
        } else {
            s
        }
    }
}

/// An optional number as text: empty for `None`.
pub fn optional_number_text(x: Option<f64>) -> String {
    x.map(number_text).unwrap_or_default()
}

fn parse_number(text: &str) -> Result<Option<f64>, String> {
    let t = text.trim().replace(',', ".");
    if t.is_empty() {
        return Ok(None);
    }
    let t = t.strip_suffix('%').map(|p| (p.trim(), true)).unwrap_or((t.as_str(), false));
    match t.0.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(Some(if t.1 { x / 100.0 } else { x })),
        _ => Err(format!("{:?} is not a number", text.trim())),
    }
}

/// A probability: empty (not given), or a number from 0 to 1 (`0.25`, or
/// `25%`).
pub fn parse_probability(text: &str) -> Result<Option<f64>, String> {
    match parse_number(text)? {
        Some(p) if !(0.0..=1.0).contains(&p) => {
            Err(format!("A probability is between 0 and 1 (e.g. 0.25 or 25%), not {}", number_text(p)))
        }
        p => Ok(p),
    }
}

/// A multiplier's factor: empty (no change), or a number of at least 0.
pub fn parse_factor(text: &str) -> Result<Option<f64>, String> {
    match parse_number(text)? {
        Some(f) if f < 0.0 => Err(format!("A factor is at least 0 (1 changes nothing), not {}", number_text(f))),
        f => Ok(f),
    }
}

/// A benchmark rate (R-SC-1): a number greater than 0, required.
pub fn parse_benchmark(text: &str) -> Result<f64, String> {
    match parse_number(text)? {
        None => Err("A benchmark rate is required (e.g. 0.2 or 20%)".to_owned()),
        Some(b) if b <= 0.0 => Err(format!("A benchmark rate is greater than 0, not {}", number_text(b))),
        Some(b) => Ok(b),
    }
}

/// A communication limit (R-LIM-1): empty (no limit), or a whole number of
/// at least 1.
pub fn parse_limit(text: &str) -> Result<Option<u32>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<u32>() {
        Ok(0) => Err("A limit is at least 1 (leave it empty for no limit)".to_owned()),
        Ok(n) => Ok(Some(n)),
        Err(_) => Err(format!("{t:?} is not a whole number of at least 1")),
    }
}

/// The behaviour model's seed (R-BH-2): a whole number from 0 to
/// 18446744073709551615.
pub fn parse_seed(text: &str) -> Result<u64, String> {
    let t = text.trim();
    t.parse::<u64>()
        .map_err(|_| format!("The seed is a whole number from 0 to {} (not {t:?})", u64::MAX))
}

/// Reads four probability (or factor) fields into [`Probabilities`].
pub fn parse_probabilities(
    texts: [&str; 4],
    parse: fn(&str) -> Result<Option<f64>, String>,
) -> Result<Probabilities, (usize, String)> {
    let mut out = [None; 4];
    for (i, t) in texts.iter().enumerate() {
        out[i] = parse(t).map_err(|e| (i, e))?;
    }
    Ok(Probabilities { open: out[0], click: out[1], unsubscribe: out[2], success: out[3] })
}

/// The labels of the four reactions, in [`Probabilities`] order.
pub const REACTIONS: [&str; 4] = ["Open", "Click", "Unsubscribe", "Success"];

/// The four values of [`Probabilities`], in [`REACTIONS`] order.
pub fn probability_values(p: &Probabilities) -> [Option<f64>; 4] {
    [p.open, p.click, p.unsubscribe, p.success]
}

/// Sets the `i`th value ([`REACTIONS`] order).
pub fn with_probability(mut p: Probabilities, i: usize, v: Option<f64>) -> Probabilities {
    match i {
        0 => p.open = v,
        1 => p.click = v,
        2 => p.unsubscribe = v,
        _ => p.success = v,
    }
    p
}

/// An instant as the value of an `<input type="datetime-local">` in `tz`
/// (`2025-01-05T09:00`).
pub fn datetime_local_text(at: Instant, tz: Tz) -> String {
    use chrono::TimeZone;
    let ndt = at.to_naive_utc();
    tz.from_utc_datetime(&ndt).format("%Y-%m-%dT%H:%M").to_string()
}

/// The instant of an `<input type="datetime-local">` value read in `tz`
/// (a time in a daylight-saving gap moves forward, as R-CA-8 says).
pub fn parse_datetime_local(text: &str, tz: Tz) -> Result<Instant, String> {
    let t = text.trim();
    let (date, time) = t
        .split_once('T')
        .or_else(|| t.split_once(' '))
        .ok_or_else(|| format!("{t:?} is not a date and time (YYYY-MM-DD HH:MM)"))?;
    let date = Date::parse_from_str(date, "%Y-%m-%d").map_err(|_| format!("{date:?} is not a date (YYYY-MM-DD)"))?;
    let mut parts = time.split(':');
    let h: u32 = parts.next().and_then(|h| h.parse().ok()).filter(|h| *h < 24).ok_or_else(|| format!("{time:?} is not a time (HH:MM)"))?;
    let m: u32 = parts.next().and_then(|m| m.parse().ok()).filter(|m| *m < 60).ok_or_else(|| format!("{time:?} is not a time (HH:MM)"))?;
    Ok(local_to_instant(tz, date, h * 60 + m))
}

/// IANA zone names containing `filter` (case-insensitive; spaces match
/// underscores), at most `limit`, always with `keep` first if given.
pub fn zone_names(filter: &str, keep: Option<Tz>, limit: usize) -> Vec<&'static str> {
    let f = filter.trim().to_lowercase().replace(' ', "_");
    let mut out: Vec<&'static str> = Vec::new();
    if let Some(k) = keep {
        out.push(k.name());
    }
    for tz in chrono_tz::TZ_VARIANTS.iter() {
        if out.len() >= limit {
            break;
        }
        let name = tz.name();
        if Some(*tz) != keep && (f.is_empty() || name.to_lowercase().contains(&f)) {
            out.push(name);
        }
    }
    out
}

/// A condition in words, naming content and streams as the plan does.
pub fn condition_text(c: &Condition, plan: &Plan) -> String {
    let content = |id: &engine::model::ContentId| {
        plan.emails
            .iter()
            .find(|e| &e.id == id)
            .and_then(|e| e.name.clone())
            .or_else(|| plan.programs.iter().find(|p| &p.id == id).and_then(|p| p.name.clone()))
            .unwrap_or_else(|| id.to_string())
    };
    let stream = |id: &engine::model::StreamId| {
        plan.engagement_programs
            .iter()
            .flat_map(|ep| ep.streams.iter())
            .find(|s| &s.id == id)
            .and_then(|s| s.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let list = |cs: &[Condition], word: &str| {
        let parts: Vec<String> = cs.iter().map(|c| condition_text(c, plan)).collect();
        format!("{word} of ({})", parts.join("; "))
    };
    match c {
        Condition::All(cs) => list(cs, "all"),
        Condition::Any(cs) => list(cs, "any"),
        Condition::Not(c) => format!("not ({})", condition_text(c, plan)),
        Condition::Attr { name, op } => {
            let v = |v: &engine::model::AttrValue| match v {
                engine::model::AttrValue::Str(s) => format!("{s:?}"),
                engine::model::AttrValue::Num(n) => number_text(*n),
                engine::model::AttrValue::Bool(b) => b.to_string(),
            };
            match op {
                AttrOp::Eq(x) => format!("{name} is {}", v(x)),
                AttrOp::Ne(x) => format!("{name} is not {}", v(x)),
                AttrOp::In(xs) => format!("{name} is one of {}", xs.iter().map(v).collect::<Vec<_>>().join(", ")),
                AttrOp::Gte(n) => format!("{name} ≥ {}", number_text(*n)),
                AttrOp::Lte(n) => format!("{name} ≤ {}", number_text(*n)),
                AttrOp::Contains(s) => format!("{name} contains {s:?}"),
            }
        }
        Condition::Received(id) => format!("received {}", content(id)),
        Condition::Opened(id) => format!("opened {}", content(id)),
        Condition::Clicked(id) => format!("clicked {}", content(id)),
        Condition::ProgramMember(id) => format!("member of {}", content(id)),
        Condition::ProgramSuccess(id) => format!("success in {}", content(id)),
        Condition::Exhausted(true) => "exhausted".to_owned(),
        Condition::Exhausted(false) => "not exhausted".to_owned(),
        Condition::InStream(id) => format!("in stream {}", stream(id)),
        Condition::Unsubscribed(true) => "unsubscribed".to_owned(),
        Condition::Unsubscribed(false) => "not unsubscribed".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probabilities() {
        assert_eq!(parse_probability(""), Ok(None));
        assert_eq!(parse_probability(" 0.25 "), Ok(Some(0.25)));
        assert_eq!(parse_probability("25%"), Ok(Some(0.25)));
        assert_eq!(parse_probability("0,5"), Ok(Some(0.5)));
        assert_eq!(parse_probability("1"), Ok(Some(1.0)));
        assert!(parse_probability("1.5").unwrap_err().contains("between 0 and 1"));
        assert!(parse_probability("-0.1").is_err());
        assert!(parse_probability("abc").unwrap_err().contains("not a number"));
        assert!(parse_probability("NaN").is_err());
    }

    #[test]
    fn factors_benchmarks_limits_seeds() {
        assert_eq!(parse_factor("2"), Ok(Some(2.0)));
        assert_eq!(parse_factor("0"), Ok(Some(0.0)));
        assert!(parse_factor("-1").is_err());
        assert_eq!(parse_benchmark("0.2"), Ok(0.2));
        assert_eq!(parse_benchmark("2.5%"), Ok(0.025));
        assert!(parse_benchmark("0").unwrap_err().contains("greater than 0"));
        assert!(parse_benchmark("").unwrap_err().contains("required"));
        assert_eq!(parse_limit(""), Ok(None));
        assert_eq!(parse_limit("3"), Ok(Some(3)));
        assert!(parse_limit("0").unwrap_err().contains("at least 1"));
        assert!(parse_limit("2.5").is_err());
        assert_eq!(parse_seed("18446744073709551615"), Ok(u64::MAX));
        assert!(parse_seed("-1").is_err());
        assert!(parse_seed("18446744073709551616").is_err());
    }

    #[test]
    fn four_fields_at_once_name_the_bad_one() {
        let p = parse_probabilities(["0.2", "", "0.01", "5%"], parse_probability).unwrap();
        assert_eq!(p, Probabilities { open: Some(0.2), click: None, unsubscribe: Some(0.01), success: Some(0.05) });
        assert_eq!(parse_probabilities(["0.2", "x", "", ""], parse_probability).unwrap_err().0, 1);
        assert_eq!(with_probability(p, 1, Some(0.5)).click, Some(0.5));
        assert_eq!(probability_values(&p)[2], Some(0.01));
    }

    #[test]
    fn numbers_read_back_as_typed() {
        for (x, s) in [(0.2, "0.2"), (0.025, "0.025"), (3.0, "3"), (0.002, "0.002"), (1e-7, "0.0000001")] {
            assert_eq!(number_text(x), s);
            assert_eq!(parse_number(s).unwrap(), Some(x));
        }
        assert_eq!(optional_number_text(None), "");
    }

    #[test]
    fn datetime_local_round_trips_in_the_workspace_zone() {
        let tz: Tz = "Europe/Berlin".parse().unwrap();
        let at = parse_datetime_local("2025-01-05T09:00", tz).unwrap();
        assert_eq!(at.log_format(), Instant::from_unix_seconds(1_736_064_000).log_format());
        assert_eq!(datetime_local_text(at, tz), "2025-01-05T09:00");
        // Spring forward: 02:30 does not exist on 2025-03-30 in Berlin.
        let gap = parse_datetime_local("2025-03-30T02:30", tz).unwrap();
        assert_eq!(datetime_local_text(gap, tz), "2025-03-30T03:30");
        assert!(parse_datetime_local("2025-13-01T00:00", tz).is_err());
        assert!(parse_datetime_local("2025-01-01T25:00", tz).is_err());
        assert!(parse_datetime_local("soon", tz).is_err());
    }

    #[test]
    fn zones_filter_by_name() {
        let z = zone_names("new york", None, 10);
        assert_eq!(z, ["America/New_York"]);
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        let z = zone_names("paris", Some(berlin), 10);
        assert_eq!(z, ["Europe/Berlin", "Europe/Paris"]);
        assert!(zone_names("", None, 1000).len() > 500);
    }

    #[test]
    fn conditions_in_words() {
        let plan = engine::generate::sample_plan();
        let c = Condition::All(vec![
            Condition::Attr { name: "country".into(), op: AttrOp::Eq(engine::model::AttrValue::Str("FR".into())) },
            Condition::Not(Box::new(Condition::Exhausted(true))),
        ]);
        assert_eq!(condition_text(&c, &plan), "all of (country is \"FR\"; not (exhausted))");
        let email = &plan.emails[0];
        let name = email.name.clone().unwrap_or_else(|| email.id.to_string());
        assert_eq!(condition_text(&Condition::Opened(email.id.clone()), &plan), format!("opened {name}"));
    }
}
