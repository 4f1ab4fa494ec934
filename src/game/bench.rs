//! Frame-time bench: N frames of the main board of the largest scenario (mid-game), then N
//! frames of an empty UI (the board's root node alone, so the same window, camera and
//! background), same run.

use bevy::prelude::*;
use bevy::window::PresentMode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::game::theme::UiFont;
use crate::game::{AppPlugin, GamePaths, Screen, Settings, WindowSetup};

/// Frames run before measuring each phase (pipeline warm-up, glyph atlas).
const WARMUP_FRAMES: u32 = 30;

/// The scenario whose board is measured: the largest one (most people on the map).
pub const BENCH_SCENARIO: &str = "expert_reshuffle";
/// The week the bench's game is advanced to (by replaying the expert bot's actions).
pub const BENCH_WEEK: u32 = 8;

/// Run `n` frames of the board of [`BENCH_SCENARIO`] at [`BENCH_WEEK`] and `n` frames of an
/// empty Bevy UI scene with vsync off; return a report with the median and p95 frame time
/// and the number of UI nodes of each, and a last line `ratio: X` (screen median / empty
/// median).
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
    if samples.screen.len() < n as usize || samples.empty.len() < n as usize {
        return Err("the window closed before the bench finished".into());
    }
    let (sm, sp) = stats(&samples.screen);
    let (em, ep) = stats(&samples.empty);
    let ratio = sm.as_secs_f64() / em.as_secs_f64().max(1e-9);
    let ([sn, st], [en, et]) = (samples.screen_nodes, samples.empty_nodes);
    Ok(format!(
        "frames: {n} per phase\nscreen board ({BENCH_SCENARIO}, week {BENCH_WEEK}): median {:.3} ms, p95 {:.3} ms ({sn} UI nodes, {st} texts)\nempty ui: median {:.3} ms, p95 {:.3} ms ({en} UI nodes, {et} texts)\nratio: {ratio:.2}",
        ms(sm),
        ms(sp),
        ms(em),
        ms(ep)
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

#[derive(Default, Clone)]
struct Samples {
    screen: Vec<Duration>,
    empty: Vec<Duration>,
    /// UI nodes and text entities on screen while each phase was measured.
    screen_nodes: [usize; 2],
    empty_nodes: [usize; 2],
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Phase {
    WarmScreen(u32),
    Screen,
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

fn measure_frame(
    mut commands: Commands,
    mut bench: ResMut<Bench>,
    font: Option<Res<UiFont>>,
    server: Res<AssetServer>,
    roots: Query<Entity, (With<Node>, Without<ChildOf>)>,
    ui: Query<Has<Text>, With<Node>>,
    mut exit: MessageWriter<AppExit>,
) {
    let now = Instant::now();
    let dt = bench.last.map(|l| now - l);
    bench.last = Some(now);
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
            samples.screen.extend(dt);
            samples.screen_nodes = count(&ui);
            if samples.screen.len() >= n {
                for e in &roots {
                    commands.entity(e).despawn_related::<Children>();
                }
                Phase::WarmEmpty(0)
            } else {
                Phase::Screen
            }
        }
        Phase::WarmEmpty(k) if k >= WARMUP_FRAMES => Phase::Empty,
        Phase::WarmEmpty(k) => Phase::WarmEmpty(k + 1),
        Phase::Empty => {
            samples.empty.extend(dt);
            samples.empty_nodes = count(&ui);
            if samples.empty.len() >= n {
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
