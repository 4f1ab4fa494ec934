//! The game window (Bevy): screens, theme, settings; the screenshot, frame-time bench and
//! empty-app modes under `dev/`.
//!
//! [`run`] opens the window; [`screenshot`] renders one screen to a PNG and exits;
//! [`bench_frames`] measures frame times. All three build the same [`AppPlugin`].

pub mod dev;
mod pacing;
pub mod paths;
pub(crate) mod retained;
pub mod screens;
pub mod session;
pub mod settings;
pub mod theme;

#[cfg(test)]
mod tests;

use bevy::input_focus::tab_navigation::TabNavigationPlugin;
use bevy::prelude::*;
use bevy::window::{PresentMode, WindowResolution};

pub use dev::bench::bench_frames;
pub use dev::screenshot::screenshot;
pub use paths::{GamePaths, data_root};
pub use screens::Screen;
pub use settings::{PaletteKind, Settings};

use crate::i18n::Lang;

/// A room to join as the window opens (`sandtable --join URL --team NAME`).
#[cfg(feature = "room")]
pub type JoinAtStart = Option<crate::room::link::JoinRequest>;
#[cfg(not(feature = "room"))]
pub type JoinAtStart = Option<std::convert::Infallible>;

/// Open the game window and play until the player quits. `lang` overrides the saved
/// language for this run only. With `join`, the window opens on the Join screen with the
/// address and the team name filled, and joins at once.
pub fn run(lang: Option<Lang>, join: JoinAtStart) -> Result<(), String> {
    let paths = GamePaths::from_platform();
    let mut settings = match &paths.settings_file {
        Some(file) => settings::load_or_default(file),
        None => Settings::default(),
    };
    if let Some(lang) = lang {
        settings.lang = lang;
    }
    let mut app = App::new();
    #[cfg(feature = "room")]
    let start = match &join {
        Some(req) => {
            app.insert_resource(screens::room::JoinState::from_request(req));
            Screen::Join
        }
        None => Screen::Title,
    };
    #[cfg(not(feature = "room"))]
    let start = {
        let _ = join;
        Screen::Title
    };
    if start == Screen::Title {
        session::load_catalog_in_background(&mut app);
    }
    app.add_plugins(AppPlugin {
        window: WindowSetup::default(),
        paths,
        settings,
        start,
    });
    app.add_plugins(pacing::plugin);
    match app.run() {
        AppExit::Success => Ok(()),
        AppExit::Error(code) => Err(format!("the game stopped with error code {code}")),
    }
}

/// How the window is opened.
#[derive(Debug, Clone)]
pub struct WindowSetup {
    pub width: u32,
    pub height: u32,
    /// Fix the scale factor (1.0 for screenshots of an exact size); `None` follows the OS.
    pub scale_factor: Option<f32>,
    pub present_mode: PresentMode,
}

impl Default for WindowSetup {
    fn default() -> Self {
        Self {
            width: 1280,
            height: 720,
            scale_factor: None,
            present_mode: PresentMode::AutoVsync,
        }
    }
}

/// The whole game as one plugin: Bevy's default plugins with a window and the assets
/// folder from [`data_root`], then [`plugin`].
pub struct AppPlugin {
    pub window: WindowSetup,
    pub paths: GamePaths,
    pub settings: Settings,
    pub start: Screen,
}

impl Plugin for AppPlugin {
    fn build(&self, app: &mut App) {
        let mut resolution = WindowResolution::new(self.window.width, self.window.height);
        if let Some(f) = self.window.scale_factor {
            resolution = resolution.with_scale_factor_override(f);
        }
        app.add_plugins(
            DefaultPlugins
                .set(WindowPlugin {
                    primary_window: Some(Window {
                        title: "大客户销售沙盘 · Sandtable".into(),
                        resolution,
                        present_mode: self.window.present_mode,
                        ..default()
                    }),
                    ..default()
                })
                .set(AssetPlugin {
                    file_path: crate::paths::assets_dir().to_string_lossy().into_owned(),
                    ..default()
                }),
        );
        app.add_plugins(TabNavigationPlugin);
        app.insert_resource(ClearColor(theme::palette::STANDARD.background));
        app.add_plugins(retained::plugin);
        app.insert_resource(self.paths.clone());
        app.insert_resource(self.settings.clone());
        app.insert_state(self.start);
        app.add_plugins(plugin);
    }
}

/// The game's own features, without window or renderer: what the headless tests build on
/// top of `MinimalPlugins` + `StatesPlugin`. Insert [`GamePaths`] and [`Settings`] first
/// to choose them; otherwise the platform's folders and the saved settings are used.
pub fn plugin(app: &mut App) {
    app.add_plugins((
        settings::plugin,
        theme::plugin,
        session::plugin,
        screens::plugin,
    ));
}
