//! Where Sandtable finds its files (`assets/`, `scenarios/`) wherever the binary is started,
//! where it keeps the user's saves and settings, and the one way it writes a file
//! (atomically). The game window and the command line both use this module.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Environment variables that name the data root, checked in this order.
pub const ROOT_ENV_VARS: [&str; 2] = ["SANDTABLE_HOME", "BEVY_ASSET_ROOT"];
/// Environment variable that names the user's data folder (saves, replays, settings).
pub const DATA_ENV_VAR: &str = "SANDTABLE_DATA";
/// How many folders above the executable's own folder are searched for the data
/// (three covers `target/release/` and `target/x86_64-…/release/`).
const PARENT_LEVELS: usize = 3;
/// The name prefix of the temporary files the atomic writer creates; only files with this
/// prefix are ever swept.
pub const TEMP_PREFIX: &str = ".sandtable-tmp-";
/// A temporary file of ours older than this was left by an interrupted write: swept.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(60 * 60);

fn has_data(dir: &Path) -> bool {
    dir.join("assets").is_dir() || dir.join("scenarios").is_dir()
}

/// The folder that holds `assets/` and `scenarios/`, resolved once per process: see
/// [`resolve_data_root`].
pub fn data_root() -> PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let env = ROOT_ENV_VARS
            .iter()
            .find_map(|name| std::env::var_os(name).filter(|v| !v.is_empty()))
            .map(PathBuf::from);
        let exe = std::env::current_exe().ok();
        resolve_data_root(env, exe.as_deref(), Path::new(env!("CARGO_MANIFEST_DIR")))
    })
    .clone()
}

/// The resolution rule behind [`data_root`], with its inputs passed in (for tests): the
/// `SANDTABLE_HOME` or `BEVY_ASSET_ROOT` environment variable; else the folder of the
/// executable or one of its three parents that holds `assets/` or `scenarios/`; else the
/// source tree the binary was built from. So the game and the CLI start the same from
/// `cargo run`, from `target/release/`, or from an unpacked archive.
pub fn resolve_data_root(env: Option<PathBuf>, exe: Option<&Path>, manifest: &Path) -> PathBuf {
    if let Some(root) = env {
        return root;
    }
    if let Some(dir) = exe.and_then(Path::parent)
        && let Some(found) = dir
            .ancestors()
            .take(PARENT_LEVELS + 1)
            .find(|d| has_data(d))
    {
        return found.to_path_buf();
    }
    manifest.to_path_buf()
}

/// The `assets/` folder under the data root (Bevy's `AssetPlugin::file_path`).
pub fn assets_dir() -> PathBuf {
    data_root().join("assets")
}

/// The shipped scenarios folder.
pub fn scenarios_dir() -> PathBuf {
    data_root().join("scenarios")
}

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "sandtable")
}

/// The user's data folder: `SANDTABLE_DATA` if set, else the platform's
/// (`~/.local/share/sandtable` on Linux), else `sandtable/` in the temporary folder.
pub fn user_data_dir() -> PathBuf {
    if let Some(v) = std::env::var_os(DATA_ENV_VAR).filter(|v| !v.is_empty()) {
        return PathBuf::from(v);
    }
    project_dirs()
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| std::env::temp_dir().join("sandtable"))
}

/// The settings file: in `SANDTABLE_DATA` if set (one folder holds everything), else in the
/// platform's configuration folder (`~/.config/sandtable/settings.ron` on Linux).
pub fn settings_file() -> PathBuf {
    if std::env::var_os(DATA_ENV_VAR).is_some_and(|v| !v.is_empty()) {
        return user_data_dir().join("settings.ron");
    }
    project_dirs()
        .map(|d| d.config_dir().join("settings.ron"))
        .unwrap_or_else(|| user_data_dir().join("settings.ron"))
}

/// The folder of saved games: `saves/` in the user's data folder.
pub fn saves_dir() -> PathBuf {
    user_data_dir().join("saves")
}

/// The autosave file in a saves folder.
pub fn autosave_in(saves: &Path) -> PathBuf {
    saves.join("autosave.json")
}

/// Write `bytes` to `path` atomically: a temporary file (named with [`TEMP_PREFIX`]) in the
/// same folder, synced to disk, renamed over the target, then the folder synced where the
/// platform allows, so a crash leaves the old file or the new one, never half of one.
/// Temporary files of earlier interrupted writes (ours by prefix, older than an hour) are
/// swept first.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    sweep_stale(dir);
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir);
    Ok(())
}

