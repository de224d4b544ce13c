//! DetectLabels: YOLOX-Nano's COCO objects grouped into Rekognition labels, each with its
//! instances, parents from our taxonomy, and category.

mod taxonomy;
pub mod yolox;

use crate::api::{Instance, Label, NamedItem};
use crate::geometry::relative_box;
pub use taxonomy::{LabelInfo, label_for};
use yolox::Detection;

/// Groups detections by class into labels, the most confident first. `names` are the COCO
/// class names in the model's column order.
pub fn to_labels(detections: &[Detection], names: &[String], width: u32, height: u32) -> Vec<Label> {
    let mut labels: Vec<Label> = Vec::new();
    let mut classes: Vec<usize> = Vec::new();
    for detection in detections {
        let instance = Instance {
            bounding_box: relative_box(&detection.rect, width, height),
            confidence: percent(detection.score),
        };
        if let Some(at) = classes.iter().position(|&c| c == detection.class) {
            labels[at].confidence = labels[at].confidence.max(instance.confidence);
            labels[at].instances.push(instance);
            continue;
        }
        let coco_name = names.get(detection.class).map(String::as_str).unwrap_or("object");
        let info = label_for(coco_name);
        let named = |name: &str| NamedItem { name: name.to_string() };
        labels.push(Label {
            name: info.map_or_else(|| coco_name.to_string(), |i| i.name.to_string()),
            confidence: instance.confidence,
            instances: vec![instance],
            parents: info.map(|i| i.parents.iter().map(|p| named(p)).collect()).unwrap_or_default(),
            categories: info.map(|i| vec![named(i.category)]).unwrap_or_default(),
        });
        classes.push(detection.class);
    }
    labels.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
    labels
}

/// A 0..1 score as Rekognition's 0..100 confidence.
pub fn percent(score: f32) -> f32 {
    if score.is_finite() { (score * 100.0).clamp(0.0, 100.0) } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aigate_core::detection::PixelBox;

    #[test]
    fn detections_group_into_labels_with_parents() {
        let names: Vec<String> = ["person", "cat"].map(String::from).to_vec();
        let at = |x: f32| PixelBox { x1: x, y1: 0.0, x2: x + 10.0, y2: 10.0 };
        let detections = [
            Detection { class: 1, score: 0.9, rect: at(0.0) },
            Detection { class: 0, score: 0.7, rect: at(20.0) },
            Detection { class: 1, score: 0.6, rect: at(40.0) },
        ];
        let labels = to_labels(&detections, &names, 100, 10);
        assert_eq!(labels.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(), ["Cat", "Person"]);
        assert_eq!(labels[0].instances.len(), 2);
        assert_eq!(labels[0].confidence, 90.0);
        assert_eq!(labels[0].parents[0].name, "Pet");
        assert_eq!(labels[0].categories[0].name, "Animals and Pets");
        assert!((labels[0].instances[1].bounding_box.left - 0.4).abs() < 1e-6);
    }
}
