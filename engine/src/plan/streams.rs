//! Reading engagement programs, streams, cadences and content items.

use super::index::ContentDef;
use super::path::Path;
use super::read::Reader;
use super::validate::{MAX_ACTIVE_PROGRAMS, MAX_STREAMS};
use crate::model::{
    Cadence, ContentId, ContentItem, ContentRef, EngagementProgram, EpId, MonthlyRule, Nth, Pattern, Stream, StreamId,
    WeekdaySet,
};
use crate::time::format_date;
use serde_json::Value;
use std::collections::HashMap;

const EP_FIELDS: [&str; 4] = ["id", "name", "active", "streams"];
const STREAM_FIELDS: [&str; 5] = ["id", "name", "cadence", "content", "transition_rules"];
pub(super) const CADENCE_FIELDS: [&str; 8] =
    ["repeats", "every", "days", "day_of_month", "nth_weekday", "time", "first_cast", "recipient_time_zone"];
pub(super) const ITEM_FIELDS: [&str; 6] =
    ["email", "program", "active", "archived", "available_from", "available_through"];

impl<'v> Reader<'v> {
    /// `engagement_programs`, with R-EP-1 on the plan's own `active` flags.
    pub fn engagement_programs(&mut self, v: &'v Value, path: &Path) -> Option<Vec<EngagementProgram>> {
        let mut active = 0usize;
        self.list(v, path, |r, x, p, i| {
            let ep = r.engagement_program(x, p, i);
            if x.get("active") == Some(&Value::Bool(true)) {
                active += 1;
                if active == MAX_ACTIVE_PROGRAMS + 1 {
                    r.rule_err(
                        p,
                        format!(
                            "more than {MAX_ACTIVE_PROGRAMS} active engagement programs: this is the {active}st active one"
                        ),
                        "R-EP-1",
                    );
                }
            }
            ep
        })
    }

    fn engagement_program(&mut self, v: &'v Value, path: &Path, i: usize) -> Option<EngagementProgram> {
        let o = self.object(v, path, &EP_FIELDS)?;
        let id = self.req(o, path, "id", Self::id);
        if let Some(id) = id {
            let p = path.key("id");
            match self.index.eps.get(id) {
                Some(def) if def.index != i => {
                    self.err(&p, format!("id {id:?} is already used by engagement_programs[{}]", def.index))
                }
                _ => {}
            }
            if let Some(ContentDef::Program { index }) = self.index.content.get(id).copied() {
                self.err(
                    &p,
                    format!("id {id:?} is already used by programs[{index}] (engagement-program ids differ from program ids)"),
                );
            }
        }
        let name = self.opt(o, path, "name", Self::owned_string);
        let active = self.opt(o, path, "active", Self::boolean).unwrap_or(false);
        let streams = self.req(o, path, "streams", |r, x, p| {
            if let Some(a) = x.as_array() {
                if a.is_empty() || a.len() > MAX_STREAMS {
                    r.rule_err(
                        p,
                        format!("an engagement program has 1 to {MAX_STREAMS} streams; this one has {}", a.len()),
                        "R-EP-3",
                    );
                }
            }
            r.list(x, p, |r, s, sp, j| r.stream(s, sp, i, j))
        });
        Some(EngagementProgram { id: EpId::new(id?), name, active, streams: streams? })
    }

    fn stream(&mut self, v: &'v Value, path: &Path, ep_index: usize, j: usize) -> Option<Stream> {
        let o = self.object(v, path, &STREAM_FIELDS)?;
        let id = self.req(o, path, "id", Self::id);
        if let Some(id) = id {
            if let Some(def) = self.index.streams.get(id).copied() {
                if (def.ep_index, def.index) != (ep_index, j) {
                    self.rule_err(
                        &path.key("id"),
                        format!(
                            "stream id {id:?} is already used by engagement_programs[{}].streams[{}]",
                            def.ep_index, def.index
                        ),
                        "R-ST-1",
                    );
                }
            }
        }
        let name = self.opt(o, path, "name", Self::owned_string);
        let cadence = self.nullable(o, path, "cadence", Self::cadence);
        let content = self.opt(o, path, "content", |r, x, p| {
            let mut seen: HashMap<&'v str, usize> = HashMap::new();
            r.list(x, p, |r, item, ip, k| {
                let read = r.content_item(item, ip, None);
                let raw = item.get("email").or_else(|| item.get("program")).and_then(Value::as_str);
                if let Some(cid) = raw {
                    if let Some(first) = seen.get(cid) {
                        r.rule_err(
                            ip,
                            format!("{cid:?} is already in this stream at content[{first}]; content stands at most once in a stream"),
                            "R-CO-6",
                        );
                    } else {
                        seen.insert(cid, k);
                    }
                }
                read
            })
        });
        let rules = self.opt(o, path, "transition_rules", |r, x, p| r.list(x, p, |r, c, cp, _| r.condition(c, cp)));
        Some(Stream {
            id: StreamId::new(id?),
            name,
            cadence: cadence.flatten(),
            content: content.unwrap_or_default(),
            transition_rules: rules.unwrap_or_default(),
        })
    }

