//! The face collection operations.

use super::{CollectionErrors, FaceErrors};
use crate::api::*;
use crate::collections::{IndexParams, SearchParams};
use crate::service::VisionService;
use crate::validate::{self, count, identifier, percentage};
use aigate_core::{ApiError, Ready};
use axum::Json;
use axum::body::Body;
use axum::extract::State;

fn collection_id(value: &str) -> Result<(), ApiError> {
    identifier("CollectionId", value, "")
}

/// Creates an empty face collection (AWS Rekognition CreateCollection).
#[utoipa::path(
    post,
    path = "/create-collection",
    tag = "vision",
    operation_id = "CreateCollection",
    summary = "Create a face collection (Rekognition CreateCollection)",
    description = "Mirrors AWS Rekognition `CreateCollection`. Collections live in the gateway's embedded \
        database (`[store] url`) and survive restarts; every write is committed before the answer. \
        `CollectionId`: 1–255 of `[a-zA-Z0-9_.-]`. An existing id answers 409 ResourceAlreadyExistsException.",
    request_body(content = CreateCollectionRequest, content_type = "application/json", example = json!({"CollectionId": "staff"})),
    responses(
        (status = 200, description = "Created.", body = CreateCollectionResponse, example = json!({
            "StatusCode": 200, "CollectionArn": "aws:rekognition:local:aigate:collection/staff", "FaceModelVersion": "mobilefacenet-1.0"
        })),
        CollectionErrors,
    ),
)]
pub async fn create_collection(
    State(ready): State<Ready<VisionService>>,
    body: Body,
) -> Result<Json<CreateCollectionResponse>, ApiError> {
    let service = ready.get()?.clone();
    let request: CreateCollectionRequest = validate::read_json(body, service.config(), 0).await?;
    collection_id(&request.collection_id)?;
    Ok(Json(service.create_collection(&request.collection_id).await?))
}

/// Lists the face collections (AWS Rekognition ListCollections).
#[utoipa::path(
    post,
    path = "/list-collections",
    tag = "vision",
    operation_id = "ListCollections",
    summary = "List face collections (Rekognition ListCollections)",
    description = "Mirrors AWS Rekognition `ListCollections`: ids in alphabetical order, `MaxResults` per \
        page (default 1000), `NextToken` for the next page.",
    request_body(content = ListCollectionsRequest, content_type = "application/json", example = json!({"MaxResults": 100})),
    responses(
        (status = 200, description = "One page of collection ids.", body = ListCollectionsResponse, example = json!({
            "CollectionIds": ["staff"], "FaceModelVersions": ["mobilefacenet-1.0"]
        })),
        CollectionErrors,
    ),
)]
pub async fn list_collections(
    State(ready): State<Ready<VisionService>>,
    body: Body,
) -> Result<Json<ListCollectionsResponse>, ApiError> {
    let service = ready.get()?.clone();
    let request: ListCollectionsRequest = validate::read_json(body, service.config(), 0).await?;
    let limit = count("MaxResults", request.max_results, 0, 4096, 1000)?;
    Ok(Json(service.list_collections(limit, request.next_token.as_deref()).await?))
}

/// Deletes a face collection and its faces (AWS Rekognition DeleteCollection).
#[utoipa::path(
    post,
    path = "/delete-collection",
    tag = "vision",
    operation_id = "DeleteCollection",
    summary = "Delete a face collection (Rekognition DeleteCollection)",
    description = "Mirrors AWS Rekognition `DeleteCollection`: the collection and every face in it. An \
        unknown id answers 404 ResourceNotFoundException.",
    request_body(content = DeleteCollectionRequest, content_type = "application/json", example = json!({"CollectionId": "staff"})),
    responses(
        (status = 200, description = "Deleted.", body = DeleteCollectionResponse, example = json!({"StatusCode": 200})),
        CollectionErrors,
    ),
)]
pub async fn delete_collection(
    State(ready): State<Ready<VisionService>>,
    body: Body,
) -> Result<Json<DeleteCollectionResponse>, ApiError> {
    let service = ready.get()?.clone();
    let request: DeleteCollectionRequest = validate::read_json(body, service.config(), 0).await?;
    collection_id(&request.collection_id)?;
    Ok(Json(service.delete_collection(&request.collection_id).await?))
}

