//! The audience: the people of a workspace stored in columns.
//!
//! A plan's `people` is a list of [`Person`] structs, which is what the
//! plan file holds; at 1,000,000 people that is about 200 bytes and several
//! allocations each. An [`Audience`] holds the same people in flat columns
//! (51 bytes per person at 1,000,000 people with an 8-byte id, a 20-byte
//! email, a zone and three attributes: the `bytes_per_person_at_one_million`
//! test), is what the app keeps in memory and in
//! IndexedDB ([`Audience::encode`], one little-endian buffer per column),
//! and what the simulator compiles from ([`crate::sim::compile::compile_with_audience`]).
//!
//! Columns:
//! - ids: one UTF-8 buffer plus `u32` offsets; non-empty and unique;
//! - email: the same, plus a presence bit (`None` = no address, R-CS-6);
//! - time zone: a `u16` per person into a table of zones (0 = none, the
//!   workspace zone);
//! - `unsubscribed`, `marketing_suspended`, `email_invalid`: bit columns;
//! - attributes: one column per (name, kind): text dictionary-encoded
//!   (`u32` codes, 0 = missing), number (`f64` and a presence bit), yes/no
//!   (two bits). A person has at most one value per attribute name, so a
//!   name used with two types (legal in a plan: `"5"` for one person, `5`
//!   for another, R-CD-2) has two columns, each missing where the other is
//!   set.
//!
//! Submodules: [`codec`] (binary encoding), [`csv`] (RFC 4180 reader),
//! [`import`] (CSV imports of people, history, program history and
//! memberships), [`synthetic`] (generated audiences).

pub mod codec;
pub(crate) mod compiled;
mod columns;
pub mod csv;
pub mod import;
mod index;
pub mod synthetic;

pub use codec::DecodeError;
pub use import::{
    import_history, import_memberships, import_people, import_program_history, propose_mapping,
    ColumnMapping, ImportMode, ImportReport, Mapping, Role, RowError,
};
pub use synthetic::{generate, ScoreSpec, SyntheticSpec, MAX_SYNTHETIC_PEOPLE};

use crate::model::{AttrOp, AttrValue, Person, PersonId};
use chrono_tz::Tz;
use columns::{Bits, Strings};
use index::{FxMap, IdIndex};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

/// The type of an attribute column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AttrKind {
    /// Strings, dictionary-encoded.
    Text,
    /// Numbers (`f64`).
    Number,
    /// Booleans.
    YesNo,
}

impl AttrKind {
    /// The name used in encoded column names: `text`, `number`, `yesno`.
    pub fn name(self) -> &'static str {
        match self {
            AttrKind::Text => "text",
            AttrKind::Number => "number",
            AttrKind::YesNo => "yesno",
        }
    }

    /// The kind a value is stored as.
    pub fn of(value: &AttrValue) -> AttrKind {
        match value {
            AttrValue::Str(_) => AttrKind::Text,
            AttrValue::Num(_) => AttrKind::Number,
            AttrValue::Bool(_) => AttrKind::YesNo,
        }
    }

    fn code(self) -> u8 {
        match self {
            AttrKind::Text => 0,
            AttrKind::Number => 1,
            AttrKind::YesNo => 2,
        }
    }

    fn from_code(c: u8) -> Option<AttrKind> {
        match c {
            0 => Some(AttrKind::Text),
            1 => Some(AttrKind::Number),
            2 => Some(AttrKind::YesNo),
            _ => None,
        }
    }
}

impl fmt::Display for AttrKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One attribute value, borrowed from its column.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum AttrRef<'a> {
    Str(&'a str),
    Num(f64),
    Bool(bool),
}