    /// A content item (in a stream, or an `add_content` event's `content`).
    /// R-CO-1 and R-CO-2 are cited at `rule_path` (the event) when given,
    /// else at the item.
    pub fn content_item(&mut self, v: &'v Value, path: &Path, rule_path: Option<&Path>) -> Option<ContentItem> {
        let o = self.object(v, path, &ITEM_FIELDS)?;
        let active = self.opt(o, path, "active", Self::boolean);
        let archived = self.opt(o, path, "archived", Self::boolean);
        let content = match (o.contains_key("email"), o.contains_key("program")) {
            (true, true) => {
                self.err(path, "a content item names exactly one of email and program; this one names both");
                None
            }
            (false, false) => {
                self.err(path, "a content item needs an email or a program field");
                None
            }
            (true, false) => {
                let id = self.req(o, path, "email", Self::id);
                if let Some(id) = id {
                    self.check_email(id, &path.key("email"), None);
                    self.check_email_as_content(id, active == Some(true), rule_path.unwrap_or(path));
                }
                id.map(|id| ContentRef::Email(ContentId::new(id)))
            }
            (false, true) => {
                let id = self.req(o, path, "program", Self::id);
                if let Some(id) = id {
                    self.check_program(id, &path.key("program"), None);
                }
                id.map(|id| ContentRef::Program(ContentId::new(id)))
            }
        };
        let from = self.nullable(o, path, "available_from", Self::date).flatten();
        let through = self.nullable(o, path, "available_through", Self::date).flatten();
        if let (Some(f), Some(t)) = (from, through) {
            if t < f {
                self.err(
                    &path.key("available_through"),
                    format!("available_through {} is before available_from {}", format_date(t), format_date(f)),
                );
            }
        }
        Some(ContentItem {
            content: content?,
            active: active.unwrap_or(false),
            archived: archived.unwrap_or(false),
            available_from: from,
            available_through: through,
        })
    }

    pub fn cadence(&mut self, v: &'v Value, path: &Path) -> Option<Cadence> {
        let o = self.object(v, path, &CADENCE_FIELDS)?;
        let repeats = self.req(o, path, "repeats", |r, x, p| r.word(x, p, "repeats", &["weekly", "monthly"]));
        let every = self.req(o, path, "every", |r, x, p| r.integer(x, p, 1, u64::from(u32::MAX), Some("R-CA-1")));
        let first_cast = self.req(o, path, "first_cast", Self::date);
        let time = self.req(o, path, "time", Self::time_of_day);
        let rtz = self.opt(o, path, "recipient_time_zone", Self::boolean).unwrap_or(false);
        let pattern = match repeats {
            Some("weekly") => {
                for key in ["day_of_month", "nth_weekday"] {
                    if o.contains_key(key) {
                        self.err(&path.key(key), "only a monthly cadence has this field");
                    }
                }
                self.req(o, path, "days", Self::weekdays).map(Pattern::Weekly)
            }
            Some(_) => {
                if o.contains_key("days") {
                    self.err(&path.key("days"), "only a weekly cadence has this field");
                }
                match (o.contains_key("day_of_month"), o.contains_key("nth_weekday")) {
                    (true, true) => {
                        self.err(
                            path,
                            "a monthly cadence has exactly one of day_of_month and nth_weekday; this one has both",
                        );
                        self.opt(o, path, "day_of_month", Self::day_of_month);
                        self.opt(o, path, "nth_weekday", Self::nth_weekday);
                        None
                    }
                    (false, false) => {
                        self.err(path, "a monthly cadence needs day_of_month or nth_weekday");
                        None
                    }
                    (true, false) => self.opt(o, path, "day_of_month", Self::day_of_month),
                    (false, true) => self.opt(o, path, "nth_weekday", Self::nth_weekday),
                }
                .map(Pattern::Monthly)
            }
            None => {
                // Still check what can be checked.
                self.opt(o, path, "days", Self::weekdays);
                self.opt(o, path, "day_of_month", Self::day_of_month);
                self.opt(o, path, "nth_weekday", Self::nth_weekday);
                None
            }
        };
        Some(Cadence {
            pattern: pattern?,
            every: u32::try_from(every?).ok()?,
            first_cast: first_cast?,
            time: time?,
            recipient_time_zone: rtz,
        })
    }

    fn weekdays(&mut self, v: &'v Value, path: &Path) -> Option<WeekdaySet> {
        let items = self.array(v, path)?;
        if items.is_empty() {
            self.rule_err(path, "a weekly cadence needs at least one weekday", "R-CA-2");
            return None;
        }
        let mut days = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, x) in items.iter().enumerate() {
            let p = path.index(i);
            match self.weekday(x, &p) {
                Some(d) if days.contains(&d) => {
                    ok = false;
                    self.err(&p, format!("weekday {:?} is listed twice", super::read::weekday_name(d)));
                }
                Some(d) => days.push(d),
                None => ok = false,
            }
        }
        if !ok {
            return None;
        }
        WeekdaySet::from_days(&days)
    }

    fn day_of_month(&mut self, v: &'v Value, path: &Path) -> Option<MonthlyRule> {
        let d = self.integer(v, path, 1, 31, Some("R-CA-4"))?;
        Some(MonthlyRule::DayOfMonth(u8::try_from(d).ok()?))
    }

    fn nth_weekday(&mut self, v: &'v Value, path: &Path) -> Option<MonthlyRule> {
        let o = self.object(v, path, &["n", "day"])?;
        let n = self.req(o, path, "n", |r, x, p| {
            if x.as_str() == Some("last") {
                return Some(Nth::Last);
            }
            match x.as_u64() {
                Some(1) => Some(Nth::First),
                Some(2) => Some(Nth::Second),
                Some(3) => Some(Nth::Third),
                Some(4) => Some(Nth::Fourth),
                _ => {
                    r.rule_err(p, format!("expected 1, 2, 3, 4 or \"last\", found {x}"), "R-CA-4");
                    None
                }
            }
        });
        let day = self.req(o, path, "day", Self::weekday);
        Some(MonthlyRule::NthWeekday { n: n?, day: day? })
    }
}
