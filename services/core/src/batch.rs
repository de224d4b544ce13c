//! A dynamic-batching model worker. Requests for one model arrive one input at a time; the
//! worker thread takes the first waiting input, then everything else already queued, and waits
//! up to `max_delay` for more, up to `max_batch` inputs, and runs them as one batch. Under load
//! batches form on their own (inputs pile up while the previous batch runs); the delay only helps
//! requests that arrive together. The queue is bounded: when it is full a request gets 429
//! ThrottlingException at once.
//!
//! Metrics per model: `aigate_batch_runs_total`, `aigate_batch_items_total`,
//! `aigate_batch_max_size` (the largest batch so far), `aigate_model_queue_depth` and
//! `aigate_model_run_seconds`.

use crate::{ApiError, metrics};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, TrySendError, sync_channel};
use std::time::{Duration, Instant};
use tokio::sync::oneshot;

/// A model that runs many inputs at once. Outputs come back one per input, in order.
pub trait BatchModel: Send + 'static {
    type Input: Send + 'static;
    type Output: Send + 'static;
    fn run_batch(&mut self, inputs: Vec<Self::Input>) -> Result<Vec<Self::Output>, String>;
}

#[derive(Debug, Clone, Copy)]
pub struct BatchOptions {
    /// Most inputs per run (at least 1).
    pub max_batch: usize,
    /// How long the first input of a batch may wait for company.
    pub max_delay: Duration,
    /// Inputs that may wait before requests answer 429 (at least 1).
    pub queue_capacity: usize,
}

/// Counts since start, for tests and `/metrics`.
#[derive(Debug, Default)]
pub struct BatchStats {
    pub runs: AtomicU64,
    pub items: AtomicU64,
    pub max_batch: AtomicUsize,
}

struct Pending<I, O> {
    input: I,
    reply: oneshot::Sender<Result<O, String>>,
}

pub struct BatchWorker<M: BatchModel> {
    name: Arc<str>,
    sender: SyncSender<Pending<M::Input, M::Output>>,
    waiting: Arc<AtomicUsize>,
    stats: Arc<BatchStats>,
}

impl<M: BatchModel> Clone for BatchWorker<M> {
    fn clone(&self) -> Self {
        Self {
            name: self.name.clone(),
            sender: self.sender.clone(),
            waiting: self.waiting.clone(),
            stats: self.stats.clone(),
        }
    }
}

impl<M: BatchModel> BatchWorker<M> {
    /// Starts the worker thread, which owns `model`.
    pub fn spawn(name: impl Into<String>, model: M, options: BatchOptions) -> std::io::Result<Self> {
        let name: Arc<str> = name.into().into();
        let (sender, receiver) = sync_channel(options.queue_capacity.max(1));
        let waiting = Arc::new(AtomicUsize::new(0));
        let stats = Arc::new(BatchStats::default());
        let worker = Self { name: name.clone(), sender, waiting: waiting.clone(), stats: stats.clone() };
        let mut state = Loop { name, model, receiver, options, waiting, stats };
        std::thread::Builder::new().name(format!("batch-{}", state.name)).spawn(move || state.serve())?;
        Ok(worker)
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn stats(&self) -> &BatchStats {
        &self.stats
    }

    /// Queues one input and waits for its output.
    pub async fn run(&self, input: M::Input) -> Result<M::Output, ApiError> {
        let (reply, result) = oneshot::channel();
        match self.sender.try_send(Pending { input, reply }) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => {
                return Err(ApiError::throttling(format!("the {} model queue is full; retry later", self.name)));
            }
            Err(TrySendError::Disconnected(_)) => return Err(self.stopped()),
        }
        let depth = self.waiting.fetch_add(1, Ordering::Relaxed) + 1;
        metrics::global().set_gauge("aigate_model_queue_depth", &[("model", &self.name)], depth as f64);
        let outcome = result.await.map_err(|_| self.stopped())?;
        outcome.map_err(|cause| ApiError::internal(format!("the {} model failed: {cause}", self.name)))
    }

    fn stopped(&self) -> ApiError {
        ApiError::service_unavailable(format!("the {} model worker has stopped", self.name))
    }
}

struct Loop<M: BatchModel> {
    name: Arc<str>,
    model: M,
    receiver: Receiver<Pending<M::Input, M::Output>>,
    options: BatchOptions,
    waiting: Arc<AtomicUsize>,
    stats: Arc<BatchStats>,
}

impl<M: BatchModel> Loop<M> {
    fn serve(&mut self) {
        while let Ok(first) = self.receiver.recv() {
            let batch = self.collect(first);
            let depth = self.waiting.fetch_sub(batch.len(), Ordering::Relaxed).saturating_sub(batch.len());
            metrics::global().set_gauge("aigate_model_queue_depth", &[("model", &self.name)], depth as f64);
            self.run(batch);
        }
    }

    /// The first input, whatever is already waiting, and what arrives before the deadline.
    fn collect(&self, first: Pending<M::Input, M::Output>) -> Vec<Pending<M::Input, M::Output>> {
        let max = self.options.max_batch.max(1);
        let deadline = Instant::now() + self.options.max_delay;
        let mut batch = vec![first];
        while batch.len() < max {
            if let Ok(next) = self.receiver.try_recv() {
                batch.push(next);
                continue;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            match self.receiver.recv_timeout(left) {
                Ok(next) => batch.push(next),
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
            }
        }
        batch
    }

    fn run(&mut self, batch: Vec<Pending<M::Input, M::Output>>) {
        let size = batch.len();
        let (inputs, replies): (Vec<_>, Vec<_>) = batch.into_iter().map(|p| (p.input, p.reply)).unzip();
        let started = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| self.model.run_batch(inputs)));
        let labels = [("model", &*self.name)];
        metrics::global().observe("aigate_model_run_seconds", &labels, started.elapsed().as_secs_f64());
        self.record(size);
        let outputs = match outcome {
            Ok(Ok(outputs)) if outputs.len() == size => outputs,
            Ok(Ok(outputs)) => {
                let cause = format!("{} outputs for {size} inputs", outputs.len());
                return replies.into_iter().for_each(|r| drop(r.send(Err(cause.clone()))));
            }
            Ok(Err(cause)) => return replies.into_iter().for_each(|r| drop(r.send(Err(cause.clone())))),
            Err(_) => return replies.into_iter().for_each(|r| drop(r.send(Err("the model panicked".into())))),
        };
        for (reply, output) in replies.into_iter().zip(outputs) {
            let _ = reply.send(Ok(output));
        }
    }

    fn record(&self, size: usize) {
        self.stats.runs.fetch_add(1, Ordering::Relaxed);
        self.stats.items.fetch_add(size as u64, Ordering::Relaxed);
        let largest = self.stats.max_batch.fetch_max(size, Ordering::Relaxed).max(size);
        let labels = [("model", &*self.name)];
        let m = metrics::global();
        m.inc_counter("aigate_batch_runs_total", &labels);
        for _ in 0..size {
            m.inc_counter("aigate_batch_items_total", &labels);
        }
        m.set_gauge("aigate_batch_max_size", &labels, largest as f64);
    }
}

#[cfg(test)]
mod tests;
