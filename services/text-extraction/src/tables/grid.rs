//! Ruled grids: horizontal and vertical strokes that cross each other. A stroke is a rule when it
//! crosses at least two perpendicular rules; a set of crossing rules with at least two of each
//! direction is a table, and the positions of its rules are the row and column boundaries.
//!
//! Partial rules (around merged cells) still count as boundaries, as Textract reports merged
//! cells as their grid cells. Tables without rules are not found.

use super::ink::{Direction, Ink, Stroke, strokes};
use crate::geometry::Rect;

/// Row and column boundaries of one table, in page pixels (centres of the rules).
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub rows: Vec<f32>,
    pub columns: Vec<f32>,
}

impl Grid {
    pub fn row_count(&self) -> usize {
        self.rows.len().saturating_sub(1)
    }

    pub fn column_count(&self) -> usize {
        self.columns.len().saturating_sub(1)
    }

    pub fn rect(&self) -> Rect {
        let first_last = |v: &[f32]| (v.first().copied().unwrap_or(0.0), v.last().copied().unwrap_or(0.0));
        let ((top, bottom), (left, right)) = (first_last(&self.rows), first_last(&self.columns));
        Rect::new(left, top, right, bottom)
    }

    pub fn cell_rect(&self, row: usize, column: usize) -> Option<Rect> {
        let (top, bottom) = (*self.rows.get(row)?, *self.rows.get(row + 1)?);
        let (left, right) = (*self.columns.get(column)?, *self.columns.get(column + 1)?);
        Some(Rect::new(left, top, right, bottom))
    }

    /// The (row, column) of the cell holding the point, both 0-based.
    pub fn locate(&self, (x, y): (f32, f32)) -> Option<(usize, usize)> {
        let find = |bounds: &[f32], v: f32| {
            let index = bounds.partition_point(|&b| b <= v);
            (index >= 1 && index < bounds.len()).then(|| index - 1)
        };
        Some((find(&self.rows, y)?, find(&self.columns, x)?))
    }
}

/// Finds the ruled grids on a page.
pub fn find_grids(ink: &Ink) -> Vec<Grid> {
    let longer = ink.width.max(ink.height);
    let min_len = (longer / 80).max(16);
    let max_thickness = (longer as f32 / 200.0).max(4.0);
    let horizontal = strokes(ink, Direction::Horizontal, min_len, max_thickness);
    let vertical = strokes(ink, Direction::Vertical, min_len, max_thickness);
    let merge_distance = (min_len as f32 / 2.0).max(4.0);
    rule_sets(&horizontal, &vertical)
        .into_iter()
        .filter_map(|(hs, vs)| {
            let rows = boundaries(hs.iter().map(|&i| horizontal[i].middle() * ink.scale), merge_distance * ink.scale);
            let columns = boundaries(vs.iter().map(|&i| vertical[i].middle() * ink.scale), merge_distance * ink.scale);
            let grid = Grid { rows, columns };
            (grid.row_count() >= 1 && grid.column_count() >= 1 && grid.row_count() * grid.column_count() >= 2)
                .then_some(grid)
        })
        .collect()
}

fn crosses(h: &Stroke, v: &Stroke) -> bool {
    let tolerance = 2.0 + h.thickness() + v.thickness();
    let (x, y) = (v.middle(), h.middle());
    x >= h.along.0 as f32 - tolerance
        && x <= h.along.1 as f32 + tolerance
        && y >= v.along.0 as f32 - tolerance
        && y <= v.along.1 as f32 + tolerance
}

