//! End-to-end tests of the comprehension service: the real models over HTTP, asserting on
//! content (languages, sentiment directions, entities and PII with exact character offsets,
//! similarity rankings) and on every kind of bad input with its status and Comprehend `__type`.

use crate::helpers::{TestApp, error_of, repo_root, shared_app, spawn_detached, test_config};
use serde_json::{Value, json};

fn path(operation: &str) -> String {
    format!("/v1/comprehension/{operation}")
}

async fn ok(app: &TestApp, operation: &str, body: Value) -> Value {
    let response = app.post_json(&path(operation), body).await;
    let status = response.status();
    let body: Value = response.json().await.expect("JSON body");
    assert_eq!(status, 200, "{operation}: {body}");
    body
}

async fn error(app: &TestApp, operation: &str, body: Value) -> (u16, String, String) {
    error_of(app.post_json(&path(operation), body).await).await
}

/// The characters of `text` between two character offsets.
fn chars(text: &str, begin: &Value, end: &Value) -> String {
    let (b, e) = (begin.as_u64().expect("begin") as usize, end.as_u64().expect("end") as usize);
    text.chars().skip(b).take(e - b).collect()
}

#[tokio::test]
async fn dominant_language_of_ten_languages() {
    let app = shared_app().await;
    let samples = [
        ("en", "The quick brown fox jumps over the lazy dog near the river bank."),
        ("fr", "Je voudrais réserver une table pour deux personnes ce soir, s'il vous plaît."),
        ("de", "Ich möchte heute Abend einen Tisch für zwei Personen reservieren."),
        ("es", "Me gustaría reservar una mesa para dos personas esta noche, por favor."),
        ("it", "Vorrei prenotare un tavolo per due persone stasera, per favore."),
        ("pt", "Eu gostaria de reservar uma mesa para duas pessoas esta noite, por favor."),
        ("nl", "Ik wil graag een tafel reserveren voor twee personen vanavond."),
        ("ru", "Я хотел бы забронировать столик на двоих на сегодняшний вечер."),
        ("ja", "今夜二人用のテーブルを予約したいのですが、空いていますか。"),
        ("zh", "我想预订今晚两个人的桌子，请问还有空位吗？"),
        ("ar", "أود حجز طاولة لشخصين هذا المساء من فضلك."),
        ("ko", "오늘 저녁 두 사람을 위한 테이블을 예약하고 싶습니다."),
    ];
    for (code, text) in samples {
        let body = ok(app, "detect-dominant-language", json!({"Text": text})).await;
        assert_eq!(body["Languages"][0]["LanguageCode"], code, "{text}: {body}");
        let first = body["Languages"][0]["Score"].as_f64().expect("score");
        let second = body["Languages"][1]["Score"].as_f64().unwrap_or(0.0);
        assert!(first > 2.0 * second, "{text}: the top language should stand out: {body}");
    }
}

#[tokio::test]
async fn sentiment_direction() {
    let app = shared_app().await;
    let cases = [
        ("I absolutely love this phone, the camera is wonderful!", "POSITIVE"),
        ("The staff were rude, the room was dirty and I will never come back.", "NEGATIVE"),
        ("The meeting is at 3 pm in room 4.", "NEUTRAL"),
        ("The camera is great but the battery life is awful.", "MIXED"),
        ("This is NOT a bad movie at all, it is GREAT!!!", "POSITIVE"),
    ];
    for (text, expected) in cases {
        let body = ok(app, "detect-sentiment", json!({"Text": text, "LanguageCode": "en"})).await;
        assert_eq!(body["Sentiment"], expected, "{text}: {body}");
        let scores = &body["SentimentScore"];
        let sum: f64 = ["Positive", "Negative", "Neutral", "Mixed"].iter().map(|k| scores[k].as_f64().expect(k)).sum();
        assert!((sum - 1.0).abs() < 1e-3, "{body}");
    }
}

