//! An empty Bevy app with the same features and window as the game: the baseline for
//! startup time and memory in docs/benchmarks.md (`sandtable --empty-app N`). Being part
//! of the game's binary, it is measured in the same build profile as the game.

use bevy::prelude::*;
use std::time::Instant;

/// Open the window with a 2D camera and nothing else, run `frames` frames and return how
/// long the first ones took from the start of the process's app set-up.
pub fn empty_app(frames: u32) -> Result<String, String> {
    if frames == 0 {
        return Err("the number of frames must be at least 1".into());
    }
    let start = Instant::now();
    let done: std::sync::Arc<std::sync::Mutex<Option<f64>>> = Default::default();
    let seen = done.clone();
    App::new()
        .add_plugins(DefaultPlugins.set(WindowPlugin {
            primary_window: Some(Window {
                resolution: bevy::window::WindowResolution::new(1280, 720),
                ..default()
            }),
            ..default()
        }))
        .add_systems(Startup, |mut commands: Commands| {
            commands.spawn(Camera2d);
        })
        .add_systems(
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
        )
        .run();
    let ms = done
        .lock()
        .map_err(|_| "the empty app's state was poisoned".to_string())?
        .ok_or("the window closed before the frames were run")?;
    Ok(format!(
        "empty Bevy app: first {frames} frames after {ms:.0} ms"
    ))
}
