//! Per stream, per content item, per cast: deliveries and reactions, for the
//! engagement score (R-SC-1) and content statistics.

use super::outcome::Reactions;
use crate::model::Benchmarks;
use crate::time::Instant;
use std::collections::HashMap;

/// What one cast (one cast date) of one stream did with one item.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CastStat {
    pub day: i32,
    pub deliveries: u32,
    pub opens: u32,
    pub clicks: u32,
    pub unsubscribes: u32,
    pub successes: u32,
    /// The last instant at which this cast delivered the item.
    pub last_at: Option<Instant>,
}

/// Scores and statistics per (stream, item, cast date).
///
/// Deliveries arrive one by one, mostly many in a row for the same cast, so
/// they are first added up in a dense per-content table for the cast being
/// processed (no hashing per delivery) and folded into the per-item lists
/// when another cast starts delivering or on [`flush`](Self::flush). The
/// simulation flushes at the end of every step, so readers between steps
/// see every delivery.
#[derive(Default)]
pub struct ScoreStats {
    /// (stream, content) → casts in cast-date order.
    by_item: HashMap<(u32, u32), Vec<CastStat>>,
    /// The (stream, cast day) whose deliveries `pending` holds.
    open: Option<(u32, i32)>,
    /// Per content: what the open cast delivered.
    pending: Vec<Tally>,
    /// The contents with an entry in `pending`, in first-delivery order.
    touched: Vec<u32>,
}

impl ScoreStats {
    #[inline]
    pub fn record(&mut self, stream: u32, content: u32, day: i32, at: Instant, r: Reactions, _program: bool) {
        self.begin(stream, day);
        self.record_in_cast(content, at, r);
    }

    /// Makes (`stream`, `day`) the open cast, folding the previous one.
    #[inline]
    pub fn begin(&mut self, stream: u32, day: i32) {
        if self.open != Some((stream, day)) {
            self.flush();
            self.open = Some((stream, day));
        }
    }

    /// One delivery of the open cast (see [`begin`](Self::begin)).
    #[inline]
    pub fn record_in_cast(&mut self, content: u32, at: Instant, r: Reactions) {
        debug_assert!(self.open.is_some());
        let i = content as usize;
        if i >= self.pending.len() {
            self.pending.resize(i + 1, Tally::default());
        }
        let tally = &mut self.pending[i];
        if tally.deliveries == 0 {
            self.touched.push(content);
        }
        tally.deliveries += 1;
        tally.opens += u32::from(r.opened);
        tally.clicks += u32::from(r.clicked);
        tally.unsubscribes += u32::from(r.unsubscribed);
        tally.successes += u32::from(r.succeeded);
        tally.last_at = tally.last_at.max(at.0);
    }

    /// Folds the open cast's deliveries into the per-item lists.
    pub fn flush(&mut self) {
        let Some((stream, day)) = self.open.take() else { return };
        for content in self.touched.drain(..) {
            let part = std::mem::take(&mut self.pending[content as usize]);
            let casts = self.by_item.entry((stream, content)).or_default();
            // Recipient-time-zone casts can interleave deliveries of two dates.
            let stat = match casts.iter().rposition(|c| c.day == day) {
                Some(i) => &mut casts[i],
                None => {
                    let i = casts.partition_point(|c| c.day < day);
                    casts.insert(i, CastStat { day, ..CastStat::default() });
                    &mut casts[i]
                }
            };
            stat.deliveries += part.deliveries;
            stat.opens += part.opens;
            stat.clicks += part.clicks;
            stat.unsubscribes += part.unsubscribes;
            stat.successes += part.successes;
            stat.last_at = stat.last_at.max(Some(Instant(part.last_at)));
        }
    }

    /// R-CO-5: removing content deletes its stream statistics.
    pub fn remove(&mut self, stream: u32, content: u32) {
        self.flush();
        self.by_item.remove(&(stream, content));
    }

    pub fn casts(&self, stream: u32, content: u32) -> &[CastStat] {
        self.by_item.get(&(stream, content)).map_or(&[], Vec::as_slice)
    }

    /// Totals over every cast of the item in the stream.
    pub fn totals(&self, stream: u32, content: u32) -> CastStat {
        self.casts(stream, content).iter().fold(CastStat::default(), |mut acc, c| {
            acc.deliveries += c.deliveries;
            acc.opens += c.opens;
            acc.clicks += c.clicks;
            acc.unsubscribes += c.unsubscribes;
            acc.successes += c.successes;
            acc.last_at = acc.last_at.max(c.last_at);
            acc
        })
    }

    /// R-SC-1: the score read at `now`, from the last 3 casts whose 72 hours
    /// have passed; `None` with fewer than 30 deliveries ("not enough data").
    pub fn score(&self, stream: u32, content: u32, is_program: bool, b: &Benchmarks, now: Instant) -> Option<u8> {
        let ready = self
            .casts(stream, content)
            .iter()
            .rev()
            .filter(|c| c.deliveries > 0 && c.last_at.is_some_and(|l| l.plus_hours(72) <= now))
            .take(3);
        let (mut d, mut o, mut k, mut u, mut s) = (0u32, 0u32, 0u32, 0u32, 0u32);
        for c in ready {
            d += c.deliveries;
            o += c.opens;
            k += c.clicks;
            u += c.unsubscribes;
            s += c.successes;
        }
        if d < 30 {
            return None;
        }
        let n = f64::from(d);
        let r_unsub = f64::from(u) / n;
        let index = if is_program {
            f64::from(s) / n / b.success - 0.5 * (r_unsub / b.unsubscribe - 1.0)
        } else {
            0.4 * (f64::from(o) / n / b.open) + 0.6 * (f64::from(k) / n / b.click)
                - 0.5 * (r_unsub / b.unsubscribe - 1.0)
        };
        Some(score_from_index(index))
    }
}

/// What the open cast delivered of one item so far (at least one delivery
/// once touched, so `last_at` is then a real instant).
#[derive(Clone, Copy, Debug)]
struct Tally {
    deliveries: u32,
    opens: u32,
    clicks: u32,
    unsubscribes: u32,
    successes: u32,
    last_at: i64,
}

impl Default for Tally {
    fn default() -> Self {
        Tally { deliveries: 0, opens: 0, clicks: 0, unsubscribes: 0, successes: 0, last_at: i64::MIN }
    }
}

/// `clamp(floor(50.0 * index + 0.5 + 1e-9), 0, 100)` (R-SC-1).
pub fn score_from_index(index: f64) -> u8 {
    let v = (50.0 * index + 0.5 + 1e-9).floor();
    if v.is_nan() {
        0
    } else {
        v.clamp(0.0, 100.0) as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// R-SC-1's worked example: 57.49999999999999 in doubles rounds to 58.
    #[test]
    fn r_sc_1_rounds_half_up_with_epsilon() {
        let b = Benchmarks { open: 0.2, click: 0.025, unsubscribe: 0.03, success: 0.08 };
        let n = 40.0;
        let index = 0.4 * ((1.0 / n) / b.open) + 0.6 * ((1.0 / n) / b.click) - 0.5 * ((0.0 / n) / b.unsubscribe - 1.0);
        assert_eq!(score_from_index(index), 58);
        assert_eq!(score_from_index(-3.0), 0);
        assert_eq!(score_from_index(9.0), 100);
    }
}
