//! Text extraction over HTTP: OCR accuracy on the fixtures, tables, key-values, layout, word
//! geometry, and every kind of bad input with its status and Textract `__type`.

use crate::helpers::{TestApp, error_of, repo_root, shared_app};
use base64::Engine;
use serde_json::{Value, json};
use std::collections::HashMap;

const DETECT: &str = "/v1/text-extraction/detect-document-text";
const ANALYZE: &str = "/v1/text-extraction/analyze-document";
/// The largest document the default config accepts (Textract's synchronous limit).
const MAX_DOCUMENT_BYTES: usize = 10_000_000;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(repo_root().join("tests/fixtures/ocr").join(name)).expect("fixture")
}

fn truth(name: &str) -> Value {
    serde_json::from_slice(&fixture(&format!("{name}.json"))).expect("ground truth json")
}

fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn document(bytes: &[u8]) -> Value {
    json!({"Document": {"Bytes": base64(bytes)}})
}

async fn ok_json(response: reqwest::Response) -> Value {
    let status = response.status();
    let body: Value = response.json().await.expect("JSON body");
    assert_eq!(status, 200, "{body}");
    body
}

async fn analyze(app: &TestApp, image: &str, features: &[&str]) -> Value {
    let mut request = document(&fixture(image));
    request["FeatureTypes"] = json!(features);
    ok_json(app.post_json(ANALYZE, request).await).await
}

fn blocks(body: &Value) -> &[Value] {
    body["Blocks"].as_array().map(Vec::as_slice).unwrap_or_default()
}

fn of_type<'a>(body: &'a Value, block_type: &str) -> Vec<&'a Value> {
    blocks(body).iter().filter(|b| b["BlockType"] == block_type).collect()
}

fn by_id(body: &Value) -> HashMap<&str, &Value> {
    blocks(body).iter().filter_map(|b| Some((b["Id"].as_str()?, b))).collect()
}

/// The ids a block lists under a relationship type.
fn related<'a>(block: &'a Value, kind: &str) -> Vec<&'a str> {
    let relationships = block["Relationships"].as_array().map(Vec::as_slice).unwrap_or_default();
    relationships
        .iter()
        .filter(|r| r["Type"] == kind)
        .flat_map(|r| r["Ids"].as_array().into_iter().flatten())
        .filter_map(Value::as_str)
        .collect()
}

/// The space-joined text of a block's CHILD blocks.
fn child_text(block: &Value, index: &HashMap<&str, &Value>) -> String {
    let words: Vec<&str> =
        related(block, "CHILD").into_iter().filter_map(|id| index.get(id)?["Text"].as_str()).collect();
    words.join(" ")
}

/// Character error rate: Levenshtein distance over characters with whitespace removed, divided by
/// the ground truth's length (bench/cer.py).
fn cer(found: &str, expected: &str) -> f64 {
    let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<Vec<char>>();
    let (a, b) = (strip(found), strip(expected));
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            current.push((previous[j + 1] + 1).min(current[j] + 1).min(previous[j] + usize::from(ca != cb)));
        }
        previous = current;
    }
    previous[b.len()] as f64 / b.len().max(1) as f64
}

/// Reads a fixture with DetectDocumentText and checks CER ≤ 1% against its ground truth.
async fn check_cer(image: &str) {
    let app = shared_app().await;
    let body = ok_json(app.post_json(DETECT, document(&fixture(image))).await).await;
    assert_eq!(body["DocumentMetadata"]["Pages"], 1);
    assert!(body["DetectDocumentTextModelVersion"].is_string());
    let found: Vec<&str> = of_type(&body, "LINE").iter().filter_map(|b| b["Text"].as_str()).collect();
    let name = image.rsplit_once('.').map_or(image, |(stem, _)| stem);
    let truth = truth(name);
    let expected: Vec<&str> = truth["lines"].as_array().expect("lines").iter().filter_map(Value::as_str).collect();
    let rate = cer(&found.concat(), &expected.concat());
    assert!(rate <= 0.01, "{image}: CER {rate:.4}\nfound:    {found:?}\nexpected: {expected:?}");
}

#[tokio::test]
async fn cer_en_clean() {
    check_cer("en_clean.png").await;
}

#[tokio::test]
async fn cer_en_small_serif() {
    check_cer("en_small_serif.png").await;
}

#[tokio::test]
async fn cer_en_rot6_noise() {
    check_cer("en_rot6_noise.jpg").await;
}

