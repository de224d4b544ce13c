//! A model worker owns a model (usually an ONNX Runtime session, whose `run` takes `&mut self`)
//! on its own OS thread. Callers queue jobs on a bounded channel: when the queue is full they get
//! 429 ThrottlingException at once instead of waiting without bound.

use crate::{ApiError, metrics};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Instant;
use tokio::sync::{mpsc, oneshot};

type Job<M> = Box<dyn FnOnce(&mut M) + Send>;

pub struct ModelWorker<M> {
    name: String,
    jobs: mpsc::Sender<Job<M>>,
}

impl<M> Clone for ModelWorker<M> {
    fn clone(&self) -> Self {
        Self { name: self.name.clone(), jobs: self.jobs.clone() }
    }
}

impl<M: Send + 'static> ModelWorker<M> {
    /// Starts the worker thread. `queue_capacity` bounds the jobs waiting (at least 1).
    pub fn spawn(name: impl Into<String>, mut model: M, queue_capacity: usize) -> std::io::Result<Self> {
        let name = name.into();
        let (jobs, mut receiver) = mpsc::channel::<Job<M>>(queue_capacity.max(1));
        std::thread::Builder::new().name(format!("model-{name}")).spawn(move || {
            while let Some(job) = receiver.blocking_recv() {
                job(&mut model);
            }
        })?;
        Ok(Self { name, jobs })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Jobs waiting or running.
    pub fn queue_depth(&self) -> usize {
        self.jobs.max_capacity() - self.jobs.capacity()
    }

    /// Runs `job` on the worker's thread and returns its result. A full queue answers 429; a
    /// panic inside the job becomes a 500 and the worker keeps serving.
    pub async fn run<R, F>(&self, job: F) -> Result<R, ApiError>
    where
        R: Send + 'static,
        F: FnOnce(&mut M) -> R + Send + 'static,
    {
        let (reply, result) = oneshot::channel();
        let model_name = self.name.clone();
        let boxed: Job<M> = Box::new(move |model: &mut M| {
            let started = Instant::now();
            let outcome = catch_unwind(AssertUnwindSafe(|| job(model)));
            metrics::global().observe(
                "aigate_model_run_seconds",
                &[("model", &model_name)],
                started.elapsed().as_secs_f64(),
            );
            let _ = reply.send(outcome);
        });
        self.jobs.try_send(boxed).map_err(|error| match error {
            mpsc::error::TrySendError::Full(_) => {
                ApiError::throttling(format!("the {} model queue is full; retry later", self.name))
            }
            mpsc::error::TrySendError::Closed(_) => {
                ApiError::service_unavailable(format!("the {} model worker has stopped", self.name))
            }
        })?;
        metrics::global().set_gauge("aigate_model_queue_depth", &[("model", &self.name)], self.queue_depth() as f64);
        let outcome = result
            .await
            .map_err(|_| ApiError::service_unavailable(format!("the {} model worker has stopped", self.name)))?;
        metrics::global().set_gauge("aigate_model_queue_depth", &[("model", &self.name)], self.queue_depth() as f64);
        outcome.map_err(|_| ApiError::internal(format!("the {} model panicked", self.name)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc as std_mpsc;
    use std::time::Duration;

    /// A fake model that blocks until the test lets it go.
    struct GatedModel {
        gate: std_mpsc::Receiver<()>,
    }

    #[tokio::test]
    async fn full_queue_answers_429_and_recovers() {
        let (open, gate) = std_mpsc::channel();
        let worker = ModelWorker::spawn("gated", GatedModel { gate }, 1).expect("spawn");
        // The first job is taken by the thread and blocks; the second fills the one queue slot.
        let first = tokio::spawn({
            let worker = worker.clone();
            async move { worker.run(|m: &mut GatedModel| m.gate.recv().is_ok()).await }
        });
        tokio::time::sleep(Duration::from_millis(100)).await;
        let second = tokio::spawn({
            let worker = worker.clone();
            async move { worker.run(|m: &mut GatedModel| m.gate.recv().is_ok()).await }
        });
        tokio::time::sleep(Duration::from_millis(100)).await;

        let third = worker.run(|_m: &mut GatedModel| true).await;
        let error = third.expect_err("queue should be full");
        assert_eq!(error.status.as_u16(), 429);
        assert_eq!(error.code, "ThrottlingException");

        open.send(()).expect("open");
        open.send(()).expect("open");
        assert!(first.await.expect("join").expect("first job"));
        assert!(second.await.expect("join").expect("second job"));
        assert!(worker.run(|_m: &mut GatedModel| true).await.expect("worker recovers"));
    }

    #[tokio::test]
    async fn panicking_job_is_an_internal_error_and_worker_survives() {
        let worker = ModelWorker::spawn("panicky", 0_u32, 4).expect("spawn");
        let error = worker.run(|_m: &mut u32| -> u32 { panic!("boom") }).await.expect_err("panic");
        assert_eq!(error.status.as_u16(), 500);
        let value = worker.run(|m: &mut u32| {
            *m += 1;
            *m
        });
        assert_eq!(value.await.expect("still serving"), 1);
    }
}
