//! Embeds every converter script (`converters/*.py`) in the binary, so an installed `aigate`
//! can run `models fetch` without the source tree.

use std::fmt::Write;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=converters");
    let dir = Path::new("converters");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter_map(|e| e.file_name().into_string().ok())
                .filter_map(|n| n.strip_suffix(".py").map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut code = String::from(
        "/// Every converter script, by name (`converters/<name>.py`).\npub(crate) const SCRIPTS: &[(&str, &str)] = &[\n",
    );
    for name in names {
        let path = std::fs::canonicalize(dir.join(format!("{name}.py"))).unwrap_or_default();
        let _ = writeln!(code, "    ({name:?}, include_str!({:?})),", path.display().to_string());
    }
    code.push_str("];\n");
    let out = std::env::var("OUT_DIR").unwrap_or_default();
    if let Err(e) = std::fs::write(Path::new(&out).join("converters.rs"), code) {
        println!("cargo:warning=cannot write converters.rs: {e}");
    }
}
