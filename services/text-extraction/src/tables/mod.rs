//! TABLES without a model: ruled tables found from the page's ink, with OCR words placed in the
//! cell holding their centre.
//!
//! Tables are detected directly from the ink whether or not LAYOUT was requested: the rules fix
//! the grid exactly (a layout box is approximate and can clip the outer rules), it costs a pass
//! over the pixels instead of another model run, and a table without rules could not be given
//! structure from a layout box anyway.

mod grid;
mod ink;

use crate::api::{Block, BlockType, EntityType, RelationshipType};
use crate::blocks::{PageBlocks, WordRef, confidence, new_id};
use crate::frame::Frame;
use crate::geometry::Rect;
use crate::ocr::{OcrLine, Quad};
use image::RgbImage;
use std::collections::HashSet;

pub use grid::Grid;

/// A grid seen as one word is a glyph (口, 田, a boxed letter), not a table.
const GLYPH_COVERAGE: f32 = 0.5;
/// The confidence of an empty table: its rules were seen, but nothing was read in it.
const EMPTY_TABLE_CONFIDENCE: f32 = 0.9;

#[derive(Debug, Clone)]
pub struct Cell {
    /// 0-based.
    pub row: usize,
    pub column: usize,
    /// Page pixels (turned with the page's skew).
    pub quad: Quad,
    /// In reading order.
    pub words: Vec<WordRef>,
}

#[derive(Debug, Clone)]
pub struct Table {
    /// Row and column boundaries in the levelled frame.
    pub grid: Grid,
    frame: Frame,
    /// Row-major, every grid cell once.
    pub cells: Vec<Cell>,
}

impl Table {
    /// Whether a line's centre lies in the table.
    pub fn holds(&self, line: &OcrLine) -> bool {
        self.grid.rect().contains(self.frame.rect_of(&line.quad).centre())
    }

    /// The table's outline in page pixels.
    pub fn quad(&self) -> Quad {
        self.frame.page_quad(&self.grid.rect())
    }
}

/// Finds the ruled tables of an upright page and fills them with its words; the search runs in
/// `frame`, the page levelled by its skew. CPU-bound.
pub fn detect(image: &RgbImage, lines: &[OcrLine], frame: Frame) -> Vec<Table> {
    let page_ink = ink::Ink::from_rgb(image);
    let ink = if frame.is_identity() { page_ink } else { page_ink.turned(&frame) };
    let word_rects: Vec<Rect> =
        lines.iter().flat_map(|line| line.words.iter().map(|w| frame.rect_of(&w.quad))).collect();
    grid::find_grids(&ink)
        .into_iter()
        .filter(|grid| {
            let rect = grid.rect();
            !word_rects.iter().any(|w| w.intersection_area(&rect) >= GLYPH_COVERAGE * rect.area())
        })
        .map(|grid| fill(grid, frame, lines))
        .collect()
}

fn fill(grid: Grid, frame: Frame, lines: &[OcrLine]) -> Table {
    let mut cells: Vec<Cell> = (0..grid.row_count())
        .flat_map(|row| (0..grid.column_count()).map(move |column| (row, column)))
        .filter_map(|(row, column)| {
            Some(Cell { row, column, quad: frame.page_quad(&grid.cell_rect(row, column)?), words: Vec::new() })
        })
        .collect();
    for (l, line) in lines.iter().enumerate() {
        for (w, word) in line.words.iter().enumerate() {
            if let Some((row, column)) = grid.locate(frame.rect_of(&word.quad).centre())
                && let Some(cell) = cells.get_mut(row * grid.column_count() + column)
            {
                cell.words.push(WordRef { line: l, word: w });
            }
        }
    }
    Table { grid, frame, cells }
}

/// The indices of the lines inside any table.
pub fn lines_inside(tables: &[Table], lines: &[OcrLine]) -> HashSet<usize> {
    lines.iter().enumerate().filter(|(_, line)| tables.iter().any(|t| t.holds(line))).map(|(i, _)| i).collect()
}

