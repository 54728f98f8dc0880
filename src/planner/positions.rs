//! Moves in a list that hides some items (archived content without "Show
//! archived", R-CO-4) as the full-list indices `Edit::MoveItem` takes.
//!
//! The user sees the visible items only; a move says "put it at visible
//! position p". In the full list the item goes just above the item that is
//! then p-th visible, or at the very end when it goes below the last
//! visible one. The engine's [`full_index`] does the counting.

use engine::edit::reorder::{full_index, step_target, Step};

/// `(from_index, to_index)` in full-list terms for moving the
/// `from_visible`-th visible item of a list whose items are shown or not as
/// `src_shown` says, so that it ends at visible position `to_visible`:
/// in the same list (`dst_shown` `None`, `to_visible` counted after the item
/// is taken out) or in another list (`dst_shown`). `None` when an index is
/// out of range.
pub fn full_move(
    src_shown: &[bool],
    from_visible: usize,
    dst_shown: Option<&[bool]>,
    to_visible: usize,
) -> Option<(usize, usize)> {
    let from = full_index(src_shown.iter().copied(), from_visible)?;
    let remaining: Vec<bool> = match dst_shown {
        None => src_shown
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != from)
            .map(|(_, v)| *v)
            .collect(),
        Some(d) => d.to_vec(),
    };
    let visible = remaining.iter().filter(|v| **v).count();
    if to_visible > visible {
        return None;
    }
    let to = full_index(remaining.iter().copied(), to_visible).unwrap_or(remaining.len());
    Some((from, to))
}

/// An item-menu step ("Move to top / up / down / to bottom") of the
/// `visible_index`-th visible item, as full-list `(from, to)`; `None` when
/// the item would not move or the index is out of range.
pub fn step_move(shown: &[bool], visible_index: usize, step: Step) -> Option<(usize, usize)> {
    let len = shown.iter().filter(|v| **v).count();
    let to_visible = step_target(len, visible_index, step)?;
    if to_visible == visible_index {
        return None;
    }
    full_move(shown, visible_index, None, to_visible)
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::edit::reorder::reorder;

    /// Applies a full move to labelled items and returns the visible labels.
    fn visible_after(items: &[(char, bool)], from: usize, to: usize) -> String {
        let mut v = items.to_vec();
        reorder(&mut v, from, to).unwrap();
        v.iter().filter(|(_, shown)| *shown).map(|(c, _)| *c).collect()
    }

    fn shown(items: &[(char, bool)]) -> Vec<bool> {
        items.iter().map(|(_, s)| *s).collect()
    }

    #[test]
    fn without_hidden_items_indices_are_unchanged() {
        let all = [true; 4];
        assert_eq!(full_move(&all, 2, None, 0), Some((2, 0)));
        assert_eq!(full_move(&all, 0, None, 3), Some((0, 3)));
        assert_eq!(full_move(&all, 1, Some(&[true, true]), 2), Some((1, 2)));
        assert_eq!(full_move(&all, 1, Some(&[]), 0), Some((1, 0)));
        assert_eq!(full_move(&all, 4, None, 0), None);
        assert_eq!(full_move(&all, 0, None, 4), None);
        assert_eq!(full_move(&all, 0, Some(&[true]), 2), None);
    }

    #[test]
    fn hidden_items_are_skipped() {
        // a B(hidden) c d: the user sees a c d.
        let items = [('a', true), ('B', false), ('c', true), ('d', true)];
        let s = shown(&items);
        // d (visible 2) to the top.
        let (from, to) = full_move(&s, 2, None, 0).unwrap();
        assert_eq!((from, to), (3, 0));
        assert_eq!(visible_after(&items, from, to), "dac");
        // a (visible 0) below c (visible 1 after taking a out).
        let (from, to) = full_move(&s, 0, None, 1).unwrap();
        assert_eq!(visible_after(&items, from, to), "cad");
        // a to the bottom.
        let (from, to) = full_move(&s, 0, None, 2).unwrap();
        assert_eq!(visible_after(&items, from, to), "cda");
        // Into another list x Y(hidden) z at visible 1: just above z.
        let (_, to) = full_move(&s, 0, Some(&[true, false, true]), 1).unwrap();
        assert_eq!(to, 2);
    }

    #[test]
    fn every_visible_move_lands_where_asked() {
        // All lists of up to 6 items with some hidden, every move.
        for len in 1..=6usize {
            for mask in 0..(1u32 << len) {
                let items: Vec<(char, bool)> =
                    (0..len).map(|i| ((b'a' + i as u8) as char, mask & (1 << i) != 0)).collect();
                let s = shown(&items);
                let visible: Vec<char> = items.iter().filter(|i| i.1).map(|i| i.0).collect();
                for from_v in 0..visible.len() {
                    for to_v in 0..visible.len() {
                        let (from, to) = full_move(&s, from_v, None, to_v).unwrap();
                        let mut expected = visible.clone();
                        let c = expected.remove(from_v);
                        expected.insert(to_v, c);
                        assert_eq!(
                            visible_after(&items, from, to),
                            expected.iter().collect::<String>(),
                            "{items:?} {from_v}->{to_v}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn steps_skip_hidden_items_and_stay_put_at_the_ends() {
        let items = [('a', true), ('B', false), ('c', true)];
        let s = shown(&items);
        assert_eq!(step_move(&s, 0, Step::Up), None);
        assert_eq!(step_move(&s, 1, Step::Down), None);
        let (from, to) = step_move(&s, 1, Step::Up).unwrap();
        assert_eq!(visible_after(&items, from, to), "ca");
        let (from, to) = step_move(&s, 0, Step::Bottom).unwrap();
        assert_eq!(visible_after(&items, from, to), "ca");
        assert_eq!(step_move(&s, 2, Step::Top), None);
    }
}