#[tokio::test]
async fn cer_en_upside_down() {
    check_cer("en_upside_down.png").await;
}

/// Geometry is on the image as sent: on an upside-down page the first line of text sits at the
/// bottom of the image, and its polygon starts at the text's top-left, the image's right side.
#[tokio::test]
async fn upside_down_geometry_is_on_the_sent_image() {
    let app = shared_app().await;
    let body = ok_json(app.post_raw(DETECT, "image/png", fixture("en_upside_down.png")).await).await;
    let lines = of_type(&body, "LINE");
    let first = lines.first().expect("a line");
    let point = |i: usize, axis: &str| first["Geometry"]["Polygon"][i][axis].as_f64().expect("coordinate");
    assert!(first["Geometry"]["BoundingBox"]["Top"].as_f64().expect("top") > 0.5, "{first}");
    assert!(point(0, "X") > point(1, "X"), "text runs right to left in the sent image: {first}");
    assert!(point(0, "Y") > point(3, "Y"), "and bottom to top: {first}");
}

#[tokio::test]
async fn cer_zh_clean() {
    check_cer("zh_clean.png").await;
}

#[tokio::test]
async fn cer_a4_table_form() {
    check_cer("a4_table_form.png").await;
}

#[tokio::test]
async fn blocks_are_linked_like_textract() {
    let app = shared_app().await;
    let body = ok_json(app.post_raw(DETECT, "image/png", fixture("en_clean.png")).await).await;
    let index = by_id(&body);
    assert_eq!(index.len(), blocks(&body).len(), "ids are unique");
    let pages = of_type(&body, "PAGE");
    assert_eq!(pages.len(), 1);
    let lines = of_type(&body, "LINE");
    assert_eq!(related(pages[0], "CHILD"), lines.iter().filter_map(|l| l["Id"].as_str()).collect::<Vec<_>>());
    for line in &lines {
        assert_eq!(child_text(line, &index).replace(' ', ""), line["Text"].as_str().expect("text").replace(' ', ""));
        let confidence = line["Confidence"].as_f64().expect("confidence");
        assert!((0.0..=100.0).contains(&confidence));
        let polygon = line["Geometry"]["Polygon"].as_array().expect("polygon");
        assert_eq!(polygon.len(), 4);
        assert!(polygon.iter().all(|p| (0.0..=1.0).contains(&p["X"].as_f64().unwrap_or(-1.0))));
    }
    for word in of_type(&body, "WORD") {
        assert_eq!(word["TextType"], "PRINTED");
        assert_eq!(word["Page"], 1);
        assert!(word.get("Relationships").is_none(), "absent fields are left out");
    }
}

#[tokio::test]
async fn word_polygons_contain_the_glyphs() {
    const TOLERANCE_PX: f64 = 2.0;
    let app = shared_app().await;
    let body = ok_json(app.post_json(DETECT, document(&fixture("en_clean.png"))).await).await;
    let truth = truth("en_clean");
    let (width, height) =
        (truth["meta"]["size"][0].as_f64().expect("width"), truth["meta"]["size"][1].as_f64().expect("height"));
    let words = of_type(&body, "WORD");
    let expected = truth["word_boxes"].as_array().expect("word boxes");
    let texts: Vec<&str> = words.iter().filter_map(|w| w["Text"].as_str()).collect();
    let expected_texts: Vec<&str> = expected.iter().filter_map(|w| w["text"].as_str()).collect();
    assert_eq!(texts, expected_texts);
    let mut misses = Vec::new();
    for (word, truth) in words.iter().zip(expected) {
        let points: Vec<(f64, f64)> = word["Geometry"]["Polygon"]
            .as_array()
            .expect("polygon")
            .iter()
            .map(|p| (p["X"].as_f64().unwrap_or(0.0) * width, p["Y"].as_f64().unwrap_or(0.0) * height))
            .collect();
        let box_: Vec<f64> = truth["box"].as_array().expect("box").iter().filter_map(Value::as_f64).collect();
        let corners = [(box_[0], box_[1]), (box_[2], box_[1]), (box_[2], box_[3]), (box_[0], box_[3])];
        if !corners.iter().all(|&corner| inside_with_tolerance(&points, corner, TOLERANCE_PX)) {
            misses.push(format!("{}: glyphs {box_:?}, polygon {points:.1?}", truth["text"]));
        }
    }
    assert!(
        misses.is_empty(),
        "{} of {} words do not contain their glyphs:\n{}",
        misses.len(),
        words.len(),
        misses.join("\n")
    );
}

