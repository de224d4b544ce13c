//! The committed spec must match the code. Regenerate with:
//! `UPDATE_OPENAPI=1 cargo test -p aigate-tests openapi` (or `aigate print-openapi > openapi/openapi.json`).

use crate::helpers::{repo_root, shared_app};

#[test]
fn committed_spec_is_current() {
    let generated = aigate_gateway::openapi::spec().to_pretty_json().expect("spec serialises") + "\n";
    let path = repo_root().join("openapi/openapi.json");
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).expect("write spec");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "openapi/openapi.json is stale: run `UPDATE_OPENAPI=1 cargo test -p aigate-tests openapi` and commit it"
    );
}

#[tokio::test]
async fn served_spec_and_docs() {
    let app = shared_app().await;
    let spec: serde_json::Value = app.get("/openapi.json").await.json().await.expect("spec");
    let paths = spec["paths"].as_object().expect("paths");
    for route in ["/v1/text-extraction/detect-document-text", "/v1/text-extraction/analyze-document", "/v1/models"] {
        assert!(paths.contains_key(route), "{route} documented");
    }
    let detect = &paths["/v1/text-extraction/detect-document-text"]["post"]["responses"];
    for status in ["200", "400", "401", "413", "429"] {
        assert!(detect.get(status).is_some(), "DetectDocumentText documents {status}");
    }
    let docs = app.get("/docs/").await;
    assert_eq!(docs.status(), 200);
    assert!(docs.text().await.expect("docs page").contains("swagger-ui-bundle.js"), "docs UI served");
    let bundle = app.get("/docs/swagger-ui-bundle.js").await;
    assert_eq!(bundle.status(), 200, "the UI's JavaScript is served by aigate, not a CDN");
}
