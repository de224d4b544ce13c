//! Turns an OCR page into Textract blocks: PAGE → LINE → WORD, with random ids. Analyses add
//! their blocks through [`PageBlocks`], which also hands out the ids of the words they refer to.

use crate::api::{Block, BlockType, RelationshipType, TextType};
use crate::geometry::{PageSize, Rect};
use crate::ocr::{OcrPage, OcrWord};

/// A word of the OCR page: the line's index and the word's index within that line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WordRef {
    pub line: usize,
    pub word: usize,
}

/// A fresh block id.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A 0..1 score as Textract's 0..100 confidence.
pub fn confidence(score: f32) -> f32 {
    if score.is_finite() { (score * 100.0).clamp(0.0, 100.0) } else { 0.0 }
}

/// Drops lines without text and gives a line without word boxes one word covering it, so every
/// LINE has WORD children and analyses can always point at words.
pub fn normalise(page: &mut OcrPage) {
    page.lines.retain(|line| !line.text.trim().is_empty());
    for line in &mut page.lines {
        line.words.retain(|word| !word.text.trim().is_empty());
        if line.words.is_empty() {
            line.words.push(OcrWord { text: line.text.clone(), confidence: line.confidence, quad: line.quad });
        }
    }
}

/// The blocks of one page as they are being assembled.
pub struct PageBlocks {
    page: Block,
    lines: Vec<Block>,
    words: Vec<Block>,
    others: Vec<Block>,
    word_ids: Vec<Vec<String>>,
    pub size: PageSize,
}

impl PageBlocks {
    /// PAGE, LINE and WORD blocks for a page (run [`normalise`] on it first).
    pub fn new(page: &OcrPage) -> Self {
        let size = PageSize {
            width: page.image.width() as f32,
            height: page.image.height() as f32,
            rotation_degrees: page.rotation_degrees,
        };
        let full_page = Rect::new(0.0, 0.0, size.width, size.height);
        let mut blocks = Self {
            page: Block::new(BlockType::Page, new_id(), size.geometry_of_rect(&full_page)),
            lines: Vec::with_capacity(page.lines.len()),
            words: Vec::new(),
            others: Vec::new(),
            word_ids: Vec::with_capacity(page.lines.len()),
            size,
        };
        for line in &page.lines {
            let mut ids = Vec::with_capacity(line.words.len());
            for word in &line.words {
                let mut block = Block::new(BlockType::Word, new_id(), size.geometry_of_quad(&word.quad));
                block.text = Some(word.text.clone());
                block.confidence = Some(confidence(word.confidence));
                block.text_type = Some(TextType::Printed);
                ids.push(block.id.clone());
                blocks.words.push(block);
            }
            let mut block = Block::new(BlockType::Line, new_id(), size.geometry_of_quad(&line.quad));
            block.text = Some(line.text.clone());
            block.confidence = Some(confidence(line.confidence));
            block.relate(RelationshipType::Child, ids.iter().cloned());
            blocks.page.relate(RelationshipType::Child, [block.id.clone()]);
            blocks.lines.push(block);
            blocks.word_ids.push(ids);
        }
        blocks
    }

    pub fn line_id(&self, line: usize) -> Option<&str> {
        self.lines.get(line).map(|block| block.id.as_str())
    }

    pub fn word_id(&self, word: WordRef) -> Option<&str> {
        self.word_ids.get(word.line).and_then(|ids| ids.get(word.word)).map(String::as_str)
    }

    /// The ids of `words`, skipping any that do not exist.
    pub fn word_ids(&self, words: &[WordRef]) -> Vec<String> {
        words.iter().filter_map(|&w| self.word_id(w)).map(str::to_string).collect()
    }

    /// Adds a block the PAGE lists as its child (TABLE, KEY_VALUE_SET, LAYOUT_*).
    pub fn add_top_level(&mut self, block: Block) {
        self.page.relate(RelationshipType::Child, [block.id.clone()]);
        self.others.push(block);
    }

    /// Adds a block that another block lists as its child (CELL).
    pub fn add_nested(&mut self, block: Block) {
        self.others.push(block);
    }

    /// PAGE, the LINEs in reading order, their WORDs, then the analyses' blocks.
    pub fn into_blocks(self) -> Vec<Block> {
        let mut all = Vec::with_capacity(1 + self.lines.len() + self.words.len() + self.others.len());
        all.push(self.page);
        all.extend(self.lines);
        all.extend(self.words);
        all.extend(self.others);
        all
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::ocr::OcrLine;
    use image::RgbImage;

    pub(crate) fn quad(left: f32, top: f32, right: f32, bottom: f32) -> crate::ocr::Quad {
        Rect::new(left, top, right, bottom).corners()
    }

    /// A line whose words are laid out left to right, each `char_w` px per character plus a space.
    pub(crate) fn line(text: &str, left: f32, top: f32, height: f32) -> OcrLine {
        let char_w = height * 0.5;
        let mut x = left;
        let mut words = Vec::new();
        for word in text.split(' ').filter(|w| !w.is_empty()) {
            let width = word.chars().count() as f32 * char_w;
            words.push(OcrWord {
                text: word.to_string(),
                confidence: 0.9,
                quad: quad(x, top, x + width, top + height),
            });
            x += width + char_w;
        }
        let right = (x - char_w).max(left + 1.0);
        OcrLine { text: text.to_string(), confidence: 0.95, quad: quad(left, top, right, top + height), words }
    }

    pub(crate) fn page(width: u32, height: u32, lines: Vec<OcrLine>) -> OcrPage {
        OcrPage { image: RgbImage::from_pixel(width, height, image::Rgb([255, 255, 255])), rotation_degrees: 0, lines }
    }

    #[test]
    fn page_lines_and_words_link_up() {
        let mut page = page(200, 100, vec![line("Hello world", 10.0, 10.0, 20.0), line("  ", 0.0, 50.0, 10.0)]);
        page.lines[0].confidence = 1.7;
        normalise(&mut page);
        let blocks = PageBlocks::new(&page).into_blocks();
        let types: Vec<BlockType> = blocks.iter().map(|b| b.block_type).collect();
        assert_eq!(types, [BlockType::Page, BlockType::Line, BlockType::Word, BlockType::Word]);
        let line_id = blocks[1].id.clone();
        assert_eq!(blocks[0].related(RelationshipType::Child).collect::<Vec<_>>(), [line_id.as_str()]);
        let words: Vec<&str> = blocks[1].related(RelationshipType::Child).collect();
        assert_eq!(words, [blocks[2].id.as_str(), blocks[3].id.as_str()]);
        assert_eq!(blocks[1].confidence, Some(100.0));
        assert_eq!(blocks[2].text.as_deref(), Some("Hello"));
        assert_eq!(blocks[2].text_type, Some(TextType::Printed));
        assert!((blocks[2].geometry.bounding_box.left - 0.05).abs() < 1e-6);
    }

    #[test]
    fn a_line_without_word_boxes_gets_one_word() {
        let mut page = page(100, 100, vec![line("abc", 0.0, 0.0, 10.0)]);
        page.lines[0].words.clear();
        normalise(&mut page);
        assert_eq!(page.lines[0].words.len(), 1);
        assert_eq!(page.lines[0].words[0].text, "abc");
    }
}
