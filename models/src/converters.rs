//! Models produced by a converter script (`models/converters/<name>.py`, embedded in the
//! binary): each runs in a virtual environment of its own with its pinned requirements, fetches
//! its inputs with pip, and writes one output file, which `fetch` then checks and installs.

use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use crate::fetch::FetchError;
use crate::python;

include!(concat!(env!("OUT_DIR"), "/converters.rs"));

/// Where the converters' virtual environments live, under the model dir.
pub(crate) const VENV_FOLDER: &str = ".converters";

/// The embedded script of converter `name`.
pub fn script(name: &str) -> Option<&'static str> {
    SCRIPTS.iter().find(|(n, _)| *n == name).map(|(_, text)| *text)
}

/// The Python of `<venvs>/<name>-<hash of requirements>`, created and filled on first use.
pub(crate) fn environment(
    python: &str,
    venvs: &Path,
    name: &str,
    requirements: &[String],
    progress: &mut dyn FnMut(&str),
) -> Result<PathBuf, FetchError> {
    let digest = hex::encode(Sha256::digest(requirements.join("\n").as_bytes()));
    // Absolute: the script runs with its work folder as the current directory.
    let venvs = std::path::absolute(venvs).map_err(|e| FetchError::io(format!("resolve {}", venvs.display()), e))?;
    let dir = venvs.join(format!("{name}-{}", &digest[..12]));
    let venv_python = dir.join("bin/python");
    let done = dir.join(".requirements-installed");
    if done.is_file() && venv_python.is_file() {
        return Ok(venv_python);
    }
    progress(&format!("create the {name} converter environment in {}", dir.display()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut venv = Command::new(python);
    venv.args(["-m", "venv"]).arg(&dir);
    python::run(venv, python)?.map_err(|stderr_tail| failed(name, stderr_tail))?;
    if !requirements.is_empty() {
        progress(&format!("pip install {}", requirements.join(" ")));
        let mut pip = Command::new(&venv_python);
        pip.args(["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "-q"]).args(requirements);
        python::run(pip, python)?.map_err(|stderr_tail| failed(name, stderr_tail))?;
    }
    std::fs::write(&done, requirements.join("\n"))
        .map_err(|e| FetchError::io(format!("write {}", done.display()), e))?;
    Ok(venv_python)
}

/// Runs converter `name` (its script `text`) for model `id` in `work` and returns the output
/// file. A mirror folder is offered to the script's pip (`PIP_FIND_LINKS`) and as
/// `AIGATE_MODEL_MIRROR`.
pub(crate) fn run(
    venv_python: &Path,
    (name, text): (&str, &str),
    id: &str,
    work: &Path,
    mirror: Option<&Path>,
) -> Result<PathBuf, FetchError> {
    let script_path = work.join(format!("{name}.py"));
    std::fs::write(&script_path, text).map_err(|e| FetchError::io(format!("write {}", script_path.display()), e))?;
    let scratch = work.join("work");
    std::fs::create_dir_all(&scratch).map_err(|e| FetchError::io(format!("create {}", scratch.display()), e))?;
    let output = work.join("output");
    let mut cmd = Command::new(venv_python);
    cmd.arg(&script_path).args(["--model-id", id]).arg("--output").arg(&output).arg("--work-dir").arg(&scratch);
    cmd.current_dir(&scratch);
    if let Some(mirror) = mirror.and_then(|m| std::path::absolute(m).ok()) {
        cmd.env("PIP_FIND_LINKS", &mirror).env("AIGATE_MODEL_MIRROR", &mirror);
    }
    let python = venv_python.display().to_string();
    python::run(cmd, &python)?.map_err(|stderr_tail| failed(name, stderr_tail))?;
    if !output.is_file() {
        return Err(failed(name, format!("it exited successfully but wrote no {}", output.display())));
    }
    Ok(output)
}

pub(crate) fn failed(name: &str, stderr_tail: String) -> FetchError {
    FetchError::ConverterFailed { converter: name.to_string(), stderr_tail }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ECHO: &str = "import argparse, os, sys\n\
        p = argparse.ArgumentParser()\n\
        for a in ('--model-id', '--output', '--work-dir'): p.add_argument(a, required=True)\n\
        a = p.parse_args()\n\
        assert os.getcwd() == os.path.realpath(a.work_dir)\n\
        if a.model_id == 'broken': sys.exit('cannot convert ' + a.model_id)\n\
        open(a.output, 'w').write(a.model_id + ' ' + os.environ.get('AIGATE_MODEL_MIRROR', '-'))\n";

    #[test]
    fn runs_a_script_in_its_environment_and_reports_failures() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut lines = Vec::new();
        let python = environment("python3", dir.path(), "echo", &[], &mut |l| lines.push(l.to_string()))
            .expect("venv is created");
        assert!(python.starts_with(dir.path()) && python.is_file());
        // A relative model dir still gives a Python the script (run in its work folder) can start.
        // (Tests run in models/; ../target is the workspace's build folder.)
        let relative_dir = Path::new("../target/converter-test-venvs");
        let relative = environment("python3", relative_dir, "echo", &[], &mut |_| {});
        let _ = std::fs::remove_dir_all(relative_dir);
        let relative = relative.expect("venv under a relative folder");
        assert!(relative.is_absolute(), "{}", relative.display());
        // A second call reuses the environment.
        let again = environment("python3", dir.path(), "echo", &[], &mut |l| lines.push(l.to_string()));
        assert_eq!(again.expect("reused"), python);
        assert_eq!(lines.iter().filter(|l| l.starts_with("create")).count(), 1, "{lines:?}");

        let work = tempfile::tempdir().expect("tempdir");
        let out = run(&python, ("echo", ECHO), "m1", work.path(), Some(Path::new("/mirror"))).expect("runs");
        assert_eq!(std::fs::read_to_string(out).expect("output"), "m1 /mirror");

        let work = tempfile::tempdir().expect("tempdir");
        let error = run(&python, ("echo", ECHO), "broken", work.path(), None).expect_err("fails");
        assert!(error.to_string().contains("cannot convert broken"), "{error}");
    }

    #[test]
    fn every_embedded_script_is_found_by_name() {
        for (name, text) in SCRIPTS {
            assert_eq!(script(name), Some(*text));
        }
        assert_eq!(script("no-such-converter"), None);
    }
}
