//! FORMS without a model: "Key: value" pairs found from the OCR lines.
//!
//! - A line ending in a colon is a key; its value is the nearest line to its right on the same
//!   row (unless that line is itself a key: then the key has no value and is left out).
//! - Otherwise a line with a word ending in a colon before its last word ("Total: 12.50") is
//!   split after that word, when the key part is at most [`MAX_KEY_WORDS`] words.
//!
//! Values below their key, check boxes and unlabeled fields are not found.

use crate::api::{Block, BlockType, EntityType, RelationshipType};
use crate::blocks::{PageBlocks, WordRef, confidence, new_id};
use crate::frame::Frame;
use crate::geometry::Rect;
use crate::ocr::OcrLine;
use std::collections::HashSet;

/// Longer prefixes before a colon read as prose ("Note that the order: …"), not as a key.
const MAX_KEY_WORDS: usize = 6;
/// Lines on one row overlap vertically by at least this fraction of the shorter one's height.
const SAME_ROW_OVERLAP: f32 = 0.5;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyValue {
    pub key: Vec<WordRef>,
    pub value: Vec<WordRef>,
}

fn ends_with_colon(text: &str) -> bool {
    let text = text.trim_end();
    let key = text.trim_end_matches([':', '：']);
    key.len() < text.len() && key.chars().any(char::is_alphanumeric)
}

fn all_words(index: usize, line: &OcrLine) -> Vec<WordRef> {
    (0..line.words.len()).map(|word| WordRef { line: index, word }).collect()
}

/// Finds the pairs among `lines`, ignoring the lines listed in `skip` (those inside tables).
/// Rows are judged in `frame`, the page levelled by its skew.
pub fn find_key_values(lines: &[OcrLine], skip: &HashSet<usize>, frame: Frame) -> Vec<KeyValue> {
    let rects: Vec<Rect> = lines.iter().map(|line| frame.rect_of(&line.quad)).collect();
    let mut used: HashSet<usize> = skip.clone();
    let mut pairs = Vec::new();
    for (key, line) in lines.iter().enumerate() {
        if used.contains(&key) || !ends_with_colon(&line.text) {
            continue;
        }
        let Some(value) = nearest_on_the_right(key, &rects, &used) else { continue };
        if ends_with_colon(&lines[value].text) {
            continue;
        }
        used.insert(key);
        used.insert(value);
        pairs.push(KeyValue { key: all_words(key, line), value: all_words(value, &lines[value]) });
    }
    for (index, line) in lines.iter().enumerate() {
        if !used.contains(&index)
            && let Some(pair) = split_line(index, line)
        {
            pairs.push(pair);
        }
    }
    pairs
}

fn nearest_on_the_right(key: usize, rects: &[Rect], used: &HashSet<usize>) -> Option<usize> {
    let k = rects[key];
    let tolerance = k.height() * 0.5;
    rects
        .iter()
        .enumerate()
        .filter(|&(i, r)| {
            i != key && !used.contains(&i) && r.left >= k.right - tolerance && k.vertical_overlap(r) >= SAME_ROW_OVERLAP
        })
        .min_by(|(_, a), (_, b)| a.left.total_cmp(&b.left))
        .map(|(i, _)| i)
}

fn split_line(index: usize, line: &OcrLine) -> Option<KeyValue> {
    let last = line.words.len().checked_sub(1)?;
    let split = line.words.iter().take(last).position(|word| ends_with_colon(&word.text))?;
    if split + 1 > MAX_KEY_WORDS {
        return None;
    }
    let words = all_words(index, line);
    Some(KeyValue { key: words[..=split].to_vec(), value: words[split + 1..].to_vec() })
}

/// Adds a KEY and a VALUE KEY_VALUE_SET block per pair.
pub fn add_blocks(pairs: &[KeyValue], lines: &[OcrLine], blocks: &mut PageBlocks) {
    for pair in pairs {
        let (Some(key_geometry), Some(value_geometry)) = (extent(&pair.key, lines), extent(&pair.value, lines)) else {
            continue;
        };
        let mut value = Block::new(BlockType::KeyValueSet, new_id(), blocks.size.geometry_of_rect(&value_geometry.0));
        value.confidence = Some(confidence(value_geometry.1));
        value.entity_types = Some(vec![EntityType::Value]);
        value.relate(RelationshipType::Child, blocks.word_ids(&pair.value));
        let mut key = Block::new(BlockType::KeyValueSet, new_id(), blocks.size.geometry_of_rect(&key_geometry.0));
        key.confidence = Some(confidence(key_geometry.1));
        key.entity_types = Some(vec![EntityType::Key]);
        key.relate(RelationshipType::Value, [value.id.clone()]);
        key.relate(RelationshipType::Child, blocks.word_ids(&pair.key));
        blocks.add_top_level(key);
        blocks.add_top_level(value);
    }
}