/// Whether `point` lies inside the convex polygon grown by `tolerance` pixels.
fn inside_with_tolerance(polygon: &[(f64, f64)], (x, y): (f64, f64), tolerance: f64) -> bool {
    let n = polygon.len();
    let area: f64 = (0..n)
        .map(|i| {
            let ((x0, y0), (x1, y1)) = (polygon[i], polygon[(i + 1) % n]);
            x0 * y1 - x1 * y0
        })
        .sum();
    let orientation = area.signum();
    (0..n).all(|i| {
        let ((x0, y0), (x1, y1)) = (polygon[i], polygon[(i + 1) % n]);
        let length = ((x1 - x0).powi(2) + (y1 - y0).powi(2)).sqrt().max(1e-9);
        // Signed distance of the point from the edge, positive inside.
        let distance = orientation * ((x1 - x0) * (y - y0) - (y1 - y0) * (x - x0)) / length;
        distance >= -tolerance
    })
}

#[tokio::test]
async fn a4_table_cells_land_in_their_rows_and_columns() {
    let app = shared_app().await;
    let body = analyze(app, "a4_table_form.png", &["TABLES"]).await;
    let index = by_id(&body);
    let tables = of_type(&body, "TABLE");
    assert_eq!(tables.len(), 1, "one ruled table");
    let table = tables[0];
    assert_eq!(table["EntityTypes"], json!(["STRUCTURED_TABLE"]));
    let truth = truth("a4_table_form");
    let expected: Vec<Vec<String>> = serde_json::from_value(truth["table"].clone()).expect("table truth");
    let mut grid = vec![vec![String::new(); expected[0].len()]; expected.len()];
    for id in related(table, "CHILD") {
        let cell = index[id];
        assert_eq!(cell["BlockType"], "CELL");
        assert_eq!((cell["RowSpan"].as_u64(), cell["ColumnSpan"].as_u64()), (Some(1), Some(1)));
        let row = cell["RowIndex"].as_u64().expect("RowIndex") as usize;
        let column = cell["ColumnIndex"].as_u64().expect("ColumnIndex") as usize;
        assert!(
            row >= 1 && row <= grid.len() && column >= 1 && column <= grid[0].len(),
            "cell ({row}, {column}) outside the grid"
        );
        grid[row - 1][column - 1] = child_text(cell, &index);
    }
    assert_eq!(grid, expected);
    // The TABLE's box is the ruled grid's outer edge, within a few pixels.
    let [left, top, right, bottom] = [0, 1, 2, 3].map(|i| truth["table_box"][i].as_f64().expect("table box"));
    let (width, height) = (827.0, 1169.0);
    let bbox = &table["Geometry"]["BoundingBox"];
    let found_left = bbox["Left"].as_f64().expect("left") * width;
    let found_top = bbox["Top"].as_f64().expect("top") * height;
    let found_right = found_left + bbox["Width"].as_f64().expect("width") * width;
    let found_bottom = found_top + bbox["Height"].as_f64().expect("height") * height;
    for (found, expected) in [(found_left, left), (found_top, top), (found_right, right), (found_bottom, bottom)] {
        assert!(
            (found - expected).abs() <= 4.0,
            "table box {:?} vs {:?}",
            [found_left, found_top, found_right, found_bottom],
            [left, top, right, bottom]
        );
    }
    assert!(of_type(&body, "KEY_VALUE_SET").is_empty(), "FORMS was not requested");
}

#[tokio::test]
async fn a4_key_values_are_found() {
    let app = shared_app().await;
    let body = analyze(app, "a4_table_form.png", &["FORMS"]).await;
    let index = by_id(&body);
    let mut found = HashMap::new();
    for key in of_type(&body, "KEY_VALUE_SET").into_iter().filter(|b| b["EntityTypes"] == json!(["KEY"])) {
        let values = related(key, "VALUE");
        assert_eq!(values.len(), 1, "one VALUE per KEY");
        let value = index[values[0]];
        assert_eq!(value["EntityTypes"], json!(["VALUE"]));
        let key_text = child_text(key, &index);
        found.insert(key_text.trim_end_matches(':').to_string(), child_text(value, &index));
    }
    let expected: HashMap<String, String> =
        serde_json::from_value(truth("a4_table_form")["key_values"].clone()).expect("kv truth");
    assert_eq!(found, expected);
    assert!(of_type(&body, "TABLE").is_empty(), "TABLES was not requested");
}

