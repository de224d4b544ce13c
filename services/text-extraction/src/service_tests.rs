//! The service on the real models and the A4 fixture: layout, tables and forms end to end.

use crate::api::{AnalyzeDocumentResponse, Block, BlockType, EntityType, RelationshipType};
use crate::test_models::model_dir;
use crate::validate::{FeatureSet, ValidAnalyzeRequest};
use crate::{TextExtractionConfig, TextExtractionService};
use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

fn service() -> &'static TextExtractionService {
    static SERVICE: OnceLock<TextExtractionService> = OnceLock::new();
    SERVICE.get_or_init(|| {
        TextExtractionService::load(&TextExtractionConfig::default(), &model_dir()).expect("the models load")
    })
}

async fn analyse_a4(features: FeatureSet) -> AnalyzeDocumentResponse {
    analyse("a4_table_form.png", features).await
}

async fn analyse(fixture: &str, features: FeatureSet) -> AnalyzeDocumentResponse {
    let service = service();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/ocr").join(fixture);
    let image = image::open(path).expect("fixture");
    service.analyze_document(ValidAnalyzeRequest { image, features }).await.expect("analyse")
}

/// The text of a block's WORD children, space-joined.
fn child_text(block: &Block, by_id: &HashMap<&str, &Block>) -> String {
    let words: Vec<&str> =
        block.related(RelationshipType::Child).filter_map(|id| by_id.get(id).and_then(|b| b.text.as_deref())).collect();
    words.join(" ")
}

#[tokio::test]
async fn a4_table_and_key_values() {
    let features = FeatureSet { layout: false, tables: true, forms: true };
    let response = analyse_a4(features).await;
    let by_id: HashMap<&str, &Block> = response.blocks.iter().map(|b| (b.id.as_str(), b)).collect();
    let tables: Vec<&Block> = response.blocks.iter().filter(|b| b.block_type == BlockType::Table).collect();
    assert_eq!(tables.len(), 1);
    let mut grid = vec![vec![String::new(); 3]; 4];
    for id in tables[0].related(RelationshipType::Child) {
        let cell = by_id[id];
        let (row, column) = (cell.row_index.expect("row") as usize, cell.column_index.expect("column") as usize);
        grid[row - 1][column - 1] = child_text(cell, &by_id);
    }
    assert_eq!(
        grid,
        [
            ["Item", "Quantity", "Unit price"],
            ["Paper clips", "250", "0.02"],
            ["Stapler", "4", "12.50"],
            ["Printer toner", "6", "48.90"]
        ]
    );
    let mut pairs = Vec::new();
    for key in response.blocks.iter().filter(|b| b.entity_types.as_deref() == Some(&[EntityType::Key])) {
        let value = key.related(RelationshipType::Value).next().expect("a value");
        pairs.push((child_text(key, &by_id), child_text(by_id[value], &by_id)));
    }
    assert_eq!(
        pairs,
        [
            ("Invoice number:".to_string(), "INV-20931".to_string()),
            ("Order date:".to_string(), "2024-04-17".to_string()),
            ("Customer:".to_string(), "Harbor Supply Ltd".to_string()),
            ("Total due:".to_string(), "353.40".to_string()),
        ]
    );
    assert!(!response.blocks.iter().any(|b| b.block_type.is_layout()));
}

#[tokio::test]
async fn a4_layout() {
    let features = FeatureSet { layout: true, tables: false, forms: false };
    let response = analyse_a4(features).await;
    let by_id: HashMap<&str, &Block> = response.blocks.iter().map(|b| (b.id.as_str(), b)).collect();
    let layout: Vec<(BlockType, Vec<&str>)> = response
        .blocks
        .iter()
        .filter(|b| b.block_type.is_layout())
        .map(|b| {
            (b.block_type, b.related(RelationshipType::Child).filter_map(|id| by_id[id].text.as_deref()).collect())
        })
        .collect();
    let title = layout.iter().find(|(t, _)| *t == BlockType::LayoutTitle).expect("a title");
    assert_eq!(title.1, ["Quarterly Supply Order"]);
    let table = layout.iter().find(|(t, _)| *t == BlockType::LayoutTable).expect("a table");
    assert!(table.1.contains(&"Paper clips") && table.1.contains(&"48.90"), "{table:?}");
    // Every LINE belongs to at most one layout block.
    let mut children: Vec<&str> = response
        .blocks
        .iter()
        .filter(|b| b.block_type.is_layout())
        .flat_map(|b| b.related(RelationshipType::Child))
        .collect();
    let total = children.len();
    children.sort_unstable();
    children.dedup();
    assert_eq!(children.len(), total);
    assert!(!response.blocks.iter().any(|b| b.block_type == BlockType::Table));
}

#[tokio::test]
async fn text_pages_have_no_tables_or_forms() {
    let features = FeatureSet { layout: true, tables: true, forms: true };
    for fixture in ["en_clean.png", "en_rot6_noise.jpg", "en_small_serif.png", "zh_clean.png"] {
        let response = analyse(fixture, features).await;
        let found: Vec<BlockType> = response
            .blocks
            .iter()
            .map(|b| b.block_type)
            .filter(|t| matches!(t, BlockType::Table | BlockType::Cell | BlockType::KeyValueSet))
            .collect();
        assert!(found.is_empty(), "{fixture}: {found:?}");
        assert!(response.blocks.iter().any(|b| b.block_type.is_layout()), "{fixture}: no layout");
    }
}

impl BlockType {
    fn is_layout(self) -> bool {
        matches!(
            self,
            BlockType::LayoutText
                | BlockType::LayoutTitle
                | BlockType::LayoutHeader
                | BlockType::LayoutFooter
                | BlockType::LayoutFigure
                | BlockType::LayoutTable
        )
    }
}
