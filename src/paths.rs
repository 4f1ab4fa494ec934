//! Where Sandtable finds its files (`assets/`, `scenarios/`) wherever the binary is started,
//! and where it keeps the user's saves and settings.

use std::path::{Path, PathBuf};

fn has_data(dir: &Path) -> bool {
    dir.join("assets").is_dir() || dir.join("scenarios").is_dir()
}

/// The folder that holds `assets/` and `scenarios/`: `SANDTABLE_HOME` or `BEVY_ASSET_ROOT`
/// if set, else the executable's folder or one of its three parents (covers
/// `target/release/`), else the source tree the binary was built from, else the working
/// directory.
pub fn data_root() -> PathBuf {
    for var in ["SANDTABLE_HOME", "BEVY_ASSET_ROOT"] {
        if let Some(v) = std::env::var_os(var) {
            let p = PathBuf::from(v);
            if has_data(&p) {
                return p;
            }
        }
    }
    if let Ok(exe) = std::env::current_exe() {
        let mut dir = exe.parent().map(Path::to_path_buf);
        for _ in 0..4 {
            match dir {
                Some(d) if has_data(&d) => return d,
                Some(d) => dir = d.parent().map(Path::to_path_buf),
                None => break,
            }
        }
    }
    let built = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    if has_data(&built) {
        return built;
    }
    std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."))
}

/// The shipped scenarios folder.
pub fn scenarios_dir() -> PathBuf {
    data_root().join("scenarios")
}

/// The user's data folder for saves (created on demand by the writer).
pub fn user_data_dir() -> PathBuf {
    if let Some(v) = std::env::var_os("SANDTABLE_DATA") {
        return PathBuf::from(v);
    }
    directories::ProjectDirs::from("", "", "sandtable")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| std::env::temp_dir().join("sandtable"))
}

/// Write `bytes` to `path` atomically: a temporary file in the same folder, flushed to
/// disk, then renamed over the target, so a crash never leaves a half-written file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = dir.join(format!(".{name}.tmp{}", std::process::id()));
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path)
}