impl AttrRef<'_> {
    pub fn kind(self) -> AttrKind {
        match self {
            AttrRef::Str(_) => AttrKind::Text,
            AttrRef::Num(_) => AttrKind::Number,
            AttrRef::Bool(_) => AttrKind::YesNo,
        }
    }

    pub fn to_value(self) -> AttrValue {
        match self {
            AttrRef::Str(s) => AttrValue::Str(s.to_owned()),
            AttrRef::Num(n) => AttrValue::Num(n),
            AttrRef::Bool(b) => AttrValue::Bool(b),
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) enum AttrData {
    /// `codes[i]` is 0 (missing) or `k`, the value `dict.get(k - 1)`.
    /// Dictionary entries are distinct.
    Text { dict: Strings, codes: Vec<u32> },
    /// `values[i]` is meaningful where `present` is set (0.0 elsewhere).
    Number { present: Bits, values: Vec<f64> },
    YesNo { present: Bits, values: Bits },
}

#[derive(Clone, Debug)]
pub(crate) struct AttrColumn {
    pub(crate) name: String,
    pub(crate) data: AttrData,
}

impl AttrColumn {
    fn new(name: &str, kind: AttrKind, people: usize) -> AttrColumn {
        let data = match kind {
            AttrKind::Text => AttrData::Text { dict: Strings::new(), codes: vec![0; people] },
            AttrKind::Number => AttrData::Number { present: Bits::zeros(people), values: vec![0.0; people] },
            AttrKind::YesNo => AttrData::YesNo { present: Bits::zeros(people), values: Bits::zeros(people) },
        };
        AttrColumn { name: name.to_owned(), data }
    }

    pub(crate) fn kind(&self) -> AttrKind {
        match self.data {
            AttrData::Text { .. } => AttrKind::Text,
            AttrData::Number { .. } => AttrKind::Number,
            AttrData::YesNo { .. } => AttrKind::YesNo,
        }
    }

    #[inline]
    pub(crate) fn get(&self, i: usize) -> Option<AttrRef<'_>> {
        match &self.data {
            AttrData::Text { dict, codes } => match codes[i] {
                0 => None,
                k => Some(AttrRef::Str(dict.get(k as usize - 1))),
            },
            AttrData::Number { present, values } => present.get(i).then(|| AttrRef::Num(values[i])),
            AttrData::YesNo { present, values } => present.get(i).then(|| AttrRef::Bool(values.get(i))),
        }
    }

    fn is_present(&self, i: usize) -> bool {
        match &self.data {
            AttrData::Text { codes, .. } => codes[i] != 0,
            AttrData::Number { present, .. } | AttrData::YesNo { present, .. } => present.get(i),
        }
    }

    /// Appends a missing value (a new person).
    fn push_missing(&mut self) {
        match &mut self.data {
            AttrData::Text { codes, .. } => codes.push(0),
            AttrData::Number { present, values } => {
                present.push(false);
                values.push(0.0);
            }
            AttrData::YesNo { present, values } => {
                present.push(false);
                values.push(false);
            }
        }
    }

    fn clear(&mut self, i: usize) {
        match &mut self.data {
            AttrData::Text { codes, .. } => codes[i] = 0,
            AttrData::Number { present, values } => {
                present.set(i, false);
                values[i] = 0.0;
            }
            AttrData::YesNo { present, values } => {
                present.set(i, false);
                values.set(i, false);
            }
        }
    }

    fn heap_bytes(&self) -> usize {
        self.name.capacity()
            + match &self.data {
                AttrData::Text { dict, codes } => dict.heap_bytes() + codes.capacity() * 4,
                AttrData::Number { present, values } => present.heap_bytes() + values.capacity() * 8,
                AttrData::YesNo { present, values } => present.heap_bytes() + values.heap_bytes(),
            }
    }

    fn shrink_to_fit(&mut self) {
        match &mut self.data {
            AttrData::Text { dict, codes } => {
                dict.shrink_to_fit();
                codes.shrink_to_fit();
            }
            AttrData::Number { present, values } => {
                present.shrink_to_fit();
                values.shrink_to_fit();
            }
            AttrData::YesNo { present, values } => {
                present.shrink_to_fit();
                values.shrink_to_fit();
            }
        }
    }

    /// Structural equality, numbers compared bit for bit.
    fn same(&self, other: &AttrColumn) -> bool {
        self.name == other.name
            && match (&self.data, &other.data) {
                (AttrData::Text { dict: a, codes: ca }, AttrData::Text { dict: b, codes: cb }) => a == b && ca == cb,
                (AttrData::Number { present: pa, values: va }, AttrData::Number { present: pb, values: vb }) => {
                    pa == pb && va.iter().zip(vb).all(|(x, y)| x.to_bits() == y.to_bits())
                }
                (AttrData::YesNo { present: pa, values: va }, AttrData::YesNo { present: pb, values: vb }) => {
                    pa == pb && va == vb
                }
                _ => false,
            }
    }
}

