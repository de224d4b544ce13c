//! Face embeddings for CompareFaces and the collections: the opt-in switch, alignment and
//! embedding of detected faces, and CompareFaces itself.

use crate::api::{CompareFacesMatch, CompareFacesResponse, SourceImageFace};
use crate::faces::Face;
use crate::faces::align::aligned_tensor;
use crate::faces::embed::{Embedder, cosine, similarity};
use crate::service::{VisionService, describe};
use crate::validate::off_thread;
use aigate_core::{ApiError, ModelWorker};
use axum::http::StatusCode;
use image::RgbImage;
use std::sync::Arc;

/// What an operation that needs face embeddings answers while `face_comparison` is off.
pub fn access_denied(operation: &str) -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "AccessDeniedException",
        format!(
            "{operation} needs the MobileFaceNet face-embedding model, whose license is unknown, so it is off by \
             default. To enable it: run `aigate models fetch --only vision --include-opt-in`, set \
             `face_comparison = true` in [services.vision] (or AIGATE__SERVICES__VISION__FACE_COMPARISON=true), \
             and restart the gateway"
        ),
    )
}

/// A face the operation needed was not found.
pub fn no_face(field: &str) -> ApiError {
    ApiError::invalid_parameter(format!("no face was found in {field}"))
}

impl VisionService {
    /// The embedding model, or AccessDeniedException while the switch is off.
    pub fn embedder(&self, operation: &str) -> Result<&ModelWorker<Embedder>, ApiError> {
        self.embedder.as_ref().ok_or_else(|| access_denied(operation))
    }

    /// The embedding of each face (aligned off the async threads).
    pub async fn embed_faces(
        &self,
        operation: &str,
        image: Arc<RgbImage>,
        faces: &[Face],
    ) -> Result<Vec<Vec<f32>>, ApiError> {
        let embedder = self.embedder(operation)?;
        let landmarks: Vec<[(f32, f32); 5]> = faces.iter().map(|f| f.landmarks).collect();
        let inputs = off_thread(move || {
            landmarks
                .iter()
                .map(|points| {
                    aligned_tensor(&image, points).ok_or_else(|| ApiError::internal("degenerate face landmarks"))
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .await?;
        embedder.run(move |model| model.embed(&inputs)).await?.map_err(ApiError::internal)
    }

    /// The source image's largest face against every face of the target (`threshold`: 0..100).
    pub async fn compare_faces(
        &self,
        source: RgbImage,
        target: RgbImage,
        threshold: f32,
    ) -> Result<CompareFacesResponse, ApiError> {
        const OPERATION: &str = "CompareFaces";
        self.embedder(OPERATION)?;
        let (source, target) = (Arc::new(source), Arc::new(target));
        let source_face =
            self.find_faces(source.clone()).await?.into_iter().next().ok_or_else(|| no_face("SourceImage"))?;
        let target_faces = self.find_faces(target.clone()).await?;
        let source_embedding = self.embed_faces(OPERATION, source.clone(), std::slice::from_ref(&source_face)).await?;
        let target_embeddings = self.embed_faces(OPERATION, target.clone(), &target_faces).await?;
        let source_detail =
            describe(source, vec![source_face]).await?.into_iter().next().ok_or_else(|| no_face("SourceImage"))?;
        let target_details = describe(target, target_faces).await?;

        let mut face_matches = Vec::new();
        let mut unmatched_faces = Vec::new();
        for (detail, embedding) in target_details.into_iter().zip(&target_embeddings) {
            let score = similarity(cosine(&source_embedding[0], embedding));
            if score >= threshold {
                face_matches.push(CompareFacesMatch { similarity: score, face: detail });
            } else {
                unmatched_faces.push(detail);
            }
        }
        face_matches.sort_by(|a, b| b.similarity.total_cmp(&a.similarity));
        Ok(CompareFacesResponse {
            source_image_face: SourceImageFace {
                bounding_box: source_detail.bounding_box,
                confidence: source_detail.confidence,
            },
            face_matches,
            unmatched_faces,
        })
    }
}