#[tokio::test]
async fn sentiment_limits_and_languages() {
    let app = shared_app().await;
    // 2,501 two-byte characters: 5,002 bytes, over DetectSentiment's 5,000.
    let (status, kind, message) =
        error(app, "detect-sentiment", json!({"Text": "é".repeat(2_501), "LanguageCode": "en"})).await;
    assert_eq!((status, kind.as_str()), (400, "TextSizeLimitExceededException"), "{message}");
    let accepted = ok(app, "detect-sentiment", json!({"Text": "é".repeat(2_500), "LanguageCode": "en"})).await;
    assert_eq!(accepted["Sentiment"], "NEUTRAL");
    let (status, kind, _) = error(app, "detect-sentiment", json!({"Text": "Sehr gut", "LanguageCode": "de"})).await;
    assert_eq!((status, kind.as_str()), (400, "UnsupportedLanguageException"));
    let (status, kind, _) = error(app, "detect-sentiment", json!({"Text": " \n\t ", "LanguageCode": "en"})).await;
    assert_eq!((status, kind.as_str()), (400, "InvalidRequestException"));
    let (status, kind, _) = error(app, "detect-dominant-language", json!({"Txt": "hello"})).await;
    assert_eq!((status, kind.as_str()), (400, "SerializationException"));
}

#[tokio::test]
async fn invalid_utf8_is_an_invalid_request() {
    let app = shared_app().await;
    let body = b"{\"Text\": \"caf\xe9 au lait\", \"LanguageCode\": \"en\"}".to_vec();
    let response = app.post_raw(&path("detect-sentiment"), "application/json", body).await;
    let (status, kind, message) = error_of(response).await;
    assert_eq!((status, kind.as_str()), (400, "InvalidRequestException"));
    assert!(message.contains("UTF-8"), "{message}");
}

#[tokio::test]
async fn batch_with_one_bad_document_returns_both_lists() {
    let app = shared_app().await;
    let body = ok(
        app,
        "batch-detect-sentiment",
        json!({"TextList": ["I love it, wonderful!", "   ", "This is terrible and sad."], "LanguageCode": "en"}),
    )
    .await;
    let results = body["ResultList"].as_array().expect("results");
    assert_eq!(results.len(), 2, "{body}");
    assert_eq!((results[0]["Index"].as_u64(), results[0]["Sentiment"].as_str()), (Some(0), Some("POSITIVE")));
    assert_eq!((results[1]["Index"].as_u64(), results[1]["Sentiment"].as_str()), (Some(2), Some("NEGATIVE")));
    assert_eq!(
        body["ErrorList"],
        json!([{"Index": 1, "ErrorCode": "InvalidRequestException", "ErrorMessage": body["ErrorList"][0]["ErrorMessage"]}])
    );

    let languages =
        ok(app, "batch-detect-dominant-language", json!({"TextList": ["Guten Morgen, wie geht es dir heute?", ""]}))
            .await;
    assert_eq!(languages["ResultList"][0]["Languages"][0]["LanguageCode"], "de", "{languages}");
    assert_eq!(languages["ErrorList"][0]["Index"], 1, "{languages}");

    let too_many = vec!["hello there"; 26];
    let (status, kind, _) =
        error(app, "batch-detect-key-phrases", json!({"TextList": too_many, "LanguageCode": "en"})).await;
    assert_eq!((status, kind.as_str()), (400, "BatchSizeLimitExceededException"));
}

#[tokio::test]
async fn key_phrases_with_character_offsets() {
    let app = shared_app().await;
    let text = "Über alles: Amazon Comprehend uses natural language processing to extract insights. \
        Natural language processing finds key phrases in text.";
    let body = ok(app, "detect-key-phrases", json!({"Text": text, "LanguageCode": "en"})).await;
    let phrases = body["KeyPhrases"].as_array().expect("phrases");
    let texts: Vec<&str> = phrases.iter().filter_map(|p| p["Text"].as_str()).collect();
    assert!(texts.iter().any(|t| t.eq_ignore_ascii_case("natural language processing")), "{texts:?}");
    for phrase in phrases {
        assert_eq!(chars(text, &phrase["BeginOffset"], &phrase["EndOffset"]), phrase["Text"].as_str().expect("text"));
    }
}

