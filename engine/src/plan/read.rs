//! The reader's core: error collection, object fields (unknown, missing,
//! `null`), and the scalar types of the format. A reader that fails records
//! an error and returns `None`; `None` from an optional field may also mean
//! "absent", which is why a plan is returned only when no error at all was
//! recorded (see `plan_from_json`).

use super::error::PlanError;
use super::index::Index;
use super::path::Path;
use crate::model::{AttrValue, TimeOfDay};
use crate::time::{parse_date, parse_instant, parse_time_zone, Date, Instant, Weekday};
use chrono::Datelike;
use chrono_tz::Tz;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

pub(super) type Obj = Map<String, Value>;

pub(super) struct Reader<'v> {
    pub errors: Vec<PlanError>,
    pub index: Index<'v>,
    /// Lists already read by the fast path (`fast.rs`), used instead of
    /// their JSON.
    pub pre: super::fast::PreRead,
}

/// "a string", "an array"…: what a JSON value is, for messages.
pub(super) fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// `"a", "b" or "c"` style list for messages.
pub(super) fn one_of(names: &[&str]) -> String {
    names.join(", ")
}

pub(super) const WEEKDAYS: [(&str, Weekday); 7] = [
    ("sun", Weekday::Sun),
    ("mon", Weekday::Mon),
    ("tue", Weekday::Tue),
    ("wed", Weekday::Wed),
    ("thu", Weekday::Thu),
    ("fri", Weekday::Fri),
    ("sat", Weekday::Sat),
];

pub(super) fn weekday_name(d: Weekday) -> &'static str {
    WEEKDAYS.iter().find(|(_, w)| *w == d).map_or("sun", |(n, _)| n)
}

