//! Head pose from the five landmarks. A coarse geometric estimate (about ±10°), not a fitted 3D
//! model: roll from the eye line; yaw from how far the nose sits from the eyes' midpoint; pitch
//! from where the nose sits between the eyes and the mouth.

use crate::api::Pose;

/// How far the nose tip stands out in front of the eyes, as a fraction of the distance between
/// the eyes; turns the nose's sideways or vertical shift into an angle.
const NOSE_DEPTH: f32 = 0.35;
/// Where the nose sits between the eye line and the mouth line of a frontal face (the ArcFace
/// template's value: (71.74 − 51.6) / (92.28 − 51.6)).
const FRONTAL_NOSE_HEIGHT: f32 = 0.495;

pub fn estimate(landmarks: &[(f32, f32); 5]) -> Pose {
    let [eye_a, eye_b, nose, mouth_a, mouth_b] = *landmarks;
    let (dx, dy) = (eye_b.0 - eye_a.0, eye_b.1 - eye_a.1);
    let eye_distance = dx.hypot(dy);
    if eye_distance < f32::EPSILON {
        return Pose { roll: 0.0, yaw: 0.0, pitch: 0.0 };
    }
    let roll = dy.atan2(dx);
    // Undo the roll around the eyes' midpoint, so x runs along the eyes and y down the face.
    let mid_eyes = ((eye_a.0 + eye_b.0) / 2.0, (eye_a.1 + eye_b.1) / 2.0);
    let level = |p: (f32, f32)| {
        let (x, y) = (p.0 - mid_eyes.0, p.1 - mid_eyes.1);
        (x * roll.cos() + y * roll.sin(), -x * roll.sin() + y * roll.cos())
    };
    let nose = level(nose);
    let mouth_y = (level(mouth_a).1 + level(mouth_b).1) / 2.0;
    let yaw = (nose.0 / eye_distance / NOSE_DEPTH).atan();
    let nose_height = if mouth_y > f32::EPSILON { nose.1 / mouth_y } else { FRONTAL_NOSE_HEIGHT };
    let pitch = ((FRONTAL_NOSE_HEIGHT - nose_height) / NOSE_DEPTH).atan();
    let round = |radians: f32| (radians.to_degrees() * 10.0).round() / 10.0;
    Pose { roll: round(roll), yaw: round(yaw), pitch: round(pitch) }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: [(f32, f32); 5] = [(38.29, 51.70), (73.53, 51.50), (56.03, 71.74), (41.55, 92.37), (70.73, 92.20)];

    #[test]
    fn the_template_face_looks_straight_ahead() {
        let pose = estimate(&TEMPLATE);
        assert!(pose.roll.abs() < 1.0 && pose.yaw.abs() < 2.0 && pose.pitch.abs() < 2.0, "{pose:?}");
    }

    #[test]
    fn rotating_the_face_shows_as_roll_only() {
        let angle = 20f32.to_radians();
        let turned = TEMPLATE.map(|(x, y)| (x * angle.cos() - y * angle.sin(), x * angle.sin() + y * angle.cos()));
        let pose = estimate(&turned);
        assert!((pose.roll - 20.0).abs() < 1.0 && pose.yaw.abs() < 2.0 && pose.pitch.abs() < 2.0, "{pose:?}");
    }

    #[test]
    fn a_nose_off_centre_is_a_turned_head() {
        let mut turned = TEMPLATE;
        turned[2].0 += 10.0;
        assert!(estimate(&turned).yaw > 20.0);
        let mut up = TEMPLATE;
        up[2].1 -= 8.0;
        assert!(estimate(&up).pitch > 10.0);
        assert_eq!(estimate(&[(1.0, 1.0); 5]), Pose { roll: 0.0, yaw: 0.0, pitch: 0.0 });
    }
}
