//! An empty Bevy app with the same features and window as the game, drawing one line of
//! text in the game's font: the baseline for startup time and memory in
//! docs/benchmarks.md (`sandtable --empty-app N`, `sandtable --bench-startup empty`). Being
//! part of the game's binary, it is measured in the same build profile as the game.

use bevy::prelude::*;
use std::time::Instant;

use crate::game::theme::{FONT_FAMILY, FONT_PATH, UiFont};

/// The one line the empty app shows.
pub const LINE: &str = "大客户销售沙盘 · Sandtable";

/// The empty app: a window of the game's size, a 2D camera and [`LINE`] in the game's font
/// (loaded through the asset server from the game's assets folder, as the game loads it).
pub fn empty_app_plugins(app: &mut App) {
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    resolution: bevy::window::WindowResolution::new(1280, 720),
                    ..default()
                }),
                ..default()
            })
            .set(AssetPlugin {
                file_path: crate::paths::assets_dir().to_string_lossy().into_owned(),
                ..default()
            }),
    );
    app.add_systems(
        Startup,
        |mut commands: Commands, server: Res<AssetServer>| {
            commands.insert_resource(UiFont(server.load(FONT_PATH)));
            commands.spawn(Camera2d);
            commands.spawn((
                Text::new(LINE),
                TextFont {
                    font: FONT_FAMILY.into(),
                    font_size: FontSize::Px(56.0),
                    ..default()
                },
            ));
        },
    );
}

/// Open the empty app, run `frames` frames and return how long the first ones took from
/// the start of the process's app set-up.
pub fn empty_app(frames: u32) -> Result<String, String> {
    if frames == 0 {
        return Err("the number of frames must be at least 1".into());
    }
    let start = Instant::now();
    let done: std::sync::Arc<std::sync::Mutex<Option<f64>>> = Default::default();
    let seen = done.clone();
    let mut app = App::new();
    empty_app_plugins(&mut app);
    app.add_systems(
        Update,
        move |mut n: Local<u32>, mut exit: MessageWriter<AppExit>| {
            *n += 1;
            if *n == frames {
                if let Ok(mut d) = seen.lock() {
                    *d = Some(start.elapsed().as_secs_f64() * 1000.0);
                }
                exit.write(AppExit::Success);
            }
        },
    );
    app.run();
    let ms = done
        .lock()
        .map_err(|_| "the empty app's state was poisoned".to_string())?
        .ok_or("the window closed before the frames were run")?;
    Ok(format!(
        "empty Bevy app: first {frames} frames after {ms:.0} ms"
    ))
}