/// (text, type, begin, end) of each entity, offsets in characters.
fn spans(body: &Value, text: &str) -> Vec<(String, String, u64, u64)> {
    body["Entities"]
        .as_array()
        .expect("entities")
        .iter()
        .map(|e| {
            let (b, end) = (e["BeginOffset"].as_u64().expect("begin"), e["EndOffset"].as_u64().expect("end"));
            (chars(text, &e["BeginOffset"], &e["EndOffset"]), e["Type"].as_str().expect("type").to_string(), b, end)
        })
        .collect()
}

#[tokio::test]
async fn entities_with_exact_character_offsets() {
    let app = shared_app().await;
    // "Zoë" and "café" put multi-byte characters before the entities.
    let text = "Zoë said the café near Seattle opened on July 5, 1994, and Jeff Bezos paid $10,000.";
    let body = ok(app, "detect-entities", json!({"Text": text, "LanguageCode": "en"})).await;
    let found = spans(&body, text);
    let expect = |t: &str, kind: &str| {
        let begin = text.find(t).map(|b| text[..b].chars().count() as u64).expect("in text");
        let end = begin + t.chars().count() as u64;
        assert!(found.contains(&(t.to_string(), kind.to_string(), begin, end)), "{t} {kind} {begin}..{end}: {found:?}");
    };
    expect("Seattle", "LOCATION");
    expect("July 5, 1994", "DATE");
    expect("Jeff Bezos", "PERSON");
    expect("$10,000", "QUANTITY");
    for entity in body["Entities"].as_array().expect("entities") {
        assert_eq!(chars(text, &entity["BeginOffset"], &entity["EndOffset"]), entity["Text"].as_str().expect("text"));
    }
    let (status, kind, _) = error(app, "detect-entities", json!({"Text": "Hallo", "LanguageCode": "xx"})).await;
    assert_eq!((status, kind.as_str()), (400, "UnsupportedLanguageException"));
}

#[tokio::test]
async fn pii_is_validated_and_located_in_characters() {
    let app = shared_app().await;
    let text = "Née Zoë: mail zoe.martin@example.com, call (206) 555-0142, card 4111 1111 1111 1111, \
        not 4111 1111 1111 1112, SSN 123-45-6789, server 192.168.10.20, see https://example.org/help.";
    let body = ok(app, "detect-pii-entities", json!({"Text": text, "LanguageCode": "en"})).await;
    let found: Vec<(String, String)> = body["Entities"]
        .as_array()
        .expect("entities")
        .iter()
        .map(|e| (chars(text, &e["BeginOffset"], &e["EndOffset"]), e["Type"].as_str().expect("type").to_string()))
        .collect();
    for (value, kind) in [
        ("zoe.martin@example.com", "EMAIL"),
        ("(206) 555-0142", "PHONE"),
        ("4111 1111 1111 1111", "CREDIT_DEBIT_NUMBER"),
        ("123-45-6789", "SSN"),
        ("192.168.10.20", "IP_ADDRESS"),
        ("https://example.org/help", "URL"),
    ] {
        assert!(found.contains(&(value.to_string(), kind.to_string())), "{value} {kind}: {found:?}");
    }
    // The Luhn-invalid number is not a card (nor anything else).
    assert!(!found.iter().any(|(v, _)| v.contains("1112")), "{found:?}");

    let labels = ok(app, "contains-pii-entities", json!({"Text": text, "LanguageCode": "en"})).await;
    let names: Vec<&str> =
        labels["Labels"].as_array().expect("labels").iter().filter_map(|l| l["Name"].as_str()).collect();
    for kind in ["EMAIL", "PHONE", "CREDIT_DEBIT_NUMBER", "SSN", "IP_ADDRESS", "URL"] {
        assert!(names.contains(&kind), "{kind}: {names:?}");
    }
    let clean = ok(app, "contains-pii-entities", json!({"Text": "The weather is nice.", "LanguageCode": "en"})).await;
    assert_eq!(clean["Labels"], json!([]));
}

