//! Per-person simulation state as a struct of arrays (ARCHITECTURE: "people
//! state"). Person `p`'s bits of a bitset live in words
//! `p * words .. (p + 1) * words`.

use crate::time::Instant;

/// A growable bitset per person, `words` 64-bit words each.
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
    pub fn bytes_per_person(&self) -> usize {
        self.words * 8
    }
}

pub const NO_STREAM: u32 = u32::MAX;

/// A person's membership of one engagement program (R-ME-1).
#[derive(Clone, Copy, Debug)]
pub struct Slot {
    /// The current stream, or [`NO_STREAM`].
    pub stream: u32,
    pub paused: bool,
    /// Exhausted in the current stream (R-CS-4).
    pub exhausted: bool,
    /// When the membership starts; a future one is *scheduled*.
    pub added_at: Instant,
    /// Considered at casts whose processing instant is strictly after this
    /// (R-ME-3, R-TR-3).
    pub entered_at: Instant,
    /// Which entry of the membership list this is (for `--state`).
    pub entry: u32,
}

impl Slot {
    pub const EMPTY: Slot = Slot {
        stream: NO_STREAM,
        paused: false,
        exhausted: false,
        added_at: Instant::MAX,
        entered_at: Instant::MAX,
        entry: u32::MAX,
    };

    /// A member at `t` (a scheduled membership is not one yet).
    #[inline]
    pub fn member_at(&self, t: Instant) -> bool {
        self.stream != NO_STREAM && self.added_at <= t
    }
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
        r.rotate_left(1);
        r[self.len - 1] = t.0;
    }
    pub fn bytes_per_person(&self) -> usize {
        self.len * 8
    }
}
