//! Virtual scrolling of a table with a fixed row height: only the visible
//! rows (plus overscan) are in the DOM, inside a spacer as tall as the
//! table.
//!
//! Browsers cap an element's height (Chrome about 33.5 M px; 1,000,000 rows
//! of 32 px are 32 M px, and Firefox's cap is lower), so past
//! [`MAX_SPACER`] the spacer stays at that height and the scroll position
//! is *scaled*: `virtual = scroll_top × scale`, where
//! `scale = (rows × row_height − viewport) / (spacer − viewport)` maps the
//! spacer's scroll range onto the table's. Rows are drawn at
//! `scroll_top + (row × row_height − virtual)`, so they move by whole
//! pixels as usual within a screen, and the first and last rows are exactly
//! reachable (scroll 0 and the maximum scroll). One pixel of scroll moves
//! the table by `scale` pixels (3.2 at 1,000,000 rows), less than a row, so
//! every row can be brought into view.

use std::ops::Range;

/// The height of a row of the people table, in CSS pixels.
pub const ROW_HEIGHT: f64 = 32.0;

/// The tallest spacer used: well under every browser's limit.
pub const MAX_SPACER: f64 = 10_000_000.0;

/// Rows rendered above and below the visible ones.
pub const OVERSCAN: usize = 8;

/// The geometry of one table: `rows` rows of `row_height` px in a viewport
/// `viewport` px tall.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct VirtualScroll {
    pub rows: usize,
    pub row_height: f64,
    pub viewport: f64,
}

impl VirtualScroll {
    pub fn new(rows: usize, viewport: f64) -> VirtualScroll {
        VirtualScroll { rows, row_height: ROW_HEIGHT, viewport: viewport.max(0.0) }
    }

    /// The table's full height.
    pub fn natural_height(&self) -> f64 {
        self.rows as f64 * self.row_height
    }

    /// The spacer's height: the table's, capped at [`MAX_SPACER`].
    pub fn spacer_height(&self) -> f64 {
        self.natural_height().min(MAX_SPACER)
    }

    /// Table pixels per scroll pixel (1 unless the table is taller than
    /// the cap).
    pub fn scale(&self) -> f64 {
        let natural = self.natural_height() - self.viewport;
        let spacer = self.spacer_height() - self.viewport;
        if natural <= 0.0 || spacer <= 0.0 || natural <= spacer {
            1.0
        } else {
            natural / spacer
        }
    }

    /// The largest scroll position the browser allows.
    pub fn max_scroll(&self) -> f64 {
        (self.spacer_height() - self.viewport).max(0.0)
    }

    /// The table offset shown at the top of the viewport.
    pub fn virtual_top(&self, scroll_top: f64) -> f64 {
        let max_virtual = (self.natural_height() - self.viewport).max(0.0);
        (scroll_top.clamp(0.0, self.max_scroll()) * self.scale()).min(max_virtual)
    }

    /// The first row (partly) visible at `scroll_top`.
    pub fn first_visible(&self, scroll_top: f64) -> usize {
        if self.rows == 0 {
            return 0;
        }
        ((self.virtual_top(scroll_top) / self.row_height).floor() as usize).min(self.rows - 1)
    }

    /// The rows to render at `scroll_top`: the visible ones and
    /// [`OVERSCAN`] on each side.
    pub fn window(&self, scroll_top: f64) -> Range<usize> {
        if self.rows == 0 {
            return 0..0;
        }
        let top = self.virtual_top(scroll_top);
        let first = (top / self.row_height).floor() as usize;
        let last = ((top + self.viewport) / self.row_height).ceil() as usize;
        first.saturating_sub(OVERSCAN)..(last + OVERSCAN).min(self.rows)
    }

    /// Where row `row` is drawn inside the spacer at `scroll_top`.
    pub fn row_top(&self, row: usize, scroll_top: f64) -> f64 {
        let scroll_top = scroll_top.clamp(0.0, self.max_scroll());
        scroll_top + (row as f64 * self.row_height - self.virtual_top(scroll_top))
    }

    /// The scroll position (whole pixels, as browsers keep them) that shows
    /// row `row` at the top of the viewport, or as near as the end allows.
    pub fn scroll_to_top(&self, row: usize) -> f64 {
        let target = row as f64 * self.row_height;
        (target / self.scale()).floor().clamp(0.0, self.max_scroll())
    }

    /// The scroll position that brings row `row` fully into view with the
    /// least movement, or `None` when it already is.
    pub fn ensure_visible(&self, row: usize, scroll_top: f64) -> Option<f64> {
        if self.rows == 0 {
            return None;
        }
        let row = row.min(self.rows - 1);
        let top = self.virtual_top(scroll_top);
        let row_top = row as f64 * self.row_height;
        let row_bottom = row_top + self.row_height;
        if row_top < top {
            Some(self.scroll_to_top(row))
        } else if row_bottom > top + self.viewport {
            // The row at the bottom edge: round up, so it is not cut off.
            let want = (row_bottom - self.viewport) / self.scale();
            Some(want.ceil().clamp(0.0, self.max_scroll()))
        } else {
            None
        }
    }

    /// Whole rows in a viewport (PageUp / PageDown move by this).
    pub fn page_rows(&self) -> usize {
        ((self.viewport / self.row_height).floor() as usize).max(1)
    }
}

/// A keyboard move in the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyMove {
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
}

impl KeyMove {
    /// The move a key stands for (`KeyboardEvent.key`).
    pub fn from_key(key: &str) -> Option<KeyMove> {
        Some(match key {
            "ArrowUp" => KeyMove::Up,
            "ArrowDown" => KeyMove::Down,
            "PageUp" => KeyMove::PageUp,
            "PageDown" => KeyMove::PageDown,
            "Home" => KeyMove::Home,
            "End" => KeyMove::End,
            _ => return None,
        })
    }

