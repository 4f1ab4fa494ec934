//! Where the game finds its data (`assets/`, later `scenarios/`) and keeps the player's files.

use bevy::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Environment variables that name the data root, checked in this order.
pub const ROOT_ENV_VARS: [&str; 2] = ["BEVY_ASSET_ROOT", "SANDTABLE_HOME"];

/// How many folders above the executable's own folder are searched for `assets/`
/// (three covers `target/release/` and `target/x86_64-…/release/`).
const PARENT_LEVELS: usize = 3;

/// The folder that holds `assets/` (and `scenarios/`), resolved once per process.
///
/// In order: the `BEVY_ASSET_ROOT` or `SANDTABLE_HOME` environment variable; the folder of
/// the executable or one of its parents (up to three levels) that contains `assets/`; the
/// crate folder at compile time. So the game starts the same from `cargo run`, from
/// `target/release/`, or from an unpacked archive.
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

/// The resolution rule behind [`data_root`], with its inputs passed in (for tests).
pub fn resolve_data_root(env: Option<PathBuf>, exe: Option<&Path>, manifest: &Path) -> PathBuf {
    if let Some(root) = env {
        return root;
    }
    if let Some(dir) = exe.and_then(Path::parent)
        && let Some(found) = dir
            .ancestors()
            .take(PARENT_LEVELS + 1)
            .find(|d| d.join("assets").is_dir())
    {
        return found.to_path_buf();
    }
    manifest.to_path_buf()
}

/// The `assets/` folder under the data root, as Bevy's `AssetPlugin::file_path`.
pub fn assets_dir() -> PathBuf {
    data_root().join("assets")
}

/// Where the player's files live. A resource so tests (and the screenshot mode) can point
/// it at a temporary folder, or at nothing.
#[derive(Resource, Debug, Clone, Default)]
pub struct GamePaths {
    /// The settings file (`settings.ron`); `None` keeps settings in memory only.
    pub settings_file: Option<PathBuf>,
    /// The folder of saved games; `None` means there are no saves.
    pub save_dir: Option<PathBuf>,
}

impl GamePaths {
    /// The per-user folders of the platform (`~/.config/sandtable`, `~/.local/share/sandtable`
    /// on Linux); in memory only when the platform has no home folder.
    pub fn from_platform() -> Self {
        match directories::ProjectDirs::from("", "", "sandtable") {
            Some(dirs) => Self::in_dirs(dirs.config_dir(), dirs.data_dir()),
            None => Self::default(),
        }
    }

    /// Settings in `config_dir/settings.ron`, saves in `data_dir/saves/`.
    pub fn in_dirs(config_dir: &Path, data_dir: &Path) -> Self {
        Self {
            settings_file: Some(config_dir.join("settings.ron")),
            save_dir: Some(data_dir.join("saves")),
        }
    }

    /// Whether there is at least one saved game to continue.
    pub fn has_save(&self) -> bool {
        let Some(dir) = &self.save_dir else {
            return false;
        };
        std::fs::read_dir(dir).is_ok_and(|entries| {
            entries.flatten().any(|e| {
                e.path()
                    .extension()
                    .is_some_and(|x| x == "ron" || x == "json")
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_var_wins() {
        let root = resolve_data_root(
            Some("/x".into()),
            Some(Path::new("/a/b/c")),
            Path::new("/m"),
        );
        assert_eq!(root, PathBuf::from("/x"));
    }

    #[test]
    fn finds_assets_above_target_release() {
        let tmp = std::env::temp_dir().join(format!("sandtable-root-{}", std::process::id()));
        let exe_dir = tmp.join("target").join("release");
        std::fs::create_dir_all(&exe_dir).unwrap();
        std::fs::create_dir_all(tmp.join("assets")).unwrap();
        let root = resolve_data_root(None, Some(&exe_dir.join("sandtable")), Path::new("/m"));
        assert_eq!(root, tmp);
        std::fs::remove_dir_all(&tmp).unwrap();
    }

    #[test]
    fn falls_back_to_the_manifest_dir() {
        let root = resolve_data_root(None, Some(Path::new("/nowhere/bin/x")), Path::new("/m"));
        assert_eq!(root, PathBuf::from("/m"));
    }
}