/// Groups of crossing rules: (horizontal indices, vertical indices), each rule crossing at least
/// two rules of the other direction in its group, at least two of each direction.
fn rule_sets(horizontal: &[Stroke], vertical: &[Stroke]) -> Vec<(Vec<usize>, Vec<usize>)> {
    let crossings: Vec<Vec<usize>> =
        horizontal.iter().map(|h| (0..vertical.len()).filter(|&v| crosses(h, &vertical[v])).collect()).collect();
    // Connected components over the crossing graph (horizontals 0..H, verticals H..H+V).
    let mut parent: Vec<usize> = (0..horizontal.len() + vertical.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for (h, vs) in crossings.iter().enumerate() {
        for &v in vs {
            let (a, b) = (root(&mut parent, h), root(&mut parent, horizontal.len() + v));
            parent[a] = b;
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<usize>, Vec<usize>)> = Default::default();
    for h in 0..horizontal.len() {
        groups.entry(root(&mut parent, h)).or_default().0.push(h);
    }
    for v in 0..vertical.len() {
        groups.entry(root(&mut parent, horizontal.len() + v)).or_default().1.push(v);
    }
    groups.into_values().filter_map(|(hs, vs)| prune(hs, vs, &crossings)).collect()
}

/// Drops rules crossing fewer than two rules of the group until none is left to drop.
fn prune(mut hs: Vec<usize>, mut vs: Vec<usize>, crossings: &[Vec<usize>]) -> Option<(Vec<usize>, Vec<usize>)> {
    loop {
        let h_count = |h: usize| crossings[h].iter().filter(|v| vs.contains(v)).count();
        let kept_h: Vec<usize> = hs.iter().copied().filter(|&h| h_count(h) >= 2).collect();
        let v_count = |v: usize| kept_h.iter().filter(|&&h| crossings[h].contains(&v)).count();
        let kept_v: Vec<usize> = vs.iter().copied().filter(|&v| v_count(v) >= 2).collect();
        let stable = kept_h.len() == hs.len() && kept_v.len() == vs.len();
        (hs, vs) = (kept_h, kept_v);
        if hs.len() < 2 || vs.len() < 2 {
            return None;
        }
        if stable {
            return Some((hs, vs));
        }
    }
}

/// Sorted positions with near-duplicates (double rules, one rule split in two) averaged.
fn boundaries(positions: impl Iterator<Item = f32>, merge_distance: f32) -> Vec<f32> {
    let mut sorted: Vec<f32> = positions.collect();
    sorted.sort_by(f32::total_cmp);
    let mut groups: Vec<Vec<f32>> = Vec::new();
    for p in sorted {
        match groups.last_mut() {
            Some(group) if group.last().is_some_and(|&last| p - last < merge_distance) => group.push(p),
            _ => groups.push(vec![p]),
        }
    }
    groups.iter().map(|g| g.iter().sum::<f32>() / g.len() as f32).collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A bitmap with a ruled grid: rules 2 px thick at the given rows and columns.
    pub(crate) fn ruled(width: usize, height: usize, rows: &[usize], columns: &[usize]) -> Ink {
        let (top, bottom) = (rows[0], rows[rows.len() - 1] + 2);
        let (left, right) = (columns[0], columns[columns.len() - 1] + 2);
        let rows = rows.to_vec();
        let columns = columns.to_vec();
        Ink::from_fn(width, height, move |x, y| {
            let on_row = rows.iter().any(|&r| (r..r + 2).contains(&y)) && (left..right).contains(&x);
            let on_column = columns.iter().any(|&c| (c..c + 2).contains(&x)) && (top..bottom).contains(&y);
            on_row || on_column
        })
    }

    #[test]
    fn finds_a_ruled_grid() {
        let ink = ruled(800, 600, &[100, 146, 192, 238, 284], &[70, 400, 570, 757]);
        let grids = find_grids(&ink);
        assert_eq!(grids.len(), 1);
        assert_eq!(grids[0].rows, [101.0, 147.0, 193.0, 239.0, 285.0]);
        assert_eq!(grids[0].columns, [71.0, 401.0, 571.0, 758.0]);
        assert_eq!(grids[0].locate((450.0, 200.0)), Some((2, 1)));
        assert_eq!(grids[0].locate((10.0, 200.0)), None);
    }

    #[test]
    fn plain_boxes_lines_and_text_like_strokes_are_not_tables() {
        // A framed box (one cell), a lone underline and short letter-like strokes.
        let frame = ruled(400, 400, &[50, 150], &[50, 350]);
        assert!(find_grids(&frame).is_empty());
        let strokes = Ink::from_fn(400, 400, |x, y| {
            (y == 300 && (20..380).contains(&x))
                || ((x % 12 == 0) && (200..210).contains(&y))
                || (y % 9 == 0 && (20..30).contains(&x))
        });
        assert!(find_grids(&strokes).is_empty());
    }

    #[test]
    fn a_merged_cell_keeps_the_full_grid() {
        // The middle vertical rule stops after the first row: the second row is one merged cell.
        let ink = Ink::from_fn(300, 200, |x, y| {
            let rows = [20, 60, 100].iter().any(|&r| (r..r + 2).contains(&y)) && (20..282).contains(&x);
            let outer = [20, 280].iter().any(|&c| (c..c + 2).contains(&x)) && (20..102).contains(&y);
            let partial = (150..152).contains(&x) && (20..62).contains(&y);
            rows || outer || partial
        });
        let grids = find_grids(&ink);
        assert_eq!(grids.len(), 1);
        assert_eq!((grids[0].row_count(), grids[0].column_count()), (2, 2));
    }

    #[test]
    fn double_rules_merge() {
        assert_eq!(boundaries([10.0, 13.0, 50.0].into_iter(), 8.0), [11.5, 50.0]);
    }
}
