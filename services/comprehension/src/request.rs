//! Reading a request body: within the byte limit, valid UTF-8 (else InvalidRequestException
//! naming the byte), then the operation's JSON (else SerializationException). A JSON string with
//! a lone surrogate or broken `\u` escape is not Unicode text either: InvalidRequestException.

use crate::errors::{TEXT_SIZE, invalid_request};
use aigate_core::ApiError;
use aigate_core::body::read_limited;
use axum::body::Body;
use serde::de::DeserializeOwned;

pub async fn read_json<T: DeserializeOwned>(body: Body, limit: usize) -> Result<T, ApiError> {
    let bytes = read_limited(body, limit, TEXT_SIZE).await?;
    parse(&bytes)
}

pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        invalid_request(format!("the request is not valid UTF-8: invalid byte sequence at byte {}", e.valid_up_to()))
    })?;
    serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        if message.contains("surrogate") || message.contains("hex escape") {
            invalid_request(format!("the text is not valid Unicode: {e}"))
        } else {
            aigate_core::body::parse_json::<T>(bytes).err().unwrap_or_else(|| ApiError::serialization(e.to_string()))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Request {
        #[serde(rename = "Text")]
        text: String,
    }

    #[test]
    fn invalid_utf8_names_the_byte() {
        let error = parse::<Request>(b"{\"Text\": \"caf\xc3\"}").expect_err("bad utf-8");
        assert_eq!(error.code, "InvalidRequestException");
        assert!(error.message.contains("byte 13"), "{}", error.message);
    }

    #[test]
    fn lone_surrogate_is_invalid_request() {
        let error = parse::<Request>(br#"{"Text": "a\ud800b"}"#).expect_err("surrogate");
        assert_eq!(error.code, "InvalidRequestException");
    }

    #[test]
    fn wrong_shape_is_serialization() {
        let error = parse::<Request>(br#"{"Txt": "a"}"#).expect_err("missing field");
        assert_eq!(error.code, "SerializationException");
        assert_eq!(parse::<Request>(br#"{"Text": "ok"}"#).expect("ok").text, "ok");
    }
}
