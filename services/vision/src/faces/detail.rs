//! A detected face as Rekognition's FaceDetail.

use super::{Face, pose, quality};
use crate::api::{FaceDetail, Landmark, LandmarkType};
use crate::geometry::{relative_box, relative_point};
use crate::labels::percent;
use image::RgbImage;

const LANDMARK_TYPES: [LandmarkType; 5] = [
    LandmarkType::EyeLeft,
    LandmarkType::EyeRight,
    LandmarkType::Nose,
    LandmarkType::MouthLeft,
    LandmarkType::MouthRight,
];

pub fn face_detail(face: &Face, image: &RgbImage) -> FaceDetail {
    let (width, height) = image.dimensions();
    let landmarks = LANDMARK_TYPES
        .iter()
        .zip(face.landmarks)
        .map(|(&kind, (x, y))| {
            let point = relative_point(x, y, width, height);
            Landmark { kind, x: point.x, y: point.y }
        })
        .collect();
    FaceDetail {
        bounding_box: relative_box(&face.rect, width, height),
        confidence: percent(face.score),
        landmarks,
        pose: pose::estimate(&face.landmarks),
        quality: quality::measure(image, &face.rect),
    }
}
