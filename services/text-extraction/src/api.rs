//! The wire types: AWS Textract's DetectDocumentText and AnalyzeDocument requests and responses,
//! field for field (PascalCase), so AWS SDKs and documentation apply unchanged.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A 1×1 white PNG: the smallest document the examples can carry.
const EXAMPLE_BYTES: &str =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGP4DwABAQEAsTj2FAAAAABJRU5ErkJggg==";

/// A raw upload: the image file itself, sent with its `image/*` content type.
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct RawDocument(pub Vec<u8>);

/// The document to read. Only inline bytes are supported.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct Document {
    /// The image, base64-encoded: PNG, JPEG, TIFF or WebP.
    #[schema(example = json!(EXAMPLE_BYTES))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<String>,
    /// Not supported by aigate (there is no S3); sending it is an InvalidParameterException.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3_object: Option<S3Object>,
}

/// AWS's S3 location of a document. Accepted in the schema only to answer with a clear error.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct S3Object {
    #[schema(example = "my-bucket")]
    pub bucket: Option<String>,
    #[schema(example = "scan.png")]
    pub name: Option<String>,
    pub version: Option<String>,
}

/// Textract DetectDocumentText: lines and words of a one-page document.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct DetectDocumentTextRequest {
    pub document: Document,
}

/// Textract AnalyzeDocument: text plus the requested analyses.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct AnalyzeDocumentRequest {
    pub document: Document,
    /// Any of LAYOUT, TABLES, FORMS (QUERIES and SIGNATURES are not supported).
    #[schema(example = json!(["TABLES", "FORMS"]))]
    #[serde(default)]
    pub feature_types: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct DocumentMetadata {
    /// Always 1: synchronous operations read one page.
    #[schema(example = 1)]
    pub pages: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct DetectDocumentTextResponse {
    pub document_metadata: DocumentMetadata,
    /// PAGE, then LINE blocks in reading order, then WORD blocks.
    pub blocks: Vec<Block>,
    #[schema(example = "1.0")]
    pub detect_document_text_model_version: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct AnalyzeDocumentResponse {
    pub document_metadata: DocumentMetadata,
    /// PAGE, LINE and WORD blocks, then LAYOUT_*, TABLE/CELL and KEY_VALUE_SET blocks as requested.
    pub blocks: Vec<Block>,
    #[schema(example = "1.0")]
    pub analyze_document_model_version: String,
}

/// What a block is. aigate emits this subset of Textract's block types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BlockType {
    Page,
    Line,
    Word,
    Table,
    Cell,
    KeyValueSet,
    LayoutText,
    LayoutTitle,
    LayoutHeader,
    LayoutFooter,
    LayoutFigure,
    LayoutTable,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RelationshipType {
    /// The listed blocks are parts of this one.
    Child,
    /// From a KEY to its VALUE block.
    Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EntityType {
    Key,
    Value,
    /// A table with ruling lines, whose grid is known.
    StructuredTable,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TextType {
    Printed,
}

/// An axis-aligned box, in fractions of the page's width and height.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct BoundingBox {
    #[schema(example = 0.31)]
    pub width: f32,
    #[schema(example = 0.04)]
    pub height: f32,
    #[schema(example = 0.07)]
    pub left: f32,
    #[schema(example = 0.12)]
    pub top: f32,
}

/// A corner of a polygon, in fractions of the page's width and height.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct PolygonPoint {
    #[schema(example = 0.07)]
    pub x: f32,
    #[schema(example = 0.12)]
    pub y: f32,
}

/// Where a block is on the image as it was sent, in fractions of its width and height. A page
/// sent rotated (90°, 180°, 270°) is read upright, and its geometry is turned back onto the sent
/// image, as Textract does: the polygon then starts at the text's top-left corner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct Geometry {
    pub bounding_box: BoundingBox,
    /// Four corners in the text's own order: top-left, top-right, bottom-right, bottom-left.
    pub polygon: Vec<PolygonPoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct Relationship {
    #[serde(rename = "Type")]
    pub kind: RelationshipType,
    #[schema(example = json!(["5e7c0c9e-4d2f-4a3b-9a43-2f1c5b1b6f10"]))]
    pub ids: Vec<String>,
}

/// One detected element. Fields that do not apply to a block type are left out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct Block {
    pub block_type: BlockType,
    /// A random UUID, unique within the response.
    #[schema(example = "0f4b5d7e-9a51-4c1e-8a5b-7d3c2e1f9a08")]
    pub id: String,
    /// LINE and WORD blocks: the recognised text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "Invoice")]
    pub text: Option<String>,
    /// 0 to 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 99.2)]
    pub confidence: Option<f32>,
    pub geometry: Geometry,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relationships: Option<Vec<Relationship>>,
    /// KEY_VALUE_SET blocks: KEY or VALUE; TABLE blocks: STRUCTURED_TABLE.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_types: Option<Vec<EntityType>>,
    /// CELL blocks: 1-based row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 1)]
    pub row_index: Option<u32>,
    /// CELL blocks: 1-based column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 2)]
    pub column_index: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 1)]
    pub row_span: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 1)]
    pub column_span: Option<u32>,
    /// Always 1.
    #[schema(example = 1)]
    pub page: u32,
    /// WORD blocks: PRINTED (handwriting is not told apart).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_type: Option<TextType>,
}

