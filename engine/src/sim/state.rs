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
///
/// Sends are kept as whole minutes since 1970 in a `u32` (0: no send),
/// half the memory of an instant: every cast instant is a whole minute in
/// practice. The first send that is not (an imported history instant with
/// seconds, a date before 1970 or after year 10000) switches the whole
/// ring to exact microseconds, so the limits never round.
pub struct SendRing {
    len: usize,
    minutes: Vec<u32>,
    /// Exact instants (`i64::MIN`: no send), once `minutes` cannot hold one.
    micros: Vec<i64>,
    /// The last instant pushed and its minute: a cast pushes one instant
    /// for everyone.
    memo: (i64, Option<u32>),
}

const MICROS_PER_MINUTE: i64 = 60_000_000;

impl SendRing {
    pub fn new(people: usize, len: usize) -> SendRing {
        SendRing { len, minutes: vec![0; people * len], micros: Vec::new(), memo: (i64::MIN, None) }
    }

    fn wide(&self) -> bool {
        self.minutes.is_empty() && self.len > 0
    }

    /// The `k`-th most recent send of `p` (`k` ≥ 1), in microseconds.
    #[inline]
    pub fn kth_latest(&self, p: u32, k: usize) -> Option<i64> {
        if k == 0 || k > self.len {
            return None;
        }
        let i = p as usize * self.len + self.len - k;
        if self.wide() {
            self.micros.get(i).copied().filter(|&t| t != i64::MIN)
        } else {
            self.minutes.get(i).copied().filter(|&m| m != 0).map(|m| i64::from(m - 1) * MICROS_PER_MINUTE)
        }
    }

    /// Whether `p`'s `k`-th most recent send (`k` ≥ 1) is strictly after
    /// `since`: the 7-day limit's test, without converting every minute
    /// back to an instant.
    #[inline(always)]
    pub fn kth_latest_after(&self, p: u32, k: usize, since: i64) -> bool {
        if k == 0 || k > self.len {
            return false;
        }
        let i = p as usize * self.len + self.len - k;
        match self.minutes.get(i) {
            // Stored m is the instant (m - 1) minutes; for whole x,
            // x · 60 s > since exactly when x > floor(since / 60 s).
            Some(&m) => m != 0 && i64::from(m) - 1 > since.div_euclid(MICROS_PER_MINUTE),
            None => self.micros.get(i).is_some_and(|&t| t != i64::MIN && t > since),
        }
    }

    /// Records a send; sends arrive in time order.
    #[inline(always)]
    pub fn push(&mut self, p: u32, t: Instant) {
        if self.memo.0 != t.0 {
            self.memo = (t.0, minute_of(t));
        }
        let at = p as usize * self.len;
        match (self.memo.1, self.minutes.get_mut(at..at + self.len)) {
            // The usual limits (1 or 2 sends) without a loop.
            (Some(m), Some([only])) => *only = m,
            (Some(m), Some([older, newer])) => {
                *older = *newer;
                *newer = m;
            }
            (Some(m), Some(ring)) if !ring.is_empty() => shift_in(ring, m),
            _ => self.push_slow(at, t),
        }
    }

    /// A send the minute ring cannot hold (or no ring at all).
    #[cold]
    fn push_slow(&mut self, at: usize, t: Instant) {
        if self.len == 0 {
            return;
        }
        if !self.wide() {
            self.widen();
        }
        shift_in(&mut self.micros[at..at + self.len], t.0);
    }

    /// Switches to exact instants, keeping every send.
    #[cold]
    fn widen(&mut self) {
        self.micros =
            self.minutes.iter().map(|&m| if m == 0 { i64::MIN } else { i64::from(m - 1) * MICROS_PER_MINUTE }).collect();
        self.minutes = Vec::new();
    }

    pub fn bytes_per_person(&self) -> usize {
        self.len * if self.wide() { 8 } else { 4 }
    }
}

/// `t` as stored in the minute ring (minutes since 1970, plus 1), if exact.
fn minute_of(t: Instant) -> Option<u32> {
    if t.0 < 0 || t.0 % MICROS_PER_MINUTE != 0 {
        return None;
    }
    u32::try_from(t.0 / MICROS_PER_MINUTE + 1).ok().filter(|&m| m != u32::MAX)
}

/// Drops the oldest entry of `ring` and appends `v`. By hand: `rotate_left`
/// calls memmove for two elements.
#[inline]
fn shift_in<T: Copy>(ring: &mut [T], v: T) {
    for i in 1..ring.len() {
        ring[i - 1] = ring[i];
    }
    if let Some(last) = ring.last_mut() {
        *last = v;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn send_ring_keeps_the_latest_sends_and_widens_exactly() {
        let minute = |m: i64| Instant(m * MICROS_PER_MINUTE);
        let mut r = SendRing::new(2, 2);
        assert_eq!(r.kth_latest(1, 1), None);
        r.push(1, minute(10));
        r.push(1, minute(20));
        r.push(1, minute(30));
        assert_eq!(r.kth_latest(1, 1), Some(minute(30).0));
        assert_eq!(r.kth_latest(1, 2), Some(minute(20).0));
        assert_eq!(r.kth_latest(1, 3), None);
        assert_eq!(r.kth_latest(0, 1), None);
        assert_eq!(r.bytes_per_person(), 8);
        // Seconds: the ring switches to exact instants and keeps the rest.
        r.push(0, Instant(minute(40).0 + 1_000_000));
        assert_eq!(r.kth_latest(0, 1), Some(minute(40).0 + 1_000_000));
        assert_eq!(r.kth_latest(1, 1), Some(minute(30).0));
        assert_eq!(r.kth_latest(1, 2), Some(minute(20).0));
        assert_eq!(r.bytes_per_person(), 16);
        // Before 1970.
        let mut r = SendRing::new(1, 1);
        r.push(0, minute(-5));
        assert_eq!(r.kth_latest(0, 1), Some(minute(-5).0));
    }
}