#[tokio::test]
async fn a4_layout_regions_hold_their_lines() {
    let app = shared_app().await;
    let body = analyze(app, "a4_table_form.png", &["LAYOUT"]).await;
    let index = by_id(&body);
    let line_text = |block: &Value| -> Vec<String> {
        related(block, "CHILD").into_iter().filter_map(|id| index[id]["Text"].as_str().map(str::to_string)).collect()
    };
    let titles = of_type(&body, "LAYOUT_TITLE");
    assert_eq!(titles.len(), 1);
    assert_eq!(line_text(titles[0]), ["Quarterly Supply Order"]);
    let tables = of_type(&body, "LAYOUT_TABLE");
    assert_eq!(tables.len(), 1);
    assert!(line_text(tables[0]).contains(&"Printer toner".to_string()));
    let texts: Vec<Vec<String>> = of_type(&body, "LAYOUT_TEXT").into_iter().map(line_text).collect();
    assert!(texts.iter().any(|lines| lines.iter().any(|l| l.starts_with("This page lists"))), "{texts:?}");
    let page_children = related(of_type(&body, "PAGE")[0], "CHILD");
    assert!(page_children.contains(&titles[0]["Id"].as_str().expect("id")), "layout blocks are children of the PAGE");
}

#[tokio::test]
async fn raw_image_analysis_takes_features_from_the_query() {
    let app = shared_app().await;
    let url = app.url(&format!("{ANALYZE}?FeatureTypes=TABLES"));
    let response = app
        .client
        .post(url)
        .header("content-type", "image/png")
        .body(fixture("a4_table_form.png"))
        .send()
        .await
        .expect("POST");
    let body = ok_json(response).await;
    assert_eq!(of_type(&body, "TABLE").len(), 1);
    assert!(of_type(&body, "KEY_VALUE_SET").is_empty() && of_type(&body, "LAYOUT_TITLE").is_empty());
    assert_eq!(body["AnalyzeDocumentModelVersion"], "1.0");
}

/// A PNG whose header claims 30000×30000 px, with a tiny zlib stream as its only data.
fn png_bomb() -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = u32::MAX;
        for &byte in bytes {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&u32::try_from(data.len()).expect("chunk length").to_be_bytes());
        let mut typed = kind.to_vec();
        typed.extend_from_slice(data);
        out.extend_from_slice(&typed);
        out.extend_from_slice(&crc32(&typed).to_be_bytes());
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::new();
    header.extend_from_slice(&30_000u32.to_be_bytes());
    header.extend_from_slice(&30_000u32.to_be_bytes());
    header.extend_from_slice(&[8, 0, 0, 0, 0]); // 8-bit greyscale, deflate, no filter, no interlace
    chunk(&mut png, b"IHDR", &header);
    // zlib: one stored block holding a single zero byte, then its Adler-32.
    chunk(&mut png, b"IDAT", &[0x78, 0x01, 0x01, 0x01, 0x00, 0xFE, 0xFF, 0x00, 0x00, 0x01, 0x00, 0x01]);
    chunk(&mut png, b"IEND", &[]);
    png
}

/// A white page of `side` × `side` pixels.
fn blank_png(side: u32) -> Vec<u8> {
    let mut out = Vec::new();
    image::DynamicImage::ImageLuma8(image::GrayImage::from_pixel(side, side, image::Luma([255])))
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("encode");
    out
}

#[tokio::test]
async fn bad_documents_get_textract_errors() {
    let app = shared_app().await;
    let truncated = fixture("en_clean.png");
    let truncated = truncated[..truncated.len() / 2].to_vec();
    let cases: Vec<(&str, Value, u16, &str)> = vec![
        ("empty document", json!({"Document": {"Bytes": ""}}), 400, "InvalidParameterException"),
        ("no bytes", json!({"Document": {}}), 400, "InvalidParameterException"),
        (
            "S3 object",
            json!({"Document": {"S3Object": {"Bucket": "b", "Name": "scan.png"}}}),
            400,
            "InvalidParameterException",
        ),
        ("invalid base64", json!({"Document": {"Bytes": "not*base64"}}), 400, "InvalidParameterException"),
        ("not an image", document(b"%PDF-1.7 this is not an image at all"), 400, "UnsupportedDocumentException"),
        ("truncated PNG", document(&truncated), 400, "BadDocumentException"),
        ("30000x30000 PNG bomb", document(&png_bomb()), 400, "DocumentTooLargeException"),
        ("wrong JSON shape", json!({"Document": "scan.png"}), 400, "SerializationException"),
    ];
    for (what, body, status, error_type) in cases {
        let (got_status, got_type, message) = error_of(app.post_json(DETECT, body).await).await;
        assert_eq!((got_status, got_type.as_str()), (status, error_type), "{what}: {message}");
    }
}