#[tokio::test]
async fn similarity_ranks_a_paraphrase_above_an_unrelated_sentence() {
    let app = shared_app().await;
    let anchor = "A man is playing a guitar.";
    let body = ok(
        app,
        "similarity",
        json!({"Pairs": [
            {"Text1": anchor, "Text2": "Someone plays an acoustic guitar."},
            {"Text1": anchor, "Text2": "The stock market fell sharply on Tuesday."}
        ]}),
    )
    .await;
    let paraphrase = body["ResultList"][0]["Score"].as_f64().expect("score");
    let unrelated = body["ResultList"][1]["Score"].as_f64().expect("score");
    assert!(paraphrase > 0.6 && unrelated < 0.3, "{body}");

    let embedded = ok(app, "embed", json!({"TextList": [anchor]})).await;
    let vector = embedded["Embeddings"][0].as_array().expect("vector");
    assert_eq!((vector.len(), embedded["Dimensions"].as_u64()), (384, Some(384)));
    let norm: f64 = vector.iter().map(|v| v.as_f64().expect("f") * v.as_f64().expect("f")).sum::<f64>().sqrt();
    assert!((norm - 1.0).abs() < 1e-3, "{norm}");
}

#[tokio::test]
async fn zero_shot_classification_picks_the_topic() {
    let app = shared_app().await;
    let labels = json!(["sports", "politics", "finance", "cooking", "weather"]);
    for (text, topic) in [
        ("The striker scored twice in the second half and the team won the cup.", "sports"),
        ("Parliament passed the new election law after a long debate.", "politics"),
        ("Shares fell after the bank reported lower quarterly profits.", "finance"),
        ("Stir the onions in butter, then add the garlic and simmer the sauce.", "cooking"),
        ("Heavy rain and strong winds are forecast for tomorrow.", "weather"),
    ] {
        let body = ok(app, "classify-document", json!({"Text": text, "CandidateLabels": labels})).await;
        assert_eq!(body["Classes"][0]["Name"], topic, "{text}: {body}");
    }
    let (status, kind, _) = error(app, "classify-document", json!({"Text": "x", "CandidateLabels": ["one"]})).await;
    assert_eq!((status, kind.as_str()), (400, "InvalidRequestException"));
}

/// Reads a counter or gauge for the embedding model from `/metrics`.
async fn embedding_metric(app: &TestApp, name: &str) -> f64 {
    let text = app.get("/metrics").await.text().await.expect("metrics");
    text.lines()
        .find(|l| l.starts_with(&format!("{name}{{model=\"embedding\"}}")))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0)
}

#[tokio::test]
async fn concurrent_embed_calls_are_batched() {
    let app = shared_app().await;
    let runs_before = embedding_metric(app, "aigate_batch_runs_total").await;
    let items_before = embedding_metric(app, "aigate_batch_items_total").await;
    let calls = (0..24).map(|i| {
        let request = json!({"TextList": [format!("Sentence number {i} about concurrent batching of requests.")]});
        let url = app.url(&path("embed"));
        let client = app.client.clone();
        tokio::spawn(async move {
            // One retry on a transport error (a connection reset under the load of parallel
            // tests); the status is what is asserted.
            let response = match client.post(&url).json(&request).send().await {
                Ok(response) => response,
                Err(_) => client.post(&url).json(&request).send().await.expect("POST"),
            };
            response.status().as_u16()
        })
    });
    let handles: Vec<_> = calls.collect();
    for handle in handles {
        assert_eq!(handle.await.expect("join"), 200);
    }
    let runs = embedding_metric(app, "aigate_batch_runs_total").await - runs_before;
    let items = embedding_metric(app, "aigate_batch_items_total").await - items_before;
    assert!(items >= 24.0, "{items} texts embedded");
    assert!(runs < items, "24 concurrent texts took {runs} model runs: no batching");
    assert!(embedding_metric(app, "aigate_batch_max_size").await >= 2.0);
}

