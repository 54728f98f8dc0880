//! Per-person simulation state as a struct of arrays (ARCHITECTURE: "people
//! state"). Each array holds one small value per person, so the cast loop,
//! which walks people in order, reads memory linearly and touches only what
//! the cast needs.

use crate::time::Instant;

/// A fixed-width bitset per person: person `p`'s bits live in words
/// `p * words .. (p + 1) * words`.
pub struct PersonBits {
    words: usize,
    bits: Vec<u64>,
}

impl PersonBits {
    pub fn new(people: usize, width: usize) -> PersonBits {
        let words = width.div_ceil(64);
        PersonBits { words, bits: vec![0; people * words] }
    }
    #[inline]
    pub fn get(&self, p: u32, i: u32) -> bool {
        let w = p as usize * self.words + (i as usize >> 6);
        self.bits.get(w).is_some_and(|x| x & (1u64 << (i & 63)) != 0)
    }
    #[inline]
    pub fn set(&mut self, p: u32, i: u32) {
        let w = p as usize * self.words + (i as usize >> 6);
        if let Some(x) = self.bits.get_mut(w) {
            *x |= 1u64 << (i & 63);
        }
    }
    #[inline]
    pub fn clear(&mut self, p: u32, i: u32) {
        let w = p as usize * self.words + (i as usize >> 6);
        if let Some(x) = self.bits.get_mut(w) {
            *x &= !(1u64 << (i & 63));
        }
    }
    #[inline]
    pub fn assign(&mut self, p: u32, i: u32, v: bool) {
        if v {
            self.set(p, i);
        } else {
            self.clear(p, i);
        }
    }
    /// Person `p`'s words.
    #[inline]
    pub fn row(&self, p: u32) -> &[u64] {
        let s = p as usize * self.words;
        self.bits.get(s..s + self.words).unwrap_or(&[])
    }
    pub fn bytes_per_person(&self) -> usize {
        self.words * 8
    }
}

/// Bits `base .. base + len` of `row` (`len` ≤ 64) as the low bits of a
/// word; bits past the row's end read as 0.
#[inline]
pub fn extract(row: &[u64], base: u32, len: u32) -> u64 {
    debug_assert!((1..=64).contains(&len));
    let w = (base >> 6) as usize;
    let shift = base & 63;
    let lo = row.get(w).map_or(0, |x| x >> shift);
    let hi = if shift == 0 { 0 } else { row.get(w + 1).map_or(0, |x| x << (64 - shift)) };
    (lo | hi) & low_mask(len)
}

/// A word with the low `len` bits set (`len` ≤ 64).
#[inline]
pub fn low_mask(len: u32) -> u64 {
    if len >= 64 {
        u64::MAX
    } else {
        (1u64 << len) - 1
    }
}

/// "Not a member of this EP now" in [`Memberships::stream`].
pub const NO_STREAM: u8 = u8::MAX;

/// Membership flags, one byte per person per EP (R-ME).
pub mod flag {
    /// Person cadence `paused` (R-ME-2).
    pub const PAUSED: u8 = 1;
    /// Exhausted in the current stream (R-CS-4).
    pub const EXHAUSTED: u8 = 2;
    /// A membership whose `added_at` is still ahead: it holds the slot (an
    /// `add_member` does nothing) but is not a member yet.
    pub const SCHEDULED: u8 = 4;
    /// Entered the current stream at the instant being processed, so not
    /// considered at its casts (R-ME-3: "strictly after"). Whoever entered
    /// earlier is considered at every later processing instant, so this one
    /// bit replaces an entry instant; it is cleared when the clock moves on.
    pub const ENTERED_NOW: u8 = 8;
    /// The membership itself started at the instant being processed (a
    /// rule move then does not make the person castable at once, R-TR-3).
    pub const ADDED_NOW: u8 = 16;
    /// Both "now" bits.
    pub const NOW: u8 = ENTERED_NOW | ADDED_NOW;
}

/// Everyone's membership of one engagement program (R-ME-1): two bytes per
/// person. The stream is the index inside the EP's stream list (R-EP-3
/// allows at most 25), so a cast scans one byte per person.
pub struct Memberships {
    pub stream: Vec<u8>,
    pub flags: Vec<u8>,
}

impl Memberships {
    pub fn new(people: usize) -> Memberships {
        Memberships { stream: vec![NO_STREAM; people], flags: vec![0; people] }
    }
    /// A member now (a scheduled membership is not one yet).
    #[inline]
    pub fn is_member(&self, p: u32) -> bool {
        self.stream[p as usize] != NO_STREAM
    }
    /// Holds a membership, current or scheduled.
    #[inline]
    pub fn is_occupied(&self, p: u32) -> bool {
        self.is_member(p) || self.flags[p as usize] & flag::SCHEDULED != 0
    }
    pub const BYTES_PER_PERSON: usize = 2;
}

/// Person-level flags, one byte per person (R-CS-6, R-BH-1).
pub mod person {
    pub const NO_EMAIL: u8 = 1;
    pub const SUSPENDED: u8 = 2;
    pub const INVALID: u8 = 4;
    /// Unsubscribed (by the plan, a `set_person` event or a drawn reaction).
    pub const UNSUB: u8 = 8;
    /// Unsubscribed by a reaction drawn at the instant being processed:
    /// `{"unsubscribed": true}` holds already, but other sends of the same
    /// instant still go out (R-BH-1). Cleared when the clock moves on.
    pub const UNSUB_NOW: u8 = 16;
}

/// The most recent email sends per person, oldest first, for the
/// communication limits (R-LIM). Only the last `len` sends can decide a
/// limit of at most `len`, so that is all that is kept.
pub struct SendRing {
    len: usize,
    at: Vec<i64>,
}

impl SendRing {
    pub fn new(people: usize, len: usize) -> SendRing {
        SendRing { len, at: vec![i64::MIN; people * len] }
    }
    #[inline]
    pub fn recent(&self, p: u32) -> &[i64] {
        let s = p as usize * self.len;
        &self.at[s..s + self.len]
    }
    /// Records a send; sends arrive in time order.
    #[inline]
    pub fn push(&mut self, p: u32, t: Instant) {
        if self.len == 0 {
            return;
        }
        let s = p as usize * self.len;
        let r = &mut self.at[s..s + self.len];
        // Shift by hand: `rotate_left` calls memmove for two elements.
        for i in 1..r.len() {
            r[i - 1] = r[i];
        }
        r[r.len() - 1] = t.0;
    }
    pub fn bytes_per_person(&self) -> usize {
        self.len * 8
    }
}
