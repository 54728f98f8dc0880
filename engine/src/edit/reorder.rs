//! Pure list moves for the sortable lists of the app (stream content,
//! streams, behaviour multipliers): the same functions serve the pointer
//! drag, the keyboard drag and the "Move to top / up / down / bottom" menu.
//!
//! Convention everywhere: `to` is the index the item has **after** the move
//! (0 = top). Indices out of range are errors, never panics, and an error
//! leaves the lists as they were.

use std::fmt;

/// An index that is past the end of its list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IndexError {
    /// Which index: `"from"` or `"to"`.
    pub which: &'static str,
    pub index: usize,
    /// The largest allowed index plus one.
    pub bound: usize,
}

impl fmt::Display for IndexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.bound == 0 {
            write!(f, "{} index {} is out of range: the list is empty", self.which, self.index)
        } else {
            write!(f, "{} index {} is out of range (0 to {})", self.which, self.index, self.bound - 1)
        }
    }
}

impl std::error::Error for IndexError {}

fn check(which: &'static str, index: usize, bound: usize) -> Result<(), IndexError> {
    if index < bound {
        Ok(())
    } else {
        Err(IndexError { which, index, bound })
    }
}

/// Moves the item at `from` so that it ends at index `to`; the items between
/// shift by one. Both indices must be `< items.len()`. `from == to` is a
/// no-op. Costs O(|from − to|).
pub fn reorder<T>(items: &mut [T], from: usize, to: usize) -> Result<(), IndexError> {
    check("from", from, items.len())?;
    check("to", to, items.len())?;
    if from < to {
        items[from..=to].rotate_left(1);
    } else if to < from {
        items[to..=from].rotate_right(1);
    }
    Ok(())
}

/// Moves the item at `from_index` of `from` into `to` so that it ends at
/// `to_index` there (`to_index <= to.len()`; `to.len()` appends). Checked
/// before anything moves.
pub fn transfer<T>(from: &mut Vec<T>, from_index: usize, to: &mut Vec<T>, to_index: usize) -> Result<(), IndexError> {
    check("from", from_index, from.len())?;
    check("to", to_index, to.len() + 1)?;
    let item = from.remove(from_index);
    to.insert(to_index, item);
    Ok(())
}

/// Inserts `item` at `index` (`index <= items.len()`); on error the item is
/// handed back.
pub fn insert_at<T>(items: &mut Vec<T>, index: usize, item: T) -> Result<(), (IndexError, T)> {
    if let Err(e) = check("to", index, items.len() + 1) {
        return Err((e, item));
    }
    items.insert(index, item);
    Ok(())
}

/// The item-menu moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Step {
    Top,
    Up,
    Down,
    Bottom,
}

/// Where [`Step`] takes the item at `index` of a list of `len` items: the
/// `to` for [`reorder`]. Up at the top and Down at the bottom stay put.
/// `None` when `index` is out of range.
pub fn step_target(len: usize, index: usize, step: Step) -> Option<usize> {
    if index >= len {
        return None;
    }
    Some(match step {
        Step::Top => 0,
        Step::Up => index.saturating_sub(1),
        Step::Down => (index + 1).min(len - 1),
        Step::Bottom => len - 1,
    })
}

/// A pointer drop lands in a *gap*: gap `g` (0..=len) is the line just above
/// item `g` (`len`: below the last). This turns it into the `to` of a move.
/// `same_list_from`: the dragged item's index when the drop is in its own
/// list (removing it first shifts the gaps below it up by one), `None` when
/// it comes from another list.
pub fn to_index_for_gap(same_list_from: Option<usize>, gap: usize) -> usize {
    match same_list_from {
        Some(from) if gap > from => gap - 1,
        _ => gap,
    }
}

/// The index of an item in another list reached by the keyboard (left/right
/// across streams): the same row when there is one, else the end.
pub fn clamp_insert_index(target_len: usize, index: usize) -> usize {
    index.min(target_len)
}