#[tokio::test]
async fn bad_json_and_raw_bodies() {
    let app = shared_app().await;
    let (status, error_type, _) =
        error_of(app.post_raw(DETECT, "application/json", b"{\"Document\": {".to_vec()).await).await;
    assert_eq!((status, error_type.as_str()), (400, "SerializationException"));
    let (status, error_type, _) = error_of(app.post_raw(DETECT, "image/png", Vec::new()).await).await;
    assert_eq!((status, error_type.as_str()), (400, "InvalidParameterException"));
    let (status, error_type, _) =
        error_of(app.post_raw(DETECT, "image/png", b"GIF89a not really".to_vec()).await).await;
    assert_eq!((status, error_type.as_str()), (400, "UnsupportedDocumentException"));
}

#[tokio::test]
async fn oversized_bodies_are_413() {
    let app = shared_app().await;
    // Base64 of more than 10 MB: over the JSON limit (10 MB plus base64 overhead).
    let big = json!({"Document": {"Bytes": "A".repeat(MAX_DOCUMENT_BYTES / 3 * 4 + 200_000)}});
    let (status, error_type, message) = error_of(app.post_json(DETECT, big).await).await;
    assert_eq!((status, error_type.as_str()), (413, "DocumentTooLargeException"), "{message}");
    // A raw image of 10 MB + 1 byte.
    let (status, error_type, message) =
        error_of(app.post_raw(DETECT, "image/jpeg", vec![0u8; MAX_DOCUMENT_BYTES + 1]).await).await;
    assert_eq!((status, error_type.as_str()), (413, "DocumentTooLargeException"), "{message}");
    // Base64 within the JSON limit whose decoded bytes are over 10 MB.
    let decoded_too_big = document(&vec![0u8; MAX_DOCUMENT_BYTES + 3]);
    let (status, error_type, message) =
        error_of(app.post_json(ANALYZE, with_features(decoded_too_big, &["TABLES"])).await).await;
    assert_eq!((status, error_type.as_str()), (413, "DocumentTooLargeException"), "{message}");
}

fn with_features(mut request: Value, features: &[&str]) -> Value {
    request["FeatureTypes"] = json!(features);
    request
}

#[tokio::test]
async fn feature_types_are_validated() {
    let app = shared_app().await;
    let png = blank_png(64);
    let cases: [(&[&str], &str); 4] = [
        (&[], "at least one"),
        (&["QUERIES"], "not supported by aigate"),
        (&["SIGNATURES"], "not supported by aigate"),
        (&["TABLES", "HANDWRITING"], "LAYOUT, TABLES, FORMS"),
    ];
    for (features, needle) in cases {
        let response = app.post_json(ANALYZE, with_features(document(&png), features)).await;
        let (status, error_type, message) = error_of(response).await;
        assert_eq!((status, error_type.as_str()), (400, "InvalidParameterException"), "{features:?}");
        assert!(message.contains(needle), "{features:?}: {message}");
    }
    let response = app.post_json(ANALYZE, json!({"Document": {"Bytes": base64(&png)}})).await;
    assert_eq!(error_of(response).await.1, "InvalidParameterException", "FeatureTypes missing");
    let url = app.url(&format!("{ANALYZE}?FeatureTypes=TABLES,QUERIES"));
    let response = app.client.post(url).header("content-type", "image/png").body(png).send().await.expect("POST");
    assert_eq!(error_of(response).await.1, "InvalidParameterException", "raw with QUERIES");
}

#[tokio::test]
async fn a_blank_page_has_a_page_and_no_lines() {
    let app = shared_app().await;
    let mut request = document(&blank_png(64));
    request["FeatureTypes"] = json!(["LAYOUT", "TABLES", "FORMS"]);
    let body = ok_json(app.post_json(ANALYZE, request).await).await;
    assert_eq!(of_type(&body, "PAGE").len(), 1);
    assert!(of_type(&body, "LINE").is_empty());
    assert!(of_type(&body, "TABLE").is_empty());
    // The smallest page there is still reads (as nothing).
    let body = ok_json(app.post_raw(DETECT, "image/png", blank_png(1)).await).await;
    assert_eq!(of_type(&body, "PAGE").len(), 1);
}
