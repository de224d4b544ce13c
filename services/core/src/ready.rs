//! A service handle that is filled in once its models have loaded, so the gateway can listen
//! (and answer `/health`) while models load, and answer 503 for that service until then.

use crate::ApiError;
use std::sync::{Arc, OnceLock};

/// What loading ended with: the service, or why it could not load.
type Outcome<T> = Result<Arc<T>, String>;

pub struct Ready<T>(Arc<OnceLock<Outcome<T>>>);

impl<T> Clone for Ready<T> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<T> Default for Ready<T> {
    fn default() -> Self {
        Self(Arc::new(OnceLock::new()))
    }
}

impl<T> Ready<T> {
    /// Fills the slot; later calls are ignored.
    pub fn set(&self, service: Arc<T>) {
        let _ = self.0.set(Ok(service));
    }

    /// Records that loading failed; requests then say why instead of "still loading".
    pub fn fail(&self, reason: impl Into<String>) {
        let _ = self.0.set(Err(reason.into()));
    }

    pub fn is_ready(&self) -> bool {
        matches!(self.0.get(), Some(Ok(_)))
    }

    /// `None` while loading, else why loading failed (if it did).
    pub fn failure(&self) -> Option<&str> {
        match self.0.get() {
            Some(Err(reason)) => Some(reason),
            _ => None,
        }
    }

    pub fn get(&self) -> Result<&Arc<T>, ApiError> {
        match self.0.get() {
            Some(Ok(service)) => Ok(service),
            Some(Err(reason)) => {
                Err(ApiError::service_unavailable(format!("the service could not load its models: {reason}")))
            }
            None => Err(ApiError::service_unavailable("the service is still loading its models; retry shortly")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loading_ready_and_failed() {
        let loading = Ready::<u8>::default();
        assert!(loading.get().expect_err("loading").message.contains("still loading"));
        loading.set(Arc::new(7));
        assert_eq!(**loading.get().expect("ready"), 7);

        let failed = Ready::<u8>::default();
        failed.fail("model file is corrupt");
        let error = failed.get().expect_err("failed");
        assert_eq!(error.status.as_u16(), 503);
        assert!(error.message.contains("model file is corrupt"));
        assert_eq!(failed.failure(), Some("model file is corrupt"));
        assert!(!failed.is_ready());
    }
}
