//! R-TR-2: at each evaluation a member moves to the *first* stream, in the
//! program's stream order, that has a rule holding for them. When two
//! streams have rules that can hold for the same person at the same time,
//! the later one only gets the people the earlier one does not take, which
//! is easy to miss; the editor flags such pairs.
//!
//! The check is sound, not complete: two rule sets are reported exclusive
//! only when a simple argument proves it (both require contradictory leaves,
//! e.g. `score ≥ 50` and `score ≤ 20`, `exhausted` true and false, sitting
//! in two different streams of the program, `x` and `not x`); anything else
//! is flagged as possibly overlapping.

use engine::model::{AttrOp, AttrValue, Condition, EngagementProgram, StreamId};

/// Two streams of a program (indices in stream order) whose rules may hold
/// for the same person at once: the first wins (R-TR-2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Overlap {
    pub first: usize,
    pub second: usize,
}

/// The pairs of streams with rules that can hold at the same time.
pub fn overlapping_streams(ep: &EngagementProgram) -> Vec<Overlap> {
    let own: Vec<&StreamId> = ep.streams.iter().map(|s| &s.id).collect();
    let same_program = |a: &StreamId, b: &StreamId| own.contains(&a) && own.contains(&b);
    let mut out = Vec::new();
    for (i, a) in ep.streams.iter().enumerate() {
        for (j, b) in ep.streams.iter().enumerate().skip(i + 1) {
            if a.transition_rules.is_empty() || b.transition_rules.is_empty() {
                continue;
            }
            let exclusive = a
                .transition_rules
                .iter()
                .all(|ra| b.transition_rules.iter().all(|rb| exclusive(ra, rb, &same_program)));
            if !exclusive {
                out.push(Overlap { first: i, second: j });
            }
        }
    }
    out
}

/// True when `a` and `b` can never hold for the same person at the same
/// instant (a sound, incomplete check). `one_stream(s, t)`: a person sits in
/// at most one of streams `s` and `t` (they belong to the same program).
pub fn exclusive(a: &Condition, b: &Condition, one_stream: &impl Fn(&StreamId, &StreamId) -> bool) -> bool {
    // An `any` is exclusive with b when each of its branches is.
    if let Condition::Any(cs) = a {
        return cs.iter().all(|c| exclusive(c, b, one_stream));
    }
    if let Condition::Any(cs) = b {
        return cs.iter().all(|c| exclusive(a, c, one_stream));
    }
    let (ca, cb) = (conjuncts(a), conjuncts(b));
    ca.iter().any(|x| cb.iter().any(|y| contradict(x, y, one_stream)))
        || [&ca, &cb].iter().any(|cs| cs.iter().any(|x| cs.iter().any(|y| contradict(x, y, one_stream))))
}

/// The parts that must all hold: `all` flattened.
fn conjuncts(c: &Condition) -> Vec<&Condition> {
    match c {
        Condition::All(cs) => cs.iter().flat_map(conjuncts).collect(),
        other => vec![other],
    }
}

/// Two conditions that cannot both hold.
fn contradict(x: &Condition, y: &Condition, one_stream: &impl Fn(&StreamId, &StreamId) -> bool) -> bool {
    use Condition::*;
    match (x, y) {
        (Not(n), other) | (other, Not(n)) if **n == *other => true,
        (Exhausted(p), Exhausted(q)) | (Unsubscribed(p), Unsubscribed(q)) => p != q,
        (InStream(s), InStream(t)) => s != t && one_stream(s, t),
        (Attr { name: n1, op: o1 }, Attr { name: n2, op: o2 }) if n1 == n2 => ops_contradict(o1, o2),
        (Any(cs), other) | (other, Any(cs)) => cs.iter().all(|c| contradict(c, other, one_stream)),
        (All(cs), other) | (other, All(cs)) => cs.iter().any(|c| contradict(c, other, one_stream)),
        _ => false,
    }
}

