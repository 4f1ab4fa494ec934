//! The player's files as a Bevy resource. Where they are is decided by `crate::paths`,
//! the one paths module the game and the command line share (`SANDTABLE_DATA`,
//! `SANDTABLE_HOME` and `BEVY_ASSET_ROOT` are honoured by both).

use bevy::prelude::*;
use std::path::{Path, PathBuf};

pub use crate::paths::{assets_dir, data_root};

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
    /// The user's folders as `crate::paths` finds them (the same as the command line's):
    /// `SANDTABLE_DATA` if set, else the platform's (`~/.config/sandtable/settings.ron` and
    /// `~/.local/share/sandtable/saves/` on Linux).
    pub fn from_platform() -> Self {
        Self {
            settings_file: Some(crate::paths::settings_file()),
            save_dir: Some(crate::paths::saves_dir()),
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
    fn the_game_uses_the_command_lines_folders() {
        let p = GamePaths::from_platform();
        assert_eq!(p.save_dir, Some(crate::paths::saves_dir()));
        assert_eq!(
            p.save_dir.map(|d| crate::paths::autosave_in(&d)),
            Some(crate::save::autosave_path())
        );
        assert_eq!(p.settings_file, Some(crate::paths::settings_file()));
    }
}
