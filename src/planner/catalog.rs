//! The audience's attributes, typed by the values people have (R-CD-2), so
//! the condition builder offers the comparisons that can hold: a number
//! attribute `gte`/`lte`/`eq`/`ne`/`in` with a number input, a text
//! attribute `eq`/`ne`/`in`/`contains` with its known values, a yes/no
//! attribute `eq` true/false.

use std::collections::{BTreeMap, BTreeSet};

use engine::model::{AttrOp, AttrValue, Person};

/// An attribute's type, by the values the audience holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AttrType {
    Number,
    Text,
    YesNo,
}

impl AttrType {
    pub fn of(v: &AttrValue) -> AttrType {
        match v {
            AttrValue::Num(_) => AttrType::Number,
            AttrValue::Str(_) => AttrType::Text,
            AttrValue::Bool(_) => AttrType::YesNo,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AttrType::Number => "number",
            AttrType::Text => "text",
            AttrType::YesNo => "yes/no",
        }
    }

    /// The comparisons that can hold for this type (R-CD-2).
    pub fn ops(self) -> &'static [OpKind] {
        match self {
            AttrType::Number => &[OpKind::Gte, OpKind::Lte, OpKind::Eq, OpKind::Ne, OpKind::In],
            AttrType::Text => &[OpKind::Eq, OpKind::Ne, OpKind::In, OpKind::Contains],
            AttrType::YesNo => &[OpKind::Eq, OpKind::Ne],
        }
    }
}

/// One attribute of the audience.
#[derive(Clone, Debug, PartialEq)]
pub struct AttrInfo {
    pub name: String,
    /// The type most people's values have.
    pub kind: AttrType,
    /// For text: up to [`MAX_VALUES`] distinct values, sorted, as
    /// suggestions.
    pub values: Vec<String>,
}

/// How many text values an attribute suggests.
pub const MAX_VALUES: usize = 50;

/// The attributes of the first `limit` people (a million people need not
/// all be read to learn an attribute's type), sorted by name.
pub fn attribute_catalog(people: &[Person], limit: usize) -> Vec<AttrInfo> {
    let mut types: BTreeMap<&str, BTreeMap<AttrType, usize>> = BTreeMap::new();
    let mut values: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for p in people.iter().take(limit) {
        for (name, v) in &p.attributes {
            *types.entry(name).or_default().entry(AttrType::of(v)).or_default() += 1;
            if let AttrValue::Str(s) = v {
                let set = values.entry(name).or_default();
                if set.len() < MAX_VALUES {
                    set.insert(s);
                }
            }
        }
    }
    types
        .into_iter()
        .map(|(name, counts)| {
            let kind = counts
                .iter()
                .max_by_key(|(t, n)| (**n, std::cmp::Reverse(**t)))
                .map(|(t, _)| *t)
                .unwrap_or(AttrType::Text);
            AttrInfo {
                name: name.to_owned(),
                kind,
                values: values.get(name).map(|s| s.iter().map(|v| (*v).to_owned()).collect()).unwrap_or_default(),
            }
        })
        .collect()
}

/// The comparison operators (R-CD-1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OpKind {
    Eq,
    Ne,
    In,
    Gte,
    Lte,
    Contains,
}

impl OpKind {
    pub const ALL: [OpKind; 6] = [OpKind::Eq, OpKind::Ne, OpKind::In, OpKind::Gte, OpKind::Lte, OpKind::Contains];

    /// The plan's word (`eq`, `gte` …), used as the option value.
    pub fn key(self) -> &'static str {
        match self {
            OpKind::Eq => "eq",
            OpKind::Ne => "ne",
            OpKind::In => "in",
            OpKind::Gte => "gte",
            OpKind::Lte => "lte",
            OpKind::Contains => "contains",
        }
    }

    pub fn from_key(key: &str) -> Option<OpKind> {
        OpKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// For people: "is at least", "is one of" …
    pub fn label(self) -> &'static str {
        match self {
            OpKind::Eq => "is",
            OpKind::Ne => "is not",
            OpKind::In => "is one of",
            OpKind::Gte => "is at least",
            OpKind::Lte => "is at most",
            OpKind::Contains => "contains",
        }
    }

    pub fn of(op: &AttrOp) -> OpKind {
        match op {
            AttrOp::Eq(_) => OpKind::Eq,
            AttrOp::Ne(_) => OpKind::Ne,
            AttrOp::In(_) => OpKind::In,
            AttrOp::Gte(_) => OpKind::Gte,
            AttrOp::Lte(_) => OpKind::Lte,
            AttrOp::Contains(_) => OpKind::Contains,
        }
    }
}