impl<'v> Reader<'v> {
    pub fn new(index: Index<'v>) -> Reader<'v> {
        Reader { errors: Vec::new(), index, pre: Default::default() }
    }

    pub fn err(&mut self, path: &Path, message: impl Into<String>) {
        self.errors.push(PlanError { path: path.render(), message: message.into(), rule: None });
    }

    pub fn rule_err(&mut self, path: &Path, message: impl Into<String>, rule: &'static str) {
        self.errors.push(PlanError { path: path.render(), message: message.into(), rule: Some(rule) });
    }

    pub fn type_err(&mut self, v: &Value, path: &Path, expected: &str) {
        if v.is_null() {
            self.err(path, format!("expected {expected}, found null"));
        } else {
            self.err(path, format!("expected {expected}, found {}", kind_of(v)));
        }
    }

    /// Reports every key of `o` not in `allowed`.
    pub fn unknown_fields(&mut self, o: &'v Obj, path: &Path, allowed: &[&str]) {
        for k in o.keys() {
            if !allowed.contains(&k.as_str()) {
                self.err(&path.key(k), format!("unknown field {k:?} (expected {})", one_of(allowed)));
            }
        }
    }

    /// `v` as an object with only `allowed` keys (unknown ones reported, the
    /// object still returned so its known fields get checked).
    pub fn object(&mut self, v: &'v Value, path: &Path, allowed: &[&str]) -> Option<&'v Obj> {
        match v {
            Value::Object(o) => {
                self.unknown_fields(o, path, allowed);
                Some(o)
            }
            _ => {
                self.type_err(v, path, "an object");
                None
            }
        }
    }

    /// A required field; `null` is refused.
    pub fn req<T>(
        &mut self,
        o: &'v Obj,
        path: &Path,
        key: &str,
        f: impl FnOnce(&mut Self, &'v Value, &Path) -> Option<T>,
    ) -> Option<T> {
        let p = path.key(key);
        match o.get(key) {
            None => {
                self.err(&p, "missing required field");
                None
            }
            Some(Value::Null) => {
                self.err(&p, "null is not allowed here");
                None
            }
            Some(v) => f(self, v, &p),
        }
    }

    /// An optional field; `null` is refused ("leave the field out").
    pub fn opt<T>(
        &mut self,
        o: &'v Obj,
        path: &Path,
        key: &str,
        f: impl FnOnce(&mut Self, &'v Value, &Path) -> Option<T>,
    ) -> Option<T> {
        let p = path.key(key);
        match o.get(key) {
            None => None,
            Some(Value::Null) => {
                self.err(&p, "null is not allowed here (leave the field out)");
                None
            }
            Some(v) => f(self, v, &p),
        }
    }

    /// An optional field that may be `null`: absent → `None`, `null` →
    /// `Some(None)`.
    pub fn nullable<T>(
        &mut self,
        o: &'v Obj,
        path: &Path,
        key: &str,
        f: impl FnOnce(&mut Self, &'v Value, &Path) -> Option<T>,
    ) -> Option<Option<T>> {
        let p = path.key(key);
        match o.get(key) {
            None => None,
            Some(Value::Null) => Some(None),
            Some(v) => f(self, v, &p).map(Some),
        }
    }

    /// A required field that may be `null`.
    pub fn req_nullable<T>(
        &mut self,
        o: &'v Obj,
        path: &Path,
        key: &str,
        f: impl FnOnce(&mut Self, &'v Value, &Path) -> Option<T>,
    ) -> Option<Option<T>> {
        if !o.contains_key(key) {
            self.err(&path.key(key), "missing required field (null is allowed)");
            return None;
        }
        self.nullable(o, path, key, f)
    }

    /// Every element through `f`; `Some` only when all of them are.
    pub fn list<T>(
        &mut self,
        v: &'v Value,
        path: &Path,
        mut f: impl FnMut(&mut Self, &'v Value, &Path, usize) -> Option<T>,
    ) -> Option<Vec<T>> {
        let items = self.array(v, path)?;
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            match f(self, item, &path.index(i), i) {
                Some(x) => out.push(x),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    pub fn array(&mut self, v: &'v Value, path: &Path) -> Option<&'v Vec<Value>> {
        match v {
            Value::Array(a) => Some(a),
            _ => {
                self.type_err(v, path, "an array");
                None
            }
        }
    }

    pub fn string(&mut self, v: &'v Value, path: &Path) -> Option<&'v str> {
        match v {
            Value::String(s) => Some(s),
            _ => {
                self.type_err(v, path, "a string");
                None
            }
        }
    }

    pub fn owned_string(&mut self, v: &'v Value, path: &Path) -> Option<String> {
        self.string(v, path).map(str::to_owned)
    }

    pub fn boolean(&mut self, v: &'v Value, path: &Path) -> Option<bool> {
        match v {
            Value::Bool(b) => Some(*b),
            _ => {
                self.type_err(v, path, "true or false");
                None
            }
        }
    }

    /// An id: a non-empty string.
    pub fn id(&mut self, v: &'v Value, path: &Path) -> Option<&'v str> {
        let s = self.string(v, path)?;
        if s.is_empty() {
            self.err(path, "an id must not be empty");
            return None;
        }
        Some(s)
    }

    /// An integer in `min..=max`; below `min` cites `rule` when given.
    pub fn integer(
        &mut self,
        v: &'v Value,
        path: &Path,
        min: u64,
        max: u64,
        rule: Option<&'static str>,
    ) -> Option<u64> {
        let Value::Number(n) = v else {
            self.type_err(v, path, "an integer");
            return None;
        };
        let range = if max == u64::MAX {
            format!("an integer ≥ {min}")
        } else if min == 0 {
            format!("an integer from 0 to {max}")
        } else {
            format!("an integer from {min} to {max}")
        };
        let bad = match (n.as_u64(), n.as_i64()) {
            (Some(x), _) if x >= min && x <= max => return Some(x),
            (Some(x), _) => format!("{x} is out of range (expected {range})"),
            (None, Some(x)) => format!("{x} is out of range (expected {range})"),
            (None, None) => format!("expected {range}, found {n}"),
        };
        let below = n.as_u64().map_or(n.as_i64().is_some_and(|x| x < 0), |x| x < min);
        match rule {
            Some(r) if below => self.rule_err(path, bad, r),
            _ => self.err(path, bad),
        }
        None
    }

    /// Any JSON number, as a double.
    pub fn number(&mut self, v: &'v Value, path: &Path) -> Option<f64> {
        match v.as_f64() {
            Some(x) if v.is_number() && x.is_finite() => Some(x),
            _ => {
                self.type_err(v, path, "a number");
                None
            }
        }
    }

    /// A probability or a factor: a finite number ≥ 0.
    pub fn non_negative(&mut self, v: &'v Value, path: &Path) -> Option<f64> {
        let x = self.number(v, path)?;
        if x < 0.0 {
            self.err(path, format!("{x} is negative (expected a number ≥ 0)"));
            return None;
        }
        Some(x)
    }

    /// A benchmark rate: a finite number > 0 (the score divides by it).
    pub fn positive(&mut self, v: &'v Value, path: &Path) -> Option<f64> {
        let x = self.number(v, path)?;
        if x <= 0.0 {
            self.err(path, format!("{x} is not positive (expected a number > 0)"));
            return None;
        }
        Some(x)
    }

    /// An instant; its UTC year must be 0000–9999 so that it saves as it loads.
    pub fn instant(&mut self, v: &'v Value, path: &Path) -> Option<Instant> {
        let s = self.string(v, path)?;
        match parse_instant(s) {
            Ok(t) if (0..=9999).contains(&t.to_naive_utc().year()) => Some(t),
            Ok(_) => {
                self.err(path, format!("instant {s:?} is out of range (years 0000 to 9999 in UTC)"));
                None
            }
            Err(e) => {
                self.err(path, e);
                None
            }
        }
    }

    pub fn date(&mut self, v: &'v Value, path: &Path) -> Option<Date> {
        let s = self.string(v, path)?;
        parse_date(s).map_err(|e| self.err(path, e)).ok()
    }

    pub fn zone(&mut self, v: &'v Value, path: &Path) -> Option<Tz> {
        let s = self.string(v, path)?;
        parse_time_zone(s).map_err(|e| self.err(path, e)).ok()
    }

    pub fn time_of_day(&mut self, v: &'v Value, path: &Path) -> Option<TimeOfDay> {
        let s = self.string(v, path)?;
        TimeOfDay::parse(s).map_err(|e| self.err(path, e)).ok()
    }

    pub fn weekday(&mut self, v: &'v Value, path: &Path) -> Option<Weekday> {
        let s = self.string(v, path)?;
        match WEEKDAYS.iter().find(|(n, _)| *n == s) {
            Some((_, d)) => Some(*d),
            None => {
                self.err(path, format!("unknown weekday {s:?} (expected sun, mon, tue, wed, thu, fri, sat)"));
                None
            }
        }
    }

    /// One of `words` exactly; `what` names the field in the message.
    pub fn word(&mut self, v: &'v Value, path: &Path, what: &str, words: &[&str]) -> Option<&'v str> {
        let s = self.string(v, path)?;
        if words.contains(&s) {
            return Some(s);
        }
        let expected = match words {
            [a, b] => format!("{a} or {b}"),
            _ => one_of(words),
        };
        self.err(path, format!("unknown {what} {s:?} (expected {expected})"));
        None
    }

    /// A person attribute or an `eq`/`ne`/`in` operand.
    pub fn attr_value(&mut self, v: &'v Value, path: &Path) -> Option<AttrValue> {
        match v {
            Value::String(s) => Some(AttrValue::Str(s.clone())),
            Value::Bool(b) => Some(AttrValue::Bool(*b)),
            Value::Number(_) => self.number(v, path).map(AttrValue::Num),
            _ => {
                self.type_err(v, path, "a string, number or boolean");
                None
            }
        }
    }

    /// `attributes`: an object of string, number or boolean values.
    pub fn attributes(&mut self, v: &'v Value, path: &Path) -> Option<BTreeMap<String, AttrValue>> {
        let Value::Object(o) = v else {
            self.type_err(v, path, "an object");
            return None;
        };
        let mut out = BTreeMap::new();
        let mut ok = true;
        for (k, x) in o {
            match self.attr_value(x, &path.key(k)) {
                Some(a) => {
                    out.insert(k.clone(), a);
                }
                None => ok = false,
            }
        }
        ok.then_some(out)
    }
}
