use super::*;
use crate::routes::detect::detect_sentiment;
use axum::body::Body;
use axum::extract::State;

#[test]
fn every_operation_is_documented_with_its_errors() {
    let (_, api) = routes().split_for_parts();
    let json = serde_json::to_value(&api).expect("spec");
    let paths = json["paths"].as_object().expect("paths");
    assert!(paths.len() >= 6, "{:?}", paths.keys());
    for (path, item) in paths {
        let operation = &item["post"];
        assert_eq!(operation["tags"], serde_json::json!([TAG]), "{path}");
        for status in ["200", "400", "413", "429", "500", "503"] {
            assert!(operation["responses"][status].is_object(), "{path} {status}");
        }
        assert!(operation["requestBody"]["content"]["application/json"]["example"].is_object(), "{path} example");
    }
    assert!(json["components"]["schemas"]["ErrorBody"].is_object());
}

#[tokio::test]
async fn a_service_still_loading_answers_503() {
    let error = detect_sentiment(State(Ready::default()), Body::empty()).await.expect_err("not ready");
    assert_eq!((error.status.as_u16(), error.code.as_ref()), (503, "ServiceUnavailableException"));
}
