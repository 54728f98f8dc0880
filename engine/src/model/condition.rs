//! Conditions (R-CD): transition rules, program audiences and behaviour
//! multipliers share one language.

use super::{ContentId, StreamId};

/// An attribute value: string, number or boolean (plan-format).
#[derive(Clone, Debug, PartialEq)]
pub enum AttrValue {
    Str(String),
    Num(f64),
    Bool(bool),
}

impl AttrValue {
    /// Type-strict equality (R-CD-2): `"5"` differs from `5`, `true` from
    /// `1`; `5` equals `5.0`.
    pub fn strict_eq(&self, other: &AttrValue) -> bool {
        match (self, other) {
            (AttrValue::Str(a), AttrValue::Str(b)) => a == b,
            (AttrValue::Num(a), AttrValue::Num(b)) => a == b,
            (AttrValue::Bool(a), AttrValue::Bool(b)) => a == b,
            _ => false,
        }
    }

    pub fn type_name(&self) -> &'static str {
        match self {
            AttrValue::Str(_) => "string",
            AttrValue::Num(_) => "number",
            AttrValue::Bool(_) => "boolean",
        }
    }
}

/// An attribute comparison (R-CD-2).
#[derive(Clone, Debug, PartialEq)]
pub enum AttrOp {
    Eq(AttrValue),
    Ne(AttrValue),
    /// Non-empty.
    In(Vec<AttrValue>),
    Gte(f64),
    Lte(f64),
    Contains(String),
}

impl AttrOp {
    /// The comparison against a person's value, `None` when they lack the
    /// attribute (R-CD-2: false, except `ne`).
    pub fn holds(&self, value: Option<&AttrValue>) -> bool {
        let Some(v) = value else {
            return matches!(self, AttrOp::Ne(_));
        };
        match self {
            AttrOp::Eq(x) => v.strict_eq(x),
            AttrOp::Ne(x) => !v.strict_eq(x),
            AttrOp::In(xs) => xs.iter().any(|x| v.strict_eq(x)),
            AttrOp::Gte(n) => matches!(v, AttrValue::Num(a) if a >= n),
            AttrOp::Lte(n) => matches!(v, AttrValue::Num(a) if a <= n),
            AttrOp::Contains(s) => matches!(v, AttrValue::Str(a) if a.contains(s.as_str())),
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            AttrOp::Eq(_) => "eq",
            AttrOp::Ne(_) => "ne",
            AttrOp::In(_) => "in",
            AttrOp::Gte(_) => "gte",
            AttrOp::Lte(_) => "lte",
            AttrOp::Contains(_) => "contains",
        }
    }
}

/// R-CD-1.
#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    /// Non-empty.
    All(Vec<Condition>),
    /// Non-empty.
    Any(Vec<Condition>),
    Not(Box<Condition>),
    Attr { name: String, op: AttrOp },
    Received(ContentId),
    Opened(ContentId),
    Clicked(ContentId),
    ProgramMember(ContentId),
    ProgramSuccess(ContentId),
    Exhausted(bool),
    InStream(StreamId),
    Unsubscribed(bool),
}

impl Condition {
    /// True when the condition uses `any` or `not`, which Marketo does not
    /// offer in a rule (R-TR-4).
    pub fn beyond_marketo(&self) -> bool {
        match self {
            Condition::Any(_) | Condition::Not(_) => true,
            Condition::All(cs) => cs.iter().any(Condition::beyond_marketo),
            _ => false,
        }
    }

    /// Calls `f` on this condition and every condition inside it.
    pub fn visit(&self, f: &mut impl FnMut(&Condition)) {
        f(self);
        match self {
            Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| c.visit(f)),
            Condition::Not(c) => c.visit(f),
            _ => {}
        }
    }
}