/// Two comparisons of one attribute that no value satisfies together
/// (R-CD-2: a person without the attribute fails every operator but `ne`).
fn ops_contradict(a: &AttrOp, b: &AttrOp) -> bool {
    // The values that satisfy an operator, where it is a finite set.
    fn finite(op: &AttrOp) -> Option<Vec<&AttrValue>> {
        match op {
            AttrOp::Eq(v) => Some(vec![v]),
            AttrOp::In(vs) => Some(vs.iter().collect()),
            _ => None,
        }
    }
    fn holds(op: &AttrOp, v: &AttrValue) -> bool {
        op.holds(Some(v))
    }
    if let Some(vs) = finite(a) {
        return !vs.iter().any(|v| holds(b, v));
    }
    if let Some(vs) = finite(b) {
        return !vs.iter().any(|v| holds(a, v));
    }
    match (a, b) {
        (AttrOp::Gte(lo), AttrOp::Lte(hi)) | (AttrOp::Lte(hi), AttrOp::Gte(lo)) => hi < lo,
        // A number comparison holds only for a number, `contains` only for text.
        (AttrOp::Gte(_) | AttrOp::Lte(_), AttrOp::Contains(_))
        | (AttrOp::Contains(_), AttrOp::Gte(_) | AttrOp::Lte(_)) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::model::{EpId, Stream};

    fn attr(name: &str, op: AttrOp) -> Condition {
        Condition::Attr { name: name.into(), op }
    }

    fn no_streams(_: &StreamId, _: &StreamId) -> bool {
        false
    }

    fn same(_: &StreamId, _: &StreamId) -> bool {
        true
    }

    #[test]
    fn contradictory_leaves_are_exclusive() {
        let hi = attr("score", AttrOp::Gte(50.0));
        let lo = attr("score", AttrOp::Lte(20.0));
        assert!(exclusive(&hi, &lo, &no_streams));
        assert!(!exclusive(&hi, &attr("score", AttrOp::Lte(60.0)), &no_streams));
        assert!(exclusive(&Condition::Exhausted(true), &Condition::Exhausted(false), &no_streams));
        assert!(exclusive(&hi, &Condition::Not(Box::new(hi.clone())), &no_streams));
        let fr = attr("country", AttrOp::Eq(AttrValue::Str("FR".into())));
        let de = attr("country", AttrOp::Eq(AttrValue::Str("DE".into())));
        assert!(exclusive(&fr, &de, &no_streams));
        assert!(!exclusive(&fr, &attr("country", AttrOp::Contains("F".into())), &no_streams));
        assert!(exclusive(&fr, &attr("country", AttrOp::Ne(AttrValue::Str("FR".into()))), &no_streams));
        // Type-strict (R-CD-2): "5" never equals 5, but nobody has both.
        assert!(exclusive(
            &attr("n", AttrOp::Eq(AttrValue::Str("5".into()))),
            &attr("n", AttrOp::Gte(1.0)),
            &no_streams
        ));
        // Different attributes, different emails: may both hold.
        assert!(!exclusive(&hi, &attr("age", AttrOp::Lte(20.0)), &no_streams));
        assert!(!exclusive(&Condition::Opened("a".into()), &Condition::Clicked("a".into()), &no_streams));
    }

    #[test]
    fn streams_count_only_within_one_program() {
        let s1 = Condition::InStream("s1".into());
        let s2 = Condition::InStream("s2".into());
        assert!(exclusive(&s1, &s2, &same));
        assert!(!exclusive(&s1, &s2, &no_streams));
        assert!(!exclusive(&s1, &s1, &same));
    }

    #[test]
    fn all_and_any_combine_soundly() {
        let hi = attr("score", AttrOp::Gte(50.0));
        let lo = attr("score", AttrOp::Lte(20.0));
        let opened = Condition::Opened("w".into());
        // all(hi, opened) vs lo: exclusive through hi.
        assert!(exclusive(&Condition::All(vec![hi.clone(), opened.clone()]), &lo, &no_streams));
        // any(hi, opened) vs lo: the opened branch may hold with lo.
        assert!(!exclusive(&Condition::Any(vec![hi.clone(), opened.clone()]), &lo, &no_streams));
        // any(hi, exhausted) vs all(lo, not exhausted): each branch contradicts.
        let a = Condition::Any(vec![hi.clone(), Condition::Exhausted(true)]);
        let b = Condition::All(vec![lo.clone(), Condition::Exhausted(false)]);
        assert!(exclusive(&a, &b, &no_streams));
        // A rule that contradicts itself holds for nobody.
        assert!(exclusive(&Condition::All(vec![hi.clone(), lo.clone()]), &opened, &no_streams));
    }

    fn stream(id: &str, rules: Vec<Condition>) -> Stream {
        Stream { id: id.into(), name: None, cadence: None, content: vec![], transition_rules: rules }
    }

    #[test]
    fn programs_report_pairs_in_stream_order() {
        let hi = attr("score", AttrOp::Gte(50.0));
        let lo = attr("score", AttrOp::Lte(20.0));
        let ep = EngagementProgram {
            id: EpId::from("ep"),
            name: None,
            active: false,
            streams: vec![
                stream("a", vec![]),
                stream("b", vec![hi.clone()]),
                stream("c", vec![lo.clone()]),
                stream("d", vec![Condition::Opened("w".into())]),
            ],
        };
        assert_eq!(overlapping_streams(&ep), [Overlap { first: 1, second: 3 }, Overlap { first: 2, second: 3 }]);
        // Several rules on a stream: every pair must be exclusive.
        let ep2 = EngagementProgram {
            streams: vec![stream("b", vec![hi.clone(), Condition::Exhausted(true)]), stream("c", vec![lo])],
            ..ep
        };
        assert_eq!(overlapping_streams(&ep2), [Overlap { first: 0, second: 1 }]);
    }
}