/// Detects faces and adds them to a collection (AWS Rekognition IndexFaces).
#[utoipa::path(
    post,
    path = "/index-faces",
    tag = "vision",
    operation_id = "IndexFaces",
    summary = "Add an image's faces to a collection (Rekognition IndexFaces)",
    description = "Mirrors AWS Rekognition `IndexFaces`: detects the faces (the largest first), keeps up to \
        `MaxFaces` (default 100; the rest are UnindexedFaces with reason EXCEEDS_MAX_FACES), stores each \
        face's embedding with `ExternalImageId` in one transaction. Needs `face_comparison` (403 \
        AccessDeniedException otherwise; see CompareFaces). Only the embedding, box and ids are stored, \
        never the image.",
    request_body(content = IndexFacesRequest, content_type = "application/json", example = json!({
        "CollectionId": "staff", "Image": {"Bytes": crate::api::EXAMPLE_BYTES}, "ExternalImageId": "ada.jpg", "MaxFaces": 1
    })),
    responses(
        (status = 200, description = "The faces indexed, and those left out.", body = IndexFacesResponse, example = json!({
            "FaceRecords": [{
                "Face": {"FaceId": "8c1a5e0e-2b43-4a1f-9d1b-3f0e6a7b9c21", "ImageId": "0b4e3d2c-1a2b-4c3d-8e9f-0a1b2c3d4e5f",
                         "ExternalImageId": "ada.jpg", "Confidence": 93.6, "IndexFacesModelVersion": "mobilefacenet-1.0",
                         "BoundingBox": {"Width": 0.18, "Height": 0.22, "Left": 0.35, "Top": 0.13}},
                "FaceDetail": {"BoundingBox": {"Width": 0.18, "Height": 0.22, "Left": 0.35, "Top": 0.13}, "Confidence": 93.6,
                               "Landmarks": [{"Type": "eyeLeft", "X": 0.41, "Y": 0.2}, {"Type": "eyeRight", "X": 0.48, "Y": 0.2},
                                             {"Type": "nose", "X": 0.45, "Y": 0.25}, {"Type": "mouthLeft", "X": 0.42, "Y": 0.29},
                                             {"Type": "mouthRight", "X": 0.48, "Y": 0.29}],
                               "Pose": {"Roll": 1.5, "Yaw": 8.2, "Pitch": -3.0}, "Quality": {"Brightness": 61.3, "Sharpness": 78.0}}
            }],
            "FaceModelVersion": "mobilefacenet-1.0",
            "UnindexedFaces": []
        })),
        FaceErrors,
    ),
)]
pub async fn index_faces(
    State(ready): State<Ready<VisionService>>,
    body: Body,
) -> Result<Json<IndexFacesResponse>, ApiError> {
    let service = ready.get()?.clone();
    let config = service.config();
    // The body is read first even when the switch is off: answering mid-upload breaks the
    // client's pipe instead of showing it the 403.
    let request: IndexFacesRequest = validate::read_json(body, config, 1).await?;
    service.embedder("IndexFaces")?;
    collection_id(&request.collection_id)?;
    if let Some(external) = &request.external_image_id {
        identifier("ExternalImageId", external, ":")?;
    }
    let params = IndexParams {
        collection_id: request.collection_id,
        external_image_id: request.external_image_id,
        max_faces: count("MaxFaces", request.max_faces, 1, 100, 100)?,
    };
    let image = validate::decode_image(request.image, "Image", config).await?;
    Ok(Json(service.index_faces(image, params).await?))
}

/// Lists a collection's faces (AWS Rekognition ListFaces).
#[utoipa::path(
    post,
    path = "/list-faces",
    tag = "vision",
    operation_id = "ListFaces",
    summary = "List the faces of a collection (Rekognition ListFaces)",
    description = "Mirrors AWS Rekognition `ListFaces`: faces in the order they were indexed, `MaxResults` \
        per page (default 1000), `NextToken` for the next page.",
    request_body(content = ListFacesRequest, content_type = "application/json", example = json!({"CollectionId": "staff", "MaxResults": 100})),
    responses(
        (status = 200, description = "One page of faces.", body = ListFacesResponse, example = json!({
            "Faces": [{"FaceId": "8c1a5e0e-2b43-4a1f-9d1b-3f0e6a7b9c21", "ImageId": "0b4e3d2c-1a2b-4c3d-8e9f-0a1b2c3d4e5f",
                       "ExternalImageId": "ada.jpg", "Confidence": 93.6, "IndexFacesModelVersion": "mobilefacenet-1.0",
                       "BoundingBox": {"Width": 0.18, "Height": 0.22, "Left": 0.35, "Top": 0.13}}],
            "FaceModelVersion": "mobilefacenet-1.0"
        })),
        CollectionErrors,
    ),
)]
pub async fn list_faces(
    State(ready): State<Ready<VisionService>>,
    body: Body,
) -> Result<Json<ListFacesResponse>, ApiError> {
    let service = ready.get()?.clone();
    let request: ListFacesRequest = validate::read_json(body, service.config(), 0).await?;
    collection_id(&request.collection_id)?;
    let limit = count("MaxResults", request.max_results, 0, 4096, 1000)?;
    Ok(Json(service.list_faces(&request.collection_id, limit, request.next_token.as_deref()).await?))
}

