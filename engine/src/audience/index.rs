//! Lookup of a person by id: an open-addressing hash table of person
//! numbers over the id column itself, so the ids are never copied.
//!
//! The table holds `person + 1` (0 = empty slot), stays at most half full,
//! and costs 8–16 bytes per person; it is built on demand and never stored.

use super::columns::Strings;
use crate::sim::draw::mix;

#[derive(Clone, Debug, Default)]
pub(crate) struct IdIndex {
    slots: Vec<u32>,
    len: usize,
}

/// A fast hash of an id's bytes, 8 at a time. Not meant to resist
/// adversarial input: it indexes the workspace's own people.
#[inline]
pub(crate) fn hash_id(s: &str) -> u64 {
    let b = s.as_bytes();
    let mut h = 0x243f_6a88_85a3_08d3 ^ b.len() as u64;
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = mix(h ^ u64::from_le_bytes(w));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        h = mix(h ^ u64::from_le_bytes(w));
    }
    h
}

/// A small fast hasher (FxHash's mix) for the builder's maps of names,
/// texts and zones: SipHash's DoS resistance buys nothing here and costs a
/// third of `Audience::from_people`.
#[derive(Clone, Copy, Default)]
pub(crate) struct FxHasher {
    hash: u64,
}

impl std::hash::Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u16(&mut self, i: u16) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

impl FxHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.hash = (self.hash.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

pub(crate) type FxMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

impl IdIndex {
    pub(crate) fn with_capacity(people: usize) -> IdIndex {
        let size = (people.max(4) * 2).next_power_of_two();
        IdIndex { slots: vec![0; size], len: 0 }
    }

    /// The person whose id is `id`.
    pub(crate) fn get(&self, ids: &Strings, id: &str) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut at = hash_id(id) as usize & mask;
        loop {
            match self.slots[at] {
                0 => return None,
                s if ids.get(s as usize - 1) == id => return Some(s - 1),
                _ => at = (at + 1) & mask,
            }
        }
    }

    /// Adds person `person`, whose id `ids.get(person)` already is; returns
    /// the earlier person with the same id instead, if there is one.
    pub(crate) fn insert(&mut self, ids: &Strings, person: u32) -> Result<(), u32> {
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow(ids);
        }
        let id = ids.get(person as usize);
        let mask = self.slots.len() - 1;
        let mut at = hash_id(id) as usize & mask;
        loop {
            match self.slots[at] {
                0 => {
                    self.slots[at] = person + 1;
                    self.len += 1;
                    return Ok(());
                }
                s if ids.get(s as usize - 1) == id => return Err(s - 1),
                _ => at = (at + 1) & mask,
            }
        }
    }

    fn grow(&mut self, ids: &Strings) {
        let size = (self.slots.len() * 2).max(8);
        let old = std::mem::replace(&mut self.slots, vec![0; size]);
        let mask = size - 1;
        for s in old.into_iter().filter(|&s| s != 0) {
            let mut at = hash_id(ids.get(s as usize - 1)) as usize & mask;
            while self.slots[at] != 0 {
                at = (at + 1) & mask;
            }
            self.slots[at] = s;
        }
    }

    /// Indexes every id of `ids`; the first duplicate found is returned as
    /// (earlier person, later person).
    pub(crate) fn build(ids: &Strings) -> Result<IdIndex, (u32, u32)> {
        let mut ix = IdIndex::with_capacity(ids.len());
        for i in 0..ids.len() as u32 {
            ix.insert(ids, i).map_err(|first| (first, i))?;
        }
        Ok(ix)
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.slots.capacity() * 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_id_and_reports_duplicates() {
        let mut ids = Strings::new();
        let mut ix = IdIndex::default();
        for i in 0..1000u32 {
            ids.push(&format!("id-{i}")).unwrap();
            ix.insert(&ids, i).unwrap();
        }
        for i in 0..1000u32 {
            assert_eq!(ix.get(&ids, &format!("id-{i}")), Some(i));
        }
        assert_eq!(ix.get(&ids, "id-1000"), None);
        ids.push("id-7").unwrap();
        assert_eq!(ix.insert(&ids, 1000), Err(7));
        assert_eq!(IdIndex::build(&ids).err(), Some((7, 1000)));
    }
}
