//! The counter-based behaviour draw of R-BH-2.
//!
//! A draw is a pure function of (seed, person, content, delivery instant,
//! kind): no RNG state is shared, so results never depend on the population
//! or the processing order, one person can be replayed alone (explain), and
//! the browser and the CLI agree bit for bit.

use crate::model::Reaction;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a 64 of the UTF-8 bytes of `s`.
pub fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(FNV_OFFSET, |h, b| (h ^ u64::from(b)).wrapping_mul(FNV_PRIME))
}

/// SplitMix64's finaliser.
#[inline]
pub fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// `mix(seed ^ fnv(person_id))`: the per-person prefix of every draw,
/// computed once per person.
#[inline]
pub fn person_key(seed: u64, person_fnv: u64) -> u64 {
    mix(seed ^ person_fnv)
}

/// The uniform number `u` in [0, 1) of R-BH-2, from the person key, the
/// content id's FNV, the delivery instant's Unix seconds and the reaction.
#[inline]
pub fn uniform(person_key: u64, content_fnv: u64, unix_seconds: i64, kind: Reaction) -> f64 {
    uniform_of(delivery_key(person_key, content_fnv, unix_seconds), kind)
}

/// The part of R-BH-2's hash shared by every draw of one delivery (person,
/// content, instant): computed once, then one `mix` per reaction.
#[inline]
pub fn delivery_key(person_key: u64, content_fnv: u64, unix_seconds: i64) -> u64 {
    mix(mix(person_key ^ content_fnv) ^ unix_seconds as u64)
}

/// `u` for one reaction of the delivery whose [`delivery_key`] is `key`.
#[inline]
pub fn uniform_of(key: u64, kind: Reaction) -> f64 {
    let x = mix(key ^ kind as u64);
    // `x >> 11` < 2^53 converts exactly, and through i64 in one instruction.
    ((x >> 11) as i64) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_instant;

    fn u(seed: u64, person: &str, content: &str, at: &str, kind: Reaction) -> f64 {
        let secs = parse_instant(at).unwrap().unix_seconds();
        uniform(person_key(seed, fnv1a(person)), fnv1a(content), secs, kind)
    }

    #[test]
    fn fnv1a_known_values() {
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
    }

    /// The draws the stochastic_behavior scenario's README quotes (R-BH-2).
    #[test]
    fn r_bh_2_matches_the_documented_draws() {
        let a03 = u(42, "a03", "w1", "2027-01-05T09:00:00Z", Reaction::Unsubscribe);
        assert!((a03 - 0.0652).abs() < 5e-5, "{a03}");
        let a16_open = u(42, "a16", "w2", "2027-01-12T09:00:00Z", Reaction::Open);
        let a16_click = u(42, "a16", "w2", "2027-01-12T09:00:00Z", Reaction::Click);
        assert!((a16_open - 0.164).abs() < 5e-4, "{a16_open}");
        assert!((a16_click - 0.0856).abs() < 5e-5, "{a16_click}");
        let a01_open = u(42, "a01", "w1", "2027-01-05T09:00:00Z", Reaction::Open);
        assert!((a01_open - 0.858).abs() < 5e-4, "{a01_open}");
    }
}
