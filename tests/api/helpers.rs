//! Spawning gateways for tests: a shared one with every service (models load once per test
//! binary), fresh ones with special configs, and separate `aigate` processes.

use aigate_gateway::{Application, GatewayConfig};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
}

impl TestApp {
    pub fn on_port(port: u16) -> Self {
        // No pooled connections: each test has its own runtime, and a connection pooled by one
        // test's runtime dies with it.
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(300))
            .pool_max_idle_per_host(0)
            .build()
            .expect("http client");
        Self { base: format!("http://127.0.0.1:{port}"), client }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    pub async fn post_json(&self, path: &str, body: serde_json::Value) -> reqwest::Response {
        self.client.post(self.url(path)).json(&body).send().await.expect("POST json")
    }

    pub async fn post_raw(&self, path: &str, content_type: &str, bytes: Vec<u8>) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("content-type", content_type)
            .body(bytes)
            .send()
            .await
            .expect("POST raw")
    }

    /// Waits until `/ready` answers 200 (models loaded), failing after two minutes.
    pub async fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            if let Ok(response) = self.client.get(self.url("/ready")).send().await
                && response.status().is_success()
            {
                return;
            }
            assert!(Instant::now() < deadline, "gateway at {} did not become ready", self.base);
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// The repository root (the tests crate sits one folder below it).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("repo root").to_path_buf()
}

/// A config for tests: port 0, models from `AIGATE_MODEL_DIR` (set by .cargo/config.toml).
pub fn test_config() -> GatewayConfig {
    let mut config = GatewayConfig::load(None, Vec::new()).expect("default config");
    config.listen = "127.0.0.1:0".into();
    config.model_dir =
        std::env::var_os("AIGATE_MODEL_DIR").map(PathBuf::from).unwrap_or_else(|| repo_root().join("var/models"));
    config.runtime.threads = 2;
    config.store.url = format!("sqlite://{}", fresh_database_path().display());
    // Piper without voice variation: the audio the speech tests hear is the same on every run.
    config.services.speech.settings.synthesis_noise_scale = 0.0;
    config
}

/// A database file of its own for each test gateway, under the system temp folder.
pub fn fresh_database_path() -> PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    std::env::temp_dir().join(format!("aigate-test-{}-{n}", std::process::id())).join("aigate.db")
}

/// Starts a gateway with `config` on its own thread and runtime, so it outlives any one test.
pub fn spawn_detached(config: GatewayConfig) -> TestApp {
    let (port_tx, port_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
        runtime.block_on(async move {
            let app = Application::build(&config, None).await.expect("gateway builds");
            port_tx.send(app.port()).expect("port");
            app.run_until(std::future::pending()).await.expect("gateway serves");
        });
    });
    TestApp::on_port(port_rx.recv().expect("gateway port"))
}

/// One gateway with every service for the whole test binary.
pub async fn shared_app() -> &'static TestApp {
    static APP: OnceLock<TestApp> = OnceLock::new();
    let app = APP.get_or_init(|| spawn_detached(test_config()));
    app.wait_ready().await;
    app
}

/// A separate `aigate` process, killed on drop.
pub struct AigateProcess {
    pub child: Child,
    pub app: TestApp,
}

impl Drop for AigateProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `aigate` binary built beside this test binary (target/<profile>/aigate).
pub fn aigate_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("test exe");
    let dir = exe.parent().and_then(|deps| deps.parent()).expect("target dir");
    let binary = dir.join("aigate");
    assert!(binary.is_file(), "{} is missing: run `cargo build --workspace --bins` before the tests", binary.display());
    binary
}

/// Picks a free port by binding port 0 and letting it go.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("free port")
}

/// Runs `aigate serve` with `args` and `env`, waits for `/ready`.
pub async fn spawn_process(args: &[&str], env: &[(&str, String)]) -> AigateProcess {
    let port = free_port();
    let config = test_config();
    let mut command = Command::new(aigate_binary());
    command
        .arg("serve")
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .args(args)
        .env("AIGATE__MODEL_DIR", &config.model_dir)
        .env("AIGATE__RUNTIME__THREADS", "2")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    for (key, value) in env {
        command.env(key, value);
    }
    let child = command.spawn().expect("spawn aigate");
    let process = AigateProcess { child, app: TestApp::on_port(port) };
    process.app.wait_ready().await;
    process
}

/// The JSON error body and `__type` of a response, checking the AWS envelope on the way.
pub async fn error_of(response: reqwest::Response) -> (u16, String, String) {
    let status = response.status().as_u16();
    let header = response.headers().get("x-amzn-errortype").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let body: serde_json::Value = response.json().await.expect("error body is JSON");
    let error_type = body["__type"].as_str().unwrap_or("").to_string();
    assert_eq!(header, error_type, "X-Amzn-ErrorType matches __type");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "error has a message: {body}");
    (status, error_type, body["message"].as_str().unwrap_or("").to_string())
}
