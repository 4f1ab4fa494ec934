//! Frame-time bench: N frames of the main board of the largest scenario (mid-game), then
//! N frames of the same board with its UI drawn again every frame (the cost of a frame
//! in which the screen changes), then N frames of an empty UI (the board's root node alone,
//! so the same window, cameras and background), same run.

use bevy::prelude::*;
use bevy::window::PresentMode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::game::retained::RetainedUi;
use crate::game::theme::UiFont;
use crate::game::{AppPlugin, GamePaths, Screen, Settings, WindowSetup};

/// Frames run before measuring each phase (pipeline warm-up, glyph atlas).
const WARMUP_FRAMES: u32 = 30;

/// The scenario whose board is measured: the largest one (most people on the map).
pub const BENCH_SCENARIO: &str = "expert_reshuffle";
/// The week the bench's game is advanced to (by replaying the expert bot's actions).
pub const BENCH_WEEK: u32 = 8;

/// Run `n` frames of the board of [`BENCH_SCENARIO`] at [`BENCH_WEEK`], `n` frames of it
/// redrawn every frame and `n` frames of an empty Bevy UI scene with vsync off; return a
/// report with the median and p95 frame time, the number of UI nodes and of frames in which
/// the UI was drawn of each, and a last line `ratio: X` (screen median / empty median).
///
/// The empty scene keeps the board's root node (same size and background) and despawns
/// everything in it: despawning the root too would let the board screen, still the current
/// state, build itself again.
pub fn bench_frames(n: u32) -> Result<String, String> {
    if n == 0 {
        return Err("the number of frames must be at least 1".into());
    }
    let shared: Arc<Mutex<Samples>> = Arc::default();
    let mut app = App::new();
    app.add_plugins(AppPlugin {
        window: WindowSetup {
            scale_factor: Some(1.0),
            present_mode: PresentMode::AutoNoVsync,
            ..WindowSetup::default()
        },
        paths: GamePaths::default(),
        settings: Settings::default(),
        start: Screen::Board,
    });
    let catalog = crate::game::session::Catalog::default();
    let scn = catalog
        .find(BENCH_SCENARIO)
        .ok_or_else(|| format!("the scenario '{BENCH_SCENARIO}' is not installed"))?;
    app.insert_resource(crate::game::screens::play::expert_session(
        scn, 7, BENCH_WEEK,
    ));
    app.insert_resource(catalog);
    app.insert_resource(Bench {
        n,
        phase: Phase::WarmScreen(0),
        last: None,
        samples: Samples::default(),
        shared: shared.clone(),
    });
    // Measure every frame as fast as it renders: by default Bevy paces an unfocused window
    // (as under Xvfb without a window manager) at 60 Hz, which hid the empty scene's cost
    // behind a 16.7 ms floor.
    app.insert_resource(bevy::winit::WinitSettings {
        focused_mode: bevy::winit::UpdateMode::Continuous,
        unfocused_mode: bevy::winit::UpdateMode::Continuous,
    });
    app.add_systems(First, measure_frame);
    app.run();
    let samples = shared
        .lock()
        .map_err(|_| "bench state poisoned".to_string())?
        .clone();
    let phases = [&samples.screen, &samples.redrawn, &samples.empty];
    if phases.iter().any(|p| p.times.len() < n as usize) {
        return Err("the window closed before the bench finished".into());
    }
    let line = |name: &str, m: &Measured| {
        let (median, p95) = stats(&m.times);
        let [nodes, texts] = m.nodes;
        format!(
            "{name}: median {:.3} ms, p95 {:.3} ms ({nodes} UI nodes, {texts} texts; UI drawn in {} of {} frames)",
            ms(median),
            ms(p95),
            m.drawn,
            m.times.len()
        )
    };
    let ratio = stats(&samples.screen.times).0.as_secs_f64()
        / stats(&samples.empty.times).0.as_secs_f64().max(1e-9);
    Ok(format!(
        "frames: {n} per phase\n{}\n{}\n{}\nratio: {ratio:.2}",
        line(
            &format!("screen board ({BENCH_SCENARIO}, week {BENCH_WEEK})"),
            &samples.screen
        ),
        line(
            "same board, drawn again every frame (a frame that changes the screen)",
            &samples.redrawn
        ),
        line("empty ui", &samples.empty),
    ))
}

