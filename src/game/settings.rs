//! Player settings (language, UI scale, palette), applied live and saved as RON.

use bevy::prelude::*;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::Path;

use crate::game::paths::GamePaths;
use crate::i18n::Lang;

pub(super) fn plugin(app: &mut App) {
    if !app.world().contains_resource::<GamePaths>() {
        app.insert_resource(GamePaths::from_platform());
    }
    if !app.world().contains_resource::<Settings>() {
        let paths = app.world().resource::<GamePaths>();
        let settings = match &paths.settings_file {
            Some(file) => load_or_default(file),
            None => Settings::default(),
        };
        app.insert_resource(settings);
    }
    let saved = app.world().resource::<Settings>().clone();
    app.insert_resource(LastSaved(saved));
    app.init_resource::<UiScale>();
    app.add_systems(
        Update,
        (apply_ui_scale, persist_settings).run_if(resource_changed::<Settings>),
    );
}

/// The smallest and largest UI scale offered, and the step between choices.
pub const UI_SCALE_MIN: f32 = 0.75;
pub const UI_SCALE_MAX: f32 = 2.0;
pub const UI_SCALE_STEP: f32 = 0.25;

/// Which set of colours the theme uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum PaletteKind {
    /// Slate and teal, with green / amber / red for good / risk / bad.
    #[default]
    Standard,
    /// The Okabe–Ito colours, distinguishable with the common colour-vision deficiencies.
    ColourBlindSafe,
}

/// What the player chose in the Settings screen; saved whenever it changes.
#[derive(Resource, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub lang: Lang,
    pub ui_scale: f32,
    pub palette: PaletteKind,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            lang: Lang::from_system(),
            ui_scale: 1.0,
            palette: PaletteKind::Standard,
        }
    }
}

impl Settings {
    /// The same settings with every value inside its allowed range.
    pub fn sanitised(mut self) -> Self {
        self.ui_scale = if self.ui_scale.is_finite() {
            let steps = ((self.ui_scale - UI_SCALE_MIN) / UI_SCALE_STEP).round();
            (UI_SCALE_MIN + steps * UI_SCALE_STEP).clamp(UI_SCALE_MIN, UI_SCALE_MAX)
        } else {
            1.0
        };
        self
    }

    /// One UI scale step up (`+1`) or down (`-1`), kept in range.
    pub fn step_ui_scale(&mut self, direction: i32) {
        let next = self.ui_scale + direction as f32 * UI_SCALE_STEP;
        self.ui_scale = Settings {
            ui_scale: next,
            ..self.clone()
        }
        .sanitised()
        .ui_scale;
    }
}

/// Why a settings file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("cannot read settings file {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("settings file {path} is not valid RON ({source}); delete it or fix it by hand")]
    Parse {
        path: String,
        source: Box<ron::error::SpannedError>,
    },
    #[error("cannot write settings file {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

/// Read settings from `file`: `Ok(None)` when there is no file yet.
pub fn load(file: &Path) -> Result<Option<Settings>, SettingsError> {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(SettingsError::Read {
                path: file.display().to_string(),
                source,
            });
        }
    };
    ron::from_str::<Settings>(&text)
        .map(|s| Some(s.sanitised()))
        .map_err(|source| SettingsError::Parse {
            path: file.display().to_string(),
            source: Box::new(source),
        })
}

/// Read settings, falling back to the defaults (with a logged warning) when the file is
/// unreadable or corrupt: a bad settings file must never stop the game.
pub fn load_or_default(file: &Path) -> Settings {
    match load(file) {
        Ok(Some(s)) => s,
        Ok(None) => Settings::default(),
        Err(e) => {
            warn!("{e}; using default settings");
            Settings::default()
        }
    }
}

/// Write settings atomically: a temporary file in the same folder, flushed to disk, then
/// renamed over the old one, so a crash mid-write leaves the old file or the new one.
pub fn save(file: &Path, settings: &Settings) -> Result<(), SettingsError> {
    let err = |source| SettingsError::Write {
        path: file.display().to_string(),
        source,
    };
    let dir = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(err)?;
    let text = ron::ser::to_string_pretty(settings, ron::ser::PrettyConfig::default())
        .map_err(|e| err(std::io::Error::other(e)))?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        file.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("settings"),
        std::process::id()
    ));
    let write = || -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.write_all(b"\n")?;
        f.sync_all()?;
        std::fs::rename(&tmp, file)?;
        // Make the rename itself durable where the platform allows opening a folder.
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        err(e)
    })
}

/// The settings as last written, so a change back and forth in one frame writes nothing.
#[derive(Resource)]
struct LastSaved(Settings);

fn apply_ui_scale(settings: Res<Settings>, mut scale: ResMut<UiScale>) {
    if scale.0 != settings.ui_scale {
        scale.0 = settings.ui_scale;
    }
}

fn persist_settings(settings: Res<Settings>, paths: Res<GamePaths>, mut last: ResMut<LastSaved>) {
    if last.0 == *settings {
        return;
    }
    last.0 = settings.clone();
    if let Some(file) = &paths.settings_file {
        match save(file, &settings) {
            Ok(()) => debug!("settings saved to {}", file.display()),
            Err(e) => error!("{e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(tag: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("sandtable-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    #[test]
    fn save_then_load_round_trips() {
        let dir = temp_dir("settings-rt");
        let file = dir.join("nested").join("settings.ron");
        let s = Settings {
            lang: Lang::En,
            ui_scale: 1.25,
            palette: PaletteKind::ColourBlindSafe,
        };
        save(&file, &s).unwrap();
        assert_eq!(load(&file).unwrap(), Some(s));
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(file.parent().unwrap()).unwrap().collect();
        assert_eq!(names.len(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_corrupt_file_is_reported_and_ignored() {
        let dir = temp_dir("settings-bad");
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("settings.ron");
        std::fs::write(&file, "(lang: Klingon, ui_scale: \"big\"").unwrap();
        assert!(matches!(load(&file), Err(SettingsError::Parse { .. })));
        assert_eq!(load_or_default(&file), Settings::default());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn missing_fields_take_defaults_and_scale_is_clamped() {
        let s: Settings = ron::from_str("(ui_scale: 9.0)").unwrap();
        assert_eq!(s.sanitised().ui_scale, UI_SCALE_MAX);
        let mut s = Settings {
            ui_scale: UI_SCALE_MIN,
            ..Settings::default()
        };
        s.step_ui_scale(-1);
        assert_eq!(s.ui_scale, UI_SCALE_MIN);
        s.step_ui_scale(1);
        assert_eq!(s.ui_scale, 1.0);
    }
}
