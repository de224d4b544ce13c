//! Face collections: CreateCollection, ListCollections, DeleteCollection, IndexFaces, ListFaces,
//! DeleteFaces, SearchFacesByImage.

use super::{BoundingBox, FaceDetail, Image};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct CreateCollectionRequest {
    /// 1–255 characters: letters, digits, `.`, `_`, `-`.
    #[schema(example = "staff")]
    pub collection_id: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct CreateCollectionResponse {
    #[schema(example = 200)]
    pub status_code: u16,
    #[schema(example = "aws:rekognition:local:aigate:collection/staff")]
    pub collection_arn: String,
    #[schema(example = "mobilefacenet-1.0")]
    pub face_model_version: String,
}

/// A request naming only a collection (DeleteCollection).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteCollectionRequest {
    #[schema(example = "staff")]
    pub collection_id: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteCollectionResponse {
    #[schema(example = 200)]
    pub status_code: u16,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct ListCollectionsRequest {
    /// Page size, 1–4096 (default 1000).
    #[schema(example = 100)]
    #[serde(default)]
    pub max_results: Option<i64>,
    /// From the previous page's response.
    #[serde(default)]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct ListCollectionsResponse {
    #[schema(example = json!(["staff"]))]
    pub collection_ids: Vec<String>,
    /// One per collection, in the same order.
    #[schema(example = json!(["mobilefacenet-1.0"]))]
    pub face_model_versions: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct IndexFacesRequest {
    #[schema(example = "staff")]
    pub collection_id: String,
    pub image: Image,
    /// Your name for the image, returned with every match (1–255 of `[a-zA-Z0-9_.\-:]`).
    #[schema(example = "ada.jpg")]
    #[serde(default)]
    pub external_image_id: Option<String>,
    /// Index at most this many faces, the largest first (default 100).
    #[schema(example = 1)]
    #[serde(default)]
    pub max_faces: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct IndexFacesResponse {
    pub face_records: Vec<FaceRecord>,
    #[schema(example = "mobilefacenet-1.0")]
    pub face_model_version: String,
    /// Faces found but not indexed (beyond `MaxFaces`).
    pub unindexed_faces: Vec<UnindexedFace>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct FaceRecord {
    pub face: Face,
    pub face_detail: FaceDetail,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct UnindexedFace {
    #[schema(example = json!(["EXCEEDS_MAX_FACES"]))]
    pub reasons: Vec<String>,
    pub face_detail: FaceDetail,
}

/// A face stored in a collection.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct Face {
    #[schema(example = "8c1a5e0e-2b43-4a1f-9d1b-3f0e6a7b9c21")]
    pub face_id: String,
    pub bounding_box: BoundingBox,
    /// The same for every face indexed from one IndexFaces call.
    #[schema(example = "0b4e3d2c-1a2b-4c3d-8e9f-0a1b2c3d4e5f")]
    pub image_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "ada.jpg")]
    pub external_image_id: Option<String>,
    #[schema(example = 99.4)]
    pub confidence: f32,
    #[schema(example = "mobilefacenet-1.0")]
    pub index_faces_model_version: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct ListFacesRequest {
    #[schema(example = "staff")]
    pub collection_id: String,
    /// Page size, 1–4096 (default 1000).
    #[serde(default)]
    pub max_results: Option<i64>,
    #[serde(default)]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct ListFacesResponse {
    pub faces: Vec<Face>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[schema(example = "mobilefacenet-1.0")]
    pub face_model_version: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteFacesRequest {
    #[schema(example = "staff")]
    pub collection_id: String,
    /// 1–4096 face ids.
    #[schema(example = json!(["8c1a5e0e-2b43-4a1f-9d1b-3f0e6a7b9c21"]))]
    pub face_ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteFacesResponse {
    pub deleted_faces: Vec<String>,
    /// Ids that were not in the collection.
    pub unsuccessful_face_deletions: Vec<UnsuccessfulFaceDeletion>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct UnsuccessfulFaceDeletion {
    pub face_id: String,
    #[schema(example = json!(["FACE_NOT_FOUND"]))]
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct SearchFacesByImageRequest {
    #[schema(example = "staff")]
    pub collection_id: String,
    /// Its largest face is searched for.
    pub image: Image,
    /// At most this many matches, the most similar first, 1–4096 (default 80).
    #[schema(example = 5)]
    #[serde(default)]
    pub max_faces: Option<i64>,
    /// Matches below this similarity (0–100) are left out (default 80).
    #[schema(example = 80.0)]
    #[serde(default)]
    pub face_match_threshold: Option<f32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct SearchFacesByImageResponse {
    pub searched_face_bounding_box: BoundingBox,
    #[schema(example = 99.3)]
    pub searched_face_confidence: f32,
    pub face_matches: Vec<FaceMatch>,
    #[schema(example = "mobilefacenet-1.0")]
    pub face_model_version: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct FaceMatch {
    #[schema(example = 97.9)]
    pub similarity: f32,
    pub face: Face,
}
