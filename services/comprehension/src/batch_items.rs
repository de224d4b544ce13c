//! The Batch* operations' contract: each document is checked and processed on its own; a
//! document's client error (empty, too long…) goes to ErrorList and the others still get
//! results. Throttling and internal errors fail the whole request, as in Comprehend.

use crate::api::BatchItemError;
use crate::text::{BATCH_LIMIT, check_list};
use aigate_core::ApiError;
use std::future::Future;

/// Runs `process(index, text)` for each text; results and errors come back in index order.
pub async fn each<R, F, Fut>(texts: Vec<String>, process: F) -> Result<(Vec<R>, Vec<BatchItemError>), ApiError>
where
    F: Fn(usize, String) -> Fut,
    Fut: Future<Output = Result<R, ApiError>>,
{
    check_list("TextList", &texts, BATCH_LIMIT)?;
    let outcomes = futures::future::join_all(texts.into_iter().enumerate().map(|(i, t)| process(i, t))).await;
    let mut results = Vec::new();
    let mut errors = Vec::new();
    for (index, outcome) in outcomes.into_iter().enumerate() {
        match outcome {
            Ok(result) => results.push(result),
            Err(error) if error.status.is_client_error() && error.status.as_u16() != 429 => {
                errors.push(BatchItemError { index, error_code: error.code.to_string(), error_message: error.message })
            }
            Err(error) => return Err(error),
        }
    }
    Ok((results, errors))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::errors::invalid_request;

    #[tokio::test]
    async fn one_bad_document_fills_both_lists() {
        let texts = vec!["a".to_string(), String::new(), "c".to_string()];
        let (results, errors) =
            each(texts, |i, t| async move { if t.is_empty() { Err(invalid_request("empty")) } else { Ok((i, t)) } })
                .await
                .expect("batch");
        assert_eq!(results, vec![(0, "a".to_string()), (2, "c".to_string())]);
        assert_eq!(errors.len(), 1);
        assert_eq!((errors[0].index, errors[0].error_code.as_str()), (1, "InvalidRequestException"));
    }

    #[tokio::test]
    async fn throttling_fails_the_batch() {
        let outcome = each(vec!["a".to_string()], |_, _| async { Err::<(), _>(ApiError::throttling("full")) }).await;
        assert_eq!(outcome.expect_err("throttled").status.as_u16(), 429);
        let too_many = each(vec!["a".to_string(); 26], |_, _| async { Ok(()) }).await;
        assert_eq!(too_many.expect_err("26").code, "BatchSizeLimitExceededException");
    }
}
