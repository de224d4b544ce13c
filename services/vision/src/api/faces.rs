//! DetectFaces and CompareFaces.

use super::{BoundingBox, Image};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct DetectFacesRequest {
    pub image: Image,
    /// DEFAULT or ALL; both return the same fields here (no age, emotions or other attributes).
    #[schema(example = json!(["DEFAULT"]))]
    #[serde(default)]
    pub attributes: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct DetectFacesResponse {
    /// At most the 100 largest faces, largest first.
    pub face_details: Vec<FaceDetail>,
}

/// A face: where it is, its five landmarks, its pose and its image quality.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct FaceDetail {
    pub bounding_box: BoundingBox,
    /// 0–100.
    #[schema(example = 99.1)]
    pub confidence: f32,
    /// eyeLeft, eyeRight, nose, mouthLeft, mouthRight (left and right as seen in the image, as
    /// Rekognition names them).
    pub landmarks: Vec<Landmark>,
    pub pose: Pose,
    pub quality: ImageQuality,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct Landmark {
    #[serde(rename = "Type")]
    #[schema(example = "eyeLeft")]
    pub kind: LandmarkType,
    #[schema(example = 0.41)]
    pub x: f32,
    #[schema(example = 0.27)]
    pub y: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum LandmarkType {
    #[serde(rename = "eyeLeft")]
    EyeLeft,
    #[serde(rename = "eyeRight")]
    EyeRight,
    #[serde(rename = "nose")]
    Nose,
    #[serde(rename = "mouthLeft")]
    MouthLeft,
    #[serde(rename = "mouthRight")]
    MouthRight,
}

/// The head's rotation in degrees, estimated from the five landmarks (coarse: about ±10°).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct Pose {
    /// In-plane rotation: positive when the face leans clockwise as seen.
    #[schema(example = -3.2)]
    pub roll: f32,
    /// Left-right turn: positive when the face turns to the image's left.
    #[schema(example = 12.0)]
    pub yaw: f32,
    /// Up-down nod: positive when the face looks up.
    #[schema(example = 4.5)]
    pub pitch: f32,
}

/// Measured from the face's pixels, 0–100.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct ImageQuality {
    /// The face's mean luminance: 0 black, 100 white.
    #[schema(example = 61.3)]
    pub brightness: f32,
    /// Edge strength (variance of the Laplacian), 0 blurred, 100 crisp.
    #[schema(example = 78.0)]
    pub sharpness: f32,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct CompareFacesRequest {
    /// Its largest face is compared.
    pub source_image: Image,
    /// Every face in it (up to 100, largest first) is compared with the source face.
    pub target_image: Image,
    /// Matches below this similarity (0–100) are unmatched faces (default 80).
    #[schema(example = 80.0)]
    #[serde(default)]
    pub similarity_threshold: Option<f32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct CompareFacesResponse {
    pub source_image_face: SourceImageFace,
    /// Target faces at or above `SimilarityThreshold`, the most similar first.
    pub face_matches: Vec<CompareFacesMatch>,
    /// The other target faces.
    pub unmatched_faces: Vec<ComparedFace>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct SourceImageFace {
    pub bounding_box: BoundingBox,
    #[schema(example = 99.3)]
    pub confidence: f32,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct CompareFacesMatch {
    /// 0–100, calibrated from the embeddings' cosine (see the operation's description).
    #[schema(example = 99.2)]
    pub similarity: f32,
    pub face: ComparedFace,
}

/// A target face: as a FaceDetail, without attributes beyond these.
pub type ComparedFace = FaceDetail;
