//! DetectPiiEntities and ContainsPiiEntities.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PiiEntityType {
    Email,
    Phone,
    Url,
    IpAddress,
    CreditDebitNumber,
    Ssn,
    DateTime,
    Name,
    Address,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct PiiEntity {
    #[schema(example = 0.99)]
    pub score: f32,
    #[serde(rename = "Type")]
    pub entity_type: PiiEntityType,
    /// In characters.
    #[schema(example = 11)]
    pub begin_offset: usize,
    /// In characters, exclusive.
    #[schema(example = 28)]
    pub end_offset: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct DetectPiiEntitiesResponse {
    pub entities: Vec<PiiEntity>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct PiiLabel {
    #[schema(example = "EMAIL")]
    pub name: PiiEntityType,
    /// The highest score of an entity of this type.
    #[schema(example = 0.99)]
    pub score: f32,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct ContainsPiiEntitiesResponse {
    /// One label per PII type found.
    pub labels: Vec<PiiLabel>,
}
