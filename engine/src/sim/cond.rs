//! Conditions compiled to dense ids (R-CD).
//!
//! A person fact a condition can ask about (received, opened, clicked,
//! program member or success of one item) becomes an *atom*: one bit per
//! person, so only the facts some condition reads are tracked at all.
//! Attribute names become column numbers, and each distinct attribute
//! comparison (column and operator, e.g. `segment eq enterprise`) becomes a
//! *leaf*: its value changes only through a `set_person` event, so the run
//! keeps it as one bit per person and never compares attribute values in
//! the cast loop.

use crate::model::{AttrOp, Condition};
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AtomKind {
    Received,
    Opened,
    Clicked,
    ProgramMember,
    ProgramSuccess,
}

#[derive(Clone, Debug)]
pub enum Cond {
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    /// An attribute comparison; `leaf` numbers the distinct (column,
    /// operator) pairs densely from 0 (see the module docs).
    Attr { leaf: u32, column: u32, op: AttrOp },
    Atom(u32),
    Exhausted(bool),
    InStream { ep: u32, stream: u32 },
    Unsubscribed(bool),
}

impl Cond {
    /// Calls `f` on this condition and every condition inside it.
    pub fn visit(&self, f: &mut impl FnMut(&Cond)) {
        f(self);
        match self {
            Cond::All(cs) | Cond::Any(cs) => cs.iter().for_each(|c| c.visit(f)),
            Cond::Not(c) => c.visit(f),
            _ => {}
        }
    }

    /// Whether the value can change only through a `set_person` event: then
    /// a rule or multiplier result can be cached per person.
    pub fn attributes_only(&self) -> bool {
        match self {
            Cond::All(cs) | Cond::Any(cs) => cs.iter().all(Cond::attributes_only),
            Cond::Not(c) => c.attributes_only(),
            Cond::Attr { .. } => true,
            _ => false,
        }
    }
}

pub struct CondCompiler<'a> {
    content: &'a HashMap<&'a str, u32>,
    streams: &'a HashMap<&'a str, u32>,
    stream_eps: &'a [u32],
    atoms: HashMap<(AtomKind, u32), u32>,
    atom_list: Vec<(AtomKind, u32)>,
    attrs: HashMap<String, u32>,
    attr_list: Vec<String>,
    /// Distinct attribute comparisons: (column, operator).
    leaves: Vec<(u32, AttrOp)>,
}

impl<'a> CondCompiler<'a> {
    pub fn new(content: &'a HashMap<&'a str, u32>, streams: &'a HashMap<&'a str, u32>, stream_eps: &'a [u32]) -> Self {
        CondCompiler {
            content,
            streams,
            stream_eps,
            atoms: HashMap::new(),
            atom_list: Vec::new(),
            attrs: HashMap::new(),
            attr_list: Vec::new(),
            leaves: Vec::new(),
        }
    }

    fn atom(&mut self, kind: AtomKind, id: &str) -> Result<Cond, String> {
        let c = *self.content.get(id).ok_or_else(|| format!("condition cites unknown content {id:?} (R-CD-2)"))?;
        let next = self.atom_list.len() as u32;
        let bit = *self.atoms.entry((kind, c)).or_insert(next);
        if bit == next {
            self.atom_list.push((kind, c));
        }
        Ok(Cond::Atom(bit))
    }

    pub fn compile(&mut self, c: &Condition) -> Result<Cond, String> {
        Ok(match c {
            Condition::All(cs) => Cond::All(cs.iter().map(|c| self.compile(c)).collect::<Result<_, _>>()?),
            Condition::Any(cs) => Cond::Any(cs.iter().map(|c| self.compile(c)).collect::<Result<_, _>>()?),
            Condition::Not(c) => Cond::Not(Box::new(self.compile(c)?)),
            Condition::Attr { name, op } => {
                let next = self.attr_list.len() as u32;
                let column = *self.attrs.entry(name.clone()).or_insert(next);
                if column == next {
                    self.attr_list.push(name.clone());
                }
                // Few distinct comparisons per plan: a linear search dedupes
                // them without hashing floats.
                let leaf = match self.leaves.iter().position(|(c, o)| *c == column && o == op) {
                    Some(i) => i,
                    None => {
                        self.leaves.push((column, op.clone()));
                        self.leaves.len() - 1
                    }
                };
                Cond::Attr { leaf: leaf as u32, column, op: op.clone() }
            }
            Condition::Received(id) => self.atom(AtomKind::Received, id.as_str())?,
            Condition::Opened(id) => self.atom(AtomKind::Opened, id.as_str())?,
            Condition::Clicked(id) => self.atom(AtomKind::Clicked, id.as_str())?,
            Condition::ProgramMember(id) => self.atom(AtomKind::ProgramMember, id.as_str())?,
            Condition::ProgramSuccess(id) => self.atom(AtomKind::ProgramSuccess, id.as_str())?,
            Condition::Exhausted(b) => Cond::Exhausted(*b),
            Condition::Unsubscribed(b) => Cond::Unsubscribed(*b),
            Condition::InStream(s) => {
                let stream = *self
                    .streams
                    .get(s.as_str())
                    .ok_or_else(|| format!("condition cites unknown stream {:?} (R-CD-2)", s.0))?;
                Cond::InStream { ep: self.stream_eps[stream as usize], stream }
            }
        })
    }

    /// The column of an attribute some condition reads, if any.
    pub fn attr_column(&self, name: &str) -> Option<u32> {
        self.attrs.get(name).copied()
    }

    pub fn attr_names(&self) -> (Vec<String>, HashMap<String, u32>) {
        (self.attr_list.clone(), self.attrs.clone())
    }

    pub fn atoms(&self) -> Vec<(AtomKind, u32)> {
        self.atom_list.clone()
    }
}