/// Why people cannot form an audience.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AudienceError {
    /// Person number `index` (0-based, in input order) has an empty id.
    EmptyId { index: usize },
    /// Two people share an id; `first` and `second` are their 0-based
    /// positions in input order.
    DuplicateId { id: String, first: usize, second: usize },
    /// A size limit: more than `u32::MAX - 1` people, or 4 GiB of ids,
    /// emails or one attribute's distinct texts.
    TooLarge(String),
}

impl fmt::Display for AudienceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AudienceError::EmptyId { index } => write!(f, "people[{index}]: empty id"),
            AudienceError::DuplicateId { id, first, second } => {
                write!(f, "people[{second}]: id {id:?} is already used by people[{first}]")
            }
            AudienceError::TooLarge(m) => write!(f, "audience too large: {m}"),
        }
    }
}

impl std::error::Error for AudienceError {}

/// The people of a workspace, in columns. Immutable; build one with
/// [`Audience::from_people`], an [`AudienceBuilder`], a CSV import, the
/// generator or [`Audience::decode`].
///
/// Invariants: every column has one entry per person; ids are non-empty
/// and unique; a person has at most one value per attribute name; the
/// (name, kind) pairs of the attribute columns are distinct.
#[derive(Clone)]
pub struct Audience {
    pub(crate) ids: Strings,
    pub(crate) emails: Strings,
    pub(crate) has_email: Bits,
    /// Zone `k` of a person is `zone_table[k - 1]`; 0 is none.
    pub(crate) zone_table: Vec<Tz>,
    pub(crate) zones: Vec<u16>,
    pub(crate) unsubscribed: Bits,
    pub(crate) suspended: Bits,
    pub(crate) invalid: Bits,
    pub(crate) attrs: Vec<AttrColumn>,
    /// Built on the first lookup by id.
    pub(crate) index: OnceLock<IdIndex>,
}

impl Default for Audience {
    fn default() -> Self {
        Audience::new()
    }
}

impl fmt::Debug for Audience {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Audience")
            .field("len", &self.len())
            .field("zones", &self.zone_table.iter().map(|z| z.name()).collect::<Vec<_>>())
            .field("attributes", &self.attribute_columns().collect::<Vec<_>>())
            .finish()
    }
}

/// Structural equality: the same people in the same order, with the same
/// columns in the same order (so `decode(encode(a)) == a`). Two audiences
/// holding the same people in different column layouts compare unequal;
/// compare `to_people()` for that.
impl PartialEq for Audience {
    fn eq(&self, o: &Audience) -> bool {
        self.ids == o.ids
            && self.emails == o.emails
            && self.has_email == o.has_email
            && self.zone_table == o.zone_table
            && self.zones == o.zones
            && self.unsubscribed == o.unsubscribed
            && self.suspended == o.suspended
            && self.invalid == o.invalid
            && self.attrs.len() == o.attrs.len()
            && self.attrs.iter().zip(&o.attrs).all(|(a, b)| a.same(b))
    }
}

/// People filters of the people table: every part given must hold.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    /// A substring of the id or the email, ASCII case-insensitive; empty
    /// matches everyone.
    pub text: String,
    /// Attribute comparisons, each as a condition would test it (R-CD-2,
    /// through [`AttrOp::holds`]: a missing attribute fails all but `ne`).
    pub attributes: Vec<(String, AttrOp)>,
    pub unsubscribed: Option<bool>,
    /// Blocked (R-CS-6): unsubscribed, suspended, email invalid or no email.
    pub blocked: Option<bool>,
    /// `Some(None)`: people without a zone of their own.
    pub time_zone: Option<Option<Tz>>,
}

