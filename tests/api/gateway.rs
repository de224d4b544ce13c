//! The gateway around the services: health, readiness, metrics, errors, API keys, rate limits,
//! forwarding to a separate service process, and start-up failures.

use crate::helpers::{
    TestApp, aigate_binary, error_of, free_port, repo_root, shared_app, spawn_detached, spawn_process, test_config,
};
use base64::Engine;
use std::time::{Duration, Instant};

const DETECT: &str = "/v1/text-extraction/detect-document-text";

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(repo_root().join("tests/fixtures/ocr").join(name)).expect("fixture")
}

fn document(bytes: &[u8]) -> serde_json::Value {
    serde_json::json!({"Document": {"Bytes": base64::engine::general_purpose::STANDARD.encode(bytes)}})
}

/// A gateway with no services: cheap to start, for testing what wraps them.
fn bare_gateway(edit: impl FnOnce(&mut aigate_gateway::GatewayConfig)) -> TestApp {
    let mut config = test_config();
    config.services.text_extraction.enabled = false;
    config.services.vision.enabled = false;
    config.services.comprehension.enabled = false;
    config.services.speech.enabled = false;
    edit(&mut config);
    spawn_detached(config)
}

fn line_texts(body: &serde_json::Value) -> Vec<String> {
    body["Blocks"]
        .as_array()
        .map(|blocks| {
            blocks
                .iter()
                .filter(|b| b["BlockType"] == "LINE")
                .filter_map(|b| b["Text"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn health_ready_and_metrics() {
    let app = shared_app().await;
    assert_eq!(app.get("/health").await.status(), 200);
    let ready: serde_json::Value = app.get("/ready").await.json().await.expect("ready json");
    assert_eq!(ready["services"]["text-extraction"], "ready");

    let response = app.post_raw(DETECT, "image/png", fixture("en_clean.png")).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers().contains_key("x-amzn-requestid"), "request id header");

    let metrics = app.get("/metrics").await.text().await.expect("metrics");
    assert!(
        metrics.contains(r#"aigate_requests_total{operation="/v1/text-extraction/detect-document-text",status="200"}"#),
        "{metrics}"
    );
    assert!(metrics.contains("aigate_request_duration_seconds_bucket"), "latency histogram");
    assert!(metrics.contains("aigate_model_run_seconds_count{model="), "model time");
    assert!(metrics.contains("aigate_model_queue_depth{model="), "queue depth");
}

#[tokio::test]
async fn models_list_shows_licenses_and_status() {
    let app = shared_app().await;
    let body: serde_json::Value = app.get("/v1/models").await.json().await.expect("models json");
    let models = body["models"].as_array().expect("models");
    let det = models.iter().find(|m| m["id"] == "ppocr-v6-det-small").expect("det model listed");
    assert_eq!(det["license"], "Apache-2.0");
    assert_eq!(det["status"], "installed");
}

#[tokio::test]
async fn malformed_requests_use_the_error_envelope() {
    let app = shared_app().await;
    let response = app.post_raw(DETECT, "application/json", b"{\"Document\": ".to_vec()).await;
    let (status, error_type, _) = error_of(response).await;
    assert_eq!((status, error_type.as_str()), (400, "SerializationException"));
    let (status, error_type, _) = error_of(app.post_json("/v1/nope/nothing", serde_json::json!({})).await).await;
    assert_eq!((status, error_type.as_str()), (404, "UnknownOperationException"));
    let (status, error_type, _) = error_of(app.get(DETECT).await).await;
    assert_eq!((status, error_type.as_str()), (405, "MethodNotAllowedException"));
}

#[tokio::test]
async fn api_keys_are_required_when_configured() {
    let app = bare_gateway(|c| c.auth.api_keys = vec!["key-one".into(), "key-two".into()]);
    app.wait_ready().await;
    let (status, error_type, _) = error_of(app.get("/v1/models").await).await;
    assert_eq!((status, error_type.as_str()), (401, "MissingAuthenticationTokenException"));
    let wrong = app.client.get(app.url("/v1/models")).bearer_auth("key-on").send().await.expect("send");
    assert_eq!(error_of(wrong).await.1, "UnrecognizedClientException");
    let bearer = app.client.get(app.url("/v1/models")).bearer_auth("key-two").send().await.expect("send");
    assert_eq!(bearer.status(), 200);
    let header = app.client.get(app.url("/v1/models")).header("x-api-key", "key-one").send().await.expect("send");
    assert_eq!(header.status(), 200);
    assert_eq!(app.get("/health").await.status(), 200, "health needs no key");
}

#[tokio::test]
async fn rate_limit_answers_429_with_retry_after() {
    let app = bare_gateway(|c| {
        c.auth.rate_limit_per_second = 0.5;
        c.auth.rate_limit_burst = 2;
    });
    app.wait_ready().await;
    assert_eq!(app.get("/v1/models").await.status(), 200);
    assert_eq!(app.get("/v1/models").await.status(), 200);
    let limited = app.get("/v1/models").await;
    assert_eq!(limited.status(), 429);
    let retry_after: u64 = limited.headers()["retry-after"].to_str().expect("ascii").parse().expect("seconds");
    assert!((1..=2).contains(&retry_after), "{retry_after}");
    assert_eq!(error_of(limited).await.1, "ThrottlingException");
}

#[tokio::test]
async fn gateway_forwards_to_a_separate_service_process() {
    let service = spawn_process(&["--only", "text-extraction"], &[]).await;
    let gateway = bare_gateway(|c| {
        c.services.text_extraction.enabled = true;
        c.services.text_extraction.url = service.app.base.clone();
    });
    gateway.wait_ready().await;

    let response = gateway.post_json(DETECT, document(&fixture("en_clean.png"))).await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.expect("json");
    assert!(line_texts(&body).iter().any(|l| l.contains("quick brown fox")), "{body}");

    // The service's own errors come through in the same envelope.
    let bad = gateway.post_json(DETECT, serde_json::json!({"Document": {"Bytes": "***"}})).await;
    assert_eq!(error_of(bad).await.1, "InvalidParameterException");

    // The gateway counted the forwarded request under the same operation label.
    let metrics = gateway.get("/metrics").await.text().await.expect("metrics");
    assert!(metrics.contains(r#"operation="/v1/text-extraction/detect-document-text",status="200""#), "{metrics}");
}

#[tokio::test]
async fn dead_upstream_is_503_not_a_hang() {
    let gateway = bare_gateway(|c| {
        c.services.text_extraction.enabled = true;
        c.services.text_extraction.url = format!("http://127.0.0.1:{}", free_port());
    });
    let started = Instant::now();
    let response = gateway.post_json(DETECT, document(b"x")).await;
    let (status, error_type, _) = error_of(response).await;
    assert_eq!((status, error_type.as_str()), (503, "ServiceUnavailableException"));
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(gateway.get("/ready").await.status(), 503, "not ready while the upstream is down");
}

#[tokio::test]
async fn missing_onnx_runtime_fails_with_one_clear_line() {
    let output = std::process::Command::new(aigate_binary())
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env("AIGATE__RUNTIME__ORT_DYLIB", "/nonexistent/libonnxruntime.so.1.31.1")
        .output()
        .expect("run aigate");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last = stderr.lines().last().unwrap_or_default();
    assert!(last.contains("ONNX Runtime library not found at /nonexistent"), "{stderr}");
    assert!(last.contains("scripts/setup.sh"), "says how to fix it: {last}");
}

#[tokio::test]
async fn sigterm_shuts_down_gracefully() {
    let mut process = spawn_process(&["--only", "text-extraction"], &[]).await;
    let pid = process.child.id().to_string();
    let killed = std::process::Command::new("kill").args(["-TERM", &pid]).status().expect("kill");
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(status) = process.child.try_wait().expect("wait") {
            assert!(status.success(), "clean exit: {status}");
            break;
        }
        assert!(Instant::now() < deadline, "did not stop after SIGTERM");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_model_that_fails_to_load_is_reported_not_hidden() {
    let models = tempfile::tempdir().expect("temp dir");
    let service_dir = models.path().join("text-extraction");
    std::fs::create_dir_all(&service_dir).expect("dir");
    let installed = test_config().model_dir.join("text-extraction");
    for entry in std::fs::read_dir(&installed).expect("installed models") {
        let path = entry.expect("entry").path();
        std::os::unix::fs::symlink(&path, service_dir.join(path.file_name().expect("name"))).expect("link");
    }
    let broken = service_dir.join("PP-OCRv6_det_small.onnx");
    std::fs::remove_file(&broken).expect("unlink");
    std::fs::write(&broken, b"not an onnx model").expect("write");

    let mut config = test_config();
    config.model_dir = models.path().to_path_buf();
    // Only text-extraction's models are in this folder.
    config.services.vision.enabled = false;
    config.services.comprehension.enabled = false;
    config.services.speech.enabled = false;
    let app = spawn_detached(config);
    let deadline = Instant::now() + Duration::from_secs(60);
    let ready = loop {
        let body: serde_json::Value = app.get("/ready").await.json().await.expect("ready json");
        if body["services"]["text-extraction"] != "loading models" {
            break body;
        }
        assert!(Instant::now() < deadline, "still loading");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(ready["ready"], false);
    assert!(ready["services"]["text-extraction"].as_str().is_some_and(|s| s.contains("failed to load")), "{ready}");
    let (status, error_type, message) = error_of(app.post_json(DETECT, document(b"x")).await).await;
    assert_eq!((status, error_type.as_str()), (503, "ServiceUnavailableException"));
    assert!(message.contains("could not load its models"), "{message}");
}