/// The index in the full list of the `visible_index`-th visible item, for
/// lists that hide some items (archived content without "show archived").
/// `visible` says, per item of the full list, whether it is shown.
pub fn full_index(visible: impl IntoIterator<Item = bool>, visible_index: usize) -> Option<usize> {
    visible.into_iter().enumerate().filter(|(_, v)| *v).nth(visible_index).map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sorted(mut v: Vec<u8>) -> Vec<u8> {
        v.sort_unstable();
        v
    }

    #[test]
    fn reorder_moves_down_and_up() {
        let mut v = vec!['a', 'b', 'c', 'd'];
        reorder(&mut v, 0, 2).unwrap();
        assert_eq!(v, ['b', 'c', 'a', 'd']);
        reorder(&mut v, 3, 0).unwrap();
        assert_eq!(v, ['d', 'b', 'c', 'a']);
        reorder(&mut v, 1, 1).unwrap();
        assert_eq!(v, ['d', 'b', 'c', 'a']);
    }

    #[test]
    fn reorder_out_of_range_is_an_error_and_changes_nothing() {
        let mut v = vec![1, 2, 3];
        assert_eq!(reorder(&mut v, 3, 0), Err(IndexError { which: "from", index: 3, bound: 3 }));
        assert_eq!(reorder(&mut v, 0, 3), Err(IndexError { which: "to", index: 3, bound: 3 }));
        assert_eq!(reorder(&mut v, usize::MAX, usize::MAX).unwrap_err().which, "from");
        assert_eq!(v, [1, 2, 3]);
        let mut empty: Vec<u8> = vec![];
        let e = reorder(&mut empty, 0, 0).unwrap_err();
        assert_eq!(e.to_string(), "from index 0 is out of range: the list is empty");
        assert_eq!(IndexError { which: "to", index: 9, bound: 3 }.to_string(), "to index 9 is out of range (0 to 2)");
    }

    #[test]
    fn transfer_appends_and_inserts() {
        let mut a = vec![1, 2, 3];
        let mut b = vec![10];
        transfer(&mut a, 1, &mut b, 1).unwrap();
        assert_eq!((a.as_slice(), b.as_slice()), (&[1, 3][..], &[10, 2][..]));
        transfer(&mut a, 0, &mut b, 0).unwrap();
        assert_eq!((a.as_slice(), b.as_slice()), (&[3][..], &[1, 10, 2][..]));
        assert!(transfer(&mut a, 0, &mut b, 4).is_err());
        assert!(transfer(&mut a, 1, &mut b, 0).is_err());
        assert_eq!((a.as_slice(), b.as_slice()), (&[3][..], &[1, 10, 2][..]));
    }

    #[test]
    fn insert_at_hands_the_item_back_on_error() {
        let mut v = vec![1];
        assert_eq!(insert_at(&mut v, 2, 7), Err((IndexError { which: "to", index: 2, bound: 2 }, 7)));
        insert_at(&mut v, 1, 7).unwrap();
        insert_at(&mut v, 0, 0).unwrap();
        assert_eq!(v, [0, 1, 7]);
    }

    #[test]
    fn steps_clamp_at_the_ends() {
        assert_eq!(step_target(5, 2, Step::Top), Some(0));
        assert_eq!(step_target(5, 2, Step::Up), Some(1));
        assert_eq!(step_target(5, 0, Step::Up), Some(0));
        assert_eq!(step_target(5, 2, Step::Down), Some(3));
        assert_eq!(step_target(5, 4, Step::Down), Some(4));
        assert_eq!(step_target(5, 2, Step::Bottom), Some(4));
        assert_eq!(step_target(5, 5, Step::Top), None);
        assert_eq!(step_target(0, 0, Step::Bottom), None);
    }

    #[test]
    fn gaps_become_indices_after_the_move() {
        // [a b c d], dragging b (1): the gap above a is 0, below d is 4.
        assert_eq!(to_index_for_gap(Some(1), 0), 0);
        assert_eq!(to_index_for_gap(Some(1), 1), 1); // just above itself: stays
        assert_eq!(to_index_for_gap(Some(1), 2), 1); // just below itself: stays
        assert_eq!(to_index_for_gap(Some(1), 4), 3);
        assert_eq!(to_index_for_gap(None, 4), 4);
        assert_eq!(clamp_insert_index(2, 5), 2);
        assert_eq!(clamp_insert_index(7, 5), 5);
    }

    #[test]
    fn full_index_skips_hidden_items() {
        let shown = [true, false, false, true, true];
        assert_eq!(full_index(shown, 0), Some(0));
        assert_eq!(full_index(shown, 1), Some(3));
        assert_eq!(full_index(shown, 2), Some(4));
        assert_eq!(full_index(shown, 3), None);
    }

    #[test]
    fn reorder_of_200_items_by_steps() {
        // R-CO-7: long lists; a walk from the bottom to the top by Up steps.
        let mut v: Vec<u32> = (0..200).collect();
        let mut i = 199;
        while i > 0 {
            let to = step_target(v.len(), i, Step::Up).unwrap();
            reorder(&mut v, i, to).unwrap();
            i = to;
        }
        assert_eq!(v[0], 199);
        assert_eq!(&v[1..], (0..199).collect::<Vec<_>>().as_slice());
    }

    proptest! {
        #[test]
        fn reorder_preserves_the_multiset(v in proptest::collection::vec(any::<u8>(), 1..40), a in any::<usize>(), b in any::<usize>()) {
            let (from, to) = (a % v.len(), b % v.len());
            let mut w = v.clone();
            reorder(&mut w, from, to).unwrap();
            prop_assert_eq!(sorted(w.clone()), sorted(v.clone()));
            prop_assert_eq!(w[to], v[from]);
        }

        #[test]
        fn reorder_and_back_is_identity(v in proptest::collection::vec(any::<u8>(), 1..40), a in any::<usize>(), b in any::<usize>()) {
            let (from, to) = (a % v.len(), b % v.len());
            let mut w = v.clone();
            reorder(&mut w, from, to).unwrap();
            reorder(&mut w, to, from).unwrap();
            prop_assert_eq!(w, v);
        }

        #[test]
        fn reorder_keeps_the_others_in_order(v in proptest::collection::vec(any::<u8>(), 1..40), a in any::<usize>(), b in any::<usize>()) {
            let (from, to) = (a % v.len(), b % v.len());
            let mut w = v.clone();
            reorder(&mut w, from, to).unwrap();
            let mut others_before = v.clone();
            others_before.remove(from);
            let mut others_after = w.clone();
            others_after.remove(to);
            prop_assert_eq!(others_after, others_before);
        }

        #[test]
        fn out_of_range_is_an_error_not_a_panic(v in proptest::collection::vec(any::<u8>(), 0..10), from in any::<usize>(), to in any::<usize>()) {
            let mut w = v.clone();
            let r = reorder(&mut w, from, to);
            prop_assert_eq!(r.is_ok(), from < v.len() && to < v.len());
            if r.is_err() {
                prop_assert_eq!(&w, &v);
            }
            let mut other = vec![0u8; 3];
            let r = transfer(&mut w, from, &mut other, to);
            prop_assert_eq!(r.is_ok(), from < v.len() && to <= 3);
            if r.is_err() {
                prop_assert_eq!(&w, &v);
                prop_assert_eq!(other, vec![0u8; 3]);
            }
        }

        #[test]
        fn transfer_and_back_is_identity(a in proptest::collection::vec(any::<u8>(), 1..30), b in proptest::collection::vec(any::<u8>(), 0..30), i in any::<usize>(), j in any::<usize>()) {
            let (from, to) = (i % a.len(), j % (b.len() + 1));
            let (mut x, mut y) = (a.clone(), b.clone());
            transfer(&mut x, from, &mut y, to).unwrap();
            prop_assert_eq!(y[to], a[from]);
            prop_assert_eq!(sorted([x.clone(), y.clone()].concat()), sorted([a.clone(), b.clone()].concat()));
            transfer(&mut y, to, &mut x, from).unwrap();
            prop_assert_eq!((x, y), (a, b));
        }

        #[test]
        fn a_drop_in_a_gap_lands_there(len in 1usize..30, f in any::<usize>(), g in any::<usize>()) {
            let from = f % len;
            let gap = g % (len + 1);
            let mut v: Vec<usize> = (0..len).collect();
            let to = to_index_for_gap(Some(from), gap);
            reorder(&mut v, from, to).unwrap();
            // Everything that was above the gap (except the item) is above it now.
            let above: Vec<usize> = (0..gap).filter(|x| *x != from).collect();
            prop_assert_eq!(&v[..above.len()], above.as_slice());
            prop_assert_eq!(v[above.len()], from);
        }

        #[test]
        fn steps_stay_in_range(len in 1usize..50, i in any::<usize>()) {
            let index = i % len;
            for step in [Step::Top, Step::Up, Step::Down, Step::Bottom] {
                let to = step_target(len, index, step).unwrap();
                prop_assert!(to < len);
                prop_assert!(to.abs_diff(index) <= 1 || matches!(step, Step::Top | Step::Bottom));
            }
        }
    }
}