impl Audience {
    pub fn new() -> Audience {
        Audience {
            ids: Strings::new(),
            emails: Strings::new(),
            has_email: Bits::new(),
            zone_table: Vec::new(),
            zones: Vec::new(),
            unsubscribed: Bits::new(),
            suspended: Bits::new(),
            invalid: Bits::new(),
            attrs: Vec::new(),
            index: OnceLock::new(),
        }
    }

    /// The people of a plan, in order. Fails on an empty or duplicate id
    /// (the plan loader refuses both).
    pub fn from_people(people: &[Person]) -> Result<Audience, AudienceError> {
        let mut b = AudienceBuilder::with_capacity(people.len());
        for p in people {
            b.push_person(p)?;
        }
        Ok(b.finish())
    }

    /// Every person as a [`Person`], in order.
    pub fn to_people(&self) -> Vec<Person> {
        (0..self.len()).map(|i| self.person(i).to_person()).collect()
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Person `i` (0-based, in order). Panics when `i >= len()`.
    pub fn person(&self, i: usize) -> PersonRef<'_> {
        assert!(i < self.len(), "person {i} of an audience of {}", self.len());
        PersonRef { audience: self, i }
    }

    pub fn people(&self) -> impl ExactSizeIterator<Item = PersonRef<'_>> + '_ {
        (0..self.len()).map(move |i| PersonRef { audience: self, i })
    }

    /// The number of the person with id `id`. The first lookup builds a
    /// hash index (8 bytes per person, tens of milliseconds at 1,000,000
    /// people) unless the constructor already did; later ones are O(1).
    pub fn find(&self, id: &str) -> Option<u32> {
        self.index
            .get_or_init(|| IdIndex::build(&self.ids).unwrap_or_else(|_| unreachable_duplicate()))
            .get(&self.ids, id)
    }

