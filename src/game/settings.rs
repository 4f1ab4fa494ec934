//! Player settings (language, UI scale, palette), applied live and saved as RON.

use bevy::prelude::*;
use bevy::window::{PrimaryWindow, WindowResized};
use serde::{Deserialize, Serialize};
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
    // Present with a window; registered here too so headless apps can run the same systems.
    app.add_message::<WindowResized>();
    app.add_systems(
        Update,
        (
            apply_ui_scale
                .run_if(resource_changed::<Settings>.or_eager(on_message::<WindowResized>)),
            persist_settings.run_if(resource_changed::<Settings>),
        )
            .in_set(SettingsSystems),
    );
}

/// The settings systems (applying the UI scale, saving); screens showing settings run after.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct SettingsSystems;

/// The smallest window, in logical pixels at scale 1, that every screen is laid out for.
/// The UI scale is capped so that the scaled layout still fits the window.
pub const LAYOUT_MIN_WIDTH: f32 = 960.0;
pub const LAYOUT_MIN_HEIGHT: f32 = 600.0;

/// The largest UI scale at which a `width`×`height` (logical pixels) window still holds the
/// layout, on the scale steps, never below [`UI_SCALE_MIN`].
pub fn max_ui_scale_for(width: f32, height: f32) -> f32 {
    let fit = (width / LAYOUT_MIN_WIDTH).min(height / LAYOUT_MIN_HEIGHT);
    let steps = ((fit - UI_SCALE_MIN) / UI_SCALE_STEP).floor().max(0.0);
    (UI_SCALE_MIN + steps * UI_SCALE_STEP).min(UI_SCALE_MAX)
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
    #[error("settings file {path} is not valid RON ({source})")]
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
    use crate::fsread::{Origin, ReadError, read_text};
    let text = match read_text(file, MAX_SETTINGS_BYTES, Origin::Named) {
        Ok(t) => t,
        Err(ReadError::NotFound) => return Ok(None),
        Err(ReadError::Io(source)) => {
            return Err(SettingsError::Read {
                path: file.display().to_string(),
                source,
            });
        }
        Err(e) => {
            return Err(SettingsError::Read {
                path: file.display().to_string(),
                source: std::io::Error::other(e.to_string()),
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

/// Largest settings file read, in bytes (a real one is about 100).
pub const MAX_SETTINGS_BYTES: u64 = 64 * 1024;

/// Read settings, falling back to the defaults (with a logged warning) when the file is
/// unreadable or corrupt: a bad settings file must never stop the game. A corrupt file is
/// moved aside as `settings.corrupt-N` (never deleted), so the next change of a setting
/// does not overwrite what the player may want back.
pub fn load_or_default(file: &Path) -> Settings {
    match load(file) {
        Ok(Some(s)) => s,
        Ok(None) => Settings::default(),
        Err(e @ SettingsError::Parse { .. }) => {
            match crate::paths::keep_aside(file) {
                Ok(aside) => warn!("{e}; kept as {}; using default settings", aside.display()),
                Err(err) => warn!("{e}; could not keep it aside ({err}); using default settings"),
            }
            Settings::default()
        }
        Err(e) => {
            warn!("{e}; using default settings");
            Settings::default()
        }
    }
}

/// Write settings atomically (`crate::paths::write_atomic`), so a crash mid-write leaves
/// the old file or the new one.
pub fn save(file: &Path, settings: &Settings) -> Result<(), SettingsError> {
    let err = |source| SettingsError::Write {
        path: file.display().to_string(),
        source,
    };
    let mut text = ron::ser::to_string_pretty(settings, ron::ser::PrettyConfig::default())
        .map_err(|e| err(std::io::Error::other(e)))?;
    text.push('\n');
    crate::paths::write_atomic(file, text.as_bytes()).map_err(err)
}

/// The settings as last written, so a change back and forth in one frame writes nothing.
#[derive(Resource)]
struct LastSaved(Settings);

/// Apply the chosen scale, capped to what the window holds (no cap without a window).
fn apply_ui_scale(
    settings: Res<Settings>,
    window: Query<&Window, With<PrimaryWindow>>,
    mut scale: ResMut<UiScale>,
) {
    let cap = window
        .single()
        .map(|w| max_ui_scale_for(w.width(), w.height()))
        .unwrap_or(UI_SCALE_MAX);
    let effective = settings.ui_scale.min(cap);
    if scale.0 != effective {
        scale.0 = effective;
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
    fn a_corrupt_file_is_reported_and_kept_aside() {
        let dir = temp_dir("settings-bad");
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("settings.ron");
        std::fs::write(&file, "(lang: Klingon, ui_scale: \"big\"").unwrap();
        assert!(matches!(load(&file), Err(SettingsError::Parse { .. })));
        assert_eq!(load_or_default(&file), Settings::default());
        // Kept aside, not overwritten by the next change.
        let aside = dir.join("settings.corrupt-1");
        assert_eq!(
            std::fs::read_to_string(&aside).unwrap(),
            "(lang: Klingon, ui_scale: \"big\""
        );
        save(&file, &Settings::default()).unwrap();
        assert!(aside.exists());
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

    #[test]
    fn the_ui_scale_is_capped_to_what_the_window_holds() {
        assert_eq!(max_ui_scale_for(1280.0, 720.0), 1.0);
        assert_eq!(max_ui_scale_for(1920.0, 1080.0), 1.75);
        assert_eq!(max_ui_scale_for(3840.0, 2160.0), UI_SCALE_MAX);
        assert_eq!(max_ui_scale_for(640.0, 400.0), UI_SCALE_MIN);
    }
}
