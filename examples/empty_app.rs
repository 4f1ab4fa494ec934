//! An empty Bevy app with the same features and window as the game: the baseline for
//! startup time and memory in docs/benchmarks.md. Exits after `FRAMES` frames (default 10).

#[cfg(feature = "gui")]
fn main() {
    use bevy::prelude::*;
    let frames: u32 = std::env::var("FRAMES")
        .ok()
        .and_then(|f| f.parse().ok())
        .unwrap_or(10);
    let start = std::time::Instant::now();
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
                    println!(
                        "first {frames} frames after {:.0} ms",
                        start.elapsed().as_secs_f64() * 1000.0
                    );
                    exit.write(AppExit::Success);
                }
            },
        )
        .run();
}

#[cfg(not(feature = "gui"))]
fn main() {
    eprintln!("empty_app needs the gui feature");
}