    /// The person with id `id`.
    pub fn get(&self, id: &str) -> Option<PersonRef<'_>> {
        self.find(id).map(|i| self.person(i as usize))
    }

    /// The attribute columns as (name, kind), in column order.
    pub fn attribute_columns(&self) -> impl Iterator<Item = (&str, AttrKind)> + '_ {
        self.attrs.iter().map(|c| (c.name.as_str(), c.kind()))
    }

    /// The distinct attribute names, in first-column order.
    pub fn attribute_names(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for c in &self.attrs {
            if !out.contains(&c.name.as_str()) {
                out.push(&c.name);
            }
        }
        out
    }

    /// The distinct texts of a text attribute (the choices of a filter),
    /// in first-seen order.
    pub fn text_values(&self, name: &str) -> Vec<&str> {
        self.attrs
            .iter()
            .filter(|c| c.name == name)
            .flat_map(|c| match &c.data {
                AttrData::Text { dict, .. } => dict.iter().collect::<Vec<_>>(),
                _ => vec![],
            })
            .collect()
    }

    /// The time zones in use.
    pub fn zones(&self) -> &[Tz] {
        &self.zone_table
    }

    /// The values of attribute `name` for everyone (`None`: missing), as
    /// conditions read them.
    pub fn attribute_values(&self, name: &str) -> Vec<Option<AttrValue>> {
        let mut out = vec![None; self.len()];
        for c in self.attrs.iter().filter(|c| c.name == name) {
            match &c.data {
                AttrData::Text { dict, codes } => {
                    let values: Vec<AttrValue> = dict.iter().map(|s| AttrValue::Str(s.to_owned())).collect();
                    for (o, &k) in out.iter_mut().zip(codes) {
                        if k != 0 {
                            *o = Some(values[k as usize - 1].clone());
                        }
                    }
                }
                _ => {
                    for (i, o) in out.iter_mut().enumerate() {
                        if let Some(v) = c.get(i) {
                            *o = Some(v.to_value());
                        }
                    }
                }
            }
        }
        out
    }

    /// The people matching `filter`, in order: what a virtualised table
    /// shows. About 10–30 ms per criterion at 1,000,000 people.
    pub fn matching(&self, filter: &Filter) -> Vec<u32> {
        let n = self.len();
        let mut keep = vec![true; n];
        if let Some(u) = filter.unsubscribed {
            for (i, k) in keep.iter_mut().enumerate() {
                *k &= self.unsubscribed.get(i) == u;
            }
        }
        if let Some(b) = filter.blocked {
            for (i, k) in keep.iter_mut().enumerate() {
                *k &= self.is_blocked(i) == b;
            }
        }
        if let Some(z) = filter.time_zone {
            let code = match z {
                None => Some(0u16),
                Some(tz) => self.zone_table.iter().position(|&t| t == tz).map(|p| p as u16 + 1),
            };
            for (i, k) in keep.iter_mut().enumerate() {
                *k &= Some(self.zones[i]) == code;
            }
        }
        for (name, op) in &filter.attributes {
            self.filter_attribute(name, op, &mut keep);
        }
        let needle = filter.text.to_ascii_lowercase();
        if !needle.is_empty() {
            let needle = needle.as_bytes();
            for (i, k) in keep.iter_mut().enumerate() {
                if *k {
                    *k = contains_ascii_ci(self.ids.get(i).as_bytes(), needle)
                        || (self.has_email.get(i) && contains_ascii_ci(self.emails.get(i).as_bytes(), needle));
                }
            }
        }
        keep.iter().enumerate().filter(|(_, &k)| k).map(|(i, _)| i as u32).collect()
    }

    fn filter_attribute(&self, name: &str, op: &AttrOp, keep: &mut [bool]) {
        let columns: Vec<&AttrColumn> = self.attrs.iter().filter(|c| c.name == name).collect();
        let missing = op.holds(None);
        // Text columns: the comparison once per distinct value.
        let tables: Vec<Vec<bool>> = columns
            .iter()
            .map(|c| match &c.data {
                AttrData::Text { dict, .. } => {
                    dict.iter().map(|s| op.holds(Some(&AttrValue::Str(s.to_owned())))).collect()
                }
                _ => Vec::new(),
            })
            .collect();
        for (i, k) in keep.iter_mut().enumerate() {
            if !*k {
                continue;
            }
            let mut result = missing;
            for (c, table) in columns.iter().zip(&tables) {
                let v = match &c.data {
                    AttrData::Text { codes, .. } => match codes[i] {
                        0 => continue,
                        code => {
                            result = table[code as usize - 1];
                            break;
                        }
                    },
                    AttrData::Number { present, values } if present.get(i) => AttrValue::Num(values[i]),
                    AttrData::YesNo { present, values } if present.get(i) => AttrValue::Bool(values.get(i)),
                    _ => continue,
                };
                result = op.holds(Some(&v));
                break;
            }
            *k = result;
        }
    }

    #[inline]
    pub(crate) fn is_blocked(&self, i: usize) -> bool {
        self.unsubscribed.get(i) || self.suspended.get(i) || self.invalid.get(i) || !self.has_email.get(i)
    }

    /// The heap bytes of the columns (allocated capacity; the id index, when
    /// built, is counted apart by [`Audience::index_bytes`]).
    pub fn heap_bytes(&self) -> usize {
        self.ids.heap_bytes()
            + self.emails.heap_bytes()
            + self.has_email.heap_bytes()
            + self.zone_table.capacity() * std::mem::size_of::<Tz>()
            + self.zones.capacity() * 2
            + self.unsubscribed.heap_bytes()
            + self.suspended.heap_bytes()
            + self.invalid.heap_bytes()
            + self.attrs.iter().map(AttrColumn::heap_bytes).sum::<usize>()
            + self.attrs.capacity() * std::mem::size_of::<AttrColumn>()
    }

    /// The heap bytes of the id index, 0 until a lookup builds it.
    pub fn index_bytes(&self) -> usize {
        self.index.get().map_or(0, IdIndex::heap_bytes)
    }

    fn shrink_to_fit(&mut self) {
        self.ids.shrink_to_fit();
        self.emails.shrink_to_fit();
        self.has_email.shrink_to_fit();
        self.zones.shrink_to_fit();
        self.unsubscribed.shrink_to_fit();
        self.suspended.shrink_to_fit();
        self.invalid.shrink_to_fit();
        self.attrs.iter_mut().for_each(AttrColumn::shrink_to_fit);
        self.attrs.shrink_to_fit();
    }
}

