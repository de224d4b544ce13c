use super::*;
use std::sync::mpsc as std_mpsc;

/// Doubles its inputs and records each batch's size; can be held shut by a gate.
struct Doubler {
    sizes: std_mpsc::Sender<usize>,
    gate: Option<std_mpsc::Receiver<()>>,
}

impl BatchModel for Doubler {
    type Input = i32;
    type Output = i32;
    fn run_batch(&mut self, inputs: Vec<i32>) -> Result<Vec<i32>, String> {
        if let Some(gate) = &self.gate {
            let _ = gate.recv();
        }
        let _ = self.sizes.send(inputs.len());
        if inputs.contains(&-1) {
            panic!("bad input");
        }
        Ok(inputs.into_iter().map(|x| x * 2).collect())
    }
}

fn options(max_batch: usize, delay_ms: u64, queue_capacity: usize) -> BatchOptions {
    BatchOptions { max_batch, max_delay: Duration::from_millis(delay_ms), queue_capacity }
}

#[tokio::test]
async fn concurrent_requests_share_a_run_and_keep_their_order() {
    let (sizes, seen) = std_mpsc::channel();
    let worker = BatchWorker::spawn("doubler", Doubler { sizes, gate: None }, options(8, 50, 32)).expect("spawn");
    let calls = (0..8).map(|i| {
        let worker = worker.clone();
        async move { worker.run(i).await }
    });
    let outputs: Vec<i32> = futures_join(calls).await.into_iter().map(|r| r.expect("output")).collect();
    assert_eq!(outputs, (0..8).map(|i| i * 2).collect::<Vec<_>>());
    let runs: Vec<usize> = seen.try_iter().collect();
    assert!(runs.len() < 8, "8 concurrent inputs ran in {} runs: {runs:?}", runs.len());
    assert_eq!(runs.iter().sum::<usize>(), 8);
    assert!(worker.stats().max_batch.load(Ordering::Relaxed) >= 2);
}

#[tokio::test]
async fn batches_never_exceed_the_maximum() {
    let (sizes, seen) = std_mpsc::channel();
    let worker = BatchWorker::spawn("small", Doubler { sizes, gate: None }, options(3, 50, 32)).expect("spawn");
    let calls = (0..10).map(|i| {
        let worker = worker.clone();
        async move { worker.run(i).await }
    });
    assert!(futures_join(calls).await.into_iter().all(|r| r.is_ok()));
    assert!(seen.try_iter().all(|size| size <= 3));
}

#[tokio::test]
async fn full_queue_answers_429_and_panics_are_500() {
    let (sizes, _seen) = std_mpsc::channel();
    let (open, gate) = std_mpsc::channel();
    let worker = BatchWorker::spawn("gated", Doubler { sizes, gate: Some(gate) }, options(1, 0, 1)).expect("spawn");
    // The first input is taken and held by the gate; the second fills the queue.
    let first = tokio::spawn({
        let worker = worker.clone();
        async move { worker.run(1).await }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let second = tokio::spawn({
        let worker = worker.clone();
        async move { worker.run(2).await }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let error = worker.run(3).await.expect_err("queue full");
    assert_eq!((error.status.as_u16(), error.code.as_ref()), (429, "ThrottlingException"));
    for _ in 0..3 {
        open.send(()).expect("open");
    }
    assert_eq!(first.await.expect("join").expect("first"), 2);
    assert_eq!(second.await.expect("join").expect("second"), 4);
    let panic = worker.run(-1).await.expect_err("panic");
    assert_eq!(panic.status.as_u16(), 500);
    open.send(()).expect("open");
    assert_eq!(worker.run(5).await.expect("survives"), 10);
}

/// Starts every call as its own task before awaiting any, so they queue together.
async fn futures_join<F>(futures: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut outputs = Vec::new();
    for handle in handles {
        outputs.push(handle.await.expect("join"));
    }
    outputs
}
