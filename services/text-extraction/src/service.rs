//! The service: OCR for every operation, plus the layout model and the rule-based table and form
//! analyses for AnalyzeDocument. No HTTP here; `routes.rs` is the transport.

use crate::api::{AnalyzeDocumentResponse, DetectDocumentTextResponse, DocumentMetadata};
use crate::blocks::{PageBlocks, normalise};
use crate::config::TextExtractionConfig;
use crate::frame::{self, Frame};
use crate::layout::{self, LayoutModel, LayoutRegion};
use crate::ocr::{OcrEngine, OcrPage};
use crate::validate::{FeatureSet, ValidAnalyzeRequest, ValidDocument};
use crate::{SERVICE_NAME, forms, tables};
use aigate_core::runtime::RuntimeError;
use aigate_core::{ApiError, ModelWorker};
use image::DynamicImage;
use std::path::Path;

/// The layout model's file in the service's model folder.
pub const LAYOUT_MODEL: &str = "layout_cdla.onnx";
/// Reported as `DetectDocumentTextModelVersion` / `AnalyzeDocumentModelVersion`.
pub const MODEL_VERSION: &str = "1.0";

pub struct TextExtractionService {
    ocr: OcrEngine,
    layout: ModelWorker<LayoutModel>,
    config: TextExtractionConfig,
}

impl TextExtractionService {
    /// Loads every model from `model_dir/text-extraction/`; blocking. The ONNX Runtime
    /// environment must be initialised first.
    pub fn load(config: &TextExtractionConfig, model_dir: &Path) -> Result<Self, RuntimeError> {
        let dir = model_dir.join(SERVICE_NAME);
        let ocr = OcrEngine::load(&dir, config.queue_capacity)?;
        let layout_path = dir.join(LAYOUT_MODEL);
        let layout =
            ModelWorker::spawn("layout", LayoutModel::load(&layout_path)?, config.queue_capacity).map_err(|e| {
                RuntimeError::ModelLoad {
                    path: layout_path.clone(),
                    message: format!("could not start its worker: {e}"),
                }
            })?;
        Ok(Self { ocr, layout, config: config.clone() })
    }

    pub fn config(&self) -> &TextExtractionConfig {
        &self.config
    }

    /// OCR alone: lines in reading order on the upright page. Other services reuse it.
    pub async fn read_text(&self, image: DynamicImage) -> Result<OcrPage, ApiError> {
        let mut page = self.ocr.read(image).await?;
        normalise(&mut page);
        Ok(page)
    }

    pub async fn detect_document_text(&self, request: ValidDocument) -> Result<DetectDocumentTextResponse, ApiError> {
        let page = self.read_text(request.image).await?;
        let blocks = PageBlocks::new(&page).into_blocks();
        Ok(DetectDocumentTextResponse {
            document_metadata: DocumentMetadata { pages: 1 },
            blocks,
            detect_document_text_model_version: MODEL_VERSION.to_string(),
        })
    }

    pub async fn analyze_document(&self, request: ValidAnalyzeRequest) -> Result<AnalyzeDocumentResponse, ApiError> {
        let page = self.read_text(request.image).await?;
        let regions = if request.features.layout { self.layout_regions(&page).await? } else { Vec::new() };
        let features = request.features;
        let blocks = tokio::task::spawn_blocking(move || analyse(&page, &regions, features))
            .await
            .map_err(ApiError::internal)?;
        Ok(AnalyzeDocumentResponse {
            document_metadata: DocumentMetadata { pages: 1 },
            blocks,
            analyze_document_model_version: MODEL_VERSION.to_string(),
        })
    }

    async fn layout_regions(&self, page: &OcrPage) -> Result<Vec<LayoutRegion>, ApiError> {
        let image = page.image.clone();
        let input =
            tokio::task::spawn_blocking(move || layout::preprocess(&image)).await.map_err(ApiError::internal)?;
        self.layout.run(move |model| model.detect(&input)).await?.map_err(ApiError::internal)
    }
}

/// Builds every block of an analysed page. CPU-bound (the table search scans the pixels).
fn analyse(page: &OcrPage, regions: &[LayoutRegion], features: FeatureSet) -> Vec<crate::api::Block> {
    let mut blocks = PageBlocks::new(page);
    if features.layout {
        layout::add_blocks(regions, &page.lines, &mut blocks);
    }
    let frame = Frame::level(blocks.size.width, blocks.size.height, frame::skew(&page.lines));
    // Lines inside ruled tables are cells, not form fields, so FORMS looks for tables too and
    // gives the same pairs whether or not TABLES was asked for.
    let found_tables =
        if features.tables || features.forms { tables::detect(&page.image, &page.lines, frame) } else { Vec::new() };
    if features.tables {
        tables::add_blocks(&found_tables, &page.lines, &mut blocks);
    }
    if features.forms {
        let pairs = forms::find_key_values(&page.lines, &tables::lines_inside(&found_tables, &page.lines), frame);
        forms::add_blocks(&pairs, &page.lines, &mut blocks);
    }
    blocks.into_blocks()
}

impl aigate_core::Service for TextExtractionService {
    const NAME: &'static str = SERVICE_NAME;
    type Config = TextExtractionConfig;

    fn load(config: &TextExtractionConfig, context: &aigate_core::ServiceContext) -> Result<Self, RuntimeError> {
        TextExtractionService::load(config, &context.model_dir)
    }

    fn routes() -> utoipa_axum::router::OpenApiRouter<aigate_core::Ready<Self>> {
        crate::routes::routes()
    }
}