#[cold]
fn unreachable_duplicate() -> IdIndex {
    // Every constructor checks uniqueness (the builder, decode) or makes
    // unique ids (the generator); an empty index is the harmless answer.
    IdIndex::default()
}

/// ASCII case-insensitive substring test; `needle` is lower case.
fn contains_ascii_ci(hay: &[u8], needle: &[u8]) -> bool {
    if needle.len() > hay.len() {
        return false;
    }
    let first = needle[0];
    (0..=hay.len() - needle.len()).any(|s| {
        hay[s].to_ascii_lowercase() == first
            && hay[s + 1..s + needle.len()].iter().zip(&needle[1..]).all(|(a, b)| a.to_ascii_lowercase() == *b)
    })
}

/// A view of one person of an audience.
#[derive(Clone, Copy)]
pub struct PersonRef<'a> {
    audience: &'a Audience,
    i: usize,
}

impl<'a> PersonRef<'a> {
    /// The person's number in the audience.
    pub fn index(&self) -> usize {
        self.i
    }

    pub fn id(&self) -> &'a str {
        self.audience.ids.get(self.i)
    }

    pub fn email(&self) -> Option<&'a str> {
        self.audience.has_email.get(self.i).then(|| self.audience.emails.get(self.i))
    }

    pub fn time_zone(&self) -> Option<Tz> {
        match self.audience.zones[self.i] {
            0 => None,
            k => Some(self.audience.zone_table[k as usize - 1]),
        }
    }

    pub fn unsubscribed(&self) -> bool {
        self.audience.unsubscribed.get(self.i)
    }

    pub fn marketing_suspended(&self) -> bool {
        self.audience.suspended.get(self.i)
    }

    pub fn email_invalid(&self) -> bool {
        self.audience.invalid.get(self.i)
    }

    /// R-CS-6: unsubscribed, suspended, email invalid or without an email.
    pub fn blocked(&self) -> bool {
        self.audience.is_blocked(self.i)
    }

    /// The value of attribute `name`, if the person has it.
    pub fn attr(&self, name: &str) -> Option<AttrRef<'a>> {
        self.audience.attrs.iter().filter(|c| c.name == name).find_map(|c| c.get(self.i))
    }

    /// The person's attributes, in column order.
    pub fn attributes(&self) -> impl Iterator<Item = (&'a str, AttrRef<'a>)> + 'a {
        let i = self.i;
        self.audience.attrs.iter().filter_map(move |c| c.get(i).map(|v| (c.name.as_str(), v)))
    }

    pub fn to_person(&self) -> Person {
        Person {
            id: PersonId(self.id().to_owned()),
            email: self.email().map(str::to_owned),
            time_zone: self.time_zone(),
            unsubscribed: self.unsubscribed(),
            marketing_suspended: self.marketing_suspended(),
            email_invalid: self.email_invalid(),
            attributes: self.attributes().map(|(k, v)| (k.to_owned(), v.to_value())).collect::<BTreeMap<_, _>>(),
        }
    }
}

impl fmt::Debug for PersonRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.to_person().fmt(f)
    }
}

/// The fields of one new person, borrowed.
#[derive(Clone, Copy, Debug, Default)]
pub struct NewPerson<'a> {
    pub id: &'a str,
    pub email: Option<&'a str>,
    pub time_zone: Option<Tz>,
    pub unsubscribed: bool,
    pub marketing_suspended: bool,
    pub email_invalid: bool,
}

/// Appends people to an audience, keeping its invariants.
pub struct AudienceBuilder {
    a: Audience,
    /// `None`: the caller guarantees unique ids (the CSV import checks
    /// them itself); the index is then built on the first lookup.
    index: Option<IdIndex>,
    zone_codes: FxMap<Tz, u16>,
    /// Attribute columns by name: (kind, column number).
    columns: FxMap<String, Vec<(AttrKind, usize)>>,
    /// Per column, the other columns of the same name (usually none).
    siblings: Vec<Vec<usize>>,
    /// Per text column, its dictionary: text → code.
    dicts: Vec<FxMap<Box<str>, u32>>,
}

impl Default for AudienceBuilder {
    fn default() -> Self {
        AudienceBuilder::new()
    }
}

