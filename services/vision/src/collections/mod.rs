//! Face collections: the store, and the operations over it (CreateCollection, ListCollections,
//! DeleteCollection, IndexFaces, ListFaces, DeleteFaces, SearchFacesByImage).

pub mod store;

use crate::api::{
    BoundingBox, CreateCollectionResponse, DeleteCollectionResponse, DeleteFacesResponse, Face, FaceMatch, FaceRecord,
    IndexFacesResponse, ListCollectionsResponse, ListFacesResponse, SearchFacesByImageResponse, UnindexedFace,
    UnsuccessfulFaceDeletion,
};
use crate::compare::no_face;
use crate::faces::embed::{MODEL_VERSION, cosine, similarity};
use crate::service::{VisionService, describe};
use aigate_core::ApiError;
use axum::http::StatusCode;
use image::RgbImage;
use std::sync::Arc;
use store::{CollectionError, StoredFace};

impl From<CollectionError> for ApiError {
    fn from(error: CollectionError) -> Self {
        match error {
            CollectionError::NotFound(_) => ApiError::not_found(error.to_string()),
            CollectionError::AlreadyExists(_) => {
                ApiError::new(StatusCode::CONFLICT, "ResourceAlreadyExistsException", error.to_string())
            }
            CollectionError::Store(e) => ApiError::internal(e),
        }
    }
}

/// IndexFaces parameters, validated.
pub struct IndexParams {
    pub collection_id: String,
    pub external_image_id: Option<String>,
    pub max_faces: usize,
}

/// SearchFacesByImage parameters, validated.
pub struct SearchParams {
    pub collection_id: String,
    pub max_faces: usize,
    /// 0..100
    pub threshold: f32,
}

fn face_of(stored: &StoredFace) -> Face {
    let [left, top, width, height] = stored.bounding_box;
    Face {
        face_id: stored.face_id.clone(),
        bounding_box: BoundingBox { width, height, left, top },
        image_id: stored.image_id.clone(),
        external_image_id: stored.external_image_id.clone(),
        confidence: stored.confidence,
        index_faces_model_version: MODEL_VERSION.to_string(),
    }
}

impl VisionService {
    pub async fn create_collection(&self, collection_id: &str) -> Result<CreateCollectionResponse, ApiError> {
        self.collections.create(collection_id, MODEL_VERSION).await?;
        Ok(CreateCollectionResponse {
            status_code: 200,
            collection_arn: format!("aws:rekognition:local:aigate:collection/{collection_id}"),
            face_model_version: MODEL_VERSION.to_string(),
        })
    }

    pub async fn list_collections(
        &self,
        limit: usize,
        next_token: Option<&str>,
    ) -> Result<ListCollectionsResponse, ApiError> {
        let page = self.collections.list(limit, next_token).await?;
        let (collection_ids, face_model_versions) = page.items.into_iter().unzip();
        Ok(ListCollectionsResponse { collection_ids, face_model_versions, next_token: page.next_token })
    }

    pub async fn delete_collection(&self, collection_id: &str) -> Result<DeleteCollectionResponse, ApiError> {
        self.collections.delete(collection_id).await?;
        Ok(DeleteCollectionResponse { status_code: 200 })
    }

    pub async fn index_faces(&self, image: RgbImage, params: IndexParams) -> Result<IndexFacesResponse, ApiError> {
        const OPERATION: &str = "IndexFaces";
        self.embedder(OPERATION)?;
        self.collections.model_version(&params.collection_id).await?;
        let image = Arc::new(image);
        let mut faces = self.find_faces(image.clone()).await?;
        let beyond = faces.split_off(params.max_faces.min(faces.len()));
        let embeddings = self.embed_faces(OPERATION, image.clone(), &faces).await?;
        let details = describe(image.clone(), faces).await?;
        let image_id = uuid::Uuid::new_v4().to_string();
        let stored: Vec<StoredFace> = details
            .iter()
            .zip(embeddings)
            .map(|(detail, embedding)| {
                let b = detail.bounding_box;
                StoredFace {
                    face_id: uuid::Uuid::new_v4().to_string(),
                    image_id: image_id.clone(),
                    external_image_id: params.external_image_id.clone(),
                    confidence: detail.confidence,
                    bounding_box: [b.left, b.top, b.width, b.height],
                    embedding,
                }
            })
            .collect();
        self.collections.add_faces(&params.collection_id, &stored).await?;
        let face_records =
            stored.iter().zip(details).map(|(s, face_detail)| FaceRecord { face: face_of(s), face_detail }).collect();
        let unindexed_faces = describe(image, beyond)
            .await?
            .into_iter()
            .map(|face_detail| UnindexedFace { reasons: vec!["EXCEEDS_MAX_FACES".into()], face_detail })
            .collect();
        Ok(IndexFacesResponse { face_records, face_model_version: MODEL_VERSION.to_string(), unindexed_faces })
    }

    pub async fn list_faces(
        &self,
        collection_id: &str,
        limit: usize,
        next_token: Option<&str>,
    ) -> Result<ListFacesResponse, ApiError> {
        let token = match next_token {
            None => None,
            Some(t) => Some(t.parse::<i64>().map_err(|_| ApiError::invalid_parameter("NextToken is not valid"))?),
        };
        let page = self.collections.list_faces(collection_id, limit, token).await?;
        Ok(ListFacesResponse {
            faces: page.items.iter().map(face_of).collect(),
            next_token: page.next_token,
            face_model_version: MODEL_VERSION.to_string(),
        })
    }

    pub async fn delete_faces(
        &self,
        collection_id: &str,
        face_ids: &[String],
    ) -> Result<DeleteFacesResponse, ApiError> {
        let deleted_faces = self.collections.delete_faces(collection_id, face_ids).await?;
        let unsuccessful_face_deletions = face_ids
            .iter()
            .filter(|id| !deleted_faces.contains(id))
            .map(|id| UnsuccessfulFaceDeletion { face_id: id.clone(), reasons: vec!["FACE_NOT_FOUND".into()] })
            .collect();
        Ok(DeleteFacesResponse { deleted_faces, unsuccessful_face_deletions })
    }

    pub async fn search_faces_by_image(
        &self,
        image: RgbImage,
        params: SearchParams,
    ) -> Result<SearchFacesByImageResponse, ApiError> {
        const OPERATION: &str = "SearchFacesByImage";
        self.embedder(OPERATION)?;
        let stored = self.collections.all_faces(&params.collection_id).await?;
        let image = Arc::new(image);
        let face = self.find_faces(image.clone()).await?.into_iter().next().ok_or_else(|| no_face("Image"))?;
        let embedding = self.embed_faces(OPERATION, image.clone(), std::slice::from_ref(&face)).await?;
        let searched = describe(image, vec![face]).await?.into_iter().next().ok_or_else(|| no_face("Image"))?;
        let mut face_matches: Vec<FaceMatch> = stored
            .iter()
            .map(|s| FaceMatch { similarity: similarity(cosine(&embedding[0], &s.embedding)), face: face_of(s) })
            .filter(|m| m.similarity >= params.threshold)
            .collect();
        face_matches.sort_by(|a, b| b.similarity.total_cmp(&a.similarity));
        face_matches.truncate(params.max_faces);
        Ok(SearchFacesByImageResponse {
            searched_face_bounding_box: searched.bounding_box,
            searched_face_confidence: searched.confidence,
            face_matches,
            face_model_version: MODEL_VERSION.to_string(),
        })
    }
}