/// Adds a TABLE block per table, with a CELL per grid cell.
pub fn add_blocks(tables: &[Table], lines: &[OcrLine], blocks: &mut PageBlocks) {
    let score = |words: &[WordRef]| {
        let scores: Vec<f32> =
            words.iter().filter_map(|w| lines.get(w.line)?.words.get(w.word)).map(|w| w.confidence).collect();
        (!scores.is_empty()).then(|| scores.iter().sum::<f32>() / scores.len() as f32)
    };
    for table in tables {
        let all_words: Vec<WordRef> = table.cells.iter().flat_map(|c| c.words.iter().copied()).collect();
        let table_score = score(&all_words).unwrap_or(EMPTY_TABLE_CONFIDENCE);
        let mut table_block = Block::new(BlockType::Table, new_id(), blocks.size.geometry_of_quad(&table.quad()));
        table_block.confidence = Some(confidence(table_score));
        table_block.entity_types = Some(vec![EntityType::StructuredTable]);
        let mut cell_blocks = Vec::with_capacity(table.cells.len());
        for cell in &table.cells {
            let mut block = Block::new(BlockType::Cell, new_id(), blocks.size.geometry_of_quad(&cell.quad));
            block.confidence = Some(confidence(score(&cell.words).unwrap_or(table_score)));
            block.row_index = u32::try_from(cell.row + 1).ok();
            block.column_index = u32::try_from(cell.column + 1).ok();
            block.row_span = Some(1);
            block.column_span = Some(1);
            block.relate(RelationshipType::Child, blocks.word_ids(&cell.words));
            table_block.relate(RelationshipType::Child, [block.id.clone()]);
            cell_blocks.push(block);
        }
        blocks.add_top_level(table_block);
        for block in cell_blocks {
            blocks.add_nested(block);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::normalise;
    use crate::blocks::tests::{line, page};
    use image::Rgb;

    /// The fixture's table: a 4×3 grid with 2-px rules, one text line per cell.
    fn drawn_table() -> crate::ocr::OcrPage {
        let rows = [286u32, 332, 378, 424, 470];
        let columns = [70u32, 400, 570, 757];
        let texts = [
            ["Item", "Quantity", "Unit price"],
            ["Paper clips", "250", "0.02"],
            ["Stapler", "4", "12.50"],
            ["Printer toner", "6", "48.90"],
        ];
        let mut lines = vec![line("Quarterly Supply Order", 70.0, 80.0, 28.0)];
        for (r, row) in texts.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                lines.push(line(text, columns[c] as f32 + 14.0, rows[r] as f32 + 14.0, 20.0));
            }
        }
        lines.push(line("Total due:", 70.0, 650.0, 20.0));
        let mut page = page(827, 1169, lines);
        for y in 0..1169 {
            for x in 0..827 {
                let on_row = rows.iter().any(|&r| (r..r + 2).contains(&y)) && (70..759).contains(&x);
                let on_column = columns.iter().any(|&c| (c..c + 2).contains(&x)) && (286..472).contains(&y);
                if on_row || on_column {
                    page.image.put_pixel(x, y, Rgb([0, 0, 0]));
                }
            }
        }
        normalise(&mut page);
        page
    }

    #[test]
    fn words_land_in_their_cells() {
        let page = drawn_table();
        let tables = detect(&page.image, &page.lines, Frame::level(827.0, 1169.0, 0.0));
        assert_eq!(tables.len(), 1);
        let table = &tables[0];
        assert_eq!((table.grid.row_count(), table.grid.column_count()), (4, 3));
        let text = |cell: &Cell| {
            cell.words.iter().map(|w| page.lines[w.line].words[w.word].text.clone()).collect::<Vec<_>>().join(" ")
        };
        let got: Vec<(usize, usize, String)> = table.cells.iter().map(|c| (c.row, c.column, text(c))).collect();
        assert_eq!(got[0], (0, 0, "Item".to_string()));
        assert_eq!(got[5], (1, 2, "0.02".to_string()));
        assert_eq!(got[9], (3, 0, "Printer toner".to_string()));
        let inside = lines_inside(&tables, &page.lines);
        assert_eq!(inside.len(), 12);
        assert!(!inside.contains(&0) && !inside.contains(&13));
    }

    #[test]
    fn table_blocks_have_cells_with_indices_and_words() {
        let page = drawn_table();
        let tables = detect(&page.image, &page.lines, Frame::level(827.0, 1169.0, 0.0));
        let mut blocks = PageBlocks::new(&page);
        add_blocks(&tables, &page.lines, &mut blocks);
        let all = blocks.into_blocks();
        let table = all.iter().find(|b| b.block_type == BlockType::Table).expect("a TABLE block");
        assert_eq!(table.related(RelationshipType::Child).count(), 12);
        let cells: Vec<&Block> = all.iter().filter(|b| b.block_type == BlockType::Cell).collect();
        assert_eq!(cells.len(), 12);
        let last = cells[11];
        assert_eq!(
            (last.row_index, last.column_index, last.row_span, last.column_span),
            (Some(4), Some(3), Some(1), Some(1))
        );
        let word = last.related(RelationshipType::Child).next().expect("a word");
        let word_block = all.iter().find(|b| b.id == word).expect("the word block");
        assert_eq!(word_block.text.as_deref(), Some("48.90"));
    }

    #[test]
    fn skewed_tables_are_found_in_a_levelled_frame() {
        let page = drawn_table();
        for degrees in [-2.0f32, 0.3, 1.0, 3.0] {
            let turned = imageproc::geometric_transformations::rotate_about_center(
                &page.image,
                degrees.to_radians(),
                imageproc::geometric_transformations::Interpolation::Bilinear,
                imageproc::geometric_transformations::Border::Constant(Rgb([255, 255, 255])),
            );
            // The OCR lines turn with the page (about its centre, as the image).
            let (sin, cos) = degrees.to_radians().sin_cos();
            let (cx, cy) = (827.0 / 2.0, 1169.0 / 2.0);
            let mut lines = page.lines.clone();
            for quad in lines
                .iter_mut()
                .flat_map(|l| std::iter::once(&mut l.quad).chain(l.words.iter_mut().map(|w| &mut w.quad)))
            {
                *quad = quad.map(|p| crate::ocr::Point {
                    x: cx + cos * (p.x - cx) - sin * (p.y - cy),
                    y: cy + sin * (p.x - cx) + cos * (p.y - cy),
                });
            }
            let frame = Frame::level(827.0, 1169.0, crate::frame::skew(&lines));
            let tables = detect(&turned, &lines, frame);
            assert_eq!(tables.len(), 1, "{degrees}°");
            let grid = &tables[0].grid;
            assert_eq!((grid.row_count(), grid.column_count()), (4, 3), "{degrees}°");
            let texts: Vec<String> = tables[0]
                .cells
                .iter()
                .map(|c| c.words.iter().map(|w| lines[w.line].words[w.word].text.clone()).collect::<Vec<_>>().join(" "))
                .collect();
            assert_eq!(texts[3], "Paper clips", "{degrees}°");
            assert_eq!(texts[11], "48.90", "{degrees}°");
        }
    }

    #[test]
    fn a_boxed_glyph_is_not_a_table() {
        // 田 drawn 40 px high, covered by one OCR word.
        let mut page = page(200, 100, vec![line("田", 20.0, 20.0, 60.0)]);
        page.lines[0].words[0].quad = crate::blocks::tests::quad(18.0, 18.0, 82.0, 82.0);
        for y in 20..80u32 {
            for x in 20..80u32 {
                if [20, 49, 78].contains(&x) || [20, 49, 78].contains(&y) {
                    page.image.put_pixel(x, y, Rgb([0, 0, 0]));
                }
            }
        }
        assert!(detect(&page.image, &page.lines, Frame::level(827.0, 1169.0, 0.0)).is_empty());
    }
}
