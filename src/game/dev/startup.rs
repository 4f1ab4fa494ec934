//! Startup bench (`sandtable --bench-startup title|empty`): the time from launch (see
//! [`process_age`]) to the first frame that draws text: the game's
//! title screen, started as the game starts (saved settings, installed scenarios, frame
//! pacing), or the empty app drawing its one line in the same font. Prints when each step
//! was reached and exits two frames after the drawn frame, so that frame is presented.

use bevy::prelude::*;
use bevy::text::TextLayoutInfo;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::game::retained::{DecideRedraw, RetainedUi};
use crate::game::theme::UiFont;
use crate::game::{AppPlugin, GamePaths, Screen, WindowSetup, settings};

/// What is started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Title,
    Empty,
}

impl Target {
    pub fn parse(s: &str) -> Result<Target, String> {
        match s {
            "title" => Ok(Target::Title),
            "empty" => Ok(Target::Empty),
            _ => Err(format!("--bench-startup takes title or empty, not '{s}'")),
        }
    }
}

/// When each step was reached, from launch.
#[derive(Debug, Clone, Default)]
struct Steps {
    app_built: Option<Duration>,
    first_frame: Option<Duration>,
    font_loaded: Option<Duration>,
    drawn: Option<Duration>,
    frames_after: u32,
}

#[derive(Resource, Clone)]
struct Probe {
    launch: Instant,
    steps: Arc<Mutex<Steps>>,
}

/// How long ago the process was launched: from `SANDTABLE_LAUNCH_NS` (the Unix time in
/// nanoseconds just before the launch, set by `scripts/bench-startup.sh`); without it, zero
/// (then the times leave out loading the binary and reaching `main`).
fn process_age() -> Duration {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    std::env::var("SANDTABLE_LAUNCH_NS")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .and_then(|ns| now.checked_sub(Duration::from_nanos(ns)))
        .unwrap_or_default()
}

/// Start `target`, run it to its first drawn text frame and report the steps' times.
pub fn bench_startup(target: Target) -> Result<String, String> {
    let launch = Instant::now() - process_age();
    let steps: Arc<Mutex<Steps>> = Arc::default();
    let probe = Probe {
        launch,
        steps: steps.clone(),
    };
    let mut app = App::new();
    match target {
        Target::Title => {
            // As `game::run` starts: the saved settings, the title, frame pacing.
            let paths = GamePaths::from_platform();
            let settings = match &paths.settings_file {
                Some(file) => settings::load_or_default(file),
                None => crate::game::Settings::default(),
            };
            crate::game::session::load_catalog_in_background(&mut app);
            app.add_plugins(AppPlugin {
                window: WindowSetup {
                    scale_factor: Some(1.0),
                    ..WindowSetup::default()
                },
                paths,
                settings,
                start: Screen::Title,
            });
            app.add_plugins(crate::game::pacing::plugin);
        }
        Target::Empty => {
            super::empty::empty_app_plugins(&mut app);
            app.insert_resource(bevy::winit::WinitSettings::continuous());
        }
    }
    app.insert_resource(probe);
    app.add_systems(Last, watch.after(DecideRedraw));
    if let Ok(mut s) = steps.lock() {
        s.app_built = Some(launch.elapsed());
    }
    app.run();
    let s = steps
        .lock()
        .map_err(|_| "the startup bench's state was poisoned".to_string())?
        .clone();
    let drawn = s
        .drawn
        .ok_or("the window closed before a frame with text was drawn")?;
    let ms = |d: Option<Duration>| d.map_or("—".to_string(), |d| format!("{:.0}", ms(d)));
    Ok(format!(
        "{}: app built {} ms, first frame {} ms, font loaded {} ms, first drawn frame with text {} ms after launch\nfirst drawn frame: {:.0} ms",
        match target {
            Target::Title => "title",
            Target::Empty => "empty app",
        },
        ms(s.app_built),
        ms(s.first_frame),
        ms(s.font_loaded),
        ms(s.drawn),
        self::ms(drawn)
    ))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Note the steps; the first frame that draws the UI with its text laid out (glyphs
/// placed, so the font is there) is the one measured.
fn watch(
    probe: Res<Probe>,
    retained: Option<Res<RetainedUi>>,
    font: Option<Res<UiFont>>,
    server: Res<AssetServer>,
    texts: Query<&TextLayoutInfo, With<Text>>,
    mut exit: MessageWriter<AppExit>,
) {
    let Ok(mut s) = probe.steps.lock() else {
        return;
    };
    let now = probe.launch.elapsed();
    s.first_frame.get_or_insert(now);
    if s.font_loaded.is_none() && font.is_some_and(|f| server.is_loaded_with_dependencies(&f.0)) {
        s.font_loaded = Some(now);
    }
    if s.drawn.is_none() {
        let drawn = retained.is_none_or(|r| r.drawn);
        if drawn && texts.iter().any(|t| !t.glyphs.is_empty()) {
            s.drawn = Some(now);
        }
    } else {
        s.frames_after += 1;
        if s.frames_after == 2 {
            exit.write(AppExit::Success);
        }
    }
}
