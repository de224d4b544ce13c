//! The service: its models and operations. No HTTP here; `routes.rs` is the transport.

use crate::SERVICE_NAME;
use crate::api::{
    DetectFacesResponse, DetectLabelsResponse, DetectModerationLabelsResponse, DetectTextResponse, FaceDetail,
};
use crate::collections::store::CollectionStore;
use crate::config::{FaceDetectorKind, VisionConfig};
use crate::faces::detector::FaceInput;
use crate::faces::embed::{self, Embedder};
use crate::faces::{Face, FaceDetector, MAX_FACES, detail::face_detail, largest};
use crate::labels::to_labels;
use crate::labels::yolox::{self, ObjectDetector};
use crate::moderation::{self, NsfwModel};
use crate::text::TextReader;
use crate::validate::off_thread;
use aigate_core::runtime::RuntimeError;
use aigate_core::{ApiError, ModelWorker, ServiceContext};
use image::RgbImage;
use std::path::Path;
use std::sync::Arc;

/// Model files in the service's folder.
pub const OBJECT_MODEL: &str = "yolox_nano.onnx";
pub const CLASS_NAMES: &str = "coco.names";
/// Reported as `LabelModelVersion`.
pub const LABEL_MODEL_VERSION: &str = "yolox-nano-coco-1.0";
/// Objects below this score are never reported, whatever `MinConfidence` asks.
const FLOOR_SCORE: f32 = 0.05;

/// DetectLabels parameters, validated.
#[derive(Debug, Clone, Copy)]
pub struct LabelParams {
    pub max_labels: usize,
    /// 0..100
    pub min_confidence: f32,
}

pub struct VisionService {
    config: VisionConfig,
    objects: ModelWorker<ObjectDetector>,
    class_names: Arc<Vec<String>>,
    faces: ModelWorker<FaceDetector>,
    moderation: ModelWorker<NsfwModel>,
    /// Present only when `face_comparison` is on (the model's license is unknown).
    pub(crate) embedder: Option<ModelWorker<Embedder>>,
    pub(crate) collections: CollectionStore,
    text: TextReader,
}

fn worker<M: Send + 'static>(
    name: &str,
    model: M,
    config: &VisionConfig,
    path: &Path,
) -> Result<ModelWorker<M>, RuntimeError> {
    ModelWorker::spawn(name, model, config.queue_capacity).map_err(|e| RuntimeError::ModelLoad {
        path: path.to_path_buf(),
        message: format!("could not start its worker: {e}"),
    })
}

impl VisionService {
    /// Loads the models from `context`'s model folder; blocking. The ONNX Runtime environment
    /// must be initialised first.
    pub fn load(config: &VisionConfig, context: &ServiceContext) -> Result<Self, RuntimeError> {
        let dir = context.service_models(SERVICE_NAME);
        let names_path = dir.join(CLASS_NAMES);
        let names = std::fs::read_to_string(&names_path)
            .map_err(|e| RuntimeError::ModelLoad { path: names_path.clone(), message: e.to_string() })?;
        let class_names: Vec<String> =
            names.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect();
        let object_path = dir.join(OBJECT_MODEL);
        let objects = worker("yolox-nano", ObjectDetector::load(&object_path)?, config, &object_path)?;
        let faces = worker("face-detection", FaceDetector::load(config.face_detector, &dir)?, config, &dir)?;
        let nsfw_path = dir.join(moderation::MODEL_FILE);
        let moderation = worker("open-nsfw", NsfwModel::load(&nsfw_path)?, config, &nsfw_path)?;
        let embedder = if config.face_comparison {
            let path = dir.join(embed::MODEL_FILE);
            Some(worker("mobilefacenet", Embedder::load(&path)?, config, &path)?)
        } else {
            None
        };
        let collections = CollectionStore::new(context.database.clone());
        let text =
            TextReader::load(&context.service_models(aigate_text_extraction::SERVICE_NAME), config.queue_capacity);
        Ok(Self {
            config: config.clone(),
            objects,
            class_names: Arc::new(class_names),
            faces,
            moderation,
            embedder,
            collections,
            text,
        })
    }

    pub fn config(&self) -> &VisionConfig {
        &self.config
    }

    pub async fn detect_labels(&self, image: RgbImage, params: LabelParams) -> Result<DetectLabelsResponse, ApiError> {
        let (width, height) = image.dimensions();
        let input = off_thread(move || Ok(yolox::preprocess(&image))).await?;
        let min_score = (params.min_confidence / 100.0).max(FLOOR_SCORE);
        let detections =
            self.objects.run(move |model| model.detect(&input, min_score)).await?.map_err(ApiError::internal)?;
        let mut labels = to_labels(&detections, &self.class_names, width, height);
        labels.retain(|l| l.confidence >= params.min_confidence);
        labels.truncate(params.max_labels);
        Ok(DetectLabelsResponse { labels, label_model_version: LABEL_MODEL_VERSION.to_string() })
    }

    pub async fn detect_faces(&self, image: RgbImage) -> Result<DetectFacesResponse, ApiError> {
        let image = Arc::new(image);
        let faces = self.find_faces(image.clone()).await?;
        let face_details = describe(image, faces).await?;
        Ok(DetectFacesResponse { face_details })
    }

    /// `min_confidence`: 0..100.
    pub async fn detect_moderation_labels(
        &self,
        image: RgbImage,
        min_confidence: f32,
    ) -> Result<DetectModerationLabelsResponse, ApiError> {
        let input = off_thread(move || moderation::preprocess(&image).map_err(ApiError::internal)).await?;
        let score = self.moderation.run(move |model| model.score(&input)).await?.map_err(ApiError::internal)?;
        Ok(DetectModerationLabelsResponse {
            moderation_labels: moderation::labels(score, min_confidence),
            moderation_model_version: moderation::MODEL_VERSION.to_string(),
        })
    }

    pub async fn detect_text(&self, image: RgbImage) -> Result<DetectTextResponse, ApiError> {
        self.text.detect_text(image).await
    }

    /// The faces in `image`, at most 100, the largest first.
    pub async fn find_faces(&self, image: Arc<RgbImage>) -> Result<Vec<Face>, ApiError> {
        let kind: FaceDetectorKind = self.config.face_detector;
        let input: FaceInput = off_thread(move || Ok(FaceDetector::preprocess(kind, &image))).await?;
        let faces = self.faces.run(move |model| model.detect(&input)).await?.map_err(ApiError::internal)?;
        Ok(largest(faces, MAX_FACES))
    }
}

/// FaceDetails for `faces` (quality is measured on the pixels, so off the async threads).
pub async fn describe(image: Arc<RgbImage>, faces: Vec<Face>) -> Result<Vec<FaceDetail>, ApiError> {
    off_thread(move || Ok(faces.iter().map(|face| face_detail(face, &image)).collect())).await
}

impl aigate_core::Service for VisionService {
    const NAME: &'static str = SERVICE_NAME;
    type Config = VisionConfig;

    fn load(config: &VisionConfig, context: &ServiceContext) -> Result<Self, RuntimeError> {
        VisionService::load(config, context)
    }

    fn routes() -> utoipa_axum::router::OpenApiRouter<aigate_core::Ready<Self>> {
        crate::routes::routes()
    }
}