impl Block {
    /// A block with only the fields every block has.
    pub fn new(block_type: BlockType, id: String, geometry: Geometry) -> Self {
        Self {
            block_type,
            id,
            text: None,
            confidence: None,
            geometry,
            relationships: None,
            entity_types: None,
            row_index: None,
            column_index: None,
            row_span: None,
            column_span: None,
            page: 1,
            text_type: None,
        }
    }

    /// Adds `ids` under a relationship of `kind` (nothing when `ids` is empty).
    pub fn relate(&mut self, kind: RelationshipType, ids: impl IntoIterator<Item = String>) {
        let ids: Vec<String> = ids.into_iter().collect();
        if ids.is_empty() {
            return;
        }
        let relationships = self.relationships.get_or_insert_with(Vec::new);
        match relationships.iter_mut().find(|r| r.kind == kind) {
            Some(existing) => existing.ids.extend(ids),
            None => relationships.push(Relationship { kind, ids }),
        }
    }

    /// The ids under the relationship of `kind` (empty when there is none).
    pub fn related(&self, kind: RelationshipType) -> impl Iterator<Item = &str> {
        self.relationships
            .iter()
            .flatten()
            .filter(move |r| r.kind == kind)
            .flat_map(|r| r.ids.iter().map(String::as_str))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_serialise_like_textract_and_skip_absent_fields() {
        let geometry = Geometry {
            bounding_box: BoundingBox { width: 0.5, height: 0.25, left: 0.0, top: 0.0 },
            polygon: vec![PolygonPoint { x: 0.0, y: 0.0 }],
        };
        let mut block = Block::new(BlockType::KeyValueSet, "k".into(), geometry);
        block.entity_types = Some(vec![EntityType::Key]);
        block.relate(RelationshipType::Value, ["v".to_string()]);
        block.relate(RelationshipType::Child, Vec::new());
        let json = serde_json::to_value(&block).expect("serialise");
        assert_eq!(
            json,
            serde_json::json!({
                "BlockType": "KEY_VALUE_SET", "Id": "k", "Page": 1, "EntityTypes": ["KEY"],
                "Geometry": {"BoundingBox": {"Width": 0.5, "Height": 0.25, "Left": 0.0, "Top": 0.0}, "Polygon": [{"X": 0.0, "Y": 0.0}]},
                "Relationships": [{"Type": "VALUE", "Ids": ["v"]}],
            })
        );
    }

    #[test]
    fn requests_parse_from_aws_json() {
        let request: AnalyzeDocumentRequest =
            serde_json::from_str(r#"{"Document":{"Bytes":"aGk="},"FeatureTypes":["TABLES"]}"#).expect("parse");
        assert_eq!(request.document.bytes.as_deref(), Some("aGk="));
        assert_eq!(request.feature_types, ["TABLES"]);
    }
}