/// Make a rename in `dir` durable (opening a folder is possible on Unix only).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Remove our temporary files in `dir` that an interrupted write left behind. Only regular
/// files whose name starts with [`TEMP_PREFIX`] and that were last modified over an hour ago
/// are touched (a write in progress in another process is younger).
pub fn sweep_stale(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let now = std::time::SystemTime::now();
    let mut swept = 0;
    for e in entries.flatten() {
        let ours = e
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(TEMP_PREFIX));
        let stale = e.metadata().is_ok_and(|m| {
            m.file_type().is_file()
                && m.modified()
                    .ok()
                    .and_then(|t| now.duration_since(t).ok())
                    .is_some_and(|age| age > STALE_AFTER)
        });
        if ours && stale && std::fs::remove_file(e.path()).is_ok() {
            swept += 1;
        }
    }
    swept
}

/// Move a file that cannot be used aside as `NAME.corrupt-N` (never deleted, never
/// overwritten) and return where it went.
pub fn keep_aside(path: &Path) -> std::io::Result<PathBuf> {
    for n in 1..1000 {
        let aside = path.with_extension(format!("corrupt-{n}"));
        if std::fs::symlink_metadata(&aside).is_err() {
            std::fs::rename(path, &aside)?;
            sync_dir(path.parent().unwrap_or(Path::new(".")));
            return Ok(aside);
        }
    }
    Err(std::io::Error::other("too many corrupt files kept aside"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("sandtable-paths-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("temp dir");
        d
    }

    #[test]
    fn the_environment_variable_wins() {
        let root = resolve_data_root(
            Some("/x".into()),
            Some(Path::new("/a/b/c")),
            Path::new("/m"),
        );
        assert_eq!(root, PathBuf::from("/x"));
    }

    #[test]
    fn the_data_is_found_above_target_release() {
        let tmp = temp("root");
        let exe_dir = tmp.join("target").join("release");
        std::fs::create_dir_all(&exe_dir).expect("dirs");
        std::fs::create_dir_all(tmp.join("scenarios")).expect("dirs");
        let root = resolve_data_root(None, Some(&exe_dir.join("sandtable")), Path::new("/m"));
        assert_eq!(root, tmp);
        let _ = std::fs::remove_dir_all(&tmp);
    }

    #[test]
    fn without_data_near_the_executable_the_source_tree_is_used() {
        let root = resolve_data_root(None, Some(Path::new("/nowhere/bin/x")), Path::new("/m"));
        assert_eq!(root, PathBuf::from("/m"));
    }

    #[test]
    fn an_atomic_write_leaves_no_temporary_file_and_sweeps_only_stale_ones_of_ours() {
        let dir = temp("atomic");
        let stale = dir.join(format!("{TEMP_PREFIX}old"));
        let fresh = dir.join(format!("{TEMP_PREFIX}busy"));
        let other = dir.join(".someone-else.tmp");
        for f in [&stale, &fresh, &other] {
            std::fs::write(f, b"x").expect("write");
        }
        let old = std::time::SystemTime::now() - 2 * STALE_AFTER;
        std::fs::File::options()
            .write(true)
            .open(&stale)
            .and_then(|f| f.set_modified(old))
            .expect("age");
        std::fs::File::options()
            .write(true)
            .open(&other)
            .and_then(|f| f.set_modified(old))
            .expect("age");
        let target = dir.join("autosave.json");
        write_atomic(&target, b"one").expect("write");
        write_atomic(&target, b"two").expect("write");
        assert_eq!(std::fs::read(&target).expect("read"), b"two");
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .expect("dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [".sandtable-tmp-busy", ".someone-else.tmp", "autosave.json"]
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_file_kept_aside_never_overwrites_an_earlier_one() {
        let dir = temp("aside");
        let f = dir.join("settings.ron");
        std::fs::write(&f, b"first").expect("write");
        let a = keep_aside(&f).expect("aside");
        std::fs::write(&f, b"second").expect("write");
        let b = keep_aside(&f).expect("aside");
        assert_ne!(a, b);
        assert_eq!(std::fs::read(&a).expect("kept"), b"first");
        assert_eq!(std::fs::read(&b).expect("kept"), b"second");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
