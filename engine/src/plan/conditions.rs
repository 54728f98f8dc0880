//! Reading conditions (R-CD): transition rules, program audiences and
//! behaviour multipliers. Nesting is capped at [`MAX_CONDITION_DEPTH`].

use super::path::Path;
use super::read::{kind_of, Reader};
use crate::model::{AttrOp, Condition, ContentId, StreamId};
use serde_json::Value;

/// The deepest a condition may nest (`all`/`any`/`not` levels); deeper is
/// refused, so reading never exhausts the stack.
pub const MAX_CONDITION_DEPTH: usize = 64;

const HEADS: [&str; 12] = [
    "all",
    "any",
    "not",
    "attr",
    "received",
    "opened",
    "clicked",
    "program_member",
    "program_success",
    "exhausted",
    "in_stream",
    "unsubscribed",
];
const OPS: [&str; 6] = ["eq", "ne", "in", "gte", "lte", "contains"];
const CD2: Option<&str> = Some("R-CD-2");

impl<'v> Reader<'v> {
    pub fn condition(&mut self, v: &'v Value, path: &Path) -> Option<Condition> {
        self.condition_at(v, path, 1)
    }

    fn condition_at(&mut self, v: &'v Value, path: &Path, depth: usize) -> Option<Condition> {
        if depth > MAX_CONDITION_DEPTH {
            self.err(path, format!("condition nested deeper than {MAX_CONDITION_DEPTH} levels"));
            return None;
        }
        let Value::Object(o) = v else {
            self.type_err(v, path, "a condition object");
            return None;
        };
        let mut known = true;
        for k in o.keys() {
            if !HEADS.contains(&k.as_str()) && !OPS.contains(&k.as_str()) {
                known = false;
                let expected = format!("{}, or attr with one of {}", HEADS.join(", "), OPS.join(", "));
                self.err(&path.key(k), format!("unknown condition field {k:?} (expected {expected})"));
            }
        }
        let heads: Vec<&str> = o.keys().map(String::as_str).filter(|k| HEADS.contains(k)).collect();
        let ops: Vec<&str> = o.keys().map(String::as_str).filter(|k| OPS.contains(k)).collect();
        let head = match heads.as_slice() {
            [h] => *h,
            [] if let Some(op) = ops.first() => {
                self.err(&path.key("attr"), format!("missing required field (a {op:?} comparison needs attr)"));
                return None;
            }
            [] => {
                if known {
                    self.err(path, format!("empty condition (expected one of {})", HEADS.join(", ")));
                }
                return None;
            }
            [a, b, ..] => {
                self.err(
                    path,
                    format!("a condition has exactly one of {}; this one has {a} and {b}", HEADS.join(", ")),
                );
                return None;
            }
        };
        if head != "attr" {
            if let Some(op) = ops.first() {
                self.err(&path.key(op), format!("{op} goes with attr, not with {head}"));
                return None;
            }
        }
        let p = path.key(head);
        let value = o.get(head)?;
        match head {
            "all" | "any" => {
                let list = self.list(value, &p, |r, x, xp, _| r.condition_at(x, xp, depth + 1));
                if value.as_array().is_some_and(Vec::is_empty) {
                    self.err(&p, format!("an {head} list must not be empty"));
                    return None;
                }
                let list = list?;
                Some(if head == "all" { Condition::All(list) } else { Condition::Any(list) })
            }
            "not" => Some(Condition::Not(Box::new(self.condition_at(value, &p, depth + 1)?))),
            "attr" => self.attr_condition(o, path, value, &ops),
            "received" | "opened" | "clicked" => {
                let id = self.id(value, &p)?;
                self.check_email(id, &p, CD2);
                let id = ContentId::new(id);
                Some(match head {
                    "received" => Condition::Received(id),
                    "opened" => Condition::Opened(id),
                    _ => Condition::Clicked(id),
                })
            }
            "program_member" | "program_success" => {
                let id = self.id(value, &p)?;
                self.check_program(id, &p, CD2);
                let id = ContentId::new(id);
                Some(if head == "program_member" {
                    Condition::ProgramMember(id)
                } else {
                    Condition::ProgramSuccess(id)
                })
            }
            "in_stream" => {
                let id = self.id(value, &p)?;
                self.check_stream(id, None, &p, CD2);
                Some(Condition::InStream(StreamId::new(id)))
            }
            "exhausted" => self.cd_bool(value, &p).map(Condition::Exhausted),
            _ => self.cd_bool(value, &p).map(Condition::Unsubscribed),
        }
    }

    fn cd_bool(&mut self, v: &'v Value, p: &Path) -> Option<bool> {
        match v {
            Value::Bool(b) => Some(*b),
            _ => {
                self.rule_err(p, format!("expected true or false, found {}", kind_of(v)), "R-CD-2");
                None
            }
        }
    }

    fn attr_condition(
        &mut self,
        o: &'v serde_json::Map<String, Value>,
        path: &Path,
        name: &'v Value,
        ops: &[&str],
    ) -> Option<Condition> {
        let name = self.string(name, &path.key("attr"));
        let op = match ops {
            [op] => *op,
            [] => {
                self.err(path, format!("missing comparison (one of {})", OPS.join(", ")));
                return None;
            }
            [a, b, ..] => {
                self.err(path, format!("an attr condition has exactly one comparison; this one has {a} and {b}"));
                return None;
            }
        };
        let p = path.key(op);
        let value = o.get(op)?;
        let wrong = |r: &mut Self, expected: &str| {
            r.rule_err(&p, format!("{op} takes {expected}, not {}", kind_of(value)), "R-CD-2");
        };
        let op = match op {
            "eq" | "ne" => {
                let x = match value {
                    Value::String(_) | Value::Number(_) | Value::Bool(_) => self.attr_value(value, &p),
                    _ => {
                        wrong(self, "a string, number or boolean");
                        None
                    }
                }?;
                if op == "eq" {
                    AttrOp::Eq(x)
                } else {
                    AttrOp::Ne(x)
                }
            }
            "in" => {
                let Value::Array(items) = value else {
                    wrong(self, "a list of strings, numbers or booleans");
                    return None;
                };
                if items.is_empty() {
                    self.err(&p, "an in list must not be empty");
                    return None;
                }
                let mut xs = Vec::with_capacity(items.len());
                let mut ok = true;
                for (i, item) in items.iter().enumerate() {
                    let ip = p.index(i);
                    match item {
                        Value::String(_) | Value::Number(_) | Value::Bool(_) => match self.attr_value(item, &ip) {
                            Some(x) => xs.push(x),
                            None => ok = false,
                        },
                        _ => {
                            ok = false;
                            self.rule_err(
                                &ip,
                                format!("in takes strings, numbers or booleans, not {}", kind_of(item)),
                                "R-CD-2",
                            );
                        }
                    }
                }
                if !ok {
                    return None;
                }
                AttrOp::In(xs)
            }
            "gte" | "lte" => {
                let Some(x) = value.as_f64().filter(|_| value.is_number()) else {
                    wrong(self, "a number");
                    return None;
                };
                if op == "gte" {
                    AttrOp::Gte(x)
                } else {
                    AttrOp::Lte(x)
                }
            }
            _ => {
                let Value::String(s) = value else {
                    wrong(self, "a string");
                    return None;
                };
                AttrOp::Contains(s.clone())
            }
        };
        Some(Condition::Attr { name: name?.to_owned(), op })
    }
}
