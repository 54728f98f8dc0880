//! The simulator's per-person columns, filled straight from an audience's
//! columns (no `Person` is built): what `sim::compile` needs of the people.

use super::{AttrData, Audience};
use crate::model::AttrValue;
use crate::sim::draw::fnv1a;
use chrono_tz::Tz;

/// The per-person tables of `sim::Compiled`, in dense person numbers.
pub(crate) struct CompiledPeople {
    pub ids: Vec<String>,
    pub fnv: Vec<u64>,
    pub tz: Vec<Option<Tz>>,
    pub has_email: Vec<bool>,
    pub unsubscribed: Vec<bool>,
    pub suspended: Vec<bool>,
    pub invalid: Vec<bool>,
    /// One column per name of `attr_names`.
    pub attr_columns: Vec<Vec<Option<AttrValue>>>,
}

/// Everyone of `audience` (`only: None`), or person `only` alone as
/// person 0 (explain); attribute columns for `attr_names` only.
pub(crate) fn compiled_people(audience: &Audience, only: Option<u32>, attr_names: &[String]) -> CompiledPeople {
    let people: Vec<usize> = match only {
        Some(i) => vec![i as usize],
        None => (0..audience.len()).collect(),
    };
    let zone = |i: usize| match audience.zones[i] {
        0 => None,
        k => Some(audience.zone_table[k as usize - 1]),
    };
    let attr_columns = attr_names
        .iter()
        .map(|name| {
            let mut col = vec![None; people.len()];
            for c in audience.attrs.iter().filter(|c| &c.name == name) {
                // Text: one `AttrValue` per distinct text, cloned per person.
                let dict: Vec<AttrValue> = match &c.data {
                    AttrData::Text { dict, .. } => dict.iter().map(|s| AttrValue::Str(s.to_owned())).collect(),
                    _ => Vec::new(),
                };
                for (slot, &i) in col.iter_mut().zip(&people) {
                    let v = match &c.data {
                        AttrData::Text { codes, .. } => match codes[i] {
                            0 => continue,
                            k => dict[k as usize - 1].clone(),
                        },
                        AttrData::Number { present, values } if present.get(i) => AttrValue::Num(values[i]),
                        AttrData::YesNo { present, values } if present.get(i) => AttrValue::Bool(values.get(i)),
                        _ => continue,
                    };
                    *slot = Some(v);
                }
            }
            col
        })
        .collect();
    CompiledPeople {
        ids: people.iter().map(|&i| audience.ids.get(i).to_owned()).collect(),
        fnv: people.iter().map(|&i| fnv1a(audience.ids.get(i))).collect(),
        tz: people.iter().map(|&i| zone(i)).collect(),
        has_email: people.iter().map(|&i| audience.has_email.get(i)).collect(),
        unsubscribed: people.iter().map(|&i| audience.unsubscribed.get(i)).collect(),
        suspended: people.iter().map(|&i| audience.suspended.get(i)).collect(),
        invalid: people.iter().map(|&i| audience.invalid.get(i)).collect(),
        attr_columns,
    }
}