#[tokio::test]
async fn chinese_entities_from_lac() {
    let app = shared_app().await;
    let text = "李彦宏在北京创办了百度公司。";
    let body = ok(app, "detect-entities", json!({"Text": text, "LanguageCode": "zh"})).await;
    let found = spans(&body, text);
    let has = |t: &str, kind: &str| found.iter().any(|(ft, fk, _, _)| ft == t && fk == kind);
    assert!(has("李彦宏", "PERSON"), "{found:?}");
    assert!(has("北京", "LOCATION"), "{found:?}");
    assert!(found.iter().any(|(t, k, _, _)| t.contains("百度") && k == "ORGANIZATION"), "{found:?}");
    // Offsets count characters: 北京 starts at character 4 (byte 12).
    assert!(found.contains(&("北京".to_string(), "LOCATION".to_string(), 4, 6)), "{found:?}");
}

#[tokio::test]
async fn toxic_content_scores_profanity() {
    let app = shared_app().await;
    let body = ok(
        app,
        "detect-toxic-content",
        json!({"TextSegments": [{"Text": "Have a wonderful day, my friend."}, {"Text": "What the fuck is this shit, you idiot"}], "LanguageCode": "en"}),
    )
    .await;
    let clean = body["ResultList"][0]["Toxicity"].as_f64().expect("toxicity");
    let profane = body["ResultList"][1]["Toxicity"].as_f64().expect("toxicity");
    assert!(clean < 0.3 && profane > 0.7, "{body}");
    assert_eq!(body["ResultList"][1]["Labels"][0]["Name"], "PROFANITY");
    let segments: Vec<Value> = (0..11).map(|_| json!({"Text": "hello"})).collect();
    let (status, kind, _) =
        error(app, "detect-toxic-content", json!({"TextSegments": segments, "LanguageCode": "en"})).await;
    assert_eq!((status, kind.as_str()), (400, "BatchSizeLimitExceededException"));
}

/// A gateway whose DetectSentiment and DetectEntities use configured ONNX models (the tiny
/// fixtures of the crate's unit tests) for German, next to VADER and the rules for English.
#[tokio::test]
async fn configured_onnx_models_serve_their_languages() {
    let fixtures = repo_root().join("services/comprehension/tests/fixtures/tiny");
    let model = |onnx: &str, labels: &str| {
        json!({
            "model": fixtures.join(onnx),
            "tokenizer": fixtures.join("tokenizer.json"),
            "config": fixtures.join(labels),
            "languages": ["de"],
        })
    };
    let mut config = test_config();
    let settings = &mut config.services.comprehension.settings;
    settings.sentiment_model =
        serde_json::from_value(model("sequence_classifier.onnx", "sequence_config.json")).expect("model settings");
    settings.entity_model =
        serde_json::from_value(model("token_classifier.onnx", "token_config.json")).expect("model settings");
    let app = spawn_detached(config);
    app.wait_ready().await;

    let body = ok(&app, "detect-sentiment", json!({"Text": "the movie was awful", "LanguageCode": "de"})).await;
    assert_eq!(body["Sentiment"], "NEGATIVE", "{body}");
    let text = "Ada Lovelace visited Paris";
    let body = ok(&app, "detect-entities", json!({"Text": text, "LanguageCode": "de"})).await;
    let found = spans(&body, text);
    assert_eq!(found[0], ("Ada Lovelace".to_string(), "PERSON".to_string(), 0, 12), "{found:?}");
    assert_eq!(found[1], ("Paris".to_string(), "LOCATION".to_string(), 21, 26), "{found:?}");
    // English still goes to VADER; other languages are still unsupported.
    let body = ok(&app, "detect-sentiment", json!({"Text": "I love it!", "LanguageCode": "en"})).await;
    assert_eq!(body["Sentiment"], "POSITIVE");
    let (status, kind, _) = error(&app, "detect-sentiment", json!({"Text": "bonjour", "LanguageCode": "fr"})).await;
    assert_eq!((status, kind.as_str()), (400, "UnsupportedLanguageException"));
}
