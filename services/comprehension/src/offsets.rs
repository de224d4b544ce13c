//! Comprehend counts offsets in characters; Rust slices in bytes. `CharOffsets` converts.

pub struct CharOffsets {
    /// Byte offset of each character's start, plus the text's length at the end.
    starts: Vec<usize>,
}

impl CharOffsets {
    pub fn new(text: &str) -> Self {
        let mut starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        starts.push(text.len());
        Self { starts }
    }

    /// The character offset of a byte offset (a char boundary, or the next one after it).
    pub fn char_at(&self, byte: usize) -> usize {
        self.starts.partition_point(|&b| b < byte)
    }

    /// The byte offset of a character offset (clamped to the end).
    pub fn byte_at(&self, char_index: usize) -> usize {
        self.starts.get(char_index).copied().unwrap_or_else(|| self.starts.last().copied().unwrap_or(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multibyte_characters_count_once() {
        let text = "Zoë 日本 x";
        let offsets = CharOffsets::new(text);
        let x = text.find('x').expect("x");
        assert_eq!(offsets.char_at(x), 7);
        assert_eq!(offsets.char_at(text.len()), text.chars().count());
        assert_eq!(offsets.byte_at(7), x);
    }
}