impl AudienceBuilder {
    pub fn new() -> AudienceBuilder {
        AudienceBuilder::with_capacity(0)
    }

    pub fn with_capacity(people: usize) -> AudienceBuilder {
        let a = Audience {
            ids: Strings::with_capacity(people, people * 8),
            emails: Strings::with_capacity(people, people * 20),
            has_email: Bits::with_capacity(people),
            zones: Vec::with_capacity(people),
            unsubscribed: Bits::with_capacity(people),
            suspended: Bits::with_capacity(people),
            invalid: Bits::with_capacity(people),
            ..Audience::new()
        };
        AudienceBuilder {
            a,
            index: Some(IdIndex::with_capacity(people)),
            zone_codes: FxMap::default(),
            columns: FxMap::default(),
            siblings: Vec::new(),
            dicts: Vec::new(),
        }
    }

    /// Continues an existing audience (to add people to it).
    pub fn from_audience(mut a: Audience) -> AudienceBuilder {
        let index = a.index.take().unwrap_or_else(|| IdIndex::build(&a.ids).unwrap_or_default());
        let zone_codes = a.zone_table.iter().enumerate().map(|(k, &z)| (z, k as u16 + 1)).collect();
        let mut columns: FxMap<String, Vec<(AttrKind, usize)>> = FxMap::default();
        let mut dicts = Vec::new();
        for (ci, c) in a.attrs.iter().enumerate() {
            columns.entry(c.name.clone()).or_default().push((c.kind(), ci));
            dicts.push(match &c.data {
                AttrData::Text { dict, .. } => dict.iter().enumerate().map(|(k, s)| (s.into(), k as u32 + 1)).collect(),
                _ => FxMap::default(),
            });
        }
        let siblings = a
            .attrs
            .iter()
            .enumerate()
            .map(|(ci, c)| columns[&c.name].iter().map(|&(_, o)| o).filter(|&o| o != ci).collect())
            .collect();
        AudienceBuilder { a, index: Some(index), zone_codes, columns, siblings, dicts }
    }

    pub fn len(&self) -> usize {
        self.a.len()
    }

    pub fn is_empty(&self) -> bool {
        self.a.is_empty()
    }

    /// A builder that does not check ids, for callers that do.
    pub(crate) fn unchecked(people: usize) -> AudienceBuilder {
        AudienceBuilder { index: None, ..AudienceBuilder::with_capacity(people) }
    }

    /// The number of the person with id `id` added so far.
    pub fn find(&self, id: &str) -> Option<u32> {
        match &self.index {
            Some(ix) => ix.get(&self.a.ids, id),
            None => (0..self.a.len() as u32).find(|&i| self.a.ids.get(i as usize) == id),
        }
    }

    /// Adds a person without attributes (set them with
    /// [`AudienceBuilder::set_attr`]); returns their number.
    pub fn push(&mut self, p: NewPerson<'_>) -> Result<u32, AudienceError> {
        let n = self.a.len();
        if p.id.is_empty() {
            return Err(AudienceError::EmptyId { index: n });
        }
        if n >= u32::MAX as usize - 1 {
            return Err(AudienceError::TooLarge(format!("more than {} people", u32::MAX - 1)));
        }
        let too_large = || AudienceError::TooLarge("more than 4 GiB of text in one column".into());
        if !self.a.ids.fits(p.id) || !self.a.emails.fits(p.email.unwrap_or("")) {
            return Err(too_large());
        }
        // One probe both checks and indexes the id.
        self.a.ids.push(p.id).map_err(|_| too_large())?;
        if let Some(Err(first)) = self.index.as_mut().map(|ix| ix.insert(&self.a.ids, n as u32)) {
            self.a.ids.pop();
            return Err(AudienceError::DuplicateId { id: p.id.to_owned(), first: first as usize, second: n });
        }
        let zone = match p.time_zone {
            None => 0,
            Some(tz) => match self.zone_codes.get(&tz) {
                Some(&k) => k,
                None => {
                    // At most ~600 IANA zones exist, far below u16::MAX.
                    let k = self.a.zone_table.len() as u16 + 1;
                    self.a.zone_table.push(tz);
                    self.zone_codes.insert(tz, k);
                    k
                }
            },
        };
        // Checked above: cannot fail.
        let _ = self.a.emails.push(p.email.unwrap_or(""));
        self.a.has_email.push(p.email.is_some());
        self.a.zones.push(zone);
        self.a.unsubscribed.push(p.unsubscribed);
        self.a.suspended.push(p.marketing_suspended);
        self.a.invalid.push(p.email_invalid);
        for c in &mut self.a.attrs {
            c.push_missing();
        }
        Ok(n as u32)
    }