    /// The focused row after the move, from `row` in a table of `rows`
    /// rows with `page` rows per screen; `None` for an empty table.
    pub fn apply(self, row: usize, rows: usize, page: usize) -> Option<usize> {
        let last = rows.checked_sub(1)?;
        let row = row.min(last);
        Some(match self {
            KeyMove::Up => row.saturating_sub(1),
            KeyMove::Down => (row + 1).min(last),
            KeyMove::PageUp => row.saturating_sub(page),
            KeyMove::PageDown => (row + page).min(last),
            KeyMove::Home => 0,
            KeyMove::End => last,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MILLION: usize = 1_000_000;
    const VIEW: f64 = 480.0;

    #[test]
    fn a_small_table_scrolls_one_to_one() {
        let v = VirtualScroll::new(100, VIEW);
        assert_eq!(v.scale(), 1.0);
        assert_eq!(v.spacer_height(), 3200.0);
        assert_eq!(v.max_scroll(), 3200.0 - VIEW);
        assert_eq!(v.window(0.0), 0..(15 + OVERSCAN));
        assert_eq!(v.first_visible(320.0), 10);
        assert_eq!(v.row_top(10, 320.0), 320.0);
        assert_eq!(v.window(v.max_scroll()).end, 100);
    }

    #[test]
    fn a_million_rows_scale_under_the_browser_cap() {
        let v = VirtualScroll::new(MILLION, VIEW);
        assert_eq!(v.natural_height(), 32_000_000.0);
        assert_eq!(v.spacer_height(), MAX_SPACER);
        assert!(v.scale() > 3.0 && v.scale() < 3.3, "{}", v.scale());
        // One scroll pixel moves less than a row: every row can be shown.
        assert!(v.scale() < v.row_height);
    }

    #[test]
    fn the_first_and_last_rows_are_reachable_exactly_at_a_million() {
        let v = VirtualScroll::new(MILLION, VIEW);
        assert_eq!(v.first_visible(0.0), 0);
        assert_eq!(v.row_top(0, 0.0), 0.0);
        let end = v.max_scroll();
        let w = v.window(end);
        assert_eq!(w.end, MILLION);
        // The last row's bottom is the viewport's bottom at the end.
        let last_bottom = v.row_top(MILLION - 1, end) + v.row_height;
        assert!((last_bottom - (end + VIEW)).abs() < 1e-6, "{last_bottom} vs {}", end + VIEW);
        assert_eq!(v.first_visible(end), MILLION - 15);
        // Scrolling past the end (or before the start) clamps.
        assert_eq!(v.window(end + 1e9), w);
        assert_eq!(v.first_visible(-5.0), 0);
    }

    #[test]
    fn every_row_can_be_brought_into_view_at_a_million() {
        let v = VirtualScroll::new(MILLION, VIEW);
        for row in [0, 1, 14, 15, 16, 123_457, 499_999, 500_000, 999_984, 999_985, 999_998, 999_999] {
            for from in [0.0, 1234.0, v.max_scroll() / 2.0, v.max_scroll()] {
                let at = v.ensure_visible(row, from).unwrap_or(from);
                assert_eq!(at, at.round(), "whole pixels");
                let top = v.row_top(row, at);
                assert!(
                    top >= at - 1e-6 && top + v.row_height <= at + VIEW + 1e-6,
                    "row {row} from {from}: {top} at {at}"
                );
                assert!(v.window(at).contains(&row));
            }
        }
        // Row to scroll position and back: the row is at the top, within
        // one scroll pixel (`scale` table pixels), and fully visible.
        for row in [0, 7, 31_250, 654_321, MILLION - 15] {
            let at = v.scroll_to_top(row);
            let offset = v.row_top(row, at) - at;
            assert!((0.0..v.scale()).contains(&offset), "row {row}: {offset}");
        }
    }

    #[test]
    fn a_visible_row_needs_no_scrolling() {
        let v = VirtualScroll::new(MILLION, VIEW);
        assert_eq!(v.ensure_visible(3, 0.0), None);
        // Row 15 is just below a 15-row viewport: the smallest whole-pixel
        // scroll that shows it.
        let want = ((16.0 * 32.0 - VIEW) / v.scale()).ceil();
        assert_eq!(v.ensure_visible(15, 0.0), Some(want));
        assert_eq!(v.ensure_visible(15, want - 1.0), Some(want));
        assert_eq!(VirtualScroll::new(0, VIEW).ensure_visible(0, 0.0), None);
        assert_eq!(VirtualScroll::new(0, VIEW).window(0.0), 0..0);
    }

    #[test]
    fn keys_move_the_focused_row_within_the_table() {
        let page = VirtualScroll::new(MILLION, VIEW).page_rows();
        assert_eq!(page, 15);
        assert_eq!(KeyMove::from_key("End").unwrap().apply(0, MILLION, page), Some(MILLION - 1));
        assert_eq!(KeyMove::Home.apply(500, MILLION, page), Some(0));
        assert_eq!(KeyMove::Down.apply(MILLION - 1, MILLION, page), Some(MILLION - 1));
        assert_eq!(KeyMove::Up.apply(0, MILLION, page), Some(0));
        assert_eq!(KeyMove::PageDown.apply(MILLION - 3, MILLION, page), Some(MILLION - 1));
        assert_eq!(KeyMove::PageUp.apply(20, MILLION, page), Some(5));
        assert_eq!(KeyMove::Down.apply(0, 0, page), None);
        assert_eq!(KeyMove::from_key("a"), None);
    }
}