/// Removes faces from a collection (AWS Rekognition DeleteFaces).
#[utoipa::path(
    post,
    path = "/delete-faces",
    tag = "vision",
    operation_id = "DeleteFaces",
    summary = "Delete faces from a collection (Rekognition DeleteFaces)",
    description = "Mirrors AWS Rekognition `DeleteFaces`, in one transaction. Ids not in the collection are \
        listed in UnsuccessfulFaceDeletions with reason FACE_NOT_FOUND.",
    request_body(content = DeleteFacesRequest, content_type = "application/json", example = json!({
        "CollectionId": "staff", "FaceIds": ["8c1a5e0e-2b43-4a1f-9d1b-3f0e6a7b9c21"]
    })),
    responses(
        (status = 200, description = "The faces deleted, and the ids that were not found.", body = DeleteFacesResponse, example = json!({
            "DeletedFaces": ["8c1a5e0e-2b43-4a1f-9d1b-3f0e6a7b9c21"], "UnsuccessfulFaceDeletions": []
        })),
        CollectionErrors,
    ),
)]
pub async fn delete_faces(
    State(ready): State<Ready<VisionService>>,
    body: Body,
) -> Result<Json<DeleteFacesResponse>, ApiError> {
    let service = ready.get()?.clone();
    let request: DeleteFacesRequest = validate::read_json(body, service.config(), 0).await?;
    collection_id(&request.collection_id)?;
    if request.face_ids.is_empty() || request.face_ids.len() > 4096 {
        return Err(ApiError::invalid_parameter("FaceIds must list 1 to 4096 face ids"));
    }
    Ok(Json(service.delete_faces(&request.collection_id, &request.face_ids).await?))
}

/// Searches a collection for the image's largest face (AWS Rekognition SearchFacesByImage).
#[utoipa::path(
    post,
    path = "/search-faces-by-image",
    tag = "vision",
    operation_id = "SearchFacesByImage",
    summary = "Search a collection for a face (Rekognition SearchFacesByImage)",
    description = "Mirrors AWS Rekognition `SearchFacesByImage`: the image's largest face against every \
        face of the collection, by the same calibrated Similarity as CompareFaces; matches at or above \
        `FaceMatchThreshold` (default 80), the most similar first, at most `MaxFaces` (default 80). An \
        image without a face is InvalidParameterException. Needs `face_comparison` (403 \
        AccessDeniedException otherwise).",
    request_body(content = SearchFacesByImageRequest, content_type = "application/json", example = json!({
        "CollectionId": "staff", "Image": {"Bytes": crate::api::EXAMPLE_BYTES}, "MaxFaces": 5, "FaceMatchThreshold": 80
    })),
    responses(
        (status = 200, description = "The searched face and its matches.", body = SearchFacesByImageResponse, example = json!({
            "SearchedFaceBoundingBox": {"Width": 0.18, "Height": 0.22, "Left": 0.35, "Top": 0.13},
            "SearchedFaceConfidence": 93.6,
            "FaceMatches": [{"Similarity": 98.7, "Face": {
                "FaceId": "8c1a5e0e-2b43-4a1f-9d1b-3f0e6a7b9c21", "ImageId": "0b4e3d2c-1a2b-4c3d-8e9f-0a1b2c3d4e5f",
                "ExternalImageId": "ada.jpg", "Confidence": 93.6, "IndexFacesModelVersion": "mobilefacenet-1.0",
                "BoundingBox": {"Width": 0.18, "Height": 0.22, "Left": 0.35, "Top": 0.13}}}],
            "FaceModelVersion": "mobilefacenet-1.0"
        })),
        FaceErrors,
    ),
)]
pub async fn search_faces_by_image(
    State(ready): State<Ready<VisionService>>,
    body: Body,
) -> Result<Json<SearchFacesByImageResponse>, ApiError> {
    let service = ready.get()?.clone();
    let config = service.config();
    // The body is read first even when the switch is off: answering mid-upload breaks the
    // client's pipe instead of showing it the 403.
    let request: SearchFacesByImageRequest = validate::read_json(body, config, 1).await?;
    service.embedder("SearchFacesByImage")?;
    collection_id(&request.collection_id)?;
    let params = SearchParams {
        collection_id: request.collection_id,
        max_faces: count("MaxFaces", request.max_faces, 1, 4096, 80)?,
        threshold: percentage("FaceMatchThreshold", request.face_match_threshold, 80.0)?,
    };
    let image = validate::decode_image(request.image, "Image", config).await?;
    Ok(Json(service.search_faces_by_image(image, params).await?))
}