    /// The column of attribute (`name`, `kind`), created (missing for
    /// everyone so far) when new.
    pub fn column(&mut self, name: &str, kind: AttrKind) -> usize {
        if let Some(&(_, c)) = self.columns.get(name).and_then(|cs| cs.iter().find(|(k, _)| *k == kind)) {
            return c;
        }
        let c = self.a.attrs.len();
        self.a.attrs.push(AttrColumn::new(name, kind, self.a.len()));
        self.dicts.push(FxMap::default());
        let same = self.columns.entry(name.to_owned()).or_default();
        for &(_, o) in same.iter() {
            self.siblings[o].push(c);
        }
        self.siblings.push(same.iter().map(|&(_, o)| o).collect());
        same.push((kind, c));
        c
    }

    /// Sets attribute `name` of person `person` (replacing any value of
    /// that name, whatever its type).
    pub fn set_attr(&mut self, person: u32, name: &str, value: AttrRef<'_>) -> Result<(), AudienceError> {
        let c = self.column(name, value.kind());
        self.set_in_column(person, c, value)
    }

    /// Sets the value of column `column` (from [`AudienceBuilder::column`];
    /// the value's type must be the column's) for person `person`, clearing
    /// the same name's other columns.
    pub fn set_in_column(&mut self, person: u32, column: usize, value: AttrRef<'_>) -> Result<(), AudienceError> {
        let i = person as usize;
        if self.a.attrs[column].kind() != value.kind() {
            // The wrong type for this column: store it in the right one.
            let name = self.a.attrs[column].name.clone();
            return self.set_attr(person, &name, value);
        }
        for &o in &self.siblings[column] {
            self.a.attrs[o].clear(i);
        }
        let dicts = &mut self.dicts;
        match (&mut self.a.attrs[column].data, value) {
            (AttrData::Text { dict, codes }, AttrRef::Str(s)) => {
                let map = &mut dicts[column];
                let code = match map.get(s) {
                    Some(&k) => k,
                    None => {
                        dict.push(s).map_err(AudienceError::TooLarge)?;
                        let k = dict.len() as u32;
                        map.insert(s.into(), k);
                        k
                    }
                };
                codes[i] = code;
            }
            (AttrData::Number { present, values }, AttrRef::Num(v)) => {
                present.set(i, true);
                values[i] = v;
            }
            (AttrData::YesNo { present, values }, AttrRef::Bool(v)) => {
                present.set(i, true);
                values.set(i, v);
            }
            _ => {} // kinds checked above
        }
        Ok(())
    }

    /// Adds a [`Person`].
    pub fn push_person(&mut self, p: &Person) -> Result<u32, AudienceError> {
        let i = self.push(NewPerson {
            id: p.id.as_str(),
            email: p.email.as_deref(),
            time_zone: p.time_zone,
            unsubscribed: p.unsubscribed,
            marketing_suspended: p.marketing_suspended,
            email_invalid: p.email_invalid,
        })?;
        for (k, v) in &p.attributes {
            let v = match v {
                AttrValue::Str(s) => AttrRef::Str(s),
                AttrValue::Num(n) => AttrRef::Num(*n),
                AttrValue::Bool(b) => AttrRef::Bool(*b),
            };
            self.set_attr(i, k, v)?;
        }
        Ok(i)
    }

    /// The audience, with its id index already built.
    pub fn finish(self) -> Audience {
        let mut a = self.a;
        a.shrink_to_fit();
        if let Some(ix) = self.index {
            let _ = a.index.set(ix);
        }
        a
    }
}

#[cfg(test)]
mod tests;