/// UI nodes and, of them, texts.
fn count(ui: &Query<Has<Text>, With<Node>>) -> [usize; 2] {
    [ui.iter().len(), ui.iter().filter(|t| *t).count()]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Median and 95th percentile (nearest rank).
fn stats(samples: &[Duration]) -> (Duration, Duration) {
    let mut s = samples.to_vec();
    s.sort();
    let at = |q: f64| s[((q * s.len() as f64).ceil() as usize).clamp(1, s.len()) - 1];
    (at(0.5), at(0.95))
}

/// One phase's frame times, what was on screen and in how many frames the UI was drawn.
#[derive(Default, Clone)]
struct Measured {
    times: Vec<Duration>,
    /// UI nodes and text entities on screen.
    nodes: [usize; 2],
    drawn: usize,
}

impl Measured {
    /// Record one frame; true when the phase has its `n` frames.
    fn record(&mut self, dt: Option<Duration>, nodes: [usize; 2], drawn: bool, n: usize) -> bool {
        self.times.extend(dt);
        self.nodes = nodes;
        self.drawn += usize::from(drawn && dt.is_some());
        self.times.len() >= n
    }
}

#[derive(Default, Clone)]
struct Samples {
    screen: Measured,
    redrawn: Measured,
    empty: Measured,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Phase {
    WarmScreen(u32),
    Screen,
    Redrawn,
    WarmEmpty(u32),
    Empty,
    Done,
}

#[derive(Resource)]
struct Bench {
    n: u32,
    phase: Phase,
    last: Option<Instant>,
    samples: Samples,
    shared: Arc<Mutex<Samples>>,
}

#[allow(clippy::too_many_arguments)]
fn measure_frame(
    mut commands: Commands,
    mut bench: ResMut<Bench>,
    font: Option<Res<UiFont>>,
    server: Res<AssetServer>,
    roots: Query<Entity, (With<Node>, Without<ChildOf>)>,
    ui: Query<Has<Text>, With<Node>>,
    mut retained: ResMut<RetainedUi>,
    mut exit: MessageWriter<AppExit>,
) {
    let now = Instant::now();
    let dt = bench.last.map(|l| now - l);
    bench.last = Some(now);
    // Whether the frame just timed drew the UI (decided at the end of that frame).
    let drawn = retained.drawn;
    let n = bench.n as usize;
    let bench = &mut *bench;
    let samples = &mut bench.samples;
    bench.phase = match bench.phase {
        Phase::WarmScreen(k) => {
            let loaded = font
                .as_ref()
                .is_some_and(|f| server.is_loaded_with_dependencies(&f.0));
            if loaded && k >= WARMUP_FRAMES {
                Phase::Screen
            } else {
                Phase::WarmScreen(if loaded { k + 1 } else { k })
            }
        }
        Phase::Screen => {
            if samples.screen.record(dt, count(&ui), drawn, n) {
                retained.every_frame = true;
                Phase::Redrawn
            } else {
                Phase::Screen
            }
        }
        Phase::Redrawn => {
            if samples.redrawn.record(dt, count(&ui), drawn, n) {
                retained.every_frame = false;
                for e in &roots {
                    commands.entity(e).despawn_related::<Children>();
                }
                Phase::WarmEmpty(0)
            } else {
                Phase::Redrawn
            }
        }
        Phase::WarmEmpty(k) if k >= WARMUP_FRAMES => Phase::Empty,
        Phase::WarmEmpty(k) => Phase::WarmEmpty(k + 1),
        Phase::Empty => {
            if samples.empty.record(dt, count(&ui), drawn, n) {
                if let Ok(mut shared) = bench.shared.lock() {
                    *shared = samples.clone();
                }
                exit.write(AppExit::Success);
                Phase::Done
            } else {
                Phase::Empty
            }
        }
        Phase::Done => Phase::Done,
    };
}