/// The box around `words` and their mean confidence; `None` when no word exists.
fn extent(words: &[WordRef], lines: &[OcrLine]) -> Option<(Rect, f32)> {
    let found: Vec<_> =
        words.iter().filter_map(|w| lines.get(w.line).and_then(|line| line.words.get(w.word))).collect();
    let rect = found.iter().map(|word| Rect::of_quad(&word.quad)).reduce(|a, b| a.union(&b))?;
    let mean = found.iter().map(|word| word.confidence).sum::<f32>() / found.len() as f32;
    Some((rect, mean))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::normalise;
    use crate::blocks::tests::{line, page};

    fn texts(pairs: &[KeyValue], lines: &[OcrLine]) -> Vec<(String, String)> {
        let join = |refs: &[WordRef]| {
            refs.iter().map(|w| lines[w.line].words[w.word].text.clone()).collect::<Vec<_>>().join(" ")
        };
        pairs.iter().map(|p| (join(&p.key), join(&p.value))).collect()
    }

    #[test]
    fn pairs_keys_with_the_nearest_line_to_the_right() {
        let lines = vec![
            line("Invoice number:", 70.0, 530.0, 20.0),
            line("INV-20931", 330.0, 531.0, 20.0),
            line("far away", 600.0, 530.0, 20.0),
            line("Order date:", 70.0, 570.0, 20.0),
            line("2024-04-17", 330.0, 572.0, 18.0),
            line("Name:", 70.0, 610.0, 20.0),
            line("Date:", 330.0, 610.0, 20.0),
            line("below the key", 70.0, 640.0, 20.0),
        ];
        let pairs = find_key_values(&lines, &HashSet::new(), Frame::level(800.0, 800.0, 0.0));
        assert_eq!(
            texts(&pairs, &lines),
            [("Invoice number:".into(), "INV-20931".into()), ("Order date:".into(), "2024-04-17".into())]
        );
    }

    #[test]
    fn rows_are_judged_on_the_levelled_page() {
        // A 4° skew moves the value 18 px down across the 260 px gap: no longer the same row
        // on the page, but the same row in the levelled frame.
        let angle = 4f32.to_radians();
        let (sin, cos) = angle.sin_cos();
        let turn = |mut l: OcrLine| {
            l.quad = l.quad.map(|p| crate::ocr::Point { x: cos * p.x - sin * p.y, y: sin * p.x + cos * p.y });
            l
        };
        let lines =
            vec![turn(line("Customer:", 70.0, 600.0, 20.0)), turn(line("Harbor Supply Ltd", 330.0, 600.0, 20.0))];
        let flat = find_key_values(&lines, &HashSet::new(), Frame::level(800.0, 800.0, 0.0));
        assert!(flat.is_empty());
        let levelled = find_key_values(&lines, &HashSet::new(), Frame::level(800.0, 800.0, crate::frame::skew(&lines)));
        assert_eq!(texts(&levelled, &lines), [("Customer:".into(), "Harbor Supply Ltd".into())]);
    }

    #[test]
    fn splits_a_single_key_value_line_and_skips_prose_and_tables() {
        let lines = vec![
            line("Total due: 353.40 EUR", 0.0, 0.0, 20.0),
            line("this is a long sentence with a colon: and more", 0.0, 40.0, 20.0),
            line("Time 10:30", 0.0, 80.0, 20.0),
            line("Item:", 0.0, 120.0, 20.0),
            line("Stapler", 100.0, 120.0, 20.0),
        ];
        let skip = HashSet::from([3, 4]);
        let pairs = find_key_values(&lines, &skip, Frame::level(800.0, 800.0, 0.0));
        assert_eq!(texts(&pairs, &lines), [("Total due:".into(), "353.40 EUR".into())]);
    }

    #[test]
    fn blocks_link_key_to_value_and_words() {
        let mut page =
            page(800, 800, vec![line("Customer:", 70.0, 600.0, 20.0), line("Harbor Supply Ltd", 330.0, 600.0, 20.0)]);
        normalise(&mut page);
        let pairs = find_key_values(&page.lines, &HashSet::new(), Frame::level(800.0, 800.0, 0.0));
        let mut blocks = PageBlocks::new(&page);
        add_blocks(&pairs, &page.lines, &mut blocks);
        let all = blocks.into_blocks();
        let kv: Vec<&Block> = all.iter().filter(|b| b.block_type == BlockType::KeyValueSet).collect();
        assert_eq!(kv.len(), 2);
        assert_eq!(kv[0].entity_types, Some(vec![EntityType::Key]));
        assert_eq!(kv[0].related(RelationshipType::Value).collect::<Vec<_>>(), [kv[1].id.as_str()]);
        assert_eq!(kv[1].related(RelationshipType::Child).count(), 3);
        let page_children: Vec<&str> = all[0].related(RelationshipType::Child).collect();
        assert!(page_children.contains(&kv[0].id.as_str()) && page_children.contains(&kv[1].id.as_str()));
    }
}
