//! A service handle that is filled in once its models have loaded, so the gateway can listen
//! (and answer `/health`) while models load, and answer 503 for that service until then.

use crate::ApiError;
use std::sync::{Arc, OnceLock};

pub struct Ready<T>(Arc<OnceLock<Arc<T>>>);

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
    pub fn loaded(service: Arc<T>) -> Self {
        let ready = Self::default();
        ready.set(service);
        ready
    }

    /// Fills the slot; later calls are ignored.
    pub fn set(&self, service: Arc<T>) {
        let _ = self.0.set(service);
    }

    pub fn is_ready(&self) -> bool {
        self.0.get().is_some()
    }

    pub fn get(&self) -> Result<&Arc<T>, ApiError> {
        self.0
            .get()
            .ok_or_else(|| ApiError::service_unavailable("the service is still loading its models; retry shortly"))
    }
}