/// A value as the builder's input shows it (`in` lists are comma-separated).
pub fn value_text(v: &AttrValue) -> String {
    match v {
        AttrValue::Str(s) => s.clone(),
        AttrValue::Num(n) => format_number(*n),
        AttrValue::Bool(b) => if *b { "true" } else { "false" }.to_owned(),
    }
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// The operand text of a comparison.
pub fn op_text(op: &AttrOp) -> String {
    match op {
        AttrOp::Eq(v) | AttrOp::Ne(v) => value_text(v),
        AttrOp::In(vs) => vs.iter().map(value_text).collect::<Vec<_>>().join(", "),
        AttrOp::Gte(n) | AttrOp::Lte(n) => format_number(*n),
        AttrOp::Contains(s) => s.clone(),
    }
}

fn parse_value(kind: AttrType, text: &str) -> Result<AttrValue, String> {
    match kind {
        AttrType::Text => Ok(AttrValue::Str(text.to_owned())),
        AttrType::Number => parse_number(text).map(AttrValue::Num),
        AttrType::YesNo => match text.trim() {
            "true" | "yes" => Ok(AttrValue::Bool(true)),
            "false" | "no" => Ok(AttrValue::Bool(false)),
            other => Err(format!("{other:?} is not yes or no")),
        },
    }
}

fn parse_number(text: &str) -> Result<f64, String> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
        .ok_or_else(|| format!("{:?} is not a number", text.trim()))
}

/// The comparison the builder's fields describe: operator `op` with operand
/// `text`, typed as `kind` (R-CD-2: `gte`/`lte` take a number, `contains`
/// text).
pub fn parse_op(kind: AttrType, op: OpKind, text: &str) -> Result<AttrOp, String> {
    Ok(match op {
        OpKind::Eq => AttrOp::Eq(parse_value(kind, text)?),
        OpKind::Ne => AttrOp::Ne(parse_value(kind, text)?),
        OpKind::In => {
            let items: Vec<&str> = text.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
            if items.is_empty() {
                return Err("List at least one value, separated by commas".to_owned());
            }
            AttrOp::In(items.into_iter().map(|s| parse_value(kind, s)).collect::<Result<_, _>>()?)
        }
        OpKind::Gte => AttrOp::Gte(parse_number(text)?),
        OpKind::Lte => AttrOp::Lte(parse_number(text)?),
        OpKind::Contains => AttrOp::Contains(text.to_owned()),
    })
}

/// The type a comparison's operand has (for a rule whose attribute the
/// audience does not hold).
pub fn op_type(op: &AttrOp) -> AttrType {
    match op {
        AttrOp::Eq(v) | AttrOp::Ne(v) => AttrType::of(v),
        AttrOp::In(vs) => vs.first().map(AttrType::of).unwrap_or(AttrType::Text),
        AttrOp::Gte(_) | AttrOp::Lte(_) => AttrType::Number,
        AttrOp::Contains(_) => AttrType::Text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: &str, attrs: &[(&str, AttrValue)]) -> Person {
        let mut p = Person::new(id);
        for (k, v) in attrs {
            p.attributes.insert((*k).to_owned(), v.clone());
        }
        p
    }

    #[test]
    fn attributes_are_typed_by_their_values() {
        let people = vec![
            person("a", &[("score", AttrValue::Num(10.0)), ("country", AttrValue::Str("FR".into()))]),
            person("b", &[("score", AttrValue::Num(70.0)), ("vip", AttrValue::Bool(true))]),
            person("c", &[("country", AttrValue::Str("DE".into())), ("score", AttrValue::Str("n/a".into()))]),
        ];
        let cat = attribute_catalog(&people, 100);
        let names: Vec<_> = cat.iter().map(|a| (a.name.as_str(), a.kind)).collect();
        assert_eq!(names, [("country", AttrType::Text), ("score", AttrType::Number), ("vip", AttrType::YesNo)]);
        assert_eq!(cat[0].values, ["DE", "FR"]);
        // Only the first `limit` people are read.
        assert_eq!(attribute_catalog(&people, 1).len(), 2);
    }

    #[test]
    fn operators_follow_the_type() {
        assert!(AttrType::Number.ops().contains(&OpKind::Gte));
        assert!(!AttrType::Text.ops().contains(&OpKind::Gte));
        assert!(AttrType::Text.ops().contains(&OpKind::Contains));
        assert_eq!(AttrType::YesNo.ops(), [OpKind::Eq, OpKind::Ne]);
        for k in OpKind::ALL {
            assert_eq!(OpKind::from_key(k.key()), Some(k));
        }
    }

    #[test]
    fn operands_parse_by_type_and_print_back() {
        assert_eq!(parse_op(AttrType::Number, OpKind::Gte, " 50 "), Ok(AttrOp::Gte(50.0)));
        assert!(parse_op(AttrType::Number, OpKind::Gte, "fifty").is_err());
        assert_eq!(parse_op(AttrType::Text, OpKind::Eq, "5"), Ok(AttrOp::Eq(AttrValue::Str("5".into()))));
        assert_eq!(parse_op(AttrType::Number, OpKind::Eq, "5"), Ok(AttrOp::Eq(AttrValue::Num(5.0))));
        assert_eq!(parse_op(AttrType::YesNo, OpKind::Eq, "true"), Ok(AttrOp::Eq(AttrValue::Bool(true))));
        let list = parse_op(AttrType::Text, OpKind::In, "FR, DE,,").unwrap();
        assert_eq!(list, AttrOp::In(vec![AttrValue::Str("FR".into()), AttrValue::Str("DE".into())]));
        assert_eq!(op_text(&list), "FR, DE");
        assert!(parse_op(AttrType::Text, OpKind::In, " , ").is_err());
        assert_eq!(op_text(&AttrOp::Lte(2.5)), "2.5");
        assert_eq!(op_text(&AttrOp::Gte(50.0)), "50");
        assert_eq!(op_type(&AttrOp::Contains("x".into())), AttrType::Text);
    }
}
